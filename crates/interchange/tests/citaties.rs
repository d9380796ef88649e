//! The citation check of the reference data (`tools/check_reference.py`) runs with the tests:
//! every text and every number of every record in `data/referentie/` and `data/rondes/` must
//! stand in the lines its source cites. The script needs python3 (3.11+, standard library).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check(seeds: &Path) -> (bool, String) {
    let out = Command::new("python3")
        .arg(root().join("tools/check_reference.py"))
        .arg(seeds)
        .output()
        .expect("python3 runs (the citation check needs Python 3.11 or later)");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn every_text_and_number_stands_in_its_cited_lines() {
    let (ok, report) = check(&root().join("data/bronnen"));
    assert!(ok, "tools/check_reference.py found problems:\n{report}");
    assert!(report.contains(", 0 problems"), "{report}");
}

/// The check is real: take one amount out of the document and the record citing it fails.
#[test]
fn an_amount_missing_from_the_document_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    for doc in ["000", "001", "002", "003", "004"] {
        let mut text =
            std::fs::read_to_string(root().join(format!("data/bronnen/{doc}.txt"))).unwrap();
        if doc == "001" {
            // 001's TAZ row: "480 mln structureel vanaf 2024" (instrument taz-instrumenten).
            assert!(text.contains("480 mln"));
            text = text.replace("480 mln", "48 mln");
        }
        std::fs::write(dir.path().join(format!("{doc}.txt")), text).unwrap();
    }
    let (ok, report) = check(dir.path());
    assert!(!ok, "the check passed on a changed document:\n{report}");
    assert!(
        report.contains("instrument taz-instrumenten: budget_eur = 480000000 (amount) not in 001"),
        "{report}"
    );
}
