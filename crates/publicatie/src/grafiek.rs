//! Charts as inline SVG: they print, they need no script or CDN, and a screen reader gets
//! their title and a text summary.

use maud::{html, Markup};

use gemeten_domain::Lang;
use gemeten_indicators::Voortgang;

const W: f64 = 560.0;
const H: f64 = 220.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 16.0;
const PAD_T: f64 = 16.0;
const PAD_B: f64 = 32.0;

/// One target's trajectory: observed values, the path needed from baseline to target, the
/// target itself and the linear projection to the deadline with its 95 % interval.
pub fn trajectory_svg(v: &Voortgang, observed: &[(i32, f64)], l: Lang) -> Markup {
    let en = l == Lang::En;
    let mut years: Vec<i32> = observed.iter().map(|p| p.0).collect();
    years.extend(v.path.iter().map(|p| p.0));
    years.push(v.deadline);
    let mut values: Vec<f64> = observed.iter().map(|p| p.1).collect();
    values.extend(v.path.iter().map(|p| p.1));
    values.extend(v.target);
    if let Some(p) = v.linear {
        values.extend([p.lower, p.upper, p.value]);
    }
    let (x0, x1) = (
        *years.iter().min().unwrap_or(&v.deadline),
        *years.iter().max().unwrap_or(&v.deadline),
    );
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() && hi > lo {
        let pad = (hi - lo) * 0.1;
        (lo - pad, hi + pad)
    } else if lo.is_finite() {
        (lo - 1.0, lo + 1.0)
    } else {
        (0.0, 1.0)
    };
    let x = |year: i32| {
        PAD_L + (f64::from(year - x0) / f64::from((x1 - x0).max(1))) * (W - PAD_L - PAD_R)
    };
    let y = |val: f64| PAD_T + (1.0 - (val - lo) / (hi - lo)) * (H - PAD_T - PAD_B);
    let line = |pts: &[(i32, f64)]| {
        pts.iter()
            .map(|(a, b)| format!("{:.1},{:.1}", x(*a), y(*b)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let title = if en {
        format!("Trajectory of {} towards {}", v.indicator, v.deadline)
    } else {
        format!("Verloop van {} naar {}", v.indicator, v.deadline)
    };
    let summary = match (v.latest, v.target) {
        (Some((yr, val)), Some(t)) => {
            if en {
                format!("Latest {val:.2} in {yr}; target {t:.2} in {}.", v.deadline)
            } else {
                format!("Laatst {val:.2} in {yr}; doel {t:.2} in {}.", v.deadline)
            }
        }
        _ => {
            if en {
                "Not enough observations for a trajectory.".to_owned()
            } else {
                "Te weinig waarnemingen voor een verloop.".to_owned()
            }
        }
    };
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (W) " " (H)} role="img" class="grafiek" aria-label=(title) {
            title { (title) }
            desc { (summary) }
            line x1=(PAD_L) y1=(H - PAD_B) x2=(W - PAD_R) y2=(H - PAD_B) class="as" {}
            line x1=(PAD_L) y1=(PAD_T) x2=(PAD_L) y2=(H - PAD_B) class="as" {}
            text x=(PAD_L) y=(H - 8.0) class="label" { (x0) }
            text x=(W - PAD_R) y=(H - 8.0) text-anchor="end" class="label" { (x1) }
            text x=(PAD_L - 6.0) y=(y(hi) + 10.0) text-anchor="end" class="label" { (format!("{hi:.1}")) }
            text x=(PAD_L - 6.0) y=(y(lo)) text-anchor="end" class="label" { (format!("{lo:.1}")) }
            @if v.path.len() > 1 {
                polyline points=(line(&v.path)) class="pad" {}
            }
            @if let Some(t) = v.target {
                circle cx=(x(v.deadline)) cy=(y(t)) r="5" class="doel" {}
            }
            @if observed.len() > 1 {
                polyline points=(line(observed)) class="waarneming" {}
            }
            @for (yr, val) in observed {
                circle cx=(x(*yr)) cy=(y(*val)) r="3" class="punt" {}
            }
            @if let Some(p) = v.linear {
                line x1=(x(v.deadline)) y1=(y(p.lower)) x2=(x(v.deadline)) y2=(y(p.upper)) class="interval" {}
                circle cx=(x(v.deadline)) cy=(y(p.value)) r="4" class="projectie" {}
            }
            // Legend, top right.
            @let (lx, ly) = (W - 200.0, PAD_T + 4.0);
            line x1=(lx) y1=(ly) x2=(lx + 18.0) y2=(ly) class="waarneming" {}
            text x=(lx + 24.0) y=(ly + 4.0) class="label" { (if en { "observed" } else { "waargenomen" }) }
            line x1=(lx) y1=(ly + 14.0) x2=(lx + 18.0) y2=(ly + 14.0) class="pad" {}
            text x=(lx + 24.0) y=(ly + 18.0) class="label" { (if en { "path to target" } else { "benodigd pad" }) }
            circle cx=(lx + 9.0) cy=(ly + 28.0) r="4" class="doel" {}
            text x=(lx + 24.0) y=(ly + 32.0) class="label" { (if en { "target" } else { "doel" }) }
            circle cx=(lx + 9.0) cy=(ly + 42.0) r="4" class="projectie" {}
            text x=(lx + 24.0) y=(ly + 46.0) class="label" { (if en { "linear projection (95 %)" } else { "lineaire projectie (95 %)" }) }
        }
    }
}

/// A mission's pipeline: how many innovations and projects per TRL (index 0 = unknown).
pub fn trl_bars_svg(by_trl: &[usize; 10], l: Lang) -> Markup {
    let en = l == Lang::En;
    let max = by_trl.iter().copied().max().unwrap_or(0).max(1) as f64;
    let row = 20.0;
    let height = row * 10.0 + 8.0;
    let unknown = if en { "unknown" } else { "onbekend" };
    let title = if en {
        "Pipeline by TRL"
    } else {
        "Pijplijn naar TRL"
    };
    let summary: Vec<String> = (1..=9)
        .map(|t| format!("TRL {t}: {}", by_trl[t]))
        .chain([format!("{unknown}: {}", by_trl[0])])
        .collect();
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (W) " " (height)} role="img" class="grafiek" aria-label=(title) {
            title { (title) }
            desc { (summary.join("; ")) }
            @for (i, trl) in (1..=9).rev().chain([0]).enumerate() {
                @let n = by_trl[trl];
                @let yy = 4.0 + i as f64 * row;
                text x="70" y=(yy + 14.0) text-anchor="end" class="label" {
                    @if trl == 0 { (unknown) } @else { "TRL " (trl) }
                }
                rect x="78" y=(yy + 3.0) width=(n as f64 / max * (W - 130.0)) height=(row - 6.0) class="balk" {}
                text x=(82.0 + n as f64 / max * (W - 130.0)) y=(yy + 14.0) class="label" { (n) }
            }
        }
    }
}
