//! `gemeten serve`: seeds a new database, creates the administrator once, prints its address
//! and answers over HTTP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Starts the server; returns it, the lines it printed before its address, the address, and
/// the rest of its output (read after it is stopped).
struct Server {
    child: Child,
    before: Vec<String>,
    addr: String,
    stdout: BufReader<std::process::ChildStdout>,
}

fn start(db: &Path) -> Server {
    start_with(db, |_| {})
}

/// Starts the server as [`start`] does, with `configure` applied to the command last.
// The child is waited for in `Server::stop`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn start_with(db: &Path, configure: impl FnOnce(&mut Command)) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gemeten"));
    command
        .args(["--db", &common::target(db)])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(common::zoekindex(db))
        .env_remove("GEMETEN_LANG")
        .env_remove("GEMETEN_ADMIN_PASSWORD")
        .env_remove("GEMETEN_METRICS_TOKEN")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    configure(&mut command);
    let mut child = command.spawn().expect("the binary runs");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut before = Vec::new();
    loop {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 {
            child.kill().ok();
            child.wait().ok();
            panic!("the server stopped before printing its address: {before:?}");
        }
        if let Some(rest) = line.strip_prefix("gemeten draait op http://") {
            let addr = rest.split_whitespace().next().unwrap().to_owned();
            return Server {
                child,
                before,
                addr,
                stdout,
            };
        }
        before.push(line);
    }
}

impl Server {
    /// Stops the server and returns what it printed after its address.
    fn stop(mut self) -> String {
        self.child.kill().ok();
        self.child.wait().ok();
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).ok();
        rest
    }
}

/// The whole HTTP/1.1 response to `GET path` (head and body), with a bearer token if given.
fn get(addr: &str, path: &str, bearer: Option<&str>) -> Result<String, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    let authorization = bearer
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{authorization}Connection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| e.to_string())?;
    Ok(response)
}

#[test]
fn serve_prints_its_address_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let server = start(&db);
    let result = get(&server.addr, "/api/v1/missies/II", None);
    server.stop();
    let response = result.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"toc_knopen\""));
    if !common::on_postgres() {
        assert!(db.exists(), "the database was created and seeded");
    }
}

#[test]
fn the_first_start_prints_the_admin_password_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let first = start(&db);
    let lines = first.before.clone();
    let rest = first.stop();
    let admin: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("beheerder: admin / "))
        .collect();
    assert_eq!(admin.len(), 1, "{lines:?}");
    let password = admin[0]
        .strip_prefix("beheerder: admin / ")
        .and_then(|r| r.split_whitespace().next())
        .unwrap();
    assert_eq!(password.len(), 20, "{password}");
    assert!(admin[0].contains("het wordt niet opnieuw getoond"));
    assert!(!rest.contains("beheerder"), "{rest}");

    let second = start(&db);
    let lines = second.before.clone();
    let rest = second.stop();
    assert!(
        !lines.iter().any(|l| l.contains("beheerder")) && !rest.contains("beheerder"),
        "{lines:?} {rest}"
    );
}

#[test]
fn a_given_admin_password_is_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .args(["--db", &common::target(&db)])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(common::zoekindex(&db))
        .env_remove("GEMETEN_LANG")
        .env("GEMETEN_ADMIN_PASSWORD", "een-goed-wachtwoord")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().ok();
    child.wait().ok();
    assert!(line.starts_with("gemeten draait op"), "{line}");
}

#[test]
fn serve_logs_requests_on_stderr_and_lets_the_scraper_read_metrics() {
    const TOKEN: &str = "scraper-token-uit-de-omgeving";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let log = dir.path().join("stderr.log");
    let stderr = std::fs::File::create(&log).unwrap();
    let server = start_with(&db, |c| {
        c.env("GEMETEN_METRICS_TOKEN", TOKEN).stderr(stderr);
    });
    let missie = get(&server.addr, "/api/v1/missies/II", None);
    let anonymous = get(&server.addr, "/metrics", None);
    let scraped = get(&server.addr, "/metrics", Some(TOKEN));
    let stdout = server.stop();
    assert!(missie.unwrap().starts_with("HTTP/1.1 200"));
    assert!(anonymous.unwrap().starts_with("HTTP/1.1 401"));
    let scraped = scraped.unwrap();
    assert!(scraped.starts_with("HTTP/1.1 200"), "{scraped}");
    assert!(
        scraped.contains(
            r#"gemeten_http_requests_total{method="GET",route="/api/v1/missies/{code}",status="200"} 1"#
        ),
        "{scraped}"
    );
    let stderr = std::fs::read_to_string(&log).unwrap();
    let line = stderr
        .lines()
        .find(|l| l.contains("route=/api/v1/missies/{code}"))
        .unwrap_or_else(|| panic!("no request line on stderr: {stderr}"));
    assert!(
        line.contains("INFO") && line.contains("status=200"),
        "{line}"
    );
    assert!(stderr.contains("route=/metrics status=401"), "{stderr}");
    assert!(!stderr.contains(TOKEN), "{stderr}");
    assert!(
        !stdout.contains("route="),
        "stdout is for scripts: {stdout}"
    );
}
