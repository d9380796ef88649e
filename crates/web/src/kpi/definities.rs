//! `POST /api/v1/kpi`: KPI definitions administrators add or change, through the use case
//! `kpi_definities_vastleggen` (role, rules, stored observations, audit), so the API refuses
//! exactly what the command line refuses.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use gemeten_indicators::{Definities, KpiDefinitie, SesDimensie};
use serde::Deserialize;

use crate::auth::Gebruiker;
use crate::error::ApiError;
use crate::extract::{lees, JsonBody};
use crate::AppState;

/// The object form of the body of `POST /api/v1/kpi`: `ses_dimensie` (breakdowns) and `kpi`
/// arrays, as in `kpis.toml`. The body may also be a bare array of KPI definitions.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lichaam {
    #[serde(default)]
    ses_dimensie: Vec<SesDimensie>,
    #[serde(default)]
    kpi: Vec<KpiDefinitie>,
}

/// `POST /api/v1/kpi`: KPI definitions and SES breakdowns (an array of definitions, or a
/// [`Lichaam`]); all are stored or none is. 200 with the codes stored.
pub(crate) async fn api_vastleggen(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<serde_json::Value>, ApiError>,
) -> Result<Response, ApiError> {
    let account = gebruiker.account()?.clone();
    let JsonBody(body) = body?;
    // Read as the one form the body has, so that a refusal names the member at fault
    // (`[1].breuken[0].jaar`) rather than "matches neither form".
    let defs = if body.is_array() {
        Definities {
            ses_dimensie: Vec::new(),
            kpi: lees(body)?,
        }
    } else {
        let Lichaam { ses_dimensie, kpi } = lees(body)?;
        Definities { ses_dimensie, kpi }
    };
    let codes = defs.codes();
    state
        .schrijf(move |s, _| gemeten_app::definities_vastleggen(s, &account, defs))
        .await?;
    Ok(Json(json!({ "defined": codes })).into_response())
}
