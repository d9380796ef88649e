//! A mission's yearly agenda (`/missies/{code}/jaaragenda?jaar=`, and the same as JSON under
//! `/api/v1`): the agenda of the programming meeting, where the yearly work plan is steered by
//! monitoring (000 r. 5766-5768: "op basis van de monitoring gegevens de programmering
//! jaarlijks aan- en bijsturen aan de hand van een jaarcyclus"). Side by side: the status of
//! the mission's targets (the indicator engine's, with its uncertainty wording), the
//! activities behind or without an owner, the gaps of the innovation pipeline, open barriers,
//! and the open governance actions linked to the mission. Page and API render one view model.
//!
//! The reference date of the monitoring is 31 December of the year for a past year, today
//! otherwise: an activity is behind when a milestone was due before it.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Json, Response};
use maud::html;
use serde::Serialize;

use gemeten_app::Herspelen;
use gemeten_domain::monitoring::Datum;
use gemeten_domain::{
    Actie, Id, MissieCode, OrgaanSoort, Project, Register, Tekst, Trl, Tweetalig, Waarneming,
};
use gemeten_indicators::Catalogus;
use gemeten_monitoring::bestuur::{bestuur, vergadernorm, Vergadernorm};
use gemeten_monitoring::{overzicht, Achterstand, ActiviteitStand};
use gemeten_store::{OpgeslagenVergadering, ProjectStore};

use super::{jaar_van, JaarQuery};
use crate::error::ApiError;
use crate::extract::{MissiePad, Taal};
use crate::layout::{missie_label, page, Nav, PageError};
use crate::missies::model::{self, DoelVoortgang};
use crate::AppState;

/// An activity of the mission that has no owner.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ZonderEigenaar {
    pub activiteit: Id,
    pub number: String,
    pub text_nl: Tekst,
}

/// A knowledge question with items, none at the threshold TRL.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VraagGat {
    pub vraag: Id,
    pub text_nl: Tekst,
    pub items_below: usize,
    pub highest_trl: Option<Trl>,
}

/// A target with nothing in the pipeline at the threshold TRL.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DoelGat {
    pub doel: Id,
    pub indicator_nl: Tekst,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PijplijnGaten {
    pub threshold: Trl,
    pub question_gaps: Vec<VraagGat>,
    pub target_gaps: Vec<DoelGat>,
}

/// A barrier of an innovation of the mission (002); the register records none as removed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OpenBarriere {
    pub barriere: Id,
    pub title_nl: Tekst,
    pub innovaties: Vec<Id>,
}

/// An open action of a meeting, linked to the mission (through an activity, KPI or project of
/// the mission, or a meeting of its Missieteam).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OpenActie {
    pub actie_id: i64,
    pub orgaan: Id,
    pub vergadering: i64,
    pub datum: Datum,
    #[serde(flatten)]
    pub actie: Actie,
    /// Due before the reference date.
    pub overdue: bool,
}

/// The agenda of the programming meeting of one mission for one year.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Jaaragenda {
    pub missie: MissieCode,
    pub jaar: i32,
    pub peildatum: Datum,
    pub doelen: Vec<DoelVoortgang>,
    pub activiteiten_achter: Vec<Achterstand>,
    pub activiteiten_zonder_eigenaar: Vec<ZonderEigenaar>,
    pub pijplijn: PijplijnGaten,
    pub barrieres: Vec<OpenBarriere>,
    pub acties: Vec<OpenActie>,
    /// The mission team's meetings in the year against its norm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missieteam: Option<Vergadernorm>,
    /// What the mission team's status is, when it is still to be installed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missieteam_status: Option<Tweetalig>,
}

fn peildatum(jaar: i32) -> Datum {
    let today = Datum::today();
    if jaar < today.year() {
        Datum::new(jaar, 12, 31).unwrap_or(today)
    } else {
        today
    }
}

pub(crate) async fn jaaragenda(
    state: &AppState,
    code: MissieCode,
    jaar: i32,
) -> Result<Jaaragenda, ApiError> {
    let (snap, _) = model::sleutel(state).await?;
    // The observations as every page reads them: through the small-cell policy.
    let obs = crate::kpi::kleine_aantallen::zichtbaar(state, None).await?;
    let cat = crate::kpi::catalogus(state).await?;
    let (standen, meetings) = state
        .with_store(|s| Ok((s.activity_states()?, s.meetings(None)?)))
        .await?;
    Ok(bouw(&Invoer {
        register: &state.register,
        projects: &snap.projects,
        obs: &obs,
        cat: &cat,
        standen: &standen,
        meetings: &meetings,
        code,
        jaar,
    }))
}

