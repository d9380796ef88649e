//! What the charts share: the SVG frame with its accessible name and summary, a coordinate
//! written with one decimal, numbers written in the reader's language, the linear scale, the
//! padded value range with its "nice" ticks, and the plot of values over years (axes, ticks,
//! gridlines, series, interval whiskers, legend) that the KPI line chart and the target
//! trajectory both draw on.

use std::fmt::Write as _;

use maud::{html, Markup, Render};

use gemeten_domain::Lang;

/// A number as a chart writes it for a reader: `decimals` decimals, with the decimal comma in
/// Dutch and the point in English (no thousands separators: the charts' values are rates and
/// years, and a separator would make "1.234" ambiguous between the languages). Every number in
/// a chart's text goes through here, so a Dutch page never shows "64.5".
pub fn getal(x: f64, decimals: usize, l: Lang) -> String {
    let s = format!("{x:.decimals$}");
    // "-0.0" reads as a different number than "0.0"; rounding to zero should show zero.
    let s = if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_owned()
    } else {
        s
    };
    match l {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Ticks for a value axis over `lo..hi`: a step of 1, 2 or 5 times a power of ten, the
/// smallest that needs at most 7 ticks from the multiple of the step at or below `lo` to the
/// one at or above `hi`. Because the next smaller step needed more than 7, this one needs at
/// least 4, so the axis is neither bare nor crowded. The first and last tick are the axis'
/// ends (the caller widens its range to them), so both ends carry a label.
pub(crate) fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if hi > lo && lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let mut k = ((hi - lo) / 7.0).log10().floor() as i32 - 1;
    loop {
        for m in [1.0, 2.0, 5.0] {
            // A tick is i·m·10^k; for k < 0 divided by 10^−k rather than multiplied by
            // 10^k, since 0.1 has no exact float and 3 × 0.2 would be 0.6000000000000001.
            let at = |i: i64| {
                if k < 0 {
                    i as f64 * m / 10f64.powi(-k)
                } else {
                    i as f64 * m * 10f64.powi(k)
                }
            };
            let stap = at(1);
            let (a, b) = ((lo / stap).floor(), (hi / stap).ceil());
            if b - a < 7.0 {
                return (a as i64..=b as i64).map(at).collect();
            }
        }
        k += 1;
    }
}

/// Decimals for labels of ticks `stap` apart: none for whole steps, one for 0.5, 0.2, 0.1 …
pub(crate) fn tick_decimalen(ticks: &[f64]) -> usize {
    let stap = match ticks {
        [a, b, ..] => b - a,
        _ => 1.0,
    };
    // The step is 1, 2 or 5 × 10^k; a tiny slack absorbs the float error of 0.1-like steps.
    usize::try_from(-(stap.log10() + 1e-9).floor() as i64).unwrap_or(0)
}

/// Whether an axis over `lo..hi` leaves zero out, which a reader must be told: a difference
/// looks larger on an axis that starts near the values than on one that starts at zero.
pub(crate) fn zonder_nul(lo: f64, hi: f64) -> bool {
    lo > 0.0 || hi < 0.0
}

/// The short note by an axis that leaves zero out.
pub(crate) fn noot_nul(l: Lang) -> &'static str {
    l.t("as begint niet bij 0", "axis does not start at 0")
}

/// The same in a chart's text summary, as a sentence.
pub(crate) fn zin_nul(l: Lang) -> &'static str {
    l.t(
        "De waarde-as begint niet bij 0.",
        "The value axis does not start at 0.",
    )
}

/// A value range for an axis: [`ruim`]'s padded range, not below zero when no value is (a
/// rate of 2 % should not get an axis to −1 %), widened to the outer [`ticks`].
pub(crate) fn as_bereik(values: impl IntoIterator<Item = f64>) -> ((f64, f64), Vec<f64>) {
    let values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
    let (mut lo, hi) = ruim(values.iter().copied());
    if lo < 0.0 && values.iter().all(|&v| v >= 0.0) {
        lo = 0.0;
    }
    let t = ticks(lo, hi);
    let bereik = (t[0], t[t.len() - 1]);
    (bereik, t)
}

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
    ticks: Vec<f64>,
    x: Schaal,
    y: Schaal,
}

