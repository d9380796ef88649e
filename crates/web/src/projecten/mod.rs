//! The portfolio: the list of projects (`/projecten`), one project with its history and,
//! for whoever may edit it, the edit form (`/projecten/{id}`, `bewerken`), and the same as
//! JSON with the financing routes (`/api/v1/projecten…`, `/api/v1/instrumenten`,
//! `/api/v1/route/{id}`); all read from one shared snapshot (`portefeuille`).

pub(crate) mod bewerken;
pub(crate) mod portefeuille;

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};
use serde_json::Value;

use gemeten_app::ProjectPatch;
use gemeten_domain::{Id, MissieCode, OnderwerpSoort, Project};
use gemeten_portfolio::{route, PijplijnItem};
use gemeten_store::ProjectStore;

use crate::auth::Gebruiker;
use crate::error::ApiError;
use crate::extract::{Filter, IdPad, JsonBody, Pagina, Taal};
use crate::layout::{
    missie_label, onb, page, voorbeeld, voorbeeld_label, waarom, Nav, PageError, WAAROM_PROJECT,
};
use crate::missies::fase;
use crate::projecten::portefeuille::{snapshot, Snapshot};
use crate::routes::Routes;
use crate::{AppState, Lang};

pub(crate) fn pages(r: Routes) -> Routes {
    bewerken::pages(
        r.get("/projecten", projecten)
            .get("/projecten/{id}", project),
    )
}

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/projecten", api_projecten)
        .get("/projecten/{id}", api_project)
        .put("/projecten/{id}", put_project)
        .get("/instrumenten", instrumenten)
        .get("/route/{id}", route_handler)
}

fn status_label(p: &Project, l: Lang) -> &'static str {
    match l {
        Lang::Nl => p.status.label_nl(),
        Lang::En => p.status.label_en(),
    }
}

fn codes(m: &[MissieCode]) -> String {
    m.iter().map(|c| c.code()).collect::<Vec<_>>().join(", ")
}

async fn projecten(
    State(state): State<AppState>,
    taal: Taal,
    filter: Result<Filter, ApiError>,
    pagina: Result<Pagina, ApiError>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let filter = filter.map_err(|e| PageError::new(&taal, e))?;
    let pagina = pagina.map_err(|e| PageError::new(&taal, e))?;
    let snap = snapshot(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let total = snap.projects.len();
    let Lijst {
        items: projects,
        matching,
    } = lijst(&snap, filter, pagina);
    let body = html! {
        h1 { (l.t("Projecten", "Projects")) }
        form.filter method="get" action="/projecten" {
            label for="missie" { (l.t("Missie", "Mission")) }
            select #missie name="missie" {
                option value="" selected[filter.missie.is_none()] { (l.t("alle missies", "all missions")) }
                @for m in state.register.missies() {
                    option value=(m.code) selected[filter.missie == Some(m.code)] { (missie_label(m.code, l)) }
                }
            }
            @if l == Lang::En { input type="hidden" name="lang" value="en"; }
            button type="submit" { (l.t("Tonen", "Show")) }
        }
        @if projects.is_empty() {
            p.leeg { (if total == 0 {
                l.t(
                    "Er zijn nog geen projecten in de portefeuille. De beheerder van gemeten leest een projectlijst in; daarna werken bijdragers en missieteams hun projecten hier bij.",
                    "There are no projects in the portfolio yet. gemeten's administrator reads in a project list; after that, contributors and mission teams keep their projects up to date here.",
                )
            } else {
                l.t("Geen projecten voor deze keuze.", "No projects match this choice.")
            }) }
        } @else {
            div.scroll { table {
                caption {
                    (crate::opmaak::aantal(matching, l, ("project", "projecten"), ("project", "projects")))
                    @if matching > projects.len() {
                        " — " (l.t("pagina", "page")) " " (pagina.nummer) " " (l.t("van", "of")) " " (pagina.pages(matching))
                    }
                }
                thead { tr {
                    th scope="col" { (l.t("Titel", "Title")) }
                    th scope="col" { (l.t("Financier", "Funder")) }
                    th scope="col" { (l.t("Missies", "Missions")) }
                    th scope="col" { "TRL" }
                    th scope="col" { (l.t("Status", "Status")) }
                    th scope="col" { (l.t("Verwacht in de praktijk", "Expected in practice")) }
                } }
                tbody { @for p in &projects { tr {
                    th scope="row" { a href=(format!("/projecten/{}", p.id)) lang=[crate::layout::nl(l)] { (p.title) } (voorbeeld_label(p.id.as_str(), l)) }
                    td { (p.funder) }
                    td { (codes(&p.missies)) }
                    td { (onb(p.trl, l)) }
                    td { (status_label(p, l)) }
                    td { (onb(p.expected_in_practice, l)) }
                } } }
            } }
            @if projects.iter().any(|p| p.trl.is_none() || p.expected_in_practice.is_none()) {
                p.meta { (waarom(WAAROM_PROJECT, l)) }
            }
            @if projects.iter().any(|p| voorbeeld(p.id.as_str())) {
                p.meta { (l.t(
                    "Projecten met “verzonnen voorbeeld” zijn voorbeelden waarmee een nieuwe installatie begint (id’s vb-…): geen echte projecten.",
                    "Projects marked “made-up example” are examples a new installation starts with (ids vb-…): not real projects.",
                )) }
            }
            (bladeren(&taal, pagina, matching))
        }
    };
    Ok(page(
        &taal,
        l.t("Projecten", "Projects"),
        Nav::Projecten,
        body,
    ))
}

