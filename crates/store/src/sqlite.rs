//! The register in SQLite. Rows are mapped to and from the register's JSON form by column
//! name (a `__` in a column name marks a nested value, `source__doc` is `source.doc`), and
//! list fields by link tables named `<table>_<field>` with columns (owner, pos, value). That
//! one rule covers every table, so adding a field means adding a column, not code.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params_from_iter, Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};
use serde_json::{Map, Number, Value};

use gemeten_domain::{Register, RegisterParts, TABLES};

use crate::{RegisterStore, StoreError};

/// The schema migrations in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_register.sql"),
    include_str!("../migrations/0002_waarneming.sql"),
    include_str!("../migrations/0003_project.sql"),
    include_str!("../migrations/0004_ronde.sql"),
    include_str!("../migrations/0005_monitoring.sql"),
    include_str!("../migrations/0006_accounts.sql"),
    include_str!("../migrations/0007_waarneming_n.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// INTEGER columns that hold booleans (SQLite has no boolean type).
const BOOL_COLUMNS: &[&str] = &["selected", "interviewed", "all_partners"];

pub struct SqliteStore {
    pub(crate) conn: Connection,
    pub(crate) path: String,
    /// Names of all link tables, to find the list fields of each table.
    link_tables: HashSet<String>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let name = path.display().to_string();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: name.clone(),
            source,
        })?;
        Self::setup(conn, name)
    }

    /// A private in-memory database, for tests and one-off conversions.
    pub fn in_memory() -> Result<Self, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: ":memory:".into(),
            source,
        })?;
        Self::setup(conn, ":memory:".into())
    }

    fn setup(mut conn: Connection, path: String) -> Result<Self, StoreError> {
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        // WAL lets the web server read while a CLI import writes; foreign keys are off by
        // default in SQLite and must be switched on per connection.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sql)?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|source| StoreError::Migrate {
                path: path.clone(),
                source,
            })?;
        // A link table is recognised by what it is — named `<register table>_<field>` with
        // exactly the columns (owner, pos, value) — so other modules' tables (`project_…`,
        // `activiteit_update`, …) never need to be listed anywhere to stay out.
        let link_tables = {
            let mut stmt = conn
                .prepare(
                    "SELECT m.name, group_concat(c.name, ',') FROM sqlite_master m \
                     JOIN pragma_table_info(m.name) c WHERE m.type = 'table' \
                     GROUP BY m.name",
                )
                .map_err(sql)?;
            let tables = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(sql)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(sql)?;
            tables
                .into_iter()
                .filter(|(name, columns)| {
                    let mut cols: Vec<&str> = columns.split(',').collect();
                    cols.sort_unstable();
                    cols == ["owner", "pos", "value"]
                        && TABLES
                            .iter()
                            .any(|t| name.strip_prefix(t).is_some_and(|r| r.starts_with('_')))
                })
                .map(|(name, _)| name)
                .collect()
        };
        Ok(SqliteStore {
            conn,
            path,
            link_tables,
        })
    }

    /// Runs `f` as one unit: everything it writes lands, or nothing does. Store methods that
    /// are meant to be combined this way (project updates, audit entries) use savepoints,
    /// which nest inside this one.
    pub fn atomically<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        self.conn.execute_batch("SAVEPOINT atomisch").map_err(sql)?;
        match f(self) {
            Ok(v) => {
                self.conn.execute_batch("RELEASE atomisch").map_err(sql)?;
                Ok(v)
            }
            Err(e) => {
                // Undo, then end the savepoint; the first error is the one that matters.
                let _ = self
                    .conn
                    .execute_batch("ROLLBACK TO atomisch; RELEASE atomisch");
                Err(e)
            }
        }
    }

    pub(crate) fn sql(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sql {
            path: self.path.clone(),
            source,
        }
    }

    fn key_column(table: &str) -> &'static str {
        match table {
            "missie" | "programma" => "code",
            _ => "id",
        }
    }

    fn list_fields(&self, table: &str) -> Vec<String> {
        let prefix = format!("{table}_");
        let mut fields: Vec<String> = self
            .link_tables
            .iter()
            .filter_map(|t| t.strip_prefix(&prefix).map(str::to_owned))
            .collect();
        fields.sort();
        fields
    }

    fn read_table(&self, table: &str) -> Result<Vec<Value>, StoreError> {
        let sql = self.sql();
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT * FROM {table}"))
            .map_err(&sql)?;
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = stmt.query([]).map_err(&sql)?;
        let mut records = Vec::new();
        while let Some(row) = rows.next().map_err(&sql)? {
            let mut obj = Map::new();
            for (i, name) in names.iter().enumerate() {
                let v = match row.get_ref(i).map_err(&sql)? {
                    ValueRef::Null => continue,
                    ValueRef::Integer(n) if BOOL_COLUMNS.contains(&name.as_str()) => {
                        Value::Bool(n != 0)
                    }
                    ValueRef::Integer(n) => Value::Number(n.into()),
                    ValueRef::Real(x) => Number::from_f64(x).map_or(Value::Null, Value::Number),
                    ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(_) => continue,
                };
                match name.split_once("__") {
                    Some((outer, inner)) => {
                        let entry = obj
                            .entry(outer.to_owned())
                            .or_insert_with(|| Value::Object(Map::new()));
                        if let Value::Object(m) = entry {
                            m.insert(inner.to_owned(), v);
                        }
                    }
                    None => {
                        obj.insert(name.clone(), v);
                    }
                }
            }
            records.push(Value::Object(obj));
        }
        let key = Self::key_column(table);
        for field in self.list_fields(table) {
            let mut lists: BTreeMap<String, Vec<Value>> = BTreeMap::new();
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT owner, value FROM {table}_{field} ORDER BY owner, pos"
                ))
                .map_err(&sql)?;
            let mut rows = stmt.query([]).map_err(&sql)?;
            while let Some(row) = rows.next().map_err(&sql)? {
                let owner: String = row.get(0).map_err(&sql)?;
                let value: String = row.get(1).map_err(&sql)?;
                lists.entry(owner).or_default().push(Value::String(value));
            }
            for r in &mut records {
                let owner = r
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let list = lists.remove(&owner).unwrap_or_default();
                r[field.as_str()] = Value::Array(list);
            }
        }
        Ok(records)
    }

    fn write_table(
        tx: &rusqlite::Transaction<'_>,
        table: &str,
        records: &[Value],
        list_fields: &[String],
    ) -> Result<(), rusqlite::Error> {
        let key = Self::key_column(table);
        for record in records {
            let Value::Object(obj) = record else { continue };
            let mut columns = Vec::new();
            let mut values = Vec::new();
            for (k, v) in obj {
                if list_fields.contains(k) {
                    continue;
                }
                match v {
                    Value::Object(inner) => {
                        for (ik, iv) in inner {
                            columns.push(format!("\"{k}__{ik}\""));
                            values.push(to_sql(iv));
                        }
                    }
                    other => {
                        columns.push(format!("\"{k}\""));
                        values.push(to_sql(other));
                    }
                }
            }
            let marks = vec!["?"; columns.len()].join(", ");
            tx.execute(
                &format!(
                    "INSERT INTO {table} ({}) VALUES ({marks})",
                    columns.join(", ")
                ),
                params_from_iter(values),
            )?;
            let owner = obj.get(key).and_then(Value::as_str).unwrap_or_default();
            for field in list_fields {
                let items = obj
                    .get(field)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let mut stmt = tx.prepare_cached(&format!(
                    "INSERT INTO {table}_{field} (owner, pos, value) VALUES (?1, ?2, ?3)"
                ))?;
                for (pos, item) in items.iter().enumerate() {
                    stmt.execute((owner, pos as i64, item.as_str().unwrap_or_default()))?;
                }
            }
        }
        Ok(())
    }
}

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

