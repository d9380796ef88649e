//! The real files of `data/echt/` and their mappings from `data/koppelingen/`, embedded so
//! a first start can import them without any file on disk.

use crate::{BronFout, Koppeling};

/// A shipped data file with its mapping.
#[derive(Debug, Clone, Copy)]
pub struct Meegeleverd {
    /// The file name in `data/echt/`.
    pub bestand: &'static str,
    pub tekst: &'static str,
    /// The mapping's file name in `data/koppelingen/`.
    pub koppeling_bestand: &'static str,
    pub koppeling: &'static str,
}

impl Meegeleverd {
    /// The mapping, read and checked (the tests read every one, so an error is a build bug).
    pub fn koppeling(&self) -> Result<Koppeling, BronFout> {
        Koppeling::lees(self.koppeling, self.koppeling_bestand)
    }
}

macro_rules! paar {
    ($data:literal, $koppeling:literal) => {
        Meegeleverd {
            bestand: $data,
            tekst: include_str!(concat!("../../../data/echt/", $data)),
            koppeling_bestand: $koppeling,
            koppeling: include_str!(concat!("../../../data/koppelingen/", $koppeling)),
        }
    };
}

const MEEGELEVERD: &[Meegeleverd] = &[
    paar!(
        "cbs_71950ned_typeddataset_2021_2023.csv",
        "cbs_71950ned_typeddataset.toml"
    ),
    paar!(
        "cbs_71950ned_statline_export_vanaf_1981.csv",
        "cbs_71950ned_statline.toml"
    ),
    paar!(
        "cbs_84842NED_opleiding_2019_2022.csv",
        "cbs_84842NED_opleiding.toml"
    ),
    paar!(
        "cbs_71885ned_opleiding_2011_2014.csv",
        "cbs_71885ned_opleiding.toml"
    ),
    paar!(
        "rivm_monitor_missies_centrale_missie.csv",
        "rivm_monitor_missies_centrale_missie.toml"
    ),
    paar!(
        "rivm_monitor_missies_I_IV.csv",
        "rivm_monitor_missies_I_IV.toml"
    ),
];

/// Every shipped (file, mapping) pair, in a fixed order.
pub fn meegeleverd() -> &'static [Meegeleverd] {
    MEEGELEVERD
}

/// The shipped mapping for a file, found by its name (a path's last part; case does not
/// matter, as CBS writes table ids both ways). `None` when gemeten ships none.
pub fn meegeleverde_koppeling(bestandsnaam: &str) -> Option<Result<Koppeling, BronFout>> {
    let naam = bestandsnaam
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(bestandsnaam);
    MEEGELEVERD.iter().find_map(|m| {
        let k = m.koppeling();
        let past = m.bestand.eq_ignore_ascii_case(naam)
            || matches!(&k, Ok(k) if k.bestanden.iter().any(|b| b.eq_ignore_ascii_case(naam)));
        past.then_some(k)
    })
}

/// The shipped mapping for a CBS table's OData `TypedDataSet` (e.g. `71950ned`).
pub fn meegeleverde_koppeling_cbs(tabel: &str) -> Option<Result<Koppeling, BronFout>> {
    MEEGELEVERD.iter().find_map(|m| {
        let k = m.koppeling();
        matches!(&k, Ok(k) if k.cbs_tabel.eq_ignore_ascii_case(tabel)).then_some(k)
    })
}
