//! A tested trend label for a series: "stijgend en beter", "dalend en slechter", …, or
//! "geen significante verandering", or "niet getoetst" with the reason.
//!
//! The test is a two-sided test of the slope of a straight line through the points
//! (x = the middle of each point's period, in years):
//!
//! - **Weighted least squares with weights 1/se²** when every point has a standard error.
//!   The standard errors only describe sampling error; real series also move from year to
//!   year for other reasons. So the residual scale `φ = Σ w r² / (n − 2)` is estimated and
//!   the slope's variance is `max(1, φ) / Σ w (x − x̄)²`: never smaller than the sampling
//!   errors imply (then the reference is the normal distribution, variances known), larger
//!   when the points scatter more than their standard errors allow (then Student's t with
//!   n − 2 degrees of freedom, the scale being estimated).
//! - **Ordinary least squares** otherwise (some or all standard errors missing): the usual
//!   t-test of the slope with n − 2 degrees of freedom.
//!
//! What is *not* tested, and why the answer says so:
//! - a series break: only the points after the last break are used (a pooled period that
//!   straddles the break is left out too), and the reason names the break;
//! - fewer than [`MIN_TRENDPUNTEN`] points after the break: "niet getoetst";
//! - overlapping pooled periods (2015–2018, 2017–2020, 2019–2022): they share years, so
//!   their values are not independent and the test's standard error would be wrong;
//!   "niet getoetst". Adjacent pooled periods (2015–2018, 2019–2022) are fine.

use serde::Serialize;

use gemeten_domain::Richting;

use crate::uitleg::{eindig, getal_en, getal_nl, standaardfout, Tweetalig, Zekerheid};
use crate::IndicatorError;

/// Points needed after the last series break for a trend test.
pub const MIN_TRENDPUNTEN: usize = 5;

/// One value of a series, over a period of whole years (`begin` to `eind` inclusive; one
/// year when they are equal, a pooled period such as 2015–2018 otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrendPunt {
    pub begin: i32,
    pub eind: i32,
    pub waarde: f64,
    pub se: Option<f64>,
}

impl TrendPunt {
    pub fn jaar(jaar: i32, waarde: f64) -> Self {
        TrendPunt {
            begin: jaar,
            eind: jaar,
            waarde,
            se: None,
        }
    }

    /// A value pooled over the years `begin`–`eind`, such as 2015–2018.
    pub fn gepoold(begin: i32, eind: i32, waarde: f64) -> Self {
        TrendPunt {
            begin,
            eind,
            waarde,
            se: None,
        }
    }

    /// A value of an observed period: a single year or a pooled run of whole years (quarters
    /// and months count as their year).
    pub fn van_periode(p: gemeten_domain::Meetperiode, waarde: f64) -> Self {
        Self::gepoold(p.begin_jaar(), p.eind_jaar(), waarde)
    }

    pub fn met_se(mut self, se: f64) -> Self {
        self.se = Some(se);
        self
    }

    /// The middle of the period on the scale of year labels: 2015 → 2015.0,
    /// 2015–2018 → 2016.5. Only differences of x matter for the slope.
    pub fn x(&self) -> f64 {
        (f64::from(self.begin) + f64::from(self.eind)) / 2.0
    }

    fn periode(&self) -> String {
        if self.begin == self.eind {
            self.begin.to_string()
        } else {
            format!("{}–{}", self.begin, self.eind)
        }
    }
}

pub use crate::kpi::Reeksbreuk;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trendoordeel {
    StijgendEnBeter,
    StijgendEnSlechter,
    DalendEnBeter,
    DalendEnSlechter,
    GeenSignificanteVerandering,
    NietGetoetst,
}

impl Trendoordeel {
    pub fn label_nl(self) -> &'static str {
        match self {
            Trendoordeel::StijgendEnBeter => "stijgend en beter",
            Trendoordeel::StijgendEnSlechter => "stijgend en slechter",
            Trendoordeel::DalendEnBeter => "dalend en beter",
            Trendoordeel::DalendEnSlechter => "dalend en slechter",
            Trendoordeel::GeenSignificanteVerandering => "geen significante verandering",
            Trendoordeel::NietGetoetst => "niet getoetst",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Trendoordeel::StijgendEnBeter => "increasing and getting better",
            Trendoordeel::StijgendEnSlechter => "increasing and getting worse",
            Trendoordeel::DalendEnBeter => "decreasing and getting better",
            Trendoordeel::DalendEnSlechter => "decreasing and getting worse",
            Trendoordeel::GeenSignificanteVerandering => "no significant change",
            Trendoordeel::NietGetoetst => "not tested",
        }
    }
}

