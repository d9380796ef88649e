//! `POST /api/v1/kpi`: KPI definitions administrators add or change, through the use case
//! `kpi_definities_vastleggen` (role, rules, stored observations, audit), so the API refuses
//! exactly what the command line refuses.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use gemeten_indicators::KpiDefinitie;

use crate::auth::Gebruiker;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::AppState;

/// `POST /api/v1/kpi`: a JSON array of KPI definitions (the fields of `kpis.toml`'s
/// `[[kpi]]`); all are stored or none is. 200 with the codes stored.
pub(crate) async fn api_vastleggen(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<Vec<KpiDefinitie>>, ApiError>,
) -> Result<Response, ApiError> {
    let account = gebruiker.account()?.clone();
    let JsonBody(defs) = body?;
    let codes: Vec<String> = defs.iter().map(|d| d.code.clone()).collect();
    state
        .schrijf(move |s, _| gemeten_app::kpi_definities_vastleggen(s, &account, defs))
        .await?;
    Ok(Json(json!({ "defined": codes })).into_response())
}
