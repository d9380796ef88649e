//! Governance and the yearly cycle (000, "Governance"): the bodies (`/bestuur`: every body
//! with its norm and the year's number of meetings, and the international commitments'
//! count against their yearly minimum), one body's page (`/bestuur/{id}`: its meetings with
//! decisions and actions, the norm per year, the form for a new meeting), the form posts
//! (`POST /bestuur/{id}/vergaderingen`, `POST /acties/{id}`), one activity's page with its
//! update form (`activiteit`, where an update is tagged as counting toward a commitment), the
//! yearly agenda of a mission (`jaaragenda`), and their API. Every write is a `gemeten_app`
//! use case (`vergadering_vastleggen`, `actie_bijwerken`, `update_activity`).

pub(crate) mod activiteit;
pub(crate) mod jaaragenda;

use std::collections::BTreeSet;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use maud::{html, Markup};
use serde::Serialize;
use serde_json::json;

use gemeten_app::may_record_meeting;
use gemeten_domain::monitoring::Datum;
use gemeten_domain::{
    Actie, ActieStatus, Id, Lang, Norm, Orgaan, Probleem, Problemen, Tekst, Vergadering,
};
use gemeten_monitoring::bestuur::{
    bestuur, jaaroverzicht, vergadernorm, Jaaroverzicht, ToezeggingStand, Vergadernorm,
};
use gemeten_store::{MonitoringStore, OpgeslagenVergadering};

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::{JsonBody, Taal};
use crate::layout::{bron, page, Nav, PageError};
use crate::routes::Routes;
use crate::schrijven::{aanmaken, fouten, see_other, veld, waarde, weigering, Waarden};
use crate::AppState;

/// How many action rows the meeting form offers at first; "Nog een actie" sends the form back
/// with one more (no script needed), up to [`MAX_RIJEN`].
const ACTIE_RIJEN: usize = 3;
const MAX_RIJEN: usize = 50;

/// How many action rows the sent form had (`rijen`, and any row it names), at least
/// [`ACTIE_RIJEN`], at most [`MAX_RIJEN`].
fn rijen(values: &Waarden) -> usize {
    crate::schrijven::rijen(values, "actie", "rijen", ACTIE_RIJEN, MAX_RIJEN)
}

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/bestuur", overzicht_pagina)
        .get("/bestuur/{id}", orgaan_pagina)
        .post("/bestuur/{id}/vergaderingen", vergadering_opslaan)
        .post("/acties/{id}", actie_opslaan)
        .get("/activiteiten/{id}", activiteit::pagina)
        .post("/activiteiten/{id}", activiteit::opslaan)
        .get("/missies/{code}/jaaragenda", jaaragenda::pagina)
}

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/bestuur", api_overzicht)
        .get("/vergaderingen", api_vergaderingen)
        .post("/vergaderingen", api_vergadering)
        .post("/acties/{id}", api_actie)
        .get("/toezeggingen", api_toezeggingen)
        .get("/missies/{code}/jaaragenda", jaaragenda::api)
}

#[derive(serde::Deserialize)]
pub(crate) struct JaarQuery {
    jaar: Option<String>,
}

/// `?jaar=`: a year from 2000 to 2100, this year unless given; 400 naming `jaar` otherwise.
pub(crate) fn jaar_van(
    q: Result<Query<JaarQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<i32, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::from(onleesbaar("query", e.body_text())))?;
    match q.jaar.as_deref().map(str::trim) {
        None | Some("") => Ok(Datum::today().year()),
        Some(s) => match s.parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => Ok(y),
            _ => Err(ApiError::BadParam(Problemen(vec![Probleem::bij_veld(
                "jaar",
                format!("'{s}' is geen jaar van 2000 tot en met 2100"),
                format!("'{s}' is not a year from 2000 to 2100"),
            )]))),
        },
    }
}

/// `/bestuur` and `GET /api/v1/bestuur`: every body with the year's meetings against its
/// norm, and the international commitments' count (the monitoring's, as `gemeten
/// governance` shows it).
async fn overzicht(state: &AppState, jaar: i32) -> Result<Jaaroverzicht, ApiError> {
    let (meetings, histories) = state
        .with_store(|s| Ok((s.meetings(None)?, s.activity_histories()?)))
        .await?;
    Ok(jaaroverzicht(
        meetings.iter().map(|m| &m.vergadering),
        &histories,
        jaar,
    ))
}

