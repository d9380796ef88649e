//! Progress towards every target: the path from baseline to deadline, the latest value,
//! linear and log-linear projections to the deadline with 95 % intervals, and a status
//! with its reason.
//!
//! A target is measured on the national total series of its KPI (region NL01, no
//! breakdown). A projection needs at least three observations from the baseline year on,
//! and at least five after a series break the trend starts at; with fewer, or without a
//! baseline for a relative target, the status says so.

use serde::Serialize;

use gemeten_domain::{Doel, Meetperiode, Richting, Streefwaarde, Waarneming};

use crate::kpi::Catalogus;

/// Observations needed for a trend with an interval (two for the line, one for its error).
pub const MIN_POINTS: usize = 3;

/// Observations needed after a series break before a projection is made: a break leaves a
/// short new series, and three points projected years ahead give an interval of centuries
/// (±190 years for healthy life expectancy 2021–2023 to 2040), which informs no one. Like the
/// tested trend label (`trendtoets`), at least five.
pub const MIN_POINTS_NA_BREUK: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OpKoers,
    Achter,
    /// The projection's 95 % interval contains the target: the data cannot tell yet.
    Onzeker,
    OnvoldoendeGegevens,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::OpKoers,
        Status::Achter,
        Status::Onzeker,
        Status::OnvoldoendeGegevens,
    ];
    pub fn label_nl(self) -> &'static str {
        match self {
            Status::OpKoers => "op koers",
            Status::Achter => "achter",
            Status::Onzeker => "onzeker",
            Status::OnvoldoendeGegevens => "onvoldoende gegevens",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Status::OpKoers => "on track",
            Status::Achter => "behind",
            Status::Onzeker => "uncertain",
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
    /// The target's baseline year and the value read for it.
    pub baseline: Option<(i32, f64)>,
    /// Where the baseline value comes from, in Dutch: which period and series, and any
    /// choice made because the exact value is not published.
    pub baseline_keuze: String,
    pub baseline_keuze_en: String,
    /// Level the indicator must reach at the deadline.
    pub target: Option<f64>,
    /// The latest value of the measuring series, at the middle year of its period.
    pub latest: Option<(i32, f64)>,
    pub latest_periode: Option<Meetperiode>,
    /// The straight path from baseline to target, per year.
    pub path: Vec<(i32, f64)>,
    pub linear: Option<Projectie>,
    pub loglinear: Option<Projectie>,
    /// Observations the projection rests on.
    pub points: usize,
    /// The first year the trend may use (the baseline, or a later series break).
    pub trend_vanaf: Option<i32>,
    pub status: Status,
    /// Why this status, in Dutch (the users' language; the CLI translates the status).
    pub reason: String,
    /// The same reason in English, for English pages.
    pub reason_en: String,
    /// The series is made up (example values): the status says nothing about the mission.
    pub synthetisch: bool,
    /// The national series of both sexes together the target is measured on (for a gap KPI
    /// the computed gap), by period.
    pub reeks: Vec<(Meetperiode, f64)>,
}

/// Progress of every target in `doelen` against the observations `obs`, with the KPI
/// definitions (series breaks, gaps) of `cat`.
pub fn voortgang(doelen: &[&Doel], obs: &[Waarneming], cat: &Catalogus) -> Vec<Voortgang> {
    doelen.iter().map(|d| een_doel(d, obs, cat)).collect()
}

/// One value of the national series a target is measured on.
#[derive(Debug, Clone, Copy)]
struct Punt {
    period: Meetperiode,
    value: f64,
    synthetisch: bool,
}

