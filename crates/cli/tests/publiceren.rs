//! `gemeten fair export` and `gemeten report` with one command each, as the README shows.

mod common;

use common::{gemeten, ok};
use serde_json::Value;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/voorbeeld");

#[test]
fn fair_export_lists_every_file_with_a_checksum_that_matches() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(
        &db,
        &["kpi", "import", &format!("{DATA}/waarnemingen.csv")],
    ));
    ok(gemeten(
        &db,
        &["projects", "import", &format!("{DATA}/projecten.csv")],
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
        ],
    ));
    let cat: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("catalogus.jsonld")).unwrap())
            .unwrap();
    let sets = cat["dcat:dataset"].as_array().unwrap();
    let keys: Vec<&str> = sets
        .iter()
        .map(|s| s["dct:identifier"].as_str().unwrap())
        .collect();
    let base = "https://gemeten.example.nl/api/v1/fair";
    assert_eq!(cat["@id"], format!("{base}/catalogus.jsonld"));
    assert!(keys.contains(&format!("{base}/datasets/register").as_str()));
    assert!(keys.contains(&format!("{base}/datasets/portfolio").as_str()));
    // The example observations are synthetic: their own dataset, titled and licensed so.
    let synthetic = sets
        .iter()
        .find(|s| {
            s["dct:identifier"]
                == format!("{base}/datasets/kpi.gezonde_levensverwachting.synthetisch").as_str()
        })
        .expect("a synthetic dataset of its own");
    assert!(synthetic["dct:title"][0]["@value"]
        .as_str()
        .unwrap()
        .starts_with("SYNTHETISCH VOORBEELD"));
    assert_eq!(
        synthetic["dct:license"]["@id"],
        "http://creativecommons.org/publicdomain/zero/1.0/"
    );
    assert!(!keys.contains(&format!("{base}/datasets/kpi.gezonde_levensverwachting").as_str()));
    let mut files = 0;
    for s in sets {
        assert!(s["dct:license"]["@id"]
            .as_str()
            .unwrap()
            .starts_with("http"));
        assert!(!s["owl:versionInfo"].as_str().unwrap().is_empty());
        for d in s["dcat:distribution"].as_array().unwrap() {
            let url = d["dcat:downloadURL"]["@id"].as_str().unwrap();
            let segment = url.strip_prefix(&format!("{base}/bestanden/")).unwrap();
            let path = out.join(segment.replace('~', "/"));
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(d["dcat:byteSize"]["@value"], bytes.len().to_string());
            assert_eq!(
                d["spdx:checksum"]["spdx:checksumValue"]["@value"],
                gemeten_indicators::sha256_hex(&bytes)
            );
            files += 1;
        }
    }
    assert!(files > 15, "{files}");
    // Each KPI CSV is described column by column (CSVW), in the order of its header.
    let csv = out.join("kpi/gezonde_levensverwachting.synthetisch.csv");
    let header = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = header.lines().next().unwrap().split(',').collect();
    let meta: Value = serde_json::from_str(
        &std::fs::read_to_string(
            out.join("kpi/gezonde_levensverwachting.synthetisch.csv-metadata.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let columns: Vec<&str> = meta["tableSchema"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(columns, header);
    assert_eq!(meta["url"], "gezonde_levensverwachting.synthetisch.csv");
    assert_eq!(meta["tableSchema"]["columns"][7]["schema:unitText"], "jaar");
    // The exported register imports again.
    let again = dir.path().join("again.sqlite");
    ok(gemeten(
        &again,
        &[
            "import",
            out.join("register/register.json").to_str().unwrap(),
        ],
    ));
}

#[test]
fn the_progress_report_is_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(
        &db,
        &["kpi", "import", &format!("{DATA}/waarnemingen.csv")],
    ));
    let html = dir.path().join("rapport.html");
    ok(gemeten(
        &db,
        &[
            "report",
            "--period",
            "2025",
            "--out",
            html.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("Voortgangsrapportage"));
    assert!(text.contains("id=\"missie-II\""));
    assert!(
        text.matches("<svg").count() >= 6,
        "charts for targets and pipelines"
    );
    // Project aggregates: one approved sample report shows up under its mission.
    ok(gemeten(
        &db,
        &["projects", "import", &format!("{DATA}/projecten.csv")],
    ));
    ok(gemeten(
        &db,
        &["reports", "period", "add", "2025", "--due", "2026-03-01"],
    ));
    ok(gemeten(
        &db,
        &[
            "reports",
            "submit",
            &format!("{DATA}/rapportages_2025.json"),
            "--today",
            "2026-02-20",
        ],
    ));
    ok(gemeten(
        &db,
        &[
            "reports",
            "review",
            "vb-regioplan-twente",
            "2025",
            "--approve",
        ],
    ));
    ok(gemeten(
        &db,
        &[
            "report",
            "--period",
            "2025",
            "--out",
            html.to_str().unwrap(),
        ],
    ));
    let with_reports = std::fs::read_to_string(&html).unwrap();
    assert!(with_reports.contains("Projectrapportages: MTIB"));
    assert!(
        with_reports.contains("<td>400000</td>"),
        "public euros of the approved report"
    );
    // Activity status per mission, from activity tracking (all planned on a new database).
    assert_eq!(text.matches("Activiteiten van de KIA").count(), 6);
    assert!(text.contains("gepland"));
}
