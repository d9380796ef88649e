//! The project portfolio, with its append-only history of changes.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use gemeten_domain::{Id, Project, Wijziging};

use crate::db::params;
use crate::{ProjectStore, Store, StoreError};

/// The `after` of the history entry that records a project's creation.
pub const CREATED: &str = "aangemaakt";

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportTelling {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
}

impl ProjectStore for Store {
    fn add_projects(
        &mut self,
        projects: &[Project],
        by: &str,
        replace: bool,
    ) -> Result<ImportTelling, StoreError> {
        let path = self.path.clone();
        self.unit(|| {
            let existing: HashSet<String> = self
                .rows("SELECT id FROM project", params![], |r| r.get(0))?
                .into_iter()
                .collect();
            if !replace {
                let clashes: Vec<&str> = projects
                    .iter()
                    .map(|p| p.id.as_str())
                    .filter(|id| existing.contains(*id))
                    .collect();
                if let Some(first) = clashes.first() {
                    return Err(StoreError::ProjectExists {
                        path: path.clone(),
                        count: clashes.len(),
                        example: (*first).to_owned(),
                    });
                }
            }
            let mut telling = ImportTelling::default();
            for p in projects {
                let after = record(p, &path)?;
                if existing.contains(p.id.as_str()) {
                    let before = load_record(self, &p.id)?;
                    let changes = diff(before.as_ref(), &after);
                    if changes.is_empty() {
                        telling.unchanged += 1;
                        continue;
                    }
                    write(self, p, &after)?;
                    log(self, &p.id, by, &changes)?;
                    telling.replaced += 1;
                } else {
                    write(self, p, &after)?;
                    // A new project is one event; its fields are in the record itself.
                    let created = [("project".to_owned(), None, Some(CREATED.to_owned()))];
                    log(self, &p.id, by, &created)?;
                    telling.added += 1;
                }
            }
            Ok(telling)
        })
    }

    fn update_project(&mut self, project: &Project, by: &str) -> Result<Vec<String>, StoreError> {
        self.unit(|| {
            let Some(before) = load_record(self, &project.id)? else {
                return Err(StoreError::NotFound {
                    path: self.path.clone(),
                    what: format!("project '{}'", project.id),
                });
            };
            let after = record(project, &self.path)?;
            let changes = diff(Some(&before), &after);
            if !changes.is_empty() {
                write(self, project, &after)?;
                log(self, &project.id, by, &changes)?;
            }
            Ok(changes.into_iter().map(|c| c.0).collect())
        })
    }

    fn projects(&self) -> Result<Vec<Project>, StoreError> {
        let rows = self.rows(
            "SELECT id, record FROM project ORDER BY id",
            params![],
            |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
        )?;
        rows.iter()
            .map(|(id, json)| parse(id, json, &self.path))
            .collect()
    }

    fn project(&self, id: &Id) -> Result<Option<Project>, StoreError> {
        let json: Option<String> = self.row(
            "SELECT record FROM project WHERE id = ?1",
            params![id.as_str()],
            |r| r.get(0),
        )?;
        json.map(|j| parse(id.as_str(), &j, &self.path)).transpose()
    }

    fn target_projects(&self, doel: &Id) -> Result<Vec<Project>, StoreError> {
        let rows = self.rows(
            "SELECT p.id, p.record FROM project p JOIN project_doel d ON d.project = p.id \
             WHERE d.doel = ?1 ORDER BY p.id",
            params![doel.as_str()],
            |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
        )?;
        rows.iter()
            .map(|(id, json)| parse(id, json, &self.path))
            .collect()
    }

    fn history(&self, id: &Id) -> Result<Vec<Wijziging>, StoreError> {
        self.rows(
            "SELECT at, by, field, before, after FROM project_wijziging \
             WHERE project = ?1 ORDER BY seq",
            params![id.as_str()],
            |r| {
                Ok(Wijziging {
                    project: id.clone(),
                    at: r.get(0)?,
                    by: r.get(1)?,
                    field: r.get(2)?,
                    before: r.get(3)?,
                    after: r.get(4)?,
                })
            },
        )
    }

    fn project_count(&self) -> Result<usize, StoreError> {
        Ok(self.one::<i64>("SELECT count(*) FROM project", params![])? as usize)
    }

    fn portfolio_version(&self) -> Result<u64, StoreError> {
        self.one(
            "SELECT coalesce(max(seq), 0) FROM project_wijziging",
            params![],
        )
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

fn load_record(store: &Store, id: &Id) -> Result<Option<BTreeMap<String, Value>>, StoreError> {
    let json: Option<String> = store.row(
        "SELECT record FROM project WHERE id = ?1",
        params![id.as_str()],
        |r| r.get(0),
    )?;
    json.map(|j| record(&parse(id.as_str(), &j, &store.path)?, &store.path))
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

fn write(store: &Store, p: &Project, rec: &BTreeMap<String, Value>) -> Result<(), StoreError> {
    let json = serde_json::to_string(rec).map_err(|e| StoreError::Corrupt {
        path: store.path.clone(),
        table: "project".into(),
        reason: e.to_string(),
    })?;
    store.exec(
        &format!(
            "INSERT INTO project (id, title, funder, status, trl, record) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT (id) DO UPDATE SET title = ?2, funder = ?3, status = ?4, trl = ?5, \
             record = ?6, updated_at = {}",
            store.db.now()
        ),
        params![
            p.id.as_str(),
            p.title.as_str(),
            p.funder.as_str(),
            p.status.code(),
            p.trl.map(|t| t.get()),
            json
        ],
    )?;
    store.exec(
        "DELETE FROM project_missie WHERE project = ?1",
        params![p.id.as_str()],
    )?;
    for m in &p.missies {
        store.exec(
            "INSERT INTO project_missie (project, missie) VALUES (?1, ?2)",
            params![p.id.as_str(), m.code()],
        )?;
    }
    store.exec(
        "DELETE FROM project_doel WHERE project = ?1",
        params![p.id.as_str()],
    )?;
    for d in &p.doelen {
        store.exec(
            "INSERT INTO project_doel (project, doel) VALUES (?1, ?2)",
            params![p.id.as_str(), d.as_str()],
        )?;
    }
    Ok(())
}

fn log(
    store: &Store,
    id: &Id,
    by: &str,
    changes: &[(String, Option<String>, Option<String>)],
) -> Result<(), StoreError> {
    for (field, before, after) in changes {
        store.exec(
            "INSERT INTO project_wijziging (project, by, field, before, after) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.as_str(), by, field, before.as_deref(), after.as_deref()],
        )?;
    }
    Ok(())
}
