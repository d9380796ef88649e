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

/// All projects at one portfolio version, ordered by id, each in its compact form
/// ([`kern`]): what the mission pages, the synthesis, the chain, KIES, innovations and
/// listings derive from; a page that shows a whole project (its page, a page of the
/// projects API) reads it from the store.
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
    // The version and the projects in one read transaction: one moment of the portfolio,
    // however many parts the projects are read in and whoever writes meanwhile. Each part
    // is made compact as it comes, so the whole projects of one part are held at a time.
    let (version, projects) = state
        .with_store(|s| {
            s.consistently(|s| {
                let version = s.versies()?.project;
                let mut all = Vec::with_capacity(s.project_count()?);
                loop {
                    let part = s.projects_after(all.last().map(|p: &Project| &p.id), PART)?;
                    let last = part.len() < PART;
                    all.extend(part.into_iter().map(kern));
                    if last {
                        all.shrink_to_fit();
                        return Ok((version, all));
                    }
                }
            })
        })
        .await?;
    let fresh = Arc::new(Snapshot::new(version, projects));
    if let Ok(mut current) = state.portefeuille.current.write() {
        *current = Some(fresh.clone());
    }
    Ok(fresh)
}

/// Projects per read of the store when the snapshot is loaded.
const PART: usize = 5_000;

/// A project as the snapshot keeps it: without its summary and with only the partner whose
/// kind is the project's lead kind ([`Project::lead_kind`]: the lead applicant, else the
/// first partner). Nothing derived from the snapshot reads the summary or the other
/// partners (they are half of a project's memory); the pages and answers that show them
/// read the project from the store (test `the_compact_snapshot_derives_what_the_whole_projects_do`).
pub(crate) fn kern(mut p: Project) -> Project {
    p.summary = None;
    let lead = p
        .partners
        .iter()
        .position(|x| x.role == gemeten_domain::PartnerRol::Penvoerder)
        .unwrap_or(0);
    if p.partners.len() > 1 {
        p.partners.swap(0, lead);
        p.partners.truncate(1);
    }
    p.partners.shrink_to_fit();
    p
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

#[cfg(test)]
mod tests {
    use super::*;
    use gemeten_domain::{PartnerRol, Trl};

    fn json(v: impl serde::Serialize) -> serde_json::Value {
        serde_json::to_value(v).unwrap()
    }

    /// Everything derived from the snapshot is the same from the compact projects as from
    /// the whole ones, on the example portfolio (with one project whose lead applicant is
    /// not its first partner): the synthesis of every mission at every threshold, the
    /// pipeline and route of every project, the chain of every target, the KIES counts and
    /// elements, every innovation's dossier and the rocket synthesis.
    #[test]
    fn the_compact_snapshot_derives_what_the_whole_projects_do() {
        let register = gemeten_interchange::reference_register().unwrap();
        let mut full = gemeten_interchange::read_projects(
            include_bytes!("../../../../data/voorbeeld/projecten.csv"),
            "projecten.csv",
            &register,
        )
        .unwrap();
        let several = full
            .iter_mut()
            .find(|p| p.partners.len() > 1 && p.partners[0].role == PartnerRol::Penvoerder)
            .expect("an example project with a lead applicant and partners");
        several.partners.rotate_left(1);
        assert!(full.iter().any(|p| p.summary.is_some()));
        let compact: Vec<Project> = full.iter().cloned().map(kern).collect();
        assert!(compact
            .iter()
            .all(|p| p.summary.is_none() && p.partners.len() <= 1));
        for (a, b) in full.iter().zip(&compact) {
            assert_eq!(a.lead_kind(), b.lead_kind(), "{}", a.id);
            assert_eq!(a.funding_total(), b.funding_total(), "{}", a.id);
            let (a_item, b_item) = (
                gemeten_portfolio::PijplijnItem::from(a),
                gemeten_portfolio::PijplijnItem::from(b),
            );
            assert_eq!(json(&a_item), json(&b_item), "{}", a.id);
            assert_eq!(
                json(gemeten_portfolio::route(&register, a_item)),
                json(gemeten_portfolio::route(&register, b_item)),
                "{}",
                a.id
            );
        }
        for &m in MissieCode::ALL {
            for t in 1..=9 {
                let t = Trl::try_from(t).unwrap();
                assert_eq!(
                    json(gemeten_portfolio::synthese(&register, &full, m, t)),
                    json(gemeten_portfolio::synthese(&register, &compact, m, t)),
                    "mission {m:?} TRL {t:?}"
                );
            }
        }
        let parts = register.parts();
        for d in &parts.doel {
            let direct: Vec<_> = full
                .iter()
                .filter(|p| p.doelen.contains(&d.id))
                .map(|p| p.id.clone())
                .collect();
            assert_eq!(
                json(gemeten_portfolio::keten(&register, &full, &direct, &d.id)),
                json(gemeten_portfolio::keten(
                    &register, &compact, &direct, &d.id
                )),
                "{}",
                d.id
            );
        }
        assert_eq!(
            json(gemeten_domain::kies_tellingen(&full)),
            json(gemeten_domain::kies_tellingen(&compact))
        );
        for k in &parts.kies_knoop {
            assert_eq!(
                json(register.kies_element(&k.id, &full)),
                json(register.kies_element(&k.id, &compact)),
                "{}",
                k.id
            );
        }
        for i in &parts.innovatie {
            assert_eq!(
                json(crate::innovaties::dossier(&register, i, &full, Vec::new())),
                json(crate::innovaties::dossier(
                    &register,
                    i,
                    &compact,
                    Vec::new()
                )),
                "{}",
                i.id
            );
        }
        for d in parts.doel.iter().take(3) {
            assert_eq!(
                json(gemeten_portfolio::rocket_synthese(
                    &register,
                    &full,
                    &[],
                    &[],
                    &d.id
                )),
                json(gemeten_portfolio::rocket_synthese(
                    &register,
                    &compact,
                    &[],
                    &[],
                    &d.id
                )),
            );
        }
    }
}