/// The national series of `kpi` for one sex (`""` both together): the stored values, or for
/// a gap KPI the highest minus the lowest group of its SES breakdown per period.
fn reeks(kpi: &str, cat: &Catalogus, sex: &str, obs: &[Waarneming]) -> Vec<Punt> {
    let def = cat.kpis.get(kpi);
    let national = |o: &&Waarneming| o.region == "NL01" && o.sex == sex && o.age_band.is_empty();
    let mut pts: Vec<Punt> = obs
        .iter()
        .filter(|o| o.kpi == kpi && o.ses.is_empty())
        .filter(national)
        .map(|o| Punt {
            period: o.period,
            value: o.value,
            synthetisch: o.synthetisch,
        })
        .collect();
    if let (true, Some(v)) = (pts.is_empty(), def.and_then(|d| d.verschil_van.as_ref())) {
        let groups: Vec<&Waarneming> = obs
            .iter()
            .filter(|o| o.kpi == v.kpi && o.ses_dimensie == v.ses_dimensie)
            .filter(national)
            .collect();
        // Lowest and highest group by the breakdown's own order, as the catalogue gives it.
        let Some(dim) = cat.ses_dimensies.get(&v.ses_dimensie) else {
            return pts;
        };
        let (lo, hi) = (dim.laagste(), dim.hoogste());
        for l in groups.iter().filter(|o| o.ses == lo) {
            if let Some(h) = groups.iter().find(|o| o.ses == hi && o.period == l.period) {
                pts.push(Punt {
                    period: l.period,
                    value: h.value - l.value,
                    synthetisch: l.synthetisch || h.synthetisch,
                });
            }
        }
    }
    pts.sort_by_key(|p| p.period);
    pts
}

