#![doc = include_str!("../README.md")]

mod cbs;
mod koppelen;
mod koppeling;
mod meegeleverd;
mod tabel;

use std::path::Path;

use thiserror::Error;

use gemeten_domain::Waarneming;
use gemeten_indicators::{Catalogus, IndicatorError};

pub use cbs::{haal_cbs, CBS_ODATA};
pub use koppelen::koppel;
pub use koppeling::{Formaat, Kolomkoppeling, Koppeling, Maat, Marges, SesKoppeling};
pub use meegeleverd::{
    meegeleverd, meegeleverde_koppeling, meegeleverde_koppeling_cbs, Meegeleverd,
};
pub use tabel::{lees_tabel, Rij, Tabel};

/// Why an import was refused.
#[derive(Debug, Error)]
pub enum BronFout {
    /// The mapping file cannot be applied; no data was read.
    #[error("koppeling {koppeling}: {reden}")]
    Koppeling { koppeling: String, reden: String },
    /// The data breaks the mapping or the catalogue's rules: every problem with its file,
    /// line and column.
    #[error(transparent)]
    Invoer(#[from] IndicatorError),
    #[error("{bestand}: {bron}")]
    Io {
        bestand: String,
        #[source]
        bron: std::io::Error,
    },
    /// Downloading from CBS failed (offline, an unknown table, not OData).
    #[error("CBS-tabel {tabel} ophalen ({url}): {reden}")]
    Ophalen {
        tabel: String,
        url: String,
        reden: String,
    },
}

/// Reads CSV text as downloaded through `koppeling`; `naam` (the file name) stands for the
/// file in messages.
pub fn importeer(
    tekst: &str,
    naam: &str,
    koppeling: &Koppeling,
    cat: &Catalogus,
) -> Result<Vec<Waarneming>, BronFout> {
    let tabel = lees_tabel(tekst, naam, &koppeling.formaat)?;
    koppel(&tabel, koppeling, cat)
}

/// [`importeer`] on a file. The file must be UTF-8 (as CBS and VZinfo publish).
pub fn importeer_bestand(
    pad: &Path,
    koppeling: &Koppeling,
    cat: &Catalogus,
) -> Result<Vec<Waarneming>, BronFout> {
    let naam = pad.display().to_string();
    let bytes = std::fs::read(pad).map_err(|bron| BronFout::Io {
        bestand: naam.clone(),
        bron,
    })?;
    let tekst = String::from_utf8(bytes).map_err(|e| {
        BronFout::Invoer(IndicatorError::invoer(gemeten_indicators::InvoerFout::new(
            &naam,
            None,
            None,
            format!(
                "geen UTF-8 (byte {}); sla het bestand op als UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )))
    })?;
    importeer(&tekst, &naam, koppeling, cat)
}
