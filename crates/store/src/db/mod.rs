//! The dialect boundary. The store writes its SQL once, with numbered placeholders (`?1`),
//! against [`Db`]; this layer runs it on SQLite (rusqlite) or PostgreSQL (the sync `postgres`
//! client), moving values as the small owned [`Value`]. What differs between the two is named
//! here and nowhere else: placeholders (`?1` → `$1`, in `pg.rs`), booleans (0/1 in SQLite,
//! `boolean` in PostgreSQL, converted at the PostgreSQL edge), the current time as text
//! ([`Db::now`]), how tables and their columns are listed ([`Db::table_columns`]), the schema
//! version and how migrations are run. Upserts use `INSERT … ON CONFLICT … DO UPDATE` and
//! generated ids `RETURNING`, which both dialects understand alike.

mod pg;
mod sqlite;
mod value;

use std::cell::Cell;

use thiserror::Error;

pub(crate) use value::params;
pub use value::{FromValue, Row, Value};

/// The schema migrations per dialect, with the same numbering and meaning; the schema
/// version is the number applied.
const SQLITE_MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_register.sql"),
    include_str!("../../migrations/sqlite/0002_waarneming.sql"),
    include_str!("../../migrations/sqlite/0003_project.sql"),
    include_str!("../../migrations/sqlite/0004_ronde.sql"),
    include_str!("../../migrations/sqlite/0005_monitoring.sql"),
    include_str!("../../migrations/sqlite/0006_accounts.sql"),
    include_str!("../../migrations/sqlite/0007_waarneming_n.sql"),
    include_str!("../../migrations/sqlite/0008_versie.sql"),
    include_str!("../../migrations/sqlite/0009_instelling.sql"),
    include_str!("../../migrations/sqlite/0010_waarneming_perioden.sql"),
    include_str!("../../migrations/sqlite/0011_kpi_definitie.sql"),
    include_str!("../../migrations/sqlite/0012_register_bronnen.sql"),
    include_str!("../../migrations/sqlite/0013_accountbeheer.sql"),
    include_str!("../../migrations/sqlite/0014_ses_dimensie.sql"),
    include_str!("../../migrations/sqlite/0015_register_compleet.sql"),
    include_str!("../../migrations/sqlite/0016_beoordeling.sql"),
    include_str!("../../migrations/sqlite/0017_keten.sql"),
    include_str!("../../migrations/sqlite/0018_kies.sql"),
    include_str!("../../migrations/sqlite/0019_bestuur.sql"),
    include_str!("../../migrations/sqlite/0020_sessie_versie.sql"),
    include_str!("../../migrations/sqlite/0021_project_kies.sql"),
    include_str!("../../migrations/sqlite/0022_innovatie_doel.sql"),
    include_str!("../../migrations/sqlite/0023_project_versie_per_import.sql"),
    include_str!("../../migrations/sqlite/0024_database_id.sql"),
    include_str!("../../migrations/sqlite/0025_portfolio_merk.sql"),
];
const POSTGRES_MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_register.sql"),
    include_str!("../../migrations/postgres/0002_waarneming.sql"),
    include_str!("../../migrations/postgres/0003_project.sql"),
    include_str!("../../migrations/postgres/0004_ronde.sql"),
    include_str!("../../migrations/postgres/0005_monitoring.sql"),
    include_str!("../../migrations/postgres/0006_accounts.sql"),
    include_str!("../../migrations/postgres/0007_waarneming_n.sql"),
    include_str!("../../migrations/postgres/0008_versie.sql"),
    include_str!("../../migrations/postgres/0009_instelling.sql"),
    include_str!("../../migrations/postgres/0010_waarneming_perioden.sql"),
    include_str!("../../migrations/postgres/0011_kpi_definitie.sql"),
    include_str!("../../migrations/postgres/0012_register_bronnen.sql"),
    include_str!("../../migrations/postgres/0013_accountbeheer.sql"),
    include_str!("../../migrations/postgres/0014_ses_dimensie.sql"),
    include_str!("../../migrations/postgres/0015_register_compleet.sql"),
    include_str!("../../migrations/postgres/0016_beoordeling.sql"),
    include_str!("../../migrations/postgres/0017_keten.sql"),
    include_str!("../../migrations/postgres/0018_kies.sql"),
    include_str!("../../migrations/postgres/0019_bestuur.sql"),
    include_str!("../../migrations/postgres/0020_sessie_versie.sql"),
    include_str!("../../migrations/postgres/0021_project_kies.sql"),
    include_str!("../../migrations/postgres/0022_innovatie_doel.sql"),
    include_str!("../../migrations/postgres/0023_project_versie_per_import.sql"),
    include_str!("../../migrations/postgres/0024_database_id.sql"),
    include_str!("../../migrations/postgres/0025_portfolio_merk.sql"),
];

