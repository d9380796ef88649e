//! Calls (oproepen): an instrument opening for a period, with what it requires of every
//! project that applies (a ROCKET self-assessment, a stated contribution to a target such as
//! the −30). Pages `/oproepen` (the calls, and the form to open one) and `/oproepen/{id}`
//! (its requirements, the projects that came in with it, its own assessments); the API
//! `GET`/`POST /api/v1/oproepen` and `GET /api/v1/oproepen/{id}`. Every write is
//! [`gemeten_app::oproep_aanmaken`]; project lists come into a call with
//! `gemeten projects import --call`.

use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use maud::{html, Markup};
use serde::Serialize;
use serde_json::json;

use gemeten_app::may_assess;
use gemeten_domain::{
    Beoordeling, Bijdrage, Id, Instrument, Kader, OnderwerpSoort, Oproep, Probleem, Problemen,
    Register, Tekst,
};
use gemeten_monitoring::Datum;
use gemeten_store::ProjectStore;

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::{JsonBody, Taal};
use crate::layout::{page, pick, voorbeeld_label, Nav, PageError};
use crate::routes::Routes;
use crate::schrijven::aanmaken;
use crate::{AppState, Lang};

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/oproepen", lijst_pagina)
        .post("/oproepen", openen)
        .get("/oproepen/{id}", oproep_pagina)
}

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/oproepen", api_lijst)
        .post("/oproepen", api_openen)
        .get("/oproepen/{id}", api_oproep)
}

/// Where a call stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Stand {
    Komend,
    Open,
    Gesloten,
}

impl Stand {
    fn op(o: &Oproep, dag: Datum) -> Stand {
        if dag < o.opens {
            Stand::Komend
        } else if dag > o.closes {
            Stand::Gesloten
        } else {
            Stand::Open
        }
    }

    fn label(self, l: Lang) -> &'static str {
        match self {
            Stand::Komend => l.t("nog niet open", "not open yet"),
            Stand::Open => l.t("open", "open"),
            Stand::Gesloten => l.t("gesloten", "closed"),
        }
    }
}

/// A project that came in with the call: its self-assessment under the call and the
/// contributions it stated with it.
#[derive(Debug, Clone, Serialize)]
struct Aanvraag {
    project: Id,
    title: Option<String>,
    /// Mean ROCKET score of the self-assessment, where it gave scores.
    rocket_gemiddelde: Option<f64>,
    rocket_zelfbeoordeling: bool,
    bijdragen: Vec<Bijdrage>,
}

/// The projects that came in with call `id`, by project id.
fn aanvragen(id: &Id, bijdragen: &[Bijdrage], beoordelingen: &[Beoordeling]) -> Vec<Aanvraag> {
    let mut uit: std::collections::BTreeMap<Id, Aanvraag> = std::collections::BTreeMap::new();
    let leeg = |p: &Id| Aanvraag {
        project: p.clone(),
        title: None,
        rocket_gemiddelde: None,
        rocket_zelfbeoordeling: false,
        bijdragen: Vec::new(),
    };
    for b in beoordelingen
        .iter()
        .filter(|b| b.oproep.as_ref() == Some(id) && b.kader == Kader::Rocket && b.zelfbeoordeling)
    {
        let a = uit
            .entry(b.onderwerp.clone())
            .or_insert_with(|| leeg(&b.onderwerp));
        a.rocket_zelfbeoordeling = true;
        // A later self-assessment stands for the project (they come in order).
        a.rocket_gemiddelde = b.gemiddelde();
    }
    for b in bijdragen.iter().filter(|b| b.oproep.as_ref() == Some(id)) {
        uit.entry(b.project.clone())
            .or_insert_with(|| leeg(&b.project))
            .bijdragen
            .push(b.clone());
    }
    uit.into_values().collect()
}

fn instrument<'a>(register: &'a Register, id: &Id) -> Option<&'a Instrument> {
    register.parts().instrument.iter().find(|i| &i.id == id)
}

/// A target by its indicator's name, or its id where the register does not know it.
fn doel_naam(register: &Register, id: &Id, l: Lang) -> Markup {
    match register.parts().doel.iter().find(|d| &d.id == id) {
        Some(d) => html! { (pick(&d.indicator_nl, &d.indicator_en, l)) },
        None => html! { code { (id) } },
    }
}

