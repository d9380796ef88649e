//! Typed extractors: the language of a page, and query and path parameters parsed into
//! domain values. A bad value is a [`Probleem`] (400, naming the parameter), never a 500.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::Uri;

use gemeten_domain::{vang_problemen, Id, MissieCode, Probleem, Trl, Tweetalig};

use crate::error::{onleesbaar, ApiError};
use crate::{AppState, Lang};

/// The page language: `?lang=` first (and then remembered in the `lang` cookie), then the
/// cookie, then the server's default.
#[derive(Debug, Clone)]
pub struct Taal {
    pub lang: Lang,
    /// `?lang=` was given: the response sets the cookie.
    pub chosen: bool,
    /// This page's path and query without `lang`, for the language switch.
    pub here: String,
    /// Who is logged in, for the page header (resolved by the auth guard).
    pub wie: Option<Wie>,
}

/// The logged-in user as the page header shows them.
#[derive(Debug, Clone)]
pub struct Wie {
    pub name: String,
    pub role: gemeten_domain::Rol,
    /// The session's CSRF token for the logout button (none with an API token).
    pub csrf: Option<String>,
}

impl Taal {
    /// The link to this page in the other language.
    pub fn switch(&self, to: Lang) -> String {
        let sep = if self.here.contains('?') { '&' } else { '?' };
        format!("{}{sep}lang={}", self.here, to.code())
    }
}

fn cookie_lang(parts: &Parts) -> Option<Lang> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("lang="))
        .find_map(Lang::parse)
}

impl FromRequestParts<AppState> for Taal {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let pairs = query_pairs(&parts.uri).unwrap_or_default();
        let asked = pairs
            .iter()
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::parse(v));
        let rest: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        let mut here = local_path(parts.uri.path());
        if !rest.is_empty() {
            here.push('?');
            here.push_str(&rest.join("&"));
        }
        Ok(Taal {
            lang: asked.or_else(|| cookie_lang(parts)).unwrap_or(state.lang),
            chosen: asked.is_some(),
            here,
            wie: parts
                .extensions
                .get::<crate::auth::Gebruiker>()
                .and_then(|g| {
                    let a = g.account.as_ref()?;
                    Some(Wie {
                        name: a.display_name.clone(),
                        role: a.role(),
                        csrf: g.csrf().map(str::to_owned),
                    })
                }),
        })
    }
}

/// A request's path as a link on this site: one leading `/`, never `//` or `/\\`, which a
/// browser reads as a link to another site (`//evil.example/x`).
pub(crate) fn local_path(path: &str) -> String {
    format!("/{}", path.trim_start_matches(['/', '\\']))
}

/// Percent-encodes everything but unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The query string as (name, value) pairs, in order.
pub(crate) fn query_pairs(uri: &Uri) -> Result<Vec<(String, String)>, Probleem> {
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|Query(q)| q)
        .map_err(|e| onleesbaar("query", e.body_text()))
}

/// `param` for the typed filters: in the API an empty value is refused (400), as the
/// OpenAPI document's types say; on pages it means not given (a form's "all" option).
pub(crate) fn filter_param<'a>(
    parts: &Parts,
    pairs: &'a [(String, String)],
    name: &'static str,
) -> Result<Option<&'a str>, Probleem> {
    let empty = pairs.iter().any(|(k, v)| k == name && v.trim().is_empty());
    if empty && parts.uri.path().starts_with("/api/") {
        return Err(Probleem::bij_veld(
            name,
            "is leeg; laat het weg of geef een waarde",
            "is empty; leave it out or give a value",
        ));
    }
    Ok(param(pairs, name))
}

/// The last non-empty value of `name`, trimmed (an empty value, as a form's "all" option
/// sends, means not given).
pub(crate) fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

pub(crate) fn parse_missie(field: &'static str, s: &str) -> Result<MissieCode, Probleem> {
    MissieCode::parse_lenient(s).map_err(|e| e.als_veld(field))
}