const W: f64 = 760.0;
/// Room right of the plot for the legend.
const LEGENDE: f64 = 200.0;
const H: f64 = 272.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 16.0;
const PAD_T: f64 = 16.0;
/// Below the plot: the year labels, and under them the line for the note that the value
/// axis does not start at zero.
const PAD_B: f64 = 44.0;
const RECHTS: f64 = W - LEGENDE;

/// A break mark: two short slanted strokes across an axis at `(x, y)`, the usual sign that
/// part of the axis is left out. `staand` for a vertical axis, else horizontal.
pub(crate) fn breuk(x: f64, y: f64, staand: bool) -> Markup {
    let d = if staand {
        format!(
            "M{:.1},{:.1} l10,-4 M{:.1},{:.1} l10,-4",
            x - 5.0,
            y + 1.0,
            x - 5.0,
            y + 5.0
        )
    } else {
        format!(
            "M{:.1},{:.1} l4,-10 M{:.1},{:.1} l4,-10",
            x - 4.0,
            y + 5.0,
            x,
            y + 5.0
        )
    };
    html! { path d=(d) class="as breuk" {} }
}

impl Vlak {
    pub(crate) const SIZE: (f64, f64) = (W, H);
    /// The top of the plot, and the room below it (year labels and the axis note).
    pub(crate) const BOVEN: f64 = PAD_T;
    pub(crate) const ONDER: f64 = PAD_B;

    /// A plot that spans `jaren` and `waarden` (padded and widened to ticks by [`as_bereik`]).
    pub(crate) fn new(
        jaren: impl IntoIterator<Item = i32>,
        waarden: impl IntoIterator<Item = f64>,
    ) -> Vlak {
        let (x0, x1) = jaren
            .into_iter()
            .fold((i32::MAX, i32::MIN), |(a, b), j| (a.min(j), b.max(j)));
        let jaren = if x0 > x1 { (0, 1) } else { (x0, x1) };
        let (waarden, ticks) = as_bereik(waarden);
        Vlak {
            jaren,
            waarden,
            ticks,
            x: Schaal::new(
                (f64::from(jaren.0), f64::from(jaren.1)),
                (PAD_L, RECHTS - PAD_R),
            ),
            y: Schaal::new(waarden, (H - PAD_B, PAD_T)),
        }
    }

