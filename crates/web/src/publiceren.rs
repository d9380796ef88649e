//! The FAIR package through the API: the catalogue (`/api/v1/fair/catalogus.jsonld`) and every
//! file it lists (`/api/v1/fair/bestanden/{bestand}`), the same as `gemeten fair export`
//! writes, without the values the small-cell policy withholds.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::Bytes;
use axum::response::{IntoResponse, Response};
use axum::Json;
use gemeten_publicatie::FairPakket;

use crate::error::ApiError;
use crate::routes::Routes;
use crate::AppState;

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/fair/catalogus.jsonld", fair_catalogus)
        .get("/fair/bestanden/{bestand}", fair_bestand)
        .get("/fair/datasets/{dataset}", fair_dataset)
        .get(
            "/fair/datasets/{dataset}/distributies/{bestand}",
            fair_distributie,
        )
}

/// The FAIR package, built once per version of what it is made of (the projects and the
/// observations; the register is fixed while serving and the catalogue is the standard one)
/// and shared by every request until that changes. Building it takes seconds with a large
/// portfolio: once it was built on every request, even one for a file that does not exist,
/// so a few anonymous clients could slow the whole site down.
///
/// With a folder ([`AppState::with_zoekindex`] gives one beside the search index, `<db>.fair/`)
/// the portfolio's files — gigabytes for a national portfolio — are written there, one
/// folder per portfolio version (`portfolio-<version>/`, with a `manifest.json` of their
/// sizes and checksums), and served from disk: written once per version of the portfolio,
/// also across restarts, and never held in memory. The rest of the package (the register,
/// the KPI series) is small and built in memory. Without a folder (tests) all of it is in
/// memory.
#[derive(Default)]
pub(crate) struct FairCache {
    last: std::sync::Mutex<Option<(Sleutel, Arc<Gebouwd>)>>,
    /// One build at a time; requests that arrive meanwhile wait for it and take its result.
    gate: tokio::sync::Mutex<()>,
    builds: AtomicU64,
    /// Where the portfolio's files are written, if anywhere.
    dir: Option<PathBuf>,
    /// How many times the portfolio's files were written to `dir`.
    portfolio_writes: AtomicU64,
}

/// The store's versions of the projects and the observations.
type Sleutel = (u64, u64);

/// A built package: its datasets for the catalogue, and its files by URL segment, each
/// shared by the responses (no copy per request).
struct Gebouwd {
    datasets: Vec<gemeten_publicatie::Dataset>,
    bestanden: std::collections::HashMap<String, (&'static str, Inhoud)>,
}

/// A file's content: in memory, or a file on disk (the portfolio's, see [`FairCache`]).
enum Inhoud {
    Bytes(Bytes),
    Bestand(PathBuf),
}

impl From<FairPakket> for Gebouwd {
    fn from(p: FairPakket) -> Gebouwd {
        Gebouwd {
            datasets: p.datasets,
            bestanden: p
                .bestanden
                .into_iter()
                .map(|b| {
                    (
                        gemeten_publicatie::bestand_segment(&b.path),
                        (b.media_type, Inhoud::Bytes(Bytes::from(b.bytes))),
                    )
                })
                .collect(),
        }
    }
}

impl FairCache {
    fn cached(&self, key: Sleutel) -> Option<Arc<Gebouwd>> {
        let last = self.last.lock().ok()?;
        last.as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, p)| p.clone())
    }

    /// How many times the package was built (the tests count them).
    pub(crate) fn builds(&self) -> u64 {
        self.builds.load(Ordering::Relaxed)
    }

    /// How many times the portfolio's files were written to the folder.
    pub(crate) fn portfolio_writes(&self) -> u64 {
        self.portfolio_writes.load(Ordering::Relaxed)
    }

    /// A cache that writes the portfolio's files into `dir` (see [`FairCache`]).
    pub(crate) fn in_dir(dir: Option<PathBuf>) -> FairCache {
        FairCache {
            dir,
            ..FairCache::default()
        }
    }
}

/// The folder of the FAIR files beside the search index's folder: `<db>.stukken` gives
/// `<db>.fair`, any other `<dir>` gives `<dir>.fair`.
pub(crate) fn map_naast(zoekindex: &Path) -> PathBuf {
    let name = zoekindex
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".stukken").unwrap_or(&name);
    zoekindex.with_file_name(format!("{stem}.fair"))
}

/// What `manifest.json` says of the portfolio's files in a version's folder.
#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest {
    projects: usize,
    files: Vec<ManifestBestand>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct ManifestBestand {
    path: String,
    media_type: String,
    bytes: u64,
    sha256: String,
    title_nl: String,
}

const MANIFEST: &str = "manifest.json";

