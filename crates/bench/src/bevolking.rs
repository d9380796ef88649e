//! A synthetic Dutch population for one year: who lives where, at what age and in which
//! income quintile, who dies and who reports good health.
//!
//! Nothing here is real data. The shape is taken to look like the Netherlands so that the
//! benchmark exercises the engine as national microdata would: the age structure follows
//! the CBS population of 1 January 2024 by sex and five-year band (rounded to thousands),
//! mortality is a Gompertz–Makeham curve calibrated to a life expectancy at birth of about
//! 80 years for men and 83 for women, and the gaps between income quintiles are of the size
//! RIVM and CBS report (some 7 years in life expectancy, 15 in healthy life expectancy).

/// Population in thousands on 1 January 2024 per five-year band (0-4, …, 95-99, 100+),
/// men then women; rounded from CBS StatLine table 7461bev.
const BEVOLKING_MAN: [f64; 21] = [
    450.0, 458.0, 497.0, 544.0, 575.0, 590.0, 580.0, 553.0, 527.0, 541.0, 628.0, 656.0, 608.0,
    524.0, 487.0, 367.0, 214.0, 104.0, 33.0, 6.0, 0.3,
];
const BEVOLKING_VROUW: [f64; 21] = [
    428.0, 436.0, 473.0, 519.0, 556.0, 577.0, 570.0, 548.0, 523.0, 540.0, 625.0, 655.0, 613.0,
    540.0, 515.0, 410.0, 271.0, 158.0, 70.0, 18.0, 1.5,
];

/// Oldest age generated; the band 100+ is spread evenly over 100..=OLDEST.
pub const OLDEST: u16 = 105;

/// Mortality hazard multipliers per income quintile (1 = lowest), mean close to 1.
pub const SES_STERFTE: [f64; 5] = [1.45, 1.18, 1.0, 0.87, 0.76];
/// Shift of the log-odds of good perceived health per income quintile.
pub const SES_GEZONDHEID: [f64; 5] = [-0.6, -0.3, 0.0, 0.2, 0.35];
/// Share of persons whose perceived health is unknown (left empty in the file).
pub const GEZONDHEID_ONBEKEND: f64 = 0.03;

pub const ZORGKANTOORREGIOS: usize = 31;

/// Mortality hazard per year at `age` for `sex` (1 man, 2 vrouw) before SES and region.
pub fn sterfte(age: u16, sex: u8) -> f64 {
    let x = f64::from(age);
    match (sex, age) {
        (1, 0) => 0.0038,
        (_, 0) => 0.0031,
        (1, _) => 0.00008 + 1.2e-5 * (0.106 * x).exp(),
        _ => 0.00008 + 0.6e-5 * (0.111 * x).exp(),
    }
}

/// Probability of reporting good perceived health.
pub fn goede_gezondheid(age: u16, ses: u8) -> f64 {
    let z = 3.1 - 0.042 * f64::from(age) + SES_GEZONDHEID[usize::from(ses - 1)];
    1.0 / (1.0 + (-z).exp())
}

/// Relative size and mortality of the 31 zorgkantoor regions: sizes between roughly
/// 250 000 and 1.4 million inhabitants, mortality within ±10 % of the national level.
pub fn regio(r: usize) -> (f64, f64) {
    let i = r as f64;
    let size = 0.25 + 1.15 * (((i * 7.0) % 31.0) / 30.0).powf(1.6);
    let mortality = 0.9 + 0.2 * (((i * 11.0) % 31.0) / 30.0);
    (size, mortality)
}

/// The 31 zorgkantoor regions' numbers (`ZK01`–`ZK33` without the merged 5 and 15).
pub const ZORGKANTOREN: [u8; ZORGKANTOORREGIOS] = [
    1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
    29, 30, 31, 32, 33,
];

/// One person's record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Persoon {
    pub age: u16,
    pub sex: u8,
    pub ses: u8,
    /// The number of a zorgkantoor region of the catalogue (`ZK01` → 1; 5 and 15 do not
    /// exist), as gemeten's definition of the `region` column has it.
    pub region: u8,
    pub exposure: f64,
    pub died: bool,
    pub good_health: Option<bool>,
}

/// Draws persons; cumulative tables make each draw a few binary searches.
pub struct Generator {
    /// Cumulative weight per (sex, age): index `(sex - 1) * (OLDEST + 1) + age`.
    sex_age: Vec<f64>,
    region_cum: Vec<f64>,
    region_mortality: Vec<f64>,
}

