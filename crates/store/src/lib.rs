//! Persistence of the register.
//!
//! [`RegisterStore`] and its siblings are the boundary the rest of gemeten programs
//! against; [`Store`] implements them all, with its SQL written once over a small backend
//! layer (`db`): an embedded SQLite file by default (WAL, foreign keys on), or PostgreSQL
//! for shared use, chosen by [`Store::open`]'s target. Both are migrated to the same
//! numbered schema.

mod account;
mod db;
mod monitoring;
mod pool;
mod project;
mod register;
mod ronde;
mod store;
mod waarneming;

#[cfg(test)]
mod tests;

pub use account::{hash_password, random_password, random_token};
pub use db::{redact, DbError, Dialect, SCHEMA_VERSION};
pub use monitoring::Beoordeling;
pub use pool::{Pool, PoolStatus, Verbinding};
pub use project::{ImportTelling, CREATED};
pub use ronde::OpgeslagenUitslag;
pub use store::{Store, Versies};

use gemeten_domain::{
    Account, ApiToken, AuditRegel, Id, Project, Register, Sessie, Waarneming, Wijziging,
};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    // `error`, not `source`: its text is part of the message already.
    #[error("database {path}: {error}")]
    Open { path: String, error: DbError },
    #[error("database {path}: schema migration failed: {error}")]
    Migrate { path: String, error: DbError },
    #[error("database {path}: {error}")]
    Sql { path: String, error: DbError },
    /// The database holds something the domain model refuses; it was changed outside gemeten.
    /// Observations that are already stored (import with replace to overwrite them).
    #[error("database {path}: {count} waarneming(en) bestaan al, bv. {example}; gebruik --replace om ze te vervangen")]
    Exists {
        path: String,
        count: usize,
        example: String,
    },
    /// Projects whose id is already stored (import with replace to overwrite them).
    #[error("database {path}: {count} project(en) bestaan al, bv. '{example}'; gebruik --replace om ze te vervangen")]
    ProjectExists {
        path: String,
        count: usize,
        example: String,
    },
    #[error("database {path}: {what} bestaat niet")]
    NotFound { path: String, what: String },
    /// A round id that is already stored (save with replace to overwrite it).
    #[error("database {path}: ronde '{id}' bestaat al")]
    RoundExists { path: String, id: String },
    /// A ballot the round refuses: names participant, field and reason.
    #[error(transparent)]
    Ballot(gemeten_prioritering::BiljetFout),
    /// A result that the stored ballots do not give.
    #[error(transparent)]
    Result(gemeten_prioritering::Afwijking),
    /// Monitoring input that is refused: activity updates, reports, periods, reviews. Every
    /// problem is listed; nothing was stored.
    #[error(transparent)]
    Refused(gemeten_monitoring::Problemen),
    /// An account that cannot be created (a known username, a too short password).
    #[error("database {path}: {reason}")]
    AccountRefused { path: String, reason: String },
    /// No connection could be had from the pool (all busy past the timeout, or the server
    /// is gone).
    #[error("database {path}: no connection: {reason}")]
    Pool { path: String, reason: String },
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

/// Where the project portfolio is kept. Every change to a project is logged, append-only,
/// with who made it and when.
pub trait ProjectStore {
    /// Adds projects in one transaction. Ids already stored are refused unless `replace`;
    /// then nothing is written. Replaced projects log the fields that changed.
    fn add_projects(
        &mut self,
        projects: &[Project],
        by: &str,
        replace: bool,
    ) -> Result<ImportTelling, StoreError>;

    /// Replaces one stored project and logs its changed fields; returns their names.
    fn update_project(&mut self, project: &Project, by: &str) -> Result<Vec<String>, StoreError>;

    /// All projects, ordered by id.
    fn projects(&self) -> Result<Vec<Project>, StoreError>;

    fn project(&self, id: &Id) -> Result<Option<Project>, StoreError>;

    /// The changes to one project, oldest first.
    fn history(&self, id: &Id) -> Result<Vec<Wijziging>, StoreError>;

    fn project_count(&self) -> Result<usize, StoreError>;

    /// A number that grows with every change to the portfolio (the sequence number of the
    /// last history entry), so a reader can tell cheaply whether its copy is still current,
    /// also after a write by another process.
    fn portfolio_version(&self) -> Result<u64, StoreError>;
}

/// Where prioritisation rounds are kept: definitions, every ballot (replaced ones too, in
/// order) and computed results with their fingerprints.
pub trait RondeStore {
    /// Stores a round without ballots. An existing id is refused unless `replace`; then the
    /// old round goes, with its ballots and results.
    fn save_round(
        &mut self,
        ronde: &gemeten_prioritering::Ronde,
        replace: bool,
    ) -> Result<(), StoreError>;

    /// Checks the ballot against the round and its ballots so far and stores it, in one
    /// transaction; a replacing ballot marks the participant's earlier one as replaced.
    /// Returns the ballot's position in the round's history (1-based).
    fn add_ballot(
        &mut self,
        ronde: &Id,
        ballot: &gemeten_prioritering::Stembiljet,
    ) -> Result<usize, StoreError>;

