//! The missions' view models: what the overview (`/`, `/api/v1/missies`) and a mission's
//! page (`/missies/{code}`, `/api/v1/missies/{code}`) show, each built by one function from
//! the state. The page renders the struct, the API serialises it, so the two cannot tell
//! different stories (a status, a count, a reason).

use std::sync::Arc;

use serde::Serialize;

use gemeten_domain::{
    Lang, Meetperiode, Missie, MissieCode, MissieOverzicht, Project, Register, Tekst, Trl,
    Waarneming,
};
use gemeten_indicators::{
    toets_trend, voortgang, Catalogus, TrendPunt, Tweetalig, Voortgang, Zekerheid,
};
use gemeten_portfolio::{rocket_synthese, synthese, Herkomst, RocketSynthese, Synthese};

use crate::error::ApiError;
use crate::kpi::catalogus;
use crate::kpi::kleine_aantallen::zichtbaar;
use crate::missies::mission_not_found;
use crate::projecten::portefeuille::{projecten_per_missie, snapshot, Snapshot};
use crate::AppState;

/// What an overview lists per mission.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub(crate) struct Tellingen {
    pub doelen: usize,
    pub kia_vragen: usize,
    pub activiteiten: usize,
    pub instrumenten: usize,
    pub innovaties: usize,
    pub projecten: usize,
}

pub(crate) fn tellingen(o: &MissieOverzicht<'_>, projecten: usize) -> Tellingen {
    Tellingen {
        doelen: o.doelen.len(),
        kia_vragen: o.kia_vragen.len(),
        activiteiten: o.activiteiten.len(),
        instrumenten: o.instrumenten.len(),
        innovaties: o.innovaties.len(),
        projecten,
    }
}

/// One target's progress as the overview's status table and the mission page show it: the
/// indicator engine's result, with the words the page writes beside it in both languages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DoelVoortgang {
    #[serde(flatten)]
    pub voortgang: Voortgang,
    pub indicator_nl: Tekst,
    pub indicator_en: Option<Tekst>,
    /// The status as the pages write it.
    pub status_label: Tweetalig,
    /// The public series that would measure the target (said where it has no values yet);
    /// its English is the Dutch where the catalogue has no translation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meetreeks: Option<Tweetalig>,
    /// For a gap KPI: why this breakdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keuze: Option<Tweetalig>,
    /// The tested trend of the series after its last break.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<TrendOordeel>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TrendOordeel {
    pub oordeel: Tweetalig,
    pub reden: Tweetalig,
}

/// The tested trend of a target's series (after its last series break), or `None` without
/// a catalogued KPI or values.
fn trend(cat: &Catalogus, v: &Voortgang) -> Option<TrendOordeel> {
    let kpi = cat.kpis.get(&v.indicator)?;
    let punten: Vec<TrendPunt> = v
        .reeks
        .iter()
        .map(|&(p, x)| TrendPunt::van_periode(p, x))
        .collect();
    if punten.is_empty() {
        return None;
    }
    let t = toets_trend(
        &punten,
        kpi.breuken_voor_trend(),
        kpi.direction,
        Zekerheid::P95,
    )
    .ok()?;
    Some(TrendOordeel {
        oordeel: Tweetalig::new(t.oordeel.label_nl(), t.oordeel.label_en()),
        reden: t.reden,
    })
}

/// The progress of the targets of `code` (all missions' without), in the register's order.
pub(crate) fn doelen_voortgang(
    register: &Register,
    obs: &[Waarneming],
    cat: &Catalogus,
    code: Option<MissieCode>,
) -> Vec<DoelVoortgang> {
    let doelen: Vec<_> = register
        .parts()
        .doel
        .iter()
        .filter(|d| code.is_none_or(|c| d.missie == c))
        .collect();
    let rows = voortgang(&doelen, obs, cat);
    doelen
        .iter()
        .zip(rows)
        .map(|(d, v)| {
            let kpi = cat.kpis.get(&v.indicator);
            DoelVoortgang {
                indicator_nl: d.indicator_nl.clone(),
                indicator_en: d.indicator_en.clone(),
                status_label: Tweetalig::new(v.status.label_nl(), v.status.label_en()),
                meetreeks: kpi
                    .filter(|k| !k.meetreeks.is_empty())
                    .map(|k| Tweetalig::new(k.meetreeks.as_str(), k.meetreeks_in(Lang::En))),
                keuze: kpi.and_then(|k| k.verschil_van.as_ref()).map(|k| {
                    Tweetalig::new(k.reden.as_str(), k.reden_en.as_deref().unwrap_or(&k.reden))
                }),
                trend: trend(cat, &v),
                voortgang: v,
            }
        })
        .collect()
}

