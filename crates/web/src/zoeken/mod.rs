//! Site-wide search: `/zoeken` (the page the header's search box sends to) and
//! `GET /api/v1/zoeken`, over the register's records and the projects, through
//! [`gemeten_zoek::Stukindex`].
//!
//! The index is derived data. A server keeps it in a folder beside the database
//! ([`AppState::with_zoekindex`]), stamped with what it was built from: the register's
//! pieces (a fingerprint), where the store's portfolio stood (the database's identity, the
//! portfolio version and its mark: [`gemeten_store::PortfolioStand`]) and the last history
//! entry it holds. At start ([`warm_up`]) a stamp that matches is reused at once; else the
//! index is built on the blocking pool while the server answers. When the portfolio moves
//! on, only the projects changed since the stamp's history entry are replaced — if the
//! database was at the stamp's stand ([`Store::was_op`]); a copy of the database (a restored
//! backup) that went on by itself was not, and builds its own. A search waits
//! [`WACHT`] at most for that work: then it answers from the index as it is (saying so on
//! the page), or, with none yet, 503 with `Retry-After`. A search never indexes on an async
//! worker thread and never reads the whole portfolio.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};

use gemeten_domain::{Id, MissieCode, Probleem, Register, Tekst};
use gemeten_store::{PortfolioStand, ProjectStore, Store};
use gemeten_zoek::{project_stuk, register_stukken, Fragment, Soort, Stuk, StukTreffer, Stukindex};

use crate::error::{onleesbaar, ApiError};
use crate::extract::Taal;
use crate::layout::{missie_label, page, Nav, PageError};
use crate::routes::Routes;
use crate::{AppState, Lang};

mod uitslag;

/// Hits per kind on the page when all kinds are shown; the link under a group shows more.
const PER_GROEP: usize = 5;
/// Hits when one kind is asked for, and the API's default and largest `limiet`.
const PER_SOORT: usize = 50;
const LIMIET_STANDAARD: usize = 20;
const LIMIET_MAX: usize = 100;
/// How long a search waits for the index to be built or brought up to date before it
/// answers from the index as it is (or, with none, 503).
const WACHT: Duration = Duration::from_millis(1500);
/// Changed projects up to which the index replaces just those; with more (an import by
/// another process) it is built anew, which is faster than that many replacements.
const GROTE_UPDATE: usize = 20_000;
/// Projects read from the store at a time while the index is built.
const BOUW_DEEL: usize = 5_000;

/// Words that find something in the reference register, offered on the empty page.
const VOORBEELDEN: &[&str] = &[
    "mantelzorgers",
    "werkgever",
    "antibioticaresistentie",
    "valpreventie",
    "thuismonitoring",
];

/// What an index was built from: where the portfolio stood ([`PortfolioStand`]: the
/// database's identity, the portfolio version and its mark, so that neither a database made
/// anew at the same path nor a copy or restored backup of this one that went on by itself
/// takes the index for its own at the same version), a fingerprint of the register's pieces
/// and the last history entry whose changes it holds (`ProjectStore::portfolio_version`),
/// from which the next update starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stempel {
    stand: PortfolioStand,
    register: u64,
    seq: u64,
}

impl Stempel {
    const SOORT: &'static str = "gemeten-stukindex-3";

    fn tekst(&self) -> String {
        format!(
            "{} stand={} register={:016x} seq={}",
            Stempel::SOORT,
            self.stand.sleutel(),
            self.register,
            self.seq
        )
    }

    fn lees(s: &str) -> Option<Stempel> {
        let mut parts = s.split(' ');
        if parts.next()? != Stempel::SOORT {
            return None;
        }
        let mut veld = |naam: &str| parts.next()?.strip_prefix(naam)?.strip_prefix('=');
        let stand = PortfolioStand::lees(veld("stand")?)?;
        let register = u64::from_str_radix(veld("register")?, 16).ok()?;
        let seq = veld("seq")?.parse().ok()?;
        Some(Stempel {
            stand,
            register,
            seq,
        })
    }
}