/// The form's fields, kept as typed so that a refusal shows them again.
#[derive(Debug, Clone, Default, serde::Deserialize)]
struct Invoer {
    #[serde(default)]
    id: String,
    #[serde(default)]
    instrument: String,
    #[serde(default)]
    title_nl: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    opens: String,
    #[serde(default)]
    closes: String,
    #[serde(default)]
    requires_rocket: Option<String>,
    #[serde(default)]
    requires_target: String,
}

impl Invoer {
    /// The call the fields describe, or every field that cannot be read (400).
    fn oproep(&self) -> Result<Oproep, ApiError> {
        let mut problemen = Vec::new();
        let mut veld = |naam: &'static str, r: Result<(), Probleem>| {
            if let Err(p) = r {
                problemen.push(p.als_veld(naam));
            }
        };
        let lees = |s: &str| s.trim().to_owned();
        let (mut id, mut instrument, mut title_nl) = (None, None, None);
        let (mut opens, mut closes, mut title_en, mut doel) = (None, None, None, None);
        veld("id", lees(&self.id).parse::<Id>().map(|v| id = Some(v)));
        veld(
            "instrument",
            lees(&self.instrument)
                .parse::<Id>()
                .map(|v| instrument = Some(v)),
        );
        veld(
            "title_nl",
            lees(&self.title_nl)
                .parse::<Tekst>()
                .map(|v| title_nl = Some(v)),
        );
        if !self.title_en.trim().is_empty() {
            veld(
                "title_en",
                lees(&self.title_en)
                    .parse::<Tekst>()
                    .map(|v| title_en = Some(v)),
            );
        }
        veld(
            "opens",
            lees(&self.opens).parse::<Datum>().map(|v| opens = Some(v)),
        );
        veld(
            "closes",
            lees(&self.closes)
                .parse::<Datum>()
                .map(|v| closes = Some(v)),
        );
        if !self.requires_target.trim().is_empty() {
            veld(
                "requires_target",
                lees(&self.requires_target)
                    .parse::<Id>()
                    .map(|v| doel = Some(v)),
            );
        }
        match (id, instrument, title_nl, opens, closes) {
            (Some(id), Some(instrument), Some(title_nl), Some(opens), Some(closes))
                if problemen.is_empty() =>
            {
                Ok(Oproep {
                    id,
                    instrument,
                    title_nl,
                    title_en,
                    opens,
                    closes,
                    requires_rocket: self.requires_rocket.is_some(),
                    requires_target: doel,
                })
            }
            _ => Err(ApiError::BadParam(Problemen(problemen))),
        }
    }
}

/// `/oproepen`: every call with its state today, and for a user who may open one the form.
async fn lijst_pagina(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
) -> Result<Response, PageError> {
    let calls = state
        .with_store(|s| s.calls())
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    Ok(lijst_met_formulier(
        &state,
        &taal,
        &gebruiker,
        &calls,
        &Invoer::default(),
        None,
    ))
}

