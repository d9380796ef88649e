//! The FAIR package through the API: the catalogue (`/api/v1/fair/catalogus.jsonld`) and every
//! file it lists (`/api/v1/fair/bestanden/{bestand}`), the same as `gemeten fair export`
//! writes, without the values the small-cell policy withholds.

use axum::response::{IntoResponse, Response};
use axum::Json;

use gemeten_store::ProjectStore;

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

/// The FAIR package as of now: the same files and metadata as `gemeten fair export`, without
/// the values the small-cell policy withholds.
async fn fair_package(state: &AppState) -> Result<gemeten_publicatie::FairPakket, ApiError> {
    let projects = state.with_store(|s| s.projects()).await?;
    let observations = crate::kpi::kleine_aantallen::zichtbaar(state, None).await?;
    let cat = gemeten_indicators::Catalogus::standaard()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    gemeten_publicatie::fair_pakket(&state.register, &projects, &observations, &cat)
        .map_err(|e| ApiError::Internal(e.to_string()))
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
    let pakket = fair_package(&state).await?;
    let Some(b) = pakket
        .bestanden
        .into_iter()
        .find(|b| gemeten_publicatie::bestand_segment(&b.path) == bestand)
    else {
        return Err(ApiError::NotFound {
            what: "file",
            field: Some("bestand"),
            key: bestand,
        });
    };
    Ok(([(axum::http::header::CONTENT_TYPE, b.media_type)], b.bytes).into_response())
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
        return Err(ApiError::NotFound {
            what: "dataset",
            field: Some("dataset"),
            key: dataset.to_owned(),
        });
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
        None => Err(ApiError::NotFound {
            what: "distribution",
            field: Some("bestand"),
            key: bestand,
        }),
    }
}
