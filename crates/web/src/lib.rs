//! The gemeten web application: server-rendered pages (Dutch by default, English with
//! `?lang=en`) and a JSON API under `/api/v1`, over the register and the project portfolio.
//!
//! The crate owns no data: the binary opens the store, loads the register and hands both
//! over in an [`AppState`]; [`router`] turns that into an axum `Router`. Handlers read the
//! register (immutable, shared) directly and reach the store only through
//! [`AppState::with_store`], which runs the blocking database call (SQLite or PostgreSQL)
//! on tokio's blocking pool.

// The shell every feature shares: who asks, errors, extractors, the page layout, the route
// recorder, telemetry and metrics.
mod auth;
mod bewaarplaats;
mod error;
mod extract;
mod kopregels;
mod layout;
mod metrics;
mod opmaak;
mod routes;
mod server;
mod telemetry;

// The features, each with its pages and its part of the API.
mod api;
mod apidocs;
mod beheer;
mod beoordelingen;
mod bestuur;
mod gebieden;
mod innovaties;
mod kies;
mod kpi;
mod missies;
mod oproepen;
mod projecten;
mod publiceren;
mod rondes;
mod schrijven;
mod zoeken;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::header;
use axum::Router;

use gemeten_domain::Register;
use gemeten_store::{Pool, Store, StoreError, Versies};

pub use api::{api_operations, api_paths};
pub use auth::{Gebruiker, Via, BODY_LIMIT, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE};
pub use bestuur::jaaragenda::jaaragenda_json;
pub use error::ApiError;
pub use extract::Taal;
/// Language of the pages: the domain's, so the CLI, the report and the pages agree.
pub use gemeten_domain::Lang;
pub use kpi::kleine_aantallen::{openbaar, Openbaar, DEFAULT_MIN_CELL};
pub use metrics::{METRICS_PATH, UNMATCHED};
pub use server::{serve_with, Grenzen};

/// The pages: every feature's routes, recorded (see `routes`).
fn page_routes() -> routes::Routes {
    let r = routes::Routes::new("");
    let r = missies::pages(r);
    let r = projecten::pages(r);
    let r = beheer::pages(r);
    let r = kpi::pages(r);
    let r = gebieden::pages(r);
    let r = rondes::pages(r);
    let r = innovaties::pages(r);
    let r = zoeken::pages(r);
    let r = apidocs::pages(r);
    let r = beoordelingen::pages(r);
    let r = bestuur::pages(r);
    let r = kies::pages(r);
    let r = oproepen::pages(r);
    r.get("/static/gemeten.css", css)
        .get(METRICS_PATH, metrics::endpoint)
}

/// The pages' operations as the router has them: (lower-case method, path). The posts are
/// the browser's writes (and logging in and out); the role test sends each of them.
pub fn page_operations() -> Vec<(&'static str, &'static str)> {
    page_routes().operations()
}

/// The OpenAPI 3.1 document of the JSON API, as served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");
/// Where the static files are served: the same for everyone, so the guard does not look up
/// the session of a request for one.
pub const STATIC_PREFIX: &str = "/static/";
/// The one stylesheet, served at `/static/gemeten.css`.
pub const CSS: &str = include_str!("gemeten.css");

