//! Who is asking: the session cookie or an API token, resolved once per request by
//! [`guard`], which also checks the CSRF token of every unsafe request that a browser could
//! send on its own (cookie-authenticated ones, and the login form). Handlers take the
//! [`Gebruiker`] extractor and ask it for a role with [`Gebruiker::require`].

use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use gemeten_domain::{Account, Rol};
use gemeten_store::AccountStore;

use crate::error::ApiError;
use crate::extract::Taal;
use crate::layout::{page, Nav};
use crate::AppState;
use maud::html;

/// The session cookie (the random token; only its hash is stored).
pub const SESSION_COOKIE: &str = "gemeten_sessie";
/// The CSRF cookie of visitors without a session (double submit, for the login form).
pub const CSRF_COOKIE: &str = "gemeten_csrf";
/// The form field, and `X-CSRF-Token` the header, that carry the CSRF token.
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a session lasts.
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// The largest request body accepted (larger is 413).
pub const BODY_LIMIT: usize = 64 * 1024;

/// How the request was authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// Not at all.
    Geen,
    /// A session cookie: the session's token and its CSRF token.
    Sessie { token: String, csrf: String },
    /// `Authorization: Bearer <token>`.
    Token,
}

/// The user of this request, if any. Resolved by [`guard`]; extracting it never fails.
#[derive(Debug, Clone)]
pub struct Gebruiker {
    pub account: Option<Account>,
    pub via: Via,
}

impl Gebruiker {
    /// The user when their role is one of `roles`: 401 without a user, 403 with another role.
    pub fn require(&self, roles: &[Rol]) -> Result<&Account, ApiError> {
        let account = self.account.as_ref().ok_or(ApiError::Unauthorized)?;
        if roles.contains(&account.role()) {
            Ok(account)
        } else {
            let rol = account.role();
            Err(ApiError::verboden(
                format!("de rol '{rol}' mag dit niet"),
                format!("role '{rol}' may not do this"),
            ))
        }
    }

    /// The user, for a use case that checks the role itself (and records a refusal): 401
    /// without one.
    pub fn account(&self) -> Result<&Account, ApiError> {
        self.account.as_ref().ok_or(ApiError::Unauthorized)
    }

    /// The CSRF token to put in forms: the session's, or the visitor's cookie.
    pub fn csrf(&self) -> Option<&str> {
        match &self.via {
            Via::Sessie { csrf, .. } => Some(csrf),
            _ => None,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Gebruiker {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Gebruiker>()
            .cloned()
            .unwrap_or(Gebruiker {
                account: None,
                via: Via::Geen,
            }))
    }
}

/// The client's address, as the connection gives it (none on a router without a socket, as
/// in tests that do not set one): what login throttling counts per address. Behind a reverse
/// proxy it is the proxy's.
#[derive(Debug, Clone)]
pub struct Adres(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Adres {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Adres(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string()),
        ))
    }
}

/// The value of cookie `name`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
        .find(|v| !v.is_empty())
        .map(str::to_owned)
}

/// A `Set-Cookie` value with the attributes every gemeten secret cookie has.
pub fn secret_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"
    ))
    .expect("cookie values are hex digits")
}

pub fn set_cookie(response: &mut Response, value: HeaderValue) {
    response.headers_mut().append(SET_COOKIE, value);
}

/// How long a looked-up session or token is trusted without asking the store again, even
/// when the accounts have not changed: the lookups compare expiry times in whole seconds, so
/// a session or token that expires is refused at most this long after its last second.
pub(crate) const KEEP: Duration = Duration::from_secs(1);
/// At most this many answers are kept, the least recently used let go first.
const KEEP_MAX: usize = 10_000;

/// Answers of session and token lookups. Each logged-in request used to look up its session
/// or token in the store: a blocking call and a query, a third of the throughput of a cheap
/// API read. An answer is now reused while the accounts' change counter (`versie`, area
/// `account`) is the one it was read under and for at most [`KEEP`]. Every change that can
/// end a session or token moves that counter in the same transaction: disabling or deleting
/// a user, changing a role or password (`gebruiker`), revoking a token (`api_token`),
/// logging out or ending a user's sessions (`sessie`, migration 0020). A change made through
/// this server is seen by its next request (`AppState::schrijf`); one made by another process
/// (`gemeten users disable`) within the counters' freshness, 100 ms. Only found sessions and
/// tokens are kept: a wrong token is asked of the store every time.
#[derive(Default)]
pub(crate) struct Aanmeldingen {
    kept: crate::bewaarplaats::Bewaarplaats<(bool, String), Bewaard, KEEP_MAX>,
}

#[derive(Clone)]
struct Bewaard {
    account: Account,
    /// The session's CSRF token; `None` for an API token.
    csrf: Option<String>,
    versie: u64,
    at: Instant,
}

impl Aanmeldingen {
    fn get(&self, key: &(bool, String), versie: u64) -> Option<Bewaard> {
        self.kept
            .get(key, |b| b.versie == versie && b.at.elapsed() < KEEP)
    }

    fn keep(&self, key: (bool, String), b: Bewaard) {
        self.kept.put(key, b);
    }

    /// Forgets the answer for this session (logging out through this server).
    pub(crate) fn vergeet_sessie(&self, token: &str) {
        self.kept.remove(&(false, token.to_owned()));
    }
}