pub(crate) fn norm_label(n: Norm, l: Lang) -> &'static str {
    l.t(n.label_nl(), n.label_en())
}

fn norm_tekst(v: &Vergadernorm, l: Lang) -> String {
    format!(
        "{} ({}: {})",
        norm_label(v.norm, l),
        l.t("norm", "norm"),
        v.bereik()
    )
}

fn jaarkeuze(action: &str, jaar: i32, l: Lang) -> Markup {
    html! {
        form.filter method="get" action=(action) {
            label for="jaar" { (l.t("Jaar", "Year")) }
            input #jaar name="jaar" type="number" min="2000" max="2100" value=(jaar);
            @if l == Lang::En { input type="hidden" name="lang" value="en"; }
            button type="submit" { (l.t("Toon", "Show")) }
        }
    }
}

async fn overzicht_pagina(
    State(state): State<AppState>,
    taal: Taal,
    q: Result<Query<JaarQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let jaar = jaar_van(q).map_err(|e| PageError::new(&taal, e))?;
    let o = overzicht(&state, jaar)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let body = html! {
        h1 { (l.t("Governance en jaarcyclus", "Governance and the yearly cycle")) }
        p.intro { (l.t(
            "De gremia van het MT G&Z met hun vergadernorm uit de KIA, hun vergaderingen, besluiten en acties; de internationale toezeggingen per jaar. Per missie zet de jaaragenda de stand voor het programmeringsoverleg naast elkaar.",
            "The bodies of the MT G&Z with the KIA's norm of meetings, their meetings, decisions and actions; the international commitments per year. Per mission, the yearly agenda puts the state of affairs for the programming meeting side by side.",
        )) }
        (jaarkeuze("/bestuur", jaar, l))
        h2 { (l.t("Gremia", "Bodies")) }
        div.scroll { table {
            thead { tr {
                th scope="col" { (l.t("Gremium", "Body")) }
                th scope="col" .num { (l.t("Vergaderingen in ", "Meetings in ")) (jaar) }
                th scope="col" { (l.t("Norm", "Norm")) }
                th scope="col" { (l.t("Bron", "Source")) }
            } }
            tbody { @for r in &o.organen { tr {
                th scope="row" {
                    a href=(format!("/bestuur/{}", r.orgaan.id)) { (r.orgaan.naam(l)) }
                    @if !r.orgaan.installed { " " strong { (l.t("nog te installeren", "still to be installed")) } }
                }
                td.num { (r.jaar.meetings) }
                td { (norm_tekst(&r.jaar, l)) }
                td { (bron(&r.orgaan.source)) }
            } } }
        } }
        (toezeggingen_tabel(&o.toezeggingen, l))
        h2 { (l.t("Jaaragenda per missie", "Yearly agenda per mission")) }
        ul { @for m in gemeten_domain::MissieCode::ALL {
            li { a href=(format!("/missies/{m}/jaaragenda?jaar={jaar}")) { (crate::layout::missie_label(*m, l)) } }
        } }
    };
    Ok(page(
        &taal,
        l.t("Governance", "Governance"),
        Nav::Missies,
        body,
    ))
}

