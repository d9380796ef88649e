//! Assessments on the ROCKET principles and the kernelementen: the section on a project's and
//! an innovation's page (the assessments, and for who may assess the form), the form's post
//! `POST /beoordelingen`, and the API: `GET /api/v1/maatstaven`, `GET` and `POST
//! /api/v1/beoordelingen`, `GET /api/v1/missies/{code}/rocket` (the −30 synthesis). Every
//! write is [`gemeten_app::beoordelen`].

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use maud::{html, Markup};
use serde_json::{json, Value};

use gemeten_app::{may_assess, NieuweBeoordeling};
use gemeten_domain::{
    van_kader, Id, Kader, MissieCode, OnderwerpSoort, Oordeel, Probleem, Problemen, Project,
    Register, SCORE_MAX, SCORE_MIN,
};
use gemeten_store::{OpgeslagenBeoordeling, ProjectStore};

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::{JsonBody, Taal};
use crate::layout::{page, Nav, PageError};
use crate::routes::Routes;
use crate::schrijven::{aanmaken, fouten, see_other, waarde, Waarden};
use crate::{AppState, Lang};

/// The target whose stated contributions the synthesis counts unless `?doel=` names another:
/// the "−30", the SES gap of the central mission.
pub const MIN_DERTIG: &str = "C-ses-verschil";

pub(crate) fn pages(r: Routes) -> Routes {
    r.post("/beoordelingen", opslaan)
        .get("/maatstaven", maatstaven_pagina)
}

/// `/maatstaven`: the ROCKET principles and the kernelementen, each with its text and every
/// place the documents name it.
async fn maatstaven_pagina(State(state): State<AppState>, taal: Taal) -> Response {
    let l = taal.lang;
    let p = state.register.parts();
    let bron = |b: &gemeten_domain::Bron| {
        // The section is the document's own (Dutch) heading.
        html! { (b.doc.code()) ", " span lang=[crate::layout::nl(l)] { (b.section) } @if let Some(r) = &b.lines { ", " (l.t("r.", "lines")) " " (r) } }
    };
    let body = html! {
        h1 { (l.t("ROCKET-principes en kernelementen", "ROCKET principles and core elements")) }
        p.intro { (l.t(
            "Projecten, oproepen, instrumenten en innovaties worden hierop beoordeeld; een prioriteringsronde kan de kernelementen als criteria nemen.",
            "Projects, calls, instruments and innovations are assessed on these; a prioritisation round can take the core elements as its criteria.",
        )) }
        p.meta { a href="/oproepen" { (l.t("Oproepen: welke een ROCKET-zelfbeoordeling of een bijdrage aan de −30 vragen", "Calls: which require a ROCKET self-assessment or a contribution to the −30")) } }
        @for k in Kader::ALL {
            h2 { (k.label(l)) }
            @for m in van_kader(&p.maatstaf, *k) {
                section #(format!("maatstaf-{}", m.id)) {
                    h3 { @if let Some(x) = &m.letter { (x) " — " } (m.name(l)) " " code { (m.id) } }
                    p lang="nl" { (m.text_nl) }
                    @if let (Lang::En, Some(t)) = (l, &m.text_en) { p lang="en" { (t) } }
                    p.meta { (l.t("Bron", "Source")) ": " (bron(&m.source)) }
                    @if let (Some(t), Some(b)) = (&m.also_nl, &m.also_source) {
                        p.meta { (l.t("Ook", "Also")) ": “" span lang="nl" { (t) } "” — " (bron(b)) }
                    }
                    @if let (Some(t), Some(b)) = (&m.figure_nl, &m.figure_source) {
                        p.meta { (l.t("In Figuur 5", "In Figure 5")) ": “" span lang="nl" { (t) } "” — " (bron(b)) }
                    }
                }
            }
        }
    };
    page(
        &taal,
        l.t("ROCKET en kernelementen", "ROCKET and core elements"),
        Nav::Innovaties,
        body,
    )
}

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/maatstaven", maatstaven)
        .get("/beoordelingen", lijst)
        .post("/beoordelingen", api_beoordelen)
        .get("/missies/{code}/rocket", synthese)
}

fn href(soort: OnderwerpSoort, id: &Id) -> String {
    match soort {
        OnderwerpSoort::Project => format!("/projecten/{id}"),
        OnderwerpSoort::Innovatie => format!("/innovaties/{id}"),
        OnderwerpSoort::Oproep => format!("/oproepen/{id}"),
        OnderwerpSoort::Instrument => format!("/zoeken?q={id}"),
    }
}

