//! The FAIR package through the API: the catalogue (`/api/v1/fair/catalogus.jsonld`) and every
//! file it lists (`/api/v1/fair/bestanden/{bestand}`), the same as `gemeten fair export`
//! writes, without the values the small-cell policy withholds.

use axum::response::{IntoResponse, Response};
use axum::Json;

use gemeten_store::ProjectStore;

use crate::api::PREFIX;
use crate::error::ApiError;
use crate::routes::Routes;
use crate::AppState;

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/fair/catalogus.jsonld", fair_catalogus)
        .get("/fair/bestanden/{bestand}", fair_bestand)
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

/// A file's path in the package as one URL segment: `register/csv/missie.csv` becomes
/// `register~csv~missie.csv`.
fn fair_segment(path: &str) -> String {
    path.replace('/', "~")
}

async fn fair_catalogus(state: axum::extract::State<AppState>) -> Result<Response, ApiError> {
    let mut pakket = fair_package(&state).await?;
    for d in &mut pakket.datasets {
        for f in &mut d.distributions {
            f.path = format!("{PREFIX}/fair/bestanden/{}", fair_segment(&f.path));
        }
    }
    let today = gemeten_monitoring::Datum::today().to_string();
    let doc = gemeten_publicatie::catalogus(
        &gemeten_publicatie::Uitgever::standaard(),
        &pakket.datasets,
        &today,
    );
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
        .find(|b| fair_segment(&b.path) == bestand)
    else {
        return Err(ApiError::niet_gevonden(
            "bestand", "bestand", "file", bestand,
        ));
    };
    Ok(([(axum::http::header::CONTENT_TYPE, b.media_type)], b.bytes).into_response())
}
