//! The innovations of the register (the prioritisation of document 002): `/innovaties`,
//! `/innovaties/{id}` and their API, each innovation with its source, barriers, the
//! projects that develop it, the targets it claims to contribute to (linked with the form on
//! its page, `POST /innovaties/{id}/doelen`, or `POST /api/v1/innovaties/{id}/doelen`, both
//! through `gemeten_app::innovatie_doel_koppelen`; taken back with the button beside a
//! target, `POST /innovaties/{id}/doelen/{doel}/ontkoppelen`, or
//! `DELETE /api/v1/innovaties/{id}/doelen/{doel}`, both through
//! `gemeten_app::innovatie_doel_ontkoppelen`), and its financing route (instruments that fit
//! now and next, from `gemeten_portfolio::route`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use maud::{html, Markup};
use serde::Serialize;

use gemeten_domain::{
    Aanbeveling, Barriere, Fase, Id, Innovatie, MissieCode, Problemen, Project, Register,
};
use gemeten_portfolio::{route, PijplijnItem, Route, RouteStap};

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::{Filter, IdPad, JsonBody, Taal, TweeIdsPad};
use crate::layout::{bron, missie_label, onb, page, waarom, Nav, PageError, WAAROM_002};
use crate::projecten::portefeuille::snapshot;
use crate::routes::Routes;
use crate::schrijven::{fouten, see_other, waarde, weigering, Waarden};
use crate::{AppState, Lang};

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/innovaties", api_lijst)
        .get("/innovaties/{id}", api_een)
        .post("/innovaties/{id}/doelen", api_doel_koppelen)
        .delete("/innovaties/{id}/doelen/{doel}", api_doel_ontkoppelen)
}

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/innovaties", lijst)
        .get("/innovaties/{id}", innovatie)
        .post("/innovaties/{id}/doelen", doel_opslaan)
        .post(
            "/innovaties/{id}/doelen/{doel}/ontkoppelen",
            doel_ontkoppelen,
        )
}

/// Everything about one innovation that its page and its API answer show.
#[derive(Serialize)]
pub(crate) struct Dossier<'a> {
    pub innovatie: &'a Innovatie,
    pub barrieres: Vec<&'a Barriere>,
    /// Recommendations for this innovation or for one of its barriers.
    pub aanbevelingen: Vec<&'a Aanbeveling>,
    /// Ids of the projects that develop it.
    pub projecten: Vec<Id>,
    /// The targets it claims to contribute to itself (innovation–target links), by id.
    pub doelen: Vec<Id>,
    pub route: Route<'a>,
}

pub(crate) fn not_found(id: &str) -> ApiError {
    ApiError::niet_gevonden("id", "innovatie", "innovation", id)
}

pub(crate) fn dossier<'a>(
    register: &'a Register,
    i: &'a Innovatie,
    projects: &[Project],
    doelen: Vec<Id>,
) -> Dossier<'a> {
    let p = register.parts();
    Dossier {
        innovatie: i,
        barrieres: i
            .barrieres
            .iter()
            .filter_map(|b| register.barriere(b))
            .collect(),
        aanbevelingen: p
            .aanbeveling
            .iter()
            .filter(|a| {
                a.innovatie.as_ref() == Some(&i.id)
                    || a.barriere.as_ref().is_some_and(|b| i.barrieres.contains(b))
            })
            .collect(),
        projecten: projects
            .iter()
            .filter(|p| p.innovatie.as_ref() == Some(&i.id))
            .map(|p| p.id.clone())
            .collect(),
        doelen,
        route: route(register, PijplijnItem::from(i)),
    }
}

/// The list's view model: the register's innovations of `?missie=` at `?trl=`.
fn lijst_model(register: &Register, f: Filter) -> Vec<&Innovatie> {
    register
        .innovaties(f.missie, None)
        .into_iter()
        .filter(|i| f.trl.is_none_or(|t| i.trl == Some(t)))
        .collect()
}

fn find<'a>(register: &'a Register, id: &Id) -> Option<&'a Innovatie> {
    register.parts().innovatie.iter().find(|i| &i.id == id)
}