/// Previous/next links for a paged list, keeping the other query parameters.
fn bladeren(taal: &Taal, pagina: Pagina, total: usize) -> Markup {
    let pages = pagina.pages(total);
    let link = |n: usize| {
        let rest: Vec<&str> = taal
            .here
            .split_once('?')
            .map(|(_, q)| {
                q.split('&')
                    .filter(|kv| !kv.starts_with("pagina="))
                    .collect()
            })
            .unwrap_or_default();
        let path = taal.here.split('?').next().unwrap_or("/");
        let mut q = rest.join("&");
        if !q.is_empty() {
            q.push('&');
        }
        format!("{path}?{q}pagina={n}")
    };
    let l = taal.lang;
    html! {
        @if pages > 1 {
            nav.bladeren aria-label=(l.t("Pagina's", "Pages")) {
                @if pagina.nummer > 1 {
                    a rel="prev" href=(link(pagina.nummer - 1)) { "← " (l.t("vorige", "previous")) }
                }
                " " (l.t("pagina", "page")) " " (pagina.nummer) " / " (pages) " "
                @if pagina.nummer < pages {
                    a rel="next" href=(link(pagina.nummer + 1)) { (l.t("volgende", "next")) " →" }
                }
            }
        }
    }
}

async fn project(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: crate::auth::Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let not_found = || {
        PageError::new(
            &taal,
            ApiError::niet_gevonden("id", "project", "project", &id),
        )
    };
    let key: Id = id.parse().map_err(|_| not_found())?;
    // Owned copies, so that the page renders as it did when it read the store itself.
    let kept = project_kept(&state, key)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let (p, history, beoordelingen) = (
        kept.view.project.clone(),
        kept.view.history.clone(),
        kept.beoordelingen.clone(),
    );
    let body = html! {
        h1 lang=[crate::layout::nl(l)] { (p.title) }
        @if voorbeeld(p.id.as_str()) { p.illustratief role="note" { (l.t(
            "Verzonnen voorbeeld: dit project bestaat niet. Een nieuwe installatie begint met een paar voorbeeldprojecten (id’s vb-…) om te laten zien hoe de portefeuille werkt; een beheerder kan ze vervangen door echte.",
            "Made-up example: this project does not exist. A new installation starts with a few example projects (ids vb-…) to show how the portfolio works; an administrator can replace them with real ones.",
        )) } }
        @if let Some(s) = &p.summary { p.intro lang="nl" { (s) } }
        dl.feiten {
            dt { "Id" } dd { code { (p.id) } }
            dt { (l.t("Financier", "Funder")) } dd { (p.funder) }
            dt { (l.t("Status", "Status")) } dd { (status_label(&p, l)) }
            dt { (l.t("Missies", "Missions")) } dd {
                @for (i, m) in p.missies.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(format!("/missies/{m}")) { (missie_label(*m, l)) }
                }
            }
            @if !p.kia_vragen.is_empty() {
                dt { (l.t("Kennisvragen", "Questions")) }
                dd { @for (n, v) in p.kia_vragen.iter().enumerate() {
                    @if n > 0 { ", " }
                    a href=(crate::zoeken::href(&state.register, gemeten_zoek::Soort::KiaVraag, v.as_str())) { (v) }
                } }
            }
            @if !p.doelen.is_empty() {
                dt { (l.t("Draagt bij aan de doelen", "Contributes to the targets")) }
                dd { ul.plain { @for d in &p.doelen {
                    li { a href=(format!("/doelen/{d}")) {
                        @match state.register.parts().doel.iter().find(|x| &x.id == d) {
                            Some(x) => { (crate::layout::pick(&x.indicator_nl, &x.indicator_en, l)) }
                            None => { (d) }
                        }
                    } }
                } } }
            }
            @if !p.kies.is_empty() {
                dt { (l.t("Kennis- en innovatie-ecosysteem (KIES)", "Knowledge and innovation ecosystem (KIES)")) }
                dd { ul.plain { @for k in &p.kies {
                    li { (crate::kies::link(&state.register, &p.missies, k, l)) }
                } } }
            }
            @if let Some(i) = &p.innovatie { dt { (l.t("Innovatie", "Innovation")) } dd { a href=(format!("/innovaties/{i}")) { (i) } } }
            dt { "TRL / SEL / BRL" } dd { (onb(p.trl, l)) " / " (onb(p.sel, l)) " / " (onb(p.brl, l))
                @if p.trl.is_none() || p.sel.is_none() || p.brl.is_none() { " " (waarom(WAAROM_PROJECT, l)) } }
            dt { (l.t("Fasen (innovatie / stakeholders / omgeving)", "Phases (innovation / stakeholders / environment)")) }
            dd { (fase(p.phase_innovation, l)) " / " (fase(p.phase_stakeholders, l)) " / " (fase(p.phase_environment, l))
                @if p.phase_innovation.is_none() || p.phase_stakeholders.is_none() || p.phase_environment.is_none() { " " (waarom(WAAROM_PROJECT, l)) } }
            dt { (l.t("Looptijd", "Period")) } dd { (onb(p.start, l)) "–" (onb(p.end, l))
                @if p.start.is_none() || p.end.is_none() { " " (waarom(WAAROM_PROJECT, l)) } }
            dt { (l.t("Verwacht in de praktijk", "Expected in practice")) } dd { (onb(p.expected_in_practice, l))
                @if p.expected_in_practice.is_none() { " " (waarom(WAAROM_PROJECT, l)) } }
        }
        h2 { (l.t("Partners", "Partners")) " (" (p.partners.len()) ")" }
        @if !p.partners.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Naam", "Name")) }
                    th scope="col" { (l.t("Soort", "Kind")) }
                    th scope="col" { (l.t("Rol", "Role")) }
                } }
                tbody { @for x in &p.partners { tr {
                    th scope="row" { (x.name) }
                    td { (match l { Lang::Nl => x.kind.label_nl(), Lang::En => x.kind.label_en() }) }
                    td { (match l { Lang::Nl => x.role.label_nl(), Lang::En => x.role.label_en() }) }
                } } }
            } }
        }
        h2 { (l.t("Financiering", "Funding")) " (" (p.funding.len()) ")" }
        @if !p.funding.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Financier", "Funder")) }
                    th scope="col" { (l.t("Instrument", "Instrument")) }
                    th scope="col" .num { (l.t("Bedrag (€)", "Amount (€)")) }
                    th scope="col" { (l.t("Periode", "Period")) }
                } }
                tbody { @for f in &p.funding { tr {
                    th scope="row" { (f.funder) }
                    td { (onb(f.instrument.as_ref(), l)) }
                    td.num { (crate::opmaak::bedrag(f.amount.get(), l)) }
                    td { (f.from) "–" (f.to) }
                } } }
            } }
            @if p.funding.iter().any(|f| f.instrument.is_none()) { p.meta { (waarom(WAAROM_PROJECT, l)) } }
        }
        (crate::projecten::bewerken::section(&state.register, &p, &gebruiker, l))
        (crate::beoordelingen::section(&state.register, crate::beoordelingen::Onderwerp { soort: OnderwerpSoort::Project, id: &p.id }, &p.missies, Some(&p), &beoordelingen, &gebruiker, l))
        h2 { (l.t("Geschiedenis", "History")) " (" (history.len()) ")" }
        @if !history.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Wanneer", "When")) }
                    th scope="col" { (l.t("Door", "By")) }
                    th scope="col" { (l.t("Veld", "Field")) }
                    th scope="col" { (l.t("Voor", "Before")) }
                    th scope="col" { (l.t("Na", "After")) }
                } }
                tbody { @for w in &history { tr {
                    th scope="row" { (crate::opmaak::tijd(&w.at, l)) }
                    td { (w.by) }
                    td { code { (w.field) } }
                    td { (w.before.as_deref().unwrap_or("—")) }
                    td { (w.after.as_deref().unwrap_or("—")) }
                } } }
            } }
        }
        p { a href="/projecten" { (l.t("Alle projecten", "All projects")) } }
    };
    Ok(page(&taal, &p.title.to_string(), Nav::Projecten, body))
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

