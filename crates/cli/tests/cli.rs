//! The `gemeten` binary as a user runs it: a fresh database, the reference dataset, export
//! and import, and refused input.

mod common;

use std::path::Path;

use common::{failed, gemeten, ok};

use serde_json::Value;

/// The number in a section heading such as "Innovaties (3)".
fn section_count(text: &str, title: &str) -> usize {
    let start = text
        .find(&format!("{title} ("))
        .unwrap_or_else(|| panic!("no section {title}"));
    let rest = &text[start + title.len() + 2..];
    rest[..rest.find(')').unwrap()].parse().unwrap()
}

#[test]
fn a_fresh_database_is_seeded_and_mission_ii_shows_what_the_documents_link_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let out = gemeten(&db, &["mission", "II"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let text = ok(out);
    assert!(
        stderr.contains("nieuwe database, gevuld met de referentiedataset"),
        "{stderr}"
    );
    assert!(
        text.contains("Missie II — Zorg in de leefomgeving (2030)"),
        "{text}"
    );
    assert!(text.contains("+50 %"), "target shown: {text}");
    assert!(section_count(&text, "Doelen") >= 1);
    assert!(section_count(&text, "Kennis- en innovatievragen") >= 10);
    assert!(section_count(&text, "Concrete activiteiten") >= 5);
    assert!(section_count(&text, "Veranderingstheorie (impact pathway)") >= 5);
    let pos = |id: &str| text.find(id).unwrap_or_else(|| panic!("{id} missing"));
    assert!(
        pos("II-input-2 ") < pos("II-input-10") && pos("II-input-10") < pos("II-impact-1 "),
        "theory of change in pathway order"
    );
    assert!(section_count(&text, "Financiële instrumenten") >= 8);
    assert!(section_count(&text, "Innovaties") >= 3);
    for innovation in ["CVA portaal", "Peri-operatief"] {
        assert!(text.contains(innovation), "{innovation} missing");
    }
    assert!(
        text.contains("Stimuleringsbudget WLZ"),
        "WOZO instrument missing"
    );
    // A second run uses the same file and does not seed again.
    let again = gemeten(&db, &["missions"]);
    assert!(String::from_utf8_lossy(&again.stderr).is_empty());
    assert!(ok(again).contains("Missies"));
}

#[test]
fn export_then_import_into_an_empty_store_then_export_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.sqlite"),
        dir.path().join("b.sqlite"),
        dir.path().join("c.sqlite"),
    );
    let first = dir.path().join("first.json");
    ok(gemeten(&a, &["export", "--out", first.to_str().unwrap()]));

    ok(gemeten(&b, &["import", first.to_str().unwrap()]));
    let second = ok(gemeten(&b, &["export"]));
    assert_eq!(std::fs::read_to_string(&first).unwrap(), second);

    let csv = dir.path().join("csv");
    ok(gemeten(
        &a,
        &["export", "--format", "csv", "--out", csv.to_str().unwrap()],
    ));
    assert!(csv.join("kia_vraag.csv").exists());
    ok(gemeten(&c, &["import", csv.to_str().unwrap()]));
    let third = ok(gemeten(&c, &["export"]));
    assert_eq!(second, third);
}

#[test]
fn a_refused_import_says_why_in_one_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let before = ok(gemeten(&db, &["export"]));
    let mut doc: Value = serde_json::from_str(&before).unwrap();
    let id = doc["innovatie"][0]["id"].as_str().unwrap().to_owned();
    doc["innovatie"][0]["trl"] = 12.into();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_string_pretty(&doc).unwrap()).unwrap();

    let stderr = failed(gemeten(&db, &["import", bad.to_str().unwrap()]));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("fout: "), "{stderr}");
    assert!(stderr.contains("bad.json, regel "), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "innovatie #1 '{id}', veld `trl`: TRL 12 ligt niet tussen 1 en 9"
        )),
        "{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with("er is niets gewijzigd"),
        "{stderr}"
    );
    assert_eq!(ok(gemeten(&db, &["export"])), before);
}

#[test]
fn english_labels_and_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let text = ok(gemeten(&db, &["--lang", "en", "mission", "ii"]));
    assert!(
        text.contains("Mission II — Care in the living environment"),
        "{text}"
    );
    assert!(text.contains("Knowledge and innovation questions ("));

    let json: Value =
        serde_json::from_str(&ok(gemeten(&db, &["--json", "mission", "II"]))).unwrap();
    assert_eq!(json["missie"]["code"], "II");
    assert!(json["innovaties"].as_array().unwrap().len() >= 3);
    assert!(json["kia_vragen"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["missies"]
            .as_array()
            .unwrap()
            .contains(&Value::from("II"))));
}