/// `GET /api/v1/innovaties?missie=&trl=`: the register's innovations.
pub(crate) async fn api_lijst(
    State(state): State<AppState>,
    filter: Result<Filter, ApiError>,
) -> Result<Response, ApiError> {
    Ok(Json(lijst_model(&state.register, filter?)).into_response())
}

/// `GET /api/v1/innovaties/{id}`: one innovation with barriers, recommendations, projects
/// and financing route; 404 for an id that is no innovation.
pub(crate) async fn api_een(
    State(state): State<AppState>,
    id: Result<IdPad, ApiError>,
) -> Result<Response, ApiError> {
    let IdPad(id) = id?;
    let i = find(&state.register, &id).ok_or_else(|| not_found(id.as_str()))?;
    let snap = snapshot(&state).await?;
    let doelen = doelen_van(&state, &i.id).await?;
    Ok(Json(dossier(&state.register, i, &snap.projects, doelen)).into_response())
}

/// The targets innovation `id` is linked to itself, by id.
async fn doelen_van(state: &AppState, id: &Id) -> Result<Vec<Id>, ApiError> {
    let key = id.clone();
    Ok(state
        .with_store(move |s| s.innovation_targets(Some(&key), None))
        .await?
        .into_iter()
        .map(|x| x.doel)
        .collect())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NieuwDoel {
    doel: Id,
}

/// `POST /api/v1/innovaties/{id}/doelen` (`{"doel": "II-zorg-in-leefomgeving"}`): links the
/// innovation to a target it claims to contribute to; 201 with the innovation's targets, 404
/// for an innovation not in the register, 422 for a target the rules refuse (unknown, of a
/// mission the innovation is not linked to, linked already).
async fn api_doel_koppelen(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    id: Result<IdPad, ApiError>,
    body: Result<JsonBody<NieuwDoel>, ApiError>,
) -> Result<Response, ApiError> {
    let IdPad(id) = id?;
    let account = gebruiker.account()?.clone();
    find(&state.register, &id).ok_or_else(|| not_found(id.as_str()))?;
    let JsonBody(n) = body?;
    let key = id.clone();
    state
        .schrijf(move |s, r| gemeten_app::innovatie_doel_koppelen(s, r, &account, &key, &n.doel))
        .await?;
    let doelen = doelen_van(&state, &id).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "innovatie": id, "doelen": doelen })),
    )
        .into_response())
}

/// `POST /innovaties/{id}/doelen` (form: `doel`): 401 without a user, 403 for one who may
/// not, 404 for an innovation not in the register; a target that cannot be read is 400, one
/// the rules refuse 422, each with the page and the form again as sent and the reason
/// (nothing stored); otherwise back to the innovation's targets (303).
async fn doel_opslaan(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(id): Path<String>,
    sent: Result<Form<Waarden>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let values = match sent {
        Ok(Form(values)) => Ok(values),
        Err(e) => Err(ApiError::from(onleesbaar("body", e.body_text()))),
    };
    let doel = values
        .as_ref()
        .map(|v| waarde(v, "doel").trim().to_owned())
        .unwrap_or_default();
    doel_formulier(&state, &taal, &gebruiker, &id, values.map(|_| doel), true).await
}

/// The link form and the unlink button: who may (401, 403), the innovation (404), the
/// target read (400), then the write, linking or (`koppelen` false) taking the link back;
/// back to the innovation's targets (303), or the page again with the reason and, for a
/// link, the target as sent.
async fn doel_formulier(
    state: &AppState,
    taal: &Taal,
    gebruiker: &Gebruiker,
    id: &str,
    doel: Result<String, ApiError>,
    koppelen: bool,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(taal, e);
    let account = gebruiker.account().map_err(fail)?.clone();
    let i = id
        .parse::<Id>()
        .ok()
        .and_then(|key| find(&state.register, &key))
        .ok_or_else(|| fail(not_found(id)))?;
    let doel = doel.map_err(fail)?;
    let outcome = match doel.parse::<Id>() {
        Ok(d) => {
            let key = i.id.clone();
            let doe = match koppelen {
                true => gemeten_app::innovatie_doel_koppelen,
                false => gemeten_app::innovatie_doel_ontkoppelen,
            };
            state
                .schrijf(move |s, r| doe(s, r, &account, &key, &d))
                .await
        }
        Err(p) => Err(ApiError::BadParam(p.als_veld("doel").into())),
    };
    let (status, p) = match outcome {
        Ok(()) => return Ok(see_other(&format!("/innovaties/{}#doelen", i.id))),
        Err(e) => weigering(e).map_err(fail)?,
    };
    let terug = if koppelen { doel.as_str() } else { "" };
    let mut response = innovatie_pagina(state, taal, gebruiker, i, terug, Some(&p)).await?;
    *response.status_mut() = status;
    Ok(response)
}

