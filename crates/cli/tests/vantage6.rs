//! gemeten as a vantage6 algorithm (`federatie/vantage6/`): its Python tests, run with
//! vantage6's MockAlgorithmClient against this build of the `gemeten` binary.
//!
//! The packages are installed once into a virtual environment under the target folder, at
//! the exact versions of `federatie/vantage6/requirements.txt`, and reinstalled when that
//! file changes. Without Python's `venv` or the package registry the test says so and
//! passes, unless `GEMETEN_REQUIRE_VANTAGE6=1` (CI sets it), then it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn required() -> bool {
    std::env::var("GEMETEN_REQUIRE_VANTAGE6").is_ok_and(|v| v == "1")
}

/// The virtual environment's Python with the pinned packages, or why there is none.
fn python() -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vantage6-venv");
    let python = dir.join("bin/python");
    let requirements = repo().join("federatie/vantage6/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).map_err(|e| e.to_string())?;
    let stamp = dir.join("requirements.installed");
    if python.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return Ok(python);
    }
    let run = |c: &mut Command| -> Result<(), String> {
        let out = c.output().map_err(|e| format!("{c:?}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{c:?}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    run(Command::new("python3").args(["-m", "venv"]).arg(&dir))?;
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements))?;
    std::fs::write(&stamp, wanted).map_err(|e| e.to_string())?;
    Ok(python)
}

#[test]
fn vantage6_algorithm_with_the_mock_client() {
    let python = match python() {
        Ok(p) => p,
        Err(why) if !required() => {
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
    assert!(report.contains("Ran 8 tests"), "{report}");
    assert!(report.trim_end().ends_with("OK"), "{report}");
}