fn lijst_met_formulier(
    state: &AppState,
    taal: &Taal,
    gebruiker: &Gebruiker,
    calls: &[Oproep],
    invoer: &Invoer,
    fout: Option<&ApiError>,
) -> Response {
    let l = taal.lang;
    let register = &state.register;
    let vandaag = Datum::today();
    let body = html! {
        h1 { (l.t("Oproepen", "Calls")) }
        p.intro { (l.t(
            "Een oproep opent een instrument voor een periode. Per oproep is in te stellen dat elk project een ROCKET-zelfbeoordeling meebrengt en zijn bijdrage aan een doel (zoals de −30) noemt; een projectlijst zonder die gegevens wordt bij het invoeren geweigerd, met per project wat ontbreekt.",
            "A call opens an instrument for a period. Per call it can be required that every project brings a ROCKET self-assessment and states its contribution to a target (such as the −30); a project list without them is refused on import, naming per project what is missing.",
        )) }
        @if calls.is_empty() {
            p.leeg { (l.t(
                "Er is nog geen oproep. Een beheerder of het missieteam van een instrument opent er een met het formulier hieronder, of met `gemeten call add`.",
                "There is no call yet. An administrator or the mission team of an instrument opens one with the form below, or with `gemeten call add`.",
            )) }
        } @else {
            div.scroll { table {
                caption { (l.t("Oproepen met hun periode en eisen", "Calls with their period and requirements")) }
                thead { tr {
                    th scope="col" { (l.t("Oproep", "Call")) }
                    th scope="col" { (l.t("Instrument", "Instrument")) }
                    th scope="col" { (l.t("Periode", "Period")) }
                    th scope="col" { (l.t("Stand", "State")) }
                    th scope="col" { (l.t("Eisen", "Requirements")) }
                } }
                tbody { @for o in calls {
                    tr {
                        td { a href=(format!("/oproepen/{}", o.id)) { (pick(&o.title_nl, &o.title_en, l)) } " " code { (o.id) } }
                        td { @match instrument(register, &o.instrument) {
                            Some(i) => span lang=[crate::layout::nl(l)] { (i.name_nl) },
                            None => code { (o.instrument) },
                        } }
                        td { (o.opens) " – " (o.closes) }
                        td { (Stand::op(o, vandaag).label(l)) }
                        td { (eisen(register, o, l)) }
                    }
                } }
            } }
        }
        (formulier(register, gebruiker, invoer, fout, l))
    };
    let mut response = page(taal, l.t("Oproepen", "Calls"), Nav::Innovaties, body);
    if let Some(e) = fout {
        *response.status_mut() = e.status();
    }
    response
}

fn eisen(register: &Register, o: &Oproep, l: Lang) -> Markup {
    html! {
        @if !o.requires_rocket && o.requires_target.is_none() {
            (l.t("geen", "none"))
        }
        @if o.requires_rocket { (l.t("ROCKET-zelfbeoordeling", "ROCKET self-assessment")) }
        @if let Some(d) = &o.requires_target {
            @if o.requires_rocket { "; " }
            (l.t("bijdrage aan ", "contribution to ")) (doel_naam(register, d, l))
        }
    }
}

/// The form to open a call, for a user with a session who may open one for at least one
/// instrument (an administrator, or a mission team of the instrument's missions).
fn formulier(
    register: &Register,
    gebruiker: &Gebruiker,
    v: &Invoer,
    fout: Option<&ApiError>,
    l: Lang,
) -> Markup {
    let (Some(account), Some(csrf)) = (&gebruiker.account, gebruiker.csrf()) else {
        return html! {};
    };
    let instrumenten: Vec<&Instrument> = register
        .parts()
        .instrument
        .iter()
        .filter(|i| may_assess(account, &i.missies, None))
        .collect();
    if instrumenten.is_empty() {
        return html! {};
    }
    html! {
        form.bewerken #oproep-openen method="post" action="/oproepen" {
            (csrf_field(csrf))
            h2 { (l.t("Een oproep openen", "Open a call")) }
            @if let Some(e) = fout {
                div.fout role="alert" { ul { @for p in e.problemen().unwrap_or_default() { li {
                    @if let Some(f) = p.field() { code { (f) } ": " }
                    (p.reden(l))
                } } } }
            }
            p {
                label for="oproep-id" { "Id " span.meta { (l.t("(letters, cijfers, '-', '_' en '.'; komt in het adres)", "(letters, digits, '-', '_' and '.'; goes into the address)")) } } br;
                input #oproep-id name="id" required autocomplete="off" value=(v.id);
            }
            p {
                label for="oproep-instrument" { (l.t("Instrument", "Instrument")) } br;
                select #oproep-instrument name="instrument" {
                    @for i in &instrumenten {
                        option value=(i.id) selected[v.instrument == i.id.as_str()] lang=[crate::layout::nl(l)] { (i.name_nl) }
                    }
                }
            }
            p {
                label for="oproep-title-nl" { (l.t("Titel (Nederlands)", "Title (Dutch)")) } br;
                input #oproep-title-nl name="title_nl" required value=(v.title_nl);
            }
            p {
                label for="oproep-title-en" { (l.t("Titel (Engels, mag leeg)", "Title (English, may be empty)")) } br;
                input #oproep-title-en name="title_en" value=(v.title_en);
            }
            p {
                label for="oproep-opens" { (l.t("Opent op", "Opens on")) } br;
                input #oproep-opens name="opens" type="date" required value=(v.opens);
            }
            p {
                label for="oproep-closes" { (l.t("Sluit op", "Closes on")) } br;
                input #oproep-closes name="closes" type="date" required value=(v.closes);
            }
            p {
                input #oproep-rocket name="requires_rocket" type="checkbox" value="ja" checked[v.requires_rocket.is_some()];
                " " label for="oproep-rocket" { (l.t("Elk project brengt een ROCKET-zelfbeoordeling mee", "Every project brings a ROCKET self-assessment")) }
            }
            p {
                label for="oproep-doel" { (l.t("Elk project noemt zijn bijdrage aan", "Every project states its contribution to")) } br;
                select #oproep-doel name="requires_target" {
                    option value="" selected[v.requires_target.is_empty()] { (l.t("geen doel", "no target")) }
                    @for d in &register.parts().doel {
                        option value=(d.id) selected[v.requires_target == d.id.as_str()] lang=[(l == Lang::En && d.indicator_en.is_none()).then_some("nl")] { (crate::layout::pick_str(&d.indicator_nl, &d.indicator_en, l)) " (" (d.missie) ")" }
                    }
                }
            }
            p.knoppen { button type="submit" { (l.t("Oproep openen", "Open call")) } }
        }
    }
}