/// The portfolio's files in `dir` at the store's current portfolio version: those written
/// before when the version's folder is there (complete: it is renamed into place only
/// after its manifest is written), else written now from the store, read in parts in one
/// read transaction; older versions' folders are removed. The folder's version is the one
/// read with the projects, so the files are never labelled with a version they are not.
fn portfolio_op_schijf(
    store: &gemeten_store::Store,
    dir: &Path,
    writes: &AtomicU64,
) -> Result<(gemeten_publicatie::PortfolioDeel, PathBuf), ApiError> {
    use gemeten_store::ProjectStore;
    let io =
        |what: &Path, e: std::io::Error| ApiError::Internal(format!("{}: {e}", what.display()));
    let stand = store.portfolio_stand()?;
    let folder = dir.join(mapnaam(&stand));
    if let Some(deel) = lees_manifest(&folder) {
        return Ok((deel, folder));
    }
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let (stand, deel, tmp) = store.consistently(|s| {
        let stand = s.portfolio_stand()?;
        let tmp = dir.join(format!("{}.tmp-{}", mapnaam(&stand), std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).map_err(|e| io(&tmp, e))?;
        let deel = gemeten_publicatie::portfolio_naar_map(&tmp, |after| {
            s.projects_after(after, 5_000).map_err(Schrijffout::Store)
        })
        .map_err(|e| match e {
            Schrijffout::Store(e) => ApiError::from(e),
            Schrijffout::Schrijven(e) => ApiError::Internal(e.to_string()),
        })?;
        Ok::<_, ApiError>((stand, deel, tmp))
    })?;
    let manifest = Manifest {
        projects: deel.projects,
        files: deel
            .distributies
            .iter()
            .map(|d| ManifestBestand {
                path: d.path.clone(),
                media_type: d.media_type.to_owned(),
                bytes: d.bytes,
                sha256: d.sha256.clone(),
                title_nl: d.title_nl.clone(),
            })
            .collect(),
    };
    let json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| ApiError::Internal(e.to_string()))?;
    std::fs::write(tmp.join(MANIFEST), json).map_err(|e| io(&tmp, e))?;
    let folder = dir.join(mapnaam(&stand));
    // Another server on the same files may have put the same version in place meanwhile:
    // then its folder stays, and this one goes.
    if std::fs::rename(&tmp, &folder).is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    writes.fetch_add(1, Ordering::Relaxed);
    // Older versions are not served any more (a download under way keeps its open file),
    // nor anything of another database (one made anew at this path) or of an older layout.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if verouderd(&name, &stand) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    Ok((deel, folder))
}

/// The folder of a database's portfolio files at a stand: keyed by the database's identity
/// and the version's mark too, since a database made anew beside an old folder, or a copy
/// of the database (a restored backup) that went on by itself, can reach the same version
/// with other projects.
fn mapnaam(stand: &gemeten_store::PortfolioStand) -> String {
    format!("portfolio-{}", stand.sleutel())
}

/// Whether the entry `name` of the FAIR folder is of no use to the database at `stand`: an
/// older version of its own (finished, or a write another process left behind), the same
/// version with another mark (a copy's that went on by itself), or anything else named
/// `portfolio-…` (another database's, an older layout's). Newer versions of its own stay:
/// another server on the same database may serve them.
fn verouderd(name: &str, stand: &gemeten_store::PortfolioStand) -> bool {
    let Some(rest) = name.strip_prefix("portfolio-") else {
        return false;
    };
    // A write under way (`….tmp-<pid>`) counts as its stand: at this version or newer it
    // is another process's, left to finish.
    let eigen = rest.split_once(".tmp-").map_or(rest, |(eigen, _pid)| eigen);
    match gemeten_store::PortfolioStand::lees(eigen).filter(|o| o.database == stand.database) {
        Some(o) => o.versie < stand.versie || (o.versie == stand.versie && o.merk != stand.merk),
        None => true,
    }
}

/// Why the portfolio's files could not be written: the store could not be read, or a file
/// not written.
enum Schrijffout {
    Store(gemeten_store::StoreError),
    Schrijven(gemeten_publicatie::WriteError),
}

impl From<gemeten_publicatie::WriteError> for Schrijffout {
    fn from(e: gemeten_publicatie::WriteError) -> Schrijffout {
        Schrijffout::Schrijven(e)
    }
}

