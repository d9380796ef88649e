//! The indicator engine of gemeten: life tables, healthy life expectancy (Sullivan), the
//! socio-economic gap and progress towards every mission target; and the methods of the
//! national monitors as pure functions: comparison with a benchmark (`vergelijk`), a tested
//! trend label (`toets_trend`) and the inequality measures SII and RII (`ongelijkheid`).
//!
//! This crate computes; it does not store. Inputs arrive as validated values (from CSV or
//! Parquet files read here, or from the store via the binary), outputs are plain data.

mod eigen_kpi;
mod error;
mod federatie;
mod hle;
mod kpi;
mod leeftijd;
mod levenstabel;
mod microdata;
mod ongelijkheid;
mod sullivan;
mod tabel;
mod trendtoets;
mod uitleg;
mod vergelijking;
mod voortgang;

pub use eigen_kpi::{
    definities_uit_toml, dimensie_tegenstrijdigheden, kpis_uit_toml, tegenstrijdigheden, Definities,
};
pub use error::{IndicatorError, InvoerFout, Plaats};
pub use federatie::{
    combineer, controlegetal, deeltelling, lees_deeltelling, sha256_hex, Cel, Deeltelling,
    Gecombineerd, Herkomst, KleineCellen, DEFINITIE_VERSIE,
};
pub use hle::{
    from_microdata, from_microdata_met, ses_gaps, GroepUitkomst, HleOpties, HleUitkomst,
    SesVerschil, Sleutel, Verwachting,
};
pub use kpi::{
    read_observations, read_observations_text, valideer_waarnemingen, Catalogus, GelezenWaarneming,
    KpiDefinitie, Reeksbreuk, Regio, RuweWaarneming, SesDimensie, Uitsplitsing, VerschilVan,
    REGIO_NIVEAUS, SEXES,
};
pub use leeftijd::{Leeftijdsklasse, Leeftijdsklassen};
pub use levenstabel::{Levenstabel, LevenstabelRij, Sterfte, RADIX};
pub use microdata::tijden;
pub use microdata::{
    aggregate, aggregate_met, is_microdata, microdata_bestanden, sha256_bestanden, Aggregaat,
    Celtelling, Leesopties, Telling, EXPOSURE_SCALE, MAX_AGE,
};
pub use ongelijkheid::{ongelijkheid, Intervalbron, Ongelijkheid, Schatting, SesGroep};
pub use sullivan::{Gezondheid, Gezondheidsverwachting};
pub use tabel::from_table;
pub use trendtoets::{
    toets_trend, Regressie, TrendPunt, Trendoordeel, Trendtoets, MIN_TRENDPUNTEN,
};
pub use uitleg::{getal_en, getal_nl, Tweetalig, Zekerheid};
pub use vergelijking::{
    herschaal, vergelijk, Benchmark, GepubliceerdOordeel, GepubliceerdeToets, Grondslag, Interval,
    Meting, Vergelijking, VergelijkingUitkomst,
};
pub use voortgang::{voortgang, Projectie, Status, Voortgang, MIN_POINTS};

/// The two-sided 95 % normal quantile used for confidence intervals.
pub const Z95: f64 = 1.959_963_984_540_054;
