//! Bottom-up monitoring (000, 'Monitoring & Evaluatie'): an overview to steer the execution
//! of the KIA activities, and a minimal basic dataset every KIC project reports so its
//! numbers add up to KPIs next to the national (top-down) MTIB KPIs.
//!
//! Computing only: the types, their validation and the aggregation. The one file this crate
//! reads is its own embedded definition of the basic dataset
//! (`data/monitoring/basisdataset_v*.toml`). Storage is `gemeten-store`'s `MonitoringStore`.

//!
//! The values the store persists — dates and periods, activity updates, reports — are
//! `gemeten-domain`'s (the store knows no computing crate) and re-exported here.

mod activiteit;
mod basisdataset;
mod kpi;

pub use activiteit::{
    overzicht, Achterstand, ActiviteitStand, Drager, Mijlpaal, Overzicht, OverzichtRegel,
    Voortgangsnotitie,
};
pub use basisdataset::{Bekend, Definitie, RapportCheck, Veld, VeldSoort, DEFINITIE_V1};
pub use gemeten_domain::monitoring::{
    ActiviteitUpdate, Bereik, Bewijs, Datum, GelogdeUpdate, Indicator, MijlpaalGereed,
    NieuweMijlpaal, OpgeslagenRapport, Outputs, Periode, PeriodeId, Rapport,
};
pub use kpi::{mtib, ontbrekend, KpiRij, Kpis, Ontbrekend, TeLaat, Uitsplitsing};

use std::fmt;

/// One refused field of one record: the record as the user knows it (file and number,
/// project and period, activity id), the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Probleem {
    pub record: String,
    pub field: String,
    pub reason: String,
}

impl Probleem {
    pub fn new(
        record: impl Into<String>,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Probleem {
            record: record.into(),
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Probleem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.record, self.reason)
        } else {
            write!(
                f,
                "{}, field `{}`: {}",
                self.record, self.field, self.reason
            )
        }
    }
}

/// Every problem of a refused input; nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s), first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
pub struct Problemen(pub Vec<Probleem>);