fn naam(register: &Register, maatstaf: &Id, l: Lang) -> String {
    register
        .parts()
        .maatstaf
        .iter()
        .find(|m| &m.id == maatstaf)
        .map_or_else(
            || maatstaf.to_string(),
            |m| {
                let n = match l {
                    Lang::Nl => m.name_nl.as_str(),
                    Lang::En => m.name_en.as_str(),
                };
                match &m.letter {
                    Some(x) => format!("{x} — {n}"),
                    None => n.to_owned(),
                }
            },
        )
}

/// The stored assessments of a subject, newest first, as a table per assessment.
fn tabel(register: &Register, stored: &[OpgeslagenBeoordeling], l: Lang) -> Markup {
    html! {
        @for s in stored.iter().rev() {
            @let b = &s.beoordeling;
            div.scroll { table.beoordeling {
                caption {
                    (b.kader.label(l)) " — "
                    @if b.zelfbeoordeling { (l.t("zelfbeoordeling", "self-assessment")) }
                    @else { (l.t("beoordeeld door", "assessed by")) " " (b.beoordelaar) }
                    " (" (b.datum) ")"
                    @if let Some(o) = &b.oproep { ", " (l.t("oproep", "call")) " " code { (o) } }
                    @if let Some(g) = b.gemiddelde() { "; " (l.t("gemiddeld", "mean")) " " (format!("{g:.1}")) }
                }
                thead { tr {
                    th scope="col" { (l.t("Principe", "Principle")) }
                    th scope="col" .num { (l.t("Score", "Score")) " (" (SCORE_MIN) "–" (SCORE_MAX) ")" }
                    th scope="col" { (l.t("Oordeel", "Judgement")) }
                    th scope="col" { (l.t("Toelichting", "Justification")) }
                } }
                tbody { @for o in &b.oordelen { tr {
                    th scope="row" { (naam(register, &o.maatstaf, l)) }
                    td.num { (o.score.map_or("—".to_owned(), |s| s.to_string())) }
                    td { (o.oordeel.as_ref().map_or("—", |t| t.as_str())) }
                    td { (o.toelichting) }
                } } }
            } }
        }
    }
}

/// What is assessed: its kind and id.
#[derive(Clone, Copy)]
pub(crate) struct Onderwerp<'a> {
    pub soort: OnderwerpSoort,
    pub id: &'a Id,
}

/// The form for one framework: a score, a judgement and a justification per principle.
fn formulier(
    register: &Register,
    onderwerp: Onderwerp<'_>,
    kader: Kader,
    csrf: &str,
    values: &Waarden,
    fout: Option<&Problemen>,
    l: Lang,
) -> Markup {
    let Onderwerp { soort, id } = onderwerp;
    let anchor = format!("beoordelen-{}", kader.code());
    html! {
        form.bewerken #(anchor) method="post" action="/beoordelingen" {
            (csrf_field(csrf))
            input type="hidden" name="soort" value=(soort.code());
            input type="hidden" name="onderwerp" value=(id);
            input type="hidden" name="kader" value=(kader.code());
            h3 { (l.t("Beoordelen op de ", "Assess on the ")) (kader.label(l)) }
            @if let Some(p) = fout { (fouten(p, l)) }
            @for m in van_kader(&register.parts().maatstaf, kader) {
                fieldset {
                    legend { (naam(register, &m.id, l)) }
                    p.meta lang="nl" { (m.text_nl) }
                    @let s = format!("score-{}", m.id);
                    @let o = format!("oordeel-{}", m.id);
                    @let t = format!("toelichting-{}", m.id);
                    label for=(format!("{anchor}-{s}")) { (l.t("Score", "Score")) }
                    select #(format!("{anchor}-{s}")) name=(s) {
                        option value="" selected[waarde(values, &s).is_empty()] { "—" }
                        @for n in SCORE_MIN..=SCORE_MAX {
                            @let v = n.to_string();
                            option value=(v) selected[waarde(values, &s) == v] { (n) }
                        }
                    }
                    label for=(format!("{anchor}-{o}")) { (l.t("Oordeel (in woorden)", "Judgement (in words)")) }
                    input #(format!("{anchor}-{o}")) name=(o) type="text" value=(waarde(values, &o));
                    label for=(format!("{anchor}-{t}")) { (l.t("Toelichting", "Justification")) }
                    input #(format!("{anchor}-{t}")) name=(t) type="text" value=(waarde(values, &t));
                }
            }
            p.knoppen { button type="submit" { (l.t("Beoordeling opslaan", "Save assessment")) } }
        }
    }
}

