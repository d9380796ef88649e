//! Running the `gemeten` binary from the CLI tests, shared by every test file.
#![allow(dead_code)] // each test file uses only some of these

use std::path::Path;
use std::process::{Command, Output};

/// The password of the administrator `admin` every test database gets.
pub const ADMIN_PASSWORD: &str = "beheer-wachtwoord-test";

/// `gemeten --db <db> <args>` with Dutch labels, acting as the administrator `admin` (whom a
/// new database gets with [`ADMIN_PASSWORD`]).
pub fn command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gemeten"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GEMETEN_LANG")
        .env_remove("GEMETEN_TOKEN")
        .env("GEMETEN_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("GEMETEN_AS", "admin")
        .env("GEMETEN_PASSWORD", ADMIN_PASSWORD);
    c
}

/// Runs `gemeten --db <db> <args>` as the administrator.
pub fn gemeten(db: &Path, args: &[&str]) -> Output {
    command(db, args).output().expect("the binary runs")
}

/// Runs `gemeten --db <db> <args>` as `user` with `password`.
pub fn gemeten_as(db: &Path, user: &str, password: &str, args: &[&str]) -> Output {
    command(db, args)
        .env("GEMETEN_AS", user)
        .env("GEMETEN_PASSWORD", password)
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
