//! A pipeline as vertical bars per TRL 1–9 and unknown, with the threshold from which an
//! innovation counts as near practice.

use maud::{html, Markup};

use gemeten_domain::{Lang, Trl};

use crate::schaal::{figuur, Px, Schaal};

const BAR_W: f64 = 40.0;
const GAP: f64 = 14.0;
const CHART_H: f64 = 160.0;
const LEFT: f64 = 20.0;
const TOP: f64 = 34.0;

/// Bars for `by_trl` (index 1–9 the TRL, index 0 unknown, drawn last as "?"); bars at or
/// beyond `threshold` get the class `bar-voorbij`, and a dashed line marks the threshold.
pub fn trl(by_trl: &[usize; 10], threshold: Trl, l: Lang) -> Markup {
    let threshold = usize::from(threshold.get());
    let unknown = l.t("onbekend", "unknown");
    // Slots: TRL 1..=9, then unknown.
    let slots: Vec<(String, usize, bool)> = (1..=9)
        .map(|t| (t.to_string(), by_trl[t], t >= threshold))
        .chain(std::iter::once(("?".to_owned(), by_trl[0], false)))
        .collect();
    let max = slots.iter().map(|s| s.1).max().unwrap_or(0).max(1);
    let hoogte = Schaal::new((0.0, max as f64), (0.0, CHART_H));
    let width = LEFT * 2.0 + slots.len() as f64 * (BAR_W + GAP);
    let base = TOP + CHART_H;
    let tx = LEFT + (threshold as f64 - 1.0) * (BAR_W + GAP) - GAP / 2.0;
    let title = l.t(
        "Innovaties en projecten per TRL",
        "Innovations and projects by TRL",
    );
    let summary = (1..=9)
        .map(|t| format!("TRL {t}: {}", by_trl[t]))
        .chain([format!("{unknown}: {}", by_trl[0])])
        .collect::<Vec<_>>()
        .join(", ");
    let desc = format!(
        "{summary}; {}{threshold}",
        l.t("drempel TRL ", "threshold TRL ")
    );
    let inhoud = html! {
        line.as x1=(Px(LEFT)) y1=(Px(base)) x2=(Px(width - LEFT)) y2=(Px(base)) {}
        @for (i, (label, n, beyond)) in slots.iter().enumerate() {
            @let x = LEFT + i as f64 * (BAR_W + GAP);
            @let h = hoogte.at(*n as f64);
            g {
                title { @if label == "?" { (unknown) } @else { "TRL " (label) } ": " (n) }
                rect class=(if *beyond { "bar bar-voorbij" } else { "bar" }) x=(Px(x)) y=(Px(base - h)) width=(Px(BAR_W)) height=(Px(h)) {}
                text.waarde x=(Px(x + BAR_W / 2.0)) y=(Px(base - h - 6.0)) text-anchor="middle" { (n) }
                text.as-label x=(Px(x + BAR_W / 2.0)) y=(Px(base + 18.0)) text-anchor="middle" { (label) }
            }
        }
        line.drempel x1=(Px(tx)) y1=(Px(TOP - 14.0)) x2=(Px(tx)) y2=(Px(base)) {}
        text.drempel-label x=(Px(tx + 4.0)) y=(Px(TOP - 18.0)) {
            (l.t("drempel TRL ", "threshold TRL ")) (threshold)
        }
        text.as-label x=(Px(width / 2.0)) y=(Px(base + 40.0)) text-anchor="middle" {
            "TRL (? = " (unknown) ")"
        }
    };
    figuur("trl", (width, base + 46.0), true, title, &desc, inhoud)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{attr_f64, elements};

    #[test]
    fn bars_are_proportional_and_marked_beyond_the_threshold() {
        let mut by_trl = [0; 10];
        by_trl[0] = 1;
        by_trl[3] = 2;
        by_trl[8] = 4;
        let svg = trl(&by_trl, Trl::try_from(7).unwrap(), Lang::Nl).into_string();
        let bars = elements(&svg, "rect", "bar");
        assert_eq!(bars.len(), 10);
        let h = |i: usize| attr_f64(&bars[i], "height");
        assert_eq!(h(7), CHART_H, "TRL 8 is the tallest");
        assert_eq!(h(2), CHART_H / 2.0, "TRL 3 half of it");
        assert_eq!(h(9), CHART_H / 4.0, "unknown, drawn last");
        // Every bar stands on the base line.
        for b in &bars {
            assert_eq!(attr_f64(b, "y") + attr_f64(b, "height"), TOP + CHART_H);
        }
        let beyond: Vec<bool> = bars.iter().map(|b| b.contains("bar-voorbij")).collect();
        assert_eq!(
            beyond,
            [false, false, false, false, false, false, true, true, true, false]
        );
        assert!(svg.starts_with("<svg class=\"trl\""));
        assert!(svg.contains("<title>Innovaties en projecten per TRL</title>"));
        assert!(svg.contains("onbekend: 1; drempel TRL 7</desc>"), "{svg}");
    }

    #[test]
    fn english_labels() {
        let svg = trl(&[0; 10], Trl::try_from(5).unwrap(), Lang::En).into_string();
        assert!(svg.contains("<title>Innovations and projects by TRL</title>"));
        assert!(svg.contains("threshold TRL 5") && svg.contains("? = unknown"));
        assert!(!svg.contains("drempel TRL"));
    }
}
