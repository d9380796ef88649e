//! Editing a project in the browser: the form on `/projecten/{id}` for users who may edit the
//! project, and `POST /projecten/{id}`, which goes through the same use case as
//! `PUT /api/v1/projecten/{id}` ([`gemeten_app::change_project`]).

use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::{html, Markup};
use serde_json::{Map, Value};

use gemeten_app::{may_edit, ProjectPatch, EDITABLE};
use gemeten_domain::{Fase, Id, MissieCode, Probleem, Problemen, Project, ProjectStatus, Register};

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::Taal;
use crate::layout::{page, Nav, PageError};
use crate::routes::Routes;
use crate::{AppState, Lang};

pub(crate) fn pages(r: Routes) -> Routes {
    r.post("/projecten/{id}", opslaan)
}

/// The label of an editable field.
fn label(field: &str, l: Lang) -> &'static str {
    match field {
        "trl" => "TRL (1-9)",
        "sel" => "SEL (1-4)",
        "brl" => "BRL (1-9)",
        "status" => l.t("Status", "Status"),
        "phase_innovation" => l.t("Fase innovatie", "Phase of the innovation"),
        "phase_stakeholders" => l.t("Fase stakeholders", "Phase of the stakeholders"),
        "phase_environment" => l.t("Fase gebruiksomgeving", "Phase of the use environment"),
        "expected_in_practice" => l.t(
            "Verwacht in de praktijk (jaar)",
            "Expected in practice (year)",
        ),
        f if f.starts_with("doelen") => l.t(
            "Doelen waaraan het project bijdraagt",
            "Targets the project contributes to",
        ),
        f if f.starts_with("kies") => l.t(
            "Elementen van het kennis- en innovatie-ecosysteem (KIES) waarmee het project werkt",
            "Elements of the knowledge and innovation ecosystem (KIES) the project works with",
        ),
        _ => "?",
    }
}

/// The form's values: the project's, or what the user sent when it was refused.
type Waarden = Vec<(String, String)>;

fn current(p: &Project) -> Waarden {
    let o = |v: Option<String>| v.unwrap_or_default();
    vec![
        ("trl".into(), o(p.trl.map(|v| v.to_string()))),
        ("sel".into(), o(p.sel.map(|v| v.to_string()))),
        ("brl".into(), o(p.brl.map(|v| v.to_string()))),
        ("status".into(), p.status.code().into()),
        (
            "phase_innovation".into(),
            o(p.phase_innovation.map(|f| f.code().into())),
        ),
        (
            "phase_stakeholders".into(),
            o(p.phase_stakeholders.map(|f| f.code().into())),
        ),
        (
            "phase_environment".into(),
            o(p.phase_environment.map(|f| f.code().into())),
        ),
        (
            "expected_in_practice".into(),
            o(p.expected_in_practice.map(|v| v.to_string())),
        ),
    ]
    .into_iter()
    // The list of targets: an empty value says the form sent the list (none ticked).
    .chain(std::iter::once(("doelen".into(), String::new())))
    .chain(p.doelen.iter().map(|d| ("doelen".into(), d.to_string())))
    .chain(std::iter::once(("kies".into(), String::new())))
    .chain(p.kies.iter().map(|k| ("kies".into(), k.to_string())))
    .collect()
}

fn value<'a>(values: &'a Waarden, field: &str) -> &'a str {
    values
        .iter()
        .rev()
        .find(|(k, _)| k == field)
        .map_or("", |(_, v)| v.as_str())
}

/// The KIES elements a project may link: those the rows of its missions or of the central
/// mission name (see `gemeten_domain::kies_van_missies`), by kind, then id.
fn kies_te_koppelen<'a>(register: &'a Register, p: &Project) -> Vec<&'a gemeten_domain::KiesKnoop> {
    let graaf = register.kies(None, None);
    graaf
        .knopen
        .iter()
        .copied()
        .filter(|k| {
            graaf
                .missies_van(&k.id)
                .iter()
                .any(|m| *m == MissieCode::C || p.missies.contains(m))
        })
        .collect()
}

/// The targets a project may link: those of its missions and of the central mission.
fn te_koppelen<'a>(register: &'a Register, p: &Project) -> Vec<&'a gemeten_domain::Doel> {
    register
        .parts()
        .doel
        .iter()
        .filter(|d| d.missie == MissieCode::C || p.missies.contains(&d.missie))
        .collect()
}