/// The index in use and its stamp.
#[derive(Clone)]
struct Staat {
    index: Arc<Stukindex>,
    stempel: Stempel,
}

/// The search index of this server: where it is kept, the one in use, and whether it is
/// being built or brought up to date (by one task at a time; searches do not wait on a lock).
#[derive(Default)]
pub(crate) struct Zoekcache {
    /// The folder; `None`: in memory (tests, one-off servers), built at every start.
    dir: Option<PathBuf>,
    /// Matches counted exactly per kind at most; `None`: [`gemeten_zoek::TELGRENS`].
    pub(crate) telgrens: Option<usize>,
    slot: Mutex<Option<Staat>>,
    bezig: AtomicBool,
    /// How many times this server built the index from scratch and how many times it
    /// replaced only changed projects (for tests and the log).
    pub(crate) opgebouwd: std::sync::atomic::AtomicUsize,
    pub(crate) bijgewerkt: std::sync::atomic::AtomicUsize,
}

impl Zoekcache {
    pub(crate) fn in_dir(dir: Option<PathBuf>) -> Zoekcache {
        Zoekcache {
            dir,
            ..Zoekcache::default()
        }
    }

    pub(crate) fn dir(&self) -> Option<&PathBuf> {
        self.dir.as_ref()
    }

    fn huidig(&self) -> Option<Staat> {
        self.slot.lock().ok()?.clone()
    }
}

fn vingerafdruk(stukken: &[Stuk]) -> u64 {
    let mut h = DefaultHasher::new();
    for s in stukken {
        (s.soort.code(), &s.id, &s.title, &s.text, &s.text_en).hash(&mut h);
    }
    h.finish()
}

pub(crate) fn intern(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}

/// Brings the index up to the store's portfolio: reuses a kept one whose stamp matches,
/// replaces the projects changed since its stamp, or builds it anew. Blocking: run it on the
/// blocking pool, by one task at a time.
fn ververs(state: &AppState, store: &Store) -> Result<(), String> {
    let cache = &state.zoek;
    let register = register_stukken(&state.register);
    let reg = vingerafdruk(&register);
    let (index, oud) = match cache.huidig() {
        Some(s) => (s.index, Some(s.stempel)),
        None => {
            let mut index = match &cache.dir {
                Some(dir) => Stukindex::open(dir),
                None => Stukindex::in_memory(),
            }
            .map_err(|e| e.to_string())?;
            if let Some(n) = cache.telgrens {
                index.set_telgrens(n);
            }
            let stempel = Stempel::lees(&index.stempel());
            (Arc::new(index), stempel)
        }
    };
    // The stand and the history entry in one read, then the projects: a change landing
    // before the projects are read is indexed under an older stamp (and replaced once more
    // later), never missed. An index made at a stand this database never was at (another
    // database's, or a copy's that went on by itself) holds another past: built anew.
    let (stand, seq) = store
        .consistently(|s| {
            Ok::<_, gemeten_store::StoreError>((s.portfolio_stand()?, s.portfolio_version()?))
        })
        .map_err(|e| e.to_string())?;
    let nieuw = Stempel {
        stand,
        register: reg,
        seq,
    };
    let vanaf = match oud.filter(|o| o.register == reg && o.seq <= seq) {
        Some(o) if store.was_op(&o.stand).map_err(|e| e.to_string())? => Some(o),
        _ => None,
    };
    match vanaf {
        Some(o) if o.stand == stand => {}
        Some(o) => {
            let ids = store
                .projects_changed_since(o.seq)
                .map_err(|e| e.to_string())?;
            if ids.len() > GROTE_UPDATE {
                opbouwen(state, store, &index, register, &nieuw)?;
            } else {
                let mut changed = Vec::new();
                let mut removed = Vec::new();
                for id in ids {
                    match store.project(&id).map_err(|e| e.to_string())? {
                        Some(p) => changed.push(project_stuk(&p)),
                        None => removed.push((Soort::Project, id.to_string())),
                    }
                }
                index
                    .update(&changed, &removed, &nieuw.tekst())
                    .map_err(|e| e.to_string())?;
                cache.bijgewerkt.fetch_add(1, Ordering::SeqCst);
            }
        }
        None => opbouwen(state, store, &index, register, &nieuw)?,
    }
    if let Ok(mut slot) = cache.slot.lock() {
        *slot = Some(Staat {
            index,
            stempel: nieuw,
        });
    }
    Ok(())
}

