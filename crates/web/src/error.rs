//! Errors as types: every failure a handler can meet, and how it looks as JSON (API) or
//! as a page (HTML).

use std::borrow::Cow;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use thiserror::Error;

/// A query or path parameter, or a member of a JSON body, that is not a valid value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("parameter `{field}`: {reason}")]
pub struct ParamError {
    /// The parameter, or the path of the member in a body (`kind.n`, `keuze.top[1]`).
    pub field: Cow<'static, str>,
    pub reason: String,
}

impl ParamError {
    pub fn new(field: &'static str, reason: impl Into<String>) -> ParamError {
        ParamError {
            field: Cow::Borrowed(field),
            reason: reason.into(),
        }
    }

    /// A refusal of a member found while reading (its path is only known then).
    pub fn at(field: String, reason: impl Into<String>) -> ParamError {
        ParamError {
            field: Cow::Owned(field),
            reason: reason.into(),
        }
    }
}

#[derive(Debug, Error)]
pub enum ApiError {
    /// 400: a parameter has a value the domain refuses.
    #[error("{0}")]
    BadParam(#[from] ParamError),
    /// 404: a well-formed key that names nothing.
    #[error("{what} '{key}' does not exist")]
    NotFound {
        what: &'static str,
        field: Option<&'static str>,
        key: String,
    },
    /// 404: no endpoint at this path.
    #[error("no endpoint {0}")]
    NoRoute(String),
    /// 401: no (valid) session or API token.
    #[error("log in or send an API token (Authorization: Bearer …)")]
    Unauthorized,
    /// 403: a user whose role or organisation does not allow this, or a wrong CSRF token.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// 409: the object to create exists already (a username, a round id).
    #[error("{0}")]
    Conflict(String),
    /// 413: the request body is larger than the limit.
    #[error("the request body is too large")]
    TooLarge,
    /// 503: the store stayed busy (locked by another writer, every connection in use) past
    /// its waiting time; answered with `Retry-After`. Nothing was written.
    #[error("the database is busy; nothing was changed, try again in a moment")]
    Busy,
    /// 500: the store failed; the message is logged, not a panic, and not sent: it names the
    /// database (a file path, a host).
    #[error("internal error: {0}")]
    Internal(String),
}

/// Seconds a client is asked to wait after a 503 for a busy store.
pub const RETRY_AFTER_SECONDS: u32 = 1;

impl From<gemeten_store::StoreError> for ApiError {
    /// A store that is busy is a 503, anything else it fails with a 500.
    fn from(e: gemeten_store::StoreError) -> Self {
        if e.is_busy() {
            eprintln!("gemeten-web: {e}");
            ApiError::Busy
        } else {
            ApiError::Internal(e.to_string())
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadParam(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound { .. } | ApiError::NoRoute(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::BadParam(p) => Some(&p.field),
            ApiError::NotFound { field, .. } => *field,
            ApiError::NoRoute(_)
            | ApiError::Unauthorized
            | ApiError::Forbidden(_)
            | ApiError::Conflict(_)
            | ApiError::TooLarge
            | ApiError::Busy
            | ApiError::Internal(_) => None,
        }
    }

    /// The message without the field prefix (the field is its own member in JSON).
    pub fn message(&self) -> String {
        match self {
            ApiError::BadParam(p) => p.reason.clone(),
            ApiError::Internal(_) => "internal error; the server's log has the details".into(),
            e => e.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(e) = &self {
            eprintln!("gemeten-web: {e}");
        }
        let body = json!({ "error": self.message(), "field": self.field() });
        let mut response = (self.status(), Json(body)).into_response();
        if matches!(self, ApiError::Busy) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(RETRY_AFTER_SECONDS),
            );
        }
        if matches!(self, ApiError::Unauthorized) {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl From<gemeten_app::AppFout> for ApiError {
    /// The use cases' refusals keep their meaning: no role 403, unknown 404, refused input
    /// 400 naming the field (every problem of refused monitoring input under `body`), known
    /// already 409; the store's own refusals of input (known keys, a missing record) are 400
    /// too, and only its failures 500.
    fn from(e: gemeten_app::AppFout) -> Self {
        use gemeten_app::AppFout;
        use gemeten_store::StoreError;
        match e {
            AppFout::Verboden { reason, .. } => ApiError::Forbidden(reason),
            AppFout::NietGevonden { what, field, key } => ApiError::NotFound {
                what,
                field: Some(field),
                key,
            },
            AppFout::Ongeldig { field, reason } => {
                ApiError::BadParam(ParamError::new(field, reason))
            }
            AppFout::Bestaat(m) => ApiError::Conflict(m),
            AppFout::Problemen(p) => ApiError::BadParam(ParamError::new("body", p.to_string())),
            AppFout::Store(
                e @ (StoreError::Exists { .. }
                | StoreError::ProjectExists { .. }
                | StoreError::NotFound { .. }
                | StoreError::RoundExists { .. }
                | StoreError::AccountRefused { .. }),
            ) => ApiError::BadParam(ParamError::new("body", e.to_string())),
            AppFout::Store(e) => ApiError::from(e),
        }
    }
}

impl IntoResponse for ParamError {
    fn into_response(self) -> Response {
        ApiError::BadParam(self).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "database is locked" once came back as a 500 whose message named the database file.
    #[test]
    fn a_busy_store_is_a_503_with_retry_after_and_no_path() {
        let e = ApiError::from(gemeten_store::StoreError::Pool {
            path: "/srv/geheim/gemeten.sqlite".into(),
            reason: "timed out waiting for connection".into(),
        });
        let r = e.into_response();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.headers()[axum::http::header::RETRY_AFTER], "1");
        let internal = ApiError::Internal("database /srv/geheim/gemeten.sqlite: kapot".into());
        assert!(!internal.message().contains("/srv/geheim"));
        assert!(!ApiError::Busy.message().contains("/srv"));
    }
}
