//! The explorer's charts as inline SVG (no script, no CDN; they print): a line chart of one
//! or more series over the periods with their 95 % intervals, and horizontal bars per region
//! with the national value as a reference line. Each has a `<title>` and a `<desc>` text
//! summary; the table next to it holds every number.

use maud::{html, Markup};

use crate::Lang;

/// One point of a series; `value: None` is a withheld (small-cell) value, which breaks the
/// line rather than being bridged.
#[derive(Debug, Clone, PartialEq)]
pub struct Punt {
    pub period: i32,
    pub value: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reeks {
    pub label: String,
    pub punten: Vec<Punt>,
}

/// One region's bar; `value: None` is withheld.
#[derive(Debug, Clone, PartialEq)]
pub struct Balk {
    pub label: String,
    pub value: Option<f64>,
}

const W: f64 = 760.0;
/// Room right of the plot for the legend.
const LEGENDE: f64 = 200.0;
const H: f64 = 260.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 16.0;
const PAD_T: f64 = 16.0;
const PAD_B: f64 = 32.0;
/// Distinct series colours, in `gemeten.css` as `.reeks-0` … `.reeks-5`.
const KLEUREN: usize = 6;

/// The range of `values` with 10 % room on each side (one unit when flat).
fn bereik(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() {
        (0.0, 1.0)
    } else if hi > lo {
        let pad = (hi - lo) * 0.1;
        (lo - pad, hi + pad)
    } else {
        (lo - 1.0, lo + 1.0)
    }
}

/// Series over the periods, with interval whiskers where the values have them.
pub fn lijn(reeksen: &[Reeks], unit: &str, title: &str, l: Lang) -> Markup {
    let punten = || reeksen.iter().flat_map(|r| r.punten.iter());
    let (x0, x1) = punten().fold((i32::MAX, i32::MIN), |(a, b), p| {
        (a.min(p.period), b.max(p.period))
    });
    let (x0, x1) = if x0 > x1 { (0, 1) } else { (x0, x1) };
    let (lo, hi) = bereik(punten().flat_map(|p| [p.value, p.lower, p.upper]).flatten());
    let right = W - LEGENDE;
    let x = |p: i32| {
        if x1 == x0 {
            (PAD_L + right) / 2.0
        } else {
            PAD_L + f64::from(p - x0) / f64::from(x1 - x0) * (right - PAD_L - PAD_R)
        }
    };
    // A label per year when they fit, else the first and the last.
    let years: Vec<i32> = if x1 - x0 <= 15 {
        (x0..=x1).collect()
    } else {
        vec![x0, x1]
    };
    let y = |v: f64| PAD_T + (1.0 - (v - lo) / (hi - lo)) * (H - PAD_T - PAD_B);
    // Unbroken runs of visible values: a withheld value is a gap, not a bridge.
    let stukken = |r: &Reeks| -> Vec<String> {
        r.punten
            .split(|p| p.value.is_none())
            .filter(|s| s.len() > 1)
            .map(|s| {
                s.iter()
                    .filter_map(|p| p.value.map(|v| format!("{:.1},{:.1}", x(p.period), y(v))))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let summary: Vec<String> = reeksen
        .iter()
        .map(|r| {
            let shown: Vec<&Punt> = r.punten.iter().filter(|p| p.value.is_some()).collect();
            match (shown.first(), shown.last()) {
                (Some(a), Some(b)) => format!(
                    "{}: {:.2} ({}) → {:.2} ({}) {unit}",
                    r.label,
                    a.value.unwrap_or_default(),
                    a.period,
                    b.value.unwrap_or_default(),
                    b.period
                ),
                _ => format!(
                    "{}: {}",
                    r.label,
                    l.t("geen zichtbare waarden", "no visible values")
                ),
            }
        })
        .collect();
    let legend_y = |i: usize| PAD_T + 4.0 + 14.0 * i as f64;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (W) " " (H)} role="img" class="grafiek kpi-lijn" aria-label=(title) {
            title { (title) }
            desc { (summary.join("; ")) }
            line x1=(PAD_L) y1=(H - PAD_B) x2=(right - PAD_R) y2=(H - PAD_B) class="as" {}
            line x1=(PAD_L) y1=(PAD_T) x2=(PAD_L) y2=(H - PAD_B) class="as" {}
            @for j in &years {
                line x1=(x(*j)) y1=(H - PAD_B) x2=(x(*j)) y2=(H - PAD_B + 4.0) class="as" {}
                text x=(x(*j)) y=(H - 10.0) text-anchor="middle" class="label" { (j) }
            }
            text x=(PAD_L - 6.0) y=(y(hi) + 10.0) text-anchor="end" class="label" { (format!("{hi:.1}")) }
            text x=(PAD_L - 6.0) y=(y(lo)) text-anchor="end" class="label" { (format!("{lo:.1}")) }
            text x=(PAD_L - 6.0) y=(PAD_T - 4.0) text-anchor="end" class="label" { (unit) }
            @for (i, r) in reeksen.iter().enumerate() {
                @let class = format!("reeks-{}", i % KLEUREN);
                g class=(class) {
                    @for pts in stukken(r) { polyline points=(pts) class="lijn" {} }
                    @for p in &r.punten {
                        @if let Some(v) = p.value {
                            @if let (Some(a), Some(b)) = (p.lower, p.upper) {
                                line x1=(x(p.period)) y1=(y(a)) x2=(x(p.period)) y2=(y(b)) class="snor" {}
                            }
                            circle cx=(x(p.period)) cy=(y(v)) r="3" class="stip" {
                                title { (r.label) ", " (p.period) ": " (format!("{v:.2}")) " " (unit) }
                            }
                        }
                    }
                    @if reeksen.len() > 1 {
                        line x1=(right + 4.0) y1=(legend_y(i)) x2=(right + 22.0) y2=(legend_y(i)) class="lijn" {}
                        text x=(right + 28.0) y=(legend_y(i) + 4.0) class="label" { (r.label) }
                    }
                }
            }
        }
    }
}

/// Horizontal bars per region, in the given order, with the national value as a reference
/// line. The axis starts near the lowest value, not at zero (the labels say where), so that
/// differences between regions stay visible.
pub fn balken(balken: &[Balk], landelijk: Option<f64>, unit: &str, title: &str, l: Lang) -> Markup {
    const LABEL: f64 = 300.0;
    const RIJ: f64 = 18.0;
    const BREED: f64 = 720.0;
    let height = PAD_T + RIJ * balken.len() as f64 + PAD_B;
    let (lo, hi) = bereik(balken.iter().filter_map(|b| b.value).chain(landelijk));
    let x = |v: f64| LABEL + (v - lo) / (hi - lo) * (BREED - LABEL - PAD_R - 50.0);
    let withheld = l.t(
        "onderdrukt (kleine aantallen)",
        "suppressed (small numbers)",
    );
    let mut summary: Vec<String> = balken
        .iter()
        .map(|b| match b.value {
            Some(v) => format!("{}: {v:.2}", b.label),
            None => format!("{}: {withheld}", b.label),
        })
        .collect();
    if let Some(v) = landelijk {
        summary.insert(
            0,
            format!("{}: {v:.2} {unit}", l.t("Nederland", "Netherlands")),
        );
    }
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (BREED) " " (height)} role="img" class="grafiek kpi-balken" aria-label=(title) {
            title { (title) }
            desc { (summary.join("; ")) }
            @for (i, b) in balken.iter().enumerate() {
                @let yy = PAD_T + RIJ * i as f64;
                text x=(LABEL - 6.0) y=(yy + 12.0) text-anchor="end" class="label" { (b.label) }
                @match b.value {
                    Some(v) => {
                        rect x=(LABEL) y=(yy + 3.0) width=((x(v) - LABEL).max(1.0)) height=(RIJ - 6.0) class="balk" {
                            title { (b.label) ": " (format!("{v:.2}")) " " (unit) }
                        }
                        text x=(x(v) + 4.0) y=(yy + 12.0) class="label" { (format!("{v:.2}")) }
                    }
                    None => {
                        text x=(LABEL + 4.0) y=(yy + 12.0) class="label onderdrukt" { (withheld) }
                    }
                }
            }
            line x1=(LABEL) y1=(PAD_T) x2=(LABEL) y2=(height - PAD_B) class="as" {}
            text x=(LABEL) y=(height - 8.0) class="label" { (format!("{lo:.1}")) }
            @if let Some(v) = landelijk {
                line x1=(x(v)) y1=(PAD_T - 4.0) x2=(x(v)) y2=(height - PAD_B + 4.0) class="referentie" {}
                text x=(x(v)) y=(height - 8.0) text-anchor="middle" class="label" {
                    (l.t("Nederland", "Netherlands")) " " (format!("{v:.2}"))
                }
            }
        }
    }
}