fn toezeggingen_tabel(t: &[ToezeggingStand], l: Lang) -> Markup {
    html! {
        h2 #toezeggingen { (l.t("Internationale toezeggingen", "International commitments")) }
        p { (l.t(
            "Een activiteitsupdate telt mee als ze een overleg, congres, PPP of call met datum noemt: in het formulier op de pagina van de activiteit, of met gemeten activity ID update --counts-toward.",
            "An activity update counts when it names a meeting, congress, PPP or call with its date: in the form on the activity's page, or with gemeten activity ID update --counts-toward.",
        )) }
        div.scroll { table {
            thead { tr {
                th scope="col" { (l.t("Toezegging", "Commitment")) }
                th scope="col" .num { (l.t("Geteld", "Counted")) }
                th scope="col" .num { (l.t("Minimum per jaar", "Minimum a year")) }
                th scope="col" { (l.t("Stand", "Status")) }
                th scope="col" { (l.t("Bron", "Source")) }
            } }
            tbody { @for s in t { tr {
                th scope="row" {
                    (s.toezegging.kind.label(l))
                    br;
                    small lang=[crate::layout::nl(l)] { (l.t(s.toezegging.text_nl.as_str(), s.toezegging.text_en.as_str())) }
                }
                td.num { (s.count) }
                td.num { (s.toezegging.minimum) @if !s.toezegging.per_jaar_tekst { "*" } }
                td { @if s.met { (l.t("gehaald", "met")) } @else { strong { (l.t("nog niet gehaald", "not met yet")) } } }
                td { (bron(&s.toezegging.source)) }
            } } }
        } }
        @if t.iter().any(|s| !s.toezegging.per_jaar_tekst) {
            p.meta { "* " (l.t(
                "De KIA schrijft hier geen 'per jaar'; gemeten telt het minimum per jaar.",
                "The KIA does not say 'a year' here; gemeten counts the minimum per year.",
            )) }
        }
    }
}

/// One body's page and its meetings.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OrgaanView {
    pub orgaan: Orgaan,
    pub jaar: Vergadernorm,
    /// The norm in every year with a meeting, and the chosen year.
    pub per_jaar: Vec<Vergadernorm>,
    pub vergaderingen: Vec<VergaderingView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct VergaderingView {
    pub id: i64,
    #[serde(flatten)]
    pub vergadering: Vergadering,
    pub actie_ids: Vec<i64>,
    pub door: String,
    pub opgeslagen_op: String,
}

impl From<OpgeslagenVergadering> for VergaderingView {
    fn from(v: OpgeslagenVergadering) -> Self {
        VergaderingView {
            id: v.id,
            vergadering: v.vergadering,
            actie_ids: v.actie_ids,
            door: v.door,
            opgeslagen_op: v.opgeslagen_op,
        }
    }
}

fn orgaan_of_404(id: &str) -> Result<&'static Orgaan, ApiError> {
    bestuur()
        .orgaan(id)
        .ok_or_else(|| ApiError::niet_gevonden("id", "gremium", "body", id))
}

async fn orgaan_view(
    state: &AppState,
    orgaan: &'static Orgaan,
    jaar: i32,
) -> Result<OrgaanView, ApiError> {
    let key = orgaan.id.clone();
    let meetings = state.with_store(move |s| s.meetings(Some(&key))).await?;
    let dates: Vec<Datum> = meetings.iter().map(|m| m.vergadering.datum).collect();
    let years: BTreeSet<i32> = dates.iter().map(|d| d.year()).chain([jaar]).collect();
    Ok(OrgaanView {
        orgaan: orgaan.clone(),
        jaar: vergadernorm(orgaan, jaar, &dates),
        per_jaar: years
            .into_iter()
            .map(|y| vergadernorm(orgaan, y, &dates))
            .collect(),
        vergaderingen: meetings
            .into_iter()
            .rev()
            .map(VergaderingView::from)
            .collect(),
    })
}

fn koppelingen(a: &Actie) -> Markup {
    html! {
        @for x in &a.activiteiten { a.koppeling href=(format!("/activiteiten/{x}")) { (x) } " " }
        @for x in &a.kpis { a.koppeling href=(format!("/kpi/{x}")) { (x) } " " }
        @for x in &a.projecten { a.koppeling href=(format!("/projecten/{x}")) { (x) } " " }
    }
}

/// An action's status with, for who may, the form to change it.
fn actie_status(id: i64, a: &Actie, csrf: Option<&str>, terug: &str, l: Lang) -> Markup {
    html! {
        @match csrf {
            Some(csrf) => {
                form.inline method="post" action=(format!("/acties/{id}")) {
                    (csrf_field(csrf))
                    input type="hidden" name="terug" value=(terug);
                    label.visually-hidden for=(format!("status-{id}")) { (l.t("Status", "Status")) }
                    select #(format!("status-{id}")) name="status" {
                        @for s in ActieStatus::ALL {
                            option value=(s.code()) selected[*s == a.status] { (s.label(l)) }
                        }
                    }
                    " " button type="submit" { (l.t("Opslaan", "Save")) }
                }
            }
            None => { (a.status.label(l)) }
        }
    }
}

