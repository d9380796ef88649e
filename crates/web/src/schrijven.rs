//! What the write adapters share: a `POST` that creates a record through one use case and
//! answers 201 with its key (`aanmaken`), and the pieces of a form that is sent back with
//! its values and the reasons when the use case refuses it (`Waarden`, `waarde`, `veld`,
//! `fouten`, `weigering`, `see_other`).

use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;

use gemeten_app::AppFout;
use gemeten_domain::{Account, Lang, Problemen, Register};
use gemeten_store::Store;

use crate::auth::Gebruiker;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::AppState;

/// `POST /api/v1/…` that creates one record: the user (401 without one), the body (400 when
/// it cannot be read, naming the member), use case `doe` (403, 404, 409, 422 as it refuses);
/// 201 with `{ sleutel: what doe returns }`.
pub(crate) async fn aanmaken<B, T, F>(
    state: &AppState,
    gebruiker: Gebruiker,
    body: Result<JsonBody<B>, ApiError>,
    sleutel: &'static str,
    doe: F,
) -> Result<Response, ApiError>
where
    B: Send + 'static,
    T: Serialize + Send + 'static,
    F: FnOnce(&mut Store, &Register, &Account, B) -> Result<T, AppFout> + Send + 'static,
{
    let account = gebruiker.account()?.clone();
    let JsonBody(b) = body?;
    let key = state.schrijf(move |s, r| doe(s, r, &account, b)).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ sleutel: key })),
    )
        .into_response())
}

/// A form's values (name, value) as sent, to show them again with a refusal.
pub(crate) type Waarden = Vec<(String, String)>;

/// The value of field `k` as sent (the last, when sent more than once), or empty.
pub(crate) fn waarde<'a>(values: &'a Waarden, k: &str) -> &'a str {
    values
        .iter()
        .rev()
        .find(|(n, _)| n == k)
        .map_or("", |(_, v)| v.as_str())
}

/// How many rows of a repeatable group of a form were sent (rows named `<groep>-<i>-<field>`):
/// the count in the hidden field `teller`, or one past the highest row the values name, at
/// least `min`, at most `max`. A form grows by one row when it is sent back with the count
/// one higher (no script needed).
pub(crate) fn rijen(values: &Waarden, groep: &str, teller: &str, min: usize, max: usize) -> usize {
    let genoemd = values
        .iter()
        .filter_map(|(k, _)| {
            k.strip_prefix(groep)?
                .strip_prefix('-')?
                .split_once('-')?
                .0
                .parse::<usize>()
                .ok()
        })
        .map(|i| i + 1)
        .max()
        .unwrap_or(0);
    let gevraagd = waarde(values, teller).trim().parse::<usize>().unwrap_or(0);
    gevraagd.max(genoemd).clamp(min, max)
}

/// A labelled input `name` of `kind` with the value as sent; its id is `prefix-name`.
pub(crate) fn veld(prefix: &str, values: &Waarden, name: &str, label: &str, kind: &str) -> Markup {
    let id = format!("{prefix}-{name}");
    html! {
        label for=(id) { (label) }
        input #(id) name=(name) type=(kind) value=(waarde(values, name));
    }
}

/// Why a form was refused: every problem with the field it names.
pub(crate) fn fouten(p: &Problemen, l: Lang) -> Markup {
    html! {
        div.fout role="alert" { ul { @for x in &p.0 { li {
            @if let Some(f) = x.field() { code { (f) } ": " }
            (x.reden(l))
        } } } }
    }
}

/// A refused form's status and problems: 400 for a field that cannot be read, 422 for what
/// the rules refuse; any other error is not the form's to show.
pub(crate) fn weigering(e: ApiError) -> Result<(StatusCode, Problemen), ApiError> {
    match e {
        ApiError::BadParam(p) => Ok((StatusCode::BAD_REQUEST, p)),
        ApiError::Unprocessable(p) => Ok((StatusCode::UNPROCESSABLE_ENTITY, p)),
        e => Err(e),
    }
}

/// 303 to the local path `to`.
pub(crate) fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        response.headers_mut().insert(LOCATION, v);
    }
    response
}
