//! The audit log for administrators (`/beheer/audit`): a table with filters on who, what,
//! object and period, fifty entries a page, and each change as a readable list of the fields
//! that changed (before → after) instead of two JSON documents. The user page shows the same
//! table for one user's trail.

use std::collections::BTreeSet;

use axum::extract::{Query, State};
use axum::response::Response;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use maud::{html, Markup};
use serde::Deserialize;
use serde_json::Value;

use gemeten_domain::{AuditRegel, Rol};
use gemeten_store::{AccountStore, AuditFilter};

use crate::auth::Gebruiker;
use crate::extract::Taal;
use crate::layout::{page, Nav, PageError};
use crate::opmaak::{aantal, tijd};
use crate::{AppState, Lang};

/// Entries per page.
const PER_PAGINA: usize = 50;

/// The filter as the form sends it; every field may be empty.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Zoek {
    #[serde(default)]
    wie: String,
    #[serde(default)]
    wat: String,
    #[serde(default)]
    object: String,
    #[serde(default)]
    van: String,
    #[serde(default)]
    tot: String,
    #[serde(default)]
    pagina: Option<String>,
}

fn leeg(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Midnight in Amsterdam at the start of `date` (`YYYY-MM-DD`), plus `days`, as the log's UTC
/// text; the reason in both languages when it is no date.
fn grens(date: &str, days: i64) -> Result<String, (&'static str, &'static str)> {
    let d: Date = date.parse().map_err(|_| {
        (
            "geen datum; schrijf jjjj-mm-dd, bijvoorbeeld 2026-12-04",
            "not a date; write yyyy-mm-dd, for example 2026-12-04",
        )
    })?;
    let tz = TimeZone::get("Europe/Amsterdam").unwrap_or(TimeZone::UTC);
    d.checked_add(jiff::Span::new().days(days))
        .and_then(|d| d.to_zoned(tz))
        .map(|z| z.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .map_err(|_| ("datum buiten bereik", "date out of range"))
}

/// A refused filter field with its reason in Dutch and English.
type Weigering = (&'static str, (&'static str, &'static str));

/// The filter for the store, or the refused fields with their reasons.
fn filter(z: &Zoek) -> Result<AuditFilter, Vec<Weigering>> {
    let mut fouten = Vec::new();
    let mut bound = |field: &'static str, value: &str, days| match leeg(value) {
        None => None,
        Some(v) => grens(&v, days).map_err(|e| fouten.push((field, e))).ok(),
    };
    let from = bound("van", &z.van, 0);
    // "tot en met": the whole last day counts.
    let until = bound("tot", &z.tot, 1);
    let pagina = match z.pagina.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => 1,
        Some(p) => match p.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                fouten.push(("pagina", ("geen paginanummer", "not a page number")));
                1
            }
        },
    };
    if !fouten.is_empty() {
        return Err(fouten);
    }
    Ok(AuditFilter {
        by: leeg(&z.wie),
        action: leeg(&z.wat),
        object: leeg(&z.object),
        from,
        until,
        offset: (pagina - 1) * PER_PAGINA,
        limit: PER_PAGINA,
    })
}

/// A JSON value as short text: strings bare, the rest as JSON.
fn kort(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".to_owned(),
        v => v.to_string(),
    }
}