/// The number of migrations, the schema version of an up-to-date store.
pub const SCHEMA_VERSION: usize = SQLITE_MIGRATIONS.len();
const _: () = assert!(SQLITE_MIGRATIONS.len() == POSTGRES_MIGRATIONS.len());

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// What went wrong in the database, with the database's own message.
#[derive(Debug, Error)]
pub enum DbError {
    // The wrapped errors are not `#[source]`s: their text is the message already, and a
    // source would print it twice in an error chain.
    #[error("{0}")]
    Sqlite(rusqlite::Error),
    #[error("{}", pg::describe(.0))]
    Postgres(postgres::Error),
    #[error("{0}")]
    SqliteMigration(rusqlite_migration::Error),
    #[error("migration {version}: {error}")]
    Migration { version: usize, error: Box<DbError> },
    #[error("column {index}: {reason}")]
    Column { index: usize, reason: String },
    #[error("the query gave no row")]
    NoRow,
    /// A database migrated by a newer gemeten: this one does not know its schema and must
    /// not write to it.
    #[error("schema version {found} is newer than this gemeten knows ({known}); run the newer gemeten, or a copy of the database")]
    TooNew { found: usize, known: usize },
}

impl DbError {
    /// Another connection holds the lock this one needs (SQLite `SQLITE_BUSY` or
    /// `SQLITE_LOCKED` after the busy timeout; PostgreSQL a lock timeout, a deadlock or a
    /// serialisation failure).
    pub fn is_busy(&self) -> bool {
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ),
            DbError::Postgres(e) => e.code().is_some_and(|c| {
                [
                    postgres::error::SqlState::LOCK_NOT_AVAILABLE,
                    postgres::error::SqlState::T_R_DEADLOCK_DETECTED,
                    postgres::error::SqlState::T_R_SERIALIZATION_FAILURE,
                ]
                .contains(c)
            }),
            DbError::Migration { error, .. } => error.is_busy(),
            _ => false,
        }
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sqlite(e)
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> Self {
        DbError::Postgres(e)
    }
}

impl From<rusqlite_migration::Error> for DbError {
    fn from(e: rusqlite_migration::Error) -> Self {
        DbError::SqliteMigration(e)
    }
}

enum Backend {
    Sqlite(sqlite::Sqlite),
    // Boxed: the client with its runtime is large, and a store is made once.
    Postgres(Box<pg::Pg>),
}

/// One connection, SQLite or PostgreSQL, with nesting transactions.
pub struct Db {
    backend: Backend,
    /// Open transaction levels: the outermost is `BEGIN`, inner ones are savepoints, so store
    /// methods that are one unit on their own nest inside `Store::atomically`.
    depth: Cell<usize>,
}

impl Db {
    /// Whether `target` names a PostgreSQL database rather than a SQLite file.
    pub fn is_postgres_url(target: &str) -> bool {
        target.starts_with("postgres://") || target.starts_with("postgresql://")
    }

