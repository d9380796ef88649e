//! Two `gemeten serve` processes on one PostgreSQL database behave as one, as behind a load
//! balancer: a session made on one is valid on the other and ends on both; a change made
//! through one is seen through the other within a second (the project, its history and the
//! portfolio snapshot and cached mission page built from it); the small-cell threshold is the
//! database's, so a server with another one refuses to start. Needs PostgreSQL (CI installs
//! it; `GEMETEN_REQUIRE_POSTGRES=1` there makes a missing one a failure).

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::http::{request, Server};

const PASSWORD: &str = "een-goed-wachtwoord";
const PROJECT: &str = "vb-valdetectie-thuis";

/// A server on `db` with its search index in `dir` (a temporary folder of the test): each
/// server keeps its own, as on two machines behind a load balancer.
fn command(db: &str, dir: &std::path::Path, extra: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gemeten"));
    c.args(["--db", db, "serve", "--addr", "127.0.0.1:0"])
        .args(common::zoekindex(&dir.join("gemeten")))
        .args(extra)
        .env_remove("GEMETEN_LANG")
        .env_remove("RUST_LOG")
        .env("GEMETEN_ADMIN_PASSWORD", PASSWORD);
    c
}

fn serve(db: &str, dir: &std::path::Path) -> Server {
    Server::start(command(db, dir, &[]))
}

/// Asks `check` every 20 ms until it holds; how long that took, or a failure after a second.
fn within_a_second(what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{what}: not seen within a second"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    start.elapsed()
}

#[test]
fn two_servers_on_one_postgresql_behave_as_one() {
    let Some(pg) = gemeten_testpg::postgres_or_skip() else {
        return;
    };
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = serve(&pg.url, dir_a.path());
    let b = serve(&pg.url, dir_b.path());

    // Both show the portfolio (B loads its snapshot before A changes anything).
    let project = format!("/api/v1/projecten/{PROJECT}");
    let trl_on_b = || request(&b, "GET", &project, "", None).json()["project"]["trl"].clone();
    let before = trl_on_b();
    let page_before = request(&b, "GET", "/missies/II", "", None);
    assert_eq!(page_before.status, 200);

    // A session made on A (the login form's double-submit token, then the password).
    let form = request(&a, "GET", "/inloggen", "", None);
    let visitor = form.cookie("gemeten_csrf");
    let token = form.value_of("csrf");
    let login = request(
        &a,
        "POST",
        "/inloggen",
        &visitor,
        Some(&format!("username=admin&password={PASSWORD}&csrf={token}")),
    );
    assert_eq!(login.status, 303, "{}", login.body);
    let session = login.cookie("gemeten_sessie");
    // … is a session on B.
    assert_eq!(
        request(&b, "GET", "/api/v1/tokens", &session, None).status,
        200
    );

    // A change through A, by the form (CSRF token of the session, from A's project page).
    let page = request(&a, "GET", &format!("/projecten/{PROJECT}"), &session, None);
    let csrf = page.value_of("csrf");
    let new_trl = if before == serde_json::json!(8) { 9 } else { 8 };
    let saved = request(
        &a,
        "POST",
        &format!("/projecten/{PROJECT}"),
        &session,
        Some(&format!("trl={new_trl}&status=lopend&csrf={csrf}")),
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    // … is seen through B within a second: the project, its history, the mission page.
    let took = within_a_second("the change on B", || {
        trl_on_b() == serde_json::json!(new_trl)
    });
    eprintln!("a change through A was seen through B after {took:?}");
    let history = request(&b, "GET", &project, "", None).json()["history"].clone();
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["field"].as_str(), last["by"].as_str()),
        (Some("trl"), Some("admin"))
    );
    within_a_second("the mission page on B", || {
        request(&b, "GET", "/missies/II", "", None).body != page_before.body
    });

    // Logging out on B ends the session on A too.
    let b_page = request(&b, "GET", &format!("/projecten/{PROJECT}"), &session, None);
    let out = request(
        &b,
        "POST",
        "/uitloggen",
        &session,
        Some(&format!("csrf={}", b_page.value_of("csrf"))),
    );
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(
        request(&a, "GET", "/api/v1/tokens", &session, None).status,
        401
    );

    // The small-cell threshold is the database's: a third server with another one refuses
    // to start and says why.
    let refused = command(&pg.url, dir_a.path(), &["--min-cell", "3"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("veld `--min-cell`: deze database houdt cellen onder 10 achter"),
        "{err}"
    );
}