/// Everything a request handler can reach. Cloned per request (two `Arc`s and a byte).
#[derive(Clone)]
pub struct AppState {
    /// The checked register, read-only while the server runs.
    pub register: Arc<Register>,
    /// The store's connections. A request takes one for the length of one blocking call
    /// (inside `spawn_blocking`), so readers do not queue behind each other or a writer.
    pub store: Arc<Pool>,
    /// Language when neither `?lang=` nor the `lang` cookie says otherwise.
    pub lang: Lang,
    /// Session cookies carry `Secure` (serve behind HTTPS).
    pub secure_cookies: bool,
    /// Observations on fewer persons than this are withheld from every response
    /// (`gemeten serve --min-cell`; see `kleine_aantallen`).
    pub min_cell: u64,
    /// The shared snapshot of the projects, reloaded when the portfolio changes.
    pub(crate) portefeuille: Arc<projecten::portefeuille::Portefeuille>,
    /// The stored observations as last read (reused for a short while).
    pub(crate) waarnemingen: Arc<kpi::kleine_aantallen::Waarnemingen>,
    /// The combined KPI catalogue as last read (see `kpi::catalogus`).
    pub(crate) kpis: Arc<kpi::Kpis>,
    /// The site-wide search index and the portfolio version it was built from.
    pub(crate) zoek: Arc<zoeken::Zoekcache>,
    /// The store's change counters as last read (see [`Versiebron`]).
    pub(crate) versies: Arc<Versiebron>,
    /// Answers of session and token lookups, kept while the accounts stay the same (see
    /// [`auth::Aanmeldingen`]).
    pub(crate) aanmeldingen: Arc<auth::Aanmeldingen>,
    /// Rendered KPI explorer, map, indicator and area pages and answers (see [`Weergaven`]).
    pub(crate) weergaven: Arc<Weergaven>,
    /// Projects as their page and `GET /api/v1/projecten/{id}` read them, per version of the
    /// portfolio and the assessments (see [`projecten::Projectcache`]).
    pub(crate) projectcache: Arc<projecten::Projectcache>,
    /// The FAIR package as last built, with the versions it was built from.
    pub(crate) fair: Arc<publiceren::FairCache>,
    /// The Prometheus metrics, the scraper token and the connection statistics hook.
    pub(crate) metrics: metrics::Metrics,
    /// Writers may hold all but one of the store's connections: a writer waiting for the
    /// database's write lock holds its connection, and readers (the session lookup of every
    /// request among them) must not queue behind writers for a connection. On SQLite one
    /// writer at a time (see [`AppState::with_pool`]).
    pub(crate) schrijvers: Arc<tokio::sync::Semaphore>,
    /// Reads on the blocking pool at a time: as many as the store has connections. Without
    /// this bound 100 connections whose reads miss the caches started 100 blocking threads
    /// (165 seen after a benchmark) that queued for 8 connections inside the pool, and the
    /// first seconds after a start, when tokio makes those threads, had a p99 of 80–140 ms
    /// on the project page (issue 13). A read past the bound waits here, asleep, not on a
    /// thread.
    pub(crate) lezers: Arc<tokio::sync::Semaphore>,
    /// Who publishes the FAIR package and the public address its identifiers are minted
    /// under (`gemeten serve --base-url`).
    pub uitgever: gemeten_publicatie::Uitgever,
    /// How many days a new API token is valid unless its maker says otherwise.
    pub token_days: u32,
    /// A round's interim results are shown to a participant before they voted (default: not,
    /// so that the others' ballots do not steer theirs).
    pub interim_results: bool,
}

impl AppState {
    /// The application over one open store connection (a private in-memory database in
    /// tests; a server uses [`AppState::with_pool`]).
    pub fn new(register: Register, store: Store, lang: Lang) -> AppState {
        AppState::with_pool(register, Pool::one(store), lang)
    }

    /// The application over a pool of connections to the store.
    pub fn with_pool(register: Register, pool: Pool, lang: Lang) -> AppState {
        // SQLite has one writer at a time whatever the pool: this server's writers wait for
        // each other here, woken in turn, rather than in SQLite's busy handler, which polls
        // with sleeps of up to 100 ms (the tail of 20 concurrent editors' writes, issue 13).
        // Other processes' writers (the command line) still meet the busy timeout.
        let schrijvers = match pool.dialect() {
            gemeten_store::Dialect::Sqlite => 1,
            gemeten_store::Dialect::Postgres => {
                (pool.status().max.saturating_sub(1)).max(1) as usize
            }
        };
        let lezers = (pool.status().max as usize).max(1);
        AppState {
            schrijvers: Arc::new(tokio::sync::Semaphore::new(schrijvers)),
            lezers: Arc::new(tokio::sync::Semaphore::new(lezers)),
            register: Arc::new(register),
            store: Arc::new(pool),
            lang,
            secure_cookies: false,
            uitgever: gemeten_publicatie::Uitgever::standaard(),
            min_cell: DEFAULT_MIN_CELL,
            portefeuille: Arc::default(),
            waarnemingen: Arc::default(),
            kpis: Arc::default(),
            zoek: Arc::default(),
            versies: Arc::default(),
            aanmeldingen: Arc::default(),
            weergaven: Arc::default(),
            projectcache: Arc::default(),
            fair: Arc::default(),
            metrics: metrics::Metrics::default(),
            token_days: gemeten_app::DEFAULT_TOKEN_DAYS,
            interim_results: false,
        }
    }

