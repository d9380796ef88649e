//! Site-wide search: `/zoeken` (the page the header's search box sends to) and
//! `GET /api/v1/zoeken`, over the register's records and the projects, through
//! [`gemeten_zoek::Stukindex`].
//!
//! The index is derived data. It is built on the blocking pool (at startup by
//! [`warm_up`], else on first use) and brought up to date when the portfolio's version has
//! moved since (the changed projects replaced); a search never indexes on an async worker
//! thread.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};

use gemeten_domain::{MissieCode, Probleem, Register};
use gemeten_zoek::{project_stuk, register_stukken, Fragment, Soort, Stuk, StukTreffer, Stukindex};

use crate::error::{onleesbaar, ApiError};
use crate::extract::Taal;
use crate::layout::{missie_label, page, Nav, PageError};
use crate::projecten::portefeuille::{snapshot, Snapshot};
use crate::routes::Routes;
use crate::{AppState, Lang};

mod uitslag;

/// Hits per kind on the page when all kinds are shown; the link under a group shows more.
const PER_GROEP: usize = 5;
/// Hits when one kind is asked for, and the API's default and largest `limiet`.
const PER_SOORT: usize = 50;
const LIMIET_STANDAARD: usize = 20;
const LIMIET_MAX: usize = 100;

/// Words that find something in the reference register, offered on the empty page.
const VOORBEELDEN: &[&str] = &[
    "mantelzorgers",
    "werkgever",
    "antibioticaresistentie",
    "valpreventie",
    "thuismonitoring",
];

/// The index, the portfolio version it reflects, and a fingerprint of each project's piece
/// so that a new version replaces only the projects that changed.
struct Staat {
    versie: u64,
    index: Arc<Stukindex>,
    projecten: HashMap<String, u64>,
}

/// The current index, if any. The mutex is held while the index is brought up to date, so
/// concurrent searches wait for one update instead of each starting their own.
#[derive(Default)]
pub(crate) struct Zoekcache {
    slot: Mutex<Option<Staat>>,
}

fn vingerafdruk(s: &Stuk) -> u64 {
    let mut h = DefaultHasher::new();
    s.title.hash(&mut h);
    s.text.hash(&mut h);
    h.finish()
}

pub(crate) fn intern(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}

/// The index for this snapshot of the portfolio. The first call builds it (seconds for a
/// national portfolio); later versions replace only the changed and removed projects
/// (milliseconds). Blocking: call it on the blocking pool.
fn actueel(state: &AppState, snap: &Snapshot) -> Result<Arc<Stukindex>, ApiError> {
    let mut slot = state
        .zoek
        .slot
        .lock()
        .map_err(|_| intern("the search index lock is poisoned"))?;
    if let Some(s) = slot.as_ref().filter(|s| s.versie == snap.version) {
        return Ok(Arc::clone(&s.index));
    }
    let stukken: Vec<Stuk> = snap.projects.iter().map(project_stuk).collect();
    let prints: HashMap<String, u64> = stukken
        .iter()
        .map(|s| (s.id.clone(), vingerafdruk(s)))
        .collect();
    match slot.as_mut() {
        Some(s) => {
            let removed: Vec<(Soort, String)> = s
                .projecten
                .keys()
                .filter(|id| !prints.contains_key(*id))
                .map(|id| (Soort::Project, id.clone()))
                .collect();
            let changed: Vec<Stuk> = stukken
                .into_iter()
                .filter(|p| s.projecten.get(&p.id) != prints.get(&p.id))
                .collect();
            if !changed.is_empty() || !removed.is_empty() {
                s.index.update(&changed, &removed).map_err(intern)?;
            }
            // Only now: after a failed update the next search tries again.
            s.versie = snap.version;
            s.projecten = prints;
            Ok(Arc::clone(&s.index))
        }
        None => {
            let mut all = register_stukken(&state.register);
            all.extend(stukken);
            let index = Arc::new(Stukindex::build(&all).map_err(intern)?);
            *slot = Some(Staat {
                versie: snap.version,
                index: Arc::clone(&index),
                projecten: prints,
            });
            Ok(index)
        }
    }
}