#[test]
fn filters_select_and_bad_filters_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let all: Value = serde_json::from_str(&ok(gemeten(&db, &["--json", "instruments"]))).unwrap();
    let iv: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &["--json", "instruments", "--mission", "IV"],
    )))
    .unwrap();
    let (all, iv) = (all.as_array().unwrap(), iv.as_array().unwrap());
    assert!(!iv.is_empty() && iv.len() < all.len());
    assert!(iv.iter().all(|i| i["missies"]
        .as_array()
        .unwrap()
        .contains(&Value::from("IV"))));

    let stderr = failed(gemeten(&db, &["instruments", "--trl", "0"]));
    assert!(stderr.contains("TRL 0 ligt niet tussen 1 en 9"), "{stderr}");
    let stderr = failed(gemeten(&db, &["mission", "VII"]));
    assert!(stderr.contains("onbekende missiecode 'VII'"), "{stderr}");
    let stderr = failed(gemeten(&db, &["innovations", "--phase", "dromen"]));
    assert!(
        stderr.contains("onbekende ontwikkelfase 'dromen'"),
        "{stderr}"
    );

    let empty = ok(gemeten(
        &db,
        &["innovations", "--mission", "V", "--phase", "verkennen"],
    ));
    assert!(
        empty.contains("Niets gevonden met deze filters."),
        "{empty}"
    );
}

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/voorbeeld")
        .join(name)
}

#[test]
fn hle_by_ses_on_the_sample_table_gives_a_gradient_and_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let file = sample("sterfte_gezondheid_ses.csv");
    let text = ok(gemeten(
        &db,
        &["hle", file.to_str().unwrap(), "--by", "ses", "--json"],
    ));
    let v: Value = serde_json::from_str(&text).unwrap();
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 5);
    let hle: Vec<f64> = groups.iter().map(|g| g["hle0"].as_f64().unwrap()).collect();
    assert!(
        hle.windows(2).all(|w| w[0] < w[1]),
        "healthy life expectancy rises with SES: {hle:?}"
    );
    for g in groups {
        assert!(g["hle0"].as_f64().unwrap() < g["e0"].as_f64().unwrap());
        assert!(g["e0_se"].as_f64().unwrap() > 0.0);
    }
    let gap = v["ses_gap"]["gaps"][0]["gap"].as_f64().unwrap();
    assert!((gap - (hle[4] - hle[0])).abs() < 1e-9);
    // The database is not needed for a computation on a file.
    assert!(!db.exists());
    // The readable table in English.
    let text = ok(gemeten(
        &db,
        &[
            "--lang",
            "en",
            "hle",
            file.to_str().unwrap(),
            "--by",
            "sex,ses",
        ],
    ));
    assert!(text.contains("Healthy life expectancy"), "{text}");
    assert!(text.contains("SES gap"), "{text}");
}

#[test]
fn small_cells_are_flagged_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let file = sample("sterfte_gezondheid_ses.csv");
    let text = ok(gemeten(
        &db,
        &[
            "hle",
            file.to_str().unwrap(),
            "--by",
            "sex,ses",
            "--min-cell",
            "1e12",
            "--json",
        ],
    ));
    let v: Value = serde_json::from_str(&text).unwrap();
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 10);
    // Tables with counts are suppressed like microdata: values gone, reason given.
    for g in groups {
        assert!(g["e0"].is_null() && g["hle0"].is_null(), "{g}");
        assert!(
            g["suppressed"].as_str().unwrap().contains("kleine cel"),
            "{g}"
        );
    }
}

#[test]
fn progress_reports_every_target_and_follows_imported_observations() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let before: Value = serde_json::from_str(&ok(gemeten(&db, &["--json", "progress"]))).unwrap();
    let rows = before.as_array().unwrap();
    assert!(rows.len() >= 10);
    assert!(rows
        .iter()
        .all(|r| r["status"] == "onvoldoende_gegevens" && r["reason"] != ""));

    let file = sample("waarnemingen.csv");
    ok(gemeten(&db, &["kpi", "import", file.to_str().unwrap()]));
    // Importing the same file again is refused and changes nothing.
    let err = failed(gemeten(&db, &["kpi", "import", file.to_str().unwrap()]));
    assert!(err.contains("--replace"), "{err}");
    let after: Value =
        serde_json::from_str(&ok(gemeten(&db, &["--json", "progress", "--mission", "C"]))).unwrap();
    // The central mission's two targets the samples measure; its other targets (the KIA's
    // cross-cutting ones, such as EU funds and R&D spending) have no observations here.
    let rows: Vec<&Value> = after
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["doel"] == "C-gezonde-levensjaren" || r["doel"] == "C-ses-verschil")
        .collect();
    assert_eq!(rows.len(), 2, "{after}");
    // The samples run 2019–2024 and both KPIs have the 2021 series break: four points after
    // it are too few to project from, and the reason says so instead of a projection.
    for r in rows {
        assert!(r["latest"].is_array() && r["points"] == 4, "{r}");
        assert_eq!(r["status"], "onvoldoende_gegevens", "{r}");
        assert!(
            r["reason"]
                .as_str()
                .unwrap()
                .contains("te weinig waarnemingen sinds de reeksbreuk van 2021 om te projecteren"),
            "{r}"
        );
        assert!(r["linear"].is_null());
    }
}

