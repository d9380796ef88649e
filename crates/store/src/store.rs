//! [`Store`]: one connection (SQLite or PostgreSQL, see `db`) and the helpers every store
//! module writes its SQL with. Errors carry the target (a URL's password redacted) and the
//! database's message.

use std::collections::HashSet;

use gemeten_domain::TABLES;

use crate::db::{Db, DbError, Dialect, Row, Value};
use crate::StoreError;

/// The change counter of each area of the store (migration `0008_versie.sql`): triggers move
/// it with every change to the area's tables, whoever writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Versies {
    pub register: u64,
    pub waarneming: u64,
    pub project: u64,
    pub ronde: u64,
    pub monitoring: u64,
    pub account: u64,
    /// The KPI definitions administrators added or changed (migration `0011`).
    pub kpi: u64,
    /// Assessments, calls and stated contributions (migration `0017`).
    pub beoordeling: u64,
}

/// The setting that holds [`Store::database_id`].
const DATABASE_ID: &str = "database_id";

/// Where the portfolio stands, for what is kept on disk beside the database (the search
/// indexes, the FAIR portfolio files): the database's identity, the portfolio's change
/// counter and the mark drawn when the counter reached that value (migration
/// `0025_portfolio_merk.sql`). Files made at a stand are the database's own while
/// [`Store::was_op`] says it was there: a copy of the database (a copied or restored file, a
/// dump, a database made from a template) agrees on the past it shares with the original
/// and not on the versions it reaches by itself, though it reaches the same numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PortfolioStand {
    /// The database's identity ([`Store::database_id`], whatever text it holds), hashed.
    pub database: u64,
    /// The portfolio's change counter ([`Versies::project`]).
    pub versie: u64,
    /// The mark of that version (0 when the database holds none for it).
    pub merk: u64,
}

impl PortfolioStand {
    /// The stand as text fit for a file or folder name: `<database>-<versie>-<merk>` (hex,
    /// decimal, hex).
    pub fn sleutel(&self) -> String {
        format!("{:016x}-{}-{:016x}", self.database, self.versie, self.merk)
    }

    /// Reads [`PortfolioStand::sleutel`]'s text.
    pub fn lees(s: &str) -> Option<PortfolioStand> {
        let mut parts = s.split('-');
        let database = parts.next().filter(|p| p.len() == 16)?;
        let versie = parts.next()?;
        let merk = parts.next().filter(|p| p.len() == 16)?;
        if parts.next().is_some() {
            return None;
        }
        Some(PortfolioStand {
            database: u64::from_str_radix(database, 16).ok()?,
            versie: versie.parse().ok()?,
            merk: u64::from_str_radix(merk, 16).ok()?,
        })
    }
}

/// A 64-bit FNV-1a hash of `text`: the same in every process and build (unlike std's
/// `DefaultHasher`), so a stand written by one gemeten is read alike by the next.
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

pub struct Store {
    pub(crate) db: Db,
    /// The target for messages: the file path, or the URL without its password.
    pub(crate) path: String,
    /// Names of all link tables, to find the list fields of each register table.
    pub(crate) link_tables: HashSet<String>,
}

impl Store {
    /// Opens the store at `target` and brings its schema up to date: a `postgres://` or
    /// `postgresql://` URL is a PostgreSQL database, anything else a SQLite file (created
    /// if needed).
    pub fn open(target: impl AsRef<std::path::Path>) -> Result<Self, StoreError> {
        let target = target.as_ref();
        let path = crate::db::redact(&target.to_string_lossy());
        let db = Db::open(target).map_err(|source| match source {
            DbError::Migration { .. } | DbError::SqliteMigration(_) | DbError::TooNew { .. } => {
                StoreError::Migrate {
                    path: path.clone(),
                    error: source,
                }
            }
            error => StoreError::Open {
                path: path.clone(),
                error,
            },
        })?;
        Self::setup(db, path)
    }

    /// A private in-memory SQLite database, for tests and one-off conversions.
    pub fn in_memory() -> Result<Self, StoreError> {
        let db = Db::in_memory().map_err(|error| StoreError::Open {
            path: ":memory:".into(),
            error,
        })?;
        Self::setup(db, ":memory:".into())
    }

