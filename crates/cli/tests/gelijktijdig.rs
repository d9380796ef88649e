//! The web application and the command line writing one SQLite file at the same time: API
//! editors change projects over HTTP while `gemeten projects set` processes change others.
//! Every write must succeed (waiting for the lock rather than failing with "database is
//! locked"), and the history and the audit log must hold exactly one entry per successful
//! change. Once 6–7 % of the API edits and half of the CLI edits failed at once: transactions
//! began as readers and could not upgrade to a writer, so the busy timeout was never used.
//!
//! `cargo test` runs a short version (a few seconds, a few writers). The run of issue 16 —
//! 20 API editors and 4 CLI writers for 20 s — is the same test with more writers and more
//! time: `bash tools/bench/gelijktijdig.sh` (see BENCHMARKS.md).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gemeten_store::{AccountStore, ProjectStore, Store};

use common::http::Server;

/// How many API editors, CLI writers and seconds; the environment can ask for more.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A project list with `n` projects `gelijk-0` … made from the first example project.
fn projects_csv(n: usize) -> String {
    let examples = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/voorbeeld/projecten.csv"),
    )
    .unwrap();
    let mut lines = examples.lines();
    let header = lines.next().unwrap();
    let first = lines.next().unwrap();
    let (_, rest) = first.split_once(',').unwrap();
    let mut out = format!("{header}\n");
    for i in 0..n {
        out.push_str(&format!("gelijk-{i},{rest}\n"));
    }
    out
}

/// `PUT /api/v1/projecten/{id}` with `{"trl": trl}`: the status and the body.
fn put_trl(addr: &str, token: &str, id: &str, trl: i64) -> (u16, String) {
    let body = format!("{{\"trl\":{trl}}}");
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return (0, "no connection".into());
    };
    let request = format!(
        "PUT /api/v1/projecten/{id} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return (0, "write failed".into());
    }
    let mut response = String::new();
    stream.read_to_string(&mut response).ok();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

#[derive(Default)]
struct Tally {
    ok: usize,
    errors: Vec<String>,
}

/// Writes `trl` 3, 4, 3, … to `id` until `stop`, through `write`; every write changes the
/// project, so every success is one history entry and one audit entry.
fn writer(
    stop: Arc<AtomicBool>,
    write: impl Fn(i64) -> Result<(), String> + Send + 'static,
) -> std::thread::JoinHandle<Tally> {
    std::thread::spawn(move || {
        let mut tally = Tally::default();
        let mut trl = 3;
        while !stop.load(Ordering::Relaxed) {
            match write(trl) {
                Ok(()) => {
                    tally.ok += 1;
                    trl = 7 - trl;
                }
                Err(e) => tally.errors.push(e),
            }
        }
        tally
    })
}

#[test]
fn api_editors_and_cli_writers_on_one_sqlite_file_never_hit_a_lock() {
    if common::on_postgres() {
        // The lock this is about is SQLite's; PostgreSQL locks rows.
        return;
    }
    let api_writers = setting("GEMETEN_GELIJK_API", 6);
    let cli_writers = setting("GEMETEN_GELIJK_CLI", 2);
    let seconds = setting("GEMETEN_GELIJK_SECONDEN", 4);

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let list = dir.path().join("gelijk.csv");
    std::fs::write(&list, projects_csv(api_writers + cli_writers)).unwrap();
    common::ok(common::gemeten(
        &db,
        &["projects", "import", list.to_str().unwrap()],
    ));
    let token = {
        let mut store = Store::open(&db).unwrap();
        let admin = store.user("admin").unwrap().unwrap();
        gemeten_app::create_token(&mut store, &admin, "admin", gemeten_app::DEFAULT_TOKEN_DAYS)
            .unwrap()
            .token
    };
    let ids: Vec<String> = (0..api_writers + cli_writers)
        .map(|i| format!("gelijk-{i}"))
        .collect();
    let before = counts(&db, &ids);

    let mut serve = Command::new(env!("CARGO_BIN_EXE_gemeten"));
    serve
        .args([
            "--db",
            db.to_str().unwrap(),
            "serve",
            "--addr",
            "127.0.0.1:0",
        ])
        .env_remove("GEMETEN_LANG")
        .env_remove("RUST_LOG");
    let server = Server::start(serve);

    let stop = Arc::new(AtomicBool::new(false));
    let mut handles = Vec::new();
    for id in &ids[..api_writers] {
        let (addr, token, id) = (server.1.clone(), token.clone(), id.clone());
        handles.push(writer(Arc::clone(&stop), move |trl| {
            match put_trl(&addr, &token, &id, trl) {
                (200, _) => Ok(()),
                (status, response) => Err(format!("API {status}: {response}")),
            }
        }));
    }
    for id in &ids[api_writers..] {
        let (db, id) = (db.clone(), id.clone());
        handles.push(writer(Arc::clone(&stop), move |trl| {
            let out = common::gemeten(&db, &["projects", "set", &id, "--trl", &trl.to_string()]);
            if out.status.success() {
                Ok(())
            } else {
                Err(format!("CLI: {}", String::from_utf8_lossy(&out.stderr)))
            }
        }));
    }
    let start = Instant::now();
    std::thread::sleep(Duration::from_secs(seconds as u64));
    stop.store(true, Ordering::Relaxed);
    let tallies: Vec<Tally> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let elapsed = start.elapsed();
    drop(server);

    let (api, cli) = tallies.split_at(api_writers);
    let sum = |t: &[Tally]| t.iter().map(|t| t.ok).sum::<usize>();
    let errors: Vec<&String> = tallies.iter().flat_map(|t| &t.errors).collect();
    let after = counts(&db, &ids);
    let (history, audit) = (after.0 - before.0, after.1 - before.1);
    println!(
        "{api_writers} API editors, {cli_writers} CLI writers, {:.1} s: {} API writes, {} CLI \
         writes, {} errors; {history} history entries, {audit} audit entries",
        elapsed.as_secs_f64(),
        sum(api),
        sum(cli),
        errors.len()
    );
    assert!(
        errors.is_empty(),
        "{} errors, e.g. {:?}",
        errors.len(),
        errors.first()
    );
    assert!(sum(api) > 0 && sum(cli) > 0, "both wrote");
    let writes = sum(api) + sum(cli);
    assert_eq!(history, writes, "one history entry per write");
    assert_eq!(audit, writes, "one audit entry per write");
}

/// History entries of these projects, and audit entries of project changes.
fn counts(db: &Path, ids: &[String]) -> (usize, usize) {
    let store = Store::open(db).unwrap();
    let history = ids
        .iter()
        .map(|id| store.history(&id.parse().unwrap()).unwrap().len())
        .sum();
    let audit = store
        .audit_log()
        .unwrap()
        .iter()
        .filter(|r| r.action == "project bijgewerkt")
        .count();
    (history, audit)
}
