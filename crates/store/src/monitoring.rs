//! Bottom-up monitoring in SQLite: activity updates (append-only, replayed into the state),
//! reporting periods, and project reports with their review events.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{params, OptionalExtension, Transaction};

use gemeten_domain::{Id, RapportStatus, Register};
use gemeten_monitoring::{
    ActiviteitStand, ActiviteitUpdate, Datum, GelogdeUpdate, OpgeslagenRapport, Periode, PeriodeId,
    Probleem, Problemen, Rapport,
};

use crate::{MonitoringStore, SqliteStore, StoreError};

/// A review decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Beoordeling {
    Goedkeuren,
    /// Reject, with the reason.
    Afwijzen(String),
}

fn refused(p: Vec<Probleem>) -> StoreError {
    StoreError::Refused(Problemen(p))
}

fn corrupt(path: &str, table: &str, reason: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        path: path.to_owned(),
        table: table.to_owned(),
        reason: reason.into(),
    }
}

fn history(
    conn: &rusqlite::Connection,
    id: Option<&Id>,
    path: &str,
) -> Result<Vec<(Id, GelogdeUpdate)>, StoreError> {
    let sql = |source| StoreError::Sql {
        path: path.to_owned(),
        source,
    };
    let mut stmt = conn
        .prepare(
            "SELECT activiteit, at, by, record FROM activiteit_update \
             WHERE ?1 IS NULL OR activiteit = ?1 ORDER BY seq",
        )
        .map_err(sql)?;
    let rows = stmt
        .query_map(params![id.map(Id::as_str)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(sql)?;
    let mut out = Vec::new();
    for row in rows {
        let (a, at, by, json) = row.map_err(sql)?;
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
    tx: &Transaction<'_>,
    project: &str,
    period: &str,
    path: &str,
) -> Result<Option<(i64, RapportStatus)>, StoreError> {
    let row: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, status FROM rapportage \
             WHERE project = ?1 AND period = ?2 AND replaced_by IS NULL",
            params![project, period],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(|source| StoreError::Sql {
            path: path.to_owned(),
            source,
        })?;
    row.map(|(id, s)| {
        s.parse::<RapportStatus>()
            .map(|s| (id, s))
            .map_err(|e| corrupt(path, "rapportage", e.to_string()))
    })
    .transpose()
}

impl MonitoringStore for SqliteStore {
    fn activity_history(&self, id: &Id) -> Result<Vec<GelogdeUpdate>, StoreError> {
        Ok(history(&self.conn, Some(id), &self.path)?
            .into_iter()
            .map(|(_, h)| h)
            .collect())
    }

    fn activity_states(&self) -> Result<BTreeMap<Id, ActiviteitStand>, StoreError> {
        let mut by: BTreeMap<Id, Vec<GelogdeUpdate>> = BTreeMap::new();
        for (a, h) in history(&self.conn, None, &self.path)? {
            by.entry(a).or_default().push(h);
        }
        Ok(by
            .into_iter()
            .map(|(a, h)| (a.clone(), ActiviteitStand::replay(a, h)))
            .collect())
    }

    fn update_activity(
        &mut self,
        register: &Register,
        id: &Id,
        update: &ActiviteitUpdate,
        by: &str,
    ) -> Result<ActiviteitStand, StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        let Some(activiteit) = register.parts().activiteit.iter().find(|a| &a.id == id) else {
            return Err(StoreError::NotFound {
                path,
                what: format!("activiteit '{id}'"),
            });
        };
        let tx = self.conn.transaction().map_err(sql)?;
        let past = history(&tx, Some(id), &path)?
            .into_iter()
            .map(|(_, h)| h)
            .collect();
        let mut stand = ActiviteitStand::replay(id.clone(), past);
        stand.check(activiteit, register, update).map_err(refused)?;
        let json = serde_json::to_string(update)
            .map_err(|e| corrupt(&path, "activiteit_update", e.to_string()))?;
        tx.execute(
            "INSERT INTO activiteit_update (activiteit, by, status, owner, period, record) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id.as_str(),
                by,
                update.status.map(|s| s.code()),
                update.owner.as_ref().map(Id::as_str),
                update.period.as_ref().map(PeriodeId::as_str),
                json
            ],
        )
        .map_err(sql)?;
        let at: String = tx
            .query_row(
                "SELECT at FROM activiteit_update WHERE seq = last_insert_rowid()",
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        tx.commit().map_err(sql)?;
        stand.apply_unchecked(GelogdeUpdate {
            by: by.to_owned(),
            at,
            update: update.clone(),
        });
        Ok(stand)
    }

    fn add_period(&mut self, p: &Periode) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(sql)?;
        let exists: bool = tx
            .query_row(
                "SELECT count(*) > 0 FROM rapportageperiode WHERE id = ?1",
                params![p.id.as_str()],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if exists {
            return Err(refused(vec![Probleem::new(
                format!("periode {}", p.id),
                "",
                "exists already",
            )]));
        }
        tx.execute(
            "INSERT INTO rapportageperiode (id, due, closed) VALUES (?1, ?2, ?3)",
            params![p.id.as_str(), p.due.to_string(), p.closed],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    fn close_period(&mut self, id: &PeriodeId) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute(
                "UPDATE rapportageperiode SET closed = 1 WHERE id = ?1",
                params![id.as_str()],
            )
            .map_err(self.sql())?;
        if n == 0 {
            return Err(StoreError::NotFound {
                path: self.path.clone(),
                what: format!("periode '{id}'"),
            });
        }
        Ok(())
    }

    fn periods(&self) -> Result<Vec<Periode>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, due, closed FROM rapportageperiode ORDER BY id")
            .map_err(self.sql())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })
            .map_err(self.sql())?;
        let mut out = Vec::new();
        for row in rows {
            let (id, due, closed) = row.map_err(self.sql())?;
            let bad = |e: gemeten_domain::DomainError| {
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

    fn submit_reports(
        &mut self,
        reports: &[(String, Rapport)],
        by: &str,
        on: Datum,
        replace: bool,
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(sql)?;
        let periods: BTreeMap<String, bool> = {
            let mut stmt = tx
                .prepare("SELECT id, closed FROM rapportageperiode")
                .map_err(sql)?;
            let m = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))
                .map_err(sql)?
                .collect::<Result<_, _>>()
                .map_err(sql)?;
            m
        };
        let projects: HashSet<String> = {
            let mut stmt = tx.prepare("SELECT id FROM project").map_err(sql)?;
            let s = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(sql)?
                .collect::<Result<_, _>>()
                .map_err(sql)?;
            s
        };
        let mut problems = Vec::new();
        let mut in_batch = HashSet::new();
        let mut to_replace = Vec::new();
        for (rec, r) in reports {
            let (project, period) = (r.project.as_str(), r.period.as_str());
            if !projects.contains(project) {
                problems.push(Probleem::new(
                    rec,
                    "project",
                    format!("no project '{project}' in the portfolio (gemeten projects import)"),
                ));
            }
            match periods.get(period) {
                None => problems.push(Probleem::new(
                    rec,
                    "period",
                    format!(
                        "no reporting period '{period}' (gemeten reports period add {period} --due …)"
                    ),
                )),
                Some(true) => problems.push(Probleem::new(
                    rec,
                    "period",
                    format!("period '{period}' is closed; it takes no more reports"),
                )),
                Some(false) => {}
            }
            if !in_batch.insert((project, period)) {
                problems.push(Probleem::new(
                    rec,
                    "project",
                    format!("a second report of '{project}' for {period} in the same input"),
                ));
            }
            match live_report(&tx, project, period, &path)? {
                None => to_replace.push(None),
                Some((id, RapportStatus::Afgewezen)) if replace => to_replace.push(Some(id)),
                Some((_, status)) => {
                    let how = if status == RapportStatus::Afgewezen {
                        "; it was rejected: submit again with --replace to replace it"
                    } else {
                        "; only a rejected report can be replaced"
                    };
                    problems.push(Probleem::new(
                        rec,
                        "project",
                        format!(
                            "'{project}' already reported for {period} (status {}){how}",
                            status.code()
                        ),
                    ));
                    to_replace.push(None);
                }
            }
        }
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        for ((_, r), old) in reports.iter().zip(to_replace) {
            let json = serde_json::to_string(r)
                .map_err(|e| corrupt(&path, "rapportage", e.to_string()))?;
            tx.execute(
                "INSERT INTO rapportage (project, period, version, submitted_on, submitted_by, \
                 record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    r.project.as_str(),
                    r.period.as_str(),
                    r.version,
                    on.to_string(),
                    by,
                    json
                ],
            )
            .map_err(sql)?;
            let new = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO rapportage_gebeurtenis (rapportage, by, event) VALUES (?1, ?2, 'ingediend')",
                params![new, by],
            )
            .map_err(sql)?;
            if let Some(old) = old {
                tx.execute(
                    "UPDATE rapportage SET replaced_by = ?2 WHERE id = ?1",
                    params![old, new],
                )
                .map_err(sql)?;
                tx.execute(
                    "INSERT INTO rapportage_gebeurtenis (rapportage, by, event) VALUES (?1, ?2, 'vervangen')",
                    params![old, by],
                )
                .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(reports.len())
    }

    fn review_report(
        &mut self,
        project: &Id,
        period: &PeriodeId,
        decision: &Beoordeling,
        by: &str,
    ) -> Result<RapportStatus, StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(sql)?;
        let rec = format!("rapportage ({project}, {period})");
        let Some((id, status)) = live_report(&tx, project.as_str(), period.as_str(), &path)? else {
            return Err(StoreError::NotFound { path, what: rec });
        };
        if status != RapportStatus::Ingediend {
            return Err(refused(vec![Probleem::new(
                rec,
                "status",
                format!(
                    "already {}; only a submitted report is reviewed",
                    status.code()
                ),
            )]));
        }
        let (new, reason) = match decision {
            Beoordeling::Goedkeuren => (RapportStatus::Goedgekeurd, None),
            Beoordeling::Afwijzen(r) if r.trim().is_empty() => {
                return Err(refused(vec![Probleem::new(
                    rec,
                    "reason",
                    "a rejection needs a reason",
                )]))
            }
            Beoordeling::Afwijzen(r) => (RapportStatus::Afgewezen, Some(r.as_str())),
        };
        tx.execute(
            "UPDATE rapportage SET status = ?2, reason = ?3, reviewed_by = ?4 WHERE id = ?1",
            params![id, new.code(), reason, by],
        )
        .map_err(sql)?;
        tx.execute(
            "INSERT INTO rapportage_gebeurtenis (rapportage, by, event, reason) VALUES (?1, ?2, ?3, ?4)",
            params![id, by, new.code(), reason],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(new)
    }

    fn reports(&self, period: Option<&PeriodeId>) -> Result<Vec<OpgeslagenRapport>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT record, status, submitted_on, submitted_by, reason, reviewed_by, \
                 replaced_by IS NOT NULL FROM rapportage \
                 WHERE ?1 IS NULL OR period = ?1 ORDER BY period, project, id",
            )
            .map_err(self.sql())?;
        let rows = stmt
            .query_map(params![period.map(PeriodeId::as_str)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, bool>(6)?,
                ))
            })
            .map_err(self.sql())?;
        let mut out = Vec::new();
        for row in rows {
            let (json, status, on, by, reason, reviewed_by, replaced) = row.map_err(self.sql())?;
            let bad = |e: String| corrupt(&self.path, "rapportage", e);
            out.push(OpgeslagenRapport {
                rapport: serde_json::from_str(&json).map_err(|e| bad(e.to_string()))?,
                status: status
                    .parse()
                    .map_err(|e: gemeten_domain::DomainError| bad(e.to_string()))?,
                submitted_on: on
                    .parse()
                    .map_err(|e: gemeten_domain::DomainError| bad(e.to_string()))?,
                submitted_by: by,
                reason,
                reviewed_by,
                replaced,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProjectStore;

    fn id(s: &str) -> Id {
        s.parse().unwrap()
    }

    fn rapport(project: &str, period: &str) -> Rapport {
        serde_json::from_value(serde_json::json!({
            "project": project, "period": period, "version": 1, "public_eur": 10, "private_eur": 5,
            "in_kind_eur": 0, "fte": 1.0, "partners": {"mkb": 1}, "missions": ["II"],
            "trl_start": 3, "trl_now": 4,
            "outputs": {"publications": 0, "products": 0, "patents": 0, "spinoffs": 0}
        }))
        .unwrap()
    }

    fn store_with_project() -> SqliteStore {
        let mut store = SqliteStore::in_memory().unwrap();
        let p: gemeten_domain::Project = serde_json::from_value(serde_json::json!({
            "id": "a", "title": "Valdetectie", "funder": "NWO", "status": "lopend"
        }))
        .unwrap();
        store.add_projects(&[p], "anna", false).unwrap();
        store
            .add_period(&Periode {
                id: "2025".parse().unwrap(),
                due: "2026-03-01".parse().unwrap(),
                closed: false,
            })
            .unwrap();
        store
    }

    fn fields(e: StoreError) -> Vec<String> {
        match e {
            StoreError::Refused(Problemen(p)) => p.iter().map(|p| p.to_string()).collect(),
            e => panic!("{e}"),
        }
    }

    #[test]
    fn activity_updates_are_checked_and_append_only() {
        let register = gemeten_interchange::reference_register().unwrap();
        let mut store = SqliteStore::in_memory().unwrap();
        let a = id("000-C-1");
        let bad = ActiviteitUpdate {
            owner: Some(id("pharos")),
            ..Default::default()
        };
        let e = fields(
            store
                .update_activity(&register, &a, &bad, "anna")
                .unwrap_err(),
        );
        assert!(e[0].contains("not among its initiators"), "{e:?}");
        assert!(store.activity_history(&a).unwrap().is_empty());
        let good = ActiviteitUpdate {
            owner: Some(id("zonmw")),
            status: Some(gemeten_domain::ActiviteitStatus::Gestart),
            ..Default::default()
        };
        let s = store.update_activity(&register, &a, &good, "anna").unwrap();
        assert_eq!(s.owner, Some(id("zonmw")));
        assert_eq!(store.activity_states().unwrap()[&a], s);
        for sql in [
            "UPDATE activiteit_update SET by = 'x'",
            "DELETE FROM activiteit_update",
        ] {
            let e = store.conn.execute(sql, []).unwrap_err();
            assert!(e.to_string().contains("append-only"), "{e}");
        }
        let e = store
            .update_activity(&register, &id("nope"), &good, "anna")
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound { .. }), "{e}");
    }

    #[test]
    fn reports_are_refused_for_unknown_projects_and_closed_or_unknown_periods() {
        let mut store = store_with_project();
        let on: Datum = "2026-01-10".parse().unwrap();
        let e = fields(
            store
                .submit_reports(
                    &[
                        ("f #1".into(), rapport("zz", "2025")),
                        ("f #2".into(), rapport("a", "2024")),
                    ],
                    "anna",
                    on,
                    false,
                )
                .unwrap_err(),
        );
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].contains("no project 'zz'") && e[1].contains("no reporting period"));
        store.close_period(&"2025".parse().unwrap()).unwrap();
        let e = fields(
            store
                .submit_reports(&[("f #1".into(), rapport("a", "2025"))], "anna", on, false)
                .unwrap_err(),
        );
        assert!(e[0].contains("is closed"), "{e:?}");
        assert!(store.reports(None).unwrap().is_empty());
    }

    #[test]
    fn duplicates_are_refused_unless_replacing_a_rejected_report() {
        let mut store = store_with_project();
        let on: Datum = "2026-01-10".parse().unwrap();
        let r = [("f #1".to_owned(), rapport("a", "2025"))];
        store.submit_reports(&r, "anna", on, false).unwrap();
        let e = fields(store.submit_reports(&r, "anna", on, false).unwrap_err());
        assert!(e[0].contains("already reported"), "{e:?}");
        let e = fields(store.submit_reports(&r, "anna", on, true).unwrap_err());
        assert!(e[0].contains("only a rejected report"), "{e:?}");
        let (p, t) = (id("a"), "2025".parse().unwrap());
        let e = fields(
            store
                .review_report(&p, &t, &Beoordeling::Afwijzen(" ".into()), "bob")
                .unwrap_err(),
        );
        assert!(e[0].contains("needs a reason"));
        store
            .review_report(
                &p,
                &t,
                &Beoordeling::Afwijzen("fte ontbreekt".into()),
                "bob",
            )
            .unwrap();
        let e = fields(store.submit_reports(&r, "anna", on, false).unwrap_err());
        assert!(e[0].contains("--replace"), "{e:?}");
        store.submit_reports(&r, "anna", on, true).unwrap();
        let all = store.reports(None).unwrap();
        assert_eq!(all.len(), 2);
        assert!(all[0].replaced && all[0].status == RapportStatus::Afgewezen);
        assert!(!all[1].replaced && all[1].status == RapportStatus::Ingediend);
        assert_eq!(
            store
                .review_report(&p, &t, &Beoordeling::Goedkeuren, "bob")
                .unwrap(),
            RapportStatus::Goedgekeurd
        );
        let e = fields(
            store
                .review_report(&p, &t, &Beoordeling::Goedkeuren, "bob")
                .unwrap_err(),
        );
        assert!(e[0].contains("already goedgekeurd"), "{e:?}");
        for sql in [
            "DELETE FROM rapportage",
            "UPDATE rapportage SET record = '{}'",
            "DELETE FROM rapportage_gebeurtenis",
        ] {
            assert!(store.conn.execute(sql, []).is_err(), "{sql}");
        }
    }
}
