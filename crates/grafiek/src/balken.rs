//! The KPI explorer's comparison: one horizontal bar per region, in the order given (the
//! caller sorts), with the national value as a reference line.

use maud::{html, Markup};

use gemeten_domain::Lang;

use crate::schaal::{
    as_bereik, breuk, figuur, getal, noot_nul, tick_decimalen, zin_nul, zonder_nul, Px, Schaal,
};

/// One region's bar; `value: None` is withheld.
#[derive(Debug, Clone, PartialEq)]
pub struct Balk {
    pub label: String,
    pub value: Option<f64>,
}

const LABEL: f64 = 300.0;
const RIJ: f64 = 18.0;
const BREED: f64 = 720.0;
/// Above the bars: the national value's label on its reference line.
const PAD_T: f64 = 24.0;
/// Below the bars: the value axis with its tick labels.
const PAD_B: f64 = 32.0;
/// Room right of the longest bar for its value.
const WAARDE: f64 = 66.0;

/// Horizontal bars in the given order, with `landelijk` (the national value) as a reference
/// line, and a value axis with ticks and gridlines below. The axis starts near the lowest value,
/// not at zero, so that differences between regions stay visible; when it does, a break mark,
/// a note under the region names and the summary say so.
pub fn balken(balken: &[Balk], landelijk: Option<f64>, unit: &str, title: &str, l: Lang) -> Markup {
    let height = PAD_T + RIJ * balken.len() as f64 + PAD_B;
    let ((lo, hi), ticks) = as_bereik(balken.iter().filter_map(|b| b.value).chain(landelijk));
    let dec = tick_decimalen(&ticks);
    let x = |v: f64| Schaal::new((lo, hi), (LABEL, BREED - WAARDE)).at(v);
    let g = |v: f64| getal(v, 2, l);
    let onder = height - PAD_B;
    let withheld = l.t(
        "onderdrukt (kleine aantallen)",
        "suppressed (small numbers)",
    );
    let nederland = l.t("Nederland", "Netherlands");
    let summary: Vec<String> = landelijk
        .map(|v| format!("{nederland}: {} {unit}", g(v)))
        .into_iter()
        .chain(balken.iter().map(|b| match b.value {
            Some(v) => format!("{}: {}", b.label, g(v)),
            None => format!("{}: {withheld}", b.label),
        }))
        .collect();
    let mut summary = summary.join("; ");
    if zonder_nul(lo, hi) {
        summary.push_str(". ");
        summary.push_str(zin_nul(l));
    }
    let inhoud = html! {
        // Gridlines first, so the bars are drawn over them.
        @for &t in &ticks {
            line x1=(Px(x(t))) y1=(Px(PAD_T)) x2=(Px(x(t))) y2=(Px(onder)) class="raster" {}
        }
        @for (i, b) in balken.iter().enumerate() {
            @let y = PAD_T + RIJ * i as f64;
            text x=(Px(LABEL - 6.0)) y=(Px(y + 12.0)) text-anchor="end" class="label" { (b.label) }
            @match b.value {
                Some(v) => {
                    rect x=(Px(LABEL)) y=(Px(y + 3.0)) width=(Px((x(v) - LABEL).max(1.0))) height=(Px(RIJ - 6.0)) class="balk" {
                        title { (b.label) ": " (g(v)) " " (unit) }
                    }
                    text x=(Px(x(v) + 4.0)) y=(Px(y + 12.0)) class="label" { (g(v)) }
                }
                None => {
                    text x=(Px(LABEL + 4.0)) y=(Px(y + 12.0)) class="label onderdrukt" { (withheld) }
                }
            }
        }
        line x1=(Px(LABEL)) y1=(Px(PAD_T)) x2=(Px(LABEL)) y2=(Px(onder)) class="as" {}
        line x1=(Px(LABEL)) y1=(Px(onder)) x2=(Px(x(hi))) y2=(Px(onder)) class="as" {}
        @for &t in &ticks {
            line x1=(Px(x(t))) y1=(Px(onder)) x2=(Px(x(t))) y2=(Px(onder + 4.0)) class="as" {}
            text x=(Px(x(t))) y=(Px(onder + 16.0)) text-anchor="middle" class="label tick" { (getal(t, dec, l)) }
        }
        @if zonder_nul(lo, hi) {
            (breuk(LABEL + 8.0, onder, false))
            text x=(Px(LABEL - 6.0)) y=(Px(onder + 16.0)) text-anchor="end" class="label as-noot" { (noot_nul(l)) }
        }
        @if let Some(v) = landelijk {
            line x1=(Px(x(v))) y1=(Px(PAD_T - 4.0)) x2=(Px(x(v))) y2=(Px(onder + 4.0)) class="referentie" {}
            text x=(Px(x(v))) y=(Px(PAD_T - 8.0)) text-anchor="middle" class="label" {
                (nederland) " " (g(v))
            }
        }
    };
    figuur(
        "grafiek kpi-balken",
        (BREED, height),
        false,
        title,
        &summary,
        inhoud,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{attr_f64, elements};

    fn balk(label: &str, value: Option<f64>) -> Balk {
        Balk {
            label: label.into(),
            value,
        }
    }

    #[test]
    fn bars_keep_the_given_order_and_grow_with_the_value() {
        let rows = [
            balk("Zeeland", Some(30.0)),
            balk("Utrecht", Some(20.0)),
            balk("Drenthe", None),
            balk("Limburg", Some(10.0)),
        ];
        let svg = balken(&rows, Some(25.0), "%", "Roken", Lang::Nl).into_string();
        let bars = elements(&svg, "rect", "balk");
        assert_eq!(bars.len(), 3, "a withheld value has no bar");
        let ys: Vec<f64> = bars.iter().map(|b| attr_f64(b, "y")).collect();
        assert!(ys.windows(2).all(|w| w[0] < w[1]), "top to bottom: {ys:?}");
        let widths: Vec<f64> = bars.iter().map(|b| attr_f64(b, "width")).collect();
        assert!(widths.windows(2).all(|w| w[0] > w[1]), "{widths:?}");
        let zeeland = svg.find(">Zeeland<").unwrap();
        assert!(zeeland < svg.find(">Utrecht<").unwrap());
        assert!(svg.find(">Drenthe<").unwrap() < svg.find(">Limburg<").unwrap());
        assert!(svg.contains("onderdrukt (kleine aantallen)"));
    }

    #[test]
    fn reference_line_sits_between_the_bars_it_separates() {
        let rows = [balk("A", Some(30.0)), balk("B", Some(20.0))];
        let svg = balken(&rows, Some(25.0), "%", "t", Lang::En).into_string();
        let refx = attr_f64(&elements(&svg, "line", "referentie")[0], "x1");
        let ends: Vec<f64> = elements(&svg, "rect", "balk")
            .iter()
            .map(|b| attr_f64(b, "x") + attr_f64(b, "width"))
            .collect();
        assert!(ends[1] < refx && refx < ends[0], "{ends:?} {refx}");
        assert!(
            svg.contains("<desc>Netherlands: 25.00 %; A: 30.00; B: 20.00. The value axis does not start at 0.</desc>"),
            "{svg}"
        );
        assert!(svg.contains(">axis does not start at 0<") && svg.contains("breuk"));
    }

    #[test]
    fn dutch_bars_write_decimal_commas_and_carry_ticks() {
        let rows = [balk("Zeeland", Some(64.5)), balk("Utrecht", Some(59.7))];
        let nl = balken(&rows, Some(62.25), "jaar", "t", Lang::Nl).into_string();
        assert!(nl.contains("64,50") && !nl.contains("64.5"), "{nl}");
        assert!(nl.contains("Nederland 62,25") && nl.contains("Nederland: 62,25 jaar"));
        let ticks: Vec<String> = nl
            .match_indices("class=\"label tick\">")
            .map(|(i, m)| nl[i + m.len()..].split('<').next().unwrap().to_owned())
            .collect();
        assert!((4..=7).contains(&ticks.len()), "{ticks:?}");
        assert!(ticks.iter().all(|t| !t.contains('.')), "{ticks:?}");
        assert!(nl.contains(">as begint niet bij 0<"));
        let en = balken(&rows, Some(62.25), "years", "t", Lang::En).into_string();
        assert!(en.contains("64.50") && !en.contains("64,5") && en.contains("Netherlands 62.25"));
        // Rates near zero: the axis starts at 0 and there is nothing to warn about.
        let laag = balken(
            &[balk("A", Some(1.5)), balk("B", Some(9.0))],
            None,
            "%",
            "t",
            Lang::Nl,
        );
        let laag = laag.into_string();
        assert!(
            laag.contains(">0</text>") && !laag.contains("begint niet"),
            "{laag}"
        );
    }
}
