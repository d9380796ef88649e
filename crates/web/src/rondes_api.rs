//! Prioritisation rounds in the JSON API: `GET /rondes`, `GET /rondes/{id}` (definition and
//! current result), `POST /rondes/{id}/stembiljetten` (a ballot, by the same rule and code as
//! the browser's form) and `POST /rondes` (a new round).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use gemeten_domain::{Id, Register};
use gemeten_prioritering::{uitslagen, Keuze, Ronde, RondeParts, Stembus};
use gemeten_store::{AccountStore, RondeStore};

use crate::auth::Gebruiker;
use crate::error::{ApiError, ParamError};
use crate::extract::Filter;
use crate::rondes::{cast, load, may_vote, methods, status, VOTERS};
use crate::AppState;

fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge
        } else {
            ParamError::new("body", e.body_text()).into()
        }
    })
}

fn summary(bus: &Stembus) -> Value {
    let r = bus.ronde();
    json!({
        "id": r.id(),
        "missie": r.missie(),
        "title_nl": r.parts().title_nl,
        "title_en": r.parts().title_en,
        "kind": r.kind(),
        "methods": methods(r.kind()),
        "seats": r.seats(),
        "participants": r.deelnemers().len(),
        "candidates": r.kandidaten(),
        "selected": r.selected(),
        "ballots": bus.counted().len(),
        "replaced": bus.history().len() - bus.counted().len(),
        "illustratief": bus.illustratief(),
        "status": status(bus),
    })
}

/// `GET /rondes?missie=`: every round (of one mission).
pub(crate) async fn list(
    State(state): State<AppState>,
    filter: Filter,
) -> Result<Response, ApiError> {
    let rounds = state.with_store(|s| s.rounds()).await?;
    let list: Vec<Value> = rounds
        .iter()
        .filter(|b| filter.missie.is_none_or(|m| b.ronde().missie() == m))
        .map(summary)
        .collect();
    Ok(Json(list).into_response())
}

fn detail(bus: &Stembus) -> Value {
    let r = bus.ronde();
    let results: Vec<_> = uitslagen(bus)
        .into_iter()
        .filter(|u| u.methode.not_applicable(r.kind()).is_none())
        .collect();
    json!({
        "ronde": r,
        "summary": summary(bus),
        "results": results,
    })
}

/// `GET /rondes/{id}`: the definition, the counts, and the result of every method that applies.
pub(crate) async fn get(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    let bus = load(&state, &id).await?;
    Ok(Json(detail(&bus)).into_response())
}

/// The body of a ballot: exactly one of `top`, `rangorde`, `scores`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Biljet {
    keuze: Keuze,
}

/// `POST /rondes/{id}/stembiljetten`: the user's ballot (the participant is the username; a
/// second ballot replaces the first). 201 with the ballot's place and the new result.
pub(crate) async fn post_ballot(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let account = gebruiker.require(VOTERS)?.clone();
    let body = body_bytes(body)?;
    let Biljet { keuze } = serde_json::from_slice(&body)
        .map_err(|e| ApiError::from(ParamError::new("keuze", e.to_string())))?;
    let who = account.username.clone();
    let stem = cast(&state, account, &id, keuze).await?;
    let bus = load(&state, &id).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "ronde": bus.ronde().id(),
            "deelnemer": who,
            "seq": stem.seq,
            "replaced_earlier": stem.replaced,
            "result": detail(&bus),
        })),
    )
        .into_response())
}

/// Candidates and criteria name register records (by value, see `RondeStore`): a new round
/// may only name ones that exist.
fn check_references(register: &Register, r: &Ronde) -> Result<(), ParamError> {
    let p = register.parts();
    if let Some(k) = r
        .kandidaten()
        .iter()
        .find(|k| !p.innovatie.iter().any(|i| &i.id == *k))
    {
        return Err(ParamError::new(
            "kandidaten",
            format!("'{k}' is not an innovation of the register"),
        ));
    }
    if let Some(c) = r
        .criteria()
        .iter()
        .find(|c| !p.criterium.iter().any(|x| x.id == c.id))
    {
        return Err(ParamError::new(
            "criteria",
            format!("'{}' is not a criterion of the register", c.id),
        ));
    }
    Ok(())
}

/// `POST /rondes`: a new round without ballots, by an administrator or the mission team of
/// the round's mission. 201; 409 when the id exists.
pub(crate) async fn create(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let account = gebruiker.require(VOTERS)?.clone();
    let body = body_bytes(body)?;
    let parts: RondeParts = serde_json::from_slice(&body)
        .map_err(|e| ApiError::from(ParamError::new("body", e.to_string())))?;
    if !may_vote(&account, parts.missie) {
        return Err(ApiError::Forbidden(format!(
            "only an administrator or the mission team of mission {} may create its rounds",
            parts.missie
        )));
    }
    let ronde = Ronde::new(parts).map_err(|e| ParamError::new(e.field, e.to_string()))?;
    check_references(&state.register, &ronde)?;
    let id: Id = ronde.id().clone();
    let record = serde_json::to_value(&ronde).expect("a round always serialises");
    let created = state
        .with_store_mut(move |s| {
            if s.load_round(ronde.id())?.is_some() {
                return Ok(false);
            }
            s.atomically(|s| {
                s.save_round(&ronde, false)?;
                s.audit(
                    &account.username,
                    "ronde aangemaakt",
                    &format!("ronde {}", ronde.id()),
                    None,
                    Some(&record),
                )
            })?;
            Ok(true)
        })
        .await?;
    if !created {
        return Err(ApiError::Conflict(format!("round '{id}' exists already")));
    }
    let bus = load(&state, id.as_str()).await?;
    Ok((StatusCode::CREATED, Json(detail(&bus))).into_response())
}
