//! `gemeten call`, `gemeten projects import --call`, `gemeten assess`, `gemeten assessments`
//! and `gemeten rocket` as a user runs them (issue 12, point 1): a call that requires a
//! ROCKET self-assessment and a contribution to the −30 refuses a project list without them,
//! naming each project and what it lacks; with them the list lands and the synthesis counts it.

mod common;

use common::{failed, gemeten, ok};
use serde_json::{json, Value};

const PROJECTEN: &str = include_str!("../../../data/voorbeeld/projecten.csv");
const ROCKET: [&str; 6] = [
    "rocket-r", "rocket-o", "rocket-c", "rocket-k", "rocket-e", "rocket-t",
];

fn oordelen(score: u8) -> Value {
    json!(ROCKET
        .iter()
        .map(
            |m| json!({ "maatstaf": m, "score": score, "toelichting": format!("zie aanvraag {m}") })
        )
        .collect::<Vec<_>>())
}

#[test]
fn a_call_refuses_a_project_list_without_its_requirements_and_counts_one_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["init"]));
    let call = dir.path().join("oproep.json");
    std::fs::write(
        &call,
        json!({
            "id": "thuis-2026", "instrument": "wozo-spuk-dos", "title_nl": "Thuis als het kan",
            "opens": "2026-01-01", "closes": "2026-06-30",
            "requires_rocket": true, "requires_target": "C-ses-verschil",
        })
        .to_string(),
    )
    .unwrap();
    ok(gemeten(&db, &["call", "add", call.to_str().unwrap()]));
    let list = ok(gemeten(&db, &["call", "list"]));
    assert!(
        list.contains("thuis-2026")
            && list.contains("ROCKET-zelfbeoordeling")
            && list.contains("bijdrage aan C-ses-verschil"),
        "{list}"
    );

    // Two projects of the examples, under new ids.
    let csv: String = PROJECTEN
        .lines()
        .take(3)
        .collect::<Vec<_>>()
        .join("\n")
        .replace("vb-", "oproep-")
        + "\n";
    let file = dir.path().join("lijst.csv");
    std::fs::write(&file, csv).unwrap();
    let ids = ["oproep-thuismonitor-hartfalen", "oproep-valdetectie-thuis"];
    let before = ok(gemeten(&db, &["projects", "list", "--json"]));

    // Without applications: every project and what it lacks, nothing stored.
    let e = failed(gemeten(
        &db,
        &[
            "projects",
            "import",
            file.to_str().unwrap(),
            "--call",
            "thuis-2026",
        ],
    ));
    for id in ids {
        assert!(e.contains(&format!("oproep 'thuis-2026' vraagt een ROCKET-zelfbeoordeling en project '{id}' heeft er geen")), "{e}");
        assert!(e.contains(&format!("oproep 'thuis-2026' vraagt een bijdrage aan doel 'C-ses-verschil' en project '{id}' noemt die niet")), "{e}");
    }
    let e = failed(gemeten(
        &db,
        &[
            "--lang",
            "en",
            "projects",
            "import",
            file.to_str().unwrap(),
            "--call",
            "thuis-2026",
        ],
    ));
    assert!(e.contains("requires a ROCKET self-assessment"), "{e}");
    assert_eq!(ok(gemeten(&db, &["projects", "list", "--json"])), before);

    // With an incomplete self-assessment for the second: refused, naming its field.
    let apps = dir.path().join("aanvragen.json");
    let mut partial = oordelen(3);
    partial.as_array_mut().unwrap().pop();
    let applications = |second: Value| {
        json!([
            { "project": ids[0], "rocket": oordelen(4), "bijdragen": [{ "doel": "C-ses-verschil", "toelichting": "werft in wijken met een lage SEP" }] },
            { "project": ids[1], "rocket": second, "bijdragen": [{ "doel": "C-ses-verschil", "toelichting": "test met laaggeletterden" }] },
        ])
        .to_string()
    };
    std::fs::write(&apps, applications(partial)).unwrap();
    let args = [
        "projects",
        "import",
        file.to_str().unwrap(),
        "--call",
        "thuis-2026",
        "--applications",
        apps.to_str().unwrap(),
    ];
    let e = failed(gemeten(&db, &args));
    assert!(
        e.contains("rocket.oordelen") && e.contains("mist: rocket-t"),
        "{e}"
    );
    assert_eq!(ok(gemeten(&db, &["projects", "list", "--json"])), before);

    std::fs::write(&apps, applications(oordelen(2))).unwrap();
    let out = ok(gemeten(&db, &args));
    assert!(
        out.contains("2 projecten in oproep thuis-2026 (2 nieuw"),
        "{out}"
    );
    let a: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &["assessments", "--kind", "project", "--id", ids[0], "--json"],
    )))
    .unwrap();
    assert_eq!(a[0]["beoordeling"]["zelfbeoordeling"], true);
    assert_eq!(a[0]["beoordeling"]["oproep"], "thuis-2026");

    // An assessment by the administrator, then the synthesis of mission II.
    let one = dir.path().join("beoordeling.json");
    std::fs::write(&one, json!({ "soort": "project", "onderwerp": ids[1], "kader": "rocket", "oordelen": oordelen(5) }).to_string()).unwrap();
    ok(gemeten(&db, &["assess", one.to_str().unwrap()]));
    let text = ok(gemeten(
        &db,
        &["assessments", "--kind", "project", "--id", ids[1]],
    ));
    assert!(
        text.contains("door admin") && text.contains("zelfbeoordeling van"),
        "{text}"
    );
    let s: Value = serde_json::from_str(&ok(gemeten(&db, &["rocket", "II", "--json"]))).unwrap();
    // Both new projects are of mission II; the second's latest assessment (5, not its 2) counts: (4 + 5) / 2.
    assert_eq!(s["met_bijdrage"], 2, "{s}");
    assert_eq!(s["met_rocket"], 2, "{s}");
    assert_eq!(s["gemiddelde"], 4.5, "{s}");
    let text = ok(gemeten(&db, &["rocket", "II"]));
    assert!(
        text.contains("2 noemen een bijdrage aan C-ses-verschil"),
        "{text}"
    );
}
