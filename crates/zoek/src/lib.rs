//! Finding things in a large portfolio: full-text search over titles, summaries and
//! partners with Dutch and English stemming (tantivy), suggested missions and KIA
//! questions for projects that carry no labels, and near-duplicates across funders — the
//! "ontsnipperen" the KIA asks for. [`Stukindex`] searches the register and the projects
//! together, for the web application's search page.

mod citaat;
mod dubbel;
mod index;
mod stuk;
mod stukindex;
mod suggestie;
mod taal;

pub use dubbel::{near_duplicates, Duplicaat};
pub use index::{Treffer, Zoekindex};
pub use stuk::{project_stuk, register_stukken, OnbekendeSoort, Soort, Stuk};
pub use stukindex::{Fragment, Gegroepeerd, StukTreffer, Stukindex, Uitslag, TELGRENS};
pub use suggestie::{Classificeerder, Suggestie};
pub use taal::stems;

#[derive(Debug, thiserror::Error)]
pub enum ZoekFout {
    #[error("zoekindex {path}: {source}")]
    Index {
        path: String,
        source: tantivy::TantivyError,
    },
    #[error("zoekindex {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}
