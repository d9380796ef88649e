//! Socio-economic inequality in one SES dimension (education, income, …): the gap between
//! the lowest and the highest group, and the slope and relative index of inequality (SII,
//! RII) over all groups, with confidence intervals.
//!
//! Groups are given **in order from the lowest to the highest socio-economic position**,
//! with their population shares (or counts: only the proportions matter).
//!
//! - **Gap**: highest group minus lowest group (absolute), and highest / lowest (relative).
//!   With both groups' standard errors: `√(se_l² + se_h²)` for the difference and, for the
//!   ratio, a normal interval on the log scale with `se = √((se_h/y_h)² + (se_l/y_l)²)`.
//! - **SII**: each group gets its ridit, the middle of its band in the cumulative population
//!   share (a first group of 12 % has ridit 0.06, a second of 10 % then 0.17). The group
//!   values are regressed on the ridits by least squares weighted by population share (as
//!   the OHID/PHE "SII tool" and `PHEindicatormethods::phe_sii` do; Low & Low, J Public
//!   Health 2004;26:388). The SII is the slope: the fitted value at ridit 1 (top) minus at
//!   ridit 0 (bottom). Positive means the value rises with socio-economic position.
//! - **RII** here is **SII divided by the population-weighted mean** (Mackenbach & Kunst,
//!   Soc Sci Med 1997;44:757). Because the population-weighted mean ridit is exactly 0.5,
//!   that mean is also the fitted value at ridit 0.5. OHID's tool reports another "RII", the
//!   ratio of the fitted values at the top and bottom, `(Y0 + SII) / Y0`; it is given too,
//!   as [`Ongelijkheid::verhouding_uitersten`], to compare with OHID figures.
//!
//! **Intervals.** The SII, the mean and both fitted ends are linear in the group values, so
//! their variances follow in closed form from the group variances:
//! - with a standard error for every group, those (normal quantile). OHID's tool simulates
//!   the group values from N(value, se²) and refits; as the SII is linear in them, that
//!   simulation draws from exactly the normal distribution used here, so the closed form
//!   is what the simulation approximates (checked against OHID's published test data);
//! - otherwise from the regression's residuals (at least three groups): group variance
//!   `σ² / share` with `σ² = Σ share · residual² / (k − 2)`, Student's t with k − 2
//!   degrees of freedom. This counts departures from the straight line as error; with few
//!   groups (five quintiles: 3 df) the interval is wide, as it should be.
//!
//! The intervals of the ratios (RII, ratio of the ends) use Fieller's theorem, exact for a
//! ratio of normal estimates; when the denominator's interval contains 0 the ratio's
//! interval is unbounded and none is given.

use serde::Serialize;

use crate::uitleg::{eindig, getal_en, getal_nl, standaardfout, Tweetalig, Zekerheid};
use crate::vergelijking::Interval;
use crate::IndicatorError;

/// One socio-economic group: its population share (or count), value and, if known, the
/// value's standard error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SesGroep {
    pub naam: String,
    pub aandeel: f64,
    pub waarde: f64,
    pub se: Option<f64>,
}

impl SesGroep {
    pub fn new(naam: &str, aandeel: f64, waarde: f64) -> Self {
        SesGroep {
            naam: naam.to_owned(),
            aandeel,
            waarde,
            se: None,
        }
    }

    pub fn met_se(mut self, se: f64) -> Self {
        self.se = Some(se);
        self
    }
}

/// An estimate with, when it can be given, its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Schatting {
    pub waarde: f64,
    pub interval: Option<Interval>,
}

/// Where the intervals of SII and RII come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intervalbron {
    /// The groups' standard errors (normal quantile).
    Groepsstandaardfouten,
    /// The residuals of the regression (Student's t, k − 2 degrees of freedom).
    Regressie,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ongelijkheid {
    pub laagste: String,
    pub hoogste: String,
    /// Highest minus lowest group.
    pub verschil: Schatting,
    /// Highest / lowest group; none when the lowest group's value is 0.
    pub verhouding: Option<Schatting>,
    /// Ridit of each group, in the order given.
    pub ridits: Vec<f64>,
    /// Population-weighted mean of the group values.
    pub gemiddelde: f64,
    pub sii: Schatting,
    /// SII / population-weighted mean (Mackenbach & Kunst); none when the mean is 0.
    pub rii: Option<Schatting>,
    /// Fitted value at the top / at the bottom, `(Y0 + SII) / Y0`: what OHID's SII tool
    /// calls RII. None when the fitted bottom value is 0.
    pub verhouding_uitersten: Option<Schatting>,
    /// None when no interval could be given (two groups without standard errors).
    pub intervalbron: Option<Intervalbron>,
    pub zekerheid: Zekerheid,
    /// The method, in words, with the numbers.
    pub toelichting: Tweetalig,
}