/// What changed between `before` and `after`: for objects the fields that differ, each as
/// `field: before → after`; otherwise the whole value.
pub(crate) fn verschil(before: Option<&Value>, after: Option<&Value>, l: Lang) -> Markup {
    match (before, after) {
        (None, None) => html! { span.meta { "—" } },
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let keys: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
            let changed: Vec<_> = keys
                .into_iter()
                .filter(|k| b.get(*k) != a.get(*k))
                .collect();
            html! {
                @if changed.is_empty() { span.meta { (l.t("geen velden gewijzigd", "no fields changed")) } }
                @else { ul.verschil { @for k in changed { li {
                    code { (k) } ": "
                    del { (b.get(k).map(kort).unwrap_or_else(|| "—".into())) }
                    " → "
                    ins { (a.get(k).map(kort).unwrap_or_else(|| "—".into())) }
                } } } }
            }
        }
        (None, Some(Value::Object(a))) => html! {
            span.meta { (l.t("nieuw", "new")) ":" }
            ul.verschil { @for (k, v) in a { li { code { (k) } ": " ins { (kort(v)) } } } }
        },
        (Some(Value::Object(b)), None) => html! {
            span.meta { (l.t("ervoor", "before")) ":" }
            ul.verschil { @for (k, v) in b { li { code { (k) } ": " del { (kort(v)) } } } }
        },
        (b, a) => html! {
            @if let Some(b) = b { del { (kort(b)) } }
            " → "
            @if let Some(a) = a { ins { (kort(a)) } }
        },
    }
}