/// The index for the portfolio as it is now (the store's portfolio version, which moves
/// with every project write, also by another process).
async fn index(state: &AppState) -> Result<Arc<Stukindex>, ApiError> {
    let snap = snapshot(state).await?;
    let state = state.clone();
    tokio::task::spawn_blocking(move || actueel(&state, &snap))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// Builds the index in the background, so the first search does not wait for it.
pub(crate) fn warm_up(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = index(&state).await {
            eprintln!("gemeten-web: search index: {e}");
        }
    });
}

/// `?q=&soort=&limiet=`, checked: a bad value names its parameter.
#[derive(Debug, Clone)]
pub(crate) struct ZoekParams {
    /// The words, trimmed; `None` when empty or absent.
    pub q: Option<String>,
    pub soort: Option<Soort>,
    pub limiet: usize,
}

impl<S: Send + Sync> FromRequestParts<S> for ZoekParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map_err(|e| onleesbaar("query", e.body_text()))?;
        let last = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim())
        };
        let q = last("q").filter(|q| !q.is_empty()).map(str::to_owned);
        let soort = match last("soort").filter(|s| !s.is_empty()) {
            Some(s) => Some(s.parse::<Soort>().map_err(|_| {
                let soorten = Soort::codes();
                Probleem::bij_veld(
                    "soort",
                    format!("onbekende soort '{s}' (kies uit: {soorten})"),
                    format!("unknown kind '{s}' (one of: {soorten})"),
                )
            })?),
            None => None,
        };
        let limiet = match last("limiet").filter(|s| !s.is_empty()) {
            Some(s) => s
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=LIMIET_MAX).contains(n))
                .ok_or_else(|| {
                    Probleem::bij_veld(
                        "limiet",
                        format!("'{s}' is geen geheel getal van 1 tot en met {LIMIET_MAX}"),
                        format!("'{s}' is not a whole number from 1 to {LIMIET_MAX}"),
                    )
                })?,
            None => LIMIET_STANDAARD,
        };
        Ok(ZoekParams { q, soort, limiet })
    }
}

/// Where a hit is shown: its own page, or the mission page at the row that holds it.
pub(crate) fn href(register: &Register, soort: Soort, id: &str) -> String {
    let p = register.parts();
    let first = |m: &[MissieCode]| m.first().copied();
    let (missie, anker) = match soort {
        Soort::Missie => return format!("/missies/{id}"),
        Soort::Innovatie => return format!("/innovaties/{id}"),
        Soort::Project => return format!("/projecten/{id}"),
        Soort::Maatstaf => return format!("/maatstaven#maatstaf-{id}"),
        Soort::Doel => (
            p.doel
                .iter()
                .find(|d| d.id.as_str() == id)
                .map(|d| d.missie),
            "doel",
        ),
        Soort::KiaVraag => (
            p.kia_vraag
                .iter()
                .find(|v| v.id.as_str() == id)
                .and_then(|v| first(&v.missies)),
            "vraag",
        ),
        Soort::Activiteit => (
            p.activiteit
                .iter()
                .find(|a| a.id.as_str() == id)
                .and_then(|a| first(&a.missies)),
            "activiteit",
        ),
        Soort::Instrument => (
            p.instrument
                .iter()
                .find(|i| i.id.as_str() == id)
                .and_then(|i| first(&i.missies)),
            "instrument",
        ),
    };
    // Records of no mission (the KIA's cross-cutting chapters) are on the central
    // mission's page, which contains all others.
    let missie = missie.unwrap_or(MissieCode::C);
    format!("/missies/{missie}#{anker}-{id}")
}