async fn resolve(state: &AppState, headers: &HeaderMap) -> Result<Gebruiker, ApiError> {
    if let Some(auth) = headers.get(AUTHORIZATION) {
        let token = auth
            .to_str()
            .ok()
            .and_then(|a| a.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned())
            .ok_or(ApiError::Unauthorized)?;
        // The counter is read before the lookup: a change after it makes the answer stale.
        let versie = state.versies().await?.account;
        let key = (true, token);
        let account = match state.aanmeldingen.get(&key, versie) {
            Some(b) => Some(b.account),
            None => {
                let t = key.1.clone();
                let found = state.with_store(move |s| s.token_user(&t)).await?;
                if let Some(a) = &found {
                    state.aanmeldingen.keep(
                        key,
                        Bewaard {
                            account: a.clone(),
                            csrf: None,
                            versie,
                            at: Instant::now(),
                        },
                    );
                }
                found
            }
        };
        return match account {
            Some(a) => Ok(Gebruiker {
                account: Some(a),
                via: Via::Token,
            }),
            None => Err(ApiError::Unauthorized),
        };
    }
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        let versie = state.versies().await?.account;
        let key = (false, token);
        let found = match state.aanmeldingen.get(&key, versie) {
            Some(b) => Some((b.account, b.csrf.unwrap_or_default())),
            None => {
                let t = key.1.clone();
                let found = state.with_store(move |s| s.session(&t)).await?;
                if let Some((a, csrf)) = &found {
                    state.aanmeldingen.keep(
                        key.clone(),
                        Bewaard {
                            account: a.clone(),
                            csrf: Some(csrf.clone()),
                            versie,
                            at: Instant::now(),
                        },
                    );
                }
                found
            }
        };
        if let Some((account, csrf)) = found {
            return Ok(Gebruiker {
                account: Some(account),
                via: Via::Sessie { token: key.1, csrf },
            });
        }
    }
    Ok(Gebruiker {
        account: None,
        via: Via::Geen,
    })
}

/// A static file read with a safe method: answered without asking who asks.
fn is_static(parts: &Parts) -> bool {
    matches!(parts.method, Method::GET | Method::HEAD)
        && parts.uri.path().starts_with(crate::STATIC_PREFIX)
}

pub(crate) fn same(a: &str, b: &str) -> bool {
    // Constant time in the length of the tokens.
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A form sent without the right CSRF token (an old page, another site, a lost cookie): a
/// page, not JSON, that tells the user to reload the form.
async fn csrf_page(parts: &mut Parts, state: &AppState) -> Response {
    let Ok(taal) = Taal::from_request_parts(parts, state).await;
    let l = taal.lang;
    // The page the form came from: the path itself, or the round for a ballot.
    let path = crate::extract::local_path(parts.uri.path());
    let back = path.strip_suffix("/stem").unwrap_or(&path).to_owned();
    let title = l.t("Formulier verlopen", "Form expired");
    let body = html! {
        h1 { (title) }
        p { (l.t(
            "Dit formulier kon niet worden gecontroleerd: het is verlopen (bijvoorbeeld na opnieuw inloggen) of niet vanuit gemeten verstuurd. Er is niets opgeslagen.",
            "This form could not be verified: it has expired (for example after logging in again) or was not sent from gemeten. Nothing was saved.",
        )) }
        p { a href=(back) { (l.t("Laad het formulier opnieuw", "Reload the form")) }
            " " (l.t("en probeer het nog eens.", "and try again.")) }
    };
    let mut response = page(&taal, title, Nav::Geen, body);
    *response.status_mut() = axum::http::StatusCode::FORBIDDEN;
    response
}

/// Resolves the user and refuses (403) unsafe requests without the right CSRF token: those
/// with a session cookie (the session's token) and the forms of visitors without one (the
/// CSRF cookie). Requests with an API token, and anonymous API requests (401 later), need
/// none.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    if is_static(&parts) {
        // The same for everyone: the stylesheet comes with every page and its cookies, and
        // looking up who asks would cost a store query for nothing.
        parts.extensions.insert(Gebruiker {
            account: None,
            via: Via::Geen,
        });
        return next.run(Request::from_parts(parts, body)).await;
    }
    let gebruiker = match resolve(&state, &parts.headers).await {
        Ok(g) => g,
        Err(e) => return e.into_response(),
    };
    let mut body = body;
    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && gebruiker.via != Via::Token {
        let expected = match &gebruiker.via {
            Via::Sessie { csrf, .. } => Some(csrf.clone()),
            _ if parts.uri.path().starts_with("/api/") => None,
            _ => Some(cookie(&parts.headers, CSRF_COOKIE).unwrap_or_default()),
        };
        if let Some(expected) = expected {
            let mut given = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let is_form = parts
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            if given.is_none() && is_form {
                let bytes = match to_bytes(body, BODY_LIMIT).await {
                    Ok(b) => b,
                    Err(_) => return ApiError::TooLarge.into_response(),
                };
                given = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                    .ok()
                    .and_then(|pairs| {
                        pairs
                            .into_iter()
                            .find(|(k, _)| k == CSRF_FIELD)
                            .map(|(_, v)| v)
                    });
                body = Body::from(bytes);
            }
            let ok = !expected.is_empty() && given.is_some_and(|g| same(&g, &expected));
            if !ok {
                if parts.uri.path().starts_with("/api/") {
                    return ApiError::verboden(
                        "het CSRF-token ontbreekt of klopt niet",
                        "missing or wrong CSRF token",
                    )
                    .into_response();
                }
                parts.extensions.insert(gebruiker);
                return csrf_page(&mut parts, &state).await;
            }
        }
    }
    parts.extensions.insert(gebruiker);
    next.run(Request::from_parts(parts, body)).await
}