/// The entries as a table (when, who, what, object, change); actions and objects are the
/// log's own Dutch words, so an English page marks them.
pub(crate) fn tabel(rows: &[AuditRegel], caption: &str, l: Lang) -> Markup {
    let nl = (l == Lang::En).then_some("nl");
    html! {
        div.scroll { table.audit {
            caption { (caption) }
            thead { tr {
                th scope="col" { (l.t("Wanneer", "When")) }
                th scope="col" { (l.t("Wie", "Who")) }
                th scope="col" { (l.t("Wat", "What")) }
                th scope="col" { (l.t("Object", "Object")) }
                th scope="col" { (l.t("Wijziging", "Change")) }
            } }
            tbody { @for r in rows { tr {
                th scope="row" { (tijd(&r.at, l)) }
                td { a href=(format!("/beheer/audit?wie={}", urlencode(&r.by))) { (r.by) } }
                td lang=[nl] { (r.action) }
                td lang=[nl] { (r.object) }
                td { (verschil(r.before.as_ref(), r.after.as_ref(), l)) }
            } } }
        } }
    }
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

/// `GET /beheer/audit`: administrators only.
pub(crate) async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    zoek: Result<Query<Zoek>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let fail = |e| PageError::new(&taal, e);
    gebruiker.require(&[Rol::Admin]).map_err(fail)?;
    // Only text fields: a query that is no form at all reads as no filter.
    let zoek = zoek.map(|Query(z)| z).unwrap_or_default();
    let l = taal.lang;
    let checked = filter(&zoek);
    let f = checked.clone().unwrap_or_default();
    let query = f.clone();
    let ((rows, total), (who, what)) = state
        .with_store(move |s| {
            let found = if query.limit == 0 {
                (Vec::new(), 0)
            } else {
                s.audit_search(&query)?
            };
            Ok((found, s.audit_choices()?))
        })
        .await
        .map_err(fail)?;
    let fouten = checked.err().unwrap_or_default();
    let fout = |field: &str| {
        fouten
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, r)| l.t(r.0, r.1))
    };
    let pagina = f.offset / PER_PAGINA.max(1) + 1;
    let pages = total.div_ceil(PER_PAGINA).max(1);
    let link = |p: usize| {
        let q = serde_urlencoded::to_string([
            ("wie", zoek.wie.as_str()),
            ("wat", zoek.wat.as_str()),
            ("object", zoek.object.as_str()),
            ("van", zoek.van.as_str()),
            ("tot", zoek.tot.as_str()),
            ("pagina", &p.to_string()),
        ])
        .unwrap_or_default();
        format!("/beheer/audit?{q}")
    };
    let title = l.t("Auditlog", "Audit log");
    let veld = |id: &'static str, label: &str, input: Markup| {
        let e = fout(id);
        html! {
            div.veld {
                label for=(id) { (label) }
                (input)
                @if let Some(e) = e { span.fout id=(format!("{id}-fout")) { (e) } }
            }
        }
    };
    let invalid = |id: &str| fout(id).map(|_| "true");
    let described = |id: &str| fout(id).map(|_| format!("{id}-fout"));
    let body = html! {
        h1 { (title) }
        p.intro { (l.t(
            "Elke wijziging en elke geweigerde poging: wie, wanneer, wat, en welke velden veranderden. Het log kan niet worden aangepast. Tijden in Nederlandse tijd.",
            "Every change and every refused attempt: who, when, what, and which fields changed. The log cannot be altered. Times in Dutch time (Europe/Amsterdam).",
        )) }
        form.filter.audit-filter method="get" action="/beheer/audit" {
            @if l == Lang::En { input type="hidden" name="lang" value="en"; }
            (veld("wie", l.t("Wie", "Who"), html! {
                select #wie name="wie" {
                    option value="" { (l.t("iedereen", "anyone")) }
                    @for w in &who { option value=(w) selected[zoek.wie == *w] { (w) } }
                }
            }))
            (veld("wat", l.t("Wat", "What"), html! {
                select #wat name="wat" {
                    option value="" { (l.t("alles", "anything")) }
                    @for w in &what { option value=(w) selected[zoek.wat == *w] lang=[(l == Lang::En).then_some("nl")] { (w) } }
                }
            }))
            (veld("object", l.t("Object bevat", "Object contains"), html! {
                input #object type="search" name="object" value=(zoek.object);
            }))
            (veld("van", l.t("Van (datum)", "From (date)"), html! {
                input #van type="date" name="van" value=(zoek.van) aria-invalid=[invalid("van")] aria-describedby=[described("van")];
            }))
            (veld("tot", l.t("Tot en met (datum)", "Up to and including (date)"), html! {
                input #tot type="date" name="tot" value=(zoek.tot) aria-invalid=[invalid("tot")] aria-describedby=[described("tot")];
            }))
            div.veld { button type="submit" { (l.t("Filteren", "Filter")) } }
        }
        @if let Some(e) = fout("pagina") { p.fout role="alert" { (e) } }
        @if rows.is_empty() {
            p.leeg { (l.t("Geen regels voor deze keuze.", "No entries for this choice.")) }
        } @else {
            (tabel(&rows, &format!("{} — {} {} {} {}",
                aantal(total, l, ("regel", "regels"), ("entry", "entries")),
                l.t("pagina", "page"), pagina, l.t("van", "of"), pages), l))
        }
        @if pages > 1 {
            nav.paginering aria-label=(l.t("Pagina's", "Pages")) {
                @if pagina > 1 { a rel="prev" href=(link(pagina - 1)) { "← " (l.t("nieuwer", "newer")) } " " }
                @if pagina < pages { a rel="next" href=(link(pagina + 1)) { (l.t("ouder", "older")) " →" } }
            }
        }
    };
    let mut response = page(&taal, title, Nav::Beheer, body);
    if !fouten.is_empty() {
        *response.status_mut() = axum::http::StatusCode::BAD_REQUEST;
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_whole_days_in_amsterdam() {
        // Winter: midnight in Amsterdam is 23:00 UTC the day before.
        assert_eq!(grens("2026-12-04", 0).unwrap(), "2026-12-03T23:00:00Z");
        assert_eq!(grens("2026-12-04", 1).unwrap(), "2026-12-04T23:00:00Z");
        // Summer: 22:00 UTC.
        assert_eq!(grens("2026-07-01", 0).unwrap(), "2026-06-30T22:00:00Z");
        assert!(grens("4-12-2026", 0).is_err());
    }

    #[test]
    fn a_change_lists_only_the_fields_that_changed() {
        let b = serde_json::json!({"naam": "A", "rol": "publiek", "missie": null});
        let a = serde_json::json!({"naam": "A", "rol": "missieteam", "missie": "II"});
        let html = verschil(Some(&b), Some(&a), Lang::Nl).into_string();
        assert!(
            html.contains("<code>rol</code>: <del>publiek</del> → <ins>missieteam</ins>"),
            "{html}"
        );
        assert!(
            html.contains("<code>missie</code>: <del>—</del> → <ins>II</ins>"),
            "{html}"
        );
        assert!(!html.contains("naam"), "{html}");
    }
}
