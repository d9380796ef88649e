//! What the write tests share: an app with the example projects, the rounds of 002, a test
//! round of mission II and one user per role; requests with a session, a CSRF token or an
//! API token; and a fingerprint of everything the store holds. Every test file builds its
//! state through [`state_over`], so that `GEMETEN_TEST_DB=postgres` runs it on PostgreSQL.

#![allow(dead_code)] // Each test file uses part of this.

use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

use gemeten_app::Herspelen;
use gemeten_domain::Register;
use gemeten_domain::{Account, Rol, Taak};
use gemeten_prioritering::{referentie_rondes, Deelnemer, Ronde, RondeParts, StemSoort};
use gemeten_store::{AccountStore, Pool, ProjectStore, RegisterStore, RondeStore, Store};
use gemeten_web::{router, AppState, Lang, CSRF_COOKIE, SESSION_COOKIE};

const PROJECTEN: &[u8] = include_bytes!("../../../../data/voorbeeld/projecten.csv");
pub const PROJECT: &str = "vb-thuismonitor-hartfalen";
pub const PASSWORD: &str = "correct-paard-batterij";
/// A round of mission II whose participants are users of the app.
pub const ROUND: &str = "test-ii";

pub fn user(
    username: &str,
    role: Rol,
    organisation: Option<&str>,
    missie: Option<&str>,
) -> Account {
    Account {
        username: username.parse().unwrap(),
        display_name: format!("{} Testpersoon", username.to_uppercase()),
        taak: Taak::new(role, organisation, missie).unwrap(),
    }
}

/// Innovations of the register (a round's candidates must be ones): mission II's first.
pub fn candidates() -> Vec<String> {
    let register = gemeten_interchange::reference_register().unwrap();
    let mut all: Vec<&gemeten_domain::Innovatie> = register.parts().innovatie.iter().collect();
    all.sort_by_key(|i| !i.missies.contains(&gemeten_domain::MissieCode::II));
    assert!(all.len() >= 4);
    all.iter().map(|i| i.id.to_string()).collect()
}

/// A top-2 round of mission II; `participants` are usernames.
pub fn round(id: &str, participants: &[&str]) -> RondeParts {
    RondeParts {
        id: id.parse().unwrap(),
        missie: gemeten_domain::MissieCode::II,
        title_nl: "Testronde".parse().unwrap(),
        title_en: None,
        kind: StemSoort::TopN {
            n: 2,
            ordered: false,
        },
        criteria: Vec::new(),
        deelnemers: participants
            .iter()
            .map(|p| Deelnemer {
                id: p.parse().unwrap(),
                name: p.parse().unwrap(),
                organisatie: None,
                source: None,
            })
            .collect(),
        kandidaten: candidates()[..4]
            .iter()
            .map(|k| k.parse().unwrap())
            .collect(),
        seats: None,
        selected: Vec::new(),
        attendance: None,
        source: None,
        attendance_source: None,
        kind_source: None,
        criteria_source: None,
        deelnemers_source: None,
        kandidaten_source: None,
        selected_source: None,
    }
}

/// The app and its state (to reach the store).
pub fn app() -> (Router, AppState) {
    let register = gemeten_interchange::reference_register().expect("reference register");
    let state = state_over(register, |store, register| {
        store.replace(register).expect("seed");
        let projects = gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", register)
            .expect("example projects");
        store.add_projects(&projects, "test", false).unwrap();
        for bus in referentie_rondes().unwrap() {
            store.save_round(bus.ronde(), false).unwrap();
            for i in bus.history() {
                store.add_ballot(bus.ronde().id(), &i.biljet).unwrap();
            }
        }
        let test = Ronde::new(round(ROUND, &["admin", "team2", "lezer", "umc"])).unwrap();
        store.save_round(&test, false).unwrap();
        for a in [
            user("admin", Rol::Admin, None, None),
            user("umc", Rol::Bijdrager, Some("umc utrecht"), None),
            user("hu", Rol::Bijdrager, Some("Hogeschool Utrecht"), None),
            user("team2", Rol::Missieteam, None, Some("II")),
            user("team5", Rol::Missieteam, None, Some("V")),
            user("lezer", Rol::Publiek, None, None),
        ] {
            store.create_user(&a, PASSWORD).unwrap();
        }
    });
    (router(state.clone()), state)
}

/// The web tests run on PostgreSQL when `GEMETEN_TEST_DB=postgres`, else on SQLite.
pub fn on_postgres() -> bool {
    std::env::var("GEMETEN_TEST_DB").as_deref() == Ok("postgres")
}

/// A state in Dutch over a new store that `seed` fills: a private in-memory SQLite
/// database, or with `GEMETEN_TEST_DB=postgres` a pool of four connections to a fresh
/// PostgreSQL database (a copy of one `seed` filled once per test process: a `seed`
/// captures nothing, so the same one always fills the same).
pub fn state_over(register: Register, seed: fn(&mut Store, &Register)) -> AppState {
    if on_postgres() {
        return pooled_state(register, seed);
    }
    let mut store = Store::in_memory().expect("in-memory store");
    seed(&mut store, &register);
    AppState::new(register, store, Lang::Nl)
}

