//! `gemeten kies`: the knowledge and innovation ecosystem of 000 Figure 5 from the database,
//! per kind, filtered by mission and kind; `--json` as `GET /api/v1/kies`.

mod common;

use serde_json::Value;

use common::{failed, gemeten, ok};

#[test]
fn kies_lists_the_ecosystem_by_mission_and_kind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["init"]));

    let all: Value = serde_json::from_str(&ok(gemeten(&db, &["--json", "kies"]))).unwrap();
    assert_eq!(all["knopen"].as_array().unwrap().len(), 124);
    assert_eq!(all["pijlen"].as_array().unwrap().len(), 213);

    let iv: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &[
            "--json",
            "kies",
            "--mission",
            "IV",
            "--kind",
            "sleuteltechnologie",
        ],
    )))
    .unwrap();
    let ids: Vec<&str> = iv["knopen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mjp-13", "mjp-14", "mjp-2", "mjp-86", "mjp-87"]);
    assert_eq!(iv["missie"], "IV");

    let text = ok(gemeten(&db, &["kies", "--mission", "V"]));
    assert!(
        text.contains("Publiek-private partnerschappen (2)"),
        "{text}"
    );
    assert!(
        text.contains("AMR-Global") && text.contains("Holomicrobiome"),
        "{text}"
    );
    assert!(text.contains("Sleutelmethodologieën (0)"), "{text}");
    let en = ok(gemeten(
        &db,
        &["--lang", "en", "kies", "--mission", "centraal"],
    ));
    assert!(en.contains("Key enabling methodologies (4)"), "{en}");
    assert!(en.contains("Vision & Imagination"));

    let err = failed(gemeten(&db, &["kies", "--kind", "bedrijf"]));
    assert!(err.contains("--kind") && err.contains("bedrijf"), "{err}");

    // A register whose link points at no element is refused naming record and field; the
    // database keeps what it had.
    let export = dir.path().join("register.json");
    ok(gemeten(&db, &["export", "--out", export.to_str().unwrap()]));
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    doc["kies_pijl"][0]["from"] = "bestaat-niet".into();
    let bad = dir.path().join("fout.json");
    std::fs::write(&bad, doc.to_string()).unwrap();
    let err = failed(gemeten(&db, &["import", bad.to_str().unwrap()]));
    assert!(
        err.contains("kies_pijl") && err.contains("veld `from`") && err.contains("bestaat-niet"),
        "{err}"
    );
    let after: Value = serde_json::from_str(&ok(gemeten(&db, &["--json", "kies"]))).unwrap();
    assert_eq!(after, all);
}