/// A mission code in the API: exactly as the OpenAPI document lists them (`C`, `I` … `V`),
/// so a client learns the one spelling and `0` or `centraal` is refused (400) instead of
/// silently meaning the central mission. Pages keep accepting the lenient forms people type.
pub(crate) fn parse_missie_in(
    parts: &Parts,
    field: &'static str,
    s: &str,
) -> Result<MissieCode, Probleem> {
    // What is no mission code in any spelling gets the domain's own reason; only a lenient
    // spelling of a real code (`0`, `centraal`, `ii`) is refused by the API's strictness.
    let lenient = parse_missie(field, s)?;
    if !parts.uri.path().starts_with("/api/") {
        return Ok(lenient);
    }
    MissieCode::ALL
        .iter()
        .copied()
        .find(|c| c.code() == s)
        .ok_or_else(|| {
            let codes = MissieCode::ALL
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(", ");
            Probleem::bij_veld(
                field,
                format!("'{s}' is geen missiecode; kies uit {codes}"),
                format!("'{s}' is not a mission code; one of {codes}"),
            )
        })
}

pub(crate) fn parse_trl(field: &'static str, s: &str) -> Result<Trl, Probleem> {
    let n: i64 = s.trim().parse().map_err(|_| {
        Probleem::bij_veld(
            field,
            format!("'{s}' is geen geheel getal (een TRL is 1-9)"),
            format!("'{s}' is not a whole number (TRL is 1-9)"),
        )
    })?;
    Trl::try_from(n).map_err(|e| e.als_veld(field))
}

/// `?missie=&trl=`: both optional, both checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub missie: Option<MissieCode>,
    pub trl: Option<Trl>,
}

impl<S: Send + Sync> FromRequestParts<S> for Filter {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let pairs = query_pairs(&parts.uri)?;
        Ok(Filter {
            missie: filter_param(parts, &pairs, "missie")?
                .map(|s| parse_missie_in(parts, "missie", s))
                .transpose()?,
            trl: filter_param(parts, &pairs, "trl")?
                .map(|s| parse_trl("trl", s))
                .transpose()?,
        })
    }
}

/// `?trl=` for the synthesis: the threshold TRL, 7 unless given.
#[derive(Debug, Clone, Copy)]
pub struct Drempel(pub Trl);

impl<S: Send + Sync> FromRequestParts<S> for Drempel {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let pairs = query_pairs(&parts.uri)?;
        match filter_param(parts, &pairs, "trl")? {
            Some(s) => Ok(Drempel(parse_trl("trl", s)?)),
            None => Ok(Drempel(Trl::try_from(7).expect("7 is a TRL"))),
        }
    }
}

/// The `{code}` path segment as a mission code.
#[derive(Debug, Clone, Copy)]
pub struct MissiePad(pub MissieCode);

impl<S: Send + Sync> FromRequestParts<S> for MissiePad {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(code) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| onleesbaar("code", e.body_text()))?;
        Ok(MissiePad(parse_missie_in(parts, "code", &code)?))
    }
}

/// The `{id}` path segment as an id.
#[derive(Debug, Clone)]
pub struct IdPad(pub Id);

impl<S: Send + Sync> FromRequestParts<S> for IdPad {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| onleesbaar("id", e.body_text()))?;
        Ok(IdPad(id.parse::<Id>().map_err(|e| e.als_veld("id"))?))
    }
}

/// The two ids of a path such as `/innovaties/{id}/doelen/{doel}`, in order, each checked:
/// one that is no id is refused naming its parameter.
pub struct TweeIdsPad(pub Id, pub Id);

impl<S: Send + Sync> FromRequestParts<S> for TweeIdsPad {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(params) = Path::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|e| onleesbaar("id", e.body_text()))?;
        let mut ids = Vec::with_capacity(2);
        for (naam, waarde) in &params {
            ids.push(waarde.parse::<Id>().map_err(|e| e.als_veld(naam.clone()))?);
        }
        match <[Id; 2]>::try_from(ids) {
            Ok([a, b]) => Ok(TweeIdsPad(a, b)),
            Err(_) => Err(ApiError::Internal(format!(
                "a path with two ids has {} parameters",
                params.len()
            ))),
        }
    }
}