/// As [`state_over`], but always a real pool of four connections: to a SQLite file in a
/// temporary directory, or to a fresh PostgreSQL database.
///
/// The database (and its directory) lives while the test holds the state: it is kept here
/// with a clone of the state and dropped by a later call once that clone is the last one
/// (what is left at the end goes with the test process's throwaway server). So the last
/// connection is never closed inside the test's async runtime, which PostgreSQL's blocking
/// client refuses; for the same reason the setup runs on a thread of its own.
pub fn pooled_state(register: Register, seed: fn(&mut Store, &Register)) -> AppState {
    off_runtime(move || {
        let (target, db) = if on_postgres() {
            let key = format!("web-{:x}", seed as usize);
            let pg = gemeten_testpg::PgDb::from_template(&key, |url| {
                let mut store = Store::open(url).map_err(|e| e.to_string())?;
                seed(&mut store, &register);
                Ok(())
            })
            .unwrap_or_else(|e| {
                panic!("GEMETEN_TEST_DB=postgres, but there is no PostgreSQL: {e}")
            });
            (pg.url.clone(), Database::Postgres(pg))
        } else {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let target = dir.path().join("web.sqlite").display().to_string();
            let mut store = Store::open(&target).expect("the test store opens");
            seed(&mut store, &register);
            (target, Database::Sqlite(dir))
        };
        let pool = Pool::open(&target, 4).expect("the test store opens");
        let state = AppState::with_pool(register, pool, Lang::Nl);
        let done = {
            let mut kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
            let (done, live): (Vec<Kept>, Vec<Kept>) = std::mem::take(&mut *kept)
                .into_iter()
                .partition(|k| std::sync::Arc::strong_count(&k.state.store) == 1);
            *kept = live;
            kept.push(Kept {
                state: state.clone(),
                _db: db,
            });
            done
        };
        drop(done);
        state
    })
}

/// Two states over two copies of one database that `seed` filled: a SQLite file and a copy
/// of it (as a backup is copied, or restored), or with `GEMETEN_TEST_DB=postgres` two
/// databases made from one template (as `CREATE DATABASE … TEMPLATE` and a restored dump
/// make them). Both carry the same identity and past; each then goes on by itself.
pub fn kopieen(register: Register, seed: fn(&mut Store, &Register)) -> (AppState, AppState) {
    if on_postgres() {
        return (
            pooled_state(register.clone(), seed),
            pooled_state(register, seed),
        );
    }
    off_runtime(move || {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (origineel, kopie) = (
            dir.path().join("web.sqlite"),
            dir.path().join("kopie.sqlite"),
        );
        let mut store = Store::open(&origineel).expect("the test store opens");
        seed(&mut store, &register);
        drop(store);
        std::fs::copy(&origineel, &kopie).expect("the file is copied");
        let open = |file: &std::path::Path| {
            let pool = Pool::open(&file.display().to_string(), 4).expect("the test store opens");
            AppState::with_pool(register.clone(), pool, Lang::Nl)
        };
        let (a, b) = (open(&origineel), open(&kopie));
        // Kept until the test has let go of both: the copy's connections, then the directory.
        KEPT.lock().unwrap_or_else(|p| p.into_inner()).push(Kept {
            state: a.clone(),
            _db: Database::Kopie(b.clone(), dir),
        });
        (a, b)
    })
}

/// A test's database and a clone of its state; dropped in this order (connections first).
struct Kept {
    state: AppState,
    _db: Database,
}

enum Database {
    Sqlite(tempfile::TempDir),
    /// A copy's state (its connections) and the directory of both files.
    Kopie(AppState, tempfile::TempDir),
    Postgres(gemeten_testpg::PgDb),
}

static KEPT: std::sync::Mutex<Vec<Kept>> = std::sync::Mutex::new(Vec::new());

/// Runs `f` on a thread of its own, outside the test's async runtime.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(f)
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Runs `f` on a connection of the state's store, on a thread of its own (PostgreSQL's
/// blocking client may not run inside the test's async runtime).
pub fn with_store<T: Send>(state: &AppState, f: impl FnOnce(&mut Store) -> T + Send) -> T {
    let pool = &state.store;
    off_runtime(move || f(&mut pool.get().expect("a connection")))
}

