use rusqlite::{params, OptionalExtension};

use gemeten_domain::Waarneming;

use crate::{SqliteStore, StoreError, WaarnemingStore};

const KEY_WHERE: &str =
    "kpi = ?1 AND period = ?2 AND region = ?3 AND sex = ?4 AND ses = ?5 AND age_band = ?6";

impl WaarnemingStore for SqliteStore {
    fn add_observations(&mut self, obs: &[Waarneming], replace: bool) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(sql)?;
        if !replace {
            let mut exists = tx
                .prepare(&format!("SELECT 1 FROM waarneming WHERE {KEY_WHERE}"))
                .map_err(sql)?;
            let mut clashes = obs.iter().filter_map(|o| {
                let (k, p, r, s, e, a) = o.key();
                match exists
                    .query_row(params![k, p, r, s, e, a], |_| Ok(()))
                    .optional()
                {
                    Ok(Some(())) => Some(Ok(o)),
                    Ok(None) => None,
                    Err(err) => Some(Err(err)),
                }
            });
            if let Some(first) = clashes.next() {
                let first = first.map_err(sql)?;
                let count = 1 + clashes.count();
                return Err(StoreError::Exists {
                    path: path.clone(),
                    count,
                    example: format!("{} {} {}", first.kpi, first.period, first.region),
                });
            }
        }
        {
            let mut insert = tx
                .prepare(
                    "INSERT OR REPLACE INTO waarneming \
                     (kpi, period, region, sex, ses, age_band, value, lower, upper, source, n) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .map_err(sql)?;
            for o in obs {
                insert
                    .execute(params![
                        o.kpi, o.period, o.region, o.sex, o.ses, o.age_band, o.value, o.lower,
                        o.upper, o.source, o.n
                    ])
                    .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(obs.len())
    }

    fn observations(&self, kpi: Option<&str>) -> Result<Vec<Waarneming>, StoreError> {
        let sql = |source| StoreError::Sql {
            path: self.path.clone(),
            source,
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT kpi, period, region, sex, ses, age_band, value, lower, upper, source, n \
                 FROM waarneming WHERE ?1 IS NULL OR kpi = ?1 \
                 ORDER BY kpi, period, region, sex, ses, age_band",
            )
            .map_err(sql)?;
        let rows = stmt
            .query_map(params![kpi], |r| {
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
            })
            .map_err(sql)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(period: i32, value: f64) -> Waarneming {
        Waarneming {
            kpi: "gezonde_levensverwachting".into(),
            period,
            region: "NL01".into(),
            sex: String::new(),
            ses: String::new(),
            age_band: String::new(),
            value,
            lower: None,
            upper: Some(value + 1.0),
            source: "test".into(),
            n: Some(1200),
        }
    }

    #[test]
    fn observations_round_trip_and_duplicates_are_refused_atomically() {
        let mut store = SqliteStore::in_memory().unwrap();
        assert_eq!(
            store
                .add_observations(&[obs(2019, 63.0), obs(2020, 62.5)], false)
                .unwrap(),
            2
        );
        let back = store
            .observations(Some("gezonde_levensverwachting"))
            .unwrap();
        assert_eq!(back, vec![obs(2019, 63.0), obs(2020, 62.5)]);
        // One new and one existing: refused as a whole.
        let err = store
            .add_observations(&[obs(2021, 64.0), obs(2020, 1.0)], false)
            .unwrap_err();
        assert!(matches!(err, StoreError::Exists { count: 1, .. }), "{err}");
        assert_eq!(store.observations(None).unwrap().len(), 2);
        // With replace, the value is overwritten.
        store.add_observations(&[obs(2020, 61.0)], true).unwrap();
        assert_eq!(store.observations(None).unwrap()[1].value, 61.0);
    }
}
