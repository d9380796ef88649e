//! Observed KPI values.

use gemeten_domain::{Meetperiode, Waarneming};

use crate::db::params;
use crate::{Store, StoreError, WaarnemingStore};

const KEY_WHERE: &str = "kpi = ?1 AND period_begin = ?2 AND period_end = ?3 AND region = ?4 \
     AND sex = ?5 AND ses_dimensie = ?6 AND ses = ?7 AND age_band = ?8";

impl WaarnemingStore for Store {
    fn add_observations(&mut self, obs: &[Waarneming], replace: bool) -> Result<usize, StoreError> {
        self.unit(|| {
            if !replace {
                let exists = format!("SELECT 1 FROM waarneming WHERE {KEY_WHERE}");
                let mut clashes = Vec::new();
                for o in obs {
                    let (k, p, r, s, d, e, a) = o.key();
                    let (b, u) = (p.begin_maand(), p.eind_maand());
                    if self
                        .row(&exists, params![k, b, u, r, s, d, e, a], |_| Ok(()))?
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
                     (kpi, period_begin, period_end, region, sex, ses_dimensie, ses, age_band, \
                      value, lower, upper, source, n, significantie, publicatiestatus, \
                      synthetisch) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
                      ?16) \
                     ON CONFLICT (kpi, period_begin, period_end, region, sex, ses_dimensie, ses, \
                      age_band) DO UPDATE SET \
                     value = excluded.value, lower = excluded.lower, upper = excluded.upper, \
                     source = excluded.source, n = excluded.n, \
                     significantie = excluded.significantie, \
                     publicatiestatus = excluded.publicatiestatus, \
                     synthetisch = excluded.synthetisch, imported_at = excluded.imported_at",
                    params![
                        o.kpi.as_str(),
                        o.period.begin_maand(),
                        o.period.eind_maand(),
                        o.region.as_str(),
                        o.sex.as_str(),
                        o.ses_dimensie.as_str(),
                        o.ses.as_str(),
                        o.age_band.as_str(),
                        o.value,
                        o.lower,
                        o.upper,
                        o.source.as_str(),
                        o.n,
                        o.significantie.as_deref(),
                        o.publicatiestatus.as_deref(),
                        o.synthetisch
                    ],
                )?;
            }
            Ok(obs.len())
        })
    }

    fn observations(&self, kpi: Option<&str>) -> Result<Vec<Waarneming>, StoreError> {
        self.rows(
            "SELECT kpi, period_begin, period_end, region, sex, ses_dimensie, ses, age_band, \
             value, lower, upper, source, n, significantie, publicatiestatus, synthetisch \
             FROM waarneming WHERE kpi = coalesce(?1, kpi) \
             ORDER BY kpi, period_begin, period_end, region, sex, ses_dimensie, ses, age_band",
            params![kpi],
            |r| {
                let (begin, end): (i32, i32) = (r.get(1)?, r.get(2)?);
                let period = Meetperiode::uit_maanden(begin, end).map_err(|e| {
                    crate::db::DbError::Column {
                        index: 1,
                        reason: e.to_string(),
                    }
                })?;
                Ok(Waarneming {
                    kpi: r.get(0)?,
                    period,
                    region: r.get(3)?,
                    sex: r.get(4)?,
                    ses_dimensie: r.get(5)?,
                    ses: r.get(6)?,
                    age_band: r.get(7)?,
                    value: r.get(8)?,
                    lower: r.get(9)?,
                    upper: r.get(10)?,
                    source: r.get(11)?,
                    n: r.get(12)?,
                    significantie: r.get(13)?,
                    publicatiestatus: r.get(14)?,
                    synthetisch: r.get(15)?,
                })
            },
        )
    }
}