fn vergaderingen(v: &[VergaderingView], csrf: Option<&str>, terug: &str, l: Lang) -> Markup {
    html! {
        @if v.is_empty() { p.leeg { (l.t("Nog geen vergaderingen vastgelegd.", "No meetings recorded yet.")) } }
        @for m in v {
            @let g = &m.vergadering;
            article.vergadering #(format!("vergadering-{}", m.id)) {
                h3 { (g.datum) " — " (g.titel) }
                @if let Some(n) = &g.notities { p { (n) } }
                @if !g.besluiten.is_empty() {
                    h4 { (l.t("Besluiten", "Decisions")) }
                    ul { @for b in &g.besluiten { li { (b) } } }
                }
                @if !g.acties.is_empty() {
                    h4 { (l.t("Acties", "Actions")) }
                    div.scroll { table {
                        thead { tr {
                            th scope="col" { (l.t("Actie", "Action")) }
                            th scope="col" { (l.t("Eigenaar", "Owner")) }
                            th scope="col" { (l.t("Uiterlijk", "Due")) }
                            th scope="col" { (l.t("Gekoppeld aan", "Linked to")) }
                            th scope="col" { (l.t("Status", "Status")) }
                        } }
                        tbody { @for (a, id) in g.acties.iter().zip(&m.actie_ids) { tr #(format!("actie-{id}")) {
                            th scope="row" { (a.text) }
                            td { (a.owner.as_ref().map_or("—", Tekst::as_str)) }
                            td { (a.due.map_or_else(|| "—".to_owned(), |d| d.to_string())) }
                            td { (koppelingen(a)) }
                            td { (actie_status(*id, a, csrf, terug, l)) }
                        } } }
                    } }
                }
                p.meta { (l.t("Vastgelegd door", "Recorded by")) " " (m.door) }
            }
        }
    }
}

fn formulier(
    orgaan: &Orgaan,
    csrf: &str,
    values: &Waarden,
    fout: Option<&Problemen>,
    l: Lang,
) -> Markup {
    let veld = |name: &str, label: &str, kind: &str| veld("v", values, name, label, kind);
    html! {
        form.bewerken #nieuwe-vergadering method="post" action=(format!("/bestuur/{}/vergaderingen", orgaan.id)) {
            (csrf_field(csrf))
            h2 { (l.t("Vergadering vastleggen", "Record a meeting")) }
            @if let Some(p) = fout { (fouten(p, l)) }
            (veld("datum", l.t("Datum (JJJJ-MM-DD)", "Date (YYYY-MM-DD)"), "date"))
            (veld("titel", l.t("Titel", "Title"), "text"))
            label for="v-notities" { (l.t("Notities", "Notes")) }
            textarea #v-notities name="notities" rows="3" { (waarde(values, "notities")) }
            label for="v-besluiten" { (l.t("Besluiten (één per regel)", "Decisions (one per line)")) }
            textarea #v-besluiten name="besluiten" rows="3" { (waarde(values, "besluiten")) }
            @let n = rijen(values);
            input type="hidden" name="rijen" value=(n);
            @for i in 0..n {
                fieldset #(format!("actie-{i}")) {
                    legend { (l.t("Actie", "Action")) " " (i + 1) }
                    p.meta { (l.t(
                        "Koppel aan ten minste één activiteit, KPI of project (ids, gescheiden door spaties of komma's).",
                        "Link to at least one activity, KPI or project (ids separated by spaces or commas).",
                    )) }
                    (veld(&format!("actie-{i}-text"), l.t("Actie", "Action"), "text"))
                    (veld(&format!("actie-{i}-owner"), l.t("Eigenaar (optioneel)", "Owner (optional)"), "text"))
                    (veld(&format!("actie-{i}-due"), l.t("Uiterlijk (optioneel)", "Due (optional)"), "date"))
                    (veld(&format!("actie-{i}-activiteiten"), l.t("Activiteiten", "Activities"), "text"))
                    (veld(&format!("actie-{i}-kpis"), "KPI's", "text"))
                    (veld(&format!("actie-{i}-projecten"), l.t("Projecten", "Projects"), "text"))
                }
            }
            // Saving comes first: Enter in a text field presses a form's first button.
            p.knoppen {
                button type="submit" { (l.t("Vergadering opslaan", "Save meeting")) }
                @if n < MAX_RIJEN {
                    " "
                    button type="submit" name="meer" value="1" formnovalidate { (l.t("Nog een actie", "One more action")) }
                }
            }
        }
    }
}