impl RegisterStore for SqliteStore {
    fn load(&self) -> Result<Register, StoreError> {
        let mut doc = Map::new();
        for table in TABLES {
            doc.insert(table.to_string(), Value::Array(self.read_table(table)?));
        }
        let parts: RegisterParts =
            serde_path_to_error::deserialize(Value::Object(doc)).map_err(|e| {
                StoreError::Corrupt {
                    path: self.path.clone(),
                    table: e.path().to_string(),
                    reason: e.inner().to_string(),
                }
            })?;
        Register::new(parts).map_err(|errors| StoreError::Corrupt {
            path: self.path.clone(),
            table: errors[0].table.to_owned(),
            reason: errors[0].to_string(),
        })
    }

    fn replace(&mut self, register: &Register) -> Result<(), StoreError> {
        let doc = serde_json::to_value(register.parts()).expect("register values always serialise");
        let lists: Vec<Vec<String>> = TABLES.iter().map(|t| self.list_fields(t)).collect();
        let path = self.path.clone();
        let sql = move |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(&sql)?;
        // Children before parents when deleting, parents before children when inserting.
        for (table, fields) in TABLES.iter().zip(&lists).rev() {
            for field in fields {
                tx.execute(&format!("DELETE FROM {table}_{field}"), [])
                    .map_err(&sql)?;
            }
            tx.execute(&format!("DELETE FROM {table}"), [])
                .map_err(&sql)?;
        }
        for (table, fields) in TABLES.iter().zip(&lists) {
            let records = doc[*table]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            Self::write_table(&tx, table, records, fields).map_err(&sql)?;
        }
        tx.commit().map_err(&sql)
    }

