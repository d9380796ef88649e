//! The JSON API under `/api/v1`. Every route is registered through [`Routes`], which also
//! records its path, so a test can hold the router and the OpenAPI document against each
//! other.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::handler::Handler;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put, MethodRouter};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use gemeten_domain::{
    Brl, Fase, Id, Jaar, Missie, MissieCode, Project, ProjectStatus, Register, Sel, Trl,
};
use gemeten_portfolio::{route, synthese, PijplijnItem};
use gemeten_store::{Account, AccountStore, ProjectStore, Rol};

use crate::auth::Gebruiker;
use crate::error::{ApiError, ParamError};
use crate::extract::{Drempel, Filter, IdPad, MissiePad, Pagina};
use crate::portefeuille::{projecten_per_missie, snapshot, Snapshot};
use crate::{AppState, OPENAPI};

pub const PREFIX: &str = "/api/v1";

struct Routes {
    router: Router<AppState>,
    /// (method, path) of every operation.
    operations: Vec<(&'static str, &'static str)>,
}

impl Routes {
    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.operations.push((method, path));
        self.router = self.router.route(&format!("{PREFIX}{path}"), route);
        self
    }

    fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("get", path, get(handler))
    }

    fn put<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("put", path, put(handler))
    }

    fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("post", path, post(handler))
    }

    fn delete<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("delete", path, delete(handler))
    }
}

fn routes() -> Routes {
    Routes {
        router: Router::new(),
        operations: Vec::new(),
    }
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
    routes().router
}

/// The API's paths as the router has them, relative to `/api/v1` (the OpenAPI `servers` url).
pub fn api_paths() -> Vec<&'static str> {
    let mut paths: Vec<&'static str> = routes().operations.iter().map(|o| o.1).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// The API's operations as the router has them: (lower-case method, path).
pub fn api_operations() -> Vec<(&'static str, &'static str)> {
    routes().operations
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

/// The fields `PUT /projecten/{id}` may change.
pub const EDITABLE: &[&str] = &[
    "trl",
    "sel",
    "brl",
    "status",
    "phase_innovation",
    "phase_stakeholders",
    "phase_environment",
    "expected_in_practice",
];

fn check<T: DeserializeOwned>(field: &'static str, v: &Value) -> Result<(), ParamError> {
    serde_json::from_value::<T>(v.clone())
        .map(|_| ())
        .map_err(|e| ParamError::new(field, e.to_string()))
}

/// The body of `PUT /projecten/{id}`: a JSON object of editable fields, each checked by its
/// domain type (`null` clears an optional field).
fn parse_patch(body: &[u8]) -> Result<Vec<(&'static str, Value)>, ParamError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ParamError::new("body", format!("not valid JSON: {e}")))?;
    parse_fields(value)
}

/// A change as a JSON object of editable fields (the API's body, or the edit form turned into
/// one), each checked by its domain type.
pub(crate) fn parse_fields(value: Value) -> Result<Vec<(&'static str, Value)>, ParamError> {
    let Value::Object(map) = value else {
        return Err(ParamError::new("body", "expected a JSON object"));
    };
    let mut out = Vec::new();
    for (key, v) in map {
        let Some(field) = EDITABLE.iter().find(|f| **f == key) else {
            return Err(ParamError::new(
                "body",
                format!(
                    "unknown or read-only field '{key}'; editable: {}",
                    EDITABLE.join(", ")
                ),
            ));
        };
        match *field {
            "trl" => check::<Option<Trl>>(field, &v)?,
            "sel" => check::<Option<Sel>>(field, &v)?,
            "brl" => check::<Option<Brl>>(field, &v)?,
            "status" => check::<ProjectStatus>(field, &v)?,
            "expected_in_practice" => check::<Option<Jaar>>(field, &v)?,
            _ => check::<Option<Fase>>(field, &v)?,
        }
        out.push((*field, v));
    }
    if out.is_empty() {
        return Err(ParamError::new("body", "no field to change"));
    }
    Ok(out)
}

/// Whether `account` may edit `project`: administrators always, a mission team for the
/// projects of its mission, a contributor for the projects its organisation is a partner of.
pub fn may_edit(account: &Account, project: &Project) -> bool {
    let norm = |s: &str| s.trim().to_lowercase();
    match account.role {
        Rol::Admin => true,
        Rol::Missieteam => account
            .missie
            .as_deref()
            .and_then(|m| MissieCode::parse_lenient(m).ok())
            .is_some_and(|m| project.missies.contains(&m)),
        Rol::Bijdrager => account.organisation.as_deref().is_some_and(|o| {
            project
                .partners
                .iter()
                .any(|p| norm(p.name.as_str()) == norm(o))
        }),
        Rol::Publiek => false,
    }
}

enum Uitkomst {
    Onbekend,
    Verboden,
    Ongeldig(String),
    Gewijzigd(Box<Project>, Vec<String>),
}

/// `PUT /projecten/{id}`: changes the editable fields, logs them in the project's history
/// and the audit log (before and after), in one store call.
async fn put_project(
    state: axum::extract::State<AppState>,
    gebruiker: Gebruiker,
    id: Result<IdPad, ParamError>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let account = gebruiker
        .require(&[Rol::Bijdrager, Rol::Missieteam, Rol::Admin])?
        .clone();
    let IdPad(id) = id?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge
        } else {
            ApiError::BadParam(ParamError::new("body", e.body_text()))
        }
    })?;
    let patch = parse_patch(&body)?;
    let (project, changed) = change_project(&state, account, id, patch).await?;
    Ok(Json(serde_json::json!({ "project": project, "changed": changed })).into_response())
}

