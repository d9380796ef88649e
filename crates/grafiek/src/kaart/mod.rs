//! Choropleth maps of the Netherlands by GGD region, province or zorgkantoor region: one SVG
//! `<path>` per region, filled by class, with a legend in the page's language.
//!
//! The boundaries are CBS's generalised area divisions of 2025 (via PDOK; `data/kaarten/`,
//! see its `BRONNEN.md`), embedded at compile time and decoded once, so drawing a map does no
//! I/O. Coordinates are RD (metres, y northward); the map rounds them to 100 m, which is far
//! below what a country map on a screen shows and keeps the SVG small (11-17 kB a map, measured in the tests).
//!
//! Colouring is either the comparison with a benchmark, which the caller decides per region
//! ([`Vergelijking`]), or quantiles of the values ([`kwantielen`]). Classes always run from
//! the lowest to the highest value; whether lower is better only changes the legend's words,
//! so the same colour means the same thing on every map of the same kind.
//!
//! **ROAZ regions have no map.** No source we found composes the ten ROAZ regions from
//! zorgkantoor regions (or GGD regions): CBS publishes no ROAZ division and the networks
//! publish no boundaries or municipality lists in a usable form (`crates/indicators/data/
//! regios_bronnen.md`). Drawing them from a guessed composition would show boundaries that
//! nobody published, so ROAZ values are shown as bars and tables only.

mod topo;

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::str::FromStr;
use std::sync::OnceLock;

use maud::{html, Markup};
use thiserror::Error;

use gemeten_domain::{Lang, Richting};

use crate::schaal::{figuur, getal, Px};

/// A map level: the kinds of region gemeten has boundaries for. The codes are those of
/// `regios.csv` (`ggd`, `provincie`, `zorgkantoor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Niveau {
    Ggd,
    Provincie,
    Zorgkantoor,
}

impl Niveau {
    /// Every level with a map.
    pub const ALLE: [Niveau; 3] = [Niveau::Ggd, Niveau::Provincie, Niveau::Zorgkantoor];

    /// The level's code in `regios.csv` and the KPI explorer.
    pub fn code(self) -> &'static str {
        match self {
            Niveau::Ggd => "ggd",
            Niveau::Provincie => "provincie",
            Niveau::Zorgkantoor => "zorgkantoor",
        }
    }

    fn index(self) -> usize {
        match self {
            Niveau::Ggd => 0,
            Niveau::Provincie => 1,
            Niveau::Zorgkantoor => 2,
        }
    }

    fn bestand(self) -> &'static str {
        match self {
            Niveau::Ggd => include_str!("../../../../data/kaarten/ggdregio_2025.topojson"),
            Niveau::Provincie => include_str!("../../../../data/kaarten/provincie_2025.topojson"),
            Niveau::Zorgkantoor => {
                include_str!("../../../../data/kaarten/zorgkantoorregio_2025.topojson")
            }
        }
    }

    fn label(self, l: Lang) -> &'static str {
        match self {
            Niveau::Ggd => l.t("GGD-regio's", "GGD regions"),
            Niveau::Provincie => l.t("provincies", "provinces"),
            Niveau::Zorgkantoor => l.t("zorgkantoorregio's", "zorgkantoor regions"),
        }
    }
}

impl fmt::Display for Niveau {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Niveau {
    type Err = KaartFout;

    fn from_str(s: &str) -> Result<Niveau, KaartFout> {
        Niveau::ALLE
            .into_iter()
            .find(|n| n.code() == s)
            .ok_or_else(|| KaartFout::OnbekendNiveau(s.to_owned()))
    }
}

/// What can go wrong drawing a map; all of it is the caller's input except `Grenzen`, which
/// the tests rule out for the embedded files.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KaartFout {
    #[error(
        "no map for region level '{0}' (ggd, provincie or zorgkantoor; ROAZ regions have no map)"
    )]
    OnbekendNiveau(String),
    #[error("region '{code}' is not on the {niveau} map")]
    OnbekendeRegio { niveau: Niveau, code: String },
    #[error("region '{0}' is given twice")]
    DubbeleRegio(String),
    #[error("the {niveau} boundaries cannot be read: {reden}")]
    Grenzen { niveau: Niveau, reden: String },
}