    /// The public address the FAIR identifiers are minted under.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> AppState {
        self.uitgever.base_url = base_url.into();
        self
    }

    /// Sets how many days a new API token is valid by default (`gemeten serve --token-days`).
    pub fn with_token_days(mut self, days: u32) -> AppState {
        self.token_days = days;
        self
    }

    /// Shows a round's interim results to participants who have not voted yet.
    pub fn with_interim_results(mut self, shown: bool) -> AppState {
        self.interim_results = shown;
        self
    }

    /// Marks the session cookies `Secure`.
    pub fn with_secure_cookies(mut self, secure: bool) -> AppState {
        self.secure_cookies = secure;
        self
    }

    /// Keeps the site-wide search index in `dir` (beside the database), so that a restart
    /// with an unchanged portfolio reuses it; without it the index lives in memory.
    /// The FAIR package's portfolio files go into a folder beside it (`<db>.fair/`; see
    /// `publiceren::FairCache`).
    pub fn with_zoekindex(mut self, dir: Option<std::path::PathBuf>) -> AppState {
        self.fair = Arc::new(publiceren::FairCache::in_dir(
            dir.as_deref().map(publiceren::map_naast),
        ));
        self.zoek = Arc::new(zoeken::Zoekcache::in_dir(dir));
        self
    }

    /// Counts a search's matches per kind exactly up to `n`, beyond it "more than `n`"
    /// (default [`gemeten_zoek::TELGRENS`]). Set it before the first search.
    pub fn with_zoek_telgrens(mut self, n: usize) -> AppState {
        let mut cache = zoeken::Zoekcache::in_dir(self.zoek.dir().cloned());
        cache.telgrens = Some(n);
        self.zoek = Arc::new(cache);
        self
    }

    /// Sets the small-cell threshold.
    pub fn with_min_cell(mut self, min_cell: u64) -> AppState {
        self.min_cell = min_cell;
        self
    }

    /// Lets a scraper that sends `Authorization: Bearer <token>` read `/metrics` without an
    /// account (`gemeten serve --metrics-token`).
    pub fn with_metrics_token(mut self, token: Option<String>) -> AppState {
        self.metrics.token = token.map(Into::into);
        self
    }

    /// How many times this server built the FAIR package (once per version of the projects
    /// and observations, however many requests ask for it).
    pub fn fair_builds(&self) -> u64 {
        self.fair.builds()
    }

    /// How many times this server wrote the FAIR package's portfolio files to their folder
    /// (once per portfolio version, also across restarts).
    pub fn fair_portfolio_writes(&self) -> u64 {
        self.fair.portfolio_writes()
    }

    /// How many times this server built its search index from scratch, and how many times
    /// it replaced only the projects that changed.
    pub fn zoekindex_builds(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::SeqCst;
        (
            self.zoek.opgebouwd.load(SeqCst),
            self.zoek.bijgewerkt.load(SeqCst),
        )
    }

    /// Runs `f` on the store on the blocking pool.
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let pool = Arc::clone(&self.store);
        let permit = Arc::clone(&self.lezers)
            .acquire_owned()
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = pool.get()?;
            f(&store).map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    }

    /// Runs `f` on the store, for writing, on the blocking pool.
    pub(crate) async fn with_store_mut<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let pool = Arc::clone(&self.store);
        let permit = Arc::clone(&self.schrijvers)
            .acquire_owned()
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(move || {
            // Held until the write is done, even if the request is dropped meanwhile.
            let _permit = permit;
            let mut store = pool.get()?;
            f(&mut store).map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    }

    /// Runs a reading step of the application core on the store, on the blocking pool.
    pub(crate) async fn with_app<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, gemeten_app::AppFout> + Send + 'static,
    {
        self.with_store(move |s| Ok(f(s)))
            .await?
            .map_err(ApiError::from)
    }

    /// Runs a use case of the application core (`gemeten-app`) on the store, on the blocking
    /// pool: the one road of every write. Its refusals keep their status.
    pub(crate) async fn schrijf<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &Register) -> Result<T, gemeten_app::AppFout> + Send + 'static,
    {
        let register = Arc::clone(&self.register);
        let result = self
            .with_store_mut(move |s| Ok(f(s, &register)))
            .await?
            .map_err(ApiError::from);
        // This server's own change is seen by its next request, not up to FRESH later.
        self.versies.written();
        result
    }

    /// The store's change counters, what every cache of derived values is keyed by. Asked
    /// of the store at most once per [`FRESH`] by one request at a time (the others wait for
    /// that answer), and at once after a write through this server: a change by another
    /// process or server is seen within [`FRESH`], this server's own at once.
    ///
    /// Under steady traffic no request waits for the query: an answer past half its time is
    /// still given, while one task asks anew in the background (every request waiting on the
    /// one that asked, a query on the blocking pool, showed in the p99 of the cheap reads).
    pub(crate) async fn versies(&self) -> Result<Versies, ApiError> {
        let bron = &self.versies;
        if let Some((v, age)) = bron.fresh() {
            if age >= FRESH / 2 {
                self.versies_op_achtergrond();
            }
            return Ok(v);
        }
        let _gate = bron.gate.lock().await;
        if let Some((v, _)) = bron.fresh() {
            return Ok(v);
        }
        self.versies_vragen().await
    }

    /// Asks the store for the counters and keeps the answer (the gate held by the caller).
    async fn versies_vragen(&self) -> Result<Versies, ApiError> {
        let bron = &self.versies;
        // Read `writes` before asking: a write that lands meanwhile makes this answer stale.
        let writes = bron.writes.load(Ordering::SeqCst);
        let v = self.with_store(|s| s.versies()).await?;
        if let Ok(mut last) = bron.last.lock() {
            *last = Some((Instant::now(), writes, v));
        }
        Ok(v)
    }

    /// One task at a time asks for the counters anew, unless an answer came meanwhile.
    fn versies_op_achtergrond(&self) {
        if self.versies.bezig.swap(true, Ordering::SeqCst) {
            return;
        }
        let state = self.clone();
        tokio::spawn(async move {
            {
                let _gate = state.versies.gate.lock().await;
                let jong = state
                    .versies
                    .fresh()
                    .is_some_and(|(_, age)| age < FRESH / 2);
                if !jong {
                    // A failure is the next request's to see: it then asks itself.
                    let _ = state.versies_vragen().await;
                }
            }
            state.versies.bezig.store(false, Ordering::SeqCst);
        });
    }
}