/// Applies a checked change for `account`: the one path of the API and the edit form. Checks
/// that the project exists (404) and that the user may edit it (403), then updates the project
/// (its history logs the changed fields) and writes the audit entry with the changed fields
/// before and after, together or not at all. Returns the project and the changed fields.
pub(crate) async fn change_project(
    state: &AppState,
    account: Account,
    id: Id,
    patch: Vec<(&'static str, Value)>,
) -> Result<(Project, Vec<String>), ApiError> {
    let key = id.clone();
    let outcome = state
        .with_store_mut(move |s| {
            let Some(project) = s.project(&key)? else {
                return Ok(Uitkomst::Onbekend);
            };
            if !may_edit(&account, &project) {
                return Ok(Uitkomst::Verboden);
            }
            let Ok(Value::Object(mut record)) = serde_json::to_value(&project) else {
                return Err(gemeten_store::StoreError::Corrupt {
                    path: String::new(),
                    table: "project".into(),
                    reason: format!("project '{key}' does not serialise to an object"),
                });
            };
            let (mut before, mut after) = (Map::new(), Map::new());
            for (field, v) in patch {
                // A field sent with its current value is no change (the form sends them all).
                if record.get(field).unwrap_or(&Value::Null) == &v {
                    continue;
                }
                before.insert(
                    field.to_owned(),
                    record.get(field).cloned().unwrap_or(Value::Null),
                );
                after.insert(field.to_owned(), v.clone());
                if v.is_null() {
                    record.remove(field);
                } else {
                    record.insert(field.to_owned(), v);
                }
            }
            let changed: Project = match serde_json::from_value(Value::Object(record)) {
                Ok(p) => p,
                // Each field was valid alone; together they are not (e.g. start after end).
                Err(e) => return Ok(Uitkomst::Ongeldig(e.to_string())),
            };
            // The project's own history and the audit entry land together or not at all.
            let fields = s.atomically(|s| {
                let fields = s.update_project(&changed, &account.username)?;
                if !fields.is_empty() {
                    s.audit(
                        &account.username,
                        "project bijgewerkt",
                        &format!("project {key}"),
                        Some(&Value::Object(before)),
                        Some(&Value::Object(after)),
                    )?;
                }
                Ok(fields)
            })?;
            Ok(Uitkomst::Gewijzigd(Box::new(changed), fields))
        })
        .await?;
    match outcome {
        Uitkomst::Onbekend => Err(project_not_found(&id)),
        Uitkomst::Verboden => Err(ApiError::Forbidden(format!(
            "this user may not edit project '{id}'"
        ))),
        Uitkomst::Ongeldig(reason) => Err(ParamError::new("body", reason).into()),
        Uitkomst::Gewijzigd(project, changed) => Ok((*project, changed)),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequest {
    username: String,
}

/// `POST /tokens`: an administrator creates an API token for a user. The token is in this
/// answer only; the store keeps its hash.
async fn create_token(
    state: axum::extract::State<AppState>,
    gebruiker: Gebruiker,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let admin = gebruiker.require(&[Rol::Admin])?.username.clone();
    let body = body.map_err(|_| ApiError::TooLarge)?;
    let TokenRequest { username } = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadParam(ParamError::new("username", e.to_string())))?;
    let who = username.clone();
    let token = state
        .with_store_mut(move |s| {
            if s.user(&who)?.is_none() {
                return Ok(None);
            }
            let token = s.create_api_token(&who, &admin)?;
            s.audit(
                &admin,
                "API-token aangemaakt",
                &format!("gebruiker {who}"),
                None,
                Some(&serde_json::json!({ "username": who })),
            )?;
            Ok(Some(token))
        })
        .await?;
    let Some(token) = token else {
        return Err(ApiError::NotFound {
            what: "user",
            field: Some("username"),
            key: username,
        });
    };
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