/// The assessment section of a subject's page: its assessments, and the forms for a user
/// (with a session) who may assess it.
pub(crate) fn section(
    register: &Register,
    onderwerp: Onderwerp<'_>,
    missies: &[MissieCode],
    project: Option<&Project>,
    stored: &[OpgeslagenBeoordeling],
    gebruiker: &Gebruiker,
    l: Lang,
) -> Markup {
    let mag = match (&gebruiker.account, gebruiker.csrf()) {
        (Some(a), Some(csrf)) if may_assess(a, missies, project) => Some(csrf),
        _ => None,
    };
    html! {
        section aria-labelledby="beoordelingen" {
            h2 #beoordelingen { (l.t("Beoordelingen: ROCKET en kernelementen", "Assessments: ROCKET and core elements")) " " span.count { "(" (stored.len()) ")" } }
            p.meta { a href="/maatstaven" { (l.t("De principes en kernelementen met hun bron", "The principles and core elements with their source")) } }
            @if stored.is_empty() {
                p.leeg { (l.t("Nog niet beoordeeld.", "Not assessed yet.")) }
            }
            (tabel(register, stored, l))
            @if let Some(csrf) = mag {
                @for k in Kader::ALL {
                    (formulier(register, onderwerp, *k, csrf, &Vec::new(), None, l))
                }
            }
        }
    }
}

/// The assessments of a subject, oldest first.
pub(crate) async fn van(
    state: &AppState,
    soort: OnderwerpSoort,
    id: &Id,
) -> Result<Vec<OpgeslagenBeoordeling>, ApiError> {
    let key = id.clone();
    state
        .with_store(move |s| s.assessments(Some((soort, &key))))
        .await
}

/// The form's fields as the JSON the use case reads: one judgement per principle that has a
/// score, a judgement or a justification.
fn uit_formulier(register: &Register, values: &Waarden) -> Result<NieuweBeoordeling, ApiError> {
    let get = |k: &str| waarde(values, k).trim().to_owned();
    let kader: Kader = get("kader")
        .parse::<Kader>()
        .map_err(|p| p.als_veld("kader"))?;
    let mut oordelen = Vec::new();
    for m in van_kader(&register.parts().maatstaf, kader) {
        let (s, o, t) = (
            get(&format!("score-{}", m.id)),
            get(&format!("oordeel-{}", m.id)),
            get(&format!("toelichting-{}", m.id)),
        );
        if s.is_empty() && o.is_empty() && t.is_empty() {
            continue;
        }
        let score = match s.as_str() {
            "" => None,
            s => Some(s.parse::<u8>().map_err(|_| {
                Probleem::bij_veld(
                    format!("score-{}", m.id),
                    format!("'{s}' is geen score"),
                    format!("'{s}' is not a score"),
                )
            })?),
        };
        if t.is_empty() {
            return Err(Probleem::bij_veld(
                format!("toelichting-{}", m.id),
                format!("'{}' heeft een toelichting nodig", m.id),
                format!("'{}' needs a justification", m.id),
            )
            .into());
        }
        oordelen.push(Oordeel {
            maatstaf: m.id.clone(),
            score,
            oordeel: (!o.is_empty())
                .then(|| o.parse())
                .transpose()
                .map_err(|p: Probleem| p.als_veld(format!("oordeel-{}", m.id)))?,
            toelichting: t
                .parse()
                .map_err(|p: Probleem| p.als_veld(format!("toelichting-{}", m.id)))?,
        });
    }
    Ok(NieuweBeoordeling {
        soort: get("soort")
            .parse::<OnderwerpSoort>()
            .map_err(|p| p.als_veld("soort"))?,
        onderwerp: get("onderwerp")
            .parse::<Id>()
            .map_err(|p| p.als_veld("onderwerp"))?,
        kader,
        oordelen,
        datum: None,
    })
}

/// `POST /beoordelingen`: 401 without a user, 403 for one who may not assess the subject,
/// 404 for an unknown subject, 400 with the form again (nothing stored) for refused
/// judgements; otherwise back to the subject's page (303).
async fn opslaan(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    sent: Result<Form<Waarden>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let account = gebruiker.account().map_err(fail)?.clone();
    let Form(values) = sent.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let nieuw = uit_formulier(&state.register, &values);
    let outcome = match nieuw.clone() {
        Ok(n) => state
            .schrijf(move |s, r| gemeten_app::beoordelen(s, r, &account, n))
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => {
            let n = nieuw.expect("written");
            Ok(see_other(&format!(
                "{}#beoordelingen",
                href(n.soort, &n.onderwerp)
            )))
        }
        Err(ApiError::BadParam(p) | ApiError::Unprocessable(p)) => {
            let l = taal.lang;
            let (Ok(soort), Ok(id), Ok(kader)) = (
                waarde(&values, "soort").parse::<OnderwerpSoort>(),
                waarde(&values, "onderwerp").parse::<Id>(),
                waarde(&values, "kader").parse::<Kader>(),
            ) else {
                return Err(fail(ApiError::BadParam(p)));
            };
            let csrf = gebruiker.csrf().unwrap_or_default();
            let body = html! {
                h1 { (l.t("Beoordelen", "Assess")) " " code { (id) } }
                (formulier(&state.register, Onderwerp { soort, id: &id }, kader, csrf, &values, Some(&p), l))
                p { a href=(href(soort, &id)) { (l.t("Terug", "Back")) } }
            };
            let mut response = page(&taal, l.t("Beoordelen", "Assess"), Nav::Projecten, body);
            *response.status_mut() = StatusCode::BAD_REQUEST;
            Ok(response)
        }
        Err(e) => Err(fail(e)),
    }
}

