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

/// Projects link elements with `projects set --kies`; `gemeten kies ID` shows one element
/// with its projects, `--json` counts them per element (examples apart); an element of
/// another mission's row is refused naming `kies[i]`.
#[test]
fn projects_link_elements_and_kies_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/voorbeeld/projecten.csv"
    );
    ok(gemeten(&db, &["projects", "import", sample]));
    let set = |args: &[&str]| {
        let mut all = vec!["projects", "set", "vb-valdetectie-thuis"];
        all.extend_from_slice(args);
        gemeten(&db, &all)
    };
    let err = failed(set(&[
        "--kies",
        "kem-co-creatie",
        "--kies",
        "pps-tap-dementia",
    ]));
    assert!(
        err.contains("kies[1]") && err.contains("pps-tap-dementia"),
        "{err}"
    );
    ok(set(&["--kies", "ket-cs4nl", "--kies", "kem-co-creatie"]));
    let one: Value =
        serde_json::from_str(&ok(gemeten(&db, &["--json", "kies", "ket-cs4nl"]))).unwrap();
    assert_eq!(one["id"], "ket-cs4nl");
    assert_eq!(
        one["projecten"],
        serde_json::json!({"echt": 0, "voorbeeld": 1})
    );
    assert_eq!(one["items"][0]["id"], "vb-valdetectie-thuis");
    let text = ok(gemeten(&db, &["kies", "kem-co-creatie"]));
    assert!(text.contains("vb-valdetectie-thuis"), "{text}");
    assert!(text.contains("verzonnen voorbeelden"), "{text}");
    let all: Value =
        serde_json::from_str(&ok(gemeten(&db, &["--json", "kies", "--mission", "II"]))).unwrap();
    let co = all["knopen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "kem-co-creatie")
        .unwrap();
    // The shipped example vb-werk-met-reuma links it too.
    assert_eq!(
        co["projecten"],
        serde_json::json!({"echt": 0, "voorbeeld": 2})
    );
    let err = failed(gemeten(&db, &["kies", "bestaat-niet"]));
    assert!(err.contains("bestaat-niet"), "{err}");
    // Unlinking: --clear kies.
    ok(set(&["--clear", "kies"]));
    let one: Value =
        serde_json::from_str(&ok(gemeten(&db, &["--json", "kies", "ket-cs4nl"]))).unwrap();
    assert_eq!(one["items"], serde_json::json!([]));
}

/// A database whose register was filled without the ecosystem (as one filled before it was
/// in the reference dataset, marked by migration 0021) has it after the next command.
#[test]
fn a_database_filled_without_the_ecosystem_gets_it_on_opening() {
    use gemeten_store::RegisterStore;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["init"]));
    {
        let mut parts = gemeten_interchange::reference_register()
            .unwrap()
            .into_parts();
        parts.kies_knoop.clear();
        parts.kies_pijl.clear();
        let zonder = gemeten_domain::Register::new(parts).unwrap();
        let mut store = gemeten_store::Store::open(common::target(&db)).unwrap();
        store.replace(&zonder).unwrap();
        store.zet_instelling("kies_aanvullen", "ja").unwrap();
    }
    let out = gemeten(&db, &["--json", "kies"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let all: Value = serde_json::from_str(&ok(out)).unwrap();
    assert_eq!(all["knopen"].as_array().unwrap().len(), 124);
    assert_eq!(all["pijlen"].as_array().unwrap().len(), 213);
    assert!(stderr.contains("124 elementen"), "{stderr}");
    // Once: emptied again, it stays empty.
    {
        let mut parts = gemeten_interchange::reference_register()
            .unwrap()
            .into_parts();
        parts.kies_knoop.clear();
        parts.kies_pijl.clear();
        let zonder = gemeten_domain::Register::new(parts).unwrap();
        let mut store = gemeten_store::Store::open(common::target(&db)).unwrap();
        store.replace(&zonder).unwrap();
    }
    let all: Value = serde_json::from_str(&ok(gemeten(&db, &["--json", "kies"]))).unwrap();
    assert_eq!(all["knopen"], serde_json::json!([]));
}