/// What the agenda is made of, read by the caller.
pub(crate) struct Invoer<'a> {
    pub register: &'a Register,
    pub projects: &'a [Project],
    pub obs: &'a [Waarneming],
    pub cat: &'a Catalogus,
    pub standen: &'a BTreeMap<Id, ActiviteitStand>,
    pub meetings: &'a [OpgeslagenVergadering],
    pub code: MissieCode,
    pub jaar: i32,
}

/// The agenda of a mission from plain values (the web's and the command line's).
pub(crate) fn bouw(i: &Invoer<'_>) -> Jaaragenda {
    let Invoer {
        register,
        projects,
        obs,
        cat,
        standen,
        meetings,
        code,
        jaar,
    } = *i;
    let peil = peildatum(jaar);
    let doelen = model::doelen_voortgang(register, obs, cat, Some(code));
    let synthese = gemeten_portfolio::synthese(register, projects, code, model::drempel());
    let o = overzicht(register, standen, Some(code), None, peil);
    let p = register.parts();
    let zonder = o
        .without_owner
        .iter()
        .filter_map(|id| p.activiteit.iter().find(|a| &a.id == id))
        .map(|a| ZonderEigenaar {
            activiteit: a.id.clone(),
            number: a.number.to_string(),
            text_nl: a.text_nl.clone(),
        })
        .collect();
    let s = &synthese;
    let pijplijn = PijplijnGaten {
        threshold: s.threshold,
        question_gaps: s
            .question_gaps
            .iter()
            .map(|g| VraagGat {
                vraag: g.vraag.id.clone(),
                text_nl: g.vraag.text_nl.clone(),
                items_below: g.items_below,
                highest_trl: g.highest_trl,
            })
            .collect(),
        target_gaps: s
            .target_gaps
            .iter()
            .map(|d| DoelGat {
                doel: d.doel.id.clone(),
                indicator_nl: d.doel.indicator_nl.clone(),
            })
            .collect(),
    };
    let mut barrieres: BTreeMap<Id, Vec<Id>> = BTreeMap::new();
    for i in p.innovatie.iter().filter(|i| i.missies.contains(&code)) {
        for b in &i.barrieres {
            barrieres.entry(b.clone()).or_default().push(i.id.clone());
        }
    }
    let barrieres = barrieres
        .into_iter()
        .filter_map(|(id, innovaties)| {
            let b = p.barriere.iter().find(|b| b.id == id)?;
            Some(OpenBarriere {
                barriere: id,
                title_nl: b.title_nl.clone(),
                innovaties,
            })
        })
        .collect();

    // What links an action to the mission.
    let team = bestuur()
        .orgaan
        .iter()
        .find(|o| o.kind == OrgaanSoort::Missieteam && o.missie == Some(code));
    let activiteit_van = |id: &Id| {
        p.activiteit.iter().any(|a| {
            &a.id == id
                && (a.missies.contains(&code) || (code == MissieCode::C && a.missies.is_empty()))
        })
    };
    let kpi_van = |id: &Id| {
        cat.kpis
            .get(id.as_str())
            .is_some_and(|k| k.missies.iter().any(|m| m == code.code()))
            || p.doel
                .iter()
                .any(|d| d.missie == code && &d.indicator == id)
    };
    let project_van = |id: &Id| {
        projects
            .iter()
            .any(|x| &x.id == id && x.missies.contains(&code))
    };
    let mut acties = Vec::new();
    for m in meetings {
        let van_team = team.is_some_and(|t| t.id == m.vergadering.orgaan);
        for (a, id) in m.vergadering.acties.iter().zip(&m.actie_ids) {
            if a.status != gemeten_domain::ActieStatus::Open {
                continue;
            }
            let linked = van_team
                || a.activiteiten.iter().any(activiteit_van)
                || a.kpis.iter().any(kpi_van)
                || a.projecten.iter().any(project_van);
            if linked {
                acties.push(OpenActie {
                    actie_id: *id,
                    orgaan: m.vergadering.orgaan.clone(),
                    vergadering: m.id,
                    datum: m.vergadering.datum,
                    actie: a.clone(),
                    overdue: a.due.is_some_and(|d| d < peil),
                });
            }
        }
    }
    let missieteam = team.map(|t| {
        let dates: Vec<Datum> = meetings
            .iter()
            .filter(|m| m.vergadering.orgaan == t.id)
            .map(|m| m.vergadering.datum)
            .collect();
        vergadernorm(t, jaar, &dates)
    });
    let missieteam_status = team.filter(|t| !t.installed).map(|t| {
        Tweetalig::new(
            t.status_nl.as_ref().map_or("", |x| x.as_str()),
            t.status_en.as_ref().map_or("", |x| x.as_str()),
        )
    });
    Jaaragenda {
        missie: code,
        jaar,
        peildatum: peil,
        doelen,
        activiteiten_achter: o.behind,
        activiteiten_zonder_eigenaar: zonder,
        pijplijn,
        barrieres,
        acties,
        missieteam,
        missieteam_status,
    }
}

