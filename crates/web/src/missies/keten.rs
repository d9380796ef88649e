//! The chain of one target (issue 12, item 6): `/doelen/{id}` and
//! `GET /api/v1/doelen/{id}/keten`. Its KPI status (the mission page's, with the interval
//! wording), the projects that claim to contribute to it, the innovations that claim it
//! themselves (linked directly) or that those projects develop — each saying which —
//! the instruments that fund them or fit them now or next, and the barriers and
//! recommendations in the way. Page and JSON render one view model
//! ([`gemeten_portfolio::keten`] with the target's progress).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;

use gemeten_domain::{Id, Lang};
use gemeten_portfolio::{keten, Keten};

use crate::error::ApiError;
use crate::extract::{IdPad, Taal};
use crate::layout::{bron, missie_label, nl, page, pick, voorbeeld_label, Nav, PageError};
use crate::missies::model::{doel_voortgang, DoelVoortgang};
use crate::missies::traject;
use crate::projecten::portefeuille::snapshot;
use crate::AppState;

/// The chain with the target's progress: what the page shows and the API returns.
#[derive(Serialize)]
pub(crate) struct KetenView<'a> {
    #[serde(flatten)]
    pub keten: Keten<'a>,
    pub voortgang: DoelVoortgang,
}

fn doel_not_found(id: impl std::fmt::Display) -> ApiError {
    ApiError::niet_gevonden("id", "doel", "target", id)
}

async fn view<'a>(
    state: &'a AppState,
    projects: &[gemeten_domain::Project],
    id: &Id,
) -> Result<KetenView<'a>, ApiError> {
    let key = id.clone();
    let direct: Vec<Id> = state
        .with_store(move |s| s.innovation_targets(None, Some(&key)))
        .await?
        .into_iter()
        .map(|x| x.innovatie)
        .collect();
    let keten = keten(&state.register, projects, &direct, id).ok_or_else(|| doel_not_found(id))?;
    let voortgang = doel_voortgang(state, keten.doel).await?;
    Ok(KetenView { keten, voortgang })
}

/// `GET /api/v1/doelen/{id}/keten`.
pub(crate) async fn api_keten(
    State(state): State<AppState>,
    IdPad(id): IdPad,
) -> Result<Response, ApiError> {
    let snap = snapshot(&state).await?;
    let v = view(&state, &snap.projects, &id).await?;
    Ok(Json(v).into_response())
}

/// `/doelen/{id}`.
pub(crate) async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let key: Id = id
        .parse()
        .map_err(|_| PageError::new(&taal, doel_not_found(&id)))?;
    let snap = snapshot(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let v = view(&state, &snap.projects, &key)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let d = v.keten.doel;
    let title = format!(
        "{} — {}",
        l.t("Doel", "Target"),
        crate::layout::pick_str(&d.indicator_nl, &d.indicator_en, l)
    );
    let body = html! {
        h1 { (l.t("Doel", "Target")) ": " (pick(&d.indicator_nl, &d.indicator_en, l)) }
        p.meta {
            a href=(format!("/missies/{}#doel-{}", d.missie, d.id)) { (missie_label(d.missie, l)) }
            " · " (l.t("Doeljaar", "Deadline")) " " (d.tijdpad.deadline())
            " · " (l.t("Bron", "Source")) ": " (bron(&d.source))
        }
        p { (l.t(
            "De keten van dit doel: hoe het ervoor staat, welke projecten en innovaties zeggen eraan bij te dragen, welke instrumenten ze financieren of daarna passen, en welke barrières en aanbevelingen ertussen staan.",
            "The chain of this target: where it stands, which projects and innovations claim to contribute to it, which instruments fund them or fit next, and which barriers and recommendations stand in the way.",
        )) }
        nav.toc-links aria-label=(l.t("Op deze pagina", "On this page")) { ul {
            li { a href="#status" { (l.t("Status", "Status")) } }
            li { a href="#projecten" { (l.t("Projecten en innovaties", "Projects and innovations")) } }
            li { a href="#instrumenten" { (l.t("Instrumenten", "Instruments")) } }
            li { a href="#barrieres" { (l.t("Barrières en aanbevelingen", "Barriers and recommendations")) } }
        } }
        h2 #status { (l.t("Status van de KPI", "Status of the KPI")) }
        @if v.voortgang.voortgang.reeks.is_empty() {
            p { (traject::zonder_reeks(&v.voortgang, l)) }
        } @else {
            (traject::figuur(&v.voortgang, None, l))
        }
        (projecten(&v.keten, l))
        (instrumenten(&v.keten, l))
        (barrieres(&v.keten, l))
        p { a href=(format!("/api/v1/doelen/{}/keten", d.id)) { (l.t("Deze keten als JSON", "This chain as JSON")) } }
    };
    Ok(page(&taal, &title, Nav::Missies, body))
}

