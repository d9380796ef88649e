//! Comparison of an area's value with a benchmark (the country by default, or a chosen
//! region): beter / vergelijkbaar / slechter, at 95 % or 99.8 % confidence, following the
//! method of the UK's Fingertips profiles (OHID, "Technical guide: assessing the
//! significance of differences").
//!
//! The method, in order:
//!
//! 1. **A published significance flag is used as published.** When the source has tested
//!    the difference itself (VZinfo writes "onder, 99% zeker"), its judgement stands, at its
//!    own level; the reason names that level, also when it differs from the level asked for.
//!    The source may have tested on microdata we do not have, so we do not second-guess it.
//! 2. **Otherwise the area's confidence interval is compared with the benchmark value**
//!    (Fingertips' method): entirely above, entirely below, or containing it. The benchmark
//!    is treated as a fixed value; for the country, which contains the area and is
//!    estimated far more precisely, that is the usual and adequate approximation.
//! 3. **When the benchmark's own interval is given**, the difference of two independent
//!    estimates is tested instead: `z = (a − b) / √(se_a² + se_b²)`. Use this for a region
//!    that does *not* contain the area; for a benchmark that contains it the two estimates
//!    are positively correlated and this test is conservative (says "vergelijkbaar" too
//!    often). We never use "the two intervals overlap", which is far too conservative.
//! 4. **Without interval or flag the answer is "niet vergeleken"**, never a guess.
//!
//! Intervals are assumed to be 95 % intervals unless said otherwise. An interval at another
//! level (a 99.8 % interval from a 95 % one) is derived **assuming normality**: each half of
//! the interval is scaled by `z_new / z_old` (for 95 % → 99.8 %: 3.0902 / 1.9600 = 1.5767).
//! For a symmetric interval that is exactly `value ± z · se` with
//! `se = (upper − lower) / (2 · 1.96)`; scaling the halves separately keeps the asymmetry of
//! e.g. a Wilson or Byar interval, but it is an approximation: Fingertips computes the
//! 99.8 % interval with the indicator's own method (Wilson, Byar, ...), which can differ
//! slightly for small counts. An interval touching the benchmark counts as containing it.

use serde::Serialize;

use gemeten_domain::Richting;

use crate::uitleg::{eindig, getal_en, getal_nl, Tweetalig, Zekerheid};
use crate::IndicatorError;

/// The judgement of a comparison with a benchmark, respecting the KPI's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vergelijking {
    Beter,
    Vergelijkbaar,
    Slechter,
    /// No interval and no published test: nothing to compare with.
    NietVergeleken,
}

impl Vergelijking {
    pub fn label_nl(self) -> &'static str {
        match self {
            Vergelijking::Beter => "beter",
            Vergelijking::Vergelijkbaar => "vergelijkbaar",
            Vergelijking::Slechter => "slechter",
            Vergelijking::NietVergeleken => "niet vergeleken",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Vergelijking::Beter => "better",
            Vergelijking::Vergelijkbaar => "similar",
            Vergelijking::Slechter => "worse",
            Vergelijking::NietVergeleken => "not compared",
        }
    }
}

/// A source's own significance judgement of the area against the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GepubliceerdOordeel {
    /// Significantly higher than the benchmark ("boven").
    Hoger,
    /// Significantly lower than the benchmark ("onder").
    Lager,
    NietVerschillend,
}

impl GepubliceerdeToets {
    /// Reads a significance judgement as VZinfo writes it: "onder, 99% zeker", "boven, 95%
    /// zeker", "niet significant, 95% zeker". `None` for a text that is no judgement or names
    /// no confidence level: the level would be a guess, and the comparison then rests on the
    /// interval.
    pub fn lees(tekst: &str) -> Option<GepubliceerdeToets> {
        let t = tekst.trim().to_lowercase();
        let oordeel = if t.starts_with("onder") || t.starts_with("lager") {
            GepubliceerdOordeel::Lager
        } else if t.starts_with("boven") || t.starts_with("hoger") {
            GepubliceerdOordeel::Hoger
        } else if t.starts_with("geen verschil")
            || t.starts_with("niet significant")
            || t.starts_with("gelijk")
        {
            GepubliceerdOordeel::NietVerschillend
        } else {
            return None;
        };
        let procent = t
            .split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .filter(|w| !w.is_empty())
            .find_map(|w| w.replace(',', ".").parse::<f64>().ok())?;
        Some(GepubliceerdeToets {
            oordeel,
            zekerheid: Zekerheid::new(procent).ok()?,
        })
    }
}

