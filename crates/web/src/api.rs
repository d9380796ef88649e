//! The JSON API under `/api/v1`. Every route is registered through [`Routes`], which also
//! records its path, so a test can hold the router and the OpenAPI document against each
//! other.

use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use gemeten_domain::{Id, Missie, Project, Register};
use gemeten_portfolio::{route, synthese, PijplijnItem};
use gemeten_store::ProjectStore;

use crate::error::ApiError;
use crate::extract::{Drempel, Filter, IdPad, MissiePad};
use crate::{AppState, OPENAPI};

pub const PREFIX: &str = "/api/v1";

struct Routes {
    router: Router<AppState>,
    paths: Vec<&'static str>,
}

impl Routes {
    fn get<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.paths.push(path);
        self.router = self.router.route(&format!("{PREFIX}{path}"), get(handler));
        self
    }
}

fn routes() -> Routes {
    Routes {
        router: Router::new(),
        paths: Vec::new(),
    }
    .get("/missies", missies)
    .get("/missies/{code}", missie)
    .get("/missies/{code}/synthese", synthese_handler)
    .get("/projecten", projecten)
    .get("/projecten/{id}", project)
    .get("/instrumenten", instrumenten)
    .get("/route/{id}", route_handler)
    .get("/openapi.json", openapi)
}

pub(crate) fn router() -> Router<AppState> {
    routes().router
}

/// The API's paths as the router has them, relative to `/api/v1` (the OpenAPI `servers` url).
pub fn api_paths() -> Vec<&'static str> {
    routes().paths
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

pub(crate) fn tellingen(register: &Register, missie: &Missie, projects: &[Project]) -> Tellingen {
    let o = register
        .overzicht(missie.code)
        .expect("the mission is in the register");
    Tellingen {
        doelen: o.doelen.len(),
        kia_vragen: o.kia_vragen.len(),
        activiteiten: o.activiteiten.len(),
        instrumenten: o.instrumenten.len(),
        innovaties: o.innovaties.len(),
        projecten: projects
            .iter()
            .filter(|p| p.missies.contains(&missie.code))
            .count(),
    }
}

#[derive(Serialize)]
struct MissieSamenvatting<'a> {
    #[serde(flatten)]
    missie: &'a Missie,
    counts: Tellingen,
}

pub(crate) async fn all_projects(state: &AppState) -> Result<Vec<Project>, ApiError> {
    state.with_store(|s| s.projects()).await
}

async fn missies(state: axum::extract::State<AppState>) -> Result<Response, ApiError> {
    let projects = all_projects(&state).await?;
    let list: Vec<MissieSamenvatting> = state
        .register
        .missies()
        .iter()
        .map(|m| MissieSamenvatting {
            missie: m,
            counts: tellingen(&state.register, m, &projects),
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
    let projects = all_projects(&state).await?;
    Ok(Json(synthese(&state.register, &projects, code, trl)).into_response())
}

pub(crate) fn filter_projects(projects: Vec<Project>, f: Filter) -> Vec<Project> {
    projects
        .into_iter()
        .filter(|p| f.missie.is_none_or(|m| p.missies.contains(&m)))
        .filter(|p| f.trl.is_none_or(|t| p.trl == Some(t)))
        .collect()
}

async fn projecten(
    state: axum::extract::State<AppState>,
    filter: Filter,
) -> Result<Response, ApiError> {
    let projects = all_projects(&state).await?;
    Ok(Json(filter_projects(projects, filter)).into_response())
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