/// Gives the state's database an identity of its own, as a database made anew draws one
/// (migration 0024). Needed on PostgreSQL, where each test's database is a copy of one
/// filled template and so shares the template's identity.
pub fn eigen_identiteit(state: &AppState) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static VOLGNUMMER: AtomicU64 = AtomicU64::new(1);
    let id = format!(
        "{:016x}{:08x}{:08x}",
        VOLGNUMMER.fetch_add(1, Ordering::Relaxed),
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    );
    with_store(state, |s| {
        s.zet_instelling("database_id", &id)
            .expect("the identity is set")
    });
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION)?.to_str().ok()
    }

    pub fn is_html(&self) -> bool {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn cookie_value(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

/// A visitor's CSRF cookie (`name=value`) and its value, as the login form hands them out.
pub async fn visitor_csrf(app: &Router) -> (String, String) {
    let a = send(app, Request::get("/inloggen").body(Body::empty()).unwrap()).await;
    let cookie = cookie_value(&a.set_cookie(CSRF_COOKIE).expect("csrf cookie"));
    let value = cookie.split_once('=').unwrap().1.to_owned();
    (cookie, value)
}

/// A logged-in browser: the session cookie and the session's CSRF token.
pub struct Sessie {
    pub cookie: String,
    pub csrf: String,
}

pub async fn login(app: &Router, username: &str) -> Sessie {
    let (cookie, csrf) = visitor_csrf(app).await;
    let a = send(
        app,
        Request::post("/inloggen")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(format!(
                "username={username}&password={PASSWORD}&csrf={csrf}"
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let cookie = cookie_value(&a.set_cookie(SESSION_COOKIE).unwrap());
    let page = send(
        app,
        Request::get("/inloggen")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let start = page
        .body
        .find("name=\"csrf\" value=\"")
        .expect("a csrf field")
        + 19;
    let csrf = page.body[start..start + 64].to_owned();
    Sessie { cookie, csrf }
}

/// A page request in the session.
pub fn get_page(uri: &str, sessie: Option<&Sessie>) -> Request<Body> {
    let mut r = Request::get(uri);
    if let Some(s) = sessie {
        r = r.header(header::COOKIE, &s.cookie);
    }
    r.body(Body::empty()).unwrap()
}

/// A form post in the session, with its CSRF token added to `body`.
pub fn post_form(uri: &str, sessie: &Sessie, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &sessie.cookie)
        .body(Body::from(format!("{body}&csrf={}", sessie.csrf)))
        .unwrap()
}

/// Every ROCKET principle judged with `score`, as the form on a subject's page sends it.
pub fn rocket_form(soort: &str, onderwerp: &str, score: u8) -> String {
    let mut body = format!("soort={soort}&onderwerp={onderwerp}&kader=rocket");
    for m in [
        "rocket-r", "rocket-o", "rocket-c", "rocket-k", "rocket-e", "rocket-t",
    ] {
        body.push_str(&format!(
            "&score-{m}={score}&oordeel-{m}=&toelichting-{m}=zie+plan+{m}"
        ));
    }
    body
}

/// The same as the API's JSON body.
pub fn rocket_json(soort: &str, onderwerp: &str, score: u8) -> String {
    let oordelen: Vec<Value> = ["rocket-r", "rocket-o", "rocket-c", "rocket-k", "rocket-e", "rocket-t"]
        .iter()
        .map(|m| serde_json::json!({ "maatstaf": m, "score": score, "toelichting": format!("zie plan {m}") }))
        .collect();
    serde_json::json!({ "soort": soort, "onderwerp": onderwerp, "kader": "rocket", "oordelen": oordelen })
        .to_string()
}

/// A JSON request with an API token (or none).
pub fn api(method: Method, uri: &str, bearer: Option<&str>, body: &str) -> Request<Body> {
    let mut r = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = bearer {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_owned())).unwrap()
}

pub fn token(state: &AppState, username: &str) -> String {
    with_store(state, |s| s.create_api_token(username, "test").unwrap())
}

/// Everything the store holds that a write could change: projects and their histories,
/// rounds with every ballot, users, API tokens and the audit log.
/// Everything the store holds, but the record of refused attempts (a refusal changes
/// nothing and is itself recorded; see [`refusals`]).
pub fn fingerprint(state: &AppState) -> String {
    with_store(state, |s| fingerprint_of(s))
}

fn fingerprint_of(s: &Store) -> String {
    let projects = s.projects().unwrap();
    let histories: Vec<_> = projects.iter().map(|p| s.history(&p.id).unwrap()).collect();
    let audit: Vec<_> = s
        .audit_log()
        .unwrap()
        .into_iter()
        .filter(|e| !e.action.starts_with("geweigerd: "))
        .collect();
    format!(
        "{projects:?}\n{histories:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{audit:?}",
        s.rounds().unwrap(),
        s.users().unwrap(),
        s.api_tokens(None).unwrap(),
        s.kpi_definities().unwrap(),
        s.assessments(None).unwrap(),
        s.meetings(None).unwrap(),
        s.innovation_targets(None, None).unwrap(),
    )
}

/// The refused attempts in the audit log, newest first: (who, action, object).
pub fn refusals(state: &AppState) -> Vec<(String, String, String)> {
    with_store(state, |s| {
        s.audit_log()
            .unwrap()
            .into_iter()
            .filter(|e| e.action.starts_with("geweigerd: "))
            .map(|e| (e.by, e.action, e.object))
            .collect()
    })
}