fn getal(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

fn number(x: f64) -> String {
    format!("{x:.2}")
}

/// A text in Dutch and English.
type Tekst2 = (String, String);

/// The baseline for `year`: a published total for that year; else a pooled period holding
/// it; else the mean of men and women for that year; each with the choice stated.
fn nulmeting(
    year: i32,
    totaal: &[Punt],
    man: &[Punt],
    vrouw: &[Punt],
) -> Option<(f64, Meetperiode, Tekst2)> {
    if let Some(p) = totaal.iter().find(|p| p.period.als_jaar() == Some(year)) {
        return Some((
            p.value,
            p.period,
            (
                format!("nulmeting {year}: gepubliceerde waarde"),
                format!("baseline {year}: published value"),
            ),
        ));
    }
    if let Some(p) = totaal
        .iter()
        .filter(|p| p.period.bevat_jaar(year))
        .min_by_key(|p| (p.period.eind_jaar() - p.period.begin_jaar(), p.period))
    {
        return Some((
            p.value,
            p.period,
            (
                format!(
                    "nulmeting {year}: geen jaarcijfer gepubliceerd; de waarde van de \
                     samengenomen periode {} (die {year} bevat) is gebruikt",
                    p.period
                ),
                format!(
                    "baseline {year}: no value published for the year; the value of the pooled \
                     period {} (which contains {year}) is used",
                    p.period
                ),
            ),
        ));
    }
    let of = |s: &[Punt]| {
        s.iter()
            .find(|p| p.period.als_jaar() == Some(year))
            .copied()
    };
    if let (Some(m), Some(v)) = (of(man), of(vrouw)) {
        return Some((
            (m.value + v.value) / 2.0,
            m.period,
            (
                format!(
                    "nulmeting {year}: voor mannen en vrouwen samen niet gepubliceerd; het \
                     ongewogen gemiddelde van mannen ({}) en vrouwen ({}) is gebruikt",
                    getal(m.value),
                    getal(v.value)
                ),
                format!(
                    "baseline {year}: not published for both sexes together; the unweighted \
                     mean of men ({}) and women ({}) is used",
                    number(m.value),
                    number(v.value)
                ),
            ),
        ));
    }
    None
}

fn een_doel(d: &Doel, obs: &[Waarneming], cat: &Catalogus) -> Voortgang {
    let def = cat.kpis.get(d.indicator.as_str());
    let totaal = reeks(&d.indicator, cat, "", obs);
    let deadline = i32::from(d.tijdpad.deadline().get());
    let latest = totaal.last().copied();
    let mut v = Voortgang {
        doel: d.id.as_str().to_owned(),
        missie: d.missie.code().to_owned(),
        indicator: d.indicator.as_str().to_owned(),
        deadline,
        baseline: None,
        baseline_keuze: String::new(),
        baseline_keuze_en: String::new(),
        target: None,
        latest: latest.map(|p| (p.period.midden().round() as i32, p.value)),
        latest_periode: latest.map(|p| p.period),
        path: Vec::new(),
        linear: None,
        loglinear: None,
        points: 0,
        trend_vanaf: None,
        status: Status::OnvoldoendeGegevens,
        reason: String::new(),
        reason_en: String::new(),
        synthetisch: totaal.iter().any(|p| p.synthetisch),
        reeks: totaal.iter().map(|p| (p.period, p.value)).collect(),
    };
    if matches!(d.streefwaarde, Streefwaarde::Kwalitatief) {
        v.reason = "kwalitatief doel: er is geen meetbare streefwaarde".into();
        v.reason_en = "qualitative target: there is no measurable target value".into();
        return v;
    }
    let base_year = d.tijdpad.baseline_year().map(|y| i32::from(y.get()));
    match (base_year, d.tijdpad.baseline_value()) {
        (Some(y), Some(val)) => {
            v.baseline = Some((y, val));
            v.baseline_keuze = format!("nulmeting {y}: de waarde uit het missiedocument");
            v.baseline_keuze_en = format!("baseline {y}: the value in the mission document");
        }
        (Some(y), None) => {
            let man = reeks(&d.indicator, cat, "man", obs);
            let vrouw = reeks(&d.indicator, cat, "vrouw", obs);
            if let Some((val, _, keuze)) = nulmeting(y, &totaal, &man, &vrouw) {
                v.baseline = Some((y, val));
                (v.baseline_keuze, v.baseline_keuze_en) = keuze;
            }
        }
        (None, _) => {
            if let Some(p) = totaal.first() {
                v.baseline = Some((p.period.begin_jaar(), p.value));
                v.baseline_keuze = format!("geen nuljaar: de eerste waarde ({})", p.period);
                v.baseline_keuze_en = format!("no baseline year: the first value ({})", p.period);
            }
        }
    }
    v.target = d.streefwaarde.target_level(v.baseline.map(|b| b.1));
    let Some(target) = v.target else {
        v.reason = match base_year {
            Some(y) => format!(
                "geen nulmeting: geen waarde voor {y} in de reeks '{}', ook niet samengenomen of \
                 naar geslacht",
                d.indicator
            ),
            None => format!("geen nulmeting in de reeks '{}'", d.indicator),
        };
        v.reason_en = match base_year {
            Some(y) => format!(
                "no baseline: no value for {y} in the series '{}', neither pooled nor by sex",
                d.indicator
            ),
            None => format!("no baseline in the series '{}'", d.indicator),
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
    // The trend starts at the baseline, or at the last series break after it: a line
    // across a break compares two different measurements.
    let mut from = v.baseline.map_or(i32::MIN, |b| b.0);
    let mut caveat = String::new();
    let mut caveat_en = String::new();
    let mut na_breuk = None;
    if let Some(b) = def
        .filter(|k| !k.trend_over_breuk)
        .and_then(|k| k.laatste_breuk_tot(deadline))
        .filter(|b| b.jaar > from)
    {
        from = b.jaar;
        na_breuk = Some(b.jaar);
        caveat = format!(
            "; de trend begint bij de reeksbreuk van {} ({}), de nulmeting ligt ervoor en is \
             dus een benadering",
            b.jaar,
            b.reden.trim_end_matches('.')
        );
        caveat_en =
            format!(
            "; the trend starts at the series break of {} ({}); the baseline lies before it and \
             is therefore an approximation",
            b.jaar,
            b.reden_en.as_deref().unwrap_or(&b.reden).trim_end_matches('.')
        );
    }
    v.trend_vanaf = (from != i32::MIN).then_some(from);
    let in_trend: Vec<Punt> = totaal
        .iter()
        .filter(|p| p.period.begin_jaar() >= from)
        .copied()
        .collect();
    let overlapping = in_trend
        .windows(2)
        .any(|w| w[0].period.overlapt(w[1].period));
    v.points = in_trend.len();
    let keuze = if v.baseline_keuze.is_empty() {
        String::new()
    } else {
        format!("{}; ", v.baseline_keuze)
    };
    let choice = if v.baseline_keuze_en.is_empty() {
        String::new()
    } else {
        format!("{}; ", v.baseline_keuze_en)
    };
    if overlapping {
        v.reason = format!(
            "{keuze}de waarden sinds {from} gelden voor overlappende samengenomen perioden en \
             zijn geen onafhankelijke metingen: geen trend te bepalen{caveat}"
        );
        v.reason_en = format!(
            "{choice}the values since {from} are for overlapping pooled periods and are no \
             independent measurements: no trend can be drawn{caveat_en}"
        );
        return v;
    }
    if let Some(jaar) = na_breuk.filter(|_| in_trend.len() < MIN_POINTS_NA_BREUK) {
        v.reason = format!(
            "{keuze}te weinig waarnemingen sinds de reeksbreuk van {jaar} om te projecteren: \
             {} sinds de breuk, minstens {MIN_POINTS_NA_BREUK} nodig{caveat}",
            in_trend.len()
        );
        v.reason_en = format!(
            "{choice}too few points since the break of {jaar} to project: {} since the break, \
             at least {MIN_POINTS_NA_BREUK} needed{caveat_en}",
            in_trend.len()
        );
        return v;
    }
    if in_trend.len() < MIN_POINTS {
        let (sinds, since) = if from == i32::MIN {
            (String::new(), String::new())
        } else {
            (format!(" vanaf {from}"), format!(" from {from} on"))
        };
        v.reason = format!(
            "{keuze}{} waarneming(en){sinds}; voor een trend zijn er minstens {MIN_POINTS} \
             nodig{caveat}",
            in_trend.len()
        );
        v.reason_en = format!(
            "{choice}{} observation(s){since}; a trend needs at least {MIN_POINTS}{caveat_en}",
            in_trend.len()
        );
        return v;
    }
    let used: Vec<(f64, f64)> = in_trend
        .iter()
        .map(|p| (p.period.midden(), p.value))
        .collect();
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
        v.reason = format!(
            "{keuze}alle waarnemingen vallen in hetzelfde jaar; geen trend te bepalen{caveat}"
        );
        v.reason_en =
            format!("{choice}all observations fall in the same year; no trend{caveat_en}");
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
    let span = format!(
        "{}–{}",
        in_trend[0].period,
        in_trend[in_trend.len() - 1].period
    );
    let projectie = format!(
        "lineaire trend over {span} ({} waarnemingen) geeft {} in {deadline} (95 %: {}–{})",
        in_trend.len(),
        getal(lin.value),
        getal(lin.lower),
        getal(lin.upper)
    );
    let projection = format!(
        "linear trend over {span} ({} observations) gives {} in {deadline} (95 %: {}–{})",
        in_trend.len(),
        number(lin.value),
        number(lin.lower),
        number(lin.upper)
    );
    v.reason_en = match (reached(lin.lower), reached(lin.upper)) {
        (true, true) => format!(
            "{choice}{projection}, entirely {cmp} target {}{caveat_en}",
            number(target)
        ),
        (false, false) => format!(
            "{choice}{projection}, entirely not {cmp} target {}{caveat_en}",
            number(target)
        ),
        _ => format!(
            "{choice}{projection}; that interval contains the target {}: the data cannot tell \
             yet whether the target will be met{caveat_en}",
            number(target)
        ),
    };
    (v.status, v.reason) = match (reached(lin.lower), reached(lin.upper)) {
        (true, true) => (
            Status::OpKoers,
            format!(
                "{keuze}{projectie}, geheel {cmp} streefwaarde {}{caveat}",
                getal(target)
            ),
        ),
        (false, false) => (
            Status::Achter,
            format!(
                "{keuze}{projectie}, geheel niet {cmp} streefwaarde {}{caveat}",
                getal(target)
            ),
        ),
        _ => (
            Status::Onzeker,
            format!(
                "{keuze}{projectie}; dat interval bevat de streefwaarde {}: de gegevens kunnen \
                 nog niet zeggen of het doel gehaald wordt{caveat}",
                getal(target)
            ),
        ),
    };
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