#[cfg(test)]
mod lees_tests {
    use super::*;

    #[test]
    fn vzinfo_texts_read_and_others_are_not_guessed() {
        let t = GepubliceerdeToets::lees("onder, 99% zeker").unwrap();
        assert_eq!(t.oordeel, GepubliceerdOordeel::Lager);
        assert!((t.zekerheid.procent() - 99.0).abs() < 1e-12);
        let t = GepubliceerdeToets::lees("Boven, 99,8 % zeker").unwrap();
        assert_eq!(t.oordeel, GepubliceerdOordeel::Hoger);
        assert!((t.zekerheid.procent() - 99.8).abs() < 1e-12);
        let t = GepubliceerdeToets::lees("niet significant, 95% zeker").unwrap();
        assert_eq!(t.oordeel, GepubliceerdOordeel::NietVerschillend);
        assert!((t.zekerheid.procent() - 95.0).abs() < 1e-12);
        assert!(GepubliceerdeToets::lees("voorlopig").is_none());
        assert!(
            GepubliceerdeToets::lees("geen verschil").is_none(),
            "no level: not guessed"
        );
    }
}

/// A published test: its judgement and the confidence level it was made at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GepubliceerdeToets {
    pub oordeel: GepubliceerdOordeel,
    pub zekerheid: Zekerheid,
}

/// A confidence interval, lower and upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub onder: f64,
    pub boven: f64,
}

/// The area's value, with what is known of its uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meting {
    pub waarde: f64,
    pub interval: Option<Interval>,
    /// Level of `interval` (95 % unless said otherwise).
    pub interval_zekerheid: Zekerheid,
    pub gepubliceerd: Option<GepubliceerdeToets>,
}

impl Meting {
    pub fn new(waarde: f64) -> Self {
        Meting {
            waarde,
            interval: None,
            interval_zekerheid: Zekerheid::P95,
            gepubliceerd: None,
        }
    }

    /// With a 95 % interval.
    pub fn met_interval(mut self, onder: f64, boven: f64) -> Self {
        self.interval = Some(Interval { onder, boven });
        self
    }

    /// With an interval at another level.
    pub fn met_interval_op(mut self, onder: f64, boven: f64, zekerheid: Zekerheid) -> Self {
        self.interval = Some(Interval { onder, boven });
        self.interval_zekerheid = zekerheid;
        self
    }

    pub fn met_oordeel(mut self, oordeel: GepubliceerdOordeel, zekerheid: Zekerheid) -> Self {
        self.gepubliceerd = Some(GepubliceerdeToets { oordeel, zekerheid });
        self
    }
}

/// What the area is compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Benchmark {
    pub waarde: f64,
    /// The benchmark's own interval (95 % unless said otherwise); give it only for a
    /// benchmark independent of the area (see the module documentation).
    pub interval: Option<Interval>,
    pub interval_zekerheid: Zekerheid,
    /// How the reason names it: "het landelijk gemiddelde" / "the national average".
    pub naam: Tweetalig,
}

impl Benchmark {
    /// The country: the default benchmark, treated as a fixed value.
    pub fn landelijk(waarde: f64) -> Self {
        Benchmark {
            waarde,
            interval: None,
            interval_zekerheid: Zekerheid::P95,
            naam: Tweetalig::new("het landelijk gemiddelde", "the national average"),
        }
    }

    /// A chosen region, named in the reason as "de waarde van {regio}".
    pub fn regio(waarde: f64, regio: &str) -> Self {
        Benchmark {
            waarde,
            interval: None,
            interval_zekerheid: Zekerheid::P95,
            naam: Tweetalig::new(
                format!("de waarde van {regio}"),
                format!("the value for {regio}"),
            ),
        }
    }

