//! The first `gemeten serve` on a new database stores the practice round `oefen-II` with the
//! seeded administrator as its participant, so `admin` can log in and vote at once, over
//! real HTTP; a second start neither adds it again nor touches its ballots.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use gemeten_app::PRACTICE_ROUND;
use gemeten_web::{CSRF_COOKIE, SESSION_COOKIE};

const PASSWORD: &str = "een-goed-wachtwoord";

struct Server(Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn serve(db: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .args(["--db", &common::target(db)])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("GEMETEN_LANG")
        .env("GEMETEN_ADMIN_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .strip_prefix("gemeten draait op http://")
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    Server(child, addr)
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    /// `name=value` of a cookie the answer sets.
    fn cookie(&self, name: &str) -> String {
        self.head
            .lines()
            .filter_map(|l| {
                l.strip_prefix("set-cookie: ")
                    .or_else(|| l.strip_prefix("Set-Cookie: "))
            })
            .find(|c| c.starts_with(&format!("{name}=")))
            .and_then(|c| c.split(';').next())
            .unwrap_or_else(|| panic!("no cookie {name}: {}", self.head))
            .to_owned()
    }

    /// The value of the first `name="…" value="…"` pair in the page.
    fn value_of(&self, name: &str) -> String {
        let key = format!("name=\"{name}\" value=\"");
        let start = self
            .body
            .find(&key)
            .unwrap_or_else(|| panic!("no {key}: {}", self.body))
            + key.len();
        let end = self.body[start..].find('"').unwrap() + start;
        self.body[start..end].to_owned()
    }
}

/// One request over HTTP/1.1 (`Connection: close`); a form body when `form` is given.
fn request(server: &Server, method: &str, path: &str, cookie: &str, form: Option<&str>) -> Answer {
    let mut stream = TcpStream::connect(&server.1).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        server.1
    );
    if !cookie.is_empty() {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    let body = form.unwrap_or("");
    if form.is_some() {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    write!(stream, "{head}\r\n{body}").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

fn round(server: &Server) -> serde_json::Value {
    let a = request(
        server,
        "GET",
        &format!("/api/v1/rondes/{PRACTICE_ROUND}"),
        "",
        None,
    );
    assert_eq!(a.status, 200, "{}", a.body);
    serde_json::from_str(&a.body).unwrap()
}

#[test]
fn after_the_first_start_the_admin_votes_in_the_practice_round() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let server = serve(&db);

    let d = round(&server);
    assert!(d["summary"]["title_nl"]
        .as_str()
        .unwrap()
        .contains("niet uit een document"));
    assert_eq!(d["ronde"]["deelnemers"][0]["id"], "admin");
    assert_eq!(d["ronde"]["missie"], "II");
    assert_eq!(
        d["summary"]["kind"],
        serde_json::json!({ "type": "top_n", "n": 3, "ordered": false })
    );
    let candidates: Vec<String> = d["summary"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert!(!candidates.is_empty());
    assert_eq!(d["summary"]["ballots"], 0);

    // Log in as the seeded administrator.
    let login = request(&server, "GET", "/inloggen", "", None);
    let visitor = login.cookie(CSRF_COOKIE);
    let csrf = login.value_of("csrf");
    let a = request(
        &server,
        "POST",
        "/inloggen",
        &visitor,
        Some(&format!("username=admin&password={PASSWORD}&csrf={csrf}")),
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let session = a.cookie(SESSION_COOKIE);

    // The list links to it; its page has the ballot form for the admin.
    let list = request(&server, "GET", "/rondes", &session, None);
    assert!(list
        .body
        .contains(&format!("href=\"/rondes/{PRACTICE_ROUND}\"")));
    let page = request(
        &server,
        "GET",
        &format!("/rondes/{PRACTICE_ROUND}"),
        &session,
        None,
    );
    assert!(
        page.body
            .contains(&format!("action=\"/rondes/{PRACTICE_ROUND}/stem\"")),
        "{}",
        page.body
    );
    let csrf = page.value_of("csrf");
    let a = request(
        &server,
        "POST",
        &format!("/rondes/{PRACTICE_ROUND}/stem"),
        &session,
        Some(&format!("top={}&csrf={csrf}", candidates[0])),
    );
    assert_eq!(a.status, 303, "{}", a.body);
    assert_eq!(round(&server)["summary"]["ballots"], 1);
    drop(server);

    // A second start: the round is there once, with its ballot.
    let server = serve(&db);
    let list = request(&server, "GET", "/api/v1/rondes", "", None);
    let list: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    let practice: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == PRACTICE_ROUND)
        .collect();
    assert_eq!(practice.len(), 1);
    assert_eq!(practice[0]["ballots"], 1);
}
