//! Import as published: a publisher's file, exactly as downloaded, read through a small
//! mapping file into validated observations ([`Waarneming`]).
//!
//! It reads CBS StatLine CSV exports (Dutch labels, `;`, decimal comma, `.` for "not
//! available", a `Bron: CBS` footer, a byte order mark), CBS OData `TypedDataSet` exports
//! and downloads (codes; margin rows `B000150` next to value rows `MW00000` become bounds),
//! and VZinfo/RIVM downloads (long tables, pooled periods, significance text). The user
//! writes no conversion, only a mapping per source table; mappings for the files in
//! `data/echt/` ship with gemeten ([`meegeleverd`], [`meegeleverde_koppeling`]).
//!
//! Every value then passes the indicator engine's own checks
//! ([`gemeten_indicators::valideer_waarnemingen`]: KPI, kind of period, region, breakdowns,
//! numbers, bounds, duplicates), so an import is held to the same rules as the plain
//! observation CSV. Nothing is half-read: with any problem nothing is returned, and all
//! problems come back together, each naming file, line, column and the code or text.
//!
//! # The mapping file (TOML)
//!
//! ```toml
//! omschrijving = "CBS 71950ned (OData TypedDataSet)"   # for people
//! bestanden = ["cbs_71950ned_typeddataset_2021_2023.csv"]  # file names it is made for
//! cbs_tabel = "71950ned"            # the CBS table, for `kpi fetch cbs`
//! bron = "CBS StatLine 71950ned"    # stamped into every observation's source …
//! licentie = "CC BY 4.0, bron: CBS" # … with the licence: "CBS StatLine 71950ned (CC BY 4.0, bron: CBS)"
//! significantie = "Significantie"   # optional columns copied as published (before any [table])
//! publicatiestatus = "Status"
//!
//! [formaat]
//! scheidingsteken = ";"     # default ","
//! decimaalkomma = false     # true: 81,35
//! ontbrekend = ["", "."]    # cells meaning "no value" (default [""]): no observation
//! commentaar = "#"          # comment lines (one character; default none)
//! voettekst = ["Bron:"]     # lines whose first cell starts so are skipped
//! # A UTF-8 byte order mark is always dropped.
//!
//! [periode]                 # required: a column, or a constant `waarde = "2019/2022"`
//! kolom = "Perioden"        # 2021, 2021JJ00, 2021KW02, 2021MM03, 2019/2022, 2015-2018
//!
//! [regio]                   # default: waarde = "NL01" (Nederland)
//! kolom = "RegioS"          # CBS codes as they are, checked against the region list
//!
//! [geslacht]                # default: waarde = "" (both sexes together)
//! kolom = "Geslacht"
//! codes = { T001038 = "", "3000" = "man", "4000" = "vrouw" }
//!
//! [ses]                     # optional; a fixed breakdown with its groups in a column …
//! dimensie = "opleiding"
//! kolom = "education"
//! codes = { laag = "laag", middelbaar = "middelbaar", hoog = "hoog", total = "" }
//! # … or the breakdown named per row:
//! # dimensie_kolom = "breakdown"
//! # dimensies = { none = "", education = "opleiding", income_quintile = "inkomen5" }
//! # [ses.groepen.inkomen5]
//! # laagste = "q1"          # and so on; codes = { total = "" } for rows without one
//!
//! [kenmerk.leeftijd]        # a column that only selects rows for a measure
//! kolom = "LeeftijdOp31December"
//! codes = { "10010" = "0", "10065" = "65" }
//! negeer = ["22000"]        # known codes whose rows are not imported
//!
//! [marges]                  # CBS margin rows
//! kolom = "Marges"
//! waarde = "MW00000"
//! marge = "B000150"         # lower = value − margin, upper = value + margin
//!
//! [[maat]]                  # a value column and its KPI, on the rows meeting `waar`
//! kolom = "LevensverwachtingLV_1"
//! kpi = "levensverwachting"
//! waar = { leeftijd = "0" }
//!
//! [[maat]]
//! kolom = "LevensverwachtingLV_1"
//! kpi = "levensverwachting_65"
//! waar = { leeftijd = "65" }
//! ```
//!
//! A dimension (`periode`, `regio`, `geslacht`, `leeftijdsklasse`, each `kenmerk`) is a
//! constant (`waarde`) or a column (`kolom`). A column with `codes` must hold only codes the
//! mapping knows or lists under `negeer`; any other code refuses the file, naming file,
//! line, column and code. A column without `codes` is taken as it is and checked by the
//! catalogue. Two measures of one KPI that can hold on the same row are refused when the
//! mapping is read, naming both columns.

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
