//! What the statistical methods (`vergelijking`, `trendtoets`, `ongelijkheid`) share: a
//! reason in both languages, a confidence level, and numbers written the way each language
//! writes them (Dutch with a decimal comma).

use serde::Serialize;

use crate::IndicatorError;

/// The text in both languages is the domain's (one type for every crate); re-exported here so
/// the methods' callers keep their path.
pub use gemeten_domain::Tweetalig;

/// A two-sided confidence level in percent, such as 95 or 99.8 (Fingertips' two levels) or
/// 99 (as VZinfo writes "99% zeker").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Zekerheid(f64);

impl Zekerheid {
    pub const P95: Zekerheid = Zekerheid(95.0);
    pub const P99_8: Zekerheid = Zekerheid(99.8);

    /// A level strictly between 0 and 100 percent.
    pub fn new(procent: f64) -> Result<Self, IndicatorError> {
        if procent.is_finite() && procent > 0.0 && procent < 100.0 {
            Ok(Zekerheid(procent))
        } else {
            Err(IndicatorError::ongeldig(format!(
                "betrouwbaarheid {procent} % ligt niet strikt tussen 0 en 100"
            )))
        }
    }

    pub fn procent(self) -> f64 {
        self.0
    }

    /// The two-sided normal quantile: 1.960 for 95 %, 3.090 for 99.8 %.
    pub fn z(self) -> f64 {
        distrs::Normal::ppf(1.0 - (1.0 - self.0 / 100.0) / 2.0, 0.0, 1.0)
    }

    /// The two-sided Student t quantile with `df` degrees of freedom.
    pub fn t(self, df: f64) -> f64 {
        distrs::StudentsT::ppf(1.0 - (1.0 - self.0 / 100.0) / 2.0, df)
    }

    /// Two-sided significance level alpha (0.05 for 95 %).
    pub fn alfa(self) -> f64 {
        1.0 - self.0 / 100.0
    }

    /// "95 %" / "99,8 %" (Dutch puts a space before the percent sign).
    pub fn nl(self) -> String {
        format!("{} %", kort(self.0, ','))
    }

    /// "95%" / "99.8%".
    pub fn en(self) -> String {
        format!("{}%", kort(self.0, '.'))
    }
}

/// A level without trailing zeros: 95, 99.8, 99.9.
fn kort(x: f64, komma: char) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', &komma.to_string())
}

/// `x` with `decimalen` decimals and a decimal comma, minus sign U+2212 (so that it cannot
/// be mistaken for the en dash of an interval): 62,8 and −1,5.
pub fn getal_nl(x: f64, decimalen: usize) -> String {
    getal(x, decimalen).replace('.', ",")
}

/// `x` with `decimalen` decimals and a decimal point: 62.8 and −1.5.
pub fn getal_en(x: f64, decimalen: usize) -> String {
    getal(x, decimalen)
}

fn getal(x: f64, decimalen: usize) -> String {
    let s = format!("{x:.decimalen$}");
    // "-0,0" after rounding reads as a sign where there is none.
    let nul = s
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    match s.strip_prefix('-') {
        Some(rest) if !nul => format!("\u{2212}{rest}"),
        Some(rest) => rest.to_owned(),
        None => s,
    }
}

/// `x` must be a finite number; `wat` names it in the error.
pub(crate) fn eindig(wat: &str, x: f64) -> Result<f64, IndicatorError> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(IndicatorError::ongeldig(format!(
            "{wat} is geen eindig getal ({x})"
        )))
    }
}

/// A standard error must be finite and positive (zero would give an infinite weight).
pub(crate) fn standaardfout(wat: &str, se: f64) -> Result<f64, IndicatorError> {
    if se.is_finite() && se > 0.0 {
        Ok(se)
    } else {
        Err(IndicatorError::ongeldig(format!(
            "standaardfout van {wat} moet een positief eindig getal zijn ({se})"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_dutch_have_a_decimal_comma() {
        assert_eq!(getal_nl(62.84, 1), "62,8");
        assert_eq!(getal_nl(61.0, 1), "61,0");
        assert_eq!(getal_nl(-1.25, 2), "\u{2212}1,25");
        assert_eq!(getal_nl(-0.04, 1), "0,0");
        assert_eq!(getal_en(62.84, 1), "62.8");
    }

    #[test]
    fn levels_and_quantiles() {
        assert_eq!(Zekerheid::P95.nl(), "95 %");
        assert_eq!(Zekerheid::P99_8.nl(), "99,8 %");
        assert_eq!(Zekerheid::P99_8.en(), "99.8%");
        assert!((Zekerheid::P95.z() - crate::Z95).abs() < 1e-6);
        // z(0.999) = 3.090232 (standard normal table).
        assert!((Zekerheid::P99_8.z() - 3.090_232).abs() < 1e-5);
        assert!(Zekerheid::new(100.0).is_err());
        assert!(Zekerheid::new(f64::NAN).is_err());
    }
}