    /// With the benchmark's 95 % interval: the difference of two independent estimates
    /// is then tested.
    pub fn met_interval(mut self, onder: f64, boven: f64) -> Self {
        self.interval = Some(Interval { onder, boven });
        self
    }
}

/// On what ground the judgement was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grondslag {
    /// The source's own test, used as published.
    Gepubliceerd,
    /// The area's interval against the benchmark value (Fingertips).
    IntervalTegenWaarde,
    /// A test of the difference of two independent estimates.
    Verschiltoets,
    /// Nothing to compare with.
    Geen,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VergelijkingUitkomst {
    pub oordeel: Vergelijking,
    pub grondslag: Grondslag,
    /// The level the judgement was made at (the published level for a published test);
    /// none when not compared.
    pub zekerheid: Option<Zekerheid>,
    /// The interval used, at `zekerheid` (the area's interval, or that of the difference).
    pub interval: Option<Interval>,
    pub reden: Tweetalig,
}

/// Where the area lies relative to the benchmark, before the direction is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ligging {
    Boven,
    Onder,
    Omvat,
}

/// Compares `meting` with `benchmark` at `zekerheid` (95 % or 99.8 % in Fingertips), where
/// `richting` says whether higher or lower is better; numbers in the reason get
/// `decimalen` decimals. Errors on NaN or infinite numbers and on an interval that does not
/// contain its own value.
pub fn vergelijk(
    meting: &Meting,
    benchmark: &Benchmark,
    richting: Richting,
    zekerheid: Zekerheid,
    decimalen: usize,
) -> Result<VergelijkingUitkomst, IndicatorError> {
    let waarde = eindig("de waarde", meting.waarde)?;
    let ref_waarde = eindig("de waarde van de benchmark", benchmark.waarde)?;
    if let Some(iv) = meting.interval {
        controleer_interval("de waarde", waarde, iv)?;
    }
    if let Some(iv) = benchmark.interval {
        controleer_interval("de benchmark", ref_waarde, iv)?;
    }
    let dec = decimalen;
    let naam = &benchmark.naam;

    if let Some(toets) = meting.gepubliceerd {
        let ligging = match toets.oordeel {
            GepubliceerdOordeel::Hoger => Ligging::Boven,
            GepubliceerdOordeel::Lager => Ligging::Onder,
            GepubliceerdOordeel::NietVerschillend => Ligging::Omvat,
        };
        let oordeel = beoordeel(ligging, richting);
        let (nl_wat, en_wat) = match toets.oordeel {
            GepubliceerdOordeel::Hoger => ("hoger dan", "higher than"),
            GepubliceerdOordeel::Lager => ("lager dan", "lower than"),
            GepubliceerdOordeel::NietVerschillend => (
                "niet significant verschillend van",
                "not significantly different from",
            ),
        };
        let mut nl = format!(
            "volgens de bron {nl_wat} {} {} ({} zeker)",
            naam.nl,
            getal_nl(ref_waarde, dec),
            toets.zekerheid.nl()
        );
        let mut en = format!(
            "according to the source {en_wat} {} {} ({} confidence)",
            naam.en,
            getal_en(ref_waarde, dec),
            toets.zekerheid.en()
        );
        if toets.zekerheid != zekerheid {
            nl.push_str(&format!(
                "; de bron toetste op {}, niet op het gevraagde {}",
                toets.zekerheid.nl(),
                zekerheid.nl()
            ));
            en.push_str(&format!(
                "; the source tested at {}, not at the requested {}",
                toets.zekerheid.en(),
                zekerheid.en()
            ));
        }
        return Ok(uitkomst(
            oordeel,
            Grondslag::Gepubliceerd,
            Some(toets.zekerheid),
            None,
            richting,
            nl,
            en,
        ));
    }

    let Some(eigen) = meting.interval else {
        return Ok(VergelijkingUitkomst {
            oordeel: Vergelijking::NietVergeleken,
            grondslag: Grondslag::Geen,
            zekerheid: None,
            interval: None,
            reden: Tweetalig::new(
                "geen betrouwbaarheidsinterval en geen gepubliceerde toets: niet vergeleken",
                "no confidence interval and no published test: not compared",
            ),
        });
    };
    let iv = herschaal(waarde, eigen, meting.interval_zekerheid, zekerheid);
    let afgeleid = (meting.interval_zekerheid != zekerheid).then(|| {
        Tweetalig::new(
            format!(
                " (afgeleid van het {}-interval via de standaardfout, normaal verdeeld verondersteld)",
                meting.interval_zekerheid.nl()
            ),
            format!(
                " (derived from the {} interval through the standard error, assuming normality)",
                meting.interval_zekerheid.en()
            ),
        )
    });
    let (afg_nl, afg_en) = afgeleid.map_or((String::new(), String::new()), |t| (t.nl, t.en));

    if let Some(ref_iv) = benchmark.interval {
        // Two independent estimates: the difference has se √(se_a² + se_b²). Each se comes
        // from its interval's mean half-width under normality.
        let se_a = (eigen.boven - eigen.onder) / (2.0 * meting.interval_zekerheid.z());
        let se_b = (ref_iv.boven - ref_iv.onder) / (2.0 * benchmark.interval_zekerheid.z());
        let verschil = waarde - ref_waarde;
        let half = zekerheid.z() * (se_a * se_a + se_b * se_b).sqrt();
        let div = Interval {
            onder: verschil - half,
            boven: verschil + half,
        };
        let ligging = ligging(div, 0.0);
        let (nl_waar, en_waar) = match ligging {
            Ligging::Boven => ("ligt geheel boven 0", "lies entirely above 0"),
            Ligging::Onder => ("ligt geheel onder 0", "lies entirely below 0"),
            Ligging::Omvat => ("omvat 0", "contains 0"),
        };
        let nl = format!(
            "verschil met {} {} is {}; het {}-interval {}–{} van het verschil {nl_waar} (onafhankelijke schattingen verondersteld)",
            naam.nl,
            getal_nl(ref_waarde, dec),
            getal_nl(verschil, dec),
            zekerheid.nl(),
            getal_nl(div.onder, dec),
            getal_nl(div.boven, dec),
        );
        let en = format!(
            "difference from {} {} is {}; the {} interval {}–{} of the difference {en_waar} (independent estimates assumed)",
            naam.en,
            getal_en(ref_waarde, dec),
            getal_en(verschil, dec),
            zekerheid.en(),
            getal_en(div.onder, dec),
            getal_en(div.boven, dec),
        );
        return Ok(uitkomst(
            beoordeel(ligging, richting),
            Grondslag::Verschiltoets,
            Some(zekerheid),
            Some(div),
            richting,
            nl,
            en,
        ));
    }

    let ligging = ligging(iv, ref_waarde);
    let (nl_waar, en_waar) = match ligging {
        Ligging::Boven => ("ligt geheel boven", "lies entirely above"),
        Ligging::Onder => ("ligt geheel onder", "lies entirely below"),
        Ligging::Omvat => ("omvat", "contains"),
    };
    let nl = format!(
        "{}-interval {}–{}{afg_nl} {nl_waar} {} {}",
        zekerheid.nl(),
        getal_nl(iv.onder, dec),
        getal_nl(iv.boven, dec),
        naam.nl,
        getal_nl(ref_waarde, dec),
    );
    let en = format!(
        "{} interval {}–{}{afg_en} {en_waar} {} {}",
        zekerheid.en(),
        getal_en(iv.onder, dec),
        getal_en(iv.boven, dec),
        naam.en,
        getal_en(ref_waarde, dec),
    );
    Ok(uitkomst(
        beoordeel(ligging, richting),
        Grondslag::IntervalTegenWaarde,
        Some(zekerheid),
        Some(iv),
        richting,
        nl,
        en,
    ))
}