    fn setup(db: Db, path: String) -> Result<Self, StoreError> {
        // A link table is recognised by what it is — named `<register table>_<field>` with
        // exactly the columns (owner, pos, value) — so other modules' tables (`project_…`,
        // `activiteit_update`, …) never need to be listed anywhere to stay out.
        let tables = db.table_columns().map_err(|error| StoreError::Sql {
            path: path.clone(),
            error,
        })?;
        let link_tables = tables
            .into_iter()
            .filter(|(name, columns)| {
                let mut cols: Vec<&str> = columns.iter().map(String::as_str).collect();
                cols.sort_unstable();
                cols == ["owner", "pos", "value"]
                    && TABLES
                        .iter()
                        .any(|t| name.strip_prefix(t).is_some_and(|r| r.starts_with('_')))
            })
            .map(|(name, _)| name)
            .collect();
        Ok(Store {
            db,
            path,
            link_tables,
        })
    }

    /// The change counters of the store's areas, in one query: what a cache of derived values
    /// is keyed by (they move with every change, by any process).
    pub fn versies(&self) -> Result<Versies, StoreError> {
        let rows: Vec<(String, i64)> = self.rows("SELECT gebied, n FROM versie", &[], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        let mut v = Versies::default();
        for (gebied, n) in rows {
            let n = n as u64;
            match gebied.as_str() {
                "register" => v.register = n,
                "waarneming" => v.waarneming = n,
                "project" => v.project = n,
                "ronde" => v.ronde = n,
                "monitoring" => v.monitoring = n,
                "account" => v.account = n,
                "kpi" => v.kpi = n,
                "beoordeling" => v.beoordeling = n,
                _ => {}
            }
        }
        Ok(v)
    }

    /// The database's identity, drawn when it was made (migration `0024_database_id.sql`):
    /// what is kept on disk beside the database is keyed by it, so that a database made anew
    /// never takes an old one's files for its own.
    pub fn database_id(&self) -> Result<String, StoreError> {
        Ok(self.instelling(DATABASE_ID)?.unwrap_or_default())
    }

    /// Where the portfolio stands now, in one query (see [`PortfolioStand`]).
    pub fn portfolio_stand(&self) -> Result<PortfolioStand, StoreError> {
        let row: Option<(i64, Option<i64>, Option<String>)> = self.row(
            "SELECT v.n, m.merk, i.waarde FROM versie v \
             LEFT JOIN portfolio_merk m ON m.versie = v.n \
             LEFT JOIN instelling i ON i.naam = ?1 \
             WHERE v.gebied = 'project'",
            &[Value::Text(DATABASE_ID.to_owned())],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let (versie, merk, database) = row.ok_or(DbError::NoRow).map_err(self.sql())?;
        Ok(PortfolioStand {
            database: hash(&database.unwrap_or_default()),
            versie: versie as u64,
            merk: merk.map_or(0, |m| m as u64),
        })
    }

    /// Whether this database was at `stand` once (or is now): it has the stand's identity
    /// and, for the stand's version, the stand's mark. What was made at such a stand holds
    /// this database's past; what was made by a copy of it after they parted does not.
    pub fn was_op(&self, stand: &PortfolioStand) -> Result<bool, StoreError> {
        let database = hash(&self.database_id()?);
        let merk: Option<i64> = self.row(
            "SELECT merk FROM portfolio_merk WHERE versie = ?1",
            &[Value::from(stand.versie)],
            |r| r.get(0),
        )?;
        Ok(database == stand.database && merk.is_some_and(|m| m as u64 == stand.merk))
    }

    /// A shared setting (see migration `0009_instelling.sql`), if set.
    pub fn instelling(&self, naam: &str) -> Result<Option<String>, StoreError> {
        self.row(
            "SELECT waarde FROM instelling WHERE naam = ?1",
            &[Value::Text(naam.to_owned())],
            |r| r.get(0),
        )
    }

    /// Sets a shared setting; the caller records it (the application core).
    pub fn zet_instelling(&mut self, naam: &str, waarde: &str) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO instelling (naam, waarde) VALUES (?1, ?2) \
             ON CONFLICT (naam) DO UPDATE SET waarde = excluded.waarde",
            &[Value::Text(naam.to_owned()), Value::Text(waarde.to_owned())],
        )
        .map(|_| ())
    }