/// How a region compares with the benchmark (the caller decides, e.g. from the intervals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Vergelijking {
    Beter,
    Vergelijkbaar,
    Slechter,
    #[default]
    NietVergeleken,
}

impl Vergelijking {
    const ALLE: [Vergelijking; 4] = [
        Vergelijking::Beter,
        Vergelijking::Vergelijkbaar,
        Vergelijking::Slechter,
        Vergelijking::NietVergeleken,
    ];

    fn class(self) -> &'static str {
        match self {
            Vergelijking::Beter => "kaart-beter",
            Vergelijking::Vergelijkbaar => "kaart-vergelijkbaar",
            Vergelijking::Slechter => "kaart-slechter",
            Vergelijking::NietVergeleken => "kaart-niet-vergeleken",
        }
    }

    /// The category's words in `l`.
    pub fn label(self, l: Lang) -> &'static str {
        match self {
            Vergelijking::Beter => l.t("beter", "better"),
            Vergelijking::Vergelijkbaar => l.t("vergelijkbaar", "similar"),
            Vergelijking::Slechter => l.t("slechter", "worse"),
            Vergelijking::NietVergeleken => l.t("niet vergeleken", "not compared"),
        }
    }
}

/// One region's value. `value: None` (withheld, not published) and regions not given at all
/// are drawn as "geen gegevens"; `vergelijking` is used only by [`Kleuring::Vergelijking`].
#[derive(Debug, Clone, PartialEq)]
pub struct Gebied {
    pub code: String,
    pub value: Option<f64>,
    pub vergelijking: Vergelijking,
}

/// How regions are coloured.
#[derive(Debug, Clone, PartialEq)]
pub enum Kleuring {
    /// By each region's [`Vergelijking`] with the benchmark named `met` (e.g. "Nederland").
    Vergelijking { met: String },
    /// By `klassen` quantiles of the values (clamped to 2..=5; 5 is quintiles). `richting`
    /// only words the legend ("lager is beter"); the lowest values are always class 1.
    Kwantielen {
        klassen: u8,
        richting: Option<Richting>,
    },
}

/// The class (0-based, lowest values first) of every value among `klassen` quantiles: a
/// value's class is ⌊r·k/n⌋ with r the number of values strictly below it, so equal values
/// share a class and with fewer values than classes some classes stay empty. Values must be
/// finite ([`kaart`] treats the others as no data).
pub fn kwantielen(waarden: &[f64], klassen: u8) -> Vec<u8> {
    let k = usize::from(klassen.max(1));
    let n = waarden.len();
    waarden
        .iter()
        .map(|&v| {
            let lager = waarden.iter().filter(|&&w| w < v).count();
            // lager < n, so the class is below k ≤ 255.
            u8::try_from(lager * k / n).unwrap_or(u8::MAX)
        })
        .collect()
}

/// The regions on a level's map, `(code, name)` in file order.
pub fn regios(niveau: Niveau) -> Result<Vec<(&'static str, &'static str)>, KaartFout> {
    Ok(geladen(niveau)?
        .vlakken
        .iter()
        .map(|v| (v.code.as_str(), v.naam.as_str()))
        .collect())
}

