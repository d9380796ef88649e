//! The project portfolio in SQLite, with its append-only history of changes.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use gemeten_domain::{Id, Project, Wijziging};

use crate::{ProjectStore, SqliteStore, StoreError};

/// The `after` of the history entry that records a project's creation.
pub const CREATED: &str = "aangemaakt";

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportTelling {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
}

impl ProjectStore for SqliteStore {
    fn add_projects(
        &mut self,
        projects: &[Project],
        by: &str,
        replace: bool,
    ) -> Result<ImportTelling, StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        // A savepoint, not a transaction: it nests inside `SqliteStore::atomically`.
        let tx = self.conn.savepoint().map_err(sql)?;
        let existing: HashSet<String> = {
            let mut stmt = tx.prepare("SELECT id FROM project").map_err(sql)?;
            let ids = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(sql)?
                .collect::<Result<_, _>>()
                .map_err(sql)?;
            ids
        };
        if !replace {
            let clashes: Vec<&str> = projects
                .iter()
                .map(|p| p.id.as_str())
                .filter(|id| existing.contains(*id))
                .collect();
            if let Some(first) = clashes.first() {
                return Err(StoreError::ProjectExists {
                    path,
                    count: clashes.len(),
                    example: (*first).to_owned(),
                });
            }
        }
        let mut telling = ImportTelling::default();
        for p in projects {
            let after = record(p, &path)?;
            if existing.contains(p.id.as_str()) {
                let before = load_record(&tx, &p.id, &path)?;
                let changes = diff(before.as_ref(), &after);
                if changes.is_empty() {
                    telling.unchanged += 1;
                    continue;
                }
                write(&tx, p, &after, &path)?;
                log(&tx, &p.id, by, &changes, &path)?;
                telling.replaced += 1;
            } else {
                write(&tx, p, &after, &path)?;
                // A new project is one event; its fields are in the record itself.
                let created = [("project".to_owned(), None, Some(CREATED.to_owned()))];
                log(&tx, &p.id, by, &created, &path)?;
                telling.added += 1;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(telling)
    }

    fn update_project(&mut self, project: &Project, by: &str) -> Result<Vec<String>, StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        // A savepoint, not a transaction: it nests inside `SqliteStore::atomically`.
        let tx = self.conn.savepoint().map_err(sql)?;
        let Some(before) = load_record(&tx, &project.id, &path)? else {
            return Err(StoreError::NotFound {
                path,
                what: format!("project '{}'", project.id),
            });
        };
        let after = record(project, &path)?;
        let changes = diff(Some(&before), &after);
        if !changes.is_empty() {
            write(&tx, project, &after, &path)?;
            log(&tx, &project.id, by, &changes, &path)?;
        }
        tx.commit().map_err(sql)?;
        Ok(changes.into_iter().map(|c| c.0).collect())
    }

    fn projects(&self) -> Result<Vec<Project>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, record FROM project ORDER BY id")
            .map_err(self.sql())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(self.sql())?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row.map_err(self.sql())?;
            out.push(parse(&id, &json, &self.path)?);
        }
        Ok(out)
    }

    fn project(&self, id: &Id) -> Result<Option<Project>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT record FROM project WHERE id = ?1",
                params![id.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.sql())?;
        json.map(|j| parse(id.as_str(), &j, &self.path)).transpose()
    }

    fn history(&self, id: &Id) -> Result<Vec<Wijziging>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT at, by, field, before, after FROM project_wijziging \
                 WHERE project = ?1 ORDER BY seq",
            )
            .map_err(self.sql())?;
        let rows = stmt
            .query_map(params![id.as_str()], |r| {
                Ok(Wijziging {
                    project: id.clone(),
                    at: r.get(0)?,
                    by: r.get(1)?,
                    field: r.get(2)?,
                    before: r.get(3)?,
                    after: r.get(4)?,
                })
            })
            .map_err(self.sql())?;
        rows.collect::<Result<_, _>>().map_err(self.sql())
    }

    fn project_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM project", [], |r| r.get(0))
            .map_err(self.sql())?;
        Ok(n as usize)
    }

    fn portfolio_version(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row(
                "SELECT coalesce(max(seq), 0) FROM project_wijziging",
                [],
                |r| r.get(0),
            )
            .map_err(self.sql())?;
        Ok(n as u64)
    }
}