/// The list's view model: one page of the projects matching the filter, and how many match.
pub(crate) struct Lijst<'a> {
    pub items: Vec<&'a Project>,
    pub matching: usize,
}

pub(crate) fn lijst(snap: &Snapshot, filter: Filter, pagina: Pagina) -> Lijst<'_> {
    let matching = filter_projects(snap, filter);
    Lijst {
        items: pagina
            .of(&matching)
            .iter()
            .map(|&i| &snap.projects[i])
            .collect(),
        matching: matching.len(),
    }
}

/// One page of the matching projects; the total is in `X-Total-Count`, the next page in a
/// `Link` header, so the body stays the plain list it always was.
async fn api_projecten(
    state: axum::extract::State<AppState>,
    filter: Filter,
    pagina: Pagina,
) -> Result<Response, ApiError> {
    let snap = snapshot(&state).await?;
    let Lijst { items, matching } = lijst(&snap, filter, pagina);
    // The snapshot keeps projects compact; the answer has them whole, read from the store
    // (one page of them, in one read transaction).
    let ids: Vec<Id> = items.iter().map(|p| p.id.clone()).collect();
    let items = state
        .with_store(move |s| {
            s.consistently(|s| {
                let mut all = Vec::with_capacity(ids.len());
                for id in &ids {
                    all.extend(s.project(id)?);
                }
                Ok(all)
            })
        })
        .await?;
    let mut response = Json(items).into_response();
    let headers = response.headers_mut();
    headers.insert("x-total-count", matching.into());
    if pagina.nummer < pagina.pages(matching) {
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
    ApiError::niet_gevonden("id", "project", "project", id)
}

/// A project's page and `GET /api/v1/projecten/{id}`: the project with its history.
#[derive(serde::Serialize)]
pub(crate) struct ProjectView {
    pub project: Project,
    pub history: Vec<gemeten_domain::Wijziging>,
}

async fn api_project(
    state: axum::extract::State<AppState>,
    IdPad(id): IdPad,
) -> Result<Response, ApiError> {
    let kept = project_kept(&state, id).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        kept.json.clone(),
    )
        .into_response())
}