fn soort_label(s: Soort, l: Lang) -> &'static str {
    match s {
        Soort::Missie => l.t("Missies", "Missions"),
        Soort::Doel => l.t("Doelen", "Targets"),
        Soort::KiaVraag => l.t(
            "Kennis- en innovatievragen",
            "Knowledge and innovation questions",
        ),
        Soort::Activiteit => l.t("Activiteiten", "Activities"),
        Soort::Instrument => l.t("Instrumenten", "Instruments"),
        Soort::Innovatie => l.t("Innovaties", "Innovations"),
        Soort::Project => l.t("Projecten", "Projects"),
        Soort::Maatstaf => l.t(
            "ROCKET-principes en kernelementen",
            "ROCKET principles and core elements",
        ),
    }
}

/// `GET /api/v1/zoeken?q=&soort=&limiet=`: the best hits over all kinds (or one), with the
/// number of matches per kind.
pub(crate) async fn api(
    State(state): State<AppState>,
    params: Result<ZoekParams, ApiError>,
) -> Result<Response, ApiError> {
    let params = params?;
    let q = params.q.ok_or_else(|| {
        Probleem::bij_veld(
            "q",
            "geef een of meer woorden om op te zoeken",
            "give one or more words to search for",
        )
    })?;
    let g = index(&state).await?;
    let uitslag = uitslag::zoek(&state, &g, q, params.soort, params.limiet, 0)?;
    Ok(Json(uitslag).into_response())
}

/// The fragment with its matched words in `<mark>`; its line breaks (between a project's
/// summary, funder and partners) shown as separators.
fn fragment(f: &Fragment) -> Markup {
    let chars: Vec<char> = f.text.chars().collect();
    let piece = |a: usize, b: usize| -> String {
        let b = b.min(chars.len());
        let s: String = chars[a.min(b)..b].iter().collect();
        s.replace('\n', " · ")
    };
    let mut parts = Vec::new();
    let mut at = 0;
    for &(a, b) in &f.highlights {
        let a = a.max(at);
        parts.push((piece(at, a), piece(a, b)));
        at = b.max(a);
    }
    let rest = piece(at, chars.len());
    html! {
        @for (plain, marked) in &parts { (plain) mark { (marked) } }
        (rest)
    }
}

fn zoekformulier(q: &str, soort: Option<Soort>, l: Lang) -> Markup {
    html! {
        form.filter role="search" method="get" action="/zoeken" {
            label for="q" { (l.t("Zoek naar", "Search for")) }
            input #q type="search" name="q" value=(q) size="40";
            label for="soort" { (l.t("Soort", "Kind")) }
            select #soort name="soort" {
                option value="" selected[soort.is_none()] { (l.t("alles", "everything")) }
                @for k in Soort::ALL {
                    option value=(k.code()) selected[soort == Some(k)] { (soort_label(k, l)) }
                }
            }
            @if l == Lang::En { input type="hidden" name="lang" value="en"; }
            button type="submit" { (l.t("Zoeken", "Search")) }
        }
    }
}