fn ids(values: &Waarden, name: &str) -> Result<Vec<Id>, Probleem> {
    waarde(values, name)
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<Id>().map_err(|p| p.als_veld(name.to_owned())))
        .collect()
}

/// The form's fields as a meeting; every field that cannot be read, named by its input.
fn uit_formulier(orgaan: &Orgaan, values: &Waarden) -> Result<Vergadering, Problemen> {
    let mut problems = Vec::new();
    let get = |k: &str| waarde(values, k).trim().to_owned();
    let tekst = |k: &str, problems: &mut Vec<Probleem>| -> Option<Tekst> {
        match get(k) {
            s if s.is_empty() => None,
            s => s
                .parse::<Tekst>()
                .map_err(|p| problems.push(p.als_veld(k.to_owned())))
                .ok(),
        }
    };
    let datum = |k: &str, problems: &mut Vec<Probleem>| -> Option<Datum> {
        match get(k) {
            s if s.is_empty() => None,
            s => s
                .parse::<Datum>()
                .map_err(|p| problems.push(p.als_veld(k.to_owned())))
                .ok(),
        }
    };
    let d = datum("datum", &mut problems);
    let titel = tekst("titel", &mut problems);
    if d.is_none() && get("datum").is_empty() {
        problems.push(Probleem::bij_veld(
            "datum",
            "geef de datum",
            "give the date",
        ));
    }
    if titel.is_none() && get("titel").is_empty() {
        problems.push(Probleem::bij_veld(
            "titel",
            "geef een titel",
            "give a title",
        ));
    }
    let notities = tekst("notities", &mut problems);
    let besluiten: Vec<Tekst> = get("besluiten")
        .lines()
        .filter(|s| !s.trim().is_empty())
        .filter_map(|s| {
            s.trim()
                .parse::<Tekst>()
                .map_err(|p| problems.push(p.als_veld("besluiten")))
                .ok()
        })
        .collect();
    let mut acties = Vec::new();
    for i in 0..rijen(values) {
        let k = |f: &str| format!("actie-{i}-{f}");
        let leeg = ["text", "owner", "due", "activiteiten", "kpis", "projecten"]
            .iter()
            .all(|f| get(&k(f)).is_empty());
        if leeg {
            continue;
        }
        let text = tekst(&k("text"), &mut problems);
        if text.is_none() && get(&k("text")).is_empty() {
            problems.push(Probleem::bij_veld(
                k("text"),
                "geef de tekst van de actie",
                "give the action's text",
            ));
        }
        let owner = tekst(&k("owner"), &mut problems);
        let due = datum(&k("due"), &mut problems);
        let mut lijst = |f: &str| {
            ids(values, &k(f)).unwrap_or_else(|p| {
                problems.push(p);
                Vec::new()
            })
        };
        let activiteiten = lijst("activiteiten");
        let kpis = lijst("kpis");
        let projecten = lijst("projecten");
        if let Some(text) = text {
            acties.push(Actie {
                text,
                owner,
                due,
                status: ActieStatus::Open,
                activiteiten,
                kpis,
                projecten,
            });
        }
    }
    match (d, titel, problems.is_empty()) {
        (Some(datum), Some(titel), true) => Ok(Vergadering {
            orgaan: orgaan.id.clone(),
            datum,
            titel,
            notities,
            besluiten,
            acties,
        }),
        _ => Err(Problemen(problems)),
    }
}

async fn orgaan_pagina(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
    q: Result<Query<JaarQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let jaar = jaar_van(q).map_err(|e| PageError::new(&taal, e))?;
    let orgaan = orgaan_of_404(&id).map_err(|e| PageError::new(&taal, e))?;
    let view = orgaan_view(&state, orgaan, jaar)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    Ok(orgaan_response(&taal, &gebruiker, &view, &Vec::new(), None))
}

