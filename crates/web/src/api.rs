//! The JSON API under `/api/v1`. Every route is registered through [`Routes`], which also
//! records its path, so a test can hold the router and the OpenAPI document against each
//! other.

use std::sync::Arc;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Value;

use gemeten_app::ProjectPatch;
use gemeten_domain::{Id, Missie, Project, Register};
use gemeten_portfolio::{route, synthese, PijplijnItem};
use gemeten_store::ProjectStore;

use crate::auth::Gebruiker;
use crate::error::{ApiError, ParamError};
use crate::extract::{Drempel, Filter, IdPad, JsonBody, MissiePad, Pagina};
use crate::portefeuille::{projecten_per_missie, snapshot, Snapshot};
use crate::routes::Routes;
use crate::{AppState, OPENAPI};

pub const PREFIX: &str = "/api/v1";

fn routes() -> Routes {
    Routes::new(PREFIX)
        .get("/missies", missies)
        .get("/missies/{code}", missie)
        .get("/missies/{code}/synthese", synthese_handler)
        .get("/projecten", projecten)
        .get("/projecten/{id}", project)
        .put("/projecten/{id}", put_project)
        .get("/instrumenten", instrumenten)
        .get("/route/{id}", route_handler)
        .get("/innovaties", crate::innovaties::api_lijst)
        .get("/innovaties/{id}", crate::innovaties::api_een)
        .get("/zoeken", crate::zoeken::api)
        .get("/openapi.json", openapi)
        .post("/tokens", create_token)
        .get("/tokens", crate::tokens::list)
        .delete("/tokens/{id}", crate::tokens::revoke)
        .get("/gebruikers", crate::gebruikers::api_list)
        .post("/gebruikers", crate::gebruikers::api_create)
        .get("/rondes", crate::rondes_api::list)
        .post("/rondes", crate::rondes_api::create)
        .get("/rondes/{id}", crate::rondes_api::get)
        .post("/rondes/{id}/stembiljetten", crate::rondes_api::post_ballot)
        .get("/kpi", crate::kpi::api_catalogus)
        .get("/kpi/{code}/waarnemingen", crate::kpi::api_waarnemingen)
        .get("/fair/catalogus.jsonld", fair_catalogus)
        .get("/fair/bestanden/{bestand}", fair_bestand)
}

pub(crate) fn router() -> Router<AppState> {
    routes().router()
}

/// The API's paths as the router has them, relative to `/api/v1` (the OpenAPI `servers` url).
pub fn api_paths() -> Vec<&'static str> {
    let mut paths: Vec<&'static str> = routes().operations().iter().map(|o| o.1).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// The API's operations as the router has them: (lower-case method, path).
pub fn api_operations() -> Vec<(&'static str, &'static str)> {
    routes().operations()
}

/// What an overview lists per mission.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub(crate) struct Tellingen {
    pub doelen: usize,
    pub kia_vragen: usize,
    pub activiteiten: usize,
    pub instrumenten: usize,
    pub innovaties: usize,
    pub projecten: usize,
}

pub(crate) fn tellingen(register: &Register, missie: &Missie, projecten: usize) -> Tellingen {
    let o = register
        .overzicht(missie.code)
        .expect("the mission is in the register");
    Tellingen {
        doelen: o.doelen.len(),
        kia_vragen: o.kia_vragen.len(),
        activiteiten: o.activiteiten.len(),
        instrumenten: o.instrumenten.len(),
        innovaties: o.innovaties.len(),
        projecten,
    }
}

#[derive(Serialize)]
struct MissieSamenvatting<'a> {
    #[serde(flatten)]
    missie: &'a Missie,
    counts: Tellingen,
}

async fn missies(state: axum::extract::State<AppState>) -> Result<Response, ApiError> {
    let snap = snapshot(&state).await?;
    let per_missie = projecten_per_missie(&snap);
    let list: Vec<MissieSamenvatting> = state
        .register
        .missies()
        .iter()
        .map(|m| MissieSamenvatting {
            missie: m,
            counts: tellingen(
                &state.register,
                m,
                per_missie.get(&m.code).copied().unwrap_or(0),
            ),
        })
        .collect();
    Ok(Json(list).into_response())
}

