//! Every chart gemeten draws, as inline SVG built with maud: no script, no CDN, they print,
//! and each carries `role="img"`, an accessible name (`aria-label` and `<title>`) and a text
//! summary (`<desc>`). The web pages and the progress report use the same functions, so a
//! chart looks and reads the same wherever it appears.
//!
//! The crate draws values it is handed: it knows no store, does no I/O and computes no
//! indicator. Colours are class names whose rules the crate supplies ([`GRAFIEK_CSS`],
//! [`KAART_CSS`]) for the page's stylesheet and for a chart downloaded as a file
//! ([`svg_bestand`]). Every number a chart writes goes through [`getal`]: the decimal comma
//! in Dutch, the point in English.
//!
//! - [`toc`]: a mission's theory of change, five columns of boxes with arrows.
//! - [`trl`]: a pipeline as bars by TRL, with the threshold.
//! - [`kies`]: one mission's part of the knowledge and innovation ecosystem (000 Figure 5),
//!   the mission on top and a column per kind of element, with a legend.
//! - [`lijn`]: KPI series over the periods with their 95 % intervals.
//! - [`balken`]: one value per region, sorted as given, with the national reference.
//! - [`verloop`]: one target's trajectory: observed, path to target, target, projection.
//! - [`ruggengraat`]: one row of an area profile (Fingertips' spine chart): the area's
//!   value and interval against the national value and the spread of the regions.
//! - [`kaart`]: a choropleth of GGD regions, provinces or zorgkantoor regions (boundaries
//!   embedded from `data/kaarten/`), by comparison with a benchmark or by quantiles.

mod balken;
mod kaart;
mod kies;
mod lijn;
mod ruggengraat;
mod schaal;
mod stijl;
mod toc;
mod trl;
mod verloop;

pub use balken::{balken, Balk};
pub use kaart::{
    kaart, kwantielen, regios, Gebied, KaartFout, Kleuring, Niveau, Vergelijking, KAART_CSS,
};
pub use kies::kies;
pub use lijn::{lijn, lijn_met_breuken, Punt, Reeks};
pub use ruggengraat::{ruggengraat, Ruggengraat};
pub use schaal::getal;
pub use stijl::{svg_bestand, GRAFIEK_CSS};
pub use toc::{toc, wrap};
pub use trl::trl;
pub use verloop::{verloop, Projectie, Verloop};

/// Reading the SVG back in tests: an element's opening tag and its numeric attributes.
#[cfg(test)]
mod test_support {
    /// The opening tags of every `<tag …>` whose class list holds `class`, in document order.
    pub(crate) fn elements(svg: &str, tag: &str, class: &str) -> Vec<String> {
        svg.match_indices(&format!("<{tag} "))
            .map(|(i, _)| &svg[i..i + svg[i..].find('>').expect("closed tag")])
            .filter(|t| attr(t, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class)))
            .map(str::to_owned)
            .collect()
    }

    pub(crate) fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[start..].split('"').next()
    }

    pub(crate) fn attr_f64(tag: &str, name: &str) -> f64 {
        attr(tag, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no number {name} in {tag}"))
    }
}
