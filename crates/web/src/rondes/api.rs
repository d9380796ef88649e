//! Prioritisation rounds in the JSON API: `GET /rondes`, `GET /rondes/{id}` (definition and
//! current result), `POST /rondes/{id}/stembiljetten` (a ballot, by the same rule and code as
//! the browser's form) and `POST /rondes` (a new round).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use gemeten_domain::Rol;
use gemeten_prioritering::{Keuze, RondeParts, Stembus};

use crate::auth::Gebruiker;
use crate::error::ApiError;
use crate::extract::{Filter, JsonBody};
use crate::rondes::{cast, create_round, load, model};
use crate::routes::Routes;
use crate::AppState;

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/rondes", list)
        .post("/rondes", create)
        .get("/rondes/{id}", get)
        .post("/rondes/{id}/stembiljetten", post_ballot)
}

/// `GET /rondes?missie=`: every round (of one mission).
pub(crate) async fn list(
    State(state): State<AppState>,
    filter: Filter,
) -> Result<Response, ApiError> {
    let rounds = model::rondes(&state, filter).await?;
    let list: Vec<_> = rounds.iter().map(model::samenvatting).collect();
    Ok(Json(list).into_response())
}

/// Who may see the participants' ids, which are usernames: administrators and the round's
/// mission team. Everyone else sees their names (display names) with `deelnemer-N` ids.
fn sees_usernames(gebruiker: &Gebruiker, bus: &Stembus) -> bool {
    gebruiker
        .account
        .as_ref()
        .is_some_and(|a| a.role() == Rol::Admin || a.missie() == Some(bus.ronde().missie()))
}

/// The round's view model as JSON, with the participants' usernames replaced for those who
/// may not see them.
fn detail(bus: &Stembus, gebruiker: &Gebruiker) -> Value {
    let mut v = json!(model::detail(bus));
    if !sees_usernames(gebruiker, bus) {
        if let Some(list) = v["ronde"]
            .get_mut("deelnemers")
            .and_then(Value::as_array_mut)
        {
            for (i, d) in list.iter_mut().enumerate() {
                d["id"] = json!(format!("deelnemer-{}", i + 1));
            }
        }
    }
    v
}

/// `GET /rondes/{id}`: the definition, the counts, and the result of every method that applies.
pub(crate) async fn get(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    let bus = load(&state, &id).await?;
    Ok(Json(detail(&bus, &gebruiker)).into_response())
}

/// The body of a ballot: exactly one of `top`, `rangorde`, `scores`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Biljet {
    pub keuze: Keuze,
}

/// `POST /rondes/{id}/stembiljetten`: the user's ballot (the participant is the username; a
/// second ballot replaces the first). 201 with the ballot's place and the new result.
pub(crate) async fn post_ballot(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
    body: Result<JsonBody<Biljet>, ApiError>,
) -> Result<Response, ApiError> {
    // Who asks before what they sent: a visitor is 401 whatever the body.
    let account = gebruiker.account()?.clone();
    let JsonBody(Biljet { keuze }) = body?;
    let gebruiker = gebruiker.clone();
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
            "result": detail(&bus, &gebruiker),
        })),
    )
        .into_response())
}

/// `POST /rondes`: a new round without ballots, by an administrator or the mission team of
/// the round's mission ([`create_round`], which the browser's form shares). 201; 409 when
/// the id exists.
pub(crate) async fn create(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<NieuweRonde>, ApiError>,
) -> Result<Response, ApiError> {
    let account = gebruiker.account()?.clone();
    let JsonBody(nieuw) = body?;
    let id = create_round(&state, account, nieuw.into()).await?;
    let bus = load(&state, id.as_str()).await?;
    Ok((StatusCode::CREATED, Json(detail(&bus, &gebruiker))).into_response())
}

/// The body of `POST /rondes`: a round as people make it. The citations a curated round
/// file carries (`source`, `kind_source`, …) are not taken here: a round made through the
/// API cites no document, and the OpenAPI document lists exactly these members.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NieuweRonde {
    id: gemeten_domain::Id,
    missie: gemeten_domain::MissieCode,
    title_nl: gemeten_domain::Tekst,
    #[serde(default)]
    title_en: Option<gemeten_domain::Tekst>,
    kind: gemeten_domain::ronde::StemSoort,
    #[serde(default)]
    criteria: Vec<gemeten_domain::ronde::RondeCriterium>,
    deelnemers: Vec<gemeten_domain::ronde::Deelnemer>,
    kandidaten: Vec<gemeten_domain::Id>,
    #[serde(default)]
    seats: Option<usize>,
    #[serde(default)]
    selected: Vec<gemeten_domain::Id>,
    #[serde(default)]
    attendance: Option<gemeten_domain::ronde::Aanwezigheid>,
}

impl From<NieuweRonde> for RondeParts {
    fn from(n: NieuweRonde) -> RondeParts {
        RondeParts {
            id: n.id,
            missie: n.missie,
            title_nl: n.title_nl,
            title_en: n.title_en,
            kind: n.kind,
            criteria: n.criteria,
            deelnemers: n.deelnemers,
            kandidaten: n.kandidaten,
            seats: n.seats,
            selected: n.selected,
            attendance: n.attendance,
            source: None,
            attendance_source: None,
            kind_source: None,
            criteria_source: None,
            deelnemers_source: None,
            kandidaten_source: None,
            selected_source: None,
        }
    }
}