/// `DELETE /api/v1/innovaties/{id}/doelen/{doel}`: takes back the innovation's link to the
/// target; 200 with the innovation's targets, 404 for an innovation not in the register, 422
/// for a target it is not linked to.
async fn api_doel_ontkoppelen(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    ids: Result<TweeIdsPad, ApiError>,
) -> Result<Response, ApiError> {
    let TweeIdsPad(id, doel) = ids?;
    let account = gebruiker.account()?.clone();
    find(&state.register, &id).ok_or_else(|| not_found(id.as_str()))?;
    let key = id.clone();
    state
        .schrijf(move |s, r| gemeten_app::innovatie_doel_ontkoppelen(s, r, &account, &key, &doel))
        .await?;
    let doelen = doelen_van(&state, &id).await?;
    Ok(Json(serde_json::json!({ "innovatie": id, "doelen": doelen })).into_response())
}

/// `POST /innovaties/{id}/doelen/{doel}/ontkoppelen` (the button beside a linked target):
/// 401 without a user, 403 for one who may not, 404 for an innovation not in the register; a
/// target it is not linked to is 422 with the page and the reason (nothing changed);
/// otherwise back to the innovation's targets (303).
async fn doel_ontkoppelen(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path((id, doel)): Path<(String, String)>,
) -> Result<Response, PageError> {
    doel_formulier(&state, &taal, &gebruiker, &id, Ok(doel), false).await
}

fn fase(f: Option<Fase>, l: Lang) -> &'static str {
    match (f, l) {
        (Some(f), Lang::Nl) => f.label_nl(),
        (Some(f), Lang::En) => f.label_en(),
        (None, l) => l.t("onbekend", "unknown"),
    }
}

/// Whether the register leaves a phase, the TRL or the SEL of the innovation empty.
fn incomplete(i: &Innovatie) -> bool {
    let f = i.fasen();
    i.trl.is_none()
        || i.sel.is_none()
        || f.innovation.is_none()
        || f.stakeholders.is_none()
        || f.environment.is_none()
}

fn missies(m: &[MissieCode], l: Lang) -> Markup {
    html! {
        @for (n, code) in m.iter().enumerate() {
            @if n > 0 { ", " }
            a href=(format!("/missies/{code}")) { (missie_label(*code, l)) }
        }
    }
}

fn status_002(i: &Innovatie, l: Lang) -> String {
    let mut s = Vec::new();
    if i.selected {
        s.push(l.t("geselecteerd", "selected"));
    }
    if i.interviewed {
        s.push(l.t("geïnterviewd", "interviewed"));
    }
    if s.is_empty() {
        s.push(l.t("kandidaat", "candidate"));
    }
    s.join(", ")
}