/// A mission's yearly agenda as JSON, read from `store` (for `gemeten agenda`): the same view
/// model as the page and the API, over the observations the small-cell policy lets through at
/// the database's threshold (the page's own policy, `kleine_aantallen`).
pub fn jaaragenda_json(
    store: &gemeten_store::Store,
    register: &Register,
    code: MissieCode,
    jaar: i32,
) -> Result<serde_json::Value, String> {
    let projects = store.projects().map_err(|e| e.to_string())?;
    // Through the same small-cell policy as the page, at the database's threshold.
    let min_cell = gemeten_app::current_min_cell(store).map_err(|e| e.to_string())?;
    let obs = crate::kpi::kleine_aantallen::zichtbaar_van(
        gemeten_store::WaarnemingStore::observations(store, None).map_err(|e| e.to_string())?,
        min_cell,
    );
    let cat = gemeten_app::catalogus(store).map_err(|e| e.to_string())?;
    let standen = store.activity_states().map_err(|e| e.to_string())?;
    let meetings = store.meetings(None).map_err(|e| e.to_string())?;
    let a = bouw(&Invoer {
        register,
        projects: &projects,
        obs: &obs,
        cat: &cat,
        standen: &standen,
        meetings: &meetings,
        code,
        jaar,
    });
    serde_json::to_value(a).map_err(|e| e.to_string())
}

/// `GET /api/v1/missies/{code}/jaaragenda?jaar=`.
pub(crate) async fn api(
    State(state): State<AppState>,
    MissiePad(code): MissiePad,
    q: Result<Query<JaarQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let jaar = jaar_van(q)?;
    if state.register.missie(code).is_none() {
        return Err(crate::missies::mission_not_found(code));
    }
    Ok(Json(jaaragenda(&state, code, jaar).await?).into_response())
}