/// `POST /oproepen`: 303 to the new call; the list with the form again and the refusal
/// naming the field (400 unreadable, 422 refused, 409 known id), nothing stored.
async fn openen(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    sent: Result<Form<Invoer>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let account = gebruiker.account().map_err(fail)?.clone();
    let Form(invoer) = sent.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let outcome = match invoer.oproep() {
        Ok(o) => {
            let id = o.id.clone();
            state
                .schrijf(move |s, r| gemeten_app::oproep_aanmaken(s, r, &account, o))
                .await
                .map(|()| id)
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(id) => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            response.headers_mut().insert(
                LOCATION,
                HeaderValue::from_str(&format!("/oproepen/{id}"))
                    .expect("ids are safe in a header"),
            );
            Ok(response)
        }
        Err(e @ (ApiError::BadParam(_) | ApiError::Unprocessable(_) | ApiError::Conflict(_))) => {
            let calls = state.with_store(|s| s.calls()).await.map_err(fail)?;
            Ok(lijst_met_formulier(
                &state,
                &taal,
                &gebruiker,
                &calls,
                &invoer,
                Some(&e),
            ))
        }
        Err(e) => Err(fail(e)),
    }
}

/// One call with what came in with it, read once for the page and the API.
struct Gelezen {
    oproep: Oproep,
    aanvragen: Vec<Aanvraag>,
    beoordelingen: Vec<gemeten_store::OpgeslagenBeoordeling>,
}

async fn lees(state: &AppState, id: String) -> Result<Gelezen, ApiError> {
    let id: Id = id.parse().map_err(|p: Probleem| p.als_veld("id"))?;
    let gevraagd = id.clone();
    state
        .with_store(move |s| {
            let Some(oproep) = s.call(&id)? else {
                return Ok(None);
            };
            let alle: Vec<Beoordeling> = s
                .assessments(None)?
                .into_iter()
                .map(|b| b.beoordeling)
                .collect();
            let mut aanvragen = aanvragen(&id, &s.contributions()?, &alle);
            for a in &mut aanvragen {
                a.title = s.project(&a.project)?.map(|p| p.title.to_string());
            }
            let beoordelingen = s.assessments(Some((OnderwerpSoort::Oproep, &id)))?;
            Ok(Some(Gelezen {
                oproep,
                aanvragen,
                beoordelingen,
            }))
        })
        .await?
        .ok_or_else(|| ApiError::niet_gevonden("id", "oproep", "call", &gevraagd))
}

