//! `/api`: the JSON API's documentation as a readable page, rendered on the server from the
//! OpenAPI document the API serves (`openapi.json`, embedded), so the page and the machine
//! description cannot drift apart and nothing is fetched from elsewhere (no viewer, no CDN,
//! no script). Each operation shows its parameters, its answers and an example: a `curl`
//! command with example values and, where the operation takes or gives JSON, example
//! documents built from the schemas. The document's own texts are English and marked so on
//! a Dutch page.

use std::sync::LazyLock;

use axum::extract::State;
use axum::response::Response;
use maud::{html, Markup};
use serde_json::{json, Map, Value};

use crate::extract::Taal;
use crate::layout::{page, Nav};
use crate::routes::Routes;
use crate::{AppState, Lang, OPENAPI};

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/api", pagina)
}

static DOC: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(OPENAPI).expect("openapi.json is JSON (a test checks it)")
});

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Follows a `$ref` within the document.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/")
            .map(|p| p.split('/').fold(doc, |v, k| &v[k]))
            .unwrap_or(&Value::Null),
        None => v,
    }
}

/// An example value for a schema: its own example, enum or default if it has one, else a
/// value of its type (objects with every property, arrays with one item).
pub(crate) fn voorbeeld(doc: &Value, schema: &Value, depth: usize) -> Value {
    let s = resolve(doc, schema);
    if depth > 6 {
        return Value::Null;
    }
    if let Some(e) = s.get("example").or_else(|| s.get("default")) {
        return e.clone();
    }
    if let Some(e) = s.get("enum").and_then(|e| e.get(0)) {
        return e.clone();
    }
    if let Some(first) = ["oneOf", "anyOf", "allOf"]
        .iter()
        .find_map(|k| s.get(*k).and_then(|v| v.get(0)))
    {
        return voorbeeld(doc, first, depth + 1);
    }
    let ty = match s.get("type") {
        Some(Value::Array(types)) => types.iter().find_map(Value::as_str).unwrap_or("string"),
        Some(Value::String(t)) => t.as_str(),
        _ if s.get("properties").is_some() => "object",
        _ => "",
    };
    match ty {
        "object" => {
            let props = s.get("properties").and_then(Value::as_object);
            Value::Object(
                props
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), voorbeeld(doc, v, depth + 1)))
                    .collect::<Map<_, _>>(),
            )
        }
        "array" => json!([voorbeeld(
            doc,
            s.get("items").unwrap_or(&Value::Null),
            depth + 1
        )]),
        "integer" => s.get("minimum").cloned().unwrap_or(json!(1)),
        "number" => json!(1.5),
        "boolean" => json!(true),
        "string" => match s.get("format").and_then(Value::as_str) {
            Some("date") => json!("2026-12-04"),
            Some("date-time") => json!("2026-12-04T17:20:00Z"),
            Some("uri") => json!("https://example.org/"),
            _ => json!("tekst"),
        },
        "null" => Value::Null,
        _ => json!({}),
    }
}

/// An example value for a path or query parameter: the document's, else one that exists in
/// a new installation (a mission, a project, a round, an innovation of the register).
fn parameter_voorbeeld(path: &str, p: &Value) -> String {
    if let Some(e) = p.get("example") {
        return e.as_str().map_or_else(|| e.to_string(), str::to_owned);
    }
    let name = p["name"].as_str().unwrap_or("");
    let known = match (name, path) {
        ("code", p) if p.starts_with("/missies") => Some("II"),
        ("code", p) if p.starts_with("/kpi") => Some("gezonde_levensverwachting"),
        ("code", p) if p.starts_with("/gebieden") => Some("GG3406"),
        ("id", p) if p.starts_with("/projecten") => Some("vb-thuismonitor-hartfalen"),
        ("id", p) if p.starts_with("/rondes") => Some("002-II"),
        ("id", p) if p.starts_with("/innovaties") || p.starts_with("/route") => Some("cva-portaal"),
        ("id", p) if p.starts_with("/tokens") => Some("3f2a9c1d"),
        ("q", _) => Some("hartfalen"),
        ("missie", _) => Some("II"),
        _ => None,
    };
    if let Some(k) = known {
        return k.to_owned();
    }
    match voorbeeld(&DOC, &p["schema"], 0) {
        Value::String(s) => s,
        v => v.to_string(),
    }
}