/// One value in the monitor's table.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct MonitorWaarde {
    pub period: Meetperiode,
    pub value: f64,
    pub synthetisch: bool,
}

/// An indicator the mission's monitoring follows, with its latest national value.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MonitorRij {
    pub kpi: String,
    pub naam: Tweetalig,
    pub unit: String,
    /// The latest national value for both sexes together.
    pub laatste: Option<MonitorWaarde>,
    /// Where both sexes together are not published (RIVM's mean age at death): the latest
    /// values for men and for women of one period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mannen_vrouwen: Option<(MonitorWaarde, MonitorWaarde)>,
}

fn monitor(cat: &Catalogus, code: MissieCode, obs: &[Waarneming]) -> Vec<MonitorRij> {
    let waarde = |o: &Waarneming| MonitorWaarde {
        period: o.period,
        value: o.value,
        synthetisch: o.synthetisch,
    };
    let laatste = |kpi: &str| {
        obs.iter()
            .filter(|o| o.kpi == kpi && o.is_national_total())
            .max_by_key(|o| o.period)
    };
    let per_geslacht = |kpi: &str| {
        let of = |sex: &str| {
            obs.iter()
                .filter(|o| {
                    o.kpi == kpi
                        && o.region == "NL01"
                        && o.sex == sex
                        && o.ses.is_empty()
                        && o.age_band.is_empty()
                })
                .max_by_key(|o| o.period)
        };
        of("man")
            .zip(of("vrouw"))
            .filter(|(m, v)| m.period == v.period)
    };
    cat.kpis
        .values()
        .filter(|k| k.missies.iter().any(|m| m == code.code()))
        .map(|k| {
            let laatste = laatste(&k.code).map(waarde);
            MonitorRij {
                kpi: k.code.clone(),
                naam: Tweetalig::new(k.name_nl.as_str(), k.name_en.as_str()),
                unit: k.unit.clone(),
                mannen_vrouwen: laatste
                    .is_none()
                    .then(|| per_geslacht(&k.code))
                    .flatten()
                    .map(|(m, v)| (waarde(m), waarde(v))),
                laatste,
            }
        })
        .collect()
}

/// One mission in the overview.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MissieRij {
    #[serde(flatten)]
    pub missie: Missie,
    pub counts: Tellingen,
    /// Its targets with their status, as the overview's status table lists them.
    pub voortgang: Vec<DoelVoortgang>,
}

/// The version part of a cache key for values that depend on the observations, the KPI
/// catalogue and the assessments (the portfolio's version is the snapshot's own).
pub(crate) async fn versies(state: &AppState) -> Result<String, ApiError> {
    let observations = crate::kpi::kleine_aantallen::versie(state).await?;
    let v = state.versies().await?;
    // Assessments and stated contributions move the mission page's ROCKET section.
    Ok(format!("{observations}/{}/{}", v.kpi, v.beoordeling))
}

/// The overview: every mission with its counts and its targets' status. Computed once per
/// version of the portfolio, the observations and the catalogue.
pub(crate) async fn overzicht(
    state: &AppState,
    snap: &Snapshot,
    versies: &str,
) -> Result<Arc<Vec<MissieRij>>, ApiError> {
    let key = format!("overzicht/{versies}");
    if let Some(m) = snap.get::<Vec<MissieRij>>(&key) {
        return Ok(m);
    }
    let obs = zichtbaar(state, None).await?;
    let cat = catalogus(state).await?;
    let per_missie = projecten_per_missie(snap);
    let register = &state.register;
    let mut alle = doelen_voortgang(register, &obs, &cat, None);
    let rows = register
        .missies()
        .iter()
        .filter_map(|m| {
            let o = register.overzicht(m.code)?;
            let (eigen, rest) = alle
                .drain(..)
                .partition(|d| d.voortgang.missie == m.code.code());
            alle = rest;
            Some(MissieRij {
                missie: m.clone(),
                counts: tellingen(&o, per_missie.get(&m.code).copied().unwrap_or(0)),
                voortgang: eigen,
            })
        })
        .collect();
    Ok(snap.keep(&key, rows))
}

/// What the mission page's pipeline section counts (the items themselves are in
/// `/api/v1/missies/{code}/synthese`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Pijplijn {
    pub threshold: Trl,
    pub innovaties: usize,
    pub projecten: usize,
    pub question_gaps: usize,
    pub target_gaps: usize,
    pub technology_ahead: usize,
}