/// A project as its page and `GET /api/v1/projecten/{id}` read it: the project, its history
/// and its assessments, and the API's answer serialised.
pub(crate) struct KeptProject {
    pub view: ProjectView,
    pub beoordelingen: Vec<gemeten_store::OpgeslagenBeoordeling>,
    pub json: String,
}

/// The projects last read by their page or the API, each under the versions of the
/// portfolio and the assessments it was read at. Reading one cost two or three queries
/// (the project, its history, its assessments) on every request; on PostgreSQL each crosses
/// to another process, and at 100 connections the project page's p99 was 70–170 ms (issue
/// 13). A project is now read once per version of those two areas — any write to a project
/// or an assessment, through this server (at once) or another process (within `FRESH`),
/// moves one of them. What depends on who asks (the edit form, the assessment form) is
/// still rendered per request. At most [`PROJECTEN_MAX`] are kept, the least recently used
/// let go first.
#[derive(Default)]
pub(crate) struct Projectcache {
    kept: crate::bewaarplaats::Bewaarplaats<Id, (Projectstempel, Arc<KeptProject>), PROJECTEN_MAX>,
}

/// The portfolio's and the assessments' change counters a kept project was read at.
type Projectstempel = (u64, u64);

pub(crate) const PROJECTEN_MAX: usize = 2000;