    /// Opens (creating a SQLite file if needed) and migrates to the latest schema.
    pub fn open(target: &std::path::Path) -> Result<Db, DbError> {
        let url = target.to_str().filter(|t| Self::is_postgres_url(t));
        let backend = if let Some(url) = url {
            Backend::Postgres(Box::new(pg::Pg::connect(url, POSTGRES_MIGRATIONS)?))
        } else {
            Backend::Sqlite(sqlite::Sqlite::open(Some(target), SQLITE_MIGRATIONS)?)
        };
        Ok(Db {
            backend,
            depth: Cell::new(0),
        })
    }

    pub fn in_memory() -> Result<Db, DbError> {
        Ok(Db {
            backend: Backend::Sqlite(sqlite::Sqlite::open(None, SQLITE_MIGRATIONS)?),
            depth: Cell::new(0),
        })
    }

    /// Whether the connection is known to be closed (a PostgreSQL server that went away);
    /// asks nothing of the server.
    pub fn closed(&self) -> bool {
        match &self.backend {
            Backend::Sqlite(_) => false,
            Backend::Postgres(db) => db.closed(),
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs one statement; returns the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<usize, DbError> {
        match &self.backend {
            Backend::Sqlite(db) => db.execute(sql, params),
            Backend::Postgres(db) => db.execute(sql, params),
        }
    }

    /// The rows of a query.
    pub fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        self.query_named(sql, params).map(|(_, rows)| rows)
    }

    /// The column names and rows of a query.
    pub fn query_named(
        &self,
        sql: &str,
        params: &[Value],
    ) -> Result<(Vec<String>, Vec<Row>), DbError> {
        match &self.backend {
            Backend::Sqlite(db) => db.query(sql, params),
            Backend::Postgres(db) => db.query(sql, params),
        }
    }

    /// Runs statements without parameters, as they are (no placeholder translation).
    pub fn batch(&self, sql: &str) -> Result<(), DbError> {
        match &self.backend {
            Backend::Sqlite(db) => db.batch(sql),
            Backend::Postgres(db) => db.batch(sql),
        }
    }

    /// Lets a large write keep up to `mib` MiB of pages in memory (SQLite; its default of
    /// 2 MiB spills pages of a large transaction to the log halfway, to be written twice).
    /// For the rest of the connection's life: a connection of the pool that did an import
    /// keeps the larger cache. PostgreSQL's buffers are the server's: nothing changes there.
    pub fn widen_cache(&self, mib: usize) -> Result<(), DbError> {
        match &self.backend {
            Backend::Sqlite(db) => db.batch(&format!("PRAGMA cache_size = -{}", mib * 1024)),
            Backend::Postgres(_) => Ok(()),
        }
    }

    /// Starts a transaction, or a savepoint inside one.
    pub fn begin(&self) -> Result<(), DbError> {
        let d = self.depth.get();
        self.batch(&if d == 0 {
            // Every unit writes: SQLite takes the write lock at the start, so two connections
            // never both read and then find they cannot upgrade (which would fail at once
            // instead of waiting for the busy timeout).
            match self.backend {
                Backend::Sqlite(_) => "BEGIN IMMEDIATE".to_owned(),
                Backend::Postgres(_) => "BEGIN".to_owned(),
            }
        } else {
            format!("SAVEPOINT sp{d}")
        })?;
        self.depth.set(d + 1);
        Ok(())
    }

    /// Starts a transaction that only reads, so that every query in it sees the database as
    /// it was at one moment (a savepoint when already inside a transaction, which is one such
    /// moment already). SQLite: a deferred transaction, whose snapshot is taken at its first
    /// read and held until it ends (writers on other connections go on, in WAL mode);
    /// PostgreSQL: `REPEATABLE READ READ ONLY`, one snapshot for the whole transaction.
    pub fn begin_read(&self) -> Result<(), DbError> {
        let d = self.depth.get();
        self.batch(&if d == 0 {
            match self.backend {
                Backend::Sqlite(_) => "BEGIN DEFERRED".to_owned(),
                Backend::Postgres(_) => {
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY".to_owned()
                }
            }
        } else {
            format!("SAVEPOINT sp{d}")
        })?;
        self.depth.set(d + 1);
        Ok(())
    }

    /// Ends the innermost level, keeping its writes. When that fails (SQLite can leave a
    /// transaction open on a busy `COMMIT`), the level is undone, so no level stays open.
    pub fn commit(&self) -> Result<(), DbError> {
        let d = self.depth.get().saturating_sub(1);
        let ended = self.batch(&if d == 0 {
            "COMMIT".to_owned()
        } else {
            format!("RELEASE sp{d}")
        });
        if ended.is_err() {
            let _ = self.undo(d);
        }
        self.depth.set(d);
        ended
    }

    /// Ends the innermost level, undoing its writes.
    pub fn rollback(&self) -> Result<(), DbError> {
        let d = self.depth.get().saturating_sub(1);
        self.depth.set(d);
        self.undo(d)
    }

    fn undo(&self, level: usize) -> Result<(), DbError> {
        self.batch(&if level == 0 {
            "ROLLBACK".to_owned()
        } else {
            format!("ROLLBACK TO sp{level}; RELEASE sp{level}")
        })
    }

    /// Every table with its column names, in column order.
    pub fn table_columns(&self) -> Result<Vec<(String, Vec<String>)>, DbError> {
        let sql = match self.dialect() {
            Dialect::Sqlite => {
                "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c \
                 WHERE m.type = 'table' ORDER BY m.name, c.cid"
            }
            Dialect::Postgres => {
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
            }
        };
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for row in self.query(sql, &[])? {
            let (table, column): (String, String) = (row.get(0)?, row.get(1)?);
            match out.last_mut() {
                Some((t, cols)) if *t == table => cols.push(column),
                _ => out.push((table, vec![column])),
            }
        }
        Ok(out)
    }

    /// The number of migrations applied.
    pub fn schema_version(&self) -> Result<usize, DbError> {
        match &self.backend {
            Backend::Sqlite(db) => db.schema_version(),
            Backend::Postgres(db) => db.schema_version(),
        }
    }

    /// SQL for the current UTC time as ISO 8601 text (`2026-01-31T12:00:00Z`), the form every
    /// timestamp column holds.
    pub fn now(&self) -> &'static str {
        match self.dialect() {
            Dialect::Sqlite => "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            Dialect::Postgres => {
                "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            }
        }
    }
}

