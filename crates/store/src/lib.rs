//! Persistence of the register.
//!
//! [`RegisterStore`] and its siblings are the boundary the rest of gemeten programs
//! against; [`Store`] implements them all, with its SQL written once over a small backend
//! layer (`db`): an embedded SQLite file by default (WAL, foreign keys on), or PostgreSQL
//! for shared use, chosen by [`Store::open`]'s target. Both are migrated to the same
//! numbered schema.

mod account;
mod beoordeling;
mod bestuur;
mod db;
mod innovatie_doel;
mod kpi;
mod monitoring;
mod pool;
mod project;
mod register;
mod ronde;
mod store;
mod waarneming;

#[cfg(test)]
mod tests;

pub use account::{
    argon2_operations_holding_a_connection, argon2_operations_on_this_thread, hash_password,
    random_password, random_token, verify_password,
};
pub use beoordeling::OpgeslagenBeoordeling;
pub use bestuur::OpgeslagenVergadering;
pub use db::{redact, DbError, Dialect, SCHEMA_VERSION};
pub use innovatie_doel::InnovatieDoel;
pub use kpi::OpgeslagenKpi;
pub use monitoring::Beoordeling;
pub use pool::{Pool, PoolStatus, Verbinding};
pub use project::{ImportTelling, ProjectImport, CREATED};
pub use ronde::{OpgeslagenRonde, OpgeslagenUitslag};
pub use store::{PortfolioStand, Store, Versies};

use std::collections::BTreeMap;

use gemeten_domain::monitoring::{
    ActiviteitUpdate, Datum, GelogdeUpdate, OpgeslagenRapport, Periode, PeriodeId, Rapport,
};
use gemeten_domain::ronde::{Ronde, Stembiljet};
use gemeten_domain::uitslag::Uitslag;
use gemeten_domain::{
    Account, AccountStand, ApiToken, AuditRegel, Id, Project, RapportStatus, Register, Sessie,
    Waarneming, Wijziging,
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

impl StoreError {
    /// The store was busy: another writer held the lock past the busy timeout, or no
    /// connection was free. Nothing was written; the same request can succeed a moment
    /// later (the web answers 503 with `Retry-After`).
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Pool { .. } => true,
            StoreError::Open { error, .. } | StoreError::Sql { error, .. } => error.is_busy(),
            _ => false,
        }
    }
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

    /// Every project, ordered by id (read in parts of [`ProjectStore::projects_after`], all
    /// in one read transaction: one consistent portfolio even while others write).
    fn projects(&self) -> Result<Vec<Project>, StoreError>;

    /// At most `limit` projects whose id comes after `after` (from the first when `None`),
    /// ordered by id: the portfolio a part at a time, for a reader of all of it (the search
    /// index) that need not hold every project at once. The parts of one pass may straddle
    /// a write unless the pass runs inside [`Store::consistently`]; otherwise the reader's
    /// version stamp (see `portfolio_version`) tells it to look again.
    fn projects_after(&self, after: Option<&Id>, limit: usize) -> Result<Vec<Project>, StoreError>;

    fn project(&self, id: &Id) -> Result<Option<Project>, StoreError>;

    /// The projects that link target `doel` (migration `0017`), ordered by id.
    fn target_projects(&self, doel: &Id) -> Result<Vec<Project>, StoreError>;

    /// The projects that link KIES element `kies` (migration `0021`), ordered by id.
    fn kies_projects(&self, kies: &Id) -> Result<Vec<Project>, StoreError>;

    /// The changes to one project, oldest first.
    fn history(&self, id: &Id) -> Result<Vec<Wijziging>, StoreError>;

    fn project_count(&self) -> Result<usize, StoreError>;

    /// A number that grows with every change to the portfolio (the sequence number of the
    /// last history entry), so a reader can tell cheaply whether its copy is still current,
    /// also after a write by another process.
    fn portfolio_version(&self) -> Result<u64, StoreError>;

    /// The ids of the projects changed after history entry `seq` (see
    /// [`portfolio_version`](ProjectStore::portfolio_version)), so that a copy made at `seq`
    /// can be brought up to date by replacing just those.
    fn projects_changed_since(&self, seq: u64) -> Result<Vec<Id>, StoreError>;
}

