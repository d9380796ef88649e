#![doc = include_str!("../README.md")]

mod cbs;
mod koppelen;
mod koppeling;
mod meegeleverd;
mod tabel;

use std::path::Path;

use thiserror::Error;

use gemeten_domain::{Lang, Tweetalig, Waarneming};
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
    Koppeling { koppeling: String, reden: Tweetalig },
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
        reden: Tweetalig,
    },
}

impl BronFout {
    /// Every line of the refusal in `lang`: the mapping's or the download's reason, each
    /// problem of the data, or the file that could not be read.
    pub fn regels(&self, lang: Lang) -> Vec<String> {
        match self {
            BronFout::Koppeling { koppeling, reden } => vec![format!(
                "{} {koppeling}: {}",
                lang.t("koppeling", "mapping"),
                reden.get(lang)
            )],
            BronFout::Invoer(IndicatorError::Invoer(v)) => {
                v.iter().map(|f| f.tekst(lang)).collect()
            }
            BronFout::Invoer(IndicatorError::Definitie(v)) => {
                v.iter().map(|p| p.tekst(lang)).collect()
            }
            BronFout::Invoer(e) => vec![e.to_string()],
            BronFout::Io { bestand, bron } => vec![format!("{bestand}: {bron}")],
            BronFout::Ophalen { tabel, url, reden } => vec![format!(
                "{} {tabel} ({url}): {}",
                lang.t("CBS-tabel ophalen", "fetching CBS table"),
                reden.get(lang)
            )],
        }
    }
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
        let byte = e.utf8_error().valid_up_to();
        BronFout::Invoer(IndicatorError::invoer(
            gemeten_indicators::InvoerFout::tweetalig(
                &naam,
                None,
                None,
                format!("geen UTF-8 (byte {byte}); sla het bestand op als UTF-8"),
                format!("not UTF-8 (byte {byte}); save the file as UTF-8"),
            ),
        ))
    })?;
    importeer(&tekst, &naam, koppeling, cat)
}