/// Rendered bodies of the pages and answers that depend only on the register, the
/// observations and the KPI catalogue, and on the request's path, query and language: the KPI
/// explorer, its map, the indicator pages and the area profiles, page and API. They were
/// computed on every request (filtering the KPI's observations, sorting, the trend test, the
/// SVG map and bars: some milliseconds each), so at 100 connections their p99 was above 50 ms
/// (issue 13). Each is now computed once per version of those three areas; a page's header
/// (who is logged in, the language switch) is still drawn per request around the body. At
/// most [`WEERGAVEN_MAX`] are kept, the least recently used let go first.
#[derive(Default)]
pub(crate) struct Weergaven {
    kept: bewaarplaats::Bewaarplaats<String, (Stempel, Arc<Weergave>), WEERGAVEN_MAX>,
}

/// The register's, observations' and KPI catalogue's change counters a kept page was made at.
type Stempel = (u64, u64, u64);

/// A kept page or answer: its title (empty for an answer) and its body.
pub(crate) struct Weergave {
    pub title: String,
    pub body: String,
}

pub(crate) const WEERGAVEN_MAX: usize = 2000;

impl AppState {
    /// The page or answer kept under `key` for the current register, observations and KPI
    /// catalogue, or `f`'s, kept.
    pub(crate) async fn weergave<F, Fut>(
        &self,
        key: String,
        f: F,
    ) -> Result<Arc<Weergave>, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Weergave, ApiError>>,
    {
        // The counters are read before computing: a change meanwhile makes the result stale.
        let v = self.versies().await?;
        let stamp = (v.register, v.waarneming, v.kpi);
        if let Some((_, w)) = self.weergaven.kept.get(&key, |(at, _)| *at == stamp) {
            return Ok(w);
        }
        let w = Arc::new(f().await?);
        self.weergaven.kept.put(key, (stamp, Arc::clone(&w)));
        Ok(w)
    }
}