/// The portfolio's part as a version's folder describes it, if the folder is complete.
fn lees_manifest(folder: &Path) -> Option<gemeten_publicatie::PortfolioDeel> {
    let m: Manifest = serde_json::from_slice(&std::fs::read(folder.join(MANIFEST)).ok()?).ok()?;
    let mut distributies = Vec::new();
    for f in m.files {
        let media_type = match f.media_type.as_str() {
            "text/csv" => "text/csv",
            "application/json" => "application/json",
            _ => return None,
        };
        let on_disk = folder.join(gemeten_publicatie::portfolio_bestandsnaam(&f.path));
        if std::fs::metadata(&on_disk).ok()?.len() != f.bytes {
            return None;
        }
        distributies.push(gemeten_publicatie::Distributie {
            path: f.path,
            media_type,
            bytes: f.bytes,
            sha256: f.sha256,
            title_nl: f.title_nl,
        });
    }
    Some(gemeten_publicatie::PortfolioDeel {
        bestanden: Vec::new(),
        distributies,
        projects: m.projects,
    })
}

/// The FAIR package at the store's current version: the same files and metadata as
/// `gemeten fair export`, without the values the small-cell policy withholds.
async fn fair_package(state: &AppState) -> Result<Arc<Gebouwd>, ApiError> {
    let cache = &state.fair;
    let v = state.versies().await?;
    let key = (v.project, v.waarneming);
    if let Some(p) = cache.cached(key) {
        return Ok(p);
    }
    let _gate = cache.gate.lock().await;
    if let Some(p) = cache.cached(key) {
        return Ok(p);
    }
    // The portfolio's files from the store (the snapshot keeps less than whole projects),
    // read in one read transaction at a version at least as new as the key's. Content newer
    // than the key is rebuilt once more, never served as newer. With a folder the files are
    // written there once per portfolio version, a part at a time, and not held in memory.
    let (portfolio, folder) = match cache.dir.clone() {
        Some(dir) => {
            let fair = Arc::clone(&state.fair);
            let pool = Arc::clone(&state.store);
            let (deel, folder) = tokio::task::spawn_blocking(move || {
                let store = pool.get()?;
                portfolio_op_schijf(&store, &dir, &fair.portfolio_writes)
            })
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??;
            (deel, Some(folder))
        }
        None => {
            let projects = state
                .with_store(gemeten_store::ProjectStore::projects)
                .await?;
            let deel = gemeten_publicatie::portfolio_in_geheugen(&projects)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            (deel, None)
        }
    };
    let observations = crate::kpi::kleine_aantallen::zichtbaar(state, None).await?;
    let register = Arc::clone(&state.register);
    // Seconds of work for a large portfolio: on the blocking pool, not on a runtime thread.
    let pakket = tokio::task::spawn_blocking(move || {
        let cat = gemeten_indicators::Catalogus::standaard()
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let on_disk: Vec<(String, &'static str, PathBuf)> = match &folder {
            Some(folder) => portfolio
                .distributies
                .iter()
                .map(|d| {
                    (
                        gemeten_publicatie::bestand_segment(&d.path),
                        d.media_type,
                        folder.join(gemeten_publicatie::portfolio_bestandsnaam(&d.path)),
                    )
                })
                .collect(),
            None => Vec::new(),
        };
        let mut gebouwd =
            gemeten_publicatie::fair_pakket_met(&register, portfolio, &observations, &cat)
                .map(Gebouwd::from)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
        for (segment, media_type, path) in on_disk {
            gebouwd
                .bestanden
                .insert(segment, (media_type, Inhoud::Bestand(path)));
        }
        Ok::<_, ApiError>(gebouwd)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    let pakket = Arc::new(pakket);
    cache.builds.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut last) = cache.last.lock() {
        *last = Some((key, pakket.clone()));
    }
    Ok(pakket)
}

/// Builds the package in the background when the server starts, so the first request does
/// not wait for it.
pub(crate) fn warm_up(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = fair_package(&state).await {
            eprintln!("gemeten-web: FAIR package: {e}");
        }
    });
}

/// Whether `segment` can name a file of the package at all: the register's files, the
/// portfolio's, and a KPI's CSV or JSON. Anything else is a 404 before any work.
fn could_exist(segment: &str) -> bool {
    let code = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    let rest = segment
        .strip_prefix("register~csv~")
        .or_else(|| segment.strip_prefix("register~"))
        .or_else(|| segment.strip_prefix("portfolio~"))
        .or_else(|| segment.strip_prefix("kpi~"));
    rest.is_some_and(|r| code(r) && (r.ends_with(".csv") || r.ends_with(".json")))
}

async fn fair_catalogus(state: axum::extract::State<AppState>) -> Result<Response, ApiError> {
    let pakket = fair_package(&state).await?;
    let today = gemeten_monitoring::Datum::today().to_string();
    let doc = gemeten_publicatie::catalogus(&state.uitgever, &pakket.datasets, &today);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/ld+json")],
        Json(doc),
    )
        .into_response())
}

