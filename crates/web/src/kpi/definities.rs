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
use crate::extract::JsonBody;
use crate::AppState;

/// The body of `POST /api/v1/kpi`: a JSON array of KPI definitions, or an object with
/// `ses_dimensie` (breakdowns) and `kpi` arrays, as in `kpis.toml`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Lichaam {
    Kpis(Vec<KpiDefinitie>),
    Definities {
        #[serde(default)]
        ses_dimensie: Vec<SesDimensie>,
        #[serde(default)]
        kpi: Vec<KpiDefinitie>,
    },
}

/// `POST /api/v1/kpi`: KPI definitions and SES breakdowns (see [`Lichaam`]); all are stored
/// or none is. 200 with the codes stored.
pub(crate) async fn api_vastleggen(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<Lichaam>, ApiError>,
) -> Result<Response, ApiError> {
    let account = gebruiker.account()?.clone();
    let JsonBody(lichaam) = body?;
    let defs = match lichaam {
        Lichaam::Kpis(kpi) => Definities {
            ses_dimensie: Vec::new(),
            kpi,
        },
        Lichaam::Definities { ses_dimensie, kpi } => Definities { ses_dimensie, kpi },
    };
    let codes = defs.codes();
    state
        .schrijf(move |s, _| gemeten_app::definities_vastleggen(s, &account, defs))
        .await?;
    Ok(Json(json!({ "defined": codes })).into_response())
}
