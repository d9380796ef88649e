//! Observed KPI values.

use gemeten_domain::Waarneming;

use crate::db::params;
use crate::{Store, StoreError, WaarnemingStore};

const KEY_WHERE: &str =
    "kpi = ?1 AND period = ?2 AND region = ?3 AND sex = ?4 AND ses = ?5 AND age_band = ?6";

impl WaarnemingStore for Store {
    fn add_observations(&mut self, obs: &[Waarneming], replace: bool) -> Result<usize, StoreError> {
        self.unit(|| {
            if !replace {
                let exists = format!("SELECT 1 FROM waarneming WHERE {KEY_WHERE}");
                let mut clashes = Vec::new();
                for o in obs {
                    let (k, p, r, s, e, a) = o.key();
                    if self
                        .row(&exists, params![k, p, r, s, e, a], |_| Ok(()))?
                        .is_some()
                    {
                        clashes.push(o);
                    }
                }
                if let Some(first) = clashes.first() {
                    return Err(StoreError::Exists {
                        path: self.path.clone(),
                        count: clashes.len(),
                        example: format!("{} {} {}", first.kpi, first.period, first.region),
                    });
                }
            }
            for o in obs {
                self.exec(
                    "INSERT INTO waarneming \
                     (kpi, period, region, sex, ses, age_band, value, lower, upper, source, n) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
                     ON CONFLICT (kpi, period, region, sex, ses, age_band) DO UPDATE SET \
                     value = excluded.value, lower = excluded.lower, upper = excluded.upper, \
                     source = excluded.source, n = excluded.n, imported_at = excluded.imported_at",
                    params![
                        o.kpi.as_str(),
                        o.period,
                        o.region.as_str(),
                        o.sex.as_str(),
                        o.ses.as_str(),
                        o.age_band.as_str(),
                        o.value,
                        o.lower,
                        o.upper,
                        o.source.as_str(),
                        o.n
                    ],
                )?;
            }
            Ok(obs.len())
        })
    }

    fn observations(&self, kpi: Option<&str>) -> Result<Vec<Waarneming>, StoreError> {
        self.rows(
            "SELECT kpi, period, region, sex, ses, age_band, value, lower, upper, source, n \
             FROM waarneming WHERE kpi = coalesce(?1, kpi) \
             ORDER BY kpi, period, region, sex, ses, age_band",
            params![kpi],
            |r| {
                Ok(Waarneming {
                    kpi: r.get(0)?,
                    period: r.get(1)?,
                    region: r.get(2)?,
                    sex: r.get(3)?,
                    ses: r.get(4)?,
                    age_band: r.get(5)?,
                    value: r.get(6)?,
                    lower: r.get(7)?,
                    upper: r.get(8)?,
                    source: r.get(9)?,
                    n: r.get(10)?,
                })
            },
        )
    }
}