/// The interval at level `naar`, from one at level `van` around `waarde`, assuming
/// normality: each half-width scaled by `z_naar / z_van`.
pub fn herschaal(waarde: f64, iv: Interval, van: Zekerheid, naar: Zekerheid) -> Interval {
    if van == naar {
        return iv;
    }
    let f = naar.z() / van.z();
    Interval {
        onder: waarde - (waarde - iv.onder) * f,
        boven: waarde + (iv.boven - waarde) * f,
    }
}

fn controleer_interval(wat: &str, waarde: f64, iv: Interval) -> Result<(), IndicatorError> {
    eindig(&format!("de ondergrens van {wat}"), iv.onder)?;
    eindig(&format!("de bovengrens van {wat}"), iv.boven)?;
    if iv.onder <= waarde && waarde <= iv.boven {
        Ok(())
    } else {
        Err(IndicatorError::ongeldig(format!(
            "het interval {}–{} van {wat} bevat de waarde {waarde} niet",
            iv.onder, iv.boven
        )))
    }
}

fn ligging(iv: Interval, referentie: f64) -> Ligging {
    if iv.onder > referentie {
        Ligging::Boven
    } else if iv.boven < referentie {
        Ligging::Onder
    } else {
        Ligging::Omvat
    }
}

fn beoordeel(ligging: Ligging, richting: Richting) -> Vergelijking {
    match (ligging, richting) {
        (Ligging::Omvat, _) => Vergelijking::Vergelijkbaar,
        (Ligging::Boven, Richting::Hoger) | (Ligging::Onder, Richting::Lager) => {
            Vergelijking::Beter
        }
        (Ligging::Boven, Richting::Lager) | (Ligging::Onder, Richting::Hoger) => {
            Vergelijking::Slechter
        }
    }
}

