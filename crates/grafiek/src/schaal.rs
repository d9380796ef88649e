//! What the charts share: the SVG frame with its accessible name and summary, a coordinate
//! written with one decimal, the linear scale, the padded value range, and the plot of values
//! over years (axes, ticks, series, interval whiskers, legend) that the KPI line chart and
//! the target trajectory both draw on.

use std::fmt::Write as _;

use maud::{html, Markup, Render};

/// A coordinate as SVG text: one decimal is finer than a pixel and keeps the markup short.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Px(pub f64);

impl Render for Px {
    fn render_to(&self, buffer: &mut String) {
        // Writing to a String cannot fail.
        let _ = write!(buffer, "{:.1}", self.0);
    }
}

/// The `<svg>` every chart is: its class (the stylesheet's hook), its size, `role="img"` with
/// the title as accessible name, `<title>` and a `<desc>` text summary. `fixed` also sets the
/// width, for charts that scroll sideways rather than shrink (their text would be unreadable).
/// No `xmlns`: every chart is inline in HTML, whose parser puts `<svg>` in the SVG namespace,
/// and the pages refer to nothing outside themselves, not even by a namespace URL.
pub(crate) fn figuur(
    class: &str,
    (width, height): (f64, f64),
    fixed: bool,
    title: &str,
    desc: &str,
    inhoud: Markup,
) -> Markup {
    html! {
        svg class=(class) viewBox={"0 0 " (Px(width)) " " (Px(height))} width=[fixed.then_some(Px(width))] role="img" aria-label=(title) {
            title { (title) }
            desc { (desc) }
            (inhoud)
        }
    }
}

/// A linear map from a data interval onto a pixel interval (reversed for a y axis, where
/// larger values are higher, i.e. smaller y). An empty data interval maps to the middle.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Schaal {
    van: (f64, f64),
    naar: (f64, f64),
}

impl Schaal {
    pub(crate) fn new(van: (f64, f64), naar: (f64, f64)) -> Schaal {
        Schaal { van, naar }
    }

    pub(crate) fn at(self, v: f64) -> f64 {
        let ((d0, d1), (r0, r1)) = (self.van, self.naar);
        if d1 == d0 {
            (r0 + r1) / 2.0
        } else {
            r0 + (v - d0) / (d1 - d0) * (r1 - r0)
        }
    }
}

/// The range of `values` with 10 % room on each side, so no point sits on the frame; one
/// unit either side when all values are equal, and 0..1 when there are none.
pub(crate) fn ruim(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
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

/// Years to label on an axis from `x0` to `x1`: every year while that is at most 11 labels,
/// else every second, third … year from the first, so long spans stay readable.
pub(crate) fn jaar_ticks(x0: i32, x1: i32) -> Vec<i32> {
    let span = usize::try_from(x1 - x0).unwrap_or(0);
    let step = span.div_ceil(10).max(1);
    (x0..=x1).step_by(step).collect()
}

/// How a legend entry is drawn: a short line or a dot.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Teken {
    Lijn,
    Stip,
}

/// The plot of values over years, in a frame of [`Vlak::SIZE`] with room on the right for a
/// legend.
#[derive(Debug, Clone)]
pub(crate) struct Vlak {
    jaren: (i32, i32),
    waarden: (f64, f64),
    x: Schaal,
    y: Schaal,
}

const W: f64 = 760.0;
/// Room right of the plot for the legend.
const LEGENDE: f64 = 200.0;
const H: f64 = 260.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 16.0;
const PAD_T: f64 = 16.0;
const PAD_B: f64 = 32.0;
const RECHTS: f64 = W - LEGENDE;

impl Vlak {
    pub(crate) const SIZE: (f64, f64) = (W, H);

    /// A plot that spans `jaren` and `waarden` (padded by [`ruim`]).
    pub(crate) fn new(
        jaren: impl IntoIterator<Item = i32>,
        waarden: impl IntoIterator<Item = f64>,
    ) -> Vlak {
        let (x0, x1) = jaren
            .into_iter()
            .fold((i32::MAX, i32::MIN), |(a, b), j| (a.min(j), b.max(j)));
        let jaren = if x0 > x1 { (0, 1) } else { (x0, x1) };
        let waarden = ruim(waarden);
        Vlak {
            jaren,
            waarden,
            x: Schaal::new(
                (f64::from(jaren.0), f64::from(jaren.1)),
                (PAD_L, RECHTS - PAD_R),
            ),
            y: Schaal::new(waarden, (H - PAD_B, PAD_T)),
        }
    }

    pub(crate) fn x(&self, jaar: i32) -> f64 {
        self.x.at(f64::from(jaar))
    }

    pub(crate) fn y(&self, v: f64) -> f64 {
        self.y.at(v)
    }

    /// `points` for a `<polyline>`.
    pub(crate) fn punten(&self, pts: impl IntoIterator<Item = (i32, f64)>) -> String {
        let mut s = String::new();
        for (j, v) in pts {
            if !s.is_empty() {
                s.push(' ');
            }
            let _ = write!(s, "{:.1},{:.1}", self.x(j), self.y(v));
        }
        s
    }

