//! Period life tables (abridged or single-year) with Chiang's variance of life expectancy.
//!
//! Conventions, as in the life-expectancy calculators of statistics offices (Chiang II):
//! the average time lived in the interval by those who die in it (`a`) is 0.1 year for
//! age 0 and half the width elsewhere, unless the caller gives its own; the open last band
//! lives `l / m` person-years. Standard errors follow Chiang (1984) with the term for the
//! open band proposed by Silcocks, Jenner & Reza (2001).

use crate::{IndicatorError, Leeftijdsklassen};

/// Deaths and person-years at risk in one age band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sterfte {
    pub deaths: f64,
    pub exposure: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LevenstabelRij {
    pub start: u16,
    pub width: Option<u16>,
    pub mx: f64,
    pub ax: f64,
    pub qx: f64,
    pub lx: f64,
    pub dx: f64,
    /// Person-years lived in the band (nLx).
    pub big_lx: f64,
    pub tx: f64,
    pub ex: f64,
    /// Sampling variance of qx (or of mx for the open band); `None` without counts.
    var: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Levenstabel {
    rows: Vec<LevenstabelRij>,
    /// Chiang's cumulative variance term per band: sum over i >= x of l_i^2 [...]^2 var_i.
    var_sum: Option<Vec<f64>>,
}

pub const RADIX: f64 = 100_000.0;

fn default_ax(start: u16, width: Option<u16>, mx: f64) -> f64 {
    match width {
        None => 1.0 / mx,
        Some(w) if start == 0 && w == 1 => 0.1,
        Some(w) => f64::from(w) / 2.0,
    }
}

impl Levenstabel {
    /// From observed deaths and exposure per band; gives standard errors.
    pub fn from_counts(
        bands: &Leeftijdsklassen,
        counts: &[Sterfte],
        ax: Option<&[f64]>,
    ) -> Result<Self, IndicatorError> {
        check_len(bands, counts.len(), "sterfte")?;
        let mut mx = Vec::with_capacity(counts.len());
        for (b, c) in bands.as_slice().iter().zip(counts) {
            if !(c.deaths.is_finite()
                && c.exposure.is_finite()
                && c.deaths >= 0.0
                && c.exposure >= 0.0)
            {
                return Err(IndicatorError::methode(format!(
                    "leeftijdsklasse {b}: sterfte en blootstelling moeten eindige getallen >= 0 zijn"
                )));
            }
            if c.exposure <= 0.0 {
                return Err(IndicatorError::methode(format!(
                    "leeftijdsklasse {b}: geen blootstelling (bevolking 0)"
                )));
            }
            mx.push(c.deaths / c.exposure);
        }
        let mut table = Self::from_rates(bands, &mx, ax)?;
        table.add_variance(counts);
        Ok(table)
    }

    /// From mortality rates per band; no standard errors (the counts behind them are unknown).
    pub fn from_rates(
        bands: &Leeftijdsklassen,
        mx: &[f64],
        ax: Option<&[f64]>,
    ) -> Result<Self, IndicatorError> {
        check_len(bands, mx.len(), "sterftekansen")?;
        if let Some(ax) = ax {
            check_len(bands, ax.len(), "ax")?;
        }
        let bands = bands.as_slice();
        let last = bands.len() - 1;
        if mx[last] <= 0.0 {
            return Err(IndicatorError::methode(format!(
                "de open leeftijdsklasse {} heeft geen sterfte; de levensverwachting is dan onbepaald",
                bands[last]
            )));
        }
        let mut rows: Vec<LevenstabelRij> = Vec::with_capacity(bands.len());
        let mut lx = RADIX;
        for (i, b) in bands.iter().enumerate() {
            let m = mx[i];
            if !(m.is_finite() && m >= 0.0) {
                return Err(IndicatorError::methode(format!(
                    "leeftijdsklasse {b}: sterftecijfer {m} is geen getal >= 0"
                )));
            }
            let a = ax.map_or_else(|| default_ax(b.start, b.width, m), |ax| ax[i]);
            let (q, big_l) = match b.width {
                Some(w) => {
                    let n = f64::from(w);
                    if !(0.0..=n).contains(&a) {
                        return Err(IndicatorError::methode(format!(
                            "leeftijdsklasse {b}: ax {a} ligt niet tussen 0 en {n}"
                        )));
                    }
                    let q = (n * m / (1.0 + (n - a) * m)).min(1.0);
                    let d = lx * q;
                    (q, n * (lx - d) + a * d)
                }
                None => (1.0, lx / m),
            };
            let d = lx * q;
            rows.push(LevenstabelRij {
                start: b.start,
                width: b.width,
                mx: m,
                ax: a,
                qx: q,
                lx,
                dx: d,
                big_lx: big_l,
                tx: 0.0,
                ex: 0.0,
                var: None,
            });
            lx -= d;
        }
        let mut t = 0.0;
        for r in rows.iter_mut().rev() {
            t += r.big_lx;
            r.tx = t;
            r.ex = if r.lx > 0.0 { t / r.lx } else { 0.0 };
        }
        Ok(Levenstabel {
            rows,
            var_sum: None,
        })
    }

    fn add_variance(&mut self, counts: &[Sterfte]) {
        for (r, c) in self.rows.iter_mut().zip(counts) {
            r.var = Some(match r.width {
                Some(_) if c.deaths > 0.0 => r.qx * r.qx * (1.0 - r.qx) / c.deaths,
                Some(_) => 0.0,
                None => c.deaths / (c.exposure * c.exposure),
            });
        }
        let n = self.rows.len();
        let mut sum = vec![0.0; n];
        let mut acc = 0.0;
        for i in (0..n).rev() {
            let r = &self.rows[i];
            let var = r.var.unwrap_or(0.0);
            acc += match r.width {
                Some(w) => {
                    let e_next = self.rows.get(i + 1).map_or(0.0, |x| x.ex);
                    let k = f64::from(w) - r.ax + e_next;
                    r.lx * r.lx * k * k * var
                }
                None => r.lx * r.lx / r.mx.powi(4) * var,
            };
            sum[i] = acc;
        }
        self.var_sum = Some(sum);
    }

    pub fn rows(&self) -> &[LevenstabelRij] {
        &self.rows
    }

    /// Row index of the band starting at `age`.
    pub fn index_at(&self, age: u16) -> Option<usize> {
        self.rows.iter().position(|r| r.start == age)
    }

    /// Life expectancy at the start of band `i`.
    pub fn ex(&self, i: usize) -> f64 {
        self.rows[i].ex
    }

    /// Standard error of the life expectancy at the start of band `i` (Chiang II).
    pub fn ex_se(&self, i: usize) -> Option<f64> {
        let sum = self.var_sum.as_ref()?;
        let l = self.rows[i].lx;
        Some((sum[i] / (l * l)).sqrt())
    }
}

fn check_len(bands: &Leeftijdsklassen, n: usize, what: &str) -> Result<(), IndicatorError> {
    if bands.len() != n {
        return Err(IndicatorError::methode(format!(
            "{n} waarden voor {what}, maar {} leeftijdsklassen",
            bands.len()
        )));
    }
    Ok(())
}
