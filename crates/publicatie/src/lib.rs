//! Publishing what gemeten knows: a FAIR catalogue of every exported dataset (DCAT-AP style
//! metadata with stable identifiers, licence, coverage, provenance, version and checksums)
//! and the mission progress report the governance reads (HTML with SVG charts, no external
//! assets). Both are built from values; writing files is the caller's job.

mod catalogus;
mod csv_veilig;
mod csvw;
mod pakket;
mod rapport;

pub use catalogus::{
    bestand_segment, catalogus, context, dataset_metadata, dataset_segment, Dataset, Distributie,
    Uitgever, LICENTIE_SYNTHETISCH,
};
pub use csv_veilig::{csv_formule_veilig, formule_veilig};
pub use gemeten_interchange::WriteError;
pub use pakket::{
    fair_pakket, fair_pakket_met, portfolio_bestandsnaam, portfolio_in_geheugen,
    portfolio_naar_map, Bestand, FairPakket, PortfolioDeel,
};
pub use rapport::{rapport, verloop_van, ActiviteitTelling, RapportInvoer};
