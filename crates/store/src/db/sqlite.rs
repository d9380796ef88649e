//! The SQLite backend: one file (WAL, foreign keys on) or a private in-memory database,
//! migrated with rusqlite_migration (the version is SQLite's `user_version`).

use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
use rusqlite::{params_from_iter, Connection, OpenFlags, ToSql};
use rusqlite_migration::{Migrations, M};

use super::{DbError, Row, Value};

pub struct Sqlite {
    conn: Connection,
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Owned(match self {
            Value::Null => SqlValue::Null,
            Value::Int(n) => SqlValue::Integer(*n),
            Value::Real(x) => SqlValue::Real(*x),
            Value::Text(s) => SqlValue::Text(s.clone()),
        }))
    }
}

impl Sqlite {
    /// Opens `path` (a new file is created), or an in-memory database for `None`.
    pub fn open(
        path: Option<&std::path::Path>,
        migrations: &[&'static str],
    ) -> Result<Sqlite, DbError> {
        let mut conn = match path {
            Some(p) => Connection::open_with_flags(
                p,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            )?,
            None => Connection::open_in_memory()?,
        };
        // WAL lets the web server read while a CLI import writes; foreign keys are off by
        // default in SQLite and must be switched on per connection.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found as usize > migrations.len() {
            return Err(DbError::TooNew {
                found: found as usize,
                known: migrations.len(),
            });
        }
        Migrations::new(migrations.iter().map(|sql| M::up(sql)).collect()).to_latest(&mut conn)?;
        Ok(Sqlite { conn })
    }

    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<usize, DbError> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .execute(params_from_iter(params))?)
    }

    pub fn query(&self, sql: &str, params: &[Value]) -> Result<(Vec<String>, Vec<Row>), DbError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = stmt.query(params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(names.len());
            for i in 0..names.len() {
                values.push(match row.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::Int(n),
                    ValueRef::Real(x) => Value::Real(x),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(_) => {
                        return Err(DbError::Column {
                            index: i,
                            reason: "a blob, which gemeten does not store".into(),
                        })
                    }
                });
            }
            out.push(Row(values));
        }
        Ok((names, out))
    }

    pub fn batch(&self, sql: &str) -> Result<(), DbError> {
        Ok(self.conn.execute_batch(sql)?)
    }

    pub fn schema_version(&self) -> Result<usize, DbError> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(v as usize)
    }
}