    fn is_empty(&self) -> Result<bool, StoreError> {
        let mut total = 0i64;
        for table in TABLES {
            total += self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })
                .map_err(self.sql())?;
        }
        Ok(total == 0)
    }

    fn schema_version(&self) -> Result<usize, StoreError> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(self.sql())?;
        Ok(v as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = include_str!("../../interchange/tests/fixtures/small.json");

    fn small() -> Register {
        gemeten_interchange::from_json(SMALL.as_bytes(), "small.json").unwrap()
    }

    fn file_store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("g.sqlite")).unwrap();
        (dir, store)
    }

    #[test]
    fn link_tables_are_recognised_by_shape_not_by_a_list() {
        let (_dir, store) = file_store();
        assert!(store.link_tables.contains("instrument_eligible"));
        assert!(store.link_tables.contains("activiteit_initiatiefnemers"));
        // Named like a link table of `activiteit`, but monitoring's own table.
        assert!(!store.link_tables.contains("activiteit_update"));
        assert!(!store.link_tables.contains("project_missie"));
    }

    #[test]
    fn new_store_is_empty_and_migrated() {
        let (_dir, store) = file_store();
        assert!(store.is_empty().unwrap());
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn what_is_stored_is_what_is_loaded() {
        let (dir, mut store) = file_store();
        let register = small();
        store.replace(&register).unwrap();
        assert!(!store.is_empty().unwrap());
        assert_eq!(store.load().unwrap(), register);
        // And after reopening the file.
        drop(store);
        let store = SqliteStore::open(&dir.path().join("g.sqlite")).unwrap();
        assert_eq!(store.load().unwrap(), register);
    }

    #[test]
    fn foreign_keys_are_enforced() {
        let (_dir, mut store) = file_store();
        store.replace(&small()).unwrap();
        let err = store
            .conn
            .execute(
                "INSERT INTO kia_vraag_missies (owner, pos, value) VALUES ('001-II-01', 5, 'VII')",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    }

    #[test]
    fn a_failed_replace_leaves_the_old_register() {
        let (_dir, mut store) = file_store();
        let old = small();
        store.replace(&old).unwrap();
        // Make the last table of the replacement fail, after all others were rewritten.
        store
            .conn
            .execute_batch(
                "CREATE TRIGGER refuse BEFORE INSERT ON aanbeveling
                 BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
            )
            .unwrap();
        let mut parts = old.clone().into_parts();
        parts.missie[1].title_nl = "Gewijzigd".parse().unwrap();
        parts.organisatie.clear();
        parts.activiteit[0].initiatiefnemers.clear();
        parts.aanbeveling[0].organisaties.clear();
        let new = Register::new(parts).unwrap();
        let err = store.replace(&new).unwrap_err();
        assert!(err.to_string().contains("refused for the test"), "{err}");
        assert_eq!(store.load().unwrap(), old);
    }

    #[test]
    fn replace_replaces_everything() {
        let (_dir, mut store) = file_store();
        store.replace(&small()).unwrap();
        store.replace(&Register::default()).unwrap();
        assert!(store.is_empty().unwrap());
    }
}
