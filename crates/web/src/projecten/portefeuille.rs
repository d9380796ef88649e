//! The portfolio as pages and API read it: one shared, immutable snapshot of all projects,
//! replaced only when the store's portfolio version moves, and values derived from it
//! (counts, syntheses, rendered sections) computed once per snapshot.
//!
//! Why: with a national portfolio (hundreds of thousands of projects) loading and
//! aggregating the projects on every request would cost seconds. The version is the store's
//! change counter of the portfolio, moved by triggers, so a write through the API, the
//! browser, the CLI or another gemeten instance on the same database is seen; the counters
//! are asked at most once per `FRESH` (`AppState::versies`), and at once after a write
//! through this server.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use gemeten_domain::{MissieCode, Project};
use gemeten_store::ProjectStore;

use crate::error::ApiError;
use crate::AppState;

/// All projects at one portfolio version, ordered by id.
pub struct Snapshot {
    pub version: u64,
    pub projects: Vec<Project>,
    derived: Mutex<HashMap<String, Arc<dyn Any + Send + Sync>>>,
}

impl Snapshot {
    fn new(version: u64, projects: Vec<Project>) -> Snapshot {
        Snapshot {
            version,
            projects,
            derived: Mutex::new(HashMap::new()),
        }
    }

    /// The value under `key`, computed by `f` on first use at this version. Two requests
    /// may compute the same value at once; both results are equal, the last one is kept.
    pub fn derive<T: Send + Sync + 'static>(
        &self,
        key: &str,
        f: impl FnOnce(&[Project]) -> T,
    ) -> Arc<T> {
        match self.get(key) {
            Some(v) => v,
            None => self.keep(key, f(&self.projects)),
        }
    }

    /// The value kept under `key` at this version, if any (for values computed with more
    /// than the projects, such as whole page bodies).
    pub fn get<T: Send + Sync + 'static>(&self, key: &str) -> Option<Arc<T>> {
        self.derived
            .lock()
            .ok()
            .and_then(|m| m.get(key).cloned())
            .and_then(|v| v.downcast::<T>().ok())
    }

    /// Keeps `v` under `key` for as long as this version is current.
    pub fn keep<T: Send + Sync + 'static>(&self, key: &str, v: T) -> Arc<T> {
        let v = Arc::new(v);
        if let Ok(mut m) = self.derived.lock() {
            m.insert(key.to_owned(), v.clone());
        }
        v
    }
}

/// The current snapshot, and a gate so that only one request reloads it at a time.
#[derive(Default)]
pub struct Portefeuille {
    current: RwLock<Option<Arc<Snapshot>>>,
    reload: tokio::sync::Mutex<()>,
}

impl Portefeuille {
    /// The snapshot, when it is at least as new as `version` (the counters only grow, and the
    /// version a request holds may be up to `FRESH` older than the one a reload read).
    fn cached(&self, version: u64) -> Option<Arc<Snapshot>> {
        let guard = self.current.read().ok()?;
        guard.as_ref().filter(|s| s.version >= version).cloned()
    }
}

/// The portfolio at the store's current version.
pub(crate) async fn snapshot(state: &AppState) -> Result<Arc<Snapshot>, ApiError> {
    let version = state.versies().await?.project;
    if let Some(s) = state.portefeuille.cached(version) {
        return Ok(s);
    }
    // Single flight: the others wait here and then find the fresh snapshot.
    let _gate = state.portefeuille.reload.lock().await;
    if let Some(s) = state.portefeuille.cached(version) {
        return Ok(s);
    }
    // The version and the projects from one connection, in this order: a change landing
    // in between gives a newer snapshot under the older version, which the next request
    // replaces — never an older snapshot under a newer version.
    let (version, projects) = state
        .with_store(|s| Ok((s.versies()?.project, s.projects()?)))
        .await?;
    let fresh = Arc::new(Snapshot::new(version, projects));
    if let Ok(mut current) = state.portefeuille.current.write() {
        *current = Some(fresh.clone());
    }
    Ok(fresh)
}

/// The number of projects per mission, once per snapshot.
pub(crate) fn projecten_per_missie(snap: &Snapshot) -> Arc<HashMap<MissieCode, usize>> {
    snap.derive("projecten_per_missie", |projects| {
        let mut n = HashMap::new();
        for p in projects {
            for m in &p.missies {
                *n.entry(*m).or_insert(0) += 1;
            }
        }
        n
    })
}