/// The example request as a `curl` command.
fn curl(base: &str, method: &str, path: &str, op: &Value, body: Option<&Value>) -> String {
    let params: Vec<&Value> = op["parameters"].as_array().into_iter().flatten().collect();
    let mut url = path.to_owned();
    for p in params.iter().filter(|p| p["in"] == "path") {
        let name = p["name"].as_str().unwrap_or("");
        url = url.replace(&format!("{{{name}}}"), &parameter_voorbeeld(path, p));
    }
    let query: Vec<(String, String)> = params
        .iter()
        .filter(|p| p["in"] == "query" && p["required"] == true)
        .map(|p| {
            (
                p["name"].as_str().unwrap_or("").to_owned(),
                parameter_voorbeeld(path, p),
            )
        })
        .collect();
    if !query.is_empty() {
        url.push('?');
        url.push_str(&serde_urlencoded::to_string(&query).unwrap_or_default());
    }
    let mut cmd = String::from("curl");
    if method != "get" {
        cmd.push_str(&format!(" -X {}", method.to_uppercase()));
    }
    if op
        .get("security")
        .is_some_and(|s| s.as_array().is_some_and(|a| !a.is_empty()))
    {
        cmd.push_str(" \\\n  -H 'Authorization: Bearer JOUW_TOKEN'");
    }
    if let Some(b) = body {
        cmd.push_str(" \\\n  -H 'Content-Type: application/json'");
        let text = serde_json::to_string(b)
            .unwrap_or_default()
            .replace('\'', "'\\''");
        cmd.push_str(&format!(" \\\n  -d '{text}'"));
    }
    format!("{cmd} \\\n  '{base}/api/v1{url}'")
}

/// A description with its `code` spans (the document's Markdown backticks) as `<code>`:
/// field names and values are the API's, not words of either language.
fn tekst(s: &str) -> Markup {
    html! { @for (i, part) in s.split('`').enumerate() {
        @if i % 2 == 1 { code { (part) } } @else { (part) }
    } }
}