    /// Whether the value axis leaves zero out (the summary should then say so).
    pub(crate) fn zonder_nul(&self) -> bool {
        zonder_nul(self.waarden.0, self.waarden.1)
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

    /// Both axes; the year ticks; the value ticks with a label and a light gridline each;
    /// the unit; and, when the value axis leaves zero out, a break mark at its foot and a
    /// note saying so under the years.
    pub(crate) fn assen(&self, unit: &str, l: Lang) -> Markup {
        let onder = H - PAD_B;
        let dec = tick_decimalen(&self.ticks);
        html! {
            @for &t in &self.ticks {
                line x1=(Px(PAD_L)) y1=(Px(self.y(t))) x2=(Px(RECHTS - PAD_R)) y2=(Px(self.y(t))) class="raster" {}
                line x1=(Px(PAD_L - 4.0)) y1=(Px(self.y(t))) x2=(Px(PAD_L)) y2=(Px(self.y(t))) class="as" {}
                text x=(Px(PAD_L - 6.0)) y=(Px(self.y(t) + 4.0)) text-anchor="end" class="label tick" { (getal(t, dec, l)) }
            }
            line x1=(Px(PAD_L)) y1=(Px(onder)) x2=(Px(RECHTS - PAD_R)) y2=(Px(onder)) class="as" {}
            line x1=(Px(PAD_L)) y1=(Px(PAD_T)) x2=(Px(PAD_L)) y2=(Px(onder)) class="as" {}
            @for j in jaar_ticks(self.jaren.0, self.jaren.1) {
                line x1=(Px(self.x(j))) y1=(Px(onder)) x2=(Px(self.x(j))) y2=(Px(onder + 4.0)) class="as" {}
                text x=(Px(self.x(j))) y=(Px(onder + 16.0)) text-anchor="middle" class="label" { (j) }
            }
            @if !unit.is_empty() {
                text x=(Px(PAD_L - 6.0)) y=(Px(PAD_T - 4.0)) text-anchor="end" class="label" { (unit) }
            }
            @if self.zonder_nul() {
                (breuk(PAD_L, onder - 8.0, true))
                text x=(Px(4.0)) y=(Px(H - 4.0)) class="label as-noot" { (noot_nul(l)) }
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
        l: Lang,
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
                        title { (label) ", " (j) ": " (getal(v, 2, l)) @if !unit.is_empty() { " " (unit) } }
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
        // 10 % padding to 11, widened to the tick 12, which is at the frame's top; no value
        // is negative, so the foot is 0, not the padded −1.
        assert!((v.y(12.0) - PAD_T).abs() < 1e-9);
        assert!((v.y(0.0) - (H - PAD_B)).abs() < 1e-9);
        assert!(!v.zonder_nul());
    }

    #[test]
    fn numbers_use_the_readers_decimal_mark() {
        assert_eq!(getal(64.5, 1, Lang::Nl), "64,5");
        assert_eq!(getal(64.5, 1, Lang::En), "64.5");
        assert_eq!(getal(64.0, 0, Lang::Nl), "64");
        assert_eq!(getal(-0.04, 1, Lang::Nl), "0,0");
        assert_eq!(getal(-1.25, 2, Lang::Nl), "-1,25");
        assert_eq!(
            getal(1234.5, 1, Lang::Nl),
            "1234,5",
            "no thousands separator"
        );
    }

    #[test]
    fn ticks_step_by_one_two_or_five() {
        // Life expectancy in good health, 59.7 to 84.8: steps of 5 from 55 to 85.
        assert_eq!(
            ticks(59.7, 84.8),
            vec![55.0, 60.0, 65.0, 70.0, 75.0, 80.0, 85.0]
        );
        assert_eq!(ticks(0.0, 1.0), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(tick_decimalen(&ticks(0.0, 1.0)), 1);
        assert_eq!(tick_decimalen(&ticks(59.7, 84.8)), 0);
        assert_eq!(tick_decimalen(&ticks(0.0, 0.05)), 2);
        // Any range: 4 to 7 ticks, 1-2-5 steps, covering the range, labels exact.
        for (lo, hi) in [
            (0.0, 1.0),
            (3.2, 3.3),
            (-12.0, 47.0),
            (1000.0, 1730.0),
            (0.001, 0.0093),
            (17.0, 17.0),
            (59.7, 84.8),
            (2.0, 98.0),
        ] {
            let t = ticks(lo, hi);
            assert!((4..=7).contains(&t.len()), "{lo}..{hi}: {t:?}");
            assert!(t[0] <= lo && hi <= t[t.len() - 1], "{lo}..{hi}: {t:?}");
            let stap = t[1] - t[0];
            let m = stap / 10f64.powf(stap.log10().floor());
            assert!(
                [1.0, 2.0, 5.0].iter().any(|n| (m - n).abs() < 1e-6),
                "{lo}..{hi}: step {stap}"
            );
            let dec = tick_decimalen(&t);
            let labels: Vec<String> = t.iter().map(|&v| getal(v, dec, Lang::En)).collect();
            assert!(labels.iter().all(|s| s.len() < 8), "{labels:?}");
        }
    }

    #[test]
    fn axis_without_zero_says_so_and_has_gridlines() {
        let v = Vlak::new([2015, 2023], [59.7, 84.8]);
        assert!(v.zonder_nul());
        let nl = v.assen("jaar", Lang::Nl).into_string();
        // Padded to 57.2..87.3 first (room for the dots), so steps of 10.
        for t in ["50", "60", "70", "80", "90"] {
            assert!(nl.contains(&format!(">{t}</text>")), "tick {t}: {nl}");
        }
        assert_eq!(nl.matches("class=\"raster\"").count(), 5);
        assert!(nl.contains(">as begint niet bij 0<") && nl.contains("breuk"));
        let en = v.assen("", Lang::En).into_string();
        assert!(en.contains(">axis does not start at 0<"));
        // An axis from zero needs neither.
        let nul = Vlak::new([2015, 2023], [0.5, 9.0]).assen("", Lang::Nl);
        let nul = nul.into_string();
        assert!(!nul.contains("as-noot") && !nul.contains("breuk"), "{nul}");
        assert!(nul.contains(">0</text>"));
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
        let svg = v
            .reeks(&pts, ("lijn", "stip"), "NL", "%", Lang::En)
            .into_string();
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("class=\"stip\"").count(), 4);
        assert!(svg.contains("NL, 2003: 4.00 %"));
        let nl = v.reeks(&pts, ("lijn", "stip"), "NL", "%", Lang::Nl);
        assert!(nl.into_string().contains("NL, 2003: 4,00 %"));
    }
}
