//! A `gemeten serve` process and plain HTTP/1.1 requests to it over a TCP socket, for the
//! tests that run the real server (a browser's view: cookies, forms, redirects) without an
//! HTTP client crate.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// A running server and the address it listens on; stopped when dropped.
pub struct Server(pub Child, pub String);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

impl Server {
    /// Starts `command` (a `gemeten … serve --addr 127.0.0.1:0`) and waits for the line that
    /// names its address.
    // The child is waited for in `Server::drop`, which clippy cannot see.
    #[allow(clippy::zombie_processes)]
    pub fn start(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary runs");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        loop {
            let mut line = String::new();
            assert!(out.read_line(&mut line).unwrap() > 0, "the server stopped");
            if let Some(rest) = line.strip_prefix("gemeten draait op http://") {
                let addr = rest.split_whitespace().next().unwrap().to_owned();
                return Server(child, addr);
            }
        }
    }
}

/// A response: status, the head as text, the body.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Answer {
    /// `name=value` of a cookie the answer sets.
    pub fn cookie(&self, name: &str) -> String {
        self.head
            .lines()
            .filter_map(|l| {
                l.split_once(": ")
                    .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            })
            .map(|(_, v)| v)
            .find(|c| c.starts_with(&format!("{name}=")))
            .and_then(|c| c.split(';').next())
            .unwrap_or_else(|| panic!("no cookie {name}: {}", self.head))
            .to_owned()
    }

    /// The value of the first `name="…" value="…"` pair in the page.
    pub fn value_of(&self, name: &str) -> String {
        let key = format!("name=\"{name}\" value=\"");
        let start = self
            .body
            .find(&key)
            .unwrap_or_else(|| panic!("no {key}: {}", self.body))
            + key.len();
        let end = self.body[start..].find('"').unwrap() + start;
        self.body[start..end].to_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One request over HTTP/1.1 (`Connection: close`); a form body when `form` is given.
pub fn request(
    server: &Server,
    method: &str,
    path: &str,
    cookie: &str,
    form: Option<&str>,
) -> Answer {
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