/// Where prioritisation rounds are kept: definitions, every ballot (replaced ones too, in
/// order) and computed results with their fingerprints. Records only: whether a ballot or a
/// result holds is checked by the use cases (`gemeten-app`) in the same transaction.
pub trait RondeStore {
    /// Stores a round without ballots. An existing id is refused unless `replace`; then the
    /// old round goes, with its ballots and results.
    fn save_round(&mut self, ronde: &Ronde, replace: bool) -> Result<(), StoreError>;

    /// Appends a ballot to a stored round; a replacing ballot marks the participant's earlier
    /// one as replaced. Returns the ballot's position in the round's history (1-based).
    fn add_ballot(&mut self, ronde: &Id, ballot: &Stembiljet) -> Result<usize, StoreError>;

    /// A round with all its ballots in casting order, or `None`.
    fn stored_round(&self, id: &Id) -> Result<Option<OpgeslagenRonde>, StoreError>;

    /// Every round with its ballots, ordered by id.
    fn stored_rounds(&self) -> Result<Vec<OpgeslagenRonde>, StoreError>;

    /// Stores a computed result of a stored round.
    fn store_result(&mut self, result: &Uitslag) -> Result<(), StoreError>;

    /// The stored results of a round, oldest first.
    fn results(&self, ronde: &Id) -> Result<Vec<OpgeslagenUitslag>, StoreError>;
}

/// Where bottom-up monitoring is kept: the updates of the KIA activities (append-only; an
/// activity's state is their replay), reporting periods, and project reports with their
/// review events (append-only). Every write is one transaction. Records only: the checks of
/// updates, reports and reviews are the use cases' (`gemeten-app`), in the same transaction.
pub trait MonitoringStore {
    /// The updates of one activity, oldest first.
    fn activity_history(&self, id: &Id) -> Result<Vec<GelogdeUpdate>, StoreError>;

    /// The updates of every activity that has any, oldest first.
    fn activity_histories(&self) -> Result<BTreeMap<Id, Vec<GelogdeUpdate>>, StoreError>;

    /// Appends an update of activity `id` by `by`; returns it as stored (with its time).
    fn append_activity_update(
        &mut self,
        id: &Id,
        update: &ActiviteitUpdate,
        by: &str,
    ) -> Result<GelogdeUpdate, StoreError>;

    /// Adds a reporting period (its id must be new).
    fn add_period(&mut self, period: &Periode) -> Result<(), StoreError>;

    /// Closes a period: it takes no more reports.
    fn close_period(&mut self, id: &PeriodeId) -> Result<(), StoreError>;

    fn periods(&self) -> Result<Vec<Periode>, StoreError>;

    /// The status of the live (not replaced) report of a project for a period, if any.
    fn report_status(
        &self,
        project: &Id,
        period: &PeriodeId,
    ) -> Result<Option<RapportStatus>, StoreError>;

    /// Stores reports submitted on `on`, in one transaction. A live report of the same project
    /// and period stays, marked replaced by the new one.
    fn submit_reports(
        &mut self,
        reports: &[Rapport],
        by: &str,
        on: Datum,
    ) -> Result<usize, StoreError>;

    /// Records the review of the live report of a project for a period.
    fn review_report(
        &mut self,
        project: &Id,
        period: &PeriodeId,
        decision: &Beoordeling,
        by: &str,
    ) -> Result<RapportStatus, StoreError>;

    /// Every report (replaced ones too), of one period or all, by period and project.
    fn reports(&self, period: Option<&PeriodeId>) -> Result<Vec<OpgeslagenRapport>, StoreError>;
}

/// Where the web application's accounts are kept: users with a role, sessions and API tokens
/// (only their hashes), and the append-only audit log of every write.
pub trait AccountStore {
    fn user_count(&self) -> Result<usize, StoreError>;

    /// Adds a user; the password is stored as an argon2id hash. A known username or a
    /// password under 8 characters is refused.
    fn create_user(&mut self, account: &Account, password: &str) -> Result<(), StoreError>;

    /// Adds a user with a password hash made by [`hash_password`] (so the caller can hash
    /// without holding the connection).
    fn create_user_with_hash(&mut self, account: &Account, hash: &str) -> Result<(), StoreError>;

    fn user(&self, username: &str) -> Result<Option<Account>, StoreError>;

    /// The user, when the password is theirs and the account is active. Computes one
    /// password hash whoever asks (see [`verify_password`]).
    fn check_password(&self, username: &str, password: &str)
        -> Result<Option<Account>, StoreError>;