fn orgaan_response(
    taal: &Taal,
    gebruiker: &Gebruiker,
    view: &OrgaanView,
    values: &Waarden,
    fout: Option<&Problemen>,
) -> Response {
    let l = taal.lang;
    let o = &view.orgaan;
    let csrf = match (&gebruiker.account, gebruiker.csrf()) {
        (Some(a), Some(csrf)) if may_record_meeting(a, o) && o.installed => Some(csrf),
        _ => None,
    };
    let terug = format!("/bestuur/{}", o.id);
    let body = html! {
        h1 { (o.naam(l)) }
        @if !o.installed {
            p.fout role="status" {
                strong { (l.t("Nog te installeren", "Still to be installed")) } ": "
                span lang=[crate::layout::nl(l)] { (l.t(o.status_nl.as_ref().map_or("", |t| t.as_str()), o.status_en.as_ref().map_or("", |t| t.as_str()))) }
                @if let Some(b) = &o.status_source { " (" (bron(b)) ")" }
            }
        }
        p lang=[crate::layout::nl(l)] { (l.t(o.role_nl.as_str(), o.role_en.as_str())) }
        @if let Some(c) = &o.chair_nl { p { (l.t("Voorzitter", "Chair")) ": " span lang="nl" { (c) } } }
        p.meta { (l.t("Bron", "Source")) ": " (bron(&o.source)) }
        h2 { (l.t("Vergaderingen per jaar", "Meetings per year")) }
        div.scroll { table {
            thead { tr {
                th scope="col" { (l.t("Jaar", "Year")) }
                th scope="col" .num { (l.t("Vergaderingen", "Meetings")) }
                th scope="col" { (l.t("Norm", "Norm")) }
            } }
            tbody { @for n in &view.per_jaar { tr {
                th scope="row" { (n.year) }
                td.num { (n.meetings) }
                td { (norm_tekst(n, l)) }
            } } }
        } }
        h2 { (l.t("Vergaderingen", "Meetings")) " " span.count { "(" (view.vergaderingen.len()) ")" } }
        (vergaderingen(&view.vergaderingen, csrf, &terug, l))
        @if let Some(csrf) = csrf { (formulier(o, csrf, values, fout, l)) }
        p { a href="/bestuur" { (l.t("Alle gremia", "All bodies")) } }
    };
    page(taal, &o.naam(l), Nav::Missies, body)
}

/// `POST /bestuur/{id}/vergaderingen`: 401 without a user, 403 for one who may not, 404 for
/// an unknown body; with `meer` (the button "Nog een actie") the form again as sent with one
/// more action row, nothing stored (200); a refused meeting is the form again, as sent, with
/// the reasons (nothing stored): 400 for a field that cannot be read, 422 for what the rules
/// refuse (an action linked to nothing, an activity that does not exist); otherwise
/// back to the body's page (303).
async fn vergadering_opslaan(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
    sent: Result<Form<Waarden>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let account = gebruiker.account().map_err(fail)?.clone();
    let orgaan = orgaan_of_404(&id).map_err(fail)?;
    let Form(mut values) = sent.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    if !waarde(&values, "meer").is_empty()
        && may_record_meeting(&account, orgaan)
        && orgaan.installed
    {
        // One more action row: the form again as sent, nothing stored.
        let n = rijen(&values) + 1;
        values.push(("rijen".to_owned(), n.to_string()));
        let view = orgaan_view(&state, orgaan, Datum::today().year())
            .await
            .map_err(fail)?;
        return Ok(orgaan_response(&taal, &gebruiker, &view, &values, None));
    }
    let outcome = match uit_formulier(orgaan, &values) {
        Ok(v) => state
            .schrijf(move |s, r| gemeten_app::vergadering_vastleggen(s, r, &account, v))
            .await
            .map(|_| ()),
        Err(p) => Err(ApiError::BadParam(p)),
    };
    match outcome {
        Ok(()) => Ok(see_other(&format!("/bestuur/{}", orgaan.id))),
        Err(e) => {
            let (status, p) = weigering(e).map_err(fail)?;
            let view = orgaan_view(&state, orgaan, Datum::today().year())
                .await
                .map_err(fail)?;
            let mut response = orgaan_response(&taal, &gebruiker, &view, &values, Some(&p));
            *response.status_mut() = status;
            Ok(response)
        }
    }
}

