//! The project portfolio, with its append-only history of changes.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use gemeten_domain::{Id, Project, Wijziging};

use crate::db::params;
use crate::{ProjectStore, Store, StoreError};

/// Projects per part when the whole portfolio is read ([`ProjectStore::projects`]).
const PART: usize = 5_000;

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
        self.unit(|| {
            let mut import = self.begin_project_import(replace)?;
            self.import_part(&mut import, projects, by)?;
            self.finish_project_import(import)
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
        // In parts: the raw rows of one part at a time, never those of the whole portfolio
        // beside the projects decoded from them; all parts in one read transaction, so a
        // write landing between two parts is not half seen.
        self.consistently(|s| {
            let mut all = Vec::new();
            loop {
                let part = s.projects_after(all.last().map(|p: &Project| &p.id), PART)?;
                let last = part.len() < PART;
                all.extend(part);
                if last {
                    return Ok(all);
                }
            }
        })
    }

    fn projects_after(&self, after: Option<&Id>, limit: usize) -> Result<Vec<Project>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = match after {
            Some(id) => self.rows(
                "SELECT id, record FROM project WHERE id > ?1 ORDER BY id LIMIT ?2",
                params![id.as_str(), limit],
                |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
            )?,
            None => self.rows(
                "SELECT id, record FROM project ORDER BY id LIMIT ?1",
                params![limit],
                |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
            )?,
        };
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

    fn kies_projects(&self, kies: &Id) -> Result<Vec<Project>, StoreError> {
        let rows = self.rows(
            "SELECT p.id, p.record FROM project p JOIN project_kies k ON k.project = p.id \
             WHERE k.kies = ?1 ORDER BY p.id",
            params![kies.as_str()],
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

    fn projects_changed_since(&self, seq: u64) -> Result<Vec<Id>, StoreError> {
        let ids: Vec<String> = self.rows(
            "SELECT DISTINCT project FROM project_wijziging WHERE seq > ?1 ORDER BY project",
            params![seq as i64],
            |r| r.get(0),
        )?;
        ids.into_iter()
            .map(|id| {
                id.parse().map_err(|_| StoreError::Corrupt {
                    path: self.path.clone(),
                    table: "project_wijziging".into(),
                    reason: format!("project id '{id}'"),
                })
            })
            .collect()
    }
}

/// An import of a project list in parts, inside one transaction the caller holds (the
/// use case's): [`Store::begin_project_import`], [`Store::import_part`] per part,
/// [`Store::finish_project_import`]. Only the ids are kept between parts.
pub struct ProjectImport {
    existing: HashSet<String>,
    /// The portfolio's counter when the import began (see `finish_project_import`).
    versie_bij_begin: i64,
    replace: bool,
    telling: ImportTelling,
    clashes: usize,
    first_clash: Option<String>,
}

impl Store {
    /// Starts an import; known ids are refused at the end unless `replace`.
    pub fn begin_project_import(&self, replace: bool) -> Result<ProjectImport, StoreError> {
        // The import is one transaction of a few hundred MiB at most: kept in memory until
        // the commit rather than spilled to the log halfway (see `Db::widen_cache`).
        self.db.widen_cache(IMPORT_CACHE_MIB).map_err(self.sql())?;
        let existing: HashSet<String> = self
            .rows("SELECT id FROM project", params![], |r| r.get(0))?
            .into_iter()
            .collect();
        let versie_bij_begin: i64 = self
            .row(
                "SELECT n FROM versie WHERE gebied = 'project'",
                params![],
                |r| r.get(0),
            )?
            .unwrap_or_default();
        Ok(ProjectImport {
            existing,
            versie_bij_begin,
            replace,
            telling: ImportTelling::default(),
            clashes: 0,
            first_clash: None,
        })
    }

    /// Writes one part. New projects are written in batches (one statement per table for
    /// each batch); a known one in between is compared and replaced on its own, after the
    /// batch before it, so the history keeps the file's order. Without `replace`, known ids
    /// are counted and nothing more is written.
    pub fn import_part(
        &self,
        import: &mut ProjectImport,
        projects: &[Project],
        by: &str,
    ) -> Result<(), StoreError> {
        if !import.replace {
            for p in projects {
                if import.existing.contains(p.id.as_str()) {
                    import.clashes += 1;
                    import.first_clash.get_or_insert_with(|| p.id.to_string());
                }
            }
        }
        if import.clashes > 0 {
            return Ok(());
        }
        let mut nieuw: Vec<(&Project, String)> = Vec::with_capacity(BATCH);
        for p in projects {
            if import.existing.contains(p.id.as_str()) {
                write_new(self, &mut nieuw, by)?;
                nieuw.clear();
                let after = record(p, &self.path)?;
                let before = load_record(self, &p.id)?;
                let changes = diff(before.as_ref(), &after);
                if changes.is_empty() {
                    import.telling.unchanged += 1;
                    continue;
                }
                write(self, p, &after)?;
                log(self, &p.id, by, &changes)?;
                import.telling.replaced += 1;
            } else {
                // A new project's record is written as it is, serialised once; its fields
                // are compared only when it is replaced later (as JSON values, whatever
                // their order in the text).
                let json = serde_json::to_string(p).map_err(|e| StoreError::Corrupt {
                    path: self.path.clone(),
                    table: "project".into(),
                    reason: e.to_string(),
                })?;
                nieuw.push((p, json));
                import.telling.added += 1;
                if nieuw.len() == BATCH {
                    write_new(self, &mut nieuw, by)?;
                    nieuw.clear();
                }
            }
        }
        write_new(self, &mut nieuw, by)?;
        // A later part with the same id is a known one (the reader refuses duplicates
        // within a file; this keeps the store's answer right without it).
        for p in projects {
            if !import.existing.contains(p.id.as_str()) {
                import.existing.insert(p.id.to_string());
            }
        }
        Ok(())
    }

    /// What the import did; refused when it met known ids without `replace` (the caller's
    /// transaction then undoes the parts written).
    pub fn finish_project_import(
        &self,
        import: ProjectImport,
    ) -> Result<ImportTelling, StoreError> {
        if let Some(example) = import.first_clash {
            return Err(StoreError::ProjectExists {
                path: self.path.clone(),
                count: import.clashes,
                example,
            });
        }
        // New projects are inserted without a trigger moving the counter per row (0023):
        // it moves once here, in the import's transaction. (A replaced one moved it in
        // `write`.)
        if import.telling.added > 0 {
            portfolio_moved(self)?;
        }
        // A replacing import moves the counter per replaced project, and each move draws a
        // mark (0025). The versions between the start and the end were never committed, so
        // nothing kept beside the database can have been made at them: their marks go, and
        // the table keeps one row per import rather than one per project.
        self.exec(
            "DELETE FROM portfolio_merk WHERE versie > ?1 \
             AND versie < (SELECT n FROM versie WHERE gebied = 'project')",
            params![import.versie_bij_begin],
        )?;
        Ok(import.telling)
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

/// Pages a project import keeps in memory (MiB).
const IMPORT_CACHE_MIB: usize = 64;

/// New projects per batch of an import: 500 × 6 parameters stay far below the limits of
/// SQLite (32 766) and PostgreSQL (65 535).
const BATCH: usize = 500;

fn json(store: &Store, rec: &BTreeMap<String, Value>) -> Result<String, StoreError> {
    serde_json::to_string(rec).map_err(|e| StoreError::Corrupt {
        path: store.path.clone(),
        table: "project".into(),
        reason: e.to_string(),
    })
}

/// `(?1, …, ?k), (?k+1, …)`: `rows` groups of `k` numbered placeholders.
fn values(rows: usize, k: usize) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(rows * k * 5);
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for c in 0..k {
            if c > 0 {
                out.push_str(", ");
            }
            // Written in place: a batch's statement has thousands of placeholders.
            let _ = write!(out, "?{}", r * k + c + 1);
        }
        out.push(')');
    }
    out
}

/// Writes projects that are not stored yet, with their missions and their creation in the
/// history: one statement per table for the whole batch.
/// The records' JSON texts are taken (moved into the statement's parameters, not copied).
fn write_new(store: &Store, batch: &mut [(&Project, String)], by: &str) -> Result<(), StoreError> {
    use crate::db::Value as V;
    if batch.is_empty() {
        return Ok(());
    }
    let mut params = Vec::with_capacity(batch.len() * 6);
    for (p, json) in batch.iter_mut() {
        params.extend([
            V::from(p.id.as_str()),
            V::from(p.title.as_str()),
            V::from(p.funder.as_str()),
            V::from(p.status.code()),
            V::from(p.trl.map(|t| t.get())),
            V::from(std::mem::take(json)),
        ]);
    }
    store.exec(
        &format!(
            "INSERT INTO project (id, title, funder, status, trl, record) VALUES {}",
            values(batch.len(), 6)
        ),
        &params,
    )?;
    let missies = batch
        .iter()
        .flat_map(|(p, _)| p.missies.iter().map(move |m| (p.id.as_str(), m.code())));
    insert_pairs(store, "project_missie (project, missie)", missies)?;
    let doelen = batch
        .iter()
        .flat_map(|(p, _)| p.doelen.iter().map(move |d| (p.id.as_str(), d.as_str())));
    insert_pairs(store, "project_doel (project, doel)", doelen)?;
    let kies = batch
        .iter()
        .flat_map(|(p, _)| p.kies.iter().map(move |k| (p.id.as_str(), k.as_str())));
    insert_pairs(store, "project_kies (project, kies)", kies)?;
    let mut params = Vec::with_capacity(batch.len() * 5);
    for (p, _) in batch.iter() {
        // A new project is one event; its fields are in the record itself.
        params.extend([
            V::from(p.id.as_str()),
            V::from(by),
            V::from("project"),
            V::Null,
            V::from(CREATED),
        ]);
    }
    store.exec(
        &format!(
            "INSERT INTO project_wijziging (project, by, field, before, after) VALUES {}",
            values(batch.len(), 5)
        ),
        &params,
    )?;
    Ok(())
}

/// Inserts (project, value) rows into `table` (with its two columns), a few thousand per
/// statement: a list per project has no fixed length, and the databases limit the
/// parameters of one statement.
fn insert_pairs<'a>(
    store: &Store,
    table: &str,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<(), StoreError> {
    use crate::db::Value as V;
    const PER_STATEMENT: usize = 4_000;
    let mut params = Vec::with_capacity(2 * PER_STATEMENT);
    let flush = |params: &mut Vec<V>| -> Result<(), StoreError> {
        if !params.is_empty() {
            store.exec(
                &format!("INSERT INTO {table} VALUES {}", values(params.len() / 2, 2)),
                params,
            )?;
            params.clear();
        }
        Ok(())
    };
    for (project, value) in pairs {
        params.extend([V::from(project), V::from(value)]);
        if params.len() == 2 * PER_STATEMENT {
            flush(&mut params)?;
        }
    }
    flush(&mut params)
}

/// Moves the portfolio's change counter (`versie`): every insert into `project` must, as
/// there is no insert trigger on it (0023); its updates and deletes move it by trigger.
fn portfolio_moved(store: &Store) -> Result<(), StoreError> {
    store.exec(
        "UPDATE versie SET n = n + 1 WHERE gebied = 'project'",
        params![],
    )?;
    Ok(())
}

fn write(store: &Store, p: &Project, rec: &BTreeMap<String, Value>) -> Result<(), StoreError> {
    let json = json(store, rec)?;
    // Created or replaced: one of the two inserts into `project` (see `portfolio_moved`).
    portfolio_moved(store)?;
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
    store.exec(
        "DELETE FROM project_kies WHERE project = ?1",
        params![p.id.as_str()],
    )?;
    for k in &p.kies {
        store.exec(
            "INSERT INTO project_kies (project, kies) VALUES (?1, ?2)",
            params![p.id.as_str(), k.as_str()],
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