pub(crate) fn mission_not_found(code: impl ToString) -> ApiError {
    ApiError::NotFound {
        what: "mission",
        field: Some("code"),
        key: code.to_string(),
    }
}

async fn missie(
    state: axum::extract::State<AppState>,
    MissiePad(code): MissiePad,
) -> Result<Response, ApiError> {
    let o = state
        .register
        .overzicht(code)
        .ok_or_else(|| mission_not_found(code))?;
    Ok(Json(o).into_response())
}

async fn synthese_handler(
    state: axum::extract::State<AppState>,
    MissiePad(code): MissiePad,
    Drempel(trl): Drempel,
) -> Result<Response, ApiError> {
    state
        .register
        .missie(code)
        .ok_or_else(|| mission_not_found(code))?;
    let snap = snapshot(&state).await?;
    // Aggregating the whole portfolio is the expensive part: once per portfolio version.
    let json = snap.derive(&format!("synthese/{code}/{trl}"), |projects| {
        serde_json::to_string(&synthese(&state.register, projects, code, trl))
    });
    match json.as_ref() {
        Ok(body) => {
            Ok(([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response())
        }
        Err(e) => Err(ApiError::Internal(e.to_string())),
    }
}

/// The positions in the snapshot of the projects matching `f`, once per snapshot and filter.
pub(crate) fn filter_projects(snap: &Snapshot, f: Filter) -> Arc<Vec<usize>> {
    snap.derive(&format!("filter/{:?}/{:?}", f.missie, f.trl), |projects| {
        projects
            .iter()
            .enumerate()
            .filter(|(_, p)| f.missie.is_none_or(|m| p.missies.contains(&m)))
            .filter(|(_, p)| f.trl.is_none_or(|t| p.trl == Some(t)))
            .map(|(i, _)| i)
            .collect()
    })
}

/// One page of the matching projects; the total is in `X-Total-Count`, the next page in a
/// `Link` header, so the body stays the plain list it always was.
async fn projecten(
    state: axum::extract::State<AppState>,
    filter: Filter,
    pagina: Pagina,
) -> Result<Response, ApiError> {
    let snap = snapshot(&state).await?;
    let matching = filter_projects(&snap, filter);
    let page: Vec<&Project> = pagina
        .of(&matching)
        .iter()
        .map(|&i| &snap.projects[i])
        .collect();
    let mut response = Json(page).into_response();
    let headers = response.headers_mut();
    headers.insert("x-total-count", matching.len().into());
    if pagina.nummer < pagina.pages(matching.len()) {
        let mut next = format!(
            "/api/v1/projecten?pagina={}&limiet={}",
            pagina.nummer + 1,
            pagina.limiet
        );
        if let Some(m) = filter.missie {
            next.push_str(&format!("&missie={m}"));
        }
        if let Some(t) = filter.trl {
            next.push_str(&format!("&trl={t}"));
        }
        if let Ok(v) = header::HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")) {
            headers.insert(header::LINK, v);
        }
    }
    Ok(response)
}

pub(crate) fn project_not_found(id: &Id) -> ApiError {
    ApiError::NotFound {
        what: "project",
        field: Some("id"),
        key: id.to_string(),
    }
}

/// A project with its history, or 404.
pub(crate) async fn project_with_history(
    state: &AppState,
    id: Id,
) -> Result<(Project, Vec<gemeten_domain::Wijziging>), ApiError> {
    let key = id.clone();
    let found = state
        .with_store(move |s| {
            let Some(p) = s.project(&key)? else {
                return Ok(None);
            };
            let history = s.history(&key)?;
            Ok(Some((p, history)))
        })
        .await?;
    found.ok_or_else(|| project_not_found(&id))
}

async fn project(
    state: axum::extract::State<AppState>,
    IdPad(id): IdPad,
) -> Result<Response, ApiError> {
    let (project, history) = project_with_history(&state, id).await?;
    Ok(Json(serde_json::json!({ "project": project, "history": history })).into_response())
}

async fn instrumenten(
    state: axum::extract::State<AppState>,
    filter: Filter,
) -> Result<Response, ApiError> {
    Ok(Json(state.register.instrumenten(filter.missie, filter.trl)).into_response())
}

async fn route_handler(
    state: axum::extract::State<AppState>,
    IdPad(id): IdPad,
) -> Result<Response, ApiError> {
    let register = &state.register;
    let item = match register.parts().innovatie.iter().find(|i| i.id == id) {
        Some(i) => PijplijnItem::from(i),
        None => {
            let key = id.clone();
            let project = state.with_store(move |s| s.project(&key)).await?;
            match project {
                Some(p) => PijplijnItem::from(&p),
                None => {
                    return Err(ApiError::NotFound {
                        what: "innovation or project",
                        field: Some("id"),
                        key: id.to_string(),
                    })
                }
            }
        }
    };
    Ok(Json(route(register, item)).into_response())
}

async fn openapi() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        OPENAPI,
    )
}