/// The project's canonical JSON object: its top-level fields are the unit of history.
fn record(p: &Project, path: &str) -> Result<BTreeMap<String, Value>, StoreError> {
    match serde_json::to_value(p) {
        Ok(Value::Object(m)) => Ok(m.into_iter().collect()),
        _ => Err(StoreError::Corrupt {
            path: path.to_owned(),
            table: "project".into(),
            reason: format!("project '{}' does not serialise to an object", p.id),
        }),
    }
}

fn load_record(
    tx: &Connection,
    id: &Id,
    path: &str,
) -> Result<Option<BTreeMap<String, Value>>, StoreError> {
    let json: Option<String> = tx
        .query_row(
            "SELECT record FROM project WHERE id = ?1",
            params![id.as_str()],
            |r| r.get(0),
        )
        .optional()
        .map_err(|source| StoreError::Sql {
            path: path.to_owned(),
            source,
        })?;
    json.map(|j| record(&parse(id.as_str(), &j, path)?, path))
        .transpose()
}

fn parse(id: &str, json: &str, path: &str) -> Result<Project, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        path: path.to_owned(),
        table: "project".into(),
        reason: format!("project '{id}': {e}"),
    })
}

/// Fields whose value differs: (field, before, after), values as compact JSON text.
fn diff(
    before: Option<&BTreeMap<String, Value>>,
    after: &BTreeMap<String, Value>,
) -> Vec<(String, Option<String>, Option<String>)> {
    let empty = BTreeMap::new();
    let before = before.unwrap_or(&empty);
    let fields: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    fields
        .into_iter()
        .filter_map(|f| {
            let (b, a) = (before.get(f), after.get(f));
            (b != a).then(|| (f.clone(), b.map(Value::to_string), a.map(Value::to_string)))
        })
        .collect()
}

fn write(
    tx: &Connection,
    p: &Project,
    rec: &BTreeMap<String, Value>,
    path: &str,
) -> Result<(), StoreError> {
    let sql = |source| StoreError::Sql {
        path: path.to_owned(),
        source,
    };
    let json = serde_json::to_string(rec).map_err(|e| StoreError::Corrupt {
        path: path.to_owned(),
        table: "project".into(),
        reason: e.to_string(),
    })?;
    tx.prepare_cached(
        "INSERT INTO project (id, title, funder, status, trl, record) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (id) DO UPDATE SET title = ?2, funder = ?3, status = ?4, trl = ?5, \
         record = ?6, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
    )
    .and_then(|mut s| {
        s.execute(params![
            p.id.as_str(),
            p.title.as_str(),
            p.funder.as_str(),
            p.status.code(),
            p.trl.map(|t| t.get()),
            json
        ])
    })
    .map_err(sql)?;
    tx.prepare_cached("DELETE FROM project_missie WHERE project = ?1")
        .and_then(|mut s| s.execute(params![p.id.as_str()]))
        .map_err(sql)?;
    let mut insert = tx
        .prepare_cached("INSERT INTO project_missie (project, missie) VALUES (?1, ?2)")
        .map_err(sql)?;
    for m in &p.missies {
        insert
            .execute(params![p.id.as_str(), m.code()])
            .map_err(sql)?;
    }
    Ok(())
}