/// Which regression was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Regressie {
    /// Weighted least squares, weights 1/se².
    Gewogen,
    /// Ordinary least squares.
    Gewoon,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trendtoets {
    pub oordeel: Trendoordeel,
    /// None when not tested.
    pub regressie: Option<Regressie>,
    /// Change per year.
    pub helling: Option<f64>,
    pub se_helling: Option<f64>,
    /// Two-sided p-value of the slope.
    pub p_waarde: Option<f64>,
    /// Points used (after the last series break).
    pub punten: usize,
    /// The series break whose later points were used, if any.
    pub vanaf_breuk: Option<i32>,
    pub reden: Tweetalig,
}

/// Tests the trend of `punten` (any order) at two-sided level `zekerheid` (95 % as a rule),
/// using only the points after the last of `breuken`; `richting` turns "stijgend" into
/// "beter" or "slechter". Errors on an empty series, NaN values, a period ending before it
/// begins, or a standard error that is not positive.
pub fn toets_trend(
    punten: &[TrendPunt],
    breuken: &[Reeksbreuk],
    richting: Richting,
    zekerheid: Zekerheid,
) -> Result<Trendtoets, IndicatorError> {
    if punten.is_empty() {
        return Err(IndicatorError::ongeldig("een trend zonder punten"));
    }
    for p in punten {
        eindig(&format!("de waarde voor {}", p.periode()), p.waarde)?;
        if p.eind < p.begin {
            return Err(IndicatorError::ongeldig(format!(
                "periode {}–{} eindigt voor ze begint",
                p.begin, p.eind
            )));
        }
        if let Some(se) = p.se {
            standaardfout(&format!("de waarde voor {}", p.periode()), se)?;
        }
    }

    let breuk = breuken.iter().max_by_key(|b| b.jaar);
    let mut gebruikt: Vec<TrendPunt> = punten
        .iter()
        .filter(|p| breuk.is_none_or(|b| p.begin >= b.jaar))
        .copied()
        .collect();
    gebruikt.sort_by_key(|p| (p.begin, p.eind));
    let n = gebruikt.len();

    let (breuk_nl, breuk_en) = match breuk {
        Some(b) => (
            format!(
                "reeksbreuk in {} ({}): alleen de {n} punten vanaf {} gebruikt; ",
                b.jaar, b.reden, b.jaar
            ),
            format!(
                "series break in {} ({}): only the {n} points from {} on used; ",
                b.jaar,
                b.reden_en.as_deref().unwrap_or(&b.reden),
                b.jaar
            ),
        ),
        None => (String::new(), String::new()),
    };
    let niet_getoetst = |nl: String, en: String| Trendtoets {
        oordeel: Trendoordeel::NietGetoetst,
        regressie: None,
        helling: None,
        se_helling: None,
        p_waarde: None,
        punten: n,
        vanaf_breuk: breuk.map(|b| b.jaar),
        reden: Tweetalig::new(
            format!("{breuk_nl}{nl}: niet getoetst"),
            format!("{breuk_en}{en}: not tested"),
        ),
    };

    if let Some(w) = gebruikt.windows(2).find(|w| w[1].begin <= w[0].eind) {
        let (a, b) = (w[0].periode(), w[1].periode());
        return Ok(niet_getoetst(
            format!("de perioden {a} en {b} overlappen en zijn dus niet onafhankelijk"),
            format!("the periods {a} and {b} overlap and so are not independent"),
        ));
    }
    if n < MIN_TRENDPUNTEN {
        return Ok(niet_getoetst(
            format!("{n} punt(en); voor een trendtoets zijn er minstens {MIN_TRENDPUNTEN} nodig"),
            format!("{n} point(s); a trend test needs at least {MIN_TRENDPUNTEN}"),
        ));
    }

    let alle_se: Option<Vec<f64>> = gebruikt.iter().map(|p| p.se).collect();
    let pts: Vec<(f64, f64)> = gebruikt.iter().map(|p| (p.x(), p.waarde)).collect();
    let (regressie, gewichten) = match &alle_se {
        Some(se) => (
            Regressie::Gewogen,
            se.iter().map(|s| 1.0 / (s * s)).collect(),
        ),
        None => (Regressie::Gewoon, vec![1.0; n]),
    };
    let fit = helling(&pts, &gewichten);
    let df = (n - 2) as f64;
    // The reference distribution: normal when the variances are known and not exceeded by
    // the scatter, Student's t when the scale is estimated.
    let (var_b, t_verdeling) = match regressie {
        Regressie::Gewogen if fit.schaal <= 1.0 => (1.0 / fit.sxx, false),
        _ => (fit.schaal / fit.sxx, true),
    };
    let se_b = var_b.sqrt();
    let p = if se_b == 0.0 {
        if fit.b == 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        let t = (fit.b / se_b).abs();
        let staart = if t_verdeling {
            1.0 - distrs::StudentsT::cdf(t, df)
        } else {
            1.0 - distrs::Normal::cdf(t, 0.0, 1.0)
        };
        (2.0 * staart).clamp(0.0, 1.0)
    };
    let significant = p < zekerheid.alfa();
    let oordeel = match (significant, fit.b > 0.0, richting) {
        (false, _, _) => Trendoordeel::GeenSignificanteVerandering,
        (true, true, Richting::Hoger) => Trendoordeel::StijgendEnBeter,
        (true, true, Richting::Lager) => Trendoordeel::StijgendEnSlechter,
        (true, false, Richting::Hoger) => Trendoordeel::DalendEnSlechter,
        (true, false, Richting::Lager) => Trendoordeel::DalendEnBeter,
    };

    let eerste = gebruikt[0].periode();
    let laatste = gebruikt[n - 1].periode();
    let (methode_nl, methode_en) = match (regressie, punten_zonder_se(&gebruikt)) {
        (Regressie::Gewogen, _) => (
            "gewogen regressie (gewichten 1/se²)".to_owned(),
            "weighted regression (weights 1/se²)".to_owned(),
        ),
        (Regressie::Gewoon, k) if k < n => (
            format!("gewone regressie ({k} van de {n} punten zonder standaardfout)"),
            format!("ordinary regression ({k} of the {n} points without standard error)"),
        ),
        (Regressie::Gewoon, _) => (
            "gewone regressie".to_owned(),
            "ordinary regression".to_owned(),
        ),
    };
    let nl = format!(
        "{breuk_nl}{methode_nl} over {n} punten {eerste} t/m {laatste}: helling {} per jaar (se {}; p {}), getoetst op {}; {}: {}",
        met_teken(getal_nl(fit.b, 3), fit.b),
        getal_nl(se_b, 3),
        p_tekst(p, ','),
        zekerheid.nl(),
        richting.label_nl(),
        oordeel.label_nl()
    );
    let en = format!(
        "{breuk_en}{methode_en} over {n} points {eerste} to {laatste}: slope {} per year (se {}; p {}), tested at {}; {}: {}",
        met_teken(getal_en(fit.b, 3), fit.b),
        getal_en(se_b, 3),
        p_tekst(p, '.'),
        zekerheid.en(),
        richting.label_en(),
        oordeel.label_en()
    );
    Ok(Trendtoets {
        oordeel,
        regressie: Some(regressie),
        helling: Some(fit.b),
        se_helling: Some(se_b),
        p_waarde: Some(p),
        punten: n,
        vanaf_breuk: breuk.map(|b| b.jaar),
        reden: Tweetalig::new(nl, en),
    })
}