    /// The stored password hash of an active account (not disabled, not deleted); nothing
    /// is computed, so a caller can verify it without holding the connection.
    fn password_hash(&self, username: &str) -> Result<Option<String>, StoreError>;

    /// Replaces a user's password hash (made with [`hash_password`]); whether there was one.
    fn set_password_hash(&mut self, username: &str, hash: &str) -> Result<bool, StoreError>;

    /// Replaces a user's name and role (with its organisation or mission); whether there was
    /// one (a deleted account is not).
    fn update_user(&mut self, account: &Account) -> Result<bool, StoreError>;

    /// Disables (`true`) or enables an account; whether it changed.
    fn set_disabled(&mut self, username: &str, disabled: bool) -> Result<bool, StoreError>;

    /// Anonymises an account: its sessions and tokens go, its name, role and password too;
    /// the row stays, so its username (in the audit log) cannot be taken again. Whether there
    /// was one to delete.
    fn delete_user(&mut self, username: &str) -> Result<bool, StoreError>;

    /// Ends every session of a user; how many there were.
    fn end_sessions(&mut self, username: &str) -> Result<usize, StoreError>;

    /// Revokes every API token of a user; how many there were.
    fn revoke_api_tokens(&mut self, username: &str) -> Result<usize, StoreError>;

    /// Every account with its state (deleted ones too), by username.
    fn user_states(&self) -> Result<Vec<AccountStand>, StoreError>;

    fn user_state(&self, username: &str) -> Result<Option<AccountStand>, StoreError>;

    /// Failed logins recorded under `key` after `since` (Unix seconds).
    fn failed_logins(&self, key: &str, since: i64) -> Result<usize, StoreError>;

    /// Records a failed login under each key at `at`, and forgets those at or before
    /// `forget_before`.
    fn record_failed_login(
        &mut self,
        keys: &[&str],
        at: i64,
        forget_before: i64,
    ) -> Result<(), StoreError>;

    /// Forgets the failed logins under `key` (after a successful one).
    fn clear_failed_logins(&mut self, key: &str) -> Result<(), StoreError>;

    /// The audit entries by a user or about them (object `gebruiker <username>`), newest
    /// first, at most `limit`.
    fn audit_log_of(&self, username: &str, limit: usize) -> Result<Vec<AuditRegel>, StoreError>;

    /// A new session for the user, valid for `seconds`.
    fn start_session(&mut self, username: &str, seconds: i64) -> Result<Sessie, StoreError>;

    /// The user of an unexpired session of an active account, and the session's CSRF token.
    fn session(&self, token: &str) -> Result<Option<(Account, String)>, StoreError>;

    fn end_session(&mut self, token: &str) -> Result<(), StoreError>;

    /// A new API token for the user that never expires (tests, tools); the token itself is
    /// returned once and never stored.
    fn create_api_token(&mut self, username: &str, by: &str) -> Result<String, StoreError>;

    /// A new API token for the user, valid until `expires_at` (Unix seconds; `None`: never).
    fn create_api_token_until(
        &mut self,
        username: &str,
        by: &str,
        expires_at: Option<i64>,
    ) -> Result<String, StoreError>;

    /// The owner of an unexpired API token, when the account is active.
    fn token_user(&self, token: &str) -> Result<Option<Account>, StoreError>;

    /// Every user but the deleted ones, by username.
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

    /// One page of the audit entries that pass `filter`, newest first, and how many pass.
    fn audit_search(&self, filter: &AuditFilter) -> Result<(Vec<AuditRegel>, usize), StoreError>;

    /// The users and the actions the audit log names, each sorted (the filter's choices).
    fn audit_choices(&self) -> Result<(Vec<String>, Vec<String>), StoreError>;
}

/// Which audit entries to show: every condition given must hold. Times are the log's own
/// (UTC, `YYYY-MM-DDTHH:MM:SSZ`), so they compare as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Who acted, exactly.
    pub by: Option<String>,
    /// The action, exactly.
    pub action: Option<String>,
    /// Part of the object, in any case.
    pub object: Option<String>,
    /// At or after this time.
    pub from: Option<String>,
    /// Before this time.
    pub until: Option<String>,
    /// Entries skipped (newest first) and at most how many given.
    pub offset: usize,
    pub limit: usize,
}
