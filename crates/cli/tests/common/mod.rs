//! Running the `gemeten` binary from the CLI tests, shared by every test file. A test names
//! its database by a SQLite path in a temporary directory; with `GEMETEN_TEST_DB=postgres`
//! that path stands for a fresh PostgreSQL database instead ([`target`], [`db_args`]).
#![allow(dead_code)] // each test file uses only some of these

pub mod http;
pub mod venv;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// The password of the administrator `admin` every test database gets.
pub const ADMIN_PASSWORD: &str = "beheer-wachtwoord-test";

/// `gemeten --db <db> <args>` with Dutch labels, acting as the administrator `admin` (whom a
/// new database gets with [`ADMIN_PASSWORD`]).
pub fn command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gemeten"));
    db_args(&mut c, db)
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

/// The CLI tests run on PostgreSQL when `GEMETEN_TEST_DB=postgres`, else on SQLite.
pub fn on_postgres() -> bool {
    std::env::var("GEMETEN_TEST_DB").as_deref() == Ok("postgres")
}

/// `--zoekindex <db>.stukken` for a `gemeten serve` of the test database `db`: the search
/// index goes into the test's temporary directory, also on PostgreSQL (where it would
/// otherwise be made in the working folder, named after the database).
pub fn zoekindex(db: &Path) -> [String; 2] {
    let mut dir = db.as_os_str().to_owned();
    dir.push(".stukken");
    [
        "--zoekindex".into(),
        PathBuf::from(dir).display().to_string(),
    ]
}

/// The store the test database `db` (a path in a temporary directory) stands for: the path
/// itself, or with `GEMETEN_TEST_DB=postgres` the URL of a PostgreSQL database made for it
/// on first use. That database is dropped by a later call once the path's directory is
/// gone (the test is over); the last ones go with the test process's throwaway server.
pub fn target(db: &Path) -> String {
    if !on_postgres() {
        return db.display().to_string();
    }
    static DATABASES: Mutex<Vec<(PathBuf, gemeten_testpg::PgDb)>> = Mutex::new(Vec::new());
    let mut dbs = DATABASES.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, pg)) = dbs.iter().find(|(path, _)| path == db) {
        return pg.url.clone();
    }
    dbs.retain(|(path, _)| path.parent().is_some_and(Path::exists));
    let pg = gemeten_testpg::PgDb::create()
        .unwrap_or_else(|e| panic!("GEMETEN_TEST_DB=postgres, but there is no PostgreSQL: {e}"));
    let url = pg.url.clone();
    dbs.push((db.to_owned(), pg));
    url
}

/// `--db` for the test database `db` ([`target`]). On PostgreSQL the command runs in the
/// database path's directory, where the CLI keeps the files that go with a PostgreSQL
/// store (the search index, [`index_dir`]).
pub fn db_args<'c>(c: &'c mut Command, db: &Path) -> &'c mut Command {
    c.arg("--db").arg(target(db));
    if on_postgres() {
        if let Some(dir) = db.parent() {
            c.current_dir(dir);
        }
    }
    c
}

/// Where the CLI keeps the search index of the test database `db`: beside the SQLite file,
/// or named after the PostgreSQL database in the working directory ([`db_args`]).
pub fn index_dir(db: &Path) -> PathBuf {
    if !on_postgres() {
        let mut name = db.as_os_str().to_owned();
        name.push(".zoek");
        return name.into();
    }
    let url = target(db);
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    db.with_file_name(format!("{name}.zoek"))
}