/// The edit form, with the refusal (if any) at the top and on its field.
fn form(
    register: &Register,
    p: &Project,
    csrf: &str,
    values: &Waarden,
    error: Option<&Problemen>,
    l: Lang,
) -> Markup {
    // A patch is refused at its first bad field.
    let error: Option<&Probleem> = error.and_then(|e| e.0.first());
    let invalid = |f: &str| {
        error
            .is_some_and(|e| e.field() == Some(f))
            .then_some("true")
    };
    let described = |f: &str| {
        error
            .filter(|e| e.field() == Some(f))
            .map(|_| "bewerken-fout")
    };
    let level = |field: &'static str, max: u8| {
        html! {
            label for=(field) { (label(field, l)) }
            select #(field) name=(field) aria-invalid=[invalid(field)] aria-describedby=[described(field)] {
                option value="" selected[value(values, field).is_empty()] { (l.t("onbekend", "unknown")) }
                @for n in 1..=max {
                    @let v = n.to_string();
                    option value=(v) selected[value(values, field) == v] { (n) }
                }
            }
        }
    };
    let phase = |field: &'static str| {
        html! {
            label for=(field) { (label(field, l)) }
            select #(field) name=(field) aria-invalid=[invalid(field)] aria-describedby=[described(field)] {
                option value="" selected[value(values, field).is_empty()] { (l.t("onbekend", "unknown")) }
                @for f in Fase::ALL {
                    option value=(f.code()) selected[value(values, field) == f.code()] {
                        (match l { Lang::Nl => f.label_nl(), Lang::En => f.label_en() })
                    }
                }
            }
        }
    };
    html! {
        section aria-labelledby="bewerken" {
            h2 #bewerken { (l.t("Bewerken", "Edit")) }
            @if let Some(e) = error {
                p.fout #bewerken-fout role="alert" {
                    @if let Some(f) = e.field() { (label(f, l)) " (" code { (f) } "): " }
                    (e.reden(l))
                }
            }
            form.bewerken method="post" action=(format!("/projecten/{}", p.id)) {
                (csrf_field(csrf))
                (level("trl", 9))
                (level("sel", 4))
                (level("brl", 9))
                label for="status" { (label("status", l)) }
                select #status name="status" aria-invalid=[invalid("status")] aria-describedby=[described("status")] {
                    @for s in ProjectStatus::ALL {
                        option value=(s.code()) selected[value(values, "status") == s.code()] {
                            (match l { Lang::Nl => s.label_nl(), Lang::En => s.label_en() })
                        }
                    }
                }
                (phase("phase_innovation"))
                (phase("phase_stakeholders"))
                (phase("phase_environment"))
                label for="expected_in_practice" { (label("expected_in_practice", l)) }
                input #expected_in_practice name="expected_in_practice" type="number" min="1900" max="2100"
                    inputmode="numeric" value=(value(values, "expected_in_practice"))
                    aria-invalid=[invalid("expected_in_practice")] aria-describedby=[described("expected_in_practice")];
                @let doel_fout = error.and_then(|e| e.field()).is_some_and(|f| f.starts_with("doelen"));
                fieldset.doelen aria-describedby=[doel_fout.then_some("bewerken-fout")] {
                    legend { (label("doelen", l)) }
                    input type="hidden" name="doelen" value="";
                    @for d in te_koppelen(register, p) {
                        @let gekozen = values.iter().any(|(k, v)| k == "doelen" && v == d.id.as_str());
                        div.keuze {
                            input type="checkbox" name="doelen" value=(d.id) id=(format!("doel-{}", d.id)) checked[gekozen];
                            label for=(format!("doel-{}", d.id)) {
                                (crate::layout::missie_label(d.missie, l)) ": " (crate::layout::pick(&d.indicator_nl, &d.indicator_en, l))
                            }
                        }
                    }
                }
                @let kies_fout = error.and_then(|e| e.field()).is_some_and(|f| f.starts_with("kies"));
                fieldset.doelen aria-describedby=[kies_fout.then_some("bewerken-fout")] {
                    legend { (label("kies", l)) }
                    input type="hidden" name="kies" value="";
                    @for k in kies_te_koppelen(register, p) {
                        @let gekozen = values.iter().any(|(f, v)| f == "kies" && v == k.id.as_str());
                        @let (naam, taal) = k.name(l);
                        div.keuze {
                            input type="checkbox" name="kies" value=(k.id) id=(format!("kies-{}", k.id)) checked[gekozen];
                            label for=(format!("kies-{}", k.id)) {
                                (k.kind.label(l)) ": " span lang=[taal] { (naam) }
                            }
                        }
                    }
                }
                p.knoppen { button type="submit" { (l.t("Opslaan", "Save")) } }
            }
            p.meta { (l.t(
                "Elke wijziging komt in de geschiedenis hieronder en in het auditlog.",
                "Every change goes into the history below and into the audit log.",
            )) }
        }
    }
}