impl Default for Generator {
    fn default() -> Self {
        Self::new()
    }
}

impl Generator {
    pub fn new() -> Self {
        let ages = usize::from(OLDEST) + 1;
        let mut weights = vec![0.0; 2 * ages];
        for (s, table) in [BEVOLKING_MAN, BEVOLKING_VROUW].iter().enumerate() {
            for (band, &thousands) in table.iter().enumerate() {
                let first = band * 5;
                let last = if band == 20 { ages - 1 } else { first + 4 };
                let per_age = thousands / (last - first + 1) as f64;
                for w in &mut weights[s * ages + first..=s * ages + last] {
                    *w = per_age;
                }
            }
        }
        let mut regions = Vec::new();
        let mut region_mortality = Vec::new();
        for r in 0..ZORGKANTOORREGIOS {
            let (size, m) = regio(r);
            regions.push(size);
            region_mortality.push(m);
        }
        Generator {
            sex_age: cumulative(&weights),
            region_cum: cumulative(&regions),
            region_mortality,
        }
    }

    pub fn persoon(&self, rng: &mut fastrand::Rng) -> Persoon {
        let ages = usize::from(OLDEST) + 1;
        let cell = pick(&self.sex_age, rng.f64());
        let (sex, age) = ((cell / ages) as u8 + 1, (cell % ages) as u16);
        let r = pick(&self.region_cum, rng.f64());
        let ses = rng.u8(1..=5);
        let hazard =
            sterfte(age, sex) * SES_STERFTE[usize::from(ses - 1)] * self.region_mortality[r];
        let died = rng.f64() < 1.0 - (-hazard).exp();
        // The dead are at risk until they die, on average half the year.
        let exposure = if died { rng.f64() } else { 1.0 };
        let good_health = if rng.f64() < GEZONDHEID_ONBEKEND {
            None
        } else {
            Some(rng.f64() < goede_gezondheid(age, ses))
        };
        Persoon {
            age,
            sex,
            ses,
            region: ZORGKANTOREN[r],
            exposure,
            died,
            good_health,
        }
    }
}

fn cumulative(weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().sum();
    let mut acc = 0.0;
    weights
        .iter()
        .map(|w| {
            acc += w / total;
            acc
        })
        .collect()
}

/// Index of the first cumulative weight above `u` (u in [0, 1)).
fn pick(cum: &[f64], u: f64) -> usize {
    cum.partition_point(|&c| c <= u).min(cum.len() - 1)
}

/// Inhabitants of the Netherlands in the age table, for scaling.
pub fn totale_bevolking() -> f64 {
    (BEVOLKING_MAN.iter().sum::<f64>() + BEVOLKING_VROUW.iter().sum::<f64>()) * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn population_is_that_of_the_netherlands() {
        let total = totale_bevolking();
        assert!((17.8e6..18.1e6).contains(&total), "{total}");
    }

    #[test]
    fn draws_follow_the_tables() {
        let g = Generator::new();
        let mut rng = fastrand::Rng::with_seed(7);
        let n = 200_000;
        let people: Vec<Persoon> = (0..n).map(|_| g.persoon(&mut rng)).collect();
        let men = people.iter().filter(|p| p.sex == 1).count() as f64 / n as f64;
        assert!((0.48..0.52).contains(&men), "share of men {men}");
        let over_80 = people.iter().filter(|p| p.age >= 80).count() as f64 / n as f64;
        // CBS: about 5.3 % of the population is 80 or older.
        assert!((0.045..0.062).contains(&over_80), "share 80+ {over_80}");
        assert!(people.iter().all(|p| ZORGKANTOREN.contains(&p.region)));
        assert!(people.iter().all(|p| (1..=5).contains(&p.ses)));
        let deaths = people.iter().filter(|p| p.died).count() as f64 / n as f64;
        // CBS: about 170 000 deaths a year on 18 million, i.e. close to 1 %.
        assert!(
            (0.007..0.012).contains(&deaths),
            "crude death rate {deaths}"
        );
        assert!(people
            .iter()
            .all(|p| p.exposure > 0.0 || p.died && p.exposure >= 0.0));
    }

    #[test]
    fn health_falls_with_age_and_rises_with_income() {
        assert!(goede_gezondheid(20, 3) > goede_gezondheid(70, 3));
        assert!(goede_gezondheid(50, 5) > goede_gezondheid(50, 1));
        assert!(sterfte(80, 1) > sterfte(80, 2));
    }
}