fn actie_id(s: &str) -> Result<i64, ApiError> {
    s.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError::BadParam(Problemen(vec![Probleem::bij_veld(
            "id",
            format!("'{s}' is geen actienummer"),
            format!("'{s}' is not an action number"),
        )]))
    })
}

/// `POST /acties/{id}` (form: `status`, `terug`): the action's new status, then back to the
/// page it was changed on.
async fn actie_opslaan(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
    sent: Result<Form<Waarden>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let account = gebruiker.account().map_err(fail)?.clone();
    let id = actie_id(&id).map_err(fail)?;
    let Form(values) = sent.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let status: ActieStatus = waarde(&values, "status")
        .parse()
        .map_err(|p: Probleem| fail(ApiError::BadParam(p.als_veld("status").into())))?;
    state
        .schrijf(move |s, _| gemeten_app::actie_bijwerken(s, &account, id, status))
        .await
        .map_err(fail)?;
    // Only a local path: never an address elsewhere.
    let terug = waarde(&values, "terug");
    let to = if terug.starts_with('/') && !terug.starts_with("//") {
        crate::extract::local_path(terug)
    } else {
        "/bestuur".to_owned()
    };
    Ok(see_other(&format!("{to}#actie-{id}")))
}

async fn api_overzicht(
    State(state): State<AppState>,
    q: Result<Query<JaarQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let jaar = jaar_van(q)?;
    Ok(Json(overzicht(&state, jaar).await?).into_response())
}

#[derive(serde::Deserialize)]
struct OrgaanQuery {
    orgaan: Option<String>,
}

/// `GET /api/v1/vergaderingen?orgaan=`: the meetings of one body (404 for an unknown one) or
/// of all, by date.
async fn api_vergaderingen(
    State(state): State<AppState>,
    q: Result<Query<OrgaanQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::from(onleesbaar("query", e.body_text())))?;
    let orgaan = match q.orgaan {
        Some(o) => {
            let id: Id = o.parse().map_err(|p: Probleem| p.als_veld("orgaan"))?;
            if bestuur().orgaan(&id).is_none() {
                return Err(ApiError::niet_gevonden("orgaan", "gremium", "body", &id));
            }
            Some(id)
        }
        None => None,
    };
    let meetings = state
        .with_store(move |s| s.meetings(orgaan.as_ref()))
        .await?;
    let out: Vec<VergaderingView> = meetings.into_iter().map(VergaderingView::from).collect();
    Ok(Json(out).into_response())
}

/// `POST /api/v1/vergaderingen`: records a meeting; 201 with its id, 422 for a body that does
/// not exist or is not installed and for actions the rules refuse.
async fn api_vergadering(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<Vergadering>, ApiError>,
) -> Result<Response, ApiError> {
    aanmaken(&state, gebruiker, body, "id", |s, r, a, v| {
        gemeten_app::vergadering_vastleggen(s, r, a, v)
    })
    .await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NieuweStatus {
    status: ActieStatus,
}

/// `POST /api/v1/acties/{id}` (`{"status": "gereed"}`): the action's new status.
async fn api_actie(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
    body: Result<JsonBody<NieuweStatus>, ApiError>,
) -> Result<Response, ApiError> {
    let account = gebruiker.account()?.clone();
    let id = actie_id(&id)?;
    let JsonBody(n) = body?;
    state
        .schrijf(move |s, _| gemeten_app::actie_bijwerken(s, &account, id, n.status))
        .await?;
    Ok(Json(json!({ "id": id, "status": n.status })).into_response())
}

/// `GET /api/v1/toezeggingen?jaar=`: each international commitment's count in the year.
async fn api_toezeggingen(
    State(state): State<AppState>,
    q: Result<Query<JaarQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let jaar = jaar_van(q)?;
    Ok(Json(overzicht(&state, jaar).await?.toezeggingen).into_response())
}
