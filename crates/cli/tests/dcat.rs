//! The FAIR catalogue conforms to the official DCAT-AP 3.0.1 SHACL shapes
//! (`tools/dcat/shapes/`), checked with pySHACL in a virtual environment (versions pinned in
//! `tools/dcat/requirements.txt`). Without Python's `venv` or the package registry the test
//! says so and passes, unless `GEMETEN_REQUIRE_DCAT=1` (CI sets it), then it fails.

mod common;

use std::process::Command;

use common::venv::{python, repo, required};
use common::{gemeten, ok};
use serde_json::Value;

#[test]
fn the_fair_catalogue_conforms_to_dcat_ap_3() {
    let python = match python("dcat-venv", "tools/dcat/requirements.txt") {
        Ok(p) => p,
        Err(why) if !required("GEMETEN_REQUIRE_DCAT") => {
            eprintln!("DCAT-AP test skipped: no virtual environment ({why})");
            return;
        }
        Err(why) => panic!("GEMETEN_REQUIRE_DCAT=1 but the environment failed: {why}"),
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let data = repo().join("data");
    // Published series (CBS), synthetic examples, regional series and the portfolio: every
    // kind of dataset the catalogue describes.
    for file in [
        "echt/cbs_84842NED_opleiding_2019_2022.csv",
        "voorbeeld/waarnemingen.csv",
        "voorbeeld/waarnemingen_regio.csv",
    ] {
        ok(gemeten(
            &db,
            &["kpi", "import", data.join(file).to_str().unwrap()],
        ));
    }
    ok(gemeten(
        &db,
        &[
            "projects",
            "import",
            data.join("voorbeeld/projecten.csv").to_str().unwrap(),
        ],
    ));
    let out = dir.path().join("fair");
    ok(gemeten(
        &db,
        &[
            "fair",
            "export",
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            "https://gemeten.example.nl",
            "--contact-email",
            "data@example.nl",
        ],
    ));
    let run = Command::new(python)
        .arg(repo().join("tools/dcat/check.py"))
        .arg(out.join("catalogus.jsonld"))
        .output()
        .expect("python runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(report["triples"].as_u64().unwrap() > 1000, "{report}");
    // Mandatory and range shapes: nothing at all.
    assert_eq!(
        report["verplicht"]["per_path"],
        serde_json::json!({}),
        "{:#}",
        report["verplicht"]
    );
    // Recommended shapes: themes, keywords, contact points, formats, descriptions and
    // licences are all given (what remains is the publisher's type, which gemeten does not
    // know, bounding boxes of regions, and a period for the register and the portfolio).
    let warnings = report["aanbevolen"]["per_path"].as_object().unwrap();
    for missing in [
        "dcat#theme",
        "dcat#keyword",
        "dcat#contactPoint",
        "terms/format",
        "dcat#mediaType",
        "terms/license",
        "terms/description",
        "terms/language",
        "dcat#themeTaxonomy",
        "foaf/0.1/homepage",
    ] {
        assert!(
            !warnings.keys().any(|k| k.ends_with(missing)),
            "{missing}: {warnings:?}"
        );
    }
}
