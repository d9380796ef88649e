//! The KPI explorer's comparison: one horizontal bar per region, in the order given (the
//! caller sorts), with the national value as a reference line.

use maud::{html, Markup};

use gemeten_domain::Lang;

use crate::schaal::{figuur, ruim, Px, Schaal};

/// One region's bar; `value: None` is withheld.
#[derive(Debug, Clone, PartialEq)]
pub struct Balk {
    pub label: String,
    pub value: Option<f64>,
}

const LABEL: f64 = 300.0;
const RIJ: f64 = 18.0;
const BREED: f64 = 720.0;
const PAD_T: f64 = 16.0;
const PAD_B: f64 = 32.0;
/// Room right of the longest bar for its value.
const WAARDE: f64 = 66.0;

/// Horizontal bars in the given order, with `landelijk` (the national value) as a reference
/// line. The axis starts near the lowest value, not at zero (the labels say where), so that
/// differences between regions stay visible.
pub fn balken(balken: &[Balk], landelijk: Option<f64>, unit: &str, title: &str, l: Lang) -> Markup {
    let height = PAD_T + RIJ * balken.len() as f64 + PAD_B;
    let (lo, hi) = ruim(balken.iter().filter_map(|b| b.value).chain(landelijk));
    let x = |v: f64| Schaal::new((lo, hi), (LABEL, BREED - WAARDE)).at(v);
    let withheld = l.t(
        "onderdrukt (kleine aantallen)",
        "suppressed (small numbers)",
    );
    let nederland = l.t("Nederland", "Netherlands");
    let summary: Vec<String> = landelijk
        .map(|v| format!("{nederland}: {v:.2} {unit}"))
        .into_iter()
        .chain(balken.iter().map(|b| match b.value {
            Some(v) => format!("{}: {v:.2}", b.label),
            None => format!("{}: {withheld}", b.label),
        }))
        .collect();
    let inhoud = html! {
        @for (i, b) in balken.iter().enumerate() {
            @let y = PAD_T + RIJ * i as f64;
            text x=(Px(LABEL - 6.0)) y=(Px(y + 12.0)) text-anchor="end" class="label" { (b.label) }
            @match b.value {
                Some(v) => {
                    rect x=(Px(LABEL)) y=(Px(y + 3.0)) width=(Px((x(v) - LABEL).max(1.0))) height=(Px(RIJ - 6.0)) class="balk" {
                        title { (b.label) ": " (format!("{v:.2}")) " " (unit) }
                    }
                    text x=(Px(x(v) + 4.0)) y=(Px(y + 12.0)) class="label" { (format!("{v:.2}")) }
                }
                None => {
                    text x=(Px(LABEL + 4.0)) y=(Px(y + 12.0)) class="label onderdrukt" { (withheld) }
                }
            }
        }
        line x1=(Px(LABEL)) y1=(Px(PAD_T)) x2=(Px(LABEL)) y2=(Px(height - PAD_B)) class="as" {}
        text x=(Px(LABEL)) y=(Px(height - 8.0)) class="label" { (format!("{lo:.1}")) }
        @if let Some(v) = landelijk {
            line x1=(Px(x(v))) y1=(Px(PAD_T - 4.0)) x2=(Px(x(v))) y2=(Px(height - PAD_B + 4.0)) class="referentie" {}
            text x=(Px(x(v))) y=(Px(height - 8.0)) text-anchor="middle" class="label" {
                (nederland) " " (format!("{v:.2}"))
            }
        }
    };
    figuur(
        "grafiek kpi-balken",
        (BREED, height),
        false,
        title,
        &summary.join("; "),
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
            svg.contains("<desc>Netherlands: 25.00 %; A: 30.00; B: 20.00</desc>"),
            "{svg}"
        );
    }
}