fn opbouwen(
    state: &AppState,
    store: &Store,
    index: &Stukindex,
    register: Vec<Stuk>,
    stempel: &Stempel,
) -> Result<(), String> {
    let start = Instant::now();
    // The projects a part at a time (by id), each turned into its piece as the writer takes
    // it: the build holds one part and the writer's bounded heap, not the whole portfolio.
    let mut n = 0usize;
    let mut after: Option<Id> = None;
    let mut part = Vec::new().into_iter();
    let mut done = false;
    let projects = std::iter::from_fn(|| loop {
        if let Some(p) = part.next() {
            n += 1;
            let stuk = project_stuk(&p);
            after = Some(p.id);
            return Some(Ok(stuk));
        }
        if done {
            return None;
        }
        match store.projects_after(after.as_ref(), BOUW_DEEL) {
            Ok(v) => {
                done = v.len() < BOUW_DEEL;
                part = v.into_iter();
            }
            Err(e) => {
                done = true;
                return Some(Err(Bouwfout(e.to_string())));
            }
        }
    });
    index
        .rebuild_from(
            register.into_iter().map(Ok).chain(projects),
            &stempel.tekst(),
        )
        .map_err(|e| e.0)?;
    state.zoek.opgebouwd.fetch_add(1, Ordering::SeqCst);
    if n >= 10_000 {
        eprintln!(
            "gemeten-web: zoekindex opgebouwd / search index built: {n} projects, {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Why a build stopped: the store or the index, as text for the log.
struct Bouwfout(String);

impl From<gemeten_zoek::ZoekFout> for Bouwfout {
    fn from(e: gemeten_zoek::ZoekFout) -> Bouwfout {
        Bouwfout(e.to_string())
    }
}

/// Starts bringing the index up to date on the blocking pool, unless that is running.
fn start_verversen(state: &AppState) {
    if state.zoek.bezig.swap(true, Ordering::SeqCst) {
        return;
    }
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let done = state
            .store
            .get()
            .map_err(|e| e.to_string())
            .and_then(|store| ververs(&state, &store));
        state.zoek.bezig.store(false, Ordering::SeqCst);
        if let Err(e) = done {
            eprintln!("gemeten-web: search index: {e}");
        }
    });
}

/// The index for the portfolio as it is now (the store's portfolio version, which moves
/// with every project write, also by another process), and whether it is up to date: after
/// [`WACHT`] a search takes the index as it is rather than hang.
async fn index(state: &AppState) -> Result<(Arc<Stukindex>, bool), ApiError> {
    let project = state.versies().await?.project;
    let tot = Instant::now() + WACHT;
    loop {
        let huidig = state.zoek.huidig();
        if let Some(s) = &huidig {
            if s.stempel.stand.versie == project {
                return Ok((Arc::clone(&s.index), true));
            }
        }
        start_verversen(state);
        if Instant::now() >= tot {
            return match huidig {
                Some(s) => Ok((s.index, false)),
                None => Err(ApiError::Opbouwen),
            };
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Opens (or starts building) the index and loads the portfolio snapshot in the background,
/// so that neither the first search nor the first mission page waits for them.
pub(crate) fn warm_up(state: &AppState) {
    start_verversen(state);
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = crate::projecten::portefeuille::snapshot(&state).await {
            eprintln!("gemeten-web: portfolio: {e}");
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
        Soort::KiesKnoop => {
            return match id.parse::<gemeten_domain::Id>() {
                Ok(key) if register.kies(None, None).missies_van(&key).is_empty() => {
                    // The legend's alone: no mission's row shows it.
                    "/missies/C/kies".to_owned()
                }
                Ok(key) => crate::kies::href(register, &[], &key),
                Err(_) => "/missies/C/kies".to_owned(),
            };
        }
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

/// A kind's label inside a sentence: its first letter in lower case, unless the word is an
/// abbreviation ("ROCKET-principes"), whose capitals stay.
fn in_zin(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if b.is_lowercase() => a
            .to_lowercase()
            .chain(label[a.len_utf8()..].chars())
            .collect(),
        _ => label.to_owned(),
    }
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
        Soort::KiesKnoop => l.t(
            "Kennis- en innovatie-ecosysteem (KIES)",
            "Knowledge and innovation ecosystem (KIES)",
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
    let (g, _) = index(&state).await?;
    // The words are stemmed in the request's language (`?lang=`, Accept-Language).
    let taal = crate::error::verzoek_taal();
    let uitslag = uitslag::zoek(&state, &g, q, taal, params.soort, params.limiet, 0)?;
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
    let (g, actueel) = index(&state).await.map_err(|e| PageError::new(&taal, e))?;
    let n = if params.soort.is_some() {
        PER_SOORT
    } else {
        PER_GROEP
    };
    let u = uitslag::zoek(&state, &g, q.clone(), l, params.soort, 0, n)
        .map_err(|e| PageError::new(&taal, e))?;
    let (total, meer_dan, groepen) = (u.total, u.total_meer_dan, u.groepen);
    let register = &state.register;
    let body = html! {
        h1 { (title) }
        (zoekformulier(&q, params.soort, l))
        p role="status" {
            (aantal_tekst(total, meer_dan, l)) " "
            (if total == 1 && !meer_dan { l.t("resultaat", "result") } else { l.t("resultaten", "results") })
            " " (l.t("voor", "for")) " ‘" (q) "’"
            @if let Some(k) = params.soort { " (" (in_zin(soort_label(k, l))) ")" }
        }
        @if !actueel {
            p role="status" { (l.t(
                "De zoekindex wordt bijgewerkt: wat kort geleden veranderde, kan nog ontbreken. Probeer het over een paar seconden opnieuw.",
                "The search index is being updated: recent changes may be missing. Try again in a few seconds.",
            )) }
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
                h2 #(format!("groep-{}", k.code())) { (soort_label(*k, l)) " " span.count { "(" (aantal_tekst(u.total, u.meer_dan, l)) ")" } }
                ol.treffers {
                    @for t in &u.hits {
                        li {
                            a href=(t.href) { (titel(register, &t.hit, l)) }
                            // Quoted from the page's language where the piece has that
                            // wording (projects are Dutch only): another language says so.
                            @let taal = t.hit.fragment.lang;
                            p.fragment lang=[(taal != l).then_some(taal.code())] { (fragment(&t.hit.fragment)) }
                        }
                    }
                }
                @if u.meer_dan || u.total > u.hits.len() {
                    @if params.soort.is_none() {
                        p { a href=(zoek_url(&q, Some(*k))) {
                            (l.t("Meer", "More")) ": " (in_zin(soort_label(*k, l)))
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

/// A count as the reader reads it: `1.000` / `1,000`, or `meer dan 1.000` / `more than
/// 1,000` when the count stopped at the bound (the exact number is not known).
fn aantal_tekst(n: usize, meer_dan: bool, l: Lang) -> String {
    let n = crate::opmaak::getal(n as u64, l);
    if meer_dan {
        format!("{} {n}", l.t("meer dan", "more than"))
    } else {
        n
    }
}

/// The link text of a hit: what the reader knows it by, in the reader's language where the
/// register has it; a name only in Dutch (the documents', an innovation's, a project's own)
/// is marked as Dutch on an English page.
fn titel(register: &Register, hit: &StukTreffer, l: Lang) -> Markup {
    let p = register.parts();
    let vind = |id: &str| id == hit.id;
    // (what comes before the name, in the page's language; the name; its language where
    // that is not the page's)
    let (voor, naam, taal): (Option<String>, String, Option<&'static str>) = match hit.soort {
        Soort::Missie => match (
            hit.id.parse::<MissieCode>(),
            p.missie.iter().find(|m| vind(m.code.code())),
        ) {
            (Ok(code), Some(m)) => {
                let (naam, taal) = in_taal(&m.title_nl, m.title_en.as_ref(), l);
                (Some(format!("{} — ", missie_label(code, l))), naam, taal)
            }
            _ => (None, hit.title.clone(), nl_op_en(l)),
        },
        Soort::Doel => match p.doel.iter().find(|d| vind(d.id.as_str())) {
            Some(d) => {
                let (naam, taal) = in_taal(&d.indicator_nl, d.indicator_en.as_ref(), l);
                (None, naam, taal)
            }
            None => (None, hit.title.clone(), nl_op_en(l)),
        },
        Soort::KiaVraag => (
            None,
            format!("{} {}", l.t("Kennisvraag", "Question"), hit.id),
            None,
        ),
        Soort::Activiteit => match p.activiteit.iter().find(|a| vind(a.id.as_str())) {
            Some(a) => (
                None,
                format!(
                    "{} {} ({})",
                    l.t("Activiteit", "Activity"),
                    a.number,
                    a.chapter
                ),
                None,
            ),
            None => (None, hit.title.clone(), nl_op_en(l)),
        },
        Soort::Maatstaf => match p.maatstaf.iter().find(|m| vind(m.id.as_str())) {
            Some(m) => (
                None,
                format!(
                    "{} ({})",
                    l.t(m.name_nl.as_str(), m.name_en.as_str()),
                    m.kader.label(l)
                ),
                None,
            ),
            None => (None, hit.title.clone(), nl_op_en(l)),
        },
        // An element by its name in the reader's language where the document has one.
        Soort::KiesKnoop => match hit
            .id
            .parse::<gemeten_domain::Id>()
            .ok()
            .and_then(|id| register.kies_knoop(&id))
        {
            Some(k) => {
                let (naam, taal) = k.name(l);
                (
                    Some(format!("{}: ", k.kind.label(l))),
                    naam.to_owned(),
                    taal,
                )
            }
            None => (None, hit.title.clone(), nl_op_en(l)),
        },
        // Instruments, innovations and projects have their names in Dutch only.
        Soort::Instrument | Soort::Innovatie | Soort::Project => {
            (None, hit.title.clone(), nl_op_en(l))
        }
    };
    html! {
        @if let Some(v) = voor { (v) }
        @if let Some(taal) = taal { span lang=(taal) { (naam) } } @else { (naam) }
    }
}

/// A text in the reader's language: the English one on an English page where there is one,
/// else the Dutch one (with its language on an English page).
fn in_taal(nl: &Tekst, en: Option<&Tekst>, l: Lang) -> (String, Option<&'static str>) {
    match (l, en) {
        (Lang::En, Some(en)) => (en.to_string(), None),
        _ => (nl.to_string(), nl_op_en(l)),
    }
}

/// `lang="nl"` for a Dutch text on an English page.
fn nl_op_en(l: Lang) -> Option<&'static str> {
    (l == Lang::En).then_some("nl")
}

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/zoeken", pagina)
}

pub(crate) fn api_routes(r: Routes) -> Routes {
    r.get("/zoeken", api)
}

#[cfg(test)]
mod tests {
    use super::in_zin;

    #[test]
    fn a_kind_in_a_sentence_keeps_its_abbreviations() {
        assert_eq!(
            in_zin("Kennis- en innovatie-ecosysteem (KIES)"),
            "kennis- en innovatie-ecosysteem (KIES)"
        );
        assert_eq!(
            in_zin("ROCKET-principes en kernelementen"),
            "ROCKET-principes en kernelementen"
        );
        assert_eq!(in_zin("Doelen"), "doelen");
        assert_eq!(in_zin(""), "");
    }
}
