//! API tokens in the JSON API besides creating them (`POST /tokens` in api.rs): listing them
//! (administrators see all, others their own) and revoking one (its owner or an
//! administrator). A token is named by an id from its stored hash, never by itself.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use gemeten_store::{AccountStore, ApiToken, Rol};

use crate::auth::Gebruiker;
use crate::error::ApiError;
use crate::AppState;

fn token_json(t: &ApiToken) -> serde_json::Value {
    json!({
        "id": t.id,
        "username": t.username,
        "created_by": t.created_by,
        "created_at": t.created_at,
    })
}

/// `GET /tokens`: any logged-in user.
pub(crate) async fn list(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
) -> Result<Response, ApiError> {
    let account = gebruiker.require(&Rol::ALL)?;
    let owner = (account.role != Rol::Admin).then(|| account.username.clone());
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
    let account = gebruiker.require(&Rol::ALL)?.clone();
    let key = id.clone();
    let outcome = state
        .with_store_mut(move |s| {
            let Some(token) = s.api_tokens(None)?.into_iter().find(|t| t.id == key) else {
                return Ok(Err(ApiError::NotFound {
                    what: "API token",
                    field: Some("id"),
                    key,
                }));
            };
            if account.role != Rol::Admin && token.username != account.username {
                return Ok(Err(ApiError::Forbidden(
                    "only its owner or an administrator may revoke this token".into(),
                )));
            }
            s.atomically(|s| {
                s.revoke_api_token(&token.id)?;
                s.audit(
                    &account.username,
                    "API-token ingetrokken",
                    &format!("gebruiker {}", token.username),
                    Some(&token_json(&token)),
                    None,
                )
            })?;
            Ok(Ok(()))
        })
        .await?;
    outcome?;
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}