/// Appends the direction and the judgement to the reason: "…; hoger is beter: beter".
fn uitkomst(
    oordeel: Vergelijking,
    grondslag: Grondslag,
    zekerheid: Option<Zekerheid>,
    interval: Option<Interval>,
    richting: Richting,
    nl: String,
    en: String,
) -> VergelijkingUitkomst {
    VergelijkingUitkomst {
        oordeel,
        grondslag,
        zekerheid,
        interval,
        reden: Tweetalig::new(
            format!("{nl}; {}: {}", richting.label_nl(), oordeel.label_nl()),
            format!("{en}; {}: {}", richting.label_en(), oordeel.label_en()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(m: &Meting, b: &Benchmark, r: Richting, z: Zekerheid) -> VergelijkingUitkomst {
        vergelijk(m, b, r, z, 1).unwrap()
    }

    #[test]
    fn interval_entirely_above_the_national_average() {
        // The example of the issue: 63,3 (62,8–63,8) against 61,0, higher is better.
        let m = Meting::new(63.3).met_interval(62.8, 63.8);
        let u = v(
            &m,
            &Benchmark::landelijk(61.0),
            Richting::Hoger,
            Zekerheid::P95,
        );
        assert_eq!(u.oordeel, Vergelijking::Beter);
        assert_eq!(u.grondslag, Grondslag::IntervalTegenWaarde);
        assert_eq!(
            u.reden.nl,
            "95 %-interval 62,8–63,8 ligt geheel boven het landelijk gemiddelde 61,0; hoger is beter: beter"
        );
        assert_eq!(
            u.reden.en,
            "95% interval 62.8–63.8 lies entirely above the national average 61.0; higher is better: better"
        );
        // Lower is better: the same position is worse.
        let u = v(
            &m,
            &Benchmark::landelijk(61.0),
            Richting::Lager,
            Zekerheid::P95,
        );
        assert_eq!(u.oordeel, Vergelijking::Slechter);
    }

    #[test]
    fn the_998_interval_is_derived_from_the_95_interval() {
        // Hand-derived: 50,0 (48,0–52,0) at 95 % has se = 2,0 / 1,959964 = 1,020427;
        // at 99,8 %: half-width 3,090232 × 1,020427 = 3,153357, so 46,85–53,15.
        // Against 47,5: the 95 % interval lies above it, the 99,8 % one contains it.
        let m = Meting::new(50.0).met_interval(48.0, 52.0);
        let b = Benchmark::landelijk(47.5);
        let u95 = v(&m, &b, Richting::Hoger, Zekerheid::P95);
        assert_eq!(u95.oordeel, Vergelijking::Beter);
        let u998 = v(&m, &b, Richting::Hoger, Zekerheid::P99_8);
        assert_eq!(u998.oordeel, Vergelijking::Vergelijkbaar);
        let iv = u998.interval.unwrap();
        assert!((iv.onder - 46.846_643).abs() < 1e-5, "{iv:?}");
        assert!((iv.boven - 53.153_357).abs() < 1e-5, "{iv:?}");
        assert_eq!(
            u998.reden.nl,
            "99,8 %-interval 46,8–53,2 (afgeleid van het 95 %-interval via de standaardfout, normaal verdeeld verondersteld) omvat het landelijk gemiddelde 47,5; hoger is beter: vergelijkbaar"
        );
    }

    #[test]
    fn an_asymmetric_interval_keeps_its_asymmetry() {
        // Halves 1,0 below and 3,0 above at 95 %; at 99,8 % each × 1,576678 (= 3,090232 / 1,959964).
        let iv = herschaal(
            10.0,
            Interval {
                onder: 9.0,
                boven: 13.0,
            },
            Zekerheid::P95,
            Zekerheid::P99_8,
        );
        assert!((iv.onder - (10.0 - 1.576_678)).abs() < 1e-5);
        assert!((iv.boven - (10.0 + 3.0 * 1.576_678)).abs() < 1e-5);
    }

    #[test]
    fn a_published_flag_is_used_as_published() {
        // VZinfo style: "onder, 99% zeker", no interval at all; lower is better.
        let z99 = Zekerheid::new(99.0).unwrap();
        let m = Meting::new(14.2).met_oordeel(GepubliceerdOordeel::Lager, z99);
        let u = v(
            &m,
            &Benchmark::regio(15.1, "Utrecht"),
            Richting::Lager,
            Zekerheid::P95,
        );
        assert_eq!(u.oordeel, Vergelijking::Beter);
        assert_eq!(u.grondslag, Grondslag::Gepubliceerd);
        assert_eq!(u.zekerheid, Some(z99));
        assert_eq!(
            u.reden.nl,
            "volgens de bron lager dan de waarde van Utrecht 15,1 (99 % zeker); de bron toetste op 99 %, niet op het gevraagde 95 %; lager is beter: beter"
        );
        // The flag wins over an interval that would say otherwise: the source may have
        // tested on data we do not have.
        let m = Meting::new(14.2)
            .met_interval(13.0, 15.4)
            .met_oordeel(GepubliceerdOordeel::Lager, Zekerheid::P95);
        let u = v(
            &m,
            &Benchmark::landelijk(15.1),
            Richting::Lager,
            Zekerheid::P95,
        );
        assert_eq!(u.oordeel, Vergelijking::Beter);
        assert!(!u.reden.nl.contains("de bron toetste op"));
    }

    #[test]
    fn without_interval_or_flag_nothing_is_compared() {
        let u = v(
            &Meting::new(80.0),
            &Benchmark::landelijk(61.0),
            Richting::Hoger,
            Zekerheid::P95,
        );
        assert_eq!(u.oordeel, Vergelijking::NietVergeleken);
        assert_eq!(u.grondslag, Grondslag::Geen);
        assert_eq!(u.zekerheid, None);
    }

    #[test]
    fn a_benchmark_with_its_own_interval_tests_the_difference() {
        // Hand-derived: area 63,0 (61,04–64,96): se_a = 1,96 / 1,959964 = 1,000018;
        // region 60,0 (58,04–61,96): se_b = 1,000018. Difference 3,0 with
        // se = √2 × 1,000018 = 1,414239; 95 % half-width 1,959964 × 1,414239 = 2,771858:
        // 0,228–5,772, above 0: better. Overlapping intervals (61,04–61,96 shared) would
        // have said "similar": the overlap rule is too conservative.
        let m = Meting::new(63.0).met_interval(61.04, 64.96);
        let b = Benchmark::regio(60.0, "Zeeland").met_interval(58.04, 61.96);
        let u = v(&m, &b, Richting::Hoger, Zekerheid::P95);
        assert_eq!(u.oordeel, Vergelijking::Beter);
        assert_eq!(u.grondslag, Grondslag::Verschiltoets);
        let iv = u.interval.unwrap();
        assert!((iv.onder - 0.228_142).abs() < 1e-4, "{iv:?}");
        assert!((iv.boven - 5.771_858).abs() < 1e-4, "{iv:?}");
        // At 99,8 %: half-width 3,090232 × 1,414239 = 4,370329, so −1,37–7,37: similar.
        let u = v(&m, &b, Richting::Hoger, Zekerheid::P99_8);
        assert_eq!(u.oordeel, Vergelijking::Vergelijkbaar);
    }

    #[test]
    fn touching_the_benchmark_counts_as_containing_it() {
        let m = Meting::new(63.0).met_interval(61.0, 65.0);
        let u = v(
            &m,
            &Benchmark::landelijk(61.0),
            Richting::Hoger,
            Zekerheid::P95,
        );
        assert_eq!(u.oordeel, Vergelijking::Vergelijkbaar);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let b = Benchmark::landelijk(61.0);
        let r = Richting::Hoger;
        let z = Zekerheid::P95;
        assert!(vergelijk(&Meting::new(f64::NAN), &b, r, z, 1).is_err());
        assert!(vergelijk(
            &Meting::new(1.0),
            &Benchmark::landelijk(f64::INFINITY),
            r,
            z,
            1
        )
        .is_err());
        // The interval must contain its value.
        assert!(vergelijk(&Meting::new(70.0).met_interval(62.0, 64.0), &b, r, z, 1).is_err());
        assert!(vergelijk(&Meting::new(63.0).met_interval(f64::NAN, 64.0), &b, r, z, 1).is_err());
    }

    fn meting() -> impl Strategy<Value = (f64, f64, f64)> {
        (-100.0f64..100.0, 0.0f64..20.0, 0.0f64..20.0)
    }

    proptest! {
        #[test]
        fn swapping_direction_swaps_better_and_worse(
            (w, lo, hi) in meting(), b in -100.0f64..100.0, hoog in any::<bool>()
        ) {
            let m = Meting::new(w).met_interval(w - lo, w + hi);
            let z = if hoog { Zekerheid::P99_8 } else { Zekerheid::P95 };
            let bench = Benchmark::landelijk(b);
            let h = vergelijk(&m, &bench, Richting::Hoger, z, 1).unwrap().oordeel;
            let l = vergelijk(&m, &bench, Richting::Lager, z, 1).unwrap().oordeel;
            let verwacht = match h {
                Vergelijking::Beter => Vergelijking::Slechter,
                Vergelijking::Slechter => Vergelijking::Beter,
                o => o,
            };
            prop_assert_eq!(l, verwacht);
        }

        #[test]
        fn a_wider_interval_never_turns_similar_into_a_difference(
            (w, lo, hi) in meting(), extra_lo in 0.0f64..10.0, extra_hi in 0.0f64..10.0,
            b in -100.0f64..100.0
        ) {
            let bench = Benchmark::landelijk(b);
            let smal = Meting::new(w).met_interval(w - lo, w + hi);
            let breed = Meting::new(w).met_interval(w - lo - extra_lo, w + hi + extra_hi);
            let s = vergelijk(&smal, &bench, Richting::Hoger, Zekerheid::P95, 1).unwrap().oordeel;
            let br = vergelijk(&breed, &bench, Richting::Hoger, Zekerheid::P95, 1).unwrap().oordeel;
            if s == Vergelijking::Vergelijkbaar {
                prop_assert_eq!(br, Vergelijking::Vergelijkbaar);
            }
        }

        #[test]
        fn a_difference_at_998_is_also_one_at_95((w, lo, hi) in meting(), b in -100.0f64..100.0) {
            let bench = Benchmark::landelijk(b);
            let m = Meting::new(w).met_interval(w - lo, w + hi);
            let u95 = vergelijk(&m, &bench, Richting::Hoger, Zekerheid::P95, 1).unwrap().oordeel;
            let u998 = vergelijk(&m, &bench, Richting::Hoger, Zekerheid::P99_8, 1).unwrap().oordeel;
            if u998 != Vergelijking::Vergelijkbaar {
                prop_assert_eq!(u95, u998);
            }
        }
    }
}