/// The inequality over `groepen` (lowest socio-economic position first) with intervals at
/// `zekerheid`. Errors on fewer than two groups, a share that is not positive, a value that
/// is not finite or a standard error that is not positive.
pub fn ongelijkheid(
    groepen: &[SesGroep],
    zekerheid: Zekerheid,
) -> Result<Ongelijkheid, IndicatorError> {
    if groepen.len() < 2 {
        return Err(IndicatorError::ongeldig(format!(
            "voor ongelijkheid zijn minstens twee groepen nodig, niet {}",
            groepen.len()
        )));
    }
    for g in groepen {
        let a = eindig(&format!("het aandeel van '{}'", g.naam), g.aandeel)?;
        if a <= 0.0 {
            return Err(IndicatorError::ongeldig(format!(
                "het aandeel van '{}' moet positief zijn ({a})",
                g.naam
            )));
        }
        eindig(&format!("de waarde van '{}'", g.naam), g.waarde)?;
        if let Some(se) = g.se {
            standaardfout(&format!("'{}'", g.naam), se)?;
        }
    }
    let k = groepen.len();
    let totaal: f64 = groepen.iter().map(|g| g.aandeel).sum();
    let w: Vec<f64> = groepen.iter().map(|g| g.aandeel / totaal).collect();
    let y: Vec<f64> = groepen.iter().map(|g| g.waarde).collect();
    let mut cum = 0.0;
    let x: Vec<f64> = w
        .iter()
        .map(|wi| {
            let r = cum + wi / 2.0;
            cum += wi;
            r
        })
        .collect();

    // Everything below is a linear combination Σ c_i y_i of the group values; these are
    // their coefficients. Weighted least squares with weights w (Σ w = 1):
    // b = Σ w (x − x̄) y / Sxx, mean = Σ w y, fitted(x0) = mean + b (x0 − x̄).
    let xm: f64 = w.iter().zip(&x).map(|(w, x)| w * x).sum();
    let sxx: f64 = w.iter().zip(&x).map(|(w, x)| w * (x - xm).powi(2)).sum();
    let c_sii: Vec<f64> = w.iter().zip(&x).map(|(w, x)| w * (x - xm) / sxx).collect();
    let c_gem: Vec<f64> = w.clone();
    let c_onder: Vec<f64> = c_gem.iter().zip(&c_sii).map(|(m, s)| m - s * xm).collect();
    let c_boven: Vec<f64> = c_onder.iter().zip(&c_sii).map(|(o, s)| o + s).collect();
    let lin = |c: &[f64]| c.iter().zip(&y).map(|(c, y)| c * y).sum::<f64>();
    let sii = lin(&c_sii);
    let gem = lin(&c_gem);

    // The variance of each group value, and the quantile that goes with its source.
    let alle_se: Option<Vec<f64>> = groepen.iter().map(|g| g.se).collect();
    let (varianties, q, bron) = match alle_se {
        Some(se) => (
            Some(se.iter().map(|s| s * s).collect::<Vec<f64>>()),
            zekerheid.z(),
            Some(Intervalbron::Groepsstandaardfouten),
        ),
        None if k >= 3 => {
            let a = gem - sii * xm;
            let sigma2 = w
                .iter()
                .zip(&x)
                .zip(&y)
                .map(|((w, x), y)| w * (y - a - sii * x).powi(2))
                .sum::<f64>()
                / (k as f64 - 2.0);
            (
                Some(w.iter().map(|w| sigma2 / w).collect()),
                zekerheid.t(k as f64 - 2.0),
                Some(Intervalbron::Regressie),
            )
        }
        None => (None, f64::NAN, None),
    };
    let cov = |a: &[f64], b: &[f64]| -> Option<f64> {
        varianties
            .as_ref()
            .map(|v| a.iter().zip(b).zip(v).map(|((a, b), v)| a * b * v).sum())
    };
    let lineair = |c: &[f64]| Schatting {
        waarde: lin(c),
        interval: cov(c, c).map(|v| Interval {
            onder: lin(c) - q * v.sqrt(),
            boven: lin(c) + q * v.sqrt(),
        }),
    };
    let verhouding = |teller: &[f64], noemer: &[f64]| -> Option<Schatting> {
        let (t, n) = (lin(teller), lin(noemer));
        if n == 0.0 {
            return None;
        }
        let interval = match (
            cov(teller, teller),
            cov(noemer, noemer),
            cov(teller, noemer),
        ) {
            (Some(vt), Some(vn), Some(c)) => fieller(t, n, vt, vn, c, q),
            _ => None,
        };
        Some(Schatting {
            waarde: t / n,
            interval,
        })
    };

    let sii_s = lineair(&c_sii);
    let rii = verhouding(&c_sii, &c_gem);
    let uitersten = verhouding(&c_boven, &c_onder);

    // The gap between the extreme groups.
    let (l, h) = (&groepen[0], &groepen[k - 1]);
    let gap_se = match (l.se, h.se) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    };
    let z = zekerheid.z();
    let verschil = Schatting {
        waarde: h.waarde - l.waarde,
        interval: gap_se.map(|(sl, sh)| {
            let half = z * (sl * sl + sh * sh).sqrt();
            Interval {
                onder: h.waarde - l.waarde - half,
                boven: h.waarde - l.waarde + half,
            }
        }),
    };
    let ratio = (l.waarde != 0.0).then(|| Schatting {
        waarde: h.waarde / l.waarde,
        interval: gap_se
            .filter(|_| l.waarde > 0.0 && h.waarde > 0.0)
            .map(|(sl, sh)| {
                let ln = (h.waarde / l.waarde).ln();
                let se = ((sh / h.waarde).powi(2) + (sl / l.waarde).powi(2)).sqrt();
                Interval {
                    onder: (ln - z * se).exp(),
                    boven: (ln + z * se).exp(),
                }
            }),
    });

    let toelichting = toelichting(sii_s, rii, gem, bron, zekerheid, k);
    Ok(Ongelijkheid {
        laagste: l.naam.clone(),
        hoogste: h.naam.clone(),
        verschil,
        verhouding: ratio,
        ridits: x,
        gemiddelde: gem,
        sii: sii_s,
        rii,
        verhouding_uitersten: uitersten,
        intervalbron: bron,
        zekerheid,
        toelichting,
    })
}

