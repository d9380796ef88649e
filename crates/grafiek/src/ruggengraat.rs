//! One row of an area profile, after the spine chart of the UK's Fingertips profiles: the
//! national value is the centre line, the spread of the regions of the same kind is a grey
//! band (lightest from lowest to highest, darker between the quartiles), and the area's value
//! is a dot with its 95 % interval, coloured by its comparison with the national value.
//!
//! Like Fingertips, the row is oriented by the KPI's direction: **right is better**, whether
//! higher or lower values are better, so a column of rows reads the same way for every KPI.
//! Each row has its own scale (the largest distance from the national value among the
//! values drawn reaches the edge); rows are not comparable in units, only in position.

use maud::{html, Markup};

use gemeten_domain::{Lang, Richting};

use crate::kaart::Vergelijking;
use crate::schaal::{figuur, Px};

/// What one row draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Ruggengraat {
    /// The area's value.
    pub waarde: f64,
    /// Its 95 % interval, when the source gives one.
    pub interval: Option<(f64, f64)>,
    /// The benchmark: the centre line.
    pub landelijk: f64,
    /// The regions of the same kind in the same period: lowest, first quartile, third
    /// quartile, highest. None when there are too few to speak of a spread.
    pub spreiding: Option<[f64; 4]>,
    pub richting: Richting,
    pub vergelijking: Vergelijking,
}

const BREED: f64 = 200.0;
const HOOG: f64 = 24.0;
const MIDDEN: f64 = BREED / 2.0;
/// Room at each end, so the dot at the extreme is not cut off.
const HALF: f64 = MIDDEN - 8.0;
const STIP: f64 = 5.0;

fn klasse(v: Vergelijking) -> &'static str {
    match v {
        Vergelijking::Beter => "rg-beter",
        Vergelijking::Vergelijkbaar => "rg-vergelijkbaar",
        Vergelijking::Slechter => "rg-slechter",
        Vergelijking::NietVergeleken => "rg-niet-vergeleken",
    }
}

/// The row as a small SVG that scales with its container (no fixed width: it is drawn to
/// shrink on a phone). `title` names it for screen readers; `desc` says in words what it
/// shows (the page's table has the numbers too).
pub fn ruggengraat(r: &Ruggengraat, title: &str, desc: &str, l: Lang) -> Markup {
    // Right is better: a KPI where lower is better is mirrored.
    let teken = match r.richting {
        Richting::Hoger => 1.0,
        Richting::Lager => -1.0,
    };
    let getekend = [r.waarde]
        .into_iter()
        .chain(r.interval.into_iter().flat_map(|(a, b)| [a, b]))
        .chain(r.spreiding.into_iter().flatten());
    let verste = getekend
        .filter(|v| v.is_finite())
        .map(|v| (v - r.landelijk).abs())
        .fold(0.0_f64, f64::max);
    // All values equal to the benchmark: any scale will do, the dot sits on the line.
    let schaal = if verste > 0.0 { HALF / verste } else { 1.0 };
    let x = |v: f64| MIDDEN + teken * (v - r.landelijk) * schaal;
    let band = |a: f64, b: f64| {
        let (a, b) = (x(a), x(b));
        (a.min(b), (a - b).abs().max(1.0))
    };
    let links = l.t("slechter", "worse");
    let rechts = l.t("beter", "better");
    let inhoud = html! {
        @if let Some([min, q1, q3, max]) = r.spreiding {
            @let (x0, w) = band(min, max);
            rect x=(Px(x0)) y="6" width=(Px(w)) height="12" class="rg-bereik" {}
            @let (x0, w) = band(q1, q3);
            rect x=(Px(x0)) y="6" width=(Px(w)) height="12" class="rg-kwartielen" {}
        }
        line x1=(Px(MIDDEN)) y1="2" x2=(Px(MIDDEN)) y2=(Px(HOOG - 2.0)) class="rg-landelijk" {}
        @if let Some((a, b)) = r.interval {
            line x1=(Px(x(a))) y1=(Px(HOOG / 2.0)) x2=(Px(x(b))) y2=(Px(HOOG / 2.0)) class="rg-interval" {}
        }
        circle cx=(Px(x(r.waarde))) cy=(Px(HOOG / 2.0)) r=(Px(STIP)) class={"rg-stip " (klasse(r.vergelijking))} {}
        // The ends of the axis in words, for whoever prints the page in black and white.
        text x="1" y=(Px(HOOG - 1.0)) class="rg-as" { (links) }
        text x=(Px(BREED - 1.0)) y=(Px(HOOG - 1.0)) text-anchor="end" class="rg-as" { (rechts) }
    };
    figuur("ruggengraat", (BREED, HOOG), false, title, desc, inhoud)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{attr_f64, elements};

    fn rij(waarde: f64, richting: Richting) -> Ruggengraat {
        Ruggengraat {
            waarde,
            interval: Some((waarde - 1.0, waarde + 1.0)),
            landelijk: 60.0,
            spreiding: Some([55.0, 58.0, 62.0, 66.0]),
            richting,
            vergelijking: Vergelijking::Beter,
        }
    }

    #[test]
    fn right_is_better_in_both_directions() {
        let hoger = ruggengraat(&rij(64.0, Richting::Hoger), "t", "d", Lang::Nl).into_string();
        let lager = ruggengraat(&rij(64.0, Richting::Lager), "t", "d", Lang::Nl).into_string();
        let cx = |svg: &str| attr_f64(&elements(svg, "circle", "rg-stip")[0], "cx");
        assert!(cx(&hoger) > MIDDEN, "higher is better: right of the line");
        assert!(cx(&lager) < MIDDEN, "lower is better: left of the line");
        assert!(hoger.contains("rg-beter"));
        // Everything drawn stays inside the frame.
        for svg in [&hoger, &lager] {
            for r in elements(svg, "rect", "rg-bereik") {
                let x0 = attr_f64(&r, "x");
                assert!(x0 >= 0.0 && x0 + attr_f64(&r, "width") <= BREED, "{r}");
            }
        }
    }

    #[test]
    fn a_value_equal_to_the_benchmark_sits_on_the_line() {
        let r = Ruggengraat {
            waarde: 60.0,
            interval: None,
            landelijk: 60.0,
            spreiding: None,
            richting: Richting::Hoger,
            vergelijking: Vergelijking::NietVergeleken,
        };
        let svg = ruggengraat(&r, "t", "d", Lang::En).into_string();
        let stip = &elements(&svg, "circle", "rg-stip")[0];
        assert_eq!(attr_f64(stip, "cx"), MIDDEN);
        assert!(svg.contains("rg-niet-vergeleken") && svg.contains(">better<"));
        assert!(svg.contains(r#"role="img""#) && svg.contains("<desc>d</desc>"));
    }
}