fn log(
    tx: &Connection,
    id: &Id,
    by: &str,
    changes: &[(String, Option<String>, Option<String>)],
    path: &str,
) -> Result<(), StoreError> {
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO project_wijziging (project, by, field, before, after) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(|source| StoreError::Sql {
            path: path.to_owned(),
            source,
        })?;
    for (field, before, after) in changes {
        insert
            .execute(params![id.as_str(), by, field, before, after])
            .map_err(|source| StoreError::Sql {
                path: path.to_owned(),
                source,
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(id: &str, trl: i64) -> Project {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": "Valdetectie", "funder": "NWO", "status": "lopend",
            "missies": ["II", "III"], "trl": trl
        }))
        .unwrap()
    }

    #[test]
    fn import_refuses_known_ids_unless_replacing_and_logs_every_change() {
        let mut store = SqliteStore::in_memory().unwrap();
        let t = store
            .add_projects(&[project("a", 4), project("b", 5)], "anna", false)
            .unwrap();
        assert_eq!((t.added, t.replaced, t.unchanged), (2, 0, 0));

        // A second import with a known id changes nothing at all.
        let e = store
            .add_projects(&[project("c", 3), project("a", 6)], "bob", false)
            .unwrap_err();
        assert!(
            matches!(e, StoreError::ProjectExists { count: 1, .. }),
            "{e}"
        );
        assert_eq!(store.project_count().unwrap(), 2);

        let t = store
            .add_projects(&[project("a", 6), project("b", 5)], "bob", true)
            .unwrap();
        assert_eq!((t.added, t.replaced, t.unchanged), (0, 1, 1));
        let a = Id::try_from("a".to_owned()).unwrap();
        let h = store.history(&a).unwrap();
        assert_eq!(h.len(), 2, "{h:#?}");
        assert_eq!(
            (h[0].field.as_str(), h[0].after.as_deref(), h[0].by.as_str()),
            ("project", Some(CREATED), "anna")
        );
        assert_eq!(
            (
                h[1].field.as_str(),
                h[1].before.as_deref(),
                h[1].after.as_deref()
            ),
            ("trl", Some("4"), Some("6"))
        );
        assert_eq!(h[1].by, "bob");

        let mut changed = store.project(&a).unwrap().unwrap();
        changed.status = gemeten_domain::ProjectStatus::Afgerond;
        assert_eq!(store.update_project(&changed, "carla").unwrap(), ["status"]);
        assert_eq!(store.update_project(&changed, "carla").unwrap().len(), 0);
        assert_eq!(store.project(&a).unwrap().unwrap(), changed);
    }

    #[test]
    fn the_history_cannot_be_rewritten() {
        let mut store = SqliteStore::in_memory().unwrap();
        store
            .add_projects(&[project("a", 4)], "anna", false)
            .unwrap();
        let e = store
            .conn
            .execute("UPDATE project_wijziging SET by = 'mallory'", [])
            .unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        let e = store
            .conn
            .execute("DELETE FROM project_wijziging", [])
            .unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }

    #[test]
    fn atomically_undoes_every_write_when_a_later_step_fails() {
        let mut store = SqliteStore::in_memory().unwrap();
        store
            .add_projects(&[project("a", 4)], "anna", false)
            .unwrap();
        let a = Id::try_from("a".to_owned()).unwrap();
        let history_before = store.history(&a).unwrap().len();
        let r: Result<(), StoreError> = store.atomically(|s| {
            s.update_project(&project("a", 7), "bob")?;
            Err(StoreError::NotFound {
                path: ":memory:".into(),
                what: "a later step".into(),
            })
        });
        assert!(r.is_err());
        assert_eq!(store.project(&a).unwrap().unwrap().trl, project("a", 4).trl);
        assert_eq!(store.history(&a).unwrap().len(), history_before);
        // And without a failure both land.
        store
            .atomically(|s| s.update_project(&project("a", 7), "bob").map(|_| ()))
            .unwrap();
        assert_eq!(store.project(&a).unwrap().unwrap().trl, project("a", 7).trl);
    }

    #[test]
    fn updating_an_unknown_project_is_refused() {
        let mut store = SqliteStore::in_memory().unwrap();
        let e = store.update_project(&project("x", 4), "anna").unwrap_err();
        assert!(matches!(e, StoreError::NotFound { .. }), "{e}");
    }
}
