//! Errors as types: every failure a handler can meet, and how it looks as JSON (API) or
//! as a page (HTML). Refused input is the domain's one problem type ([`Probleem`]); every
//! message is said in the reader's language: a page in the page's, JSON in the request's
//! (`?lang=`, then `Accept-Language`, then the server's language — Dutch unless started
//! with `--lang en`; see [`taal_van_verzoek`]).

use axum::extract::{Request, State};
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use thiserror::Error;

use gemeten_domain::{Lang, Probleem, Problemen, Tweetalig};

use crate::AppState;

#[derive(Debug, Clone, Error)]
pub enum ApiError {
    /// 400: a parameter, form field or body member that cannot be read as what the OpenAPI
    /// document describes (not JSON, a wrong type, a malformed parameter); every
    /// problem names its field.
    #[error("{0}")]
    BadParam(Problemen),
    /// 422: a request that reads well (its body and parameters are what the OpenAPI document
    /// describes) but that the domain's rules refuse: a reference to nothing in the register,
    /// a rule across fields, a value out of what the register allows. Every problem names its
    /// field. Kept apart from 400 so that a client (and schemathesis) can tell a request the
    /// document already rules out from one only the register's content rules out.
    #[error("{0}")]
    Unprocessable(Problemen),
    /// 404: a well-formed key that names nothing (the problem names the field that gave it).
    #[error("{0}")]
    NotFound(Probleem),
    /// 404: no endpoint at this path.
    #[error("geen adres {0}")]
    NoRoute(String),
    /// 401: no (valid) session or API token.
    #[error("log in of stuur een API-token (Authorization: Bearer …)")]
    Unauthorized,
    /// 403: a user whose role or organisation does not allow this, or a wrong CSRF token.
    #[error("niet toegestaan: {0}")]
    Forbidden(Tweetalig),
    /// 409: the object to create exists already (a username, a round id).
    #[error("{0}")]
    Conflict(Probleem),
    /// 413: the request body is larger than the limit.
    #[error("het verzoek is te groot")]
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

impl From<Probleem> for ApiError {
    fn from(p: Probleem) -> ApiError {
        ApiError::BadParam(p.into())
    }
}

impl From<Problemen> for ApiError {
    fn from(p: Problemen) -> ApiError {
        ApiError::BadParam(p)
    }
}

impl ApiError {
    /// 404 for a key that names nothing: `wat` in Dutch and English (`"ronde"`, `"round"`).
    pub fn niet_gevonden(
        field: &'static str,
        wat_nl: &str,
        wat_en: &str,
        key: impl std::fmt::Display,
    ) -> ApiError {
        ApiError::NotFound(Probleem::onbekend(field, wat_nl, wat_en, key))
    }

    /// 403 with the reason in Dutch and English.
    pub fn verboden(nl: impl Into<String>, en: impl Into<String>) -> ApiError {
        ApiError::Forbidden(Tweetalig::new(nl, en))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadParam(_) => StatusCode::BAD_REQUEST,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound(_) | ApiError::NoRoute(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The field the refusal is about, machine-readable, in no language.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::BadParam(p) | ApiError::Unprocessable(p) => p.field(),
            ApiError::NotFound(p) | ApiError::Conflict(p) => p.field(),
            ApiError::NoRoute(_)
            | ApiError::Unauthorized
            | ApiError::Forbidden(_)
            | ApiError::TooLarge
            | ApiError::Busy
            | ApiError::Internal(_) => None,
        }
    }

    /// The message in `lang`, without the field (the field is its own member in JSON and
    /// stands next to its input in a form) when that is all there is of the place.
    pub fn message(&self, lang: Lang) -> String {
        let zonder_veld = |p: &Probleem| {
            if p.file.is_none() && p.line.is_none() && p.record.is_none() {
                p.reden(lang).to_owned()
            } else {
                p.tekst(lang)
            }
        };
        match self {
            ApiError::BadParam(p) | ApiError::Unprocessable(p) => match p.0.as_slice() {
                [one] => zonder_veld(one),
                _ => p.tekst(lang),
            },
            ApiError::NotFound(p) | ApiError::Conflict(p) => zonder_veld(p),
            ApiError::NoRoute(path) => format!("{} {path}", lang.t("geen adres", "no endpoint")),
            ApiError::Unauthorized => lang
                .t(
                    "log in of stuur een API-token (Authorization: Bearer …)",
                    "log in or send an API token (Authorization: Bearer …)",
                )
                .to_owned(),
            ApiError::Forbidden(r) => {
                format!(
                    "{}: {}",
                    lang.t("niet toegestaan", "forbidden"),
                    r.get(lang)
                )
            }
            ApiError::TooLarge => lang
                .t("het verzoek is te groot", "the request body is too large")
                .to_owned(),
            ApiError::Internal(_) => lang
                .t(
                    "interne fout; de beheerder vindt de oorzaak in het serverlog",
                    "internal error; the administrator finds the cause in the server log",
                )
                .to_owned(),
            ApiError::Busy => lang
                .t(
                    "de database is even bezet; er is niets gewijzigd, probeer het zo opnieuw",
                    "the database is busy; nothing was changed, try again in a moment",
                )
                .to_owned(),
        }
    }

