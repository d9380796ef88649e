//! The project portfolio in SQLite, with its append-only history of changes.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value;

use gemeten_domain::{Id, Project, Wijziging};

use crate::{ProjectStore, SqliteStore, StoreError};

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
        let tx = self.conn.transaction().map_err(sql)?;
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
                log(&tx, &p.id, by, &diff(None, &after), &path)?;
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
        let tx = self.conn.transaction().map_err(sql)?;
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
    tx: &Transaction<'_>,
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
    tx: &Transaction<'_>,
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
    tx: &Transaction<'_>,
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
