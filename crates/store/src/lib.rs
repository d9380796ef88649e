//! Persistence of the register.
//!
//! [`RegisterStore`] is the boundary the rest of gemeten programs against; [`SqliteStore`]
//! is the embedded default (one file, WAL, foreign keys on, versioned migrations). A
//! PostgreSQL store for shared deployments implements the same trait.

mod sqlite;
mod waarneming;

pub use sqlite::SqliteStore;

use gemeten_domain::{Register, Waarneming};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("database {path}: schema migration failed: {source}")]
    Migrate {
        path: String,
        source: rusqlite_migration::Error,
    },
    #[error("database {path}: {source}")]
    Sql {
        path: String,
        source: rusqlite::Error,
    },
    /// The database holds something the domain model refuses; it was changed outside gemeten.
    /// Observations that are already stored (import with replace to overwrite them).
    #[error("database {path}: {count} waarneming(en) bestaan al, bv. {example}; gebruik --replace om ze te vervangen")]
    Exists {
        path: String,
        count: usize,
        example: String,
    },
    #[error("database {path}: table {table}: {reason}")]
    Corrupt {
        path: String,
        table: String,
        reason: String,
    },
}

/// Where the register is kept.
pub trait RegisterStore {
    /// The whole register.
    fn load(&self) -> Result<Register, StoreError>;

    /// Replaces the whole register in one transaction: afterwards the store holds exactly
    /// `register`, or, on error, exactly what it held before.
    fn replace(&mut self, register: &Register) -> Result<(), StoreError>;

    /// Whether the store holds no records at all (a new store).
    fn is_empty(&self) -> Result<bool, StoreError>;

    /// Version of the schema the store is at.
    fn schema_version(&self) -> Result<usize, StoreError>;
}

/// Where observed KPI values are kept.
pub trait WaarnemingStore {
    /// Adds observations in one transaction. Observations whose key (KPI, period, region,
    /// sex, SES, age band) is already stored are refused, unless `replace`; then nothing
    /// is written.
    fn add_observations(&mut self, obs: &[Waarneming], replace: bool) -> Result<usize, StoreError>;

    /// All observations, or those of one KPI, ordered by KPI, period and breakdown.
    fn observations(&self, kpi: Option<&str>) -> Result<Vec<Waarneming>, StoreError>;
}