fn punten_zonder_se(punten: &[TrendPunt]) -> usize {
    punten.iter().filter(|p| p.se.is_none()).count()
}

fn met_teken(s: String, x: f64) -> String {
    if x > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

/// "= 0,012" or "< 0,001".
fn p_tekst(p: f64, komma: char) -> String {
    if p < 0.001 {
        format!("< 0{komma}001")
    } else {
        format!("= {}", format!("{p:.3}").replace('.', &komma.to_string()))
    }
}

struct Fit {
    b: f64,
    /// Σ w (x − x̄)².
    sxx: f64,
    /// Σ w r² / (n − 2): the residual variance (OLS) or the dispersion factor (weights 1/se²).
    schaal: f64,
}

/// Weighted least-squares slope. The caller guarantees at least three points with
/// distinct x (non-overlapping periods) and positive weights.
fn helling(pts: &[(f64, f64)], w: &[f64]) -> Fit {
    let sw: f64 = w.iter().sum();
    let mx = pts.iter().zip(w).map(|(p, w)| w * p.0).sum::<f64>() / sw;
    let my = pts.iter().zip(w).map(|(p, w)| w * p.1).sum::<f64>() / sw;
    let sxx: f64 = pts.iter().zip(w).map(|(p, w)| w * (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts
        .iter()
        .zip(w)
        .map(|(p, w)| w * (p.0 - mx) * (p.1 - my))
        .sum();
    let b = sxy / sxx;
    let a = my - b * mx;
    let rss: f64 = pts
        .iter()
        .zip(w)
        .map(|(p, w)| w * (p.1 - a - b * p.0).powi(2))
        .sum();
    Fit {
        b,
        sxx,
        schaal: rss / (pts.len() as f64 - 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn jaren(begin: i32, waarden: &[f64]) -> Vec<TrendPunt> {
        waarden
            .iter()
            .enumerate()
            .map(|(i, &v)| TrendPunt::jaar(begin + i as i32, v))
            .collect()
    }

    fn toets(p: &[TrendPunt], b: &[Reeksbreuk], r: Richting) -> Trendtoets {
        toets_trend(p, b, r, Zekerheid::P95).unwrap()
    }

    #[test]
    fn ordinary_regression_matches_the_hand_computation() {
        // x = 2015..2020, y = 10,0 10,4 10,7 11,3 11,5 12,0.
        // x̄ = 2017,5, Sxx = 17,5; ȳ = 10,983333; Sxy = 6,95; b = 6,95 / 17,5 = 0,397143;
        // residuals 0,0095 0,0124 −0,0848 0,1181 −0,0790 0,0238, RSS = 0,028190;
        // s² = RSS / 4 = 0,0070476; se(b) = √(s² / Sxx) = 0,020068; t = 19,79 on 4 df;
        // p = 3,846e-5. Checked with the Python script at the end of this module.
        let p = jaren(2015, &[10.0, 10.4, 10.7, 11.3, 11.5, 12.0]);
        let t = toets(&p, &[], Richting::Lager);
        assert_eq!(t.regressie, Some(Regressie::Gewoon));
        assert!((t.helling.unwrap() - 0.397_143).abs() < 1e-6);
        assert!((t.se_helling.unwrap() - 0.020_068).abs() < 1e-6);
        assert!((t.p_waarde.unwrap() - 3.846e-5).abs() < 1e-7, "{t:?}");
        // Rising where lower is better.
        assert_eq!(t.oordeel, Trendoordeel::StijgendEnSlechter);
        assert_eq!(
            t.reden.nl,
            "gewone regressie over 6 punten 2015 t/m 2020: helling +0,397 per jaar (se 0,020; p < 0,001), getoetst op 95 %; lager is beter: stijgend en slechter"
        );
        let t = toets(&p, &[], Richting::Hoger);
        assert_eq!(t.oordeel, Trendoordeel::StijgendEnBeter);
    }

    #[test]
    fn a_noisy_flat_series_shows_no_significant_change() {
        // x = 2014..2020, y = 20 22 19 21 20 22 19: b = −0,071429; se(b) = 0,261472;
        // t = −0,273 on 5 df; p = 0,7956 (Python at the end of this module).
        let p = jaren(2014, &[20.0, 22.0, 19.0, 21.0, 20.0, 22.0, 19.0]);
        let t = toets(&p, &[], Richting::Hoger);
        assert_eq!(t.oordeel, Trendoordeel::GeenSignificanteVerandering);
        assert!((t.helling.unwrap() + 0.071_429).abs() < 1e-6);
        assert!((t.se_helling.unwrap() - 0.261_472).abs() < 1e-6);
        assert!((t.p_waarde.unwrap() - 0.795_64).abs() < 1e-4, "{t:?}");
    }

    #[test]
    fn weighted_regression_uses_the_standard_errors() {
        // x = 2016..2020, y = 50,0 50,8 51,1 52,0 52,2, se = 0,5 0,5 0,4 0,4 0,3 (weights
        // 4 4 6,25 6,25 11,11). Weighted: x̄ = 2018,5211, ȳ = 51,4874, Sxx = 62,1109,
        // Sxy = 33,6875, b = 0,542377; φ = Σ w r² / 3 = 0,2302 ≤ 1, so var(b) = 1 / Sxx:
        // se = 0,126887, z = 4,2745, p = 1,916e-5 (normal). Python at the end of this module.
        let y = [50.0, 50.8, 51.1, 52.0, 52.2];
        let se = [0.5, 0.5, 0.4, 0.4, 0.3];
        let p: Vec<TrendPunt> = (0..5)
            .map(|i| TrendPunt::jaar(2016 + i as i32, y[i]).met_se(se[i]))
            .collect();
        let t = toets(&p, &[], Richting::Hoger);
        assert_eq!(t.regressie, Some(Regressie::Gewogen));
        assert!((t.helling.unwrap() - 0.542_377).abs() < 1e-6, "{t:?}");
        assert!((t.se_helling.unwrap() - 0.126_887).abs() < 1e-6, "{t:?}");
        assert!((t.p_waarde.unwrap() - 1.916e-5).abs() < 1e-7, "{t:?}");
        assert_eq!(t.oordeel, Trendoordeel::StijgendEnBeter);
        assert!(t
            .reden
            .nl
            .starts_with("gewogen regressie (gewichten 1/se²)"));
    }

    #[test]
    fn scatter_beyond_the_standard_errors_widens_the_test() {
        // The same values with tiny standard errors (0,01): φ is large, so the slope's
        // variance is φ / Sxx and Student's t (3 df) is used; the equal weights make this
        // the ordinary regression: b = 0,56, φ = 373,3 (in units of se² = 1e-4), so
        // se = √(0,03733 / 10) = 0,061101, t = 9,165 on 3 df, p = 0,002746 (Python below).
        let y = [50.0, 50.8, 51.1, 52.0, 52.2];
        let p: Vec<TrendPunt> = (0..5)
            .map(|i| TrendPunt::jaar(2016 + i as i32, y[i]).met_se(0.01))
            .collect();
        let t = toets(&p, &[], Richting::Hoger);
        assert!((t.helling.unwrap() - 0.56).abs() < 1e-9);
        assert!((t.se_helling.unwrap() - 0.061_101).abs() < 1e-6);
        let ols = toets(&jaren(2016, &y), &[], Richting::Hoger);
        assert!((t.se_helling.unwrap() - ols.se_helling.unwrap()).abs() < 1e-9);
        assert!((t.p_waarde.unwrap() - ols.p_waarde.unwrap()).abs() < 1e-12);
        assert!((t.p_waarde.unwrap() - 0.002_746).abs() < 1e-5, "{t:?}");
    }

    #[test]
    fn only_points_after_the_last_break_are_used_and_the_reason_says_so() {
        // 2010–2013 on the old questionnaire (much higher), 2014–2019 on the new one.
        let mut p = jaren(2010, &[30.0, 30.5, 31.0, 31.5]);
        p.extend(jaren(2014, &[20.0, 19.8, 19.9, 20.1, 19.9, 20.0]));
        let breuk = Reeksbreuk {
            jaar: 2014,
            reden: "nieuwe vragenlijst".into(),
            reden_en: None,
        };
        let t = toets(&p, std::slice::from_ref(&breuk), Richting::Lager);
        assert_eq!(t.punten, 6);
        assert_eq!(t.vanaf_breuk, Some(2014));
        assert_eq!(t.oordeel, Trendoordeel::GeenSignificanteVerandering);
        assert!(
            t.reden
                .nl
                .starts_with("reeksbreuk in 2014 (nieuwe vragenlijst): alleen de 6 punten vanaf 2014 gebruikt; gewone regressie"),
            "{}",
            t.reden.nl
        );
        // Without the break the jump would read as a strong fall.
        let zonder = toets(&p, &[], Richting::Lager);
        assert_eq!(zonder.oordeel, Trendoordeel::DalendEnBeter);
        // An earlier break is superseded by the last one; four points after a 2016 break
        // are too few.
        let breuken = [
            Reeksbreuk {
                jaar: 2016,
                reden: "nieuwe definitie".into(),
                reden_en: None,
            },
            breuk,
        ];
        let t = toets(&p, &breuken, Richting::Lager);
        assert_eq!(t.oordeel, Trendoordeel::NietGetoetst);
        assert_eq!(
            t.reden.nl,
            "reeksbreuk in 2016 (nieuwe definitie): alleen de 4 punten vanaf 2016 gebruikt; 4 punt(en); voor een trendtoets zijn er minstens 5 nodig: niet getoetst"
        );
    }

    #[test]
    fn a_pooled_period_across_the_break_is_left_out() {
        let mut p = vec![TrendPunt::gepoold(2012, 2015, 8.0)];
        p.extend(jaren(2015, &[5.0, 5.1, 5.2, 5.3, 5.4]));
        let breuk = Reeksbreuk {
            jaar: 2015,
            reden: "herweging".into(),
            reden_en: None,
        };
        let t = toets(&p, &[breuk], Richting::Hoger);
        assert_eq!(t.punten, 5);
        assert_eq!(t.oordeel, Trendoordeel::StijgendEnBeter);
    }

    #[test]
    fn overlapping_pooled_periods_are_not_tested() {
        let p = vec![
            TrendPunt::gepoold(2011, 2014, 10.0),
            TrendPunt::gepoold(2013, 2016, 11.0),
            TrendPunt::gepoold(2015, 2018, 12.0),
            TrendPunt::gepoold(2017, 2020, 13.0),
            TrendPunt::gepoold(2019, 2022, 14.0),
        ];
        let t = toets(&p, &[], Richting::Hoger);
        assert_eq!(t.oordeel, Trendoordeel::NietGetoetst);
        assert_eq!(
            t.reden.nl,
            "de perioden 2011–2014 en 2013–2016 overlappen en zijn dus niet onafhankelijk: niet getoetst"
        );
        // Adjacent pooled periods are independent: tested, x at the middles 2007,5 …
        let p: Vec<TrendPunt> = (0..5)
            .map(|i| TrendPunt::gepoold(2006 + 4 * i, 2009 + 4 * i, 10.0 + f64::from(i)))
            .collect();
        assert_eq!(p[0].x(), 2007.5);
        let t = toets(&p, &[], Richting::Hoger);
        assert_eq!(t.oordeel, Trendoordeel::StijgendEnBeter);
        assert!((t.helling.unwrap() - 0.25).abs() < 1e-12);
    }

    #[test]
    fn too_few_points_are_not_tested() {
        let t = toets(&jaren(2020, &[1.0, 2.0, 3.0, 4.0]), &[], Richting::Hoger);
        assert_eq!(t.oordeel, Trendoordeel::NietGetoetst);
        assert_eq!(t.helling, None);
        assert_eq!(
            t.reden.en,
            "4 point(s); a trend test needs at least 5: not tested"
        );
    }

    #[test]
    fn mixed_standard_errors_fall_back_to_ordinary_regression_and_say_so() {
        let mut p = jaren(2015, &[1.0, 1.2, 1.1, 1.4, 1.5]);
        p[0].se = Some(0.1);
        let t = toets(&p, &[], Richting::Hoger);
        assert_eq!(t.regressie, Some(Regressie::Gewoon));
        assert!(t
            .reden
            .nl
            .starts_with("gewone regressie (4 van de 5 punten zonder standaardfout)"));
    }

    #[test]
    fn bad_input_is_an_error() {
        let r = Richting::Hoger;
        let z = Zekerheid::P95;
        assert!(toets_trend(&[], &[], r, z).is_err());
        assert!(toets_trend(&jaren(2015, &[1.0, f64::NAN, 1.0, 1.0, 1.0]), &[], r, z).is_err());
        let mut p = jaren(2015, &[1.0, 2.0, 3.0, 4.0, 5.0]);
        p[2].se = Some(0.0);
        assert!(toets_trend(&p, &[], r, z).is_err());
        assert!(toets_trend(&[TrendPunt::gepoold(2020, 2018, 1.0)], &[], r, z).is_err());
    }

    proptest! {
        #[test]
        fn swapping_direction_swaps_better_and_worse(
            waarden in proptest::collection::vec(-50.0f64..50.0, 5..12)
        ) {
            let p = jaren(2000, &waarden);
            let h = toets(&p, &[], Richting::Hoger);
            let l = toets(&p, &[], Richting::Lager);
            let verwacht = match h.oordeel {
                Trendoordeel::StijgendEnBeter => Trendoordeel::StijgendEnSlechter,
                Trendoordeel::DalendEnSlechter => Trendoordeel::DalendEnBeter,
                o => o,
            };
            prop_assert_eq!(l.oordeel, verwacht);
            prop_assert_eq!(h.p_waarde, l.p_waarde);
        }

        #[test]
        fn a_shift_does_not_change_the_test(
            waarden in proptest::collection::vec(-50.0f64..50.0, 5..12), c in -100.0f64..100.0
        ) {
            let p = jaren(2000, &waarden);
            let q: Vec<f64> = waarden.iter().map(|v| v + c).collect();
            let a = toets(&p, &[], Richting::Hoger);
            let b = toets(&jaren(2000, &q), &[], Richting::Hoger);
            prop_assert!((a.helling.unwrap() - b.helling.unwrap()).abs() < 1e-6);
        }
    }

    // The independent check of the numbers above (Python 3, standard library only):
    //
    // import math
    // from statistics import NormalDist
    // def betacf(a,b,x):
    //     qab=a+b;qap=a+1;qam=a-1;c=1;d=1-qab*x/qap;d=1/d;h=d
    //     for m in range(1,300):
    //         m2=2*m;aa=m*(b-m)*x/((qam+m2)*(a+m2));d=1+aa*d;c=1+aa/c;d=1/d;h*=d*c
    //         aa=-(a+m)*(qab+m)*x/((a+m2)*(qap+m2));d=1+aa*d;c=1+aa/c;d=1/d;de=d*c;h*=de
    //         if abs(de-1)<1e-15:break
    //     return h
    // def ibeta(a,b,x):
    //     bt=math.exp(math.lgamma(a+b)-math.lgamma(a)-math.lgamma(b)+a*math.log(x)+b*math.log(1-x))
    //     return bt*betacf(a,b,x)/a if x<(a+1)/(a+b+2) else 1-bt*betacf(b,a,1-x)/b
    // def t_p2(t,df): return ibeta(df/2,0.5,df/(df+t*t))  # two-sided p
    // def fit(x,y,w):
    //     sw=sum(w);mx=sum(wi*xi for wi,xi in zip(w,x))/sw;my=sum(wi*yi for wi,yi in zip(w,y))/sw
    //     sxx=sum(wi*(xi-mx)**2 for wi,xi in zip(w,x));sxy=sum(wi*(xi-mx)*(yi-my) for wi,xi,yi in zip(w,x,y))
    //     b=sxy/sxx;a=my-b*mx;r=[yi-a-b*xi for xi,yi in zip(x,y)]
    //     phi=sum(wi*ri*ri for wi,ri in zip(w,r))/(len(x)-2)
    //     return dict(mx=mx,my=my,sxx=sxx,sxy=sxy,b=b,r=r,phi=phi)
    // x=list(range(2015,2021));y=[10.0,10.4,10.7,11.3,11.5,12.0]
    // f=fit(x,y,[1]*6);se=math.sqrt(f['phi']/f['sxx']);t=f['b']/se
    // print('ols',f,'se',se,'t',t,'p',t_p2(t,4))
    // x=list(range(2014,2021));y=[20,22,19,21,20,22,19]
    // f=fit(x,y,[1]*7);se=math.sqrt(f['phi']/f['sxx']);t=f['b']/se
    // print('flat b',f['b'],'se',se,'t',t,'p',t_p2(abs(t),5))
    // x=list(range(2016,2021));y=[50.0,50.8,51.1,52.0,52.2];s=[.5,.5,.4,.4,.3];w=[1/v/v for v in s]
    // f=fit(x,y,w);se=math.sqrt(max(1,f['phi'])/f['sxx']);z=f['b']/se
    // print('wls',f,'se',se,'z',z,'p',2*(1-NormalDist().cdf(z)))
    // f=fit(x,y,[1e4]*5);se=math.sqrt(f['phi']/f['sxx']);t=f['b']/se
    // print('tiny se',f['b'],f['phi'],se,t,t_p2(t,3))
}