/// The edit section of the project page: the form for a user who may edit the project
/// (logged in with a session, so the form has a CSRF token); nothing otherwise.
pub(crate) fn section(register: &Register, p: &Project, gebruiker: &Gebruiker, l: Lang) -> Markup {
    match (&gebruiker.account, gebruiker.csrf()) {
        (Some(a), Some(csrf)) if may_edit(a, p) => form(register, p, csrf, &current(p), None, l),
        _ => html! {},
    }
}

/// The form's fields as the JSON object `PUT` takes: numbers as numbers, an empty choice as
/// `null`. Fields the form did not send are left alone; other fields (`csrf`) are ignored.
fn to_patch(values: &Waarden) -> Result<ProjectPatch, ApiError> {
    let mut map = Map::new();
    for field in EDITABLE {
        if *field == "doelen" || *field == "kies" {
            // Every ticked box is one value; the hidden empty one says the list was sent.
            let mut sent = values.iter().filter(|(k, _)| k == field).peekable();
            if sent.peek().is_some() {
                let ids: Vec<Value> = sent
                    .map(|(_, v)| v.trim())
                    .filter(|v| !v.is_empty())
                    .map(Value::from)
                    .collect();
                map.insert((*field).to_owned(), Value::Array(ids));
            }
            continue;
        }
        let Some((_, raw)) = values.iter().rev().find(|(k, _)| k == field) else {
            continue;
        };
        let raw = raw.trim();
        let v = match *field {
            _ if raw.is_empty() => Value::Null,
            "trl" | "sel" | "brl" | "expected_in_practice" => {
                raw.parse::<i64>().map(Value::from).map_err(|_| {
                    Probleem::bij_veld(
                        *field,
                        format!("'{raw}' is geen geheel getal"),
                        format!("'{raw}' is not a whole number"),
                    )
                })?
            }
            _ => Value::String(raw.to_owned()),
        };
        map.insert((*field).to_owned(), v);
    }
    Ok(ProjectPatch::from_json(Value::Object(map))?)
}

/// `POST /projecten/{id}`: 401 without a user, 403 for one who may not edit the project, 404
/// for an unknown project, 400 with the form again (and nothing changed) for a refused value;
/// otherwise the change is saved and the browser goes back to the project (303).
async fn opslaan(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
    sent: Result<Form<Waarden>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let account = gebruiker.account().map_err(fail)?.clone();
    let key: Id = id
        .parse()
        .map_err(|_| fail(ApiError::niet_gevonden("id", "project", "project", id)))?;
    // The right to edit before the values: a user who may not edit learns nothing from them.
    let (who, lookup) = (account.clone(), key.clone());
    let project = state
        .schrijf(move |s, _| gemeten_app::project_to_change(s, &who, &lookup))
        .await
        .map_err(fail)?;
    let Form(values) = sent.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let outcome = match to_patch(&values) {
        Ok(patch) => {
            let id = key.clone();
            state
                .schrijf(move |s, r| gemeten_app::change_project(s, r, &account, &id, &patch))
                .await
                .map(|_| ())
        }
        Err(e) => Err(e),
    };
    let refused = match outcome {
        Ok(()) => None,
        Err(ApiError::BadParam(e) | ApiError::Unprocessable(e)) => Some(e),
        Err(e) => return Err(fail(e)),
    };
    if let Some(e) = refused {
        let l = taal.lang;
        let title = format!("{} — {}", l.t("Bewerken", "Edit"), project.title);
        let csrf = gebruiker.csrf().unwrap_or_default();
        let body = html! {
            h1 lang=[crate::layout::nl(l)] { (project.title) }
            (form(&state.register, &project, csrf, &values, Some(&e), l))
            p { a href=(format!("/projecten/{}", project.id)) { (l.t("Terug naar het project", "Back to the project")) } }
        };
        let mut response = page(&taal, &title, Nav::Projecten, body);
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return Ok(response);
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    let to = format!("/projecten/{key}");
    response.headers_mut().insert(
        LOCATION,
        HeaderValue::from_str(&to).expect("ids are safe in a header"),
    );
    Ok(response)
}
