//! API tokens in the JSON API besides creating them (`POST /tokens` in api.rs): listing them
//! (administrators see all, others their own) and revoking one (its owner or an
//! administrator). A token is named by an id from its stored hash, never by itself.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use gemeten_domain::{ApiToken, Rol};
use gemeten_store::AccountStore;

use crate::auth::Gebruiker;
use axum::http::StatusCode;

use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::AppState;

fn token_json(t: &ApiToken) -> serde_json::Value {
    json!(t)
}

/// `GET /tokens`: any logged-in user.
pub(crate) async fn list(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
) -> Result<Response, ApiError> {
    let account = gebruiker.require(&Rol::ALL)?;
    let owner = (account.role() != Rol::Admin).then(|| account.username.to_string());
    let tokens = state
        .with_store(move |s| s.api_tokens(owner.as_deref()))
        .await?;
    Ok(Json(tokens.iter().map(token_json).collect::<Vec<_>>()).into_response())
}

/// `DELETE /tokens/{id}`: 204; 404 for an unknown id, 403 for someone else's token (unless an
/// administrator). The revocation is in the audit log.
pub(crate) async fn revoke(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    let account = gebruiker.account()?.clone();
    state
        .schrijf(move |s, _| gemeten_app::revoke_token(s, &account, &id))
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenRequest {
    pub username: String,
    /// Days the token is valid; by default the server's (`gemeten serve --token-days`).
    #[serde(default)]
    pub days: Option<u32>,
}

/// `POST /tokens`: an administrator creates an API token for a user, valid for `days` (by
/// default the server's). The token is in this answer only, with when it expires; the store
/// keeps its hash.
pub(crate) async fn create_token(
    state: axum::extract::State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<TokenRequest>, ApiError>,
) -> Result<Response, ApiError> {
    let admin = gebruiker.account()?.clone();
    let JsonBody(TokenRequest { username, days }) = body?;
    let who = username.clone();
    let days = days.unwrap_or(state.token_days);
    let new = state
        .schrijf(move |s, _| gemeten_app::create_token(s, &admin, &who, days))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({
            "username": username,
            "token": new.token,
            "expires_at": new.expires_at,
        })),
    )
        .into_response())
}