async fn lijst(
    State(state): State<AppState>,
    taal: Taal,
    filter: Result<Filter, ApiError>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let f = filter.map_err(|e| PageError::new(&taal, e))?;
    let register = &state.register;
    let list = lijst_model(register, f);
    let body = html! {
        h1 { (l.t("Innovaties", "Innovations")) }
        p.intro { (l.t(
            "De innovaties uit de prioritering van missie II en III (document 002), met hun fase, barrières en bron. Per innovatie: de projecten die eraan werken en de financieringsroute.",
            "The innovations of the prioritisation of missions II and III (document 002), with their phase, barriers and source. Per innovation: the projects working on it and the financing route.",
        )) }
        p.meta {
            a href="/oproepen" { (l.t("Oproepen en hun eisen", "Calls and their requirements")) }
            " · "
            a href="/maatstaven" { (l.t("ROCKET-principes en kernelementen", "ROCKET principles and core elements")) }
        }
        form.filter method="get" action="/innovaties" {
            label for="missie" { (l.t("Missie", "Mission")) }
            select #missie name="missie" {
                option value="" selected[f.missie.is_none()] { (l.t("alle missies", "all missions")) }
                @for m in register.missies() {
                    option value=(m.code) selected[f.missie == Some(m.code)] { (missie_label(m.code, l)) }
                }
            }
            @if l == Lang::En { input type="hidden" name="lang" value="en"; }
            button type="submit" { (l.t("Tonen", "Show")) }
        }
        @if list.is_empty() {
            p.leeg { (l.t("Geen innovaties voor deze keuze.", "No innovations match this choice.")) }
        } @else {
            div.scroll { table {
                caption { (crate::opmaak::aantal(list.len(), l, ("innovatie", "innovaties"), ("innovation", "innovations"))) }
                thead { tr {
                    th scope="col" { (l.t("Innovatie", "Innovation")) }
                    th scope="col" { (l.t("Missies", "Missions")) }
                    th scope="col" { (l.t("In 002", "In 002")) }
                    th scope="col" { "TRL / SEL" }
                    th scope="col" { (l.t("Fasen (innovatie / stakeholders / omgeving)", "Phases (innovation / stakeholders / environment)")) }
                    th scope="col" { (l.t("Barrières", "Barriers")) }
                    th scope="col" { (l.t("Bron", "Source")) }
                } }
                tbody { @for i in &list { tr {
                    th scope="row" { a href=(format!("/innovaties/{}", i.id)) { (i.name) } }
                    td { (missies(&i.missies, l)) }
                    td { (status_002(i, l)) }
                    td { (onb(i.trl, l)) " / " (onb(i.sel, l)) }
                    td { (fase(i.phase_innovation, l)) " / " (fase(i.phase_stakeholders, l)) " / " (fase(i.phase_environment, l)) }
                    td { ul.plain { @for b in i.barrieres.iter().filter_map(|b| register.barriere(b)) {
                        li lang="nl" { (b.title_nl) }
                    } } }
                    td { (bron(&i.source)) }
                } } }
            } }
            @if list.iter().any(|i| incomplete(i)) { p.meta { (waarom(WAAROM_002, l)) } }
        }
    };
    Ok(page(
        &taal,
        l.t("Innovaties", "Innovations"),
        Nav::Innovaties,
        body,
    ))
}

/// Where the mission page lists an instrument: the first mission the instrument and the
/// innovation share.
fn instrument_href(stap: &RouteStap<'_>, missies: &[MissieCode]) -> String {
    let i = stap.instrument;
    let m = i
        .missies
        .iter()
        .find(|m| missies.contains(m))
        .or(i.missies.first())
        .copied()
        .unwrap_or(MissieCode::C);
    format!("/missies/{m}#instrument-{}", i.id)
}

