//! Bottom-up monitoring (000, 'Monitoring & Evaluatie'): an overview to steer the execution
//! of the KIA activities, and a minimal basic dataset every KIC project reports so its
//! numbers add up to KPIs next to the national (top-down) MTIB KPIs.
//!
//! Computing only: the types, their validation and the aggregation. The one file this crate
//! reads are its own embedded definition of the basic dataset
//! (`data/monitoring/basisdataset_v*.toml`) and the governance bodies and international
//! commitments (`data/bestuur/bestuur.toml`, `bestuur`). Storage is `gemeten-store`'s `MonitoringStore`.

//!
//! The values the store persists — dates and periods, activity updates, reports — are
//! `gemeten-domain`'s (the store knows no computing crate) and re-exported here.

mod activiteit;
mod basisdataset;
pub mod bestuur;
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

/// A refused field of a record and every problem of a refused input: the one problem type
/// of every crate (the domain's), re-exported for the callers of the checks here.
pub use gemeten_domain::{Probleem, Problemen, Tweetalig};
