//! The small-cell policy: a value resting on fewer than `AppState::min_cell` persons or cases
//! could point at individuals, so no page, download or API answer shows it — not the value,
//! not its interval, not its count — nor a cell it could be computed from by subtraction
//! (complementary suppression). Every observation the web application reads from the
//! store passes through [`openbaar`] here (via [`waarnemingen`] or [`zichtbaar`]); no handler
//! calls the store's `observations` itself.

use std::sync::{Arc, Mutex};

use serde::Serialize;

use gemeten_domain::{Meetperiode, Waarneming};
use gemeten_store::WaarnemingStore;

use crate::error::ApiError;
use crate::{AppState, Lang};

/// The threshold when `gemeten serve --min-cell` does not say otherwise (the application
/// core's; the database keeps the one in force).
pub const DEFAULT_MIN_CELL: u64 = gemeten_app::DEFAULT_MIN_CELL;

/// What the public sees in place of a withheld value.
pub fn onderdrukt_label(l: Lang) -> &'static str {
    l.t(
        "onderdrukt (kleine aantallen)",
        "suppressed (small numbers)",
    )
}

/// An observation as the public may see it: the breakdown and source always; the value, its
/// interval and its count only when the cell is large enough.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Openbaar {
    pub kpi: String,
    pub period: Meetperiode,
    pub region: String,
    pub sex: String,
    pub ses_dimensie: String,
    pub ses: String,
    pub age_band: String,
    pub value: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub n: Option<u64>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub significantie: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publicatiestatus: Option<String>,
    /// A made-up example value: every view marks it.
    pub synthetisch: bool,
    pub suppressed: bool,
}

impl Openbaar {
    /// The value, unless it was withheld.
    pub fn waarde(&self) -> Option<f64> {
        self.value.filter(|_| !self.suppressed)
    }
}

/// The policy itself: the one function between stored observations and any response. Small
/// cells are withheld, and with them, by complementary suppression, the next-smallest cell of
/// every additive group (a total and its parts by sex, SES group, age band or region) that
/// would otherwise give a withheld cell away by subtraction
/// ([`gemeten_domain::onderdrukking`]). `obs` must hold whole KPIs (all of a KPI's stored
/// observations, as [`waarnemingen`] passes them), or a group could be cut in two.
pub fn openbaar(obs: Vec<Waarneming>, min_cell: u64) -> Vec<Openbaar> {
    let weg = gemeten_domain::onderdrukking::te_onderdrukken(&obs, min_cell);
    obs.into_iter()
        .zip(weg)
        .map(|(w, suppressed)| {
            let keep = |x: Option<f64>| x.filter(|_| !suppressed);
            Openbaar {
                value: keep(Some(w.value)),
                lower: keep(w.lower),
                upper: keep(w.upper),
                n: w.n.filter(|_| !suppressed),
                kpi: w.kpi,
                period: w.period,
                region: w.region,
                sex: w.sex,
                ses_dimensie: w.ses_dimensie,
                ses: w.ses,
                age_band: w.age_band,
                source: w.source,
                significantie: w.significantie,
                publicatiestatus: w.publicatiestatus,
                synthetisch: w.synthetisch,
                suppressed,
            }
        })
        .collect()
}

/// The stored observations as last read, under the store's change counter of the
/// observations at the time; and a gate so that one request rereads them while the others
/// wait for the result.
#[derive(Default)]
pub struct Waarnemingen {
    last: Mutex<Option<(u64, Arc<Vec<Waarneming>>)>>,
    reread: tokio::sync::Mutex<()>,
}

impl Waarnemingen {
    /// The observations and their version, when at least as new as `version` (the counters
    /// only grow; a request's version may be up to `FRESH` older than a reread's).
    fn cached(&self, version: u64) -> Option<(u64, Arc<Vec<Waarneming>>)> {
        let last = self.last.lock().ok()?;
        last.as_ref().filter(|(v, _)| *v >= version).cloned()
    }
}