    /// The JSON body: `error` in `lang`, `field` (machine-readable), `lang`, and for refused
    /// input every problem with its place and its reason in both languages.
    pub fn body(&self, lang: Lang) -> serde_json::Value {
        let mut body = json!({
            "error": self.message(lang),
            "field": self.field(),
            "lang": lang.code(),
        });
        if let Some(p) = self.problemen() {
            body["problems"] = json!(p);
        }
        body
    }

    /// Every problem of refused input with its place; `None` for other errors.
    pub fn problemen(&self) -> Option<&[Probleem]> {
        match self {
            ApiError::BadParam(p) | ApiError::Unprocessable(p) => Some(p.0.as_slice()),
            ApiError::NotFound(p) | ApiError::Conflict(p) => Some(std::slice::from_ref(p)),
            _ => None,
        }
    }
}

tokio::task_local! {
    /// The language of the request being answered, set by [`taal_van_verzoek`].
    static VERZOEK_TAAL: Lang;
}

/// The language an API answer speaks: `?lang=`, then the first of `Accept-Language` that
/// gemeten speaks (by its weight), then the server's language.
fn kies_taal(request: &Request, standaard: Lang) -> Lang {
    let gevraagd = request.uri().query().and_then(|q| {
        url_pairs(q)
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::parse(&v))
    });
    gevraagd
        .or_else(|| accept_language(request.headers()))
        .unwrap_or(standaard)
}

fn url_pairs(q: &str) -> impl Iterator<Item = (String, String)> + '_ {
    q.split('&').filter_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        Some((k.to_owned(), v.to_owned()))
    })
}

/// The language of the highest weight in `Accept-Language` that gemeten speaks (`nl-NL`
/// counts as `nl`); the first of equal weights.
pub(crate) fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut best: Option<(Lang, f32)> = None;
    for part in value.split(',') {
        let mut it = part.split(';');
        let tag = it.next().unwrap_or("").trim();
        let q = it
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(l) = Lang::parse(primary) {
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((l, q));
            }
        }
    }
    best.map(|(l, _)| l)
}

/// Middleware: answers the request with its errors in the request's language. The language
/// lives in a task-local for the handler's future, so an [`ApiError`] says itself in it
/// wherever it is turned into a response (handler, extractor rejection, auth guard).
pub(crate) async fn taal_van_verzoek(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let lang = kies_taal(&request, state.lang);
    VERZOEK_TAAL.scope(lang, next.run(request)).await
}

/// The request's language as [`taal_van_verzoek`] chose it; Dutch outside a request.
pub(crate) fn verzoek_taal() -> Lang {
    VERZOEK_TAAL.try_with(|l| *l).unwrap_or_default()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(e) = &self {
            eprintln!("gemeten-web: {e}");
        }
        let body = self.body(verzoek_taal());
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
    /// 422 naming the field (the store's refusals of input among them), known already 409;
    /// only the store's failures are 500.
    fn from(e: gemeten_app::AppFout) -> Self {
        use gemeten_app::AppFout;
        match e {
            AppFout::Verboden { reden, .. } => ApiError::Forbidden(reden),
            AppFout::NietGevonden(p) => ApiError::NotFound(p),
            AppFout::Ongeldig(p) => ApiError::Unprocessable(p),
            AppFout::Bestaat(p) => ApiError::Conflict(p),
            AppFout::Store(e) => ApiError::from(e),
        }
    }
}

/// A form or query that axum could not decode at all: the reason in both languages around
/// axum's own (English) text.
pub(crate) fn onleesbaar(field: &'static str, detail: impl std::fmt::Display) -> Probleem {
    // The detail is the library's English (axum's rejection, serde's message): the Dutch
    // page gets its Dutch rendering, not English words in a Dutch sentence.
    let detail = Tweetalig::uit_bibliotheek(&detail.to_string());
    Probleem::bij_veld(
        field,
        format!("de invoer is niet te lezen: {}", detail.nl),
        format!("the input cannot be read: {}", detail.en),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn accept_language_takes_the_best_language_gemeten_speaks() {
        assert_eq!(accept_language(&headers("en-GB,en;q=0.9")), Some(Lang::En));
        assert_eq!(
            accept_language(&headers("de-DE, en;q=0.5, nl;q=0.8")),
            Some(Lang::Nl)
        );
        assert_eq!(accept_language(&headers("fr, de")), None);
        assert_eq!(accept_language(&headers("en;q=0, nl")), Some(Lang::Nl));
    }

    #[test]
    fn json_says_the_refusal_in_the_language_and_keeps_both_texts() {
        let e = ApiError::from(Probleem::bij_veld(
            "trl",
            "TRL 12 ligt niet tussen 1 en 9",
            "TRL 12 is outside 1-9",
        ));
        let nl = e.body(Lang::Nl);
        assert_eq!(nl["error"], "TRL 12 ligt niet tussen 1 en 9");
        assert_eq!(nl["field"], "trl");
        assert_eq!(nl["problems"][0]["reason"]["en"], "TRL 12 is outside 1-9");
        assert_eq!(e.body(Lang::En)["error"], "TRL 12 is outside 1-9");
    }

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
        assert!(!internal.message(Lang::Nl).contains("/srv/geheim"));
        assert!(!ApiError::Busy.message(Lang::En).contains("/srv"));
    }
}
