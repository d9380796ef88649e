//! Progress towards every target: the path from baseline to deadline, the latest value,
//! linear and log-linear projections to the deadline with 95 % intervals, and a status
//! with its reason.
//!
//! A target is measured on the national total series of its KPI (region NL01, no
//! breakdown). A projection needs at least three observations from the baseline year on;
//! with fewer, or without a baseline for a relative target, the status says so.

use serde::Serialize;

use gemeten_domain::{Doel, Richting, Streefwaarde, Waarneming};

/// Observations needed for a trend with an interval (two for the line, one for its error).
pub const MIN_POINTS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OpKoers,
    Achter,
    OnvoldoendeGegevens,
}

impl Status {
    pub fn label_nl(self) -> &'static str {
        match self {
            Status::OpKoers => "op koers",
            Status::Achter => "achter",
            Status::OnvoldoendeGegevens => "onvoldoende gegevens",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Status::OpKoers => "on track",
            Status::Achter => "behind",
            Status::OnvoldoendeGegevens => "not enough data",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Projectie {
    pub value: f64,
    pub lower: f64,
    pub upper: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Voortgang {
    pub doel: String,
    pub missie: String,
    pub indicator: String,
    pub deadline: i32,
    pub baseline: Option<(i32, f64)>,
    /// Level the indicator must reach at the deadline.
    pub target: Option<f64>,
    pub latest: Option<(i32, f64)>,
    /// The straight path from baseline to target, per year.
    pub path: Vec<(i32, f64)>,
    pub linear: Option<Projectie>,
    pub loglinear: Option<Projectie>,
    pub points: usize,
    pub status: Status,
    /// Why this status, in Dutch (the users' language; the CLI translates the status).
    pub reason: String,
}

/// Progress of every target in `doelen` against the observations `obs`.
pub fn voortgang(doelen: &[&Doel], obs: &[Waarneming]) -> Vec<Voortgang> {
    doelen.iter().map(|d| een_doel(d, obs)).collect()
}

fn een_doel(d: &Doel, obs: &[Waarneming]) -> Voortgang {
    let mut series: Vec<(i32, f64)> = obs
        .iter()
        .filter(|o| o.kpi == d.indicator.as_str() && o.is_national_total())
        .map(|o| (o.period, o.value))
        .collect();
    series.sort_by_key(|p| p.0);
    let deadline = i32::from(d.tijdpad.deadline().get());
    let mut v = Voortgang {
        doel: d.id.as_str().to_owned(),
        missie: d.missie.code().to_owned(),
        indicator: d.indicator.as_str().to_owned(),
        deadline,
        baseline: None,
        target: None,
        latest: series.last().copied(),
        path: Vec::new(),
        linear: None,
        loglinear: None,
        points: series.len(),
        status: Status::OnvoldoendeGegevens,
        reason: String::new(),
    };
    if matches!(d.streefwaarde, Streefwaarde::Kwalitatief) {
        v.reason = "kwalitatief doel: er is geen meetbare streefwaarde".into();
        return v;
    }
    let base_year = d.tijdpad.baseline_year().map(|y| i32::from(y.get()));
    v.baseline = match (base_year, d.tijdpad.baseline_value()) {
        (Some(y), Some(val)) => Some((y, val)),
        (Some(y), None) => series.iter().find(|p| p.0 == y).copied(),
        (None, _) => series.first().copied(),
    };
    v.target = d.streefwaarde.target_level(v.baseline.map(|b| b.1));
    let Some(target) = v.target else {
        v.reason = match base_year {
            Some(y) => format!(
                "geen nulmeting: geen waarde voor {y} in de reeks '{}'",
                d.indicator
            ),
            None => format!("geen nulmeting in de reeks '{}'", d.indicator),
        };
        return v;
    };
    if let Some((by, bv)) = v.baseline {
        v.path = (by..=deadline)
            .map(|y| {
                let f = if deadline == by {
                    1.0
                } else {
                    f64::from(y - by) / f64::from(deadline - by)
                };
                (y, bv + f * (target - bv))
            })
            .collect();
    }
    let from = v.baseline.map_or(i32::MIN, |b| b.0);
    let used: Vec<(f64, f64)> = series
        .iter()
        .filter(|p| p.0 >= from)
        .map(|&(x, y)| (f64::from(x), y))
        .collect();
    v.points = used.len();
    if used.len() < MIN_POINTS {
        v.reason = format!(
            "{} waarneming(en) sinds de nulmeting; voor een trend zijn er minstens {MIN_POINTS} nodig",
            used.len()
        );
        return v;
    }
    let x0 = f64::from(deadline);
    v.linear = trend(&used, x0);
    if used.iter().all(|p| p.1 > 0.0) {
        let logs: Vec<(f64, f64)> = used.iter().map(|&(x, y)| (x, y.ln())).collect();
        v.loglinear = trend(&logs, x0).map(|p| Projectie {
            value: p.value.exp(),
            lower: p.lower.exp(),
            upper: p.upper.exp(),
        });
    }
    let Some(lin) = v.linear else {
        v.reason = "alle waarnemingen vallen in hetzelfde jaar; geen trend te bepalen".into();
        return v;
    };
    let reached = |x: f64| match d.direction {
        Richting::Hoger => x >= target,
        Richting::Lager => x <= target,
    };
    let cmp = match d.direction {
        Richting::Hoger => "≥",
        Richting::Lager => "≤",
    };
    if reached(lin.value) {
        v.status = Status::OpKoers;
        v.reason = format!(
            "lineaire trend geeft {:.2} in {deadline} (95 %: {:.2}–{:.2}), {cmp} streefwaarde {target:.2}",
            lin.value, lin.lower, lin.upper
        );
    } else {
        v.status = Status::Achter;
        v.reason = format!(
            "lineaire trend geeft {:.2} in {deadline} (95 %: {:.2}–{:.2}), niet {cmp} streefwaarde {target:.2}",
            lin.value, lin.lower, lin.upper
        );
    }
    v
}

/// Least-squares line through `pts`, evaluated at `x0` with the 95 % confidence interval
/// of the fitted line (Student's t with n - 2 degrees of freedom).
fn trend(pts: &[(f64, f64)], x0: f64) -> Option<Projectie> {
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let b = sxy / sxx;
    let a = my - b * mx;
    let rss: f64 = pts.iter().map(|p| (p.1 - a - b * p.0).powi(2)).sum();
    let s = (rss / (n - 2.0)).sqrt();
    let se = s * (1.0 / n + (x0 - mx).powi(2) / sxx).sqrt();
    let t = distrs::StudentsT::ppf(0.975, n - 2.0);
    let y0 = a + b * x0;
    Some(Projectie {
        value: y0,
        lower: y0 - t * se,
        upper: y0 + t * se,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_matches_a_hand_computed_regression() {
        // y = 1 + 2x exactly: the interval collapses onto the line.
        let p = trend(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0), (3.0, 7.0)], 10.0).unwrap();
        assert!((p.value - 21.0).abs() < 1e-9);
        assert!((p.upper - p.lower).abs() < 1e-9);
        // Noisy points: x = 1..5, y = 2, 4, 5, 4, 5 gives b = 0.6, a = 2.2 (textbook example);
        // at x0 = 6: 5.8; s^2 = 2.4 / 3 = 0.8; se = sqrt(0.8 (1/5 + 9/10)); t(0.975, 3) = 3.182.
        let p = trend(
            &[(1.0, 2.0), (2.0, 4.0), (3.0, 5.0), (4.0, 4.0), (5.0, 5.0)],
            6.0,
        )
        .unwrap();
        assert!((p.value - 5.8).abs() < 1e-9);
        let half = 3.182_446 * (0.8f64 * 1.1).sqrt();
        assert!((p.upper - p.value - half).abs() < 1e-4, "{p:?}");
    }
}