/// One mission's page: the register's overview of the mission (the members of
/// `gemeten mission CODE --json`), the progress towards its targets, the indicators its
/// monitoring follows, and its innovation pipeline.
#[derive(Serialize)]
pub(crate) struct MissieView<'a> {
    #[serde(flatten)]
    pub overzicht: MissieOverzicht<'a>,
    pub projecten: usize,
    pub voortgang: Vec<DoelVoortgang>,
    pub monitor: Vec<MonitorRij>,
    pub pijplijn: Pijplijn,
    /// The ROCKET synthesis of the mission's portfolio against the −30: the real projects
    /// and the made-up examples (`vb-…`) counted apart.
    pub rocket: RocketView,
    /// The whole synthesis the pipeline section draws (served on its own, with a choice of
    /// threshold, at `/synthese`).
    #[serde(skip)]
    pub synthese: Synthese<'a>,
}

/// The mission's ROCKET synthesis (see `gemeten_portfolio::rocket_synthese`), counted over
/// the real projects and over the example projects apart, so made-up projects never colour
/// the real picture.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RocketView {
    /// The target whose stated contributions are counted (the −30).
    pub doel: String,
    pub echt: RocketSynthese,
    pub voorbeelden: RocketSynthese,
}

async fn rocket(
    state: &AppState,
    snap: &Snapshot,
    code: MissieCode,
) -> Result<RocketView, ApiError> {
    let (bijdragen, beoordelingen) = state
        .with_store(|s| Ok((s.contributions()?, s.assessments(None)?)))
        .await?;
    let beoordelingen: Vec<_> = beoordelingen.into_iter().map(|b| b.beoordeling).collect();
    let doel: gemeten_domain::Id = crate::beoordelingen::MIN_DERTIG
        .parse()
        .map_err(|e: gemeten_domain::Probleem| ApiError::Internal(e.to_string()))?;
    let (voorbeelden, echt): (Vec<Project>, Vec<Project>) = snap
        .projects
        .iter()
        .cloned()
        .partition(|p| crate::layout::voorbeeld(p.id.as_str()));
    let of = |projects: &[Project]| {
        rocket_synthese(&state.register, projects, &bijdragen, &beoordelingen, &doel)
            .into_iter()
            .find(|r| r.missie == code)
            .ok_or_else(|| mission_not_found(code))
    };
    Ok(RocketView {
        doel: doel.to_string(),
        echt: of(&echt)?,
        voorbeelden: of(&voorbeelden)?,
    })
}

/// One target's progress (the mission page's status, interval wording included).
pub(crate) async fn doel_voortgang(
    state: &AppState,
    doel: &gemeten_domain::Doel,
) -> Result<DoelVoortgang, ApiError> {
    let obs = zichtbaar(state, None).await?;
    let cat = catalogus(state).await?;
    doelen_voortgang(&state.register, &obs, &cat, Some(doel.missie))
        .into_iter()
        .find(|d| d.voortgang.doel == doel.id.as_str())
        .ok_or_else(|| ApiError::niet_gevonden("id", "doel", "target", &doel.id))
}

/// The threshold TRL the mission page's pipeline uses.
pub(crate) fn drempel() -> Trl {
    Trl::try_from(7).expect("7 is a TRL")
}

/// The view of mission `code`, or 404.
pub(crate) async fn missie<'a>(
    state: &'a AppState,
    snap: &'a Snapshot,
    code: MissieCode,
) -> Result<MissieView<'a>, ApiError> {
    let register = &*state.register;
    let o = register
        .overzicht(code)
        .ok_or_else(|| mission_not_found(code))?;
    let obs = zichtbaar(state, None).await?;
    let cat = catalogus(state).await?;
    let s = synthese(register, &snap.projects, code, drempel());
    let telling = |h: Herkomst| s.items.iter().filter(|i| i.herkomst == h).count();
    let rocket = rocket(state, snap, code).await?;
    Ok(MissieView {
        rocket,
        projecten: projecten_per_missie(snap).get(&code).copied().unwrap_or(0),
        voortgang: doelen_voortgang(register, &obs, &cat, Some(code)),
        monitor: monitor(&cat, code, &obs),
        pijplijn: Pijplijn {
            threshold: s.threshold,
            innovaties: telling(Herkomst::Innovatie),
            projecten: telling(Herkomst::Project),
            question_gaps: s.question_gaps.len(),
            target_gaps: s.target_gaps.len(),
            technology_ahead: s.technology_ahead.len(),
        },
        synthese: s,
        overzicht: o,
    })
}

/// The snapshot and the versions a mission page or answer is keyed by.
pub(crate) async fn sleutel(state: &AppState) -> Result<(Arc<Snapshot>, String), ApiError> {
    let snap = snapshot(state).await?;
    let versies = versies(state).await?;
    Ok((snap, versies))
}