/// How old an answer about the store's change counters may be. Asking on every request cost
/// a blocking call and a query per cached read (the mission page fell to a quarter of its
/// throughput); a tenth of a second is far inside the second in which a change made through
/// another server must show.
pub(crate) const FRESH: Duration = Duration::from_millis(100);

/// The store's change counters as last read: when, and how many writes this server had made
/// then; and a gate so that one request asks at a time.
#[derive(Default)]
pub(crate) struct Versiebron {
    last: std::sync::Mutex<Option<(Instant, u64, Versies)>>,
    gate: tokio::sync::Mutex<()>,
    writes: AtomicU64,
    /// A task is asking in the background.
    bezig: std::sync::atomic::AtomicBool,
}

impl Versiebron {
    /// The last answer and its age, if younger than [`FRESH`] and no write of this server
    /// came after it.
    fn fresh(&self) -> Option<(Versies, Duration)> {
        let last = *self.last.lock().ok()?;
        let writes = self.writes.load(Ordering::SeqCst);
        last.filter(|(at, w, _)| *w == writes && at.elapsed() < FRESH)
            .map(|(at, _, v)| (v, at.elapsed()))
    }

    fn written(&self) {
        self.writes.fetch_add(1, Ordering::SeqCst);
    }
}

/// The whole application: pages, static files, the JSON API, `/metrics` and the 404
/// fallback, behind (inside out) the user's name put into the request span, [`auth::guard`]
/// (who is asking; CSRF on unsafe requests), the body limit, the metrics scraper's token,
/// [`telemetry::track`] (the request's span and metrics) and the security headers
/// ([`kopregels::zet`]). `Router::layer` runs them after
/// routing, so all of them see the matched route template.
pub fn router(state: AppState) -> Router {
    page_routes()
        .router()
        .merge(api::router())
        .fallback(not_found)
        .layer(axum::middleware::from_fn(telemetry::record_user))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::guard,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::scraper,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            telemetry::track,
        ))
        .layer(axum::middleware::from_fn(kopregels::zet))
        // Outermost: every error below, the guard's too, speaks the request's language.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::taal_van_verzoek,
        ))
        .with_state(state)
}

/// 404 for every path without a route: JSON under `/api/`, a page elsewhere.
async fn not_found(taal: extract::Taal, uri: axum::http::Uri) -> axum::response::Response {
    if uri.path().starts_with("/api/") {
        return axum::response::IntoResponse::into_response(ApiError::NoRoute(
            uri.path().to_owned(),
        ));
    }
    axum::response::IntoResponse::into_response(layout::PageError::new(
        &taal,
        ApiError::NoRoute(uri.path().to_owned()),
    ))
}

async fn css() -> impl axum::response::IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        // The charts' and maps' colours come from the chart crate, which also puts them in a
        // downloaded chart, so page and file look alike.
        [
            CSS,
            gemeten_grafiek::GRAFIEK_CSS,
            gemeten_grafiek::KAART_CSS,
        ]
        .concat(),
    )
}

/// Binds `addr`, calls `on_ready` with the bound address, and serves until Ctrl-C within
/// `grenzen` (timeouts and a connection limit, see [`serve_with`]); open requests are
/// finished before it returns.
pub fn serve_blocking(
    state: AppState,
    addr: SocketAddr,
    grenzen: Grenzen,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    // The connections are let go here, outside the runtime: a PostgreSQL connection closes
    // by blocking on its own runtime, which may not happen inside another one.
    let store = Arc::clone(&state.store);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_ready(listener.local_addr()?);
        zoeken::warm_up(&state);
        publiceren::warm_up(&state);
        serve_with(listener, router(state), grenzen, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    });
    drop(runtime);
    drop(store);
    served
}
