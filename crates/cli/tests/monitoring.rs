//! Bottom-up monitoring as a user drives it: the activity overview and updates, reporting
//! periods, submitting and reviewing reports, missing and late reports, MTIB KPIs.

mod common;

use std::path::Path;

use common::{failed, gemeten, ok};
use serde_json::Value;

const PROJECTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/voorbeeld/projecten.csv"
);
const REPORTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/voorbeeld/rapportages_2025.json"
);

fn json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(gemeten(db, &all))).unwrap()
}

#[test]
fn the_seeded_activities_are_all_planned_without_owner_until_updated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let o = json(&db, &["activities", "--today", "2025-07-01"]);
    assert_eq!(o["total"], 129);
    assert_eq!(o["per_status"]["gepland"], 129);
    assert_eq!(o["per_status"]["gestart"], 0);
    assert_eq!(o["without_owner"].as_array().unwrap().len(), 129);
    assert_eq!(o["behind"].as_array().unwrap().len(), 0);
    let text = ok(gemeten(&db, &["activities", "--mission", "II"]));
    assert!(
        text.contains("Nog geen enkele activiteit bijgewerkt"),
        "{text}"
    );
    assert!(text.contains("gemeten activity 000-II-4a update"), "{text}");

    // An owner outside the initiators is refused, with every problem on its own line.
    let e = failed(gemeten(
        &db,
        &[
            "activity",
            "000-C-1",
            "update",
            "--owner",
            "pharos",
            "--note",
            "x",
            "--done",
            "nope:2025-01-01",
        ],
    ));
    assert!(e.contains("niet een van de initiatiefnemers"), "{e}");
    assert!(e.contains("veld `period`"), "{e}");
    assert!(e.contains("geen mijlpaal 'nope'"), "{e}");
    let e = failed(gemeten(
        &db,
        &[
            "activity", "000-C-1", "update", "--period", "2025-H3", "--note", "x",
        ],
    ));
    assert!(e.contains("is geen rapportageperiode"), "{e}");

    ok(gemeten(
        &db,
        &[
            "activity",
            "000-C-1",
            "update",
            "--status",
            "gestart",
            "--owner",
            "zonmw",
            "--period",
            "2025-H1",
            "--note",
            "Voorwaarden geïnventariseerd",
            "--milestone",
            "Voorstel aanpassing:2025-06-30",
            "--evidence",
            "Notitie|https://example.org/n.pdf",
        ],
    ));
    ok(gemeten(
        &db,
        &["activity", "000-C-2", "update", "--status", "vastgelopen"],
    ));
    let o = json(&db, &["activities", "--today", "2025-07-01"]);
    assert_eq!(o["per_status"]["gepland"], 127);
    assert_eq!(o["per_status"]["gestart"], 1);
    assert_eq!(o["per_status"]["vastgelopen"], 1);
    assert_eq!(o["without_owner"].as_array().unwrap().len(), 128);
    let behind: Vec<&str> = o["behind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["activiteit"].as_str().unwrap())
        .collect();
    assert_eq!(behind, ["000-C-1", "000-C-2"]);
    // Not yet behind the day the milestone is due; done later, no longer behind.
    let o = json(&db, &["activities", "--today", "2025-06-30"]);
    assert_eq!(o["behind"].as_array().unwrap().len(), 1);
    ok(gemeten(
        &db,
        &[
            "activity",
            "000-C-1",
            "update",
            "--done",
            "Voorstel aanpassing:2025-07-03",
        ],
    ));
    let o = json(
        &db,
        &["activities", "--today", "2025-07-10", "--status", "gestart"],
    );
    assert_eq!(o["behind"].as_array().unwrap().len(), 1);
    assert_eq!(o["rows"].as_array().unwrap().len(), 1);
    let zonmw = o["carriers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["organisatie"] == "zonmw")
        .unwrap();
    assert_eq!(zonmw["owner"], 1);
    let a = json(&db, &["activity", "000-C-1"]);
    assert_eq!(a["history"].as_array().unwrap().len(), 2);
    assert_eq!(a["history"][0]["by"], "admin");
    assert_eq!(a["owner"], "zonmw");
    assert_eq!(a["notes"][0]["period"], "2025-H1");
}

#[test]
fn reports_aggregate_into_mtib_kpis_and_late_and_missing_ones_show() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["projects", "import", PROJECTS]));
    // Refused before the period exists: every report listed.
    let e = failed(gemeten(
        &db,
        &["reports", "submit", REPORTS, "--today", "2026-02-15"],
    ));
    assert_eq!(
        e.matches("rapportageperiode '2025' bestaat niet").count(),
        6,
        "{e}"
    );
    ok(gemeten(
        &db,
        &["reports", "period", "add", "2025", "--due", "2026-03-01"],
    ));
    let r = json(
        &db,
        &["reports", "submit", REPORTS, "--today", "2026-02-15"],
    );
    assert_eq!(r["submitted"], 6);
    // Nothing approved yet: nothing counts.
    let k = json(&db, &["kpi", "mtib"]);
    assert_eq!(k["total"]["reports"], 0);
    assert_eq!(k["not_counted_submitted"], 6);
    for p in [
        "vb-thuismonitor-hartfalen",
        "vb-valdetectie-thuis",
        "vb-regioplan-twente",
        "vb-werk-met-reuma",
        "vb-exoskelet-werk",
        "vb-leefstijl-school",
    ] {
        ok(gemeten(&db, &["reports", "review", p, "2025", "--approve"]));
    }
    let k = json(&db, &["kpi", "mtib", "--period", "2025"]);
    let t = &k["total"];
    // By hand from data/voorbeeld/rapportages_2025.json:
    assert_eq!(t["reports"], 6);
    assert_eq!(
        t["public_eur"],
        150_000 + 100_000 + 400_000 + 130_000 + 80_000 + 200_000
    );
    assert_eq!(t["private_eur"], 40_000 + 25_000 + 100_000 + 60_000);
    assert_eq!(
        t["in_kind_eur"],
        20_000 + 10_000 + 50_000 + 30_000 + 15_000 + 40_000
    );
    assert!((t["fte"].as_f64().unwrap() - 13.0).abs() < 1e-9);
    assert_eq!(t["mkb"], 3);
    assert_eq!(t["partners"], 15);
    assert_eq!(t["publications"], 7);
    assert_eq!(t["products"], 3);
    assert_eq!(t["patents"], 1);
    assert_eq!(t["spinoffs"], 0);
    assert_eq!(t["reach_low_ses"], 80 + 40 + 300 + 1200);

    let by = |k: &Value, key: &str, field: &str| -> Value {
        k["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("no row {key}"))[field]
            .clone()
    };
    let k = json(&db, &["kpi", "mtib", "--by", "mission"]);
    assert_eq!(by(&k, "II", "public_eur"), 650_000);
    assert_eq!(by(&k, "III", "public_eur"), 360_000);
    assert_eq!(by(&k, "C", "reports"), 1);
    assert_eq!(k["rows_add_up"], false);
    let k = json(&db, &["kpi", "mtib", "--by", "region"]);
    assert_eq!(by(&k, "PV26", "public_eur"), 250_000);
    assert_eq!(by(&k, "onbekend", "public_eur"), 130_000);
    let k = json(&db, &["kpi", "mtib", "--by", "partner_type"]);
    assert_eq!(by(&k, "mkb", "partners"), 3);
    assert_eq!(by(&k, "umc", "reports"), 3);
    let k = json(&db, &["kpi", "mtib", "--by", "year"]);
    assert_eq!(by(&k, "2025", "private_eur"), 225_000);
    let text = ok(gemeten(&db, &["kpi", "mtib", "--by", "mission"]));
    assert!(
        text.contains("Totaal") && text.contains("1060000"),
        "{text}"
    );

    // A late report, a rejected one and the missing ones.
    let late = dir.path().join("laat.json");
    std::fs::write(
        &late,
        r#"{"project": "vb-dementie-thuis", "period": "2025", "version": 1, "public_eur": 1,
            "private_eur": 0, "in_kind_eur": 0, "fte": 0.5, "partners": {"umc": 1},
            "missions": ["IV"], "trl_start": 5, "trl_now": 5,
            "outputs": {"publications": 0, "products": 0, "patents": 0, "spinoffs": 0}}"#,
    )
    .unwrap();
    ok(gemeten(
        &db,
        &[
            "reports",
            "submit",
            late.to_str().unwrap(),
            "--today",
            "2026-03-10",
        ],
    ));
    ok(gemeten(
        &db,
        &[
            "reports",
            "review",
            "vb-dementie-thuis",
            "2025",
            "--reject",
            "fte te laag",
        ],
    ));
    let m = json(
        &db,
        &["reports", "missing", "2025", "--today", "2026-04-01"],
    );
    assert_eq!(m["expected"], 9, "running sample projects in 2025");
    assert_eq!(m["overdue"], true);
    let missing: Vec<&str> = m["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "vb-amr-sneltest",
            "vb-competenties-wijkverpleging",
            "vb-dementie-thuis"
        ]
    );
    assert_eq!(m["late"][0]["project"], "vb-dementie-thuis");
    assert_eq!(m["late"][0]["days_late"], 9);

    // A duplicate is refused; replacing the rejected one is allowed.
    let e = failed(gemeten(&db, &["reports", "submit", late.to_str().unwrap()]));
    assert!(e.contains("--replace"), "{e}");
    ok(gemeten(
        &db,
        &[
            "reports",
            "submit",
            late.to_str().unwrap(),
            "--replace",
            "--today",
            "2026-03-12",
        ],
    ));
    let m = json(
        &db,
        &["reports", "missing", "2025", "--today", "2026-04-01"],
    );
    assert_eq!(m["missing"].as_array().unwrap().len(), 2);

    // A closed period takes nothing more; an unknown project is refused.
    ok(gemeten(&db, &["reports", "period", "close", "2025"]));
    let e = failed(gemeten(
        &db,
        &["reports", "submit", late.to_str().unwrap(), "--replace"],
    ));
    assert!(e.contains("is gesloten"), "{e}");
    let unknown = dir.path().join("onbekend.json");
    std::fs::write(
        &unknown,
        std::fs::read_to_string(&late)
            .unwrap()
            .replace("vb-dementie-thuis", "vb-bestaat-niet"),
    )
    .unwrap();
    ok(gemeten(
        &db,
        &["reports", "period", "add", "2026", "--due", "2027-03-01"],
    ));
    let e = failed(gemeten(
        &db,
        &["reports", "submit", unknown.to_str().unwrap()],
    ));
    assert!(
        e.contains("project 'vb-bestaat-niet' staat niet in de portefeuille"),
        "{e}"
    );
}