fn projecten(k: &Keten<'_>, l: Lang) -> Markup {
    html! {
        h2 #projecten { (l.t("Projecten en innovaties", "Projects and innovations")) " " span.count { "(" (k.projecten.len()) ")" } }
        @if k.projecten.is_empty() {
            p.leeg {
                (l.t(
                    "Nog geen project zegt bij te dragen aan dit doel. Een project koppelt zich aan doelen van zijn missies (of van de centrale missie) in het bewerkformulier van het project, met het veld ",
                    "No project claims to contribute to this target yet. A project links itself to targets of its missions (or of the central mission) in the project's edit form, with the field ",
                ))
                code { "doelen" } (l.t(" van ", " of ")) code { "PUT /api/v1/projecten/{id}" }
                (l.t(", de kolom ", ", the column ")) code { "doelen" } (l.t(" van een projectlijst, of ", " of a project list, or "))
                code { "gemeten projects set ID --doel " (l.t("DOEL", "TARGET")) } "."
            }
        } @else {
            @if k.voorbeelden > 0 {
                p.illustratief role="note" { (k.voorbeelden) " " (l.t(
                    "van deze projecten zijn verzonnen voorbeelden (id’s vb-…), geen echte projecten.",
                    "of these projects are made-up examples (ids vb-…), not real projects.",
                )) }
            }
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Project", "Project")) }
                    th scope="col" { (l.t("Financier", "Funder")) }
                    th scope="col" { (l.t("Status", "Status")) }
                    th scope="col" { "TRL" }
                    th scope="col" { (l.t("Innovatie", "Innovation")) }
                } }
                tbody { @for p in &k.projecten { tr {
                    th scope="row" {
                        a href=(format!("/projecten/{}", p.id)) lang=[nl(l)] { (p.title) }
                        (voorbeeld_label(p.id.as_str(), l))
                    }
                    td lang=[nl(l)] { (p.funder) }
                    td { (match l { Lang::Nl => p.status.label_nl(), Lang::En => p.status.label_en() }) }
                    td { (p.trl.map_or_else(|| l.t("onbekend", "unknown").to_owned(), |t| t.to_string())) }
                    td { @match &p.innovatie {
                        Some(i) => { a href=(format!("/innovaties/{i}")) { (i) } }
                        None => { "—" }
                    } }
                } } }
            } }
        }
        h3 #innovaties { (l.t("Innovaties", "Innovations")) " " span.count { "(" (k.innovaties.len()) ")" } }
        @if k.innovaties.is_empty() {
            p.leeg { (l.t(
                "Nog geen innovatie zegt bij te dragen aan dit doel, zelf of via een project. Een innovatie koppelt zich aan doelen van haar missies (of van de centrale missie) op haar eigen pagina, met ",
                "No innovation claims to contribute to this target yet, itself or through a project. An innovation links itself to targets of its missions (or of the central mission) on its own page, with ",
            )) code { "POST /api/v1/innovaties/{id}/doelen" } (l.t(" of ", " or ")) code { "gemeten claim INNOVATIE --doel " (l.t("DOEL", "TARGET")) } "." }
        } @else {
            ul { @for i in &k.innovaties {
                li {
                    a href=(format!("/innovaties/{}", i.innovatie.id)) lang=[nl(l)] { (i.innovatie.name) }
                    " — "
                    @if i.direct { span.vb-label { (l.t("zelf gekoppeld", "linked itself")) } }
                    @if i.direct && !i.via_projecten.is_empty() { " " (l.t("en", "and")) " " }
                    @if !i.via_projecten.is_empty() {
                        (l.t("via project ", "through project "))
                        @for (n, p) in i.via_projecten.iter().enumerate() {
                            @if n > 0 { ", " }
                            a href=(format!("/projecten/{p}")) { (p) }
                        }
                    }
                }
            } }
        }
    }
}