    /// A round with all its ballots, or `None`.
    fn load_round(&self, id: &Id) -> Result<Option<gemeten_prioritering::Stembus>, StoreError>;

    /// Every round with its ballots, ordered by id.
    fn rounds(&self) -> Result<Vec<gemeten_prioritering::Stembus>, StoreError>;

    /// Stores a result after recomputing it from the stored ballots; a result they do not
    /// give (or whose fingerprint does not match its content) is refused.
    fn store_result(&mut self, result: &gemeten_prioritering::Uitslag) -> Result<(), StoreError>;

    /// The stored results of a round, oldest first.
    fn results(&self, ronde: &Id) -> Result<Vec<OpgeslagenUitslag>, StoreError>;
}

/// Where bottom-up monitoring is kept: the updates of the KIA activities (append-only; an
/// activity's state is their replay), reporting periods, and project reports with their
/// review events (append-only). Every write is one transaction.
pub trait MonitoringStore {
    /// The updates of one activity, oldest first.
    fn activity_history(
        &self,
        id: &Id,
    ) -> Result<Vec<gemeten_monitoring::GelogdeUpdate>, StoreError>;

    /// The state of every activity that has updates.
    fn activity_states(
        &self,
    ) -> Result<std::collections::BTreeMap<Id, gemeten_monitoring::ActiviteitStand>, StoreError>;

    /// Checks an update against the register's activity and its state so far (owner among
    /// the initiators, known milestones, a note with its period) and appends it.
    fn update_activity(
        &mut self,
        register: &Register,
        id: &Id,
        update: &gemeten_monitoring::ActiviteitUpdate,
        by: &str,
    ) -> Result<gemeten_monitoring::ActiviteitStand, StoreError>;

    /// Adds an open reporting period; an existing id is refused.
    fn add_period(&mut self, period: &gemeten_monitoring::Periode) -> Result<(), StoreError>;

    /// Closes a period: it takes no more reports.
    fn close_period(&mut self, id: &gemeten_monitoring::PeriodeId) -> Result<(), StoreError>;

    fn periods(&self) -> Result<Vec<gemeten_monitoring::Periode>, StoreError>;

    /// Stores checked reports (each with the name of its record for messages), submitted on
    /// `on`, in one transaction. Refused, with every problem listed: an unknown project, an
    /// unknown or closed period, a second report for the same project and period (unless
    /// `replace` and the stored one was rejected; it stays, marked replaced).
    fn submit_reports(
        &mut self,
        reports: &[(String, gemeten_monitoring::Rapport)],
        by: &str,
        on: gemeten_monitoring::Datum,
        replace: bool,
    ) -> Result<usize, StoreError>;

    /// Approves or rejects (with a reason) a submitted report.
    fn review_report(
        &mut self,
        project: &Id,
        period: &gemeten_monitoring::PeriodeId,
        decision: &Beoordeling,
        by: &str,
    ) -> Result<gemeten_domain::RapportStatus, StoreError>;

    /// Every report (replaced ones too), of one period or all, by period and project.
    fn reports(
        &self,
        period: Option<&gemeten_monitoring::PeriodeId>,
    ) -> Result<Vec<gemeten_monitoring::OpgeslagenRapport>, StoreError>;
}

/// Where the web application's accounts are kept: users with a role, sessions and API tokens
/// (only their hashes), and the append-only audit log of every write.
pub trait AccountStore {
    fn user_count(&self) -> Result<usize, StoreError>;

    /// Adds a user; the password is stored as an argon2id hash. A known username or a
    /// password under 8 characters is refused.
    fn create_user(&mut self, account: &Account, password: &str) -> Result<(), StoreError>;

    fn user(&self, username: &str) -> Result<Option<Account>, StoreError>;

    /// The user, when the password is theirs.
    fn check_password(&self, username: &str, password: &str)
        -> Result<Option<Account>, StoreError>;

    /// A new session for the user, valid for `seconds`.
    fn start_session(&mut self, username: &str, seconds: i64) -> Result<Sessie, StoreError>;

    /// The user of an unexpired session and the session's CSRF token.
    fn session(&self, token: &str) -> Result<Option<(Account, String)>, StoreError>;

    fn end_session(&mut self, token: &str) -> Result<(), StoreError>;

    /// A new API token for the user; the token itself is returned once and never stored.
    fn create_api_token(&mut self, username: &str, by: &str) -> Result<String, StoreError>;

    /// The owner of an API token.
    fn token_user(&self, token: &str) -> Result<Option<Account>, StoreError>;

    /// Every user, by username.
    fn users(&self) -> Result<Vec<Account>, StoreError>;

    /// The API tokens of one user, or of everyone, oldest first (ids, never the tokens).
    fn api_tokens(&self, owner: Option<&str>) -> Result<Vec<ApiToken>, StoreError>;

    /// Revokes the token with this id (see [`ApiToken::id`]); whether there was one.
    fn revoke_api_token(&mut self, id: &str) -> Result<bool, StoreError>;

    /// Appends an entry to the audit log.
    fn audit(
        &mut self,
        by: &str,
        action: &str,
        object: &str,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
    ) -> Result<(), StoreError>;

    /// The audit log, newest first.
    fn audit_log(&self) -> Result<Vec<AuditRegel>, StoreError>;
}