/// `?pagina=&limiet=`: which slice of a long list to show (1-based page, 1..=1000 rows,
/// 100 unless given). Lists are paged because a national portfolio has far more projects
/// than a page or a response should carry.
#[derive(Debug, Clone, Copy)]
pub struct Pagina {
    pub nummer: usize,
    pub limiet: usize,
}

impl Pagina {
    /// The highest page number asked for (as the OpenAPI document says): far past any list,
    /// and a bound a client can read.
    pub const MAX_NUMMER: usize = 1_000_000;

    pub const MAX: usize = 1000;

    /// The rows of this page.
    pub fn of<'a, T>(&self, rows: &'a [T]) -> &'a [T] {
        let start = (self.nummer - 1)
            .saturating_mul(self.limiet)
            .min(rows.len());
        let end = start.saturating_add(self.limiet).min(rows.len());
        &rows[start..end]
    }

    /// The number of pages `total` rows fill (at least 1).
    pub fn pages(&self, total: usize) -> usize {
        total.div_ceil(self.limiet).max(1)
    }
}

fn parse_count(field: &'static str, s: &str, max: usize) -> Result<usize, Probleem> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(Probleem::bij_veld(
            field,
            format!("'{s}' is geen geheel getal van 1 tot en met {max}"),
            format!("'{s}' is not a whole number from 1 to {max}"),
        )),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Pagina {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let pairs = query_pairs(&parts.uri)?;
        Ok(Pagina {
            nummer: filter_param(parts, &pairs, "pagina")?
                .map(|s| parse_count("pagina", s, Pagina::MAX_NUMMER))
                .transpose()?
                .unwrap_or(1),
            limiet: filter_param(parts, &pairs, "limiet")?
                .map(|s| parse_count("limiet", s, Pagina::MAX))
                .transpose()?
                .unwrap_or(100),
        })
    }
}

/// A JSON request body read into `T`: a body over the limit is 413, and a body `T` refuses
/// is 400 naming the member (`kind.n`, `keuze.top[1]`; `body` for the whole) with serde's
/// reason, so an API client learns which field to fix.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge
                } else {
                    onleesbaar("body", e.body_text()).into()
                }
            })?;
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            let e = Tweetalig::uit_bibliotheek(&e.to_string());
            Probleem::bij_veld(
                "body",
                format!("geen geldige JSON: {}", e.nl),
                format!("not valid JSON: {}", e.en),
            )
        })?;
        gehele_getallen(&mut value);
        lees(value).map(JsonBody)
    }
}

/// A JSON value read into `T`; a refusal names the member at fault (`deelnemers[0].id`).
pub(crate) fn lees<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, ApiError> {
    let (uit, gevangen) = vang_problemen(|| serde_path_to_error::deserialize(value));
    uit.map_err(|e| {
        let path = e.path().to_string();
        let field = if path.is_empty() || path == "." || path == "?" {
            "body".to_owned()
        } else {
            path
        };
        let message = e.into_inner().to_string();
        // A domain value's refusal reaches serde only as its Dutch text; the problem itself,
        // with its English, was caught on the way.
        let e = match gevangen
            .into_iter()
            .find(|p| message.starts_with(&p.to_string()))
        {
            Some(p) => p.reason,
            None => Tweetalig::uit_bibliotheek(&message),
        };
        Probleem::bij_veld(
            field,
            format!("ongeldige waarde: {}", e.nl),
            format!("invalid value: {}", e.en),
        )
        .into()
    })
}

/// JSON Schema's `integer` (and JSON itself) counts `677.0` as the whole number 677, so the
/// API must take it wherever the document says `integer`: whole floats become integers
/// before the body is read into its type. Other floats stay as they are.
fn gehele_getallen(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64() {
                // ±2^53: every whole float in this range is exact as an i64.
                if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(gehele_getallen),
        Value::Object(map) => map.values_mut().for_each(gehele_getallen),
        _ => {}
    }
}