/// The JSON schema of a request body or response, when it is JSON.
fn json_schema(v: &Value) -> Option<&Value> {
    resolve(&DOC, v)
        .get("content")?
        .get("application/json")?
        .get("schema")
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// Each operation of the document: (method, path, operation), in the document's order.
pub(crate) fn operaties() -> Vec<(&'static str, &'static str, &'static Value)> {
    let Some(paths) = DOC["paths"].as_object() else {
        return Vec::new();
    };
    paths
        .iter()
        .flat_map(|(path, ops)| {
            METHODS
                .iter()
                .filter_map(move |m| ops.get(*m).map(|op| (*m, path.as_str(), op)))
        })
        .collect()
}

fn anker(method: &str, path: &str, op: &Value) -> String {
    op["operationId"].as_str().map_or_else(
        || {
            format!("{method}{path}")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect()
        },
        str::to_owned,
    )
}

async fn pagina(State(state): State<AppState>, taal: Taal) -> Response {
    let l = taal.lang;
    let en = (l == Lang::Nl).then_some("en");
    let base = state.uitgever.base_url.trim_end_matches('/').to_owned();
    let ops = operaties();
    let title = l.t("API-documentatie", "API documentation");
    let body = html! {
        h1 { (title) }
        p.intro { (l.t(
            "De JSON-API onder /api/v1 geeft dezelfde gegevens als deze site. Lezen mag iedereen; schrijven vraagt een API-token (een beheerder maakt dat op de pagina van de gebruiker) met de rol die de operatie noemt. Hieronder elke operatie met een voorbeeld. De beschrijvingen komen uit het OpenAPI-document en zijn Engels.",
            "The JSON API under /api/v1 gives the same data as this site. Anyone may read; writing needs an API token (an administrator makes one on the user's page) with the role the operation names. Below, every operation with an example.",
        )) }
        p { (l.t("Het machineleesbare document", "The machine-readable document")) ": "
            a href="/api/v1/openapi.json" { code { "/api/v1/openapi.json" } } " (OpenAPI " (DOC["openapi"].as_str().unwrap_or("3")) ")." }
        @if let Some(d) = DOC["info"]["description"].as_str() { p lang=[en] { (tekst(d)) } }
        nav.api-inhoud aria-label=(l.t("Operaties", "Operations")) {
            h2 { (l.t("Operaties", "Operations")) " (" (ops.len()) ")" }
            ul { @for (m, p, op) in &ops {
                li { a href=(format!("#{}", anker(m, p, op))) { code { (m.to_uppercase()) " " (p) } }
                    @if let Some(s) = op["summary"].as_str() { " — " span lang=[en] { (tekst(s)) } } }
            } }
        }
        @for (m, p, op) in &ops { (operatie(&base, m, p, op, l)) }
    };
    page(&taal, title, Nav::Geen, body)
}

fn operatie(base: &str, method: &str, path: &str, op: &Value, l: Lang) -> Markup {
    let en = (l == Lang::Nl).then_some("en");
    let params: Vec<&Value> = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| resolve(&DOC, p))
        .collect();
    let request = op.get("requestBody").and_then(json_schema);
    let request_example = request.map(|s| voorbeeld(&DOC, s, 0));
    let responses: Vec<(&String, &Value)> =
        op["responses"].as_object().into_iter().flatten().collect();
    let success = responses
        .iter()
        .find(|(code, _)| code.starts_with('2'))
        .and_then(|(code, r)| json_schema(r).map(|s| (code, voorbeeld(&DOC, s, 0))));
    let secured = op
        .get("security")
        .is_some_and(|s| s.as_array().is_some_and(|a| !a.is_empty()));
    html! {
        section.api-operatie #(anker(method, path, op)) {
            h2 { code { (method.to_uppercase()) " /api/v1" (path) } }
            @if let Some(s) = op["summary"].as_str() { p { strong lang=[en] { (tekst(s)) } } }
            @if let Some(d) = op["description"].as_str() { p lang=[en] { (tekst(d)) } }
            p.meta { @if secured {
                (l.t("Vraagt een API-token (of een sessie met CSRF-token).", "Needs an API token (or a session with its CSRF token)."))
            } @else {
                (l.t("Open voor iedereen.", "Open to everyone."))
            } }
            @if !params.is_empty() {
                div.scroll { table {
                    caption { (l.t("Parameters", "Parameters")) }
                    thead { tr {
                        th scope="col" { (l.t("Naam", "Name")) }
                        th scope="col" { (l.t("Waar", "In")) }
                        th scope="col" { (l.t("Verplicht", "Required")) }
                        th scope="col" { (l.t("Uitleg", "Description")) }
                    } }
                    tbody { @for p in &params { tr {
                        th scope="row" { code { (p["name"].as_str().unwrap_or("")) } }
                        td { (match (p["in"].as_str(), l) {
                            (Some("path"), Lang::Nl) => "pad", (Some("query"), Lang::Nl) => "query",
                            (Some("header"), Lang::Nl) => "kopregel", (Some(x), _) => x, (None, _) => "" }) }
                        td { (if p["required"] == true { l.t("ja", "yes") } else { l.t("nee", "no") }) }
                        td lang=[en] { (tekst(p["description"].as_str().unwrap_or(""))) }
                    } } }
                } }
            }
            h3 { (l.t("Voorbeeld", "Example")) }
            pre.voorbeeld { code { (curl(base, method, path, op, request_example.as_ref())) } }
            @if let Some((code, v)) = &success {
                details {
                    summary { (l.t("Voorbeeld van het antwoord", "Example of the answer")) " (" (code) ")" }
                    pre { code { (pretty(v)) } }
                }
            }
            h3 { (l.t("Antwoorden", "Answers")) }
            dl.antwoorden { @for (code, r) in &responses {
                dt { code { (code) } }
                dd lang=[en] { (tekst(resolve(&DOC, r)["description"].as_str().unwrap_or(""))) }
            } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_gets_an_example_request() {
        let ops = operaties();
        assert!(ops.len() >= 25, "{}", ops.len());
        for (m, p, op) in ops {
            let body = op
                .get("requestBody")
                .and_then(json_schema)
                .map(|s| voorbeeld(&DOC, s, 0));
            let c = curl("https://gemeten.example", m, p, op, body.as_ref());
            assert!(
                !c.contains('{') || body.is_some(),
                "{m} {p}: a path parameter left: {c}"
            );
            assert!(c.contains("/api/v1/"), "{c}");
        }
    }

    #[test]
    fn examples_follow_the_schemas() {
        let ballot = voorbeeld(&DOC, &json!({"$ref": "#/components/schemas/Ballot"}), 0);
        assert!(ballot.is_object(), "{ballot}");
        let s = json!({"type": "object", "properties": {
            "n": {"type": "integer", "minimum": 3}, "rol": {"enum": ["admin", "publiek"]},
            "op": {"type": "string", "format": "date"}, "l": {"type": "array", "items": {"type": "boolean"}}}});
        assert_eq!(
            voorbeeld(&DOC, &s, 0),
            json!({"n": 3, "rol": "admin", "op": "2026-12-04", "l": [true]})
        );
    }
}
