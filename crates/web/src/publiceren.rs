//! The FAIR package through the API: the catalogue (`/api/v1/fair/catalogus.jsonld`) and every
//! file it lists (`/api/v1/fair/bestanden/{bestand}`), the same as `gemeten fair export`
//! writes, without the values the small-cell policy withholds.

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
#[derive(Default)]
pub(crate) struct FairCache {
    last: std::sync::Mutex<Option<(Sleutel, Arc<Gebouwd>)>>,
    /// One build at a time; requests that arrive meanwhile wait for it and take its result.
    gate: tokio::sync::Mutex<()>,
    builds: AtomicU64,
}

/// The store's versions of the projects and the observations.
type Sleutel = (u64, u64);

/// A built package: its datasets for the catalogue, and its files by URL segment, each
/// shared by the responses (no copy per request).
struct Gebouwd {
    datasets: Vec<gemeten_publicatie::Dataset>,
    bestanden: std::collections::HashMap<String, (&'static str, Bytes)>,
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
                        (b.media_type, Bytes::from(b.bytes)),
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
    // The projects of the shared snapshot (at least as new as the key's version), not a copy
    // of their own: at start the snapshot is being loaded anyway, and a second read of every
    // project would double the server's memory for a national portfolio. A snapshot newer
    // than the key gives a key older than the content, which is rebuilt once more, never
    // served as newer.
    let snap = crate::projecten::portefeuille::snapshot(state).await?;
    let observations = crate::kpi::kleine_aantallen::zichtbaar(state, None).await?;
    let register = Arc::clone(&state.register);
    // Seconds of work for a large portfolio: on the blocking pool, not on a runtime thread.
    let pakket = tokio::task::spawn_blocking(move || {
        let cat = gemeten_indicators::Catalogus::standaard()
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        gemeten_publicatie::fair_pakket(&register, &snap.projects, &observations, &cat)
            .map(Gebouwd::from)
            .map_err(|e| ApiError::Internal(e.to_string()))
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
    let Some((media_type, bytes)) = pakket.bestanden.get(&bestand) else {
        return Err(not_found(bestand));
    };
    Ok((
        [(axum::http::header::CONTENT_TYPE, *media_type)],
        bytes.clone(),
    )
        .into_response())
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