/// `PUT /projecten/{id}`: changes the editable fields through the application core, which
/// logs them in the project's history and the audit log (before and after) in one unit.
async fn put_project(
    state: axum::extract::State<AppState>,
    gebruiker: Gebruiker,
    id: Result<IdPad, ParamError>,
    body: Result<JsonBody<Value>, ApiError>,
) -> Result<Response, ApiError> {
    let account = gebruiker.account()?.clone();
    let IdPad(id) = id?;
    // A JSON object of editable fields, each checked by its domain type (`null` clears).
    let JsonBody(body) = body?;
    let patch = ProjectPatch::from_json(body)?;
    let (project, changed) = state
        .schrijf(move |s, _| gemeten_app::change_project(s, &account, &id, &patch))
        .await?;
    Ok(Json(serde_json::json!({ "project": project, "changed": changed })).into_response())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenRequest {
    pub username: String,
}

/// `POST /tokens`: an administrator creates an API token for a user. The token is in this
/// answer only; the store keeps its hash.
async fn create_token(
    state: axum::extract::State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<TokenRequest>, ApiError>,
) -> Result<Response, ApiError> {
    let admin = gebruiker.account()?.clone();
    let JsonBody(TokenRequest { username }) = body?;
    let who = username.clone();
    let token = state
        .schrijf(move |s, _| gemeten_app::create_token(s, &admin, &who))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "username": username, "token": token })),
    )
        .into_response())
}

/// The FAIR package as of now: the same files and metadata as `gemeten fair export`, without
/// the values the small-cell policy withholds.
async fn fair_package(state: &AppState) -> Result<gemeten_publicatie::FairPakket, ApiError> {
    let projects = state.with_store(|s| s.projects()).await?;
    let observations = crate::kleine_aantallen::zichtbaar(state, None).await?;
    let cat = gemeten_indicators::Catalogus::standaard()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    gemeten_publicatie::fair_pakket(&state.register, &projects, &observations, &cat)
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// A file's path in the package as one URL segment: `register/csv/missie.csv` becomes
/// `register~csv~missie.csv`.
fn fair_segment(path: &str) -> String {
    path.replace('/', "~")
}

async fn fair_catalogus(state: axum::extract::State<AppState>) -> Result<Response, ApiError> {
    let mut pakket = fair_package(&state).await?;
    for d in &mut pakket.datasets {
        for f in &mut d.distributions {
            f.path = format!("{PREFIX}/fair/bestanden/{}", fair_segment(&f.path));
        }
    }
    let today = gemeten_monitoring::Datum::today().to_string();
    let doc = gemeten_publicatie::catalogus(
        &gemeten_publicatie::Uitgever::standaard(),
        &pakket.datasets,
        &today,
    );
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/ld+json")],
        Json(doc),
    )
        .into_response())
}

async fn fair_bestand(
    state: axum::extract::State<AppState>,
    axum::extract::Path(bestand): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    let pakket = fair_package(&state).await?;
    let Some(b) = pakket
        .bestanden
        .into_iter()
        .find(|b| fair_segment(&b.path) == bestand)
    else {
        return Err(ApiError::NotFound {
            what: "file",
            field: Some("bestand"),
            key: bestand,
        });
    };
    Ok(([(axum::http::header::CONTENT_TYPE, b.media_type)], b.bytes).into_response())
}