/// The project `id` with its history and assessments at the current versions, or 404.
pub(crate) async fn project_kept(state: &AppState, id: Id) -> Result<Arc<KeptProject>, ApiError> {
    // The counters are read before reading: a change meanwhile makes the result stale.
    let v = state.versies().await?;
    let stamp = (v.project, v.beoordeling);
    let cache = &state.projectcache;
    if let Some((_, p)) = cache.kept.get(&id, |(at, _)| *at == stamp) {
        return Ok(p);
    }
    let key = id.clone();
    let found = state
        .with_store(move |s| {
            let Some(project) = s.project(&key)? else {
                return Ok(None);
            };
            let history = s.history(&key)?;
            let beoordelingen = s.assessments(Some((OnderwerpSoort::Project, &key)))?;
            Ok(Some((project, history, beoordelingen)))
        })
        .await?;
    let (project, history, beoordelingen) = found.ok_or_else(|| project_not_found(&id))?;
    let view = ProjectView { project, history };
    let json = serde_json::to_string(&view).map_err(|e| ApiError::Internal(e.to_string()))?;
    let kept = Arc::new(KeptProject {
        view,
        beoordelingen,
        json,
    });
    cache.kept.put(id, (stamp, Arc::clone(&kept)));
    Ok(kept)
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
                    return Err(ApiError::niet_gevonden(
                        "id",
                        "innovatie of project",
                        "innovation or project",
                        id,
                    ))
                }
            }
        }
    };
    Ok(Json(route(register, item)).into_response())
}

/// `PUT /projecten/{id}`: changes the editable fields through the application core, which
/// logs them in the project's history and the audit log (before and after) in one unit.
async fn put_project(
    state: axum::extract::State<AppState>,
    gebruiker: Gebruiker,
    id: Result<IdPad, ApiError>,
    body: Result<JsonBody<Value>, ApiError>,
) -> Result<Response, ApiError> {
    let account = gebruiker.account()?.clone();
    let IdPad(id) = id?;
    // A JSON object of editable fields, each checked by its domain type (`null` clears).
    let JsonBody(body) = body?;
    let patch = ProjectPatch::from_json(body)?;
    let (project, changed) = state
        .schrijf(move |s, r| gemeten_app::change_project(s, r, &account, &id, &patch))
        .await?;
    Ok(Json(serde_json::json!({ "project": project, "changed": changed })).into_response())
}
