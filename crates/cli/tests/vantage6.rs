//! gemeten as a vantage6 algorithm (`federatie/vantage6/`): its Python tests, run with
//! vantage6's MockAlgorithmClient against this build of the `gemeten` binary.
//!
//! The packages are installed once into a virtual environment under the target folder, at
//! the exact versions of `federatie/vantage6/requirements.txt`, and reinstalled when that
//! file changes. Without Python's `venv` or the package registry the test says so and
//! passes, unless `GEMETEN_REQUIRE_VANTAGE6=1` (CI sets it), then it fails.

mod common;

use std::process::Command;

use common::venv::{python, repo, required};

#[test]
fn vantage6_algorithm_with_the_mock_client() {
    let python = match python("vantage6-venv", "federatie/vantage6/requirements.txt") {
        Ok(p) => p,
        Err(why) if !required("GEMETEN_REQUIRE_VANTAGE6") => {
            eprintln!("vantage6 test skipped: no virtual environment ({why})");
            return;
        }
        Err(why) => panic!("GEMETEN_REQUIRE_VANTAGE6=1 but the environment failed: {why}"),
    };
    let package = repo().join("federatie/vantage6");
    let out = Command::new(python)
        .args(["-m", "unittest", "discover", "-v", "-s"])
        .arg(package.join("tests"))
        .current_dir(&package)
        .env("PYTHONPATH", &package)
        .env("GEMETEN_BIN", env!("CARGO_BIN_EXE_gemeten"))
        .env_remove("GEMETEN_LANG")
        .output()
        .expect("python runs");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    // unittest reports on stderr; every test must have run, none skipped.
    assert!(report.contains("Ran 10 tests"), "{report}");
    assert!(report.trim_end().ends_with("OK"), "{report}");
}