fn zoek_url(q: &str, soort: Option<Soort>) -> String {
    let mut pairs = vec![("q", q)];
    if let Some(k) = soort {
        pairs.push(("soort", k.code()));
    }
    format!(
        "/zoeken?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

fn voorbeelden(l: Lang) -> Markup {
    html! {
        p { (l.t("Bijvoorbeeld:", "For example:")) }
        ul { @for v in VOORBEELDEN { li { a href=(zoek_url(v, None)) { (v) } } } }
    }
}

/// `/zoeken`: the results grouped by kind, each with its quoted text and a link to where it
/// is shown; examples when there is no query, suggestions when nothing matched.
pub(crate) async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    params: Result<ZoekParams, ApiError>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let params = params.map_err(|e| PageError::new(&taal, e))?;
    let title = l.t("Zoeken", "Search");
    let Some(q) = params.q else {
        let body = html! {
            h1 { (title) }
            (zoekformulier("", params.soort, l))
            p { (l.t(
                "Zoek in de missies, doelen, kennisvragen, activiteiten, instrumenten, innovaties en projecten. Woordvormen tellen mee: ‘werkgever’ vindt ook ‘werkgevers’.",
                "Search the missions, targets, questions, activities, instruments, innovations and projects. Word forms count: ‘werkgever’ also finds ‘werkgevers’.",
            )) }
            (voorbeelden(l))
        };
        return Ok(page(&taal, title, Nav::Geen, body));
    };
    let g = index(&state).await.map_err(|e| PageError::new(&taal, e))?;
    let n = if params.soort.is_some() {
        PER_SOORT
    } else {
        PER_GROEP
    };
    let u = uitslag::zoek(&state, &g, q.clone(), params.soort, 0, n)
        .map_err(|e| PageError::new(&taal, e))?;
    let (total, groepen) = (u.total, u.groepen);
    let register = &state.register;
    let body = html! {
        h1 { (title) }
        (zoekformulier(&q, params.soort, l))
        p role="status" {
            (total) " " (if total == 1 { l.t("resultaat", "result") } else { l.t("resultaten", "results") })
            " " (l.t("voor", "for")) " ‘" (q) "’"
            @if let Some(k) = params.soort { " (" (soort_label(k, l).to_lowercase()) ")" }
        }
        @if groepen.is_empty() {
            h2 { (l.t("Niets gevonden", "Nothing found")) }
            ul {
                li { (l.t("Controleer de spelling, of gebruik minder of andere woorden.", "Check the spelling, or use fewer or other words.")) }
                @if params.soort.is_some() {
                    li { a href=(zoek_url(&q, None)) { (l.t("Zoek in alle soorten", "Search all kinds")) } }
                }
                li { (l.t("Of blader: ", "Or browse: "))
                    a href="/" { (l.t("missies", "missions")) } ", "
                    a href="/innovaties" { (l.t("innovaties", "innovations")) } ", "
                    a href="/projecten" { (l.t("projecten", "projects")) } "." }
            }
            (voorbeelden(l))
        }
        @for u in &groepen {
            @let k = &u.soort;
            section aria-labelledby=(format!("groep-{}", k.code())) {
                h2 #(format!("groep-{}", k.code())) { (soort_label(*k, l)) " " span.count { "(" (u.total) ")" } }
                ol.treffers {
                    @for t in &u.hits {
                        li {
                            a href=(t.href) { (titel(register, &t.hit, l)) }
                            p.fragment { (fragment(&t.hit.fragment)) }
                        }
                    }
                }
                @if u.total > u.hits.len() {
                    @if params.soort.is_none() {
                        p { a href=(zoek_url(&q, Some(*k))) {
                            (l.t("Meer", "More")) ": " (soort_label(*k, l).to_lowercase())
                        } }
                    } @else {
                        p { (l.t("De beste", "The best")) " " (u.hits.len()) " " (l.t("getoond; voeg woorden toe om verder te zoeken.", "shown; add words to narrow the search.")) }
                    }
                }
            }
        }
    };
    Ok(page(&taal, &format!("{title}: {q}"), Nav::Geen, body))
}

/// The link text of a hit: what the reader knows it by.
fn titel(register: &Register, hit: &StukTreffer, l: Lang) -> String {
    match hit.soort {
        Soort::Missie => hit
            .id
            .parse::<MissieCode>()
            .map(|m| format!("{} — {}", missie_label(m, l), hit.title))
            .unwrap_or_else(|_| hit.title.clone()),
        Soort::KiaVraag => format!("{} {}", l.t("Kennisvraag", "Question"), hit.id),
        Soort::Activiteit => register
            .parts()
            .activiteit
            .iter()
            .find(|a| a.id.as_str() == hit.id)
            .map_or_else(
                || hit.title.clone(),
                |a| {
                    format!(
                        "{} {} ({})",
                        l.t("Activiteit", "Activity"),
                        a.number,
                        a.chapter
                    )
                },
            ),
        _ => hit.title.clone(),
    }
}

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/zoeken", pagina)
}

pub(crate) fn api_routes(r: Routes) -> Routes {
    r.get("/zoeken", api)
}