/// `target` for messages: a URL's password (in the user part or as `password=`) replaced by
/// `***`, so that errors and logs never show it.
pub fn redact(target: &str) -> String {
    if !Db::is_postgres_url(target) {
        return target.to_owned();
    }
    let (scheme, rest) = target.split_once("://").unwrap_or(("", target));
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_owned(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_from_targets() {
        assert_eq!(
            redact("postgresql://gemeten:geheim@db.example/gemeten"),
            "postgresql://gemeten:***@db.example/gemeten"
        );
        assert_eq!(
            redact("postgres://u@h/d?sslmode=disable&password=geheim"),
            "postgres://u@h/d?sslmode=disable&password=***"
        );
        assert_eq!(redact("postgres://h"), "postgres://h");
        assert_eq!(redact("data/gemeten.sqlite"), "data/gemeten.sqlite");
    }

    #[test]
    fn a_locked_database_is_busy_and_other_failures_are_not() {
        let busy = |code| {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                None,
            ))
        };
        assert!(busy(rusqlite::ffi::SQLITE_BUSY).is_busy());
        assert!(busy(rusqlite::ffi::SQLITE_LOCKED).is_busy());
        assert!(!busy(rusqlite::ffi::SQLITE_CONSTRAINT).is_busy());
        assert!(!DbError::NoRow.is_busy());
    }

    #[test]
    fn placeholders_are_translated_outside_quotes() {
        assert_eq!(
            pg::placeholders("SELECT '?1', \"a?2\" FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', \"a?2\" FROM t WHERE a = $1 AND b = $12"
        );
    }
}