fn route_tabel(
    caption: &str,
    stappen: &[RouteStap<'_>],
    missies: &[MissieCode],
    l: Lang,
) -> Markup {
    html! {
        @if stappen.is_empty() {
            p.leeg { (caption) ": " (l.t("geen.", "none.")) }
        } @else {
            div.scroll { table {
                caption { (caption) " (" (stappen.len()) ")" }
                thead { tr {
                    th scope="col" { (l.t("Instrument", "Instrument")) }
                    th scope="col" { (l.t("Programma", "Programme")) }
                    th scope="col" { "TRL" }
                    th scope="col" { (l.t("Waarom", "Why")) }
                } }
                tbody { @for s in stappen { tr {
                    th scope="row" lang="nl" { a href=(instrument_href(s, missies)) { (s.instrument.name_nl) } }
                    td { (s.instrument.programmas.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")) }
                    td { (s.instrument.trl.map_or_else(|| l.t("onbekend", "unknown").to_owned(), |r| format!("{}–{}", r.min(), r.max()))) }
                    td lang="nl" { (s.reason) }
                } } }
            } }
        }
    }
}

/// How many of the best fits the route shows first; the others follow folded away.
const BESTE: usize = 3;

/// Why a step of the route ranks where it does, in the page's language: what is known to
/// fit, and how focused the instrument is.
fn uitleg(s: &RouteStap<'_>, missies: usize, l: Lang) -> String {
    let f = s.fit;
    let mut parts: Vec<String> = Vec::new();
    if f.trl_known_fit {
        parts.push(
            l.t("de TRL past aantoonbaar", "the TRL is known to fit")
                .to_owned(),
        );
    } else {
        parts.push(
            l.t(
                "TRL niet te toetsen (een bereik of de TRL ontbreekt): niet uitgesloten, niet bevestigd",
                "TRL cannot be checked (a range or the TRL is missing): not excluded, not confirmed",
            )
            .to_owned(),
        );
    }
    if f.lead_known_fit {
        parts.push(
            l.t(
                "staat open voor deze soort penvoerder",
                "open to this kind of lead applicant",
            )
            .to_owned(),
        );
    }
    if f.brl_known_fit {
        parts.push(l.t("de BRL past", "the BRL fits").to_owned());
    }
    if missies > 1 {
        parts.push(match l {
            Lang::Nl => format!(
                "dient {} van de {missies} missies van de innovatie",
                f.shared_missions
            ),
            Lang::En => format!(
                "serves {} of the innovation's {missies} missions",
                f.shared_missions
            ),
        });
    }
    parts.push(match (f.instrument_missions, l) {
        (1, Lang::Nl) => "alleen voor deze missie".to_owned(),
        (1, Lang::En) => "for this mission only".to_owned(),
        (n, Lang::Nl) => format!("voor {n} missies"),
        (n, Lang::En) => format!("for {n} missions"),
    });
    if let Some(n) = f.trl_span {
        parts.push(match l {
            Lang::Nl => format!("bereik van {n} TRL’s"),
            Lang::En => format!("a range of {n} TRLs"),
        });
    }
    parts.join("; ")
}

/// The instruments that fit now: the best few with why they rank first, the others below
/// them folded away (every one of them fits; they are only less sure or less focused).
fn beste_passend(stappen: &[RouteStap<'_>], missies: &[MissieCode], l: Lang) -> Markup {
    let (beste, rest) = stappen.split_at(stappen.len().min(BESTE));
    html! {
        @if beste.is_empty() {
            p.leeg { (l.t("Geen instrument past nu.", "No instrument fits now.")) }
        } @else {
            h3 { (l.t("Past het best", "Fits best")) }
            p { (l.t(
                "Gerangschikt op wat zeker past (TRL, soort penvoerder, BRL), dan op hoe gericht het instrument is (minder missies, een smaller TRL-bereik).",
                "Ranked by what is known to fit (TRL, kind of lead applicant, BRL), then by how focused the instrument is (fewer missions, a narrower TRL range).",
            )) }
            ol.route-beste { @for s in beste {
                li {
                    strong lang="nl" { a href=(instrument_href(s, missies)) { (s.instrument.name_nl) } }
                    " (" (s.instrument.programmas.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")) ")"
                    br;
                    span.meta { (uitleg(s, missies.len(), l)) }
                }
            } }
            @if !rest.is_empty() {
                details {
                    summary { (match l {
                        Lang::Nl => format!("Past ook ({}), minder zeker of minder gericht", rest.len()),
                        Lang::En => format!("Also fits ({}), less sure or less focused", rest.len()),
                    }) }
                    (route_tabel(l.t("Past ook", "Also fits"), rest, missies, l))
                }
            }
        }
    }
}

fn onbekend_label(field: &str, l: Lang) -> &'static str {
    match field {
        "trl" => l.t("de TRL van de innovatie", "the innovation's TRL"),
        "brl" => l.t(
            "de BRL (business readiness)",
            "the BRL (business readiness)",
        ),
        "lead_kind" => l.t("de soort penvoerder", "the kind of lead applicant"),
        _ => l.t("een gegeven", "a fact"),
    }
}

async fn innovatie(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let i = id
        .parse::<Id>()
        .ok()
        .and_then(|key| find(&state.register, &key))
        .ok_or_else(|| PageError::new(&taal, not_found(&id)))?;
    innovatie_pagina(&state, &taal, &gebruiker, i, "", None).await
}

/// The targets an innovation claims itself, and for who may the form to link one more
/// (`doel`: the value to show again, `fout`: why it was refused).
fn doelen_sectie(
    register: &Register,
    i: &Innovatie,
    doelen: &[Id],
    csrf: Option<&str>,
    doel: &str,
    fout: Option<&Problemen>,
    l: Lang,
) -> Markup {
    let kan = register
        .parts()
        .doel
        .iter()
        .filter(|d| d.missie == MissieCode::C || i.missies.contains(&d.missie))
        .filter(|d| !doelen.contains(&d.id));
    html! {
        h2 #doelen { (l.t("Doelen waaraan de innovatie zegt bij te dragen", "Targets the innovation claims to contribute to")) " " span.count { "(" (doelen.len()) ")" } }
        @if doelen.is_empty() {
            p.leeg { (l.t(
                "Nog geen doel gekoppeld. Een doel koppelen zet de innovatie in de keten van dat doel.",
                "No target linked yet. Linking a target puts the innovation on that target's chain.",
            )) }
        } @else {
            ul { @for d in doelen { li {
                a href=(format!("/doelen/{d}")) { (d) }
                // Who may link may take a link back.
                @if let Some(csrf) = csrf {
                    " "
                    form.inline method="post" action=(format!("/innovaties/{}/doelen/{d}/ontkoppelen", i.id)) {
                        (csrf_field(csrf))
                        button type="submit" aria-label=(format!("{} {d}", l.t("Ontkoppel doel", "Unlink target"))) { (l.t("Ontkoppelen", "Unlink")) }
                    }
                }
            } } }
        }
        @if let Some(csrf) = csrf {
            form.bewerken #doel-koppelen method="post" action=(format!("/innovaties/{}/doelen", i.id)) {
                (csrf_field(csrf))
                @if let Some(p) = fout { (fouten(p, l)) }
                label for="doel" { (l.t(
                    "Doel (een doel van een missie van de innovatie, of van de centrale missie C)",
                    "Target (a target of one of the innovation's missions, or of the central mission C)",
                )) }
                input #doel name="doel" type="text" list="doelen-keuze" required value=(doel)
                    aria-invalid=[fout.map(|_| "true")];
                datalist #doelen-keuze { @for d in kan { option value=(d.id) { (crate::layout::pick_str(&d.indicator_nl, &d.indicator_en, l)) } } }
                p.knoppen { button type="submit" { (l.t("Doel koppelen", "Link target")) } }
            }
        }
    }
}

async fn innovatie_pagina(
    state: &AppState,
    taal: &Taal,
    gebruiker: &Gebruiker,
    i: &Innovatie,
    doel: &str,
    fout: Option<&Problemen>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let register = &state.register;
    let snap = snapshot(state).await.map_err(|e| PageError::new(taal, e))?;
    let doelen = doelen_van(state, &i.id)
        .await
        .map_err(|e| PageError::new(taal, e))?;
    let d = dossier(register, i, &snap.projects, doelen);
    let csrf = match (&gebruiker.account, gebruiker.csrf()) {
        (Some(a), Some(csrf)) if gemeten_app::may_link_innovation(a, i) => Some(csrf),
        _ => None,
    };
    let beoordelingen =
        crate::beoordelingen::van(state, gemeten_domain::OnderwerpSoort::Innovatie, &i.id)
            .await
            .map_err(|e| PageError::new(taal, e))?;
    let projecten: Vec<&Project> = snap
        .projects
        .iter()
        .filter(|p| d.projecten.contains(&p.id))
        .collect();
    let body = html! {
        h1 { (i.name) }
        p.intro lang="nl" { (i.description_nl) }
        dl.feiten {
            dt { (l.t("Missies", "Missions")) } dd { (missies(&i.missies, l)) }
            dt { (l.t("In 002", "In 002")) } dd { (status_002(i, l)) }
            dt { "TRL / SEL" } dd { (onb(i.trl, l)) " / " (onb(i.sel, l))
                @if i.trl.is_none() || i.sel.is_none() { " " (waarom(WAAROM_002, l)) } }
            dt { (l.t("Fasen (innovatie / stakeholders / omgeving)", "Phases (innovation / stakeholders / environment)")) }
            dd { (fase(i.phase_innovation, l)) " / " (fase(i.phase_stakeholders, l)) " / " (fase(i.phase_environment, l))
                @if i.fasen().innovation.is_none() || i.fasen().stakeholders.is_none() || i.fasen().environment.is_none() { " " (waarom(WAAROM_002, l)) } }
            @if let Some(t) = &i.end_user_impact_nl { dt { (l.t("Impact voor de eindgebruiker", "Impact for the end user")) } dd lang="nl" { (t) } }
            @if let Some(t) = &i.societal_impact_nl { dt { (l.t("Maatschappelijke impact", "Societal impact")) } dd lang="nl" { (t) } }
            @if let Some(t) = &i.economic_impact_nl { dt { (l.t("Economische impact", "Economic impact")) } dd lang="nl" { (t) } }
            dt { (l.t("Bron", "Source")) }
            dd { (bron(&i.source)) " — " (match l { Lang::Nl => i.source.doc.label_nl(), Lang::En => i.source.doc.label_en() }) }
        }

        (crate::beoordelingen::section(register, crate::beoordelingen::Onderwerp { soort: gemeten_domain::OnderwerpSoort::Innovatie, id: &i.id }, &i.missies, None, &beoordelingen, gebruiker, l))
        h2 #projecten { (l.t("Projecten", "Projects")) " " span.count { "(" (projecten.len()) ")" } }
        @if projecten.is_empty() {
            p.leeg { (l.t("Nog geen project in de portefeuille werkt aan deze innovatie.", "No project of the portfolio works on this innovation yet.")) }
        } @else {
            ul { @for p in &projecten {
                li { a href=(format!("/projecten/{}", p.id)) lang=[crate::layout::nl(l)] { (p.title) } (crate::layout::voorbeeld_label(p.id.as_str(), l)) " (" (p.funder) ", TRL " (onb(p.trl, l)) ")" }
            } }
        }

        (doelen_sectie(register, i, &d.doelen, csrf, doel, fout, l))

        h2 #barrieres { (l.t("Barrières", "Barriers")) " " span.count { "(" (d.barrieres.len()) ")" } }
        @if d.barrieres.is_empty() {
            p.leeg { (l.t("002 noemt geen barrières voor deze innovatie.", "002 names no barriers for this innovation.")) }
        }
        @for b in &d.barrieres {
            h3 #(format!("barriere-{}", b.id)) lang="nl" { (b.title_nl) }
            p lang="nl" { (b.description_nl) }
            p { (l.t("Bron", "Source")) ": " (bron(&b.source)) }
            @let aanbevelingen: Vec<&&Aanbeveling> = d.aanbevelingen.iter().filter(|a| a.barriere.as_ref() == Some(&b.id)).collect();
            @if !aanbevelingen.is_empty() {
                details {
                    summary { (l.t("Aangedragen oplossingen", "Proposed solutions")) " (" (aanbevelingen.len()) ")" }
                    ul { @for a in &aanbevelingen { li lang="nl" { (a.what_nl) " " (bron(&a.source)) } } }
                }
            }
        }

        h2 #route { (l.t("Financieringsroute", "Financing route")) }
        p { (l.t(
            "Instrumenten die nu passen (missie, TRL, BRL, soort penvoerder) en die daarna volgen langs de TRL’s.",
            "Instruments that fit now (mission, TRL, BRL, kind of lead applicant) and those that follow along the TRLs.",
        )) }
        @if !d.route.unknowns.is_empty() {
            p { (l.t("Onbekend, dus niet gebruikt om uit te sluiten: ", "Unknown, so not used to exclude: "))
                (d.route.unknowns.iter().map(|u| onbekend_label(u, l)).collect::<Vec<_>>().join(", ")) "." }
        }
        (beste_passend(&d.route.now, &i.missies, l))
        h3 { (l.t("Daarna", "Next")) }
        (route_tabel(l.t("Daarna, in volgorde van TRL", "Next, in order of TRL"), &d.route.next, &i.missies, l))
        p { a href="/innovaties" { (l.t("Alle innovaties", "All innovations")) } }
    };
    Ok(page(taal, i.name.as_str(), Nav::Innovaties, body))
}
