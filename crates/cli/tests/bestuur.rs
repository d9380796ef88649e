//! `gemeten meeting`, `gemeten governance`, `gemeten agenda` and an activity update that
//! counts toward an international commitment, as a user runs them (issue 12, item 4).

mod common;

use common::{failed, gemeten, ok};
use serde_json::{json, Value};

#[test]
fn meetings_commitments_and_the_yearly_agenda_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["init"]));

    // An action linked to an activity that does not exist: refused naming the field,
    // nothing stored.
    let file = dir.path().join("vergadering.json");
    let meeting = |activiteit: &str| {
        json!({
            "orgaan": "missieteam-iv", "datum": "2026-02-03", "titel": "Programmering",
            "besluiten": ["Focus op werk en gezondheid"],
            "acties": [{ "text": "Eigenaar voor 000-IV-1 vinden", "due": "2026-03-01",
                         "activiteiten": [activiteit] }]
        })
        .to_string()
    };
    std::fs::write(&file, meeting("000-IV-99")).unwrap();
    let err = failed(gemeten(&db, &["meeting", "add", file.to_str().unwrap()]));
    assert!(
        err.contains("acties[0].activiteiten[0]") && err.contains("000-IV-99"),
        "{err}"
    );
    let list: Value =
        serde_json::from_str(&ok(gemeten(&db, &["--json", "meeting", "list"]))).unwrap();
    assert_eq!(list, json!([]));

    std::fs::write(&file, meeting("000-IV-1")).unwrap();
    let out: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &["--json", "meeting", "add", file.to_str().unwrap()],
    )))
    .unwrap();
    assert!(out["id"].as_i64().unwrap() > 0);
    let list = ok(gemeten(
        &db,
        &["meeting", "list", "--body", "missieteam-iv"],
    ));
    assert!(
        list.contains("Programmering") && list.contains("000-IV-1"),
        "{list}"
    );

    // The agenda of mission IV has the open action; mission I's has not.
    let a: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &["--json", "agenda", "IV", "--year", "2026"],
    )))
    .unwrap();
    assert_eq!(a["jaar"], 2026);
    assert_eq!(a["acties"][0]["text"], "Eigenaar voor 000-IV-1 vinden");
    assert_eq!(a["missieteam"]["meetings"], 1);
    assert_eq!(a["missieteam"]["norm"], "onder");
    assert!(!a["doelen"].as_array().unwrap().is_empty());
    let a1: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &["--json", "agenda", "I", "--year", "2026"],
    )))
    .unwrap();
    assert_eq!(a1["acties"], json!([]));
    let text = ok(gemeten(
        &db,
        &["--lang", "en", "agenda", "IV", "--year", "2026"],
    ));
    assert!(
        text.contains("Open governance actions:") && text.contains("Eigenaar voor 000-IV-1"),
        "{text}"
    );

    // Done: off the agenda.
    let id = a["acties"][0]["actie_id"].as_i64().unwrap().to_string();
    ok(gemeten(
        &db,
        &["meeting", "action", &id, "--status", "gereed"],
    ));
    let a: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &["--json", "agenda", "IV", "--year", "2026"],
    )))
    .unwrap();
    assert_eq!(a["acties"], json!([]));

    // Commitments: two calls in 2026 meet the minimum of two; a bad kind is refused.
    for d in ["2026-03-01", "2026-09-01"] {
        ok(gemeten(
            &db,
            &[
                "activity",
                "000-INT-5",
                "update",
                "--counts-toward",
                &format!("call:{d}"),
            ],
        ));
    }
    let err = failed(gemeten(
        &db,
        &[
            "activity",
            "000-INT-5",
            "update",
            "--counts-toward",
            "beurs:2026-03-01",
        ],
    ));
    assert!(err.contains("counts_toward"), "{err}");
    let g: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &["--json", "governance", "--year", "2026"],
    )))
    .unwrap();
    let call = g["toezeggingen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["toezegging"]["kind"] == "call")
        .unwrap();
    assert_eq!(
        (call["count"].as_u64(), call["met"].as_bool()),
        (Some(2), Some(true))
    );
    let text = ok(gemeten(&db, &["governance", "--year", "2026"]));
    assert!(
        text.contains("Missieteam V") && text.contains("nog te installeren"),
        "{text}"
    );
}

/// `gemeten agenda` reads the observations through the web's small-cell policy: a series
/// resting on too few cases changes nothing on the agenda, one resting on enough does.
#[test]
fn the_yearly_agenda_on_the_command_line_withholds_small_cells_as_the_page_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["init"]));
    let doel = |db: &std::path::Path| -> Value {
        let a: Value = serde_json::from_str(&ok(gemeten(
            db,
            &["--json", "agenda", "II", "--year", "2026"],
        )))
        .unwrap();
        a["doelen"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["doel"] == "II-zorg-in-leefomgeving")
            .unwrap()
            .clone()
    };
    let zonder = doel(&db);
    let file = dir.path().join("klein.csv");
    let reeks = |n: u64| {
        let mut s = String::from("kpi,period,region,value,n\n");
        for (y, v) in [
            (2019, 40.0),
            (2020, 42.0),
            (2021, 44.0),
            (2022, 46.0),
            (2023, 48.0),
        ] {
            s.push_str(&format!("zorg_in_eigen_leefomgeving,{y},NL01,{v},{n}\n"));
        }
        s
    };
    std::fs::write(&file, reeks(3)).unwrap();
    ok(gemeten(&db, &["kpi", "import", file.to_str().unwrap()]));
    assert_eq!(doel(&db), zonder, "three cases a year are withheld");
    std::fs::write(&file, reeks(5000)).unwrap();
    ok(gemeten(
        &db,
        &["kpi", "import", "--replace", file.to_str().unwrap()],
    ));
    assert_ne!(doel(&db), zonder, "enough cases are shown");
}
