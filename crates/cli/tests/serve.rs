//! `gemeten serve`: seeds a new database, creates the administrator once, prints its address
//! and answers over HTTP.

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

// The child is waited for in `Server::stop`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn start(db: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .arg("--db")
        .arg(db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("GEMETEN_LANG")
        .env_remove("GEMETEN_ADMIN_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
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

#[test]
fn serve_prints_its_address_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let server = start(&db);
    let addr = server.addr.clone();
    let result = (|| {
        let mut stream = TcpStream::connect(&addr).map_err(|e| e.to_string())?;
        write!(
            stream,
            "GET /api/v1/missies/II HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .map_err(|e| e.to_string())?;
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .map_err(|e| e.to_string())?;
        Ok::<String, String>(response)
    })();
    server.stop();
    let response = result.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"toc_knopen\""));
    assert!(db.exists(), "the database was created and seeded");
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
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
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