/// The stylesheet rules of the maps' classes. The web stylesheet includes them and
/// [`crate::svg_bestand`] puts them in a downloaded map, so both show the same colours. The
/// sequential blues and the blue–red comparison are readable with the common colour-vision
/// deficiencies; "no data" is white with a grey edge, unlike any class.
pub const KAART_CSS: &str = "\
svg.kaart { max-width: 28rem; }
svg.kaart .vlak { stroke: #ffffff; stroke-width: 4; stroke-linejoin: round; }
svg.kaart .kaart-k1 { fill: #deebf7; }
svg.kaart .kaart-k2 { fill: #9ecae1; }
svg.kaart .kaart-k3 { fill: #6baed6; }
svg.kaart .kaart-k4 { fill: #3182bd; }
svg.kaart .kaart-k5 { fill: #08519c; }
svg.kaart .kaart-beter { fill: #2166ac; }
svg.kaart .kaart-vergelijkbaar { fill: #e9dcb0; }
svg.kaart .kaart-slechter { fill: #b2182b; }
svg.kaart .kaart-niet-vergeleken { fill: #9a9a9a; }
svg.kaart .kaart-geen-gegevens { fill: #ffffff; stroke: #767676; }
svg.kaart .legenda-tekst { fill: #1a1a1a; }
";

/// One region ready to draw: its path in map units.
struct Vlak {
    code: String,
    naam: String,
    d: String,
}

/// A level's map: the regions and the size of the drawing (map units, 100 m).
struct Kaart {
    breed: f64,
    hoog: f64,
    vlakken: Vec<Vlak>,
}

/// Metres per map unit: coordinates are rounded to this grid.
const RASTER: f64 = 100.0;
/// Room around the country, in map units, so edges are not clipped by the stroke.
const MARGE: f64 = 20.0;
/// The legend's text size in map units. The map is about 2 700 units wide; at a phone's
/// ~340 px that makes 100 units about 13 px, and the legend has few, short lines.
const LETTER: f64 = 100.0;
const REGEL: f64 = 150.0;

fn geladen(niveau: Niveau) -> Result<&'static Kaart, KaartFout> {
    static KAARTEN: [OnceLock<Result<Kaart, String>>; 3] = [const { OnceLock::new() }; 3];
    KAARTEN[niveau.index()]
        .get_or_init(|| laad(niveau.bestand()))
        .as_ref()
        .map_err(|reden| KaartFout::Grenzen {
            niveau,
            reden: reden.clone(),
        })
}

fn laad(tekst: &str) -> Result<Kaart, String> {
    let vormen = topo::decodeer(tekst)?;
    let punten = || {
        vormen
            .iter()
            .flat_map(|v| v.polygonen.iter().flatten().flatten())
    };
    let (x0, x1) = bereik(punten().map(|p| p.0)).ok_or("no coordinates")?;
    let (y0, y1) = bereik(punten().map(|p| p.1)).ok_or("no coordinates")?;
    // x to the right from the westernmost point; y flipped, since RD's y grows northward
    // and SVG's downward.
    let naar = |(x, y): (f64, f64)| {
        (
            ((x - x0) / RASTER + MARGE).round() as i64,
            ((y1 - y) / RASTER + MARGE).round() as i64,
        )
    };
    let vlakken = vormen
        .iter()
        .map(|v| Vlak {
            code: v.code.clone(),
            naam: v.naam.clone(),
            d: pad(v
                .polygonen
                .iter()
                .flatten()
                .map(|r| r.iter().map(|&p| naar(p)))),
        })
        .collect();
    Ok(Kaart {
        breed: ((x1 - x0) / RASTER + 2.0 * MARGE).ceil(),
        hoog: ((y1 - y0) / RASTER + 2.0 * MARGE).ceil(),
        vlakken,
    })
}

fn bereik(v: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    v.fold(None, |b, v| match b {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// The `d` of a path of rings in whole map units: an absolute start, then relative steps
/// (short numbers), points that rounding made equal dropped, and rings that rounding shrank
/// below a triangle (specks of islands) left out. Outer rings and holes share the path; the
/// path's `fill-rule="evenodd"` makes the holes holes whatever their winding.
fn pad<R, P>(rings: R) -> String
where
    R: Iterator<Item = P>,
    P: Iterator<Item = (i64, i64)>,
{
    let mut d = String::new();
    for ring in rings {
        let mut punten: Vec<(i64, i64)> = Vec::new();
        for p in ring {
            if punten.last() != Some(&p) {
                punten.push(p);
            }
        }
        if punten.len() > 1 && punten.first() == punten.last() {
            punten.pop();
        }
        if punten.len() < 3 {
            continue;
        }
        let (mut x, mut y) = punten[0];
        // Writing to a String cannot fail.
        let _ = write!(d, "M{x} {y}l");
        for (i, &(px, py)) in punten[1..].iter().enumerate() {
            for (n, getal) in [px - x, py - y].into_iter().enumerate() {
                // A minus sign separates numbers by itself.
                if (i > 0 || n > 0) && getal >= 0 {
                    d.push(' ');
                }
                let _ = write!(d, "{getal}");
            }
            (x, y) = (px, py);
        }
        d.push('z');
    }
    d
}

/// Decimals for the values shown: fewer for larger numbers, so legend labels stay short.
fn decimalen(waarden: impl Iterator<Item = f64>) -> usize {
    match waarden.fold(0.0_f64, |m, v| m.max(v.abs())) {
        m if m >= 100.0 => 0,
        m if m >= 10.0 => 1,
        _ => 2,
    }
}

/// A choropleth of `niveau` with one path per region (`data-code` = its CBS code, a `<title>`
/// with name and value), coloured by `kleuring`, and a legend below it in `l`. Every region
/// of the map is drawn; the ones without a value in `gebieden` as "geen gegevens".
pub fn kaart(
    niveau: Niveau,
    gebieden: &[Gebied],
    kleuring: &Kleuring,
    unit: &str,
    title: &str,
    l: Lang,
) -> Result<Markup, KaartFout> {
    let kaart = geladen(niveau)?;
    let mut per_code: HashMap<&str, &Gebied> = HashMap::new();
    for g in gebieden {
        if !kaart.vlakken.iter().any(|v| v.code == g.code) {
            return Err(KaartFout::OnbekendeRegio {
                niveau,
                code: g.code.clone(),
            });
        }
        if per_code.insert(g.code.as_str(), g).is_some() {
            return Err(KaartFout::DubbeleRegio(g.code.clone()));
        }
    }
    let waarde = |code: &str| {
        per_code
            .get(code)
            .and_then(|g| g.value)
            .filter(|v| v.is_finite())
    };
    let met_waarde: Vec<(&Vlak, f64)> = kaart
        .vlakken
        .iter()
        .filter_map(|v| waarde(&v.code).map(|w| (v, w)))
        .collect();
    let dec = decimalen(met_waarde.iter().map(|p| p.1));
    let getal = |v: f64| getal(v, dec, l);
    let geen = l.t("geen gegevens", "no data");

    // The class of every region with a value, and the legend's heading and items.
    let mut klasse: HashMap<&str, (&'static str, &'static str)> = HashMap::new();
    let mut kop: Vec<String> = Vec::new();
    let mut items: Vec<(&'static str, String)> = Vec::new();
    match kleuring {
        Kleuring::Vergelijking { met } => {
            for (v, _) in &met_waarde {
                let c = per_code
                    .get(v.code.as_str())
                    .map_or(Vergelijking::NietVergeleken, |g| g.vergelijking);
                klasse.insert(&v.code, (c.class(), c.label(l)));
            }
            kop.push(format!("{} {met}", l.t("Vergeleken met", "Compared with")));
            items.extend(
                Vergelijking::ALLE
                    .into_iter()
                    .map(|c| (c.class(), c.label(l).to_owned())),
            );
        }
        Kleuring::Kwantielen { klassen, richting } => {
            let k = (*klassen).clamp(2, 5);
            let waarden: Vec<f64> = met_waarde.iter().map(|p| p.1).collect();
            let ks = kwantielen(&waarden, k);
            // Class c of k takes palette step c·4/(k−1), so 2, 3 or 4 classes spread over
            // the light-to-dark range instead of using only its light end.
            let stap = |c: u8| KWANTIEL_CLASS[usize::from(c) * 4 / usize::from(k - 1)];
            for ((v, _), &c) in met_waarde.iter().zip(&ks) {
                klasse.insert(&v.code, (stap(c), ""));
            }
            let naam = match k {
                5 => l.t("Kwintielen", "Quintiles").to_owned(),
                4 => l.t("Kwartielen", "Quartiles").to_owned(),
                _ => format!("{k} {}", l.t("even grote groepen", "equal-sized groups")),
            };
            kop.push(if unit.is_empty() {
                naam
            } else {
                format!("{naam} ({unit})")
            });
            if let Some(r) = richting {
                kop.push(r.label(l).to_owned());
            }
            for c in 0..k {
                let (lo, hi) = ks
                    .iter()
                    .zip(&waarden)
                    .filter(|p| *p.0 == c)
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, &w)| {
                        (lo.min(w), hi.max(w))
                    });
                if lo.is_finite() {
                    let tekst = if lo == hi {
                        getal(lo)
                    } else {
                        format!("{} – {}", getal(lo), getal(hi))
                    };
                    items.push((stap(c), tekst));
                }
            }
        }
    }
    if met_waarde.len() < kaart.vlakken.len() {
        items.push((GEEN_GEGEVENS, geen.to_owned()));
    }

    let titel = |v: &Vlak| match (waarde(&v.code), klasse.get(v.code.as_str())) {
        (Some(w), Some((_, label))) if !label.is_empty() => {
            format!("{}: {} {unit} ({label})", v.naam, getal(w))
        }
        (Some(w), _) => format!("{}: {} {unit}", v.naam, getal(w)),
        (None, _) => format!("{}: {geen}", v.naam),
    };
    let summary: Vec<String> = kaart.vlakken.iter().map(titel).collect();
    let summary = format!(
        "{} {}. {}",
        l.t("Kaart van de", "Map of the"),
        niveau.label(l),
        summary.join("; ")
    );

    let top = kaart.hoog + LETTER * 0.6;
    let rijen = items.len().div_ceil(2);
    let hoog = top + REGEL * (kop.len() + rijen) as f64 + LETTER * 0.4;
    let kolom = kaart.breed / 2.0;
    let inhoud = html! {
        g fill-rule="evenodd" {
            @for v in &kaart.vlakken {
                @let class = klasse.get(v.code.as_str()).map_or(GEEN_GEGEVENS, |k| k.0);
                path d=(v.d) data-code=(v.code) class={"vlak " (class)} {
                    title { (titel(v)) }
                }
            }
        }
        g.legenda font-size=(Px(LETTER)) {
            @for (i, regel) in kop.iter().enumerate() {
                text x=(Px(MARGE)) y=(Px(top + REGEL * i as f64 + LETTER)) class="legenda-tekst" { (regel) }
            }
            @for (i, (class, tekst)) in items.iter().enumerate() {
                // Down the first column, then the second: the classes read in order.
                @let x = MARGE + kolom * (i / rijen) as f64;
                @let y = top + REGEL * (kop.len() + i % rijen) as f64;
                rect x=(Px(x)) y=(Px(y + LETTER * 0.1)) width=(Px(LETTER)) height=(Px(LETTER)) class={"vlak " (class)} {}
                text x=(Px(x + LETTER * 1.4)) y=(Px(y + LETTER)) class="legenda-tekst" { (tekst) }
            }
        }
    };
    Ok(figuur(
        "grafiek kaart",
        (kaart.breed, hoog),
        false,
        title,
        &summary,
        inhoud,
    ))
}

const KWANTIEL_CLASS: [&str; 5] = ["kaart-k1", "kaart-k2", "kaart-k3", "kaart-k4", "kaart-k5"];
const GEEN_GEGEVENS: &str = "kaart-geen-gegevens";

#[cfg(test)]
mod tests;
