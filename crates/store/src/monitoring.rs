//! Bottom-up monitoring: activity updates (append-only, replayed into the state),
//! reporting periods, and project reports with their review events.

//!
//! Records only: whether an update fits the activity and its history, and whether reports may
//! be submitted or reviewed, are rules the use cases in `gemeten-app` check inside the same
//! transaction before they call these methods.

use std::collections::BTreeMap;

use gemeten_domain::monitoring::{
    ActiviteitUpdate, Datum, GelogdeUpdate, OpgeslagenRapport, Periode, PeriodeId, Rapport,
};
use gemeten_domain::{Id, RapportStatus};

use crate::db::params;
use crate::{MonitoringStore, Store, StoreError};

/// A review decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Beoordeling {
    Goedkeuren,
    /// Reject, with the reason.
    Afwijzen(String),
}

fn corrupt(path: &str, table: &str, reason: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        path: path.to_owned(),
        table: table.to_owned(),
        reason: reason.into(),
    }
}

fn history(store: &Store, id: Option<&Id>) -> Result<Vec<(Id, GelogdeUpdate)>, StoreError> {
    let rows = store.rows(
        "SELECT activiteit, at, by, record FROM activiteit_update \
         WHERE activiteit = coalesce(?1, activiteit) ORDER BY seq",
        params![id.map(Id::as_str)],
        |r| {
            Ok((
                r.get::<String>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
            ))
        },
    )?;
    let path = store.path.as_str();
    let mut out = Vec::new();
    for (a, at, by, json) in rows {
        let update: ActiviteitUpdate = serde_json::from_str(&json)
            .map_err(|e| corrupt(path, "activiteit_update", format!("'{a}': {e}")))?;
        let a: Id = a
            .parse()
            .map_err(|e| corrupt(path, "activiteit_update", format!("{e}")))?;
        out.push((a, GelogdeUpdate { by, at, update }));
    }
    Ok(out)
}

