//! `gemeten serve`: seeds a new database, prints its address and answers over HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn serve_prints_its_address_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("GEMETEN_LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let result = (|| {
        let addr = line
            .strip_prefix("gemeten draait op http://")
            .and_then(|rest| rest.split_whitespace().next())
            .ok_or_else(|| format!("unexpected first line: {line}"))?;
        let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
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
    child.kill().ok();
    child.wait().ok();
    let response = result.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"toc_knopen\""));
    assert!(db.exists(), "the database was created and seeded");
}