/// Fieller's interval for t / n, where (t, n) is bivariate normal with variances vt, vn
/// and covariance c: the θ with (t − θn)² ≤ q² (vt − 2θc + θ²vn). Bounded only when n is
/// significantly different from 0 (a > 0).
fn fieller(t: f64, n: f64, vt: f64, vn: f64, c: f64, q: f64) -> Option<Interval> {
    let q2 = q * q;
    let a = n * n - q2 * vn;
    let b = t * n - q2 * c;
    let cc = t * t - q2 * vt;
    let disc = b * b - a * cc;
    if a <= 0.0 || disc < 0.0 {
        return None;
    }
    let r = disc.sqrt();
    Some(Interval {
        onder: (b - r) / a,
        boven: (b + r) / a,
    })
}

fn toelichting(
    sii: Schatting,
    rii: Option<Schatting>,
    gem: f64,
    bron: Option<Intervalbron>,
    zekerheid: Zekerheid,
    k: usize,
) -> Tweetalig {
    let iv_nl = |s: Schatting, d: usize| {
        s.interval.map_or(String::new(), |i| {
            format!(
                " ({} {}–{})",
                zekerheid.nl(),
                getal_nl(i.onder, d),
                getal_nl(i.boven, d)
            )
        })
    };
    let iv_en = |s: Schatting, d: usize| {
        s.interval.map_or(String::new(), |i| {
            format!(
                " ({} {}–{})",
                zekerheid.en(),
                getal_en(i.onder, d),
                getal_en(i.boven, d)
            )
        })
    };
    let mut nl = format!(
        "SII {}{}: gewogen regressie van de groepswaarde op de ridit (midden van het cumulatieve bevolkingsaandeel) over {k} groepen, gewicht = bevolkingsaandeel; positief = hoger bij hogere sociaaleconomische positie",
        getal_nl(sii.waarde, 2),
        iv_nl(sii, 2)
    );
    let mut en = format!(
        "SII {}{}: regression of the group value on the ridit (middle of the cumulative population share) over {k} groups weighted by population share; positive = higher with higher socio-economic position",
        getal_en(sii.waarde, 2),
        iv_en(sii, 2)
    );
    if let Some(r) = rii {
        nl.push_str(&format!(
            "; RII {}{} = SII / bevolkingsgewogen gemiddelde {}",
            getal_nl(r.waarde, 3),
            iv_nl(r, 3),
            getal_nl(gem, 2)
        ));
        en.push_str(&format!(
            "; RII {}{} = SII / population-weighted mean {}",
            getal_en(r.waarde, 3),
            iv_en(r, 3),
            getal_en(gem, 2)
        ));
    }
    match bron {
        Some(Intervalbron::Groepsstandaardfouten) => {
            nl.push_str("; intervallen uit de standaardfouten van de groepen (normaal verdeeld, gesloten vorm in plaats van simulatie), voor de RII volgens Fieller");
            en.push_str("; intervals from the groups' standard errors (normal, closed form instead of simulation), for the RII by Fieller's theorem");
        }
        Some(Intervalbron::Regressie) => {
            nl.push_str(&format!("; intervallen uit de residuen van de regressie (t-verdeling, {} vrijheidsgraden), voor de RII volgens Fieller", k - 2));
            en.push_str(&format!("; intervals from the regression residuals (t distribution, {} degrees of freedom), for the RII by Fieller's theorem", k - 2));
        }
        None => {
            nl.push_str("; geen interval: twee groepen zonder standaardfouten");
            en.push_str("; no interval: two groups without standard errors");
        }
    }
    Tweetalig::new(nl, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// OHID/PHE's published test data for `PHEindicatormethods::phe_sii`
    /// (ukhsa-collaboration/PHEindicatormethods, tests/testthat/testdata_SII.xlsx, records
    /// 1–10 "area1" and 11–20 "area2", "default (e.g. life expectancy)", deciles, 95 %;
    /// the same numbers as in the `phe_sii` documentation example). The expected values
    /// come from OHID's Excel SII tool: SII exact, the interval by simulation with 100 000
    /// repetitions (so our closed form agrees to simulation error, ±0,05).
    // The numbers are copied digit for digit as published, so that they can be found again.
    #[allow(clippy::excessive_precision)]
    fn ohid(area: u8) -> (Vec<SesGroep>, f64, f64, f64, f64, f64, f64) {
        let (pop, val, se): (&[f64], &[f64], &[f64]) = if area == 1 {
            (
                &[
                    7291., 7997., 6105., 7666., 5790., 6934., 5918., 5974., 7147., 7534.,
                ],
                &[
                    75.933459010308098,
                    78.344238272784295,
                    83.836063104165405,
                    83.637539966493094,
                    80.465503152955904,
                    81.115675985702197,
                    81.693083571856207,
                    84.190006206098701,
                    80.595564108147201,
                    86.289434957862397,
                ],
                &[
                    1.6384724263585451,
                    1.578192884542907,
                    1.5134355059640296,
                    1.7754906175801293,
                    1.7013390591981388,
                    1.5641210737675499,
                    1.3681148366878566,
                    1.4001418005940802,
                    2.4328463975781616,
                    1.5665181695934678,
                ],
            )
        } else {
            (
                &[
                    21675., 20065., 19750., 24713., 20112., 19618., 22408., 19752., 18939., 19312.,
                ],
                &[
                    70.548531859999997,
                    71.571557339999998,
                    72.486986709999996,
                    73.519855190000001,
                    73.146054250000006,
                    76.158987120000006,
                    78.654448709999997,
                    80.564769609999999,
                    80.854866270000002,
                    79.971125299999997,
                ],
                &[
                    0.22959183673469533,
                    0.25980680102040948,
                    0.29923808418367348,
                    0.16075122704081746,
                    0.79182289540816175,
                    0.77831961224489843,
                    0.39937532908163315,
                    0.27939550765306059,
                    0.22959183673469533,
                    0.35175375000000292,
                ],
            )
        };
        let groepen = (0..10)
            .map(|i| SesGroep::new(&format!("deciel {}", i + 1), pop[i], val[i]).met_se(se[i]))
            .collect();
        // (groups, sii, sii lower, sii upper, OHID rii, rii lower, rii upper)
        if area == 1 {
            (
                groepen,
                6.9346164736688189,
                3.1275946176508169,
                10.7586873680794,
                1.0888180804446217,
                1.0383690591642838,
                1.1412993360251238,
            )
        } else {
            (
                groepen,
                12.547846636351798,
                11.936156426792138,
                13.163020132396579,
                1.180885620848795,
                1.1713706914325628,
                1.1904396357244886,
            )
        }
    }

    #[test]
    fn sii_matches_ohids_published_test_data() {
        for area in [1, 2] {
            let (groepen, sii, lo, hi, rii, rlo, rhi) = ohid(area);
            let o = ongelijkheid(&groepen, Zekerheid::P95).unwrap();
            assert!(
                (o.sii.waarde - sii).abs() < 1e-9,
                "area{area}: {}",
                o.sii.waarde
            );
            let iv = o.sii.interval.unwrap();
            assert!((iv.onder - lo).abs() < 0.05, "area{area}: {iv:?}");
            assert!((iv.boven - hi).abs() < 0.05, "area{area}: {iv:?}");
            let u = o.verhouding_uitersten.unwrap();
            assert!((u.waarde - rii).abs() < 1e-9, "area{area}: {u:?}");
            let ui = u.interval.unwrap();
            assert!((ui.onder - rlo).abs() < 1e-3, "area{area}: {ui:?}");
            assert!((ui.boven - rhi).abs() < 1e-3, "area{area}: {ui:?}");
            assert_eq!(o.intervalbron, Some(Intervalbron::Groepsstandaardfouten));
        }
        // Our closed form for area1 (Python below): 3,0899–10,7793; RII (SII / mean
        // 81,5439) = 0,085041, Fieller 0,037931–0,132079.
        let o = ongelijkheid(&ohid(1).0, Zekerheid::P95).unwrap();
        let iv = o.sii.interval.unwrap();
        assert!((iv.onder - 3.089_895).abs() < 1e-5 && (iv.boven - 10.779_338).abs() < 1e-5);
        assert!((o.gemiddelde - 81.543_939).abs() < 1e-5);
        let r = o.rii.unwrap();
        assert!((r.waarde - 0.085_041).abs() < 1e-6);
        let ri = r.interval.unwrap();
        assert!((ri.onder - 0.037_931).abs() < 1e-5 && (ri.boven - 0.132_079).abs() < 1e-5);
    }

    #[test]
    #[allow(clippy::excessive_precision)] // as published
    fn sii_at_99_percent_matches_ohid() {
        // Records 21–30: area1 at 99 %, published 1,9243–11,9921 (simulated);
        // closed form 1,8818–11,9874.
        let (groepen, ..) = ohid(1);
        let o = ongelijkheid(&groepen, Zekerheid::new(99.0).unwrap()).unwrap();
        let iv = o.sii.interval.unwrap();
        assert!((iv.onder - 1.924_327_443_739_111_6).abs() < 0.05, "{iv:?}");
        assert!((iv.boven - 11.992_084_038_002_79).abs() < 0.05, "{iv:?}");
    }

    #[test]
    fn three_equal_groups_by_hand() {
        // Shares 1/3 each, values 10, 14, 15; ridits 1/6, 1/2, 5/6, x̄ = 1/2.
        // Sxx = (1/3)(1/9 + 0 + 1/9) = 2/27; Sxy = (1/3)((−1/3)(−3) + (1/3)(2)) = 5/9;
        // SII = (5/9) / (2/27) = 7,5. Mean 13; RII = 7,5 / 13 = 0,576923.
        // Fitted 10,5 13 15,5; residuals −0,5 1 −0,5; σ² = (1/3)(0,25 + 1 + 0,25) / 1 = 0,5;
        // var(SII) = σ² / Sxx = 6,75, se = 2,598076; t(0,975; 1) = 12,706205;
        // interval 7,5 ± 33,011 = −25,511–40,511. RII: the mean's variance is σ² = 0,5
        // (se 0,707), 13 / 0,707 > 12,7, so Fieller gives a bounded interval.
        let g = [
            SesGroep::new("laag", 1.0, 10.0),
            SesGroep::new("midden", 1.0, 14.0),
            SesGroep::new("hoog", 1.0, 15.0),
        ];
        let o = ongelijkheid(&g, Zekerheid::P95).unwrap();
        assert!((o.sii.waarde - 7.5).abs() < 1e-12);
        assert!((o.ridits[0] - 1.0 / 6.0).abs() < 1e-12);
        assert!((o.ridits[2] - 5.0 / 6.0).abs() < 1e-12);
        assert!((o.gemiddelde - 13.0).abs() < 1e-12);
        assert!((o.rii.unwrap().waarde - 7.5 / 13.0).abs() < 1e-12);
        let iv = o.sii.interval.unwrap();
        assert!(
            (iv.onder + 25.511).abs() < 1e-3 && (iv.boven - 40.511).abs() < 1e-3,
            "{iv:?}"
        );
        assert_eq!(o.intervalbron, Some(Intervalbron::Regressie));
        assert!(o.rii.unwrap().interval.is_some());
        assert_eq!(o.laagste, "laag");
        assert_eq!(o.hoogste, "hoog");
        assert!((o.verschil.waarde - 5.0).abs() < 1e-12);
        assert!((o.verhouding.unwrap().waarde - 1.5).abs() < 1e-12);
        assert!(o.verschil.interval.is_none());
        assert!(o
            .toelichting
            .nl
            .starts_with("SII 7,50 (95 % −25,51–40,51): gewogen regressie"));
    }

    #[test]
    fn the_gap_has_an_interval_when_both_ends_have_standard_errors() {
        // Hand-derived: 70 (se 0,3) and 80 (se 0,4): difference 10 ± 1,959964 × 0,5 =
        // 9,020–10,980; ratio 80/70 = 1,142857, se(ln) = √((0,4/80)² + (0,3/70)²) =
        // 0,0065854, so exp(ln 1,142857 ± 0,012907) = 1,128200–1,157704.
        let g = [
            SesGroep::new("laag", 30.0, 70.0).met_se(0.3),
            SesGroep::new("midden", 40.0, 76.0),
            SesGroep::new("hoog", 30.0, 80.0).met_se(0.4),
        ];
        let o = ongelijkheid(&g, Zekerheid::P95).unwrap();
        let d = o.verschil.interval.unwrap();
        assert!((d.onder - 9.020_018).abs() < 1e-5 && (d.boven - 10.979_982).abs() < 1e-5);
        let r = o.verhouding.unwrap().interval.unwrap();
        assert!((r.onder - 1.128_200).abs() < 1e-5, "{r:?}");
        assert!((r.boven - 1.157_704).abs() < 1e-5, "{r:?}");
        // Not every group has a standard error: the SII interval comes from the residuals.
        assert_eq!(o.intervalbron, Some(Intervalbron::Regressie));
    }

    #[test]
    fn two_groups_without_standard_errors_have_no_interval() {
        let g = [
            SesGroep::new("laag", 1.0, 10.0),
            SesGroep::new("hoog", 1.0, 12.0),
        ];
        let o = ongelijkheid(&g, Zekerheid::P95).unwrap();
        // Ridits 0,25 and 0,75: the line through both points has slope 2 / 0,5 = 4.
        assert!((o.sii.waarde - 4.0).abs() < 1e-12);
        assert!(o.sii.interval.is_none());
        assert_eq!(o.intervalbron, None);
    }

    #[test]
    fn bad_input_is_an_error() {
        let z = Zekerheid::P95;
        assert!(ongelijkheid(&[], z).is_err());
        assert!(ongelijkheid(&[SesGroep::new("a", 1.0, 1.0)], z).is_err());
        let g = |a: f64, v: f64| vec![SesGroep::new("a", a, 1.0), SesGroep::new("b", 1.0, v)];
        assert!(ongelijkheid(&g(0.0, 2.0), z).is_err());
        assert!(ongelijkheid(&g(-1.0, 2.0), z).is_err());
        assert!(ongelijkheid(&g(f64::NAN, 2.0), z).is_err());
        assert!(ongelijkheid(&g(1.0, f64::NAN), z).is_err());
        let mut h = g(1.0, 2.0);
        h[0].se = Some(-0.1);
        assert!(ongelijkheid(&h, z).is_err());
    }

    proptest! {
        #[test]
        fn sii_of_a_straight_gradient_is_the_gradient(
            aandelen in proptest::collection::vec(0.01f64..10.0, 2..12),
            a in -50.0f64..50.0, g in -20.0f64..20.0
        ) {
            // Values exactly on a + g · ridit: the SII is g whatever the shares.
            let totaal: f64 = aandelen.iter().sum();
            let mut cum = 0.0;
            let groepen: Vec<SesGroep> = aandelen.iter().enumerate().map(|(i, s)| {
                let r = (cum + s / 2.0) / totaal;
                cum += s;
                SesGroep::new(&i.to_string(), *s, a + g * r)
            }).collect();
            let o = ongelijkheid(&groepen, Zekerheid::P95).unwrap();
            prop_assert!((o.sii.waarde - g).abs() < 1e-8, "{} vs {}", o.sii.waarde, g);
        }

        #[test]
        fn reversing_the_order_flips_the_sign(
            groepen in proptest::collection::vec((0.01f64..10.0, -50.0f64..50.0), 2..12)
        ) {
            let v: Vec<SesGroep> = groepen.iter().map(|&(s, y)| SesGroep::new("g", s, y)).collect();
            let mut r = v.clone();
            r.reverse();
            let a = ongelijkheid(&v, Zekerheid::P95).unwrap();
            let b = ongelijkheid(&r, Zekerheid::P95).unwrap();
            prop_assert!((a.sii.waarde + b.sii.waarde).abs() < 1e-8);
        }

        #[test]
        fn the_sii_interval_contains_the_sii(
            groepen in proptest::collection::vec((0.01f64..10.0, -50.0f64..50.0, 0.01f64..5.0), 2..12)
        ) {
            let v: Vec<SesGroep> = groepen.iter().map(|&(s, y, se)| SesGroep::new("g", s, y).met_se(se)).collect();
            let o = ongelijkheid(&v, Zekerheid::P95).unwrap();
            let iv = o.sii.interval.unwrap();
            prop_assert!(iv.onder <= o.sii.waarde && o.sii.waarde <= iv.boven);
        }
    }

    // The independent check of the closed-form numbers above (Python 3, standard library):
    //
    // import math
    // from statistics import NormalDist
    // def sii(pop, y, se, conf=0.95):
    //     W = sum(pop); w = [p / W for p in pop]
    //     cum = 0; x = []
    //     for wi in w: x.append(cum + wi / 2); cum += wi
    //     xb = sum(a * b for a, b in zip(w, x)); yb = sum(a * b for a, b in zip(w, y))
    //     sxx = sum(wi * (xi - xb) ** 2 for wi, xi in zip(w, x))
    //     c = [wi * (xi - xb) / sxx for wi, xi in zip(w, x)]
    //     b = sum(ci * yi for ci, yi in zip(c, y))
    //     z = NormalDist().inv_cdf(1 - (1 - conf) / 2); v = [s * s for s in se]
    //     cov = lambda p, q: sum(pi * qi * vi for pi, qi, vi in zip(p, q, v))
    //     def fieller(n, d):
    //         N = sum(a * b for a, b in zip(n, y)); D = sum(a * b for a, b in zip(d, y))
    //         A = D * D - z * z * cov(d, d); B = N * D - z * z * cov(n, d); C = N * N - z * z * cov(n, n)
    //         r = math.sqrt(B * B - A * C)
    //         return N / D, (B - r) / A, (B + r) / A
    //     c0 = [m - ci * xb for m, ci in zip(w, c)]; c1 = [a + ci for a, ci in zip(c0, c)]
    //     sb = math.sqrt(cov(c, c))
    //     return b, b - z * sb, b + z * sb, yb, fieller(c, w), fieller(c1, c0)
    // # area1 of testdata_SII.xlsx (values as in ohid(1) above)
    // # -> (6.934616473668768, 3.089895143863713, 10.779337803473824, 81.54393901915111,
    // #     (0.0850414703665484, 0.03793069907745575, 0.13207933523679605),
    // #     (1.0888180804446208, 1.0386639748755297, 1.1414185706367106))
    // # at conf=0.99: 1.8817961446179856, 11.98743680271955
}