/// `GET /api/v1/maatstaven`: the ROCKET principles and the kernelementen with their sources.
async fn maatstaven(State(state): State<AppState>) -> Response {
    Json(&state.register.parts().maatstaf).into_response()
}

#[derive(serde::Deserialize)]
struct OnderwerpQuery {
    soort: Option<String>,
    onderwerp: Option<String>,
}

/// `GET /api/v1/beoordelingen?soort=&onderwerp=`: the assessments of one subject (both
/// given) or all, oldest first.
async fn lijst(
    State(state): State<AppState>,
    q: Result<Query<OnderwerpQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::from(onleesbaar("query", e.body_text())))?;
    let of = match (q.soort, q.onderwerp) {
        (Some(s), Some(o)) => Some((
            s.parse::<OnderwerpSoort>()
                .map_err(|p| p.als_veld("soort"))?,
            o.parse::<Id>().map_err(|p| p.als_veld("onderwerp"))?,
        )),
        (None, None) => None,
        (s, _) => {
            // Each parameter is readable on its own; the rule that they come together is
            // what refuses the request (422, as the document says).
            let field = if s.is_some() { "onderwerp" } else { "soort" };
            return Err(ApiError::Unprocessable(gemeten_domain::Problemen(vec![
                Probleem::bij_veld(
                    field,
                    "geef soort en onderwerp samen",
                    "give soort and onderwerp together",
                ),
            ])));
        }
    };
    let stored = state
        .with_store(move |s| s.assessments(of.as_ref().map(|(k, id)| (*k, id))))
        .await?;
    let out: Vec<Value> = stored
        .into_iter()
        .map(|s| json!({ "seq": s.seq, "beoordeling": s.beoordeling, "door": s.door, "opgeslagen_op": s.opgeslagen_op }))
        .collect();
    Ok(Json(out).into_response())
}

/// `POST /api/v1/beoordelingen`: records an assessment through the application core; 201
/// with its sequence number, 422 for judgements the rules refuse.
async fn api_beoordelen(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<NieuweBeoordeling>, ApiError>,
) -> Result<Response, ApiError> {
    // An unreadable body is 400 naming the member; judgements the rules refuse are 422.
    aanmaken(&state, gebruiker, body, "seq", gemeten_app::beoordelen).await
}

#[derive(serde::Deserialize)]
struct DoelQuery {
    doel: Option<String>,
}

/// `GET /api/v1/missies/{code}/rocket?doel=`: how much of the mission's portfolio states a
/// contribution to the −30 (or `doel`) and how it scores on ROCKET.
async fn synthese(
    State(state): State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
    q: Result<Query<DoelQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::from(onleesbaar("query", e.body_text())))?;
    let missie: MissieCode = code.parse().map_err(|p: Probleem| p.als_veld("code"))?;
    let doel: Id = q
        .doel
        .as_deref()
        .unwrap_or(MIN_DERTIG)
        .parse()
        .map_err(|p: Probleem| p.als_veld("doel"))?;
    if !state.register.parts().doel.iter().any(|d| d.id == doel) {
        return Err(ApiError::niet_gevonden("doel", "doel", "target", &doel));
    }
    let (projects, bijdragen, beoordelingen) = state
        .with_store(|s| Ok((s.projects()?, s.contributions()?, s.assessments(None)?)))
        .await?;
    let beoordelingen: Vec<_> = beoordelingen.into_iter().map(|b| b.beoordeling).collect();
    let all = gemeten_portfolio::rocket_synthese(
        &state.register,
        &projects,
        &bijdragen,
        &beoordelingen,
        &doel,
    );
    let one = all
        .into_iter()
        .find(|s| s.missie == missie)
        .ok_or_else(|| ApiError::niet_gevonden("code", "missie", "mission", &code))?;
    Ok(Json(one).into_response())
}