#[test]
fn bad_observation_and_hle_files_exit_non_zero_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let bad = dir.path().join("obs.csv");
    std::fs::write(
        &bad,
        "kpi,period,region,value\ngezonde_levensverwachting,2019,NL01,veel\n",
    )
    .unwrap();
    let err = failed(gemeten(&db, &["kpi", "import", bad.to_str().unwrap()]));
    assert!(err.contains("obs.csv, regel 2, kolom 'value'"), "{err}");
    let table = dir.path().join("t.csv");
    std::fs::write(
        &table,
        "age,deaths,population,good_health\n0,5,100,1.5\n1-4,1,400,0.9\n5+,50,1000,0.8\n",
    )
    .unwrap();
    let err = failed(gemeten(&db, &["hle", table.to_str().unwrap()]));
    assert!(err.contains("t.csv, regel 2, kolom 'good_health'"), "{err}");
    let missing = dir.path().join("missing.parquet");
    let err = failed(gemeten(&db, &["hle", missing.to_str().unwrap()]));
    assert!(err.contains("missing.parquet"), "{err}");
}

/// `{}` or an export with a table cut out once emptied the register with exit code 0 (and the
/// next command filled it again with the reference dataset, so a customised register was
/// gone). A register document must list every table; emptying a table is said explicitly.
#[test]
fn an_import_cannot_empty_the_register_unless_asked_and_then_it_is_audited() {
    use gemeten_store::AccountStore;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let before = ok(gemeten(&db, &["export"]));
    let file = dir.path().join("e.json");

    std::fs::write(&file, "{}").unwrap();
    let err = failed(gemeten(&db, &["import", file.to_str().unwrap()]));
    assert!(err.contains("e.json") && err.contains("missie"), "{err}");
    assert_eq!(ok(gemeten(&db, &["export"])), before);

    let mut doc: Value = serde_json::from_str(&before).unwrap();
    doc.as_object_mut().unwrap().remove("aanbeveling");
    std::fs::write(&file, doc.to_string()).unwrap();
    let err = failed(gemeten(&db, &["import", file.to_str().unwrap()]));
    assert!(
        err.contains("aanbeveling") && err.contains("ontbreekt"),
        "{err}"
    );
    assert_eq!(ok(gemeten(&db, &["export"])), before);

    // A table present but empty: refused unless the emptying is said out loud.
    let mut doc: Value = serde_json::from_str(&before).unwrap();
    let n = doc["aanbeveling"].as_array().unwrap().len();
    assert!(n > 0);
    doc["aanbeveling"] = serde_json::json!([]);
    std::fs::write(&file, doc.to_string()).unwrap();
    let err = failed(gemeten(&db, &["import", file.to_str().unwrap()]));
    assert!(
        err.contains(&format!("aanbeveling ({n})")) && err.contains("--allow-empty"),
        "{err}"
    );
    assert_eq!(ok(gemeten(&db, &["export"])), before);
    ok(gemeten(
        &db,
        &["import", file.to_str().unwrap(), "--allow-empty"],
    ));
    let after: Value = serde_json::from_str(&ok(gemeten(&db, &["export"]))).unwrap();
    assert_eq!(after["aanbeveling"], serde_json::json!([]));
    let store = gemeten_store::Store::open(common::target(&db)).unwrap();
    let entry = store
        .audit_log()
        .unwrap()
        .into_iter()
        .rev()
        .find(|r| r.action == "register vervangen")
        .unwrap();
    assert_eq!(
        entry.after.unwrap()["geleegd"],
        serde_json::json!([format!("aanbeveling ({n})")])
    );

    // A register emptied on purpose stays empty: no reference dataset behind one's back.
    let mut empty: Value = serde_json::from_str(&before).unwrap();
    for v in empty.as_object_mut().unwrap().values_mut() {
        if v.is_array() {
            *v = serde_json::json!([]);
        }
    }
    std::fs::write(&file, empty.to_string()).unwrap();
    ok(gemeten(
        &db,
        &["import", file.to_str().unwrap(), "--allow-empty"],
    ));
    let out = gemeten(&db, &["export"]);
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
    let again: Value = serde_json::from_str(&ok(out)).unwrap();
    assert_eq!(again["missie"], serde_json::json!([]));
}