/// The stored observations at (at least) the store's current version, and their version.
async fn stored(state: &AppState) -> Result<(u64, Arc<Vec<Waarneming>>), ApiError> {
    let cache = &state.waarnemingen;
    let version = state.versies().await?.waarneming;
    if let Some(found) = cache.cached(version) {
        return Ok(found);
    }
    let _gate = cache.reread.lock().await;
    if let Some(found) = cache.cached(version) {
        return Ok(found);
    }
    let (version, read) = state
        .with_store(|s| Ok((s.versies()?.waarneming, s.observations(None)?)))
        .await?;
    let obs = Arc::new(read);
    if let Ok(mut last) = cache.last.lock() {
        *last = Some((version, obs.clone()));
    }
    Ok((version, obs))
}

/// A key that changes when the stored observations do (the store's change counter of the
/// observations): pages derived from them are cached under it.
pub(crate) async fn versie(state: &AppState) -> Result<u64, ApiError> {
    Ok(stored(state).await?.0)
}

/// The observations of `kpi` (or all) after the policy, in the store's order.
pub(crate) async fn waarnemingen(
    state: &AppState,
    kpi: Option<String>,
) -> Result<Vec<Openbaar>, ApiError> {
    let (_, obs) = stored(state).await?;
    let chosen = obs
        .iter()
        .filter(|w| kpi.as_deref().is_none_or(|k| w.kpi == k))
        .cloned()
        .collect();
    Ok(openbaar(chosen, state.min_cell))
}

/// Only the observations the public may see, as observations again — for computations that
/// need whole values (trajectories, the FAIR package). Withheld ones are left out entirely.
pub(crate) async fn zichtbaar(
    state: &AppState,
    kpi: Option<String>,
) -> Result<Vec<Waarneming>, ApiError> {
    Ok(alleen_zichtbaar(waarnemingen(state, kpi).await?))
}

/// [`zichtbaar`] for a caller outside the server (the command line's yearly agenda): the
/// policy at `min_cell` over whole KPIs, the withheld observations left out.
pub fn zichtbaar_van(obs: Vec<Waarneming>, min_cell: u64) -> Vec<Waarneming> {
    alleen_zichtbaar(openbaar(obs, min_cell))
}

fn alleen_zichtbaar(obs: Vec<Openbaar>) -> Vec<Waarneming> {
    obs.into_iter()
        .filter_map(|o| {
            let value = o.waarde()?;
            Some(Waarneming {
                kpi: o.kpi,
                period: o.period,
                region: o.region,
                sex: o.sex,
                ses_dimensie: o.ses_dimensie,
                ses: o.ses,
                age_band: o.age_band,
                value,
                lower: o.lower,
                upper: o.upper,
                source: o.source,
                n: o.n,
                significantie: o.significantie,
                publicatiestatus: o.publicatiestatus,
                synthetisch: o.synthetisch,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(n: Option<u64>) -> Waarneming {
        Waarneming {
            n,
            lower: Some(70.0),
            upper: Some(72.0),
            ..Waarneming::national(
                "gezonde_levensverwachting",
                Meetperiode::jaar(2020).unwrap(),
                71.234,
                "test",
            )
        }
    }

    #[test]
    fn below_the_threshold_nothing_but_the_breakdown_is_left() {
        let out = openbaar(vec![w(Some(9)), w(Some(10)), w(None)], 10);
        assert!(out[0].suppressed);
        assert_eq!(
            (out[0].value, out[0].lower, out[0].upper, out[0].n),
            (None, None, None, None)
        );
        assert_eq!(out[0].region, "NL01");
        // At the threshold, and with an unknown count, the value is public.
        assert!(!out[1].suppressed && out[1].waarde() == Some(71.234));
        assert_eq!(out[1].n, Some(10));
        assert!(!out[2].suppressed && out[2].upper == Some(72.0));
    }

    #[test]
    fn a_threshold_of_zero_or_one_withholds_nothing_but_empty_cells() {
        assert!(!openbaar(vec![w(Some(1))], 1)[0].suppressed);
        assert!(openbaar(vec![w(Some(0))], 1)[0].suppressed);
        assert!(!openbaar(vec![w(Some(0))], 0)[0].suppressed);
    }
}