    /// Whether `target` names a PostgreSQL database (a `postgres://` or `postgresql://`
    /// URL) rather than a SQLite file.
    pub fn is_postgres_url(target: &str) -> bool {
        Db::is_postgres_url(target)
    }

    /// Which database the store is in.
    /// The error for stored records that do not hold, found by a reader above the store (the
    /// use cases replay stored ballots and updates through the rules): names the database and
    /// the table as the store's own [`StoreError::Corrupt`] does.
    pub fn corrupt(&self, table: &str, reason: impl ToString) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            table: table.to_owned(),
            reason: reason.to_string(),
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.db.dialect()
    }

    /// Runs `f` as one unit: everything it writes lands, or nothing does. Every store method
    /// that writes is such a unit itself (a savepoint when nested), so they combine here.
    /// Any error of `f` undoes the unit, also one of the caller's own kind (a refusal found
    /// half-way through a use case).
    pub fn atomically<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        self.db.begin().map_err(self.sql())?;
        let outcome = f(self);
        self.end(outcome)
    }

    /// Ends the transaction begun for `outcome`: commits it on success, undoes it on an error.
    fn end<T, E: From<StoreError>>(&self, outcome: Result<T, E>) -> Result<T, E> {
        match outcome {
            Ok(v) => {
                self.db.commit().map_err(self.sql())?;
                Ok(v)
            }
            Err(e) => {
                // Undo; the first error is the one that matters.
                let _ = self.db.rollback();
                Err(e)
            }
        }
    }

    /// Runs `f`, which only reads, in one read transaction: every read in it sees the
    /// database at one moment, also when `f` reads in several queries (the portfolio in parts
    /// and its version) while another connection writes. See [`Db::begin_read`]
    /// (crate::db::Db::begin_read) for what that is on SQLite and PostgreSQL.
    pub fn consistently<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Self) -> Result<T, E>,
    ) -> Result<T, E> {
        self.db.begin_read().map_err(self.sql())?;
        self.end(f(self))
    }

    /// Like [`Store::atomically`], for the store's own methods (which borrow the store).
    pub(crate) fn unit<T>(
        &self,
        f: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.db.begin().map_err(self.sql())?;
        match f() {
            Ok(v) => {
                self.db.commit().map_err(self.sql())?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.db.rollback();
                Err(e)
            }
        }
    }

    pub(crate) fn sql(&self) -> impl Fn(DbError) -> StoreError + '_ {
        move |error| StoreError::Sql {
            path: self.path.clone(),
            error,
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub(crate) fn exec(&self, sql: &str, params: &[Value]) -> Result<usize, StoreError> {
        self.db.execute(sql, params).map_err(self.sql())
    }

    /// Every row of a query, each through `f`.
    pub(crate) fn rows<T>(
        &self,
        sql: &str,
        params: &[Value],
        f: impl FnMut(&Row) -> Result<T, DbError>,
    ) -> Result<Vec<T>, StoreError> {
        let rows = self.db.query(sql, params).map_err(self.sql())?;
        rows.iter()
            .map(f)
            .collect::<Result<_, _>>()
            .map_err(self.sql())
    }

    /// The first row of a query, if any, through `f`.
    pub(crate) fn row<T>(
        &self,
        sql: &str,
        params: &[Value],
        f: impl FnOnce(&Row) -> Result<T, DbError>,
    ) -> Result<Option<T>, StoreError> {
        let rows = self.db.query(sql, params).map_err(self.sql())?;
        rows.first().map(f).transpose().map_err(self.sql())
    }

    /// The first column of the one row a query gives.
    pub(crate) fn one<T: crate::db::FromValue>(
        &self,
        sql: &str,
        params: &[Value],
    ) -> Result<T, StoreError> {
        self.row(sql, params, |r| r.get(0))?
            .ok_or(DbError::NoRow)
            .map_err(self.sql())
    }
}