fn lijst(ids: &[Id]) -> String {
    ids.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")
}

fn instrumenten(k: &Keten<'_>, l: Lang) -> Markup {
    html! {
        h2 #instrumenten { (l.t("Instrumenten", "Instruments")) " " span.count { "(" (k.instrumenten.len()) ")" } }
        @if k.instrumenten.is_empty() {
            p.leeg { (l.t(
                "Geen instrument op de keten: de instrumenten volgen uit de gekoppelde projecten (wie ze financiert, en hun financieringsroute nu en straks). Zie de instrumenten van de missie op de missiepagina.",
                "No instrument on the chain: the instruments follow from the linked projects (who funds them, and their financing route now and next). See the mission's instruments on the mission page.",
            )) }
        } @else {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Instrument", "Instrument")) }
                    th scope="col" { (l.t("Financiert", "Funds")) }
                    th scope="col" { (l.t("Past nu bij", "Fits now")) }
                    th scope="col" { (l.t("Past daarna bij", "Fits next")) }
                } }
                tbody { @for i in &k.instrumenten { tr {
                    th scope="row" lang="nl" { (i.instrument.name_nl) }
                    td { (lijst(&i.funds)) }
                    td { (lijst(&i.fits_now)) }
                    td { (lijst(&i.next)) }
                } } }
            } }
        }
    }
}

fn barrieres(k: &Keten<'_>, l: Lang) -> Markup {
    html! {
        h2 #barrieres { (l.t("Barrières en aanbevelingen", "Barriers and recommendations")) " " span.count { "(" (k.barrieres.len() + k.aanbevelingen.len()) ")" } }
        @if k.barrieres.is_empty() && k.aanbevelingen.is_empty() {
            p.leeg { (l.t(
                "Het register kent geen barrières of aanbevelingen bij de innovaties van deze keten of van de missie.",
                "The register knows no barriers or recommendations for the innovations of this chain or of the mission.",
            )) }
        }
        @if !k.barrieres.is_empty() {
            h3 { (l.t("Barrières", "Barriers")) }
            // The titles only: the descriptions stand on the innovations' pages, each link
            // going to the barrier there.
            ul { @for b in &k.barrieres { li {
                strong lang=[nl(l)] { (b.barriere.title_nl) }
                @if b.on_chain { " " span.vb-label { (l.t("op de keten", "on the chain")) } }
                br; small {
                    (l.t("Bij innovaties", "For innovations")) ": "
                    @for (n, i) in b.innovaties.iter().enumerate() {
                        @if n > 0 { ", " }
                        a href=(format!("/innovaties/{i}#barriere-{}", b.barriere.id)) { (i) }
                    }
                    " · " (bron(&b.barriere.source))
                }
            } } }
        }
        @if !k.aanbevelingen.is_empty() {
            h3 { (l.t("Aanbevelingen", "Recommendations")) }
            ul { @for a in &k.aanbevelingen { li {
                span lang="nl" { (a.what_nl) }
                @if let Some(f) = &a.first_step_nl { " " (l.t("Eerste stap", "First step")) ": " span lang="nl" { (f) } }
                br; small { (bron(&a.source)) }
            } } }
        }
    }
}