#[test]
fn a_report_failing_the_definition_lists_every_failing_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let bad = dir.path().join("fout.toml");
    std::fs::write(
        &bad,
        r#"
[[reports]]
project = "vb-valdetectie-thuis"
period = "2025"
version = 1
region = "PV99"
public_eur = -5
private_eur = 0
fte = 1.0
partners = { bakker = 1 }
missions = ["II"]
trl_start = 4
trl_now = 11
outputs = { publications = 1, products = 0, patents = 0 }
"#,
    )
    .unwrap();
    let e = failed(gemeten(&db, &["reports", "submit", bad.to_str().unwrap()]));
    for field in [
        "region",
        "public_eur",
        "in_kind_eur",
        "partners",
        "trl_now",
        "outputs",
    ] {
        assert!(e.contains(&format!("veld `{field}`")), "{field}: {e}");
    }
    assert!(
        e.contains("fout: 6 problemen; er is niets gewijzigd:"),
        "{e}"
    );
    // Each line in the language of `--lang`: the record (file and number, project, period),
    // the field, and the reason.
    let rec = format!("{} #1 (vb-valdetectie-thuis, 2025)", bad.display());
    assert!(
        e.contains(&format!(
            "{rec}, veld `trl_now`: 11 ligt niet tussen 1 en 9"
        )),
        "{e}"
    );
    assert!(e.contains("onbekende regio 'PV99'"), "{e}");
    let e = failed(gemeten(
        &db,
        &["--lang", "en", "reports", "submit", bad.to_str().unwrap()],
    ));
    assert!(e.contains("error: 6 problems; nothing was changed:"), "{e}");
    assert!(
        e.contains(&format!("{rec}, field `trl_now`: 11 is outside 1-9")),
        "{e}"
    );
    assert!(e.contains("unknown region 'PV99'"), "{e}");
    assert!(!e.contains("veld") && !e.contains("onbekend"), "{e}");
    let e = failed(gemeten(
        &db,
        &[
            "--lang",
            "en",
            "reports",
            "period",
            "add",
            "2025",
            "--due",
            "2026-02-30",
        ],
    ));
    assert!(
        e.contains("error: field `--due`: date 2026-02-30 does not exist"),
        "{e}"
    );
}
