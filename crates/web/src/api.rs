//! The JSON API under `/api/v1`: each feature registers its operations (`api(r)` beside its
//! `pages(r)`), through the [`Routes`] recorder, so a test can hold the router and the
//! OpenAPI document against each other.

use axum::response::IntoResponse;
use axum::Router;

use crate::routes::Routes;
use crate::{AppState, OPENAPI};

pub const PREFIX: &str = "/api/v1";

fn routes() -> Routes {
    let r = Routes::new(PREFIX).get("/openapi.json", openapi);
    let r = crate::missies::api(r);
    let r = crate::projecten::api(r);
    let r = crate::innovaties::api(r);
    let r = crate::zoeken::api_routes(r);
    let r = crate::beheer::api(r);
    let r = crate::rondes::api::api(r);
    let r = crate::kpi::api(r);
    let r = crate::gebieden::api(r);
    let r = crate::beoordelingen::api(r);
    let r = crate::oproepen::api(r);
    crate::publiceren::api(r)
}

pub(crate) fn router() -> Router<AppState> {
    routes().router()
}

/// The API's paths as the router has them, relative to `/api/v1` (the OpenAPI `servers` url).
pub fn api_paths() -> Vec<&'static str> {
    let mut paths: Vec<&'static str> = routes().operations().iter().map(|o| o.1).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// The API's operations as the router has them: (lower-case method, path).
pub fn api_operations() -> Vec<(&'static str, &'static str)> {
    routes().operations()
}

async fn openapi() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
}
