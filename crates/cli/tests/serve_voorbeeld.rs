//! `gemeten serve` on a new database stores the synthetic sample observations (so the KPI
//! explorer has content), never on a database that already has observations, and
//! `--min-cell` on a database's first start sets the small-cell threshold of every response.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/voorbeeld/waarnemingen.csv"
);
/// GGD Zeeland's lowest quintile in 2019 rests on 4 persons in the sample.
const SMALL_CELL: &str =
    "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?regio=GG5006&ses=q1&periode=2019";

struct Server(Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn serve(db: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .args(["--db", &common::target(db)])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(common::zoekindex(db))
        .args(extra)
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
    let addr = line
        .strip_prefix("gemeten draait op http://")
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    Server(child, addr)
}

fn get_json(server: &Server, path: &str) -> serde_json::Value {
    let mut stream = TcpStream::connect(&server.1).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.1
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let body = &response[response.find("\r\n\r\n").unwrap() + 4..];
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn observations(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["observations"].as_array().unwrap().clone()
}

#[test]
fn the_first_start_seeds_sample_observations_and_withholds_small_cells() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let server = serve(&db, &[]);
    let ggd = observations(&get_json(
        &server,
        "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?regio=alle-ggd&periode=2024",
    ));
    assert_eq!(ggd.len(), 25);
    assert!(ggd.iter().all(|o| o["source"]
        .as_str()
        .unwrap()
        .contains("synthetisch voorbeeld")));
    let small = observations(&get_json(&server, SMALL_CELL));
    assert_eq!(small[0]["suppressed"], true);
    assert!(small[0]["value"].is_null());
    drop(server);

    // The threshold is the database's, fixed on its first start: a later server with another
    // one is refused (two servers on one database must withhold the same cells).
    let refused = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .args(["--db", &common::target(&db)])
        .args(["serve", "--addr", "127.0.0.1:0", "--min-cell", "3"])
        .args(common::zoekindex(&db))
        .env_remove("GEMETEN_LANG")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("veld `--min-cell`: deze database houdt cellen onder 10 achter"),
        "{err}"
    );
    // A new database started with a lower threshold shows the cell; later starts keep it.
    let db = dir.path().join("drie.sqlite");
    drop(serve(&db, &["--min-cell", "3"]));
    let server = serve(&db, &[]);
    let small = observations(&get_json(&server, SMALL_CELL));
    assert_eq!(small[0]["suppressed"], false);
    assert_eq!(small[0]["n"], 4);
    assert_eq!(get_json(&server, "/api/v1/kpi")["min_cell"], 3);
}

#[test]
fn a_database_with_observations_gets_no_samples() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let status = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .args(["--db", &common::target(&db)])
        .args(["kpi", "import", SAMPLE])
        // Importing before the first `serve` writes as the administrator the new database
        // gets (there are no examples then).
        .env("GEMETEN_ADMIN_PASSWORD", "een-goed-wachtwoord")
        .env("GEMETEN_AS", "admin")
        .env("GEMETEN_PASSWORD", "een-goed-wachtwoord")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let server = serve(&db, &[]);
    let ggd = observations(&get_json(
        &server,
        "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?regio=alle-ggd",
    ));
    assert!(ggd.is_empty(), "no regional samples: {ggd:?}");
}

#[test]
fn the_fair_export_and_the_report_leave_small_cells_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fair.sqlite");
    let csv = dir.path().join("klein.csv");
    std::fs::write(
        &csv,
        "kpi,period,region,value,lower,upper,n\n\
         gezonde_levensverwachting,2019,NL01,63.5,63.1,63.9,50000\n\
         gezonde_levensverwachting,2020,NL01,71.234,70.111,72.345,4\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_gemeten"))
            .args(["--db", &common::target(&db)])
            .args(args)
            .env_remove("GEMETEN_LANG")
            .env("GEMETEN_ADMIN_PASSWORD", "een-goed-wachtwoord")
            .env("GEMETEN_AS", "admin")
            .env("GEMETEN_PASSWORD", "een-goed-wachtwoord")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    run(&["kpi", "import", csv.to_str().unwrap()]);
    let fair = dir.path().join("fair");
    let report = dir.path().join("rapport.html");
    run(&["fair", "export", "--out", fair.to_str().unwrap()]);
    run(&["report", "--out", report.to_str().unwrap()]);
    let mut texts = vec![std::fs::read_to_string(&report).unwrap()];
    let mut stack = vec![fair];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                texts.push(String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned());
            }
        }
    }
    assert!(
        texts.iter().any(|t| t.contains("63.5")),
        "the large cell is published"
    );
    for t in &texts {
        for v in ["71.234", "70.111", "72.345"] {
            assert!(!t.contains(v), "{v} published");
        }
    }
}
