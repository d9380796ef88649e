//! API conformance with schemathesis (issue 16, finding 17): `gemeten serve` on a fresh
//! database, then schemathesis (pinned, from PyPI, in a virtual environment under `target/`)
//! against its OpenAPI document with a bounded number of examples per operation, once
//! anonymously and once with an administrator's API token; every check, 0 failures and 0
//! server errors expected.
//!
//! The settings are in `tools/schemathesis/schemathesis.toml` (why a schema-valid request may
//! meet 422, never 400). One worker: with two, Hypothesis 6.170 sometimes fails inside its own
//! lambda-source cache ("AST constructor recursion depth mismatch"), a tool error, not a
//! finding.
//!
//! It downloads from PyPI, so it runs with `GEMETEN_SCHEMATHESIS=1` (CI sets it) and says
//! it is skipped otherwise.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The versions the run is pinned to.
const SCHEMATHESIS: &[&str] = &["schemathesis==4.32.5", "hypothesis==6.170.27"];
const ADMIN_PASSWORD: &str = "schemathesis-wachtwoord";
/// Examples per operation and phase: enough to find what the document and the server
/// disagree on, few enough to stay well under three minutes for both runs.
const EXAMPLES: &str = "20";

struct Proces(Child);

impl Drop for Proces {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A virtual environment with schemathesis, made once and kept under `target/`.
fn schemathesis() -> PathBuf {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schemathesis-venv");
    let bin = venv.join("bin").join("schemathesis");
    if bin.is_file() {
        return bin;
    }
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .expect("python3 runs");
    assert!(made.success(), "python3 -m venv");
    let pip = Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet"])
        .args(SCHEMATHESIS)
        .status()
        .expect("pip runs");
    assert!(pip.success(), "pip install {SCHEMATHESIS:?}");
    bin
}

fn run(schemathesis: &Path, url: &str, extra: &[&str]) -> (bool, String) {
    let config =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/schemathesis/schemathesis.toml");
    let out = Command::new(schemathesis)
        // Its crash cache (`.schemathesis/`) goes under target/, not into the repository.
        .current_dir(env!("CARGO_TARGET_TMPDIR"))
        .arg("--config-file")
        .arg(config)
        .arg("run")
        .arg(format!("{url}/api/v1/openapi.json"))
        .args(["--url", &format!("{url}/api/v1")])
        .args([
            "-n",
            EXAMPLES,
            "--generation-deterministic",
            "--checks",
            "all",
        ])
        .args(["--workers", "1", "--no-color"])
        .args(extra)
        .output()
        .expect("schemathesis runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn the_api_conforms_to_its_openapi_document() {
    if std::env::var("GEMETEN_SCHEMATHESIS").as_deref() != Ok("1") {
        eprintln!(
            "skipped: set GEMETEN_SCHEMATHESIS=1 to run schemathesis (downloads it from PyPI)"
        );
        return;
    }
    let st = schemathesis();
    let dir = tempfile::tempdir().unwrap();
    let db = common::target(&dir.path().join("st.sqlite"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .args(["--db", &db, "serve", "--addr", "127.0.0.1:0"])
        .args(common::zoekindex(&dir.path().join("st.sqlite")))
        .args(["--admin-password", ADMIN_PASSWORD])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("gemeten serve starts");
    let stdout = child.stdout.take().unwrap();
    let _server = Proces(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    let token = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .args(["--db", &db, "--json", "users", "token", "admin"])
        .env("GEMETEN_AS", "admin")
        .env("GEMETEN_PASSWORD", ADMIN_PASSWORD)
        .output()
        .unwrap();
    let token: serde_json::Value = serde_json::from_slice(&token.stdout).unwrap();
    let bearer = format!("Authorization: Bearer {}", token["token"].as_str().unwrap());

    let mut failed = Vec::new();
    for (who, extra) in [
        ("anonymous", vec![]),
        ("admin", vec!["-H", bearer.as_str()]),
    ] {
        let (ok, text) = run(&st, &url, &extra);
        if !ok {
            failed.push(format!("--- {who} ---\n{text}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