/// `/oproepen/{id}`: the call's period, state and requirements, the projects that came in
/// with it (their self-assessments and contributions), and the call's own assessments.
async fn oproep_pagina(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let g = lees(&state, id)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let register = &state.register;
    let o = &g.oproep;
    let instr = instrument(register, &o.instrument);
    let missies = instr.map(|i| i.missies.clone()).unwrap_or_default();
    let body = html! {
        p.meta { a href="/oproepen" { (l.t("Alle oproepen", "All calls")) } }
        h1 { (pick(&o.title_nl, &o.title_en, l)) " " code { (o.id) } }
        dl {
            dt { (l.t("Instrument", "Instrument")) }
            dd { @match instr {
                Some(i) => { span lang=[crate::layout::nl(l)] { (i.name_nl) } " " code { (i.id) } },
                None => code { (o.instrument) },
            } }
            dt { (l.t("Periode", "Period")) }
            dd { (o.opens) " – " (o.closes) " (" (Stand::op(o, Datum::today()).label(l)) ")" }
            dt { (l.t("Eisen aan elk project", "Required of every project")) }
            dd { (eisen(register, o, l)) }
        }
        section aria-labelledby="aanvragen" {
            h2 #aanvragen { (l.t("Projecten in deze oproep", "Projects in this call")) " " span.count { "(" (g.aanvragen.len()) ")" } }
            @if g.aanvragen.is_empty() {
                p.leeg { (l.t(
                    "Nog geen project kwam met deze oproep binnen. Een beheerder voert een projectlijst in met `gemeten projects import BESTAND --call ",
                    "No project came in with this call yet. An administrator imports a project list with `gemeten projects import FILE --call ",
                )) (o.id) "`." }
            } @else {
                div.scroll { table {
                    caption { (l.t("Per project de ROCKET-zelfbeoordeling en de genoemde bijdragen", "Per project the ROCKET self-assessment and the stated contributions")) }
                    thead { tr {
                        th scope="col" { (l.t("Project", "Project")) }
                        th scope="col" { (l.t("ROCKET (gemiddeld)", "ROCKET (mean)")) }
                        th scope="col" { (l.t("Bijdragen", "Contributions")) }
                    } }
                    tbody { @for a in &g.aanvragen {
                        tr {
                            td {
                                a href=(format!("/projecten/{}", a.project)) lang=[crate::layout::nl(l)] { (a.title.as_deref().unwrap_or(a.project.as_str())) }
                                " " (voorbeeld_label(a.project.as_str(), l))
                            }
                            td { @if a.rocket_zelfbeoordeling {
                                @match a.rocket_gemiddelde { Some(m) => (format!("{m:.1}")), None => (l.t("zonder scores", "without scores")) }
                            } @else { (l.t("geen", "none")) } }
                            td { @for b in &a.bijdragen {
                                p { strong { (doel_naam(register, &b.doel, l)) } ": " span lang=[crate::layout::nl(l)] { (b.toelichting) } }
                            } }
                        }
                    } }
                } }
            }
        }
        (crate::beoordelingen::section(
            register,
            crate::beoordelingen::Onderwerp { soort: OnderwerpSoort::Oproep, id: &o.id },
            &missies,
            None,
            &g.beoordelingen,
            &gebruiker,
            l,
        ))
    };
    Ok(page(
        &taal,
        crate::layout::pick_str(&o.title_nl, &o.title_en, l),
        Nav::Innovaties,
        body,
    ))
}

/// `GET /api/v1/oproepen`: every call with its state today.
async fn api_lijst(State(state): State<AppState>) -> Result<Response, ApiError> {
    let calls = state.with_store(|s| s.calls()).await?;
    let vandaag = Datum::today();
    let out: Vec<_> = calls
        .iter()
        .map(|o| json!({ "oproep": o, "stand": Stand::op(o, vandaag) }))
        .collect();
    Ok(Json(out).into_response())
}

/// `GET /api/v1/oproepen/{id}`: the call, its state and the projects that came in with it.
async fn api_oproep(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let g = lees(&state, id).await?;
    let stand = Stand::op(&g.oproep, Datum::today());
    Ok(
        Json(json!({ "oproep": g.oproep, "stand": stand, "aanvragen": g.aanvragen }))
            .into_response(),
    )
}

/// `POST /api/v1/oproepen`: opens a call through the application core; 201, 400 for an
/// unreadable body, 422 for a call the rules refuse, 409 for a known id.
async fn api_openen(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<Oproep>, ApiError>,
) -> Result<Response, ApiError> {
    aanmaken(&state, gebruiker, body, "id", |s, r, a, oproep: Oproep| {
        let id = oproep.id.clone();
        gemeten_app::oproep_aanmaken(s, r, a, oproep).map(|()| id)
    })
    .await
}
