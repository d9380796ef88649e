//! Healthy life expectancy by the Sullivan method: the person-years of a period life table
//! split by the prevalence of good health in each age band.
//!
//! The standard error is the sampling error of the prevalences (Jagger et al., "Health
//! expectancy calculation by the Sullivan method: a practical guide", and Hauet's earlier
//! guide for Euro-REVES): Var(HLE_x) = sum_{i>=x} L_i^2 p_i (1 - p_i) / N_i / l_x^2.
//! The life table is treated as fixed, as those guides do.

use crate::{IndicatorError, Levenstabel};

/// Prevalence of good health in one age band and the number of people it was measured on
/// (`None` when only the proportion is known: no standard error then).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gezondheid {
    pub prevalence: f64,
    pub sample: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gezondheidsverwachting {
    /// Healthy person-years per band (L_i * p_i).
    pub healthy_years: Vec<f64>,
    hle: Vec<f64>,
    var: Option<Vec<f64>>,
}

impl Gezondheidsverwachting {
    pub fn compute(table: &Levenstabel, health: &[Gezondheid]) -> Result<Self, IndicatorError> {
        let lx: Vec<f64> = table.rows().iter().map(|r| r.lx).collect();
        let big_lx: Vec<f64> = table.rows().iter().map(|r| r.big_lx).collect();
        Self::from_person_years(&lx, &big_lx, health)
    }

    /// From the survivors (l_x) and person-years (L_x) of a published life table.
    pub fn from_person_years(
        lx: &[f64],
        big_lx: &[f64],
        health: &[Gezondheid],
    ) -> Result<Self, IndicatorError> {
        let n = lx.len();
        if big_lx.len() != n || health.len() != n {
            return Err(IndicatorError::methode(format!(
                "{} prevalenties voor {} leeftijdsklassen",
                health.len(),
                n
            )));
        }
        for (i, h) in health.iter().enumerate() {
            if !(0.0..=1.0).contains(&h.prevalence) {
                return Err(IndicatorError::methode(format!(
                    "leeftijdsklasse {}: prevalentie {} ligt niet tussen 0 en 1",
                    i + 1,
                    h.prevalence
                )));
            }
        }
        let healthy_years: Vec<f64> = big_lx
            .iter()
            .zip(health)
            .map(|(l, h)| l * h.prevalence)
            .collect();
        let mut hle = vec![0.0; n];
        let mut t = 0.0;
        for i in (0..n).rev() {
            t += healthy_years[i];
            hle[i] = if lx[i] > 0.0 { t / lx[i] } else { 0.0 };
        }
        let var = if health.iter().all(|h| h.sample.is_some_and(|s| s > 0.0)) {
            let mut v = vec![0.0; n];
            let mut acc = 0.0;
            for i in (0..n).rev() {
                let (p, s) = (health[i].prevalence, health[i].sample.unwrap_or(1.0));
                acc += big_lx[i] * big_lx[i] * p * (1.0 - p) / s;
                v[i] = if lx[i] > 0.0 {
                    acc / (lx[i] * lx[i])
                } else {
                    0.0
                };
            }
            Some(v)
        } else {
            None
        };
        Ok(Gezondheidsverwachting {
            healthy_years,
            hle,
            var,
        })
    }

    /// Healthy life expectancy at the start of band `i`.
    pub fn hle(&self, i: usize) -> f64 {
        self.hle[i]
    }

    pub fn hle_se(&self, i: usize) -> Option<f64> {
        self.var.as_ref().map(|v| v[i].sqrt())
    }
}