fn live_report(
    store: &Store,
    project: &str,
    period: &str,
) -> Result<Option<(i64, RapportStatus)>, StoreError> {
    let row: Option<(i64, String)> = store.row(
        "SELECT id, status FROM rapportage \
         WHERE project = ?1 AND period = ?2 AND replaced_by IS NULL",
        params![project, period],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    row.map(|(id, s)| {
        s.parse::<RapportStatus>()
            .map(|s| (id, s))
            .map_err(|e| corrupt(&store.path, "rapportage", e.to_string()))
    })
    .transpose()
}

impl MonitoringStore for Store {
    fn activity_history(&self, id: &Id) -> Result<Vec<GelogdeUpdate>, StoreError> {
        Ok(history(self, Some(id))?
            .into_iter()
            .map(|(_, h)| h)
            .collect())
    }

    fn activity_histories(&self) -> Result<BTreeMap<Id, Vec<GelogdeUpdate>>, StoreError> {
        let mut by: BTreeMap<Id, Vec<GelogdeUpdate>> = BTreeMap::new();
        for (a, h) in history(self, None)? {
            by.entry(a).or_default().push(h);
        }
        Ok(by)
    }

    fn append_activity_update(
        &mut self,
        id: &Id,
        update: &ActiviteitUpdate,
        by: &str,
    ) -> Result<GelogdeUpdate, StoreError> {
        let json = serde_json::to_string(update)
            .map_err(|e| corrupt(&self.path, "activiteit_update", e.to_string()))?;
        let at: String = self.one(
            "INSERT INTO activiteit_update (activiteit, by, status, owner, period, record) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING at",
            params![
                id.as_str(),
                by,
                update.status.map(|s| s.code()),
                update.owner.as_ref().map(Id::as_str),
                update.period.as_ref().map(PeriodeId::as_str),
                json
            ],
        )?;
        Ok(GelogdeUpdate {
            by: by.to_owned(),
            at,
            update: update.clone(),
        })
    }

    fn add_period(&mut self, p: &Periode) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO rapportageperiode (id, due, closed) VALUES (?1, ?2, ?3)",
            params![p.id.as_str(), p.due.to_string(), p.closed],
        )?;
        Ok(())
    }

    fn close_period(&mut self, id: &PeriodeId) -> Result<(), StoreError> {
        let n = self.exec(
            "UPDATE rapportageperiode SET closed = ?2 WHERE id = ?1",
            params![id.as_str(), true],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                path: self.path.clone(),
                what: format!("periode '{id}'"),
            });
        }
        Ok(())
    }

    fn periods(&self) -> Result<Vec<Periode>, StoreError> {
        let rows = self.rows(
            "SELECT id, due, closed FROM rapportageperiode ORDER BY id",
            params![],
            |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?, r.get::<bool>(2)?)),
        )?;
        let mut out = Vec::new();
        for (id, due, closed) in rows {
            let bad = |e: gemeten_domain::Probleem| {
                corrupt(&self.path, "rapportageperiode", e.to_string())
            };
            out.push(Periode {
                id: id.parse().map_err(bad)?,
                due: due.parse().map_err(bad)?,
                closed,
            });
        }
        Ok(out)
    }

    fn report_status(
        &self,
        project: &Id,
        period: &PeriodeId,
    ) -> Result<Option<RapportStatus>, StoreError> {
        Ok(live_report(self, project.as_str(), period.as_str())?.map(|(_, s)| s))
    }

    fn submit_reports(
        &mut self,
        reports: &[Rapport],
        by: &str,
        on: Datum,
    ) -> Result<usize, StoreError> {
        self.unit(|| {
            for r in reports {
                let old = live_report(self, r.project.as_str(), r.period.as_str())?;
                let json = serde_json::to_string(r)
                    .map_err(|e| corrupt(&self.path, "rapportage", e.to_string()))?;
                let new: i64 = self.one(
                    "INSERT INTO rapportage (project, period, version, submitted_on, \
                     submitted_by, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                    params![
                        r.project.as_str(),
                        r.period.as_str(),
                        r.version,
                        on.to_string(),
                        by,
                        json
                    ],
                )?;
                self.exec(
                    "INSERT INTO rapportage_gebeurtenis (rapportage, by, event) \
                     VALUES (?1, ?2, 'ingediend')",
                    params![new, by],
                )?;
                if let Some((old, _)) = old {
                    self.exec(
                        "UPDATE rapportage SET replaced_by = ?2 WHERE id = ?1",
                        params![old, new],
                    )?;
                    self.exec(
                        "INSERT INTO rapportage_gebeurtenis (rapportage, by, event) \
                         VALUES (?1, ?2, 'vervangen')",
                        params![old, by],
                    )?;
                }
            }
            Ok(reports.len())
        })
    }

    fn review_report(
        &mut self,
        project: &Id,
        period: &PeriodeId,
        decision: &Beoordeling,
        by: &str,
    ) -> Result<RapportStatus, StoreError> {
        self.unit(|| {
            let rec = format!("rapportage ({project}, {period})");
            let Some((id, _)) = live_report(self, project.as_str(), period.as_str())? else {
                return Err(StoreError::NotFound {
                    path: self.path.clone(),
                    what: rec,
                });
            };
            let (new, reason) = match decision {
                Beoordeling::Goedkeuren => (RapportStatus::Goedgekeurd, None),
                Beoordeling::Afwijzen(r) => (RapportStatus::Afgewezen, Some(r.as_str())),
            };
            self.exec(
                "UPDATE rapportage SET status = ?2, reason = ?3, reviewed_by = ?4 WHERE id = ?1",
                params![id, new.code(), reason, by],
            )?;
            self.exec(
                "INSERT INTO rapportage_gebeurtenis (rapportage, by, event, reason) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, by, new.code(), reason],
            )?;
            Ok(new)
        })
    }

    fn reports(&self, period: Option<&PeriodeId>) -> Result<Vec<OpgeslagenRapport>, StoreError> {
        let rows = self.rows(
            "SELECT record, status, submitted_on, submitted_by, reason, reviewed_by, \
             replaced_by IS NOT NULL FROM rapportage \
             WHERE period = coalesce(?1, period) ORDER BY period, project, id",
            params![period.map(PeriodeId::as_str)],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<Option<String>>(4)?,
                    r.get::<Option<String>>(5)?,
                    r.get::<bool>(6)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for (json, status, on, by, reason, reviewed_by, replaced) in rows {
            let bad = |e: String| corrupt(&self.path, "rapportage", e);
            out.push(OpgeslagenRapport {
                rapport: serde_json::from_str(&json).map_err(|e| bad(e.to_string()))?,
                status: status
                    .parse()
                    .map_err(|e: gemeten_domain::Probleem| bad(e.to_string()))?,
                submitted_on: on
                    .parse()
                    .map_err(|e: gemeten_domain::Probleem| bad(e.to_string()))?,
                submitted_by: by,
                reason,
                reviewed_by,
                replaced,
            });
        }
        Ok(out)
    }
}