/// `/missies/{code}/jaaragenda?jaar=`.
pub(crate) async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    axum::extract::Path(code): axum::extract::Path<String>,
    q: Result<Query<JaarQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let code = crate::extract::parse_missie("code", &code)
        .map_err(|_| PageError::new(&taal, crate::missies::mission_not_found(&code)))?;
    if state.register.missie(code).is_none() {
        return Err(PageError::new(
            &taal,
            crate::missies::mission_not_found(code),
        ));
    }
    let jaar = jaar_van(q).map_err(|e| PageError::new(&taal, e))?;
    let a = jaaragenda(&state, code, jaar)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let nl = crate::layout::nl(l);
    let title = format!(
        "{} {} — {}",
        l.t("Jaaragenda", "Yearly agenda"),
        jaar,
        missie_label(code, l)
    );
    let body = html! {
        h1 { (title) }
        p.intro { (l.t(
            "De agenda van het programmeringsoverleg: de programmering wordt jaarlijks op basis van de monitoring aan- en bijgestuurd (KIA 000, r. 5766-5768). Peildatum van de monitoring: ",
            "The agenda of the programming meeting: the work plan is steered each year by the monitoring (KIA 000, lines 5766-5768). Reference date of the monitoring: ",
        )) (a.peildatum) "." }
        (super::jaarkeuze(&format!("/missies/{code}/jaaragenda"), jaar, l))
        p { a href=(format!("/missies/{code}")) { (l.t("Terug naar de missie", "Back to the mission")) } " · " a href=(format!("/bestuur?jaar={jaar}")) { (l.t("Governance", "Governance")) } }
        @if let Some(n) = &a.missieteam {
            p {
                (l.t("Missieteam: ", "Mission team: ")) (n.meetings) " " (l.t("vergaderingen in ", "meetings in ")) (jaar) ", " (super::norm_tekst(n, l))
                @if let Some(s) = &a.missieteam_status { " — " strong lang=[nl] { (l.t(&s.nl, &s.en)) } }
            }
        }
        div.jaaragenda {
            section aria-labelledby="ja-doelen" {
                h2 #ja-doelen { (l.t("Doelen en hun status", "Targets and their status")) " " span.count { "(" (a.doelen.len()) ")" } }
                p.meta { (l.t(
                    "Op koers of achter alleen als het hele 95 %-interval van de projectie aan één kant van de streefwaarde ligt; onzeker als het die bevat.",
                    "On track or behind only when the projection's whole 95 % interval lies on one side of the target; uncertain when it contains it.",
                )) }
                @if a.doelen.is_empty() { p.leeg { (l.t("Geen doelen.", "No targets.")) } }
                ul.plain { @for d in &a.doelen {
                    @let v = &d.voortgang;
                    li {
                        a href=(format!("/missies/{code}#traject-{}", v.doel)) { (crate::layout::pick(&d.indicator_nl, &d.indicator_en, l)) } ": "
                        (crate::missies::traject::status(d, l))
                        @if v.synthetisch { " " strong.synthetisch { (l.t("synthetisch voorbeeld", "synthetic example")) } }
                        br; small { (l.t(&v.reason, &v.reason_en)) }
                    }
                } }
            }
            section aria-labelledby="ja-activiteiten" {
                h2 #ja-activiteiten { (l.t("Activiteiten achter of zonder eigenaar", "Activities behind or without owner")) }
                h3 { (l.t("Achter", "Behind")) " " span.count { "(" (a.activiteiten_achter.len()) ")" } }
                @if a.activiteiten_achter.is_empty() { p.leeg { (l.t("Geen activiteit achter.", "No activity behind.")) } }
                ul { @for x in &a.activiteiten_achter {
                    li { a href=(format!("/activiteiten/{}", x.activiteit)) { code { (x.activiteit) } } " " span lang=[nl] { (x.reasons.join("; ")) } }
                } }
                h3 { (l.t("Zonder eigenaar", "Without owner")) " " span.count { "(" (a.activiteiten_zonder_eigenaar.len()) ")" } }
                @if a.activiteiten_zonder_eigenaar.is_empty() { p.leeg { (l.t("Elke activiteit heeft een eigenaar.", "Every activity has an owner.")) } }
                ul { @for x in &a.activiteiten_zonder_eigenaar {
                    li { a href=(format!("/activiteiten/{}", x.activiteit)) { code { (x.activiteit) } } " " span lang=[nl] { (x.text_nl) } }
                } }
            }
            section aria-labelledby="ja-pijplijn" {
                h2 #ja-pijplijn { (l.t("Gaten in de innovatiepijplijn", "Gaps in the innovation pipeline")) }
                p.meta { (l.t("Drempel: TRL ", "Threshold: TRL ")) (a.pijplijn.threshold) }
                h3 { (l.t("Doelen zonder iets aan de drempel", "Targets with nothing at the threshold")) " " span.count { "(" (a.pijplijn.target_gaps.len()) ")" } }
                ul { @for g in &a.pijplijn.target_gaps { li lang=[nl] { (g.indicator_nl) } } }
                h3 { (l.t("Kennisvragen met alleen items eronder", "Questions with items only below it")) " " span.count { "(" (a.pijplijn.question_gaps.len()) ")" } }
                ul { @for g in &a.pijplijn.question_gaps {
                    li { code { (g.vraag) } " " span lang=[nl] { (g.text_nl) } " (" (g.items_below) " " (l.t("items", "items")) ")" }
                } }
            }
            section aria-labelledby="ja-barrieres" {
                h2 #ja-barrieres { (l.t("Open barrières", "Open barriers")) " " span.count { "(" (a.barrieres.len()) ")" } }
                @if a.barrieres.is_empty() { p.leeg { (l.t("Geen barrières vastgelegd voor de innovaties van deze missie.", "No barriers recorded for this mission's innovations.")) } }
                ul { @for b in &a.barrieres {
                    li { span lang=[nl] { (b.title_nl) } " — " (b.innovaties.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")) }
                } }
            }
            section aria-labelledby="ja-acties" {
                h2 #ja-acties { (l.t("Open acties van de governance", "Open governance actions")) " " span.count { "(" (a.acties.len()) ")" } }
                @if a.acties.is_empty() { p.leeg { (l.t("Geen open acties.", "No open actions.")) } }
                ul { @for x in &a.acties {
                    li #(format!("ja-actie-{}", x.actie_id)) {
                        a href=(format!("/bestuur/{}#actie-{}", x.orgaan, x.actie_id)) { (x.actie.text) }
                        " (" (x.orgaan) ", " (x.datum)
                        @if let Some(d) = x.actie.due { "; " (l.t("uiterlijk", "due")) " " (d) }
                        @if let Some(o) = &x.actie.owner { "; " (o) }
                        ")"
                        @if x.overdue { " " strong { (l.t("te laat", "overdue")) } }
                    }
                } }
            }
        }
    };
    Ok(page(&taal, &title, Nav::Missies, body))
}
