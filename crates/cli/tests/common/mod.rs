//! Running the `gemeten` binary from the CLI tests, shared by every test file.
#![allow(dead_code)] // each test file uses only some of these

use std::path::Path;
use std::process::{Command, Output};

/// Runs `gemeten --db <db> <args>` with Dutch labels and a fixed user name.
pub fn gemeten(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GEMETEN_LANG")
        .env("USER", "tester")
        .output()
        .expect("the binary runs")
}

/// Stdout of a run that must succeed.
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Stderr of a run that must fail with exit code 1 and no panic or backtrace.
pub fn failed(out: Output) -> String {
    assert_eq!(out.status.code(), Some(1), "must exit with 1");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    stderr
}