    /// Both axes, the year ticks, the lowest and highest value and the unit.
    pub(crate) fn assen(&self, unit: &str) -> Markup {
        let (lo, hi) = self.waarden;
        let onder = H - PAD_B;
        html! {
            line x1=(Px(PAD_L)) y1=(Px(onder)) x2=(Px(RECHTS - PAD_R)) y2=(Px(onder)) class="as" {}
            line x1=(Px(PAD_L)) y1=(Px(PAD_T)) x2=(Px(PAD_L)) y2=(Px(onder)) class="as" {}
            @for j in jaar_ticks(self.jaren.0, self.jaren.1) {
                line x1=(Px(self.x(j))) y1=(Px(onder)) x2=(Px(self.x(j))) y2=(Px(onder + 4.0)) class="as" {}
                text x=(Px(self.x(j))) y=(Px(H - 10.0)) text-anchor="middle" class="label" { (j) }
            }
            text x=(Px(PAD_L - 6.0)) y=(Px(self.y(hi) + 10.0)) text-anchor="end" class="label" { (format!("{hi:.1}")) }
            text x=(Px(PAD_L - 6.0)) y=(Px(self.y(lo))) text-anchor="end" class="label" { (format!("{lo:.1}")) }
            @if !unit.is_empty() {
                text x=(Px(PAD_L - 6.0)) y=(Px(PAD_T - 4.0)) text-anchor="end" class="label" { (unit) }
            }
        }
    }

    /// A series: a line through each unbroken run of values (a missing value is a gap, not
    /// a bridge) and a dot per value whose tooltip says `label, year: value unit`.
    pub(crate) fn reeks(
        &self,
        punten: &[(i32, Option<f64>)],
        (lijn, stip): (&str, &str),
        label: &str,
        unit: &str,
    ) -> Markup {
        let runs = punten
            .split(|p| p.1.is_none())
            .filter(|run| run.len() > 1)
            .map(|run| self.punten(run.iter().filter_map(|&(j, v)| Some((j, v?)))));
        html! {
            @for pts in runs { polyline points=(pts) class=(lijn) {} }
            @for &(j, v) in punten {
                @if let Some(v) = v {
                    circle cx=(Px(self.x(j))) cy=(Px(self.y(v))) r="3" class=(stip) {
                        title { (label) ", " (j) ": " (format!("{v:.2}")) @if !unit.is_empty() { " " (unit) } }
                    }
                }
            }
        }
    }

    /// An interval as a vertical whisker at `jaar` from `lower` to `upper`.
    pub(crate) fn snor(&self, jaar: i32, lower: f64, upper: f64, class: &str) -> Markup {
        html! {
            line x1=(Px(self.x(jaar))) y1=(Px(self.y(lower))) x2=(Px(self.x(jaar))) y2=(Px(self.y(upper))) class=(class) {}
        }
    }

    /// Legend entry `i` (from the top) right of the plot.
    pub(crate) fn legenda(&self, i: usize, teken: Teken, class: &str, label: &str) -> Markup {
        let (x, y) = (RECHTS + 4.0, PAD_T + 4.0 + 14.0 * i as f64);
        html! {
            @match teken {
                Teken::Lijn => { line x1=(Px(x)) y1=(Px(y)) x2=(Px(x + 18.0)) y2=(Px(y)) class=(class) {} }
                Teken::Stip => { circle cx=(Px(x + 9.0)) cy=(Px(y)) r="4" class=(class) {} }
            }
            text x=(Px(x + 24.0)) y=(Px(y + 4.0)) class="label" { (label) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_maps_ends_and_middle() {
        let s = Schaal::new((10.0, 20.0), (200.0, 100.0));
        assert_eq!(s.at(10.0), 200.0);
        assert_eq!(s.at(20.0), 100.0);
        assert_eq!(s.at(15.0), 150.0);
        // An empty data interval is drawn in the middle, not divided by zero.
        assert_eq!(Schaal::new((3.0, 3.0), (0.0, 10.0)).at(3.0), 5.0);
    }

    #[test]
    fn range_is_padded() {
        assert_eq!(ruim([0.0, 10.0]), (-1.0, 11.0));
        assert_eq!(ruim([5.0]), (4.0, 6.0));
        assert_eq!(ruim([]), (0.0, 1.0));
    }

    #[test]
    fn year_ticks_thin_out_long_spans() {
        assert_eq!(jaar_ticks(2019, 2022), vec![2019, 2020, 2021, 2022]);
        let long = jaar_ticks(1990, 2040);
        assert!(long.len() <= 11, "{long:?}");
        assert_eq!(long[0], 1990);
        assert_eq!(jaar_ticks(2030, 2030), vec![2030]);
    }

    #[test]
    fn plot_puts_higher_values_higher_and_years_left_to_right() {
        let v = Vlak::new([2020, 2030], [0.0, 10.0]);
        assert!(v.y(10.0) < v.y(0.0));
        assert!(v.x(2020) < v.x(2030));
        assert_eq!(v.x(2020), PAD_L);
        assert_eq!(v.x(2030), RECHTS - PAD_R);
        // 10 % padding: the padded top (11) is at the frame's top.
        assert!((v.y(11.0) - PAD_T).abs() < 1e-9);
    }

    #[test]
    fn a_gap_breaks_the_line() {
        let v = Vlak::new([2000, 2004], [1.0, 5.0]);
        let pts = [
            (2000, Some(1.0)),
            (2001, Some(2.0)),
            (2002, None),
            (2003, Some(4.0)),
            (2004, Some(5.0)),
        ];
        let svg = v.reeks(&pts, ("lijn", "stip"), "NL", "%").into_string();
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("class=\"stip\"").count(), 4);
        assert!(svg.contains("NL, 2003: 4.00 %"));
    }
}