async fn fair_bestand(
    state: axum::extract::State<AppState>,
    axum::extract::Path(bestand): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    let not_found =
        |bestand: String| ApiError::niet_gevonden("bestand", "bestand", "file", bestand);
    if !could_exist(&bestand) {
        return Err(not_found(bestand));
    }
    let pakket = fair_package(&state).await?;
    let Some((media_type, inhoud)) = pakket.bestanden.get(&bestand) else {
        return Err(not_found(bestand));
    };
    let type_ = [(axum::http::header::CONTENT_TYPE, *media_type)];
    match inhoud {
        Inhoud::Bytes(bytes) => Ok((type_, bytes.clone()).into_response()),
        // Streamed from disk, with its length, as the bytes in memory were answered.
        Inhoud::Bestand(path) => {
            let io = |e: std::io::Error| ApiError::Internal(format!("{}: {e}", path.display()));
            let file = tokio::fs::File::open(path).await.map_err(io)?;
            let len = file.metadata().await.map_err(io)?.len();
            let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
                file,
                64 * 1024,
            ));
            Ok((
                type_,
                [(axum::http::header::CONTENT_LENGTH, len.to_string())],
                body,
            )
                .into_response())
        }
    }
}

/// The metadata of one dataset, with the catalogue's context, found by its IRI's last
/// segment.
async fn dataset_document(state: &AppState, dataset: &str) -> Result<serde_json::Value, ApiError> {
    let pakket = fair_package(state).await?;
    let Some(d) = pakket
        .datasets
        .iter()
        .find(|d| gemeten_publicatie::dataset_segment(&d.key) == dataset)
    else {
        return Err(ApiError::niet_gevonden(
            "dataset", "dataset", "dataset", dataset,
        ));
    };
    let today = gemeten_monitoring::Datum::today().to_string();
    Ok(gemeten_publicatie::dataset_metadata(
        &state.uitgever,
        d,
        &today,
    ))
}

fn json_ld(mut doc: serde_json::Value) -> Response {
    doc["@context"] = gemeten_publicatie::context();
    (
        [(axum::http::header::CONTENT_TYPE, "application/ld+json")],
        Json(doc),
    )
        .into_response()
}

/// A dataset's IRI answers with its metadata (DCAT-AP asks identifiers to resolve).
async fn fair_dataset(
    state: axum::extract::State<AppState>,
    axum::extract::Path(dataset): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    Ok(json_ld(dataset_document(&state, &dataset).await?))
}

/// A distribution's IRI answers with its metadata (which holds the download URL).
async fn fair_distributie(
    state: axum::extract::State<AppState>,
    axum::extract::Path((dataset, bestand)): axum::extract::Path<(String, String)>,
) -> Result<Response, ApiError> {
    let doc = dataset_document(&state, &dataset).await?;
    let iri = format!(
        "{}/distributies/{bestand}",
        state.uitgever.dataset_iri(&dataset.replace('.', ":"))
    );
    let found = doc["dcat:distribution"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["@id"] == iri.as_str()))
        .cloned();
    match found {
        Some(d) => Ok(json_ld(d)),
        None => Err(ApiError::niet_gevonden(
            "bestand",
            "distributie",
            "distribution",
            bestand,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{mapnaam, verouderd};
    use gemeten_store::PortfolioStand;

    #[test]
    fn only_what_this_database_can_no_longer_use_is_cleared() {
        let nu = PortfolioStand {
            database: 0xab12,
            versie: 7,
            merk: 0x77,
        };
        let bij = |versie, merk| mapnaam(&PortfolioStand { versie, merk, ..nu });
        assert!(!verouderd(&mapnaam(&nu), &nu), "the current one");
        assert!(!verouderd(&bij(8, 0x88), &nu), "another server's newer");
        let tmp = format!("{}.tmp-99", mapnaam(&nu));
        assert!(!verouderd(&tmp, &nu), "a write under way");
        assert!(verouderd(&bij(6, 0x66), &nu), "older");
        let tmp = format!("{}.tmp-99", bij(6, 0x66));
        assert!(verouderd(&tmp, &nu), "an older write left behind");
        assert!(
            verouderd(&bij(7, 0x78), &nu),
            "a copy's at the same version, gone on by itself"
        );
        let ander = PortfolioStand {
            database: 0xcd34,
            ..nu
        };
        assert!(verouderd(&mapnaam(&ander), &nu), "another database's");
        assert!(
            verouderd("portfolio-7", &nu),
            "the layout before the identity"
        );
        assert!(
            verouderd("portfolio-ab12-7", &nu),
            "the layout before the marks"
        );
        assert!(!verouderd("README", &nu), "not ours");
    }
}
