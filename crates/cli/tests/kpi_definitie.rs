//! `gemeten kpi define` and `kpi list`: KPIs administrators define, from a TOML file in the
//! `[[kpi]]` form of `kpis.toml`, through the use case; their observations then import like
//! those of a shipped KPI. A reader is refused and the refusal is audited; a change the
//! stored observations contradict is refused whole.

mod common;

use common::{failed, gemeten, gemeten_as, ok};

use gemeten_store::{AccountStore, Store, WaarnemingStore};

const ROKEN: &str = r#"
[[kpi]]
code = "rokers_jongeren"
name_nl = "Rokende jongeren (12-16 jaar)"
name_en = "Young smokers (aged 12-16)"
unit = "%"
direction = "lower"
source = "Trimbos-instituut, Peilstationsonderzoek"
breakdowns = ["sex"]
perioden = ["jaar"]
definitie_nl = "Teller: scholieren van 12-16 jaar die de afgelopen maand rookten; noemer: alle ondervraagde scholieren"
frequentie = "per vier jaar"
kanttekeningen = "zelfrapportage"
breuken = [{ jaar = 2019, reden = "nieuwe steekproefopzet" }]
"#;

const WAARDEN: &str = "kpi,period,region,sex,value\n\
rokers_jongeren,2019,NL01,,4.5\n\
rokers_jongeren,2023,NL01,man,3.9\n";

#[test]
fn a_user_kpi_is_defined_its_observations_import_and_contradicting_changes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let file = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let roken = file("roken.toml", ROKEN);
    let waarden = file("roken.csv", WAARDEN);

    // Before the definition the values are refused: the KPI is unknown.
    let err = failed(gemeten(&db, &["kpi", "import", &waarden]));
    assert!(err.contains("onbekende KPI 'rokers_jongeren'"), "{err}");

    let out = ok(gemeten(&db, &["kpi", "define", &roken]));
    assert!(out.contains("rokers_jongeren"), "{out}");
    let out = ok(gemeten(&db, &["kpi", "import", &waarden]));
    assert!(out.contains("2 waarnemingen"), "{out}");
    // A StatLine-style table of the new KPI (`;`, decimal comma, Dutch labels, a footer)
    // through a mapping the user writes: the whole road a user takes for a table gemeten
    // does not know.
    let tabel = file(
        "roken_statline.csv",
        "\u{feff}Geslacht;Perioden;Rokers (%)\nJongens;2023;4,2\nMeisjes;2023;3,6\nBron: Trimbos;;\n",
    );
    let koppeling = file(
        "roken_koppeling.toml",
        r#"bron = "Trimbos-instituut (test)"
[formaat]
scheidingsteken = ";"
decimaalkomma = true
voettekst = ["Bron:"]
[periode]
kolom = "Perioden"
[geslacht]
kolom = "Geslacht"
codes = { Jongens = "man", Meisjes = "vrouw" }
[[maat]]
kolom = "Rokers (%)"
kpi = "rokers_jongeren"
"#,
    );
    let out = ok(gemeten(
        &db,
        &[
            "kpi",
            "import",
            &tabel,
            "--mapping",
            &koppeling,
            "--replace",
        ],
    ));
    assert!(out.contains("2 waarnemingen"), "{out}");
    let store = Store::open(common::target(&db)).unwrap();
    let meisjes: Vec<_> = store
        .observations(Some("rokers_jongeren"))
        .unwrap()
        .into_iter()
        .filter(|o| o.sex == "vrouw")
        .collect();
    assert_eq!(meisjes.len(), 1);
    assert_eq!(meisjes[0].value, 3.6);
    assert!(
        meisjes[0].source.contains("Trimbos"),
        "{}",
        meisjes[0].source
    );
    drop(store);
    let list: serde_json::Value =
        serde_json::from_str(&ok(gemeten(&db, &["--json", "kpi", "list"]))).unwrap();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k["code"].as_str())
        .collect();
    assert!(codes.contains(&"rokers_jongeren"), "{codes:?}");
    assert!(codes.contains(&"gezonde_levensverwachting"), "{codes:?}");
    let list = ok(gemeten(&db, &["kpi", "list"]));
    assert!(
        list.contains("Zelf gedefinieerd: rokers_jongeren"),
        "{list}"
    );

    // A reader may not define KPIs; the attempt is in the audit log.
    ok(gemeten(
        &db,
        &[
            "user",
            "add",
            "lezer",
            "--role",
            "publiek",
            "--password",
            "lezer-wachtwoord-lang",
        ],
    ));
    let anders = file(
        "anders.toml",
        &ROKEN.replace("rokers_jongeren", "iets_anders"),
    );
    let err = failed(gemeten_as(
        &db,
        "lezer",
        "lezer-wachtwoord-lang",
        &["kpi", "define", &anders],
    ));
    assert!(err.contains("niet toegestaan"), "{err}");

    // Changing the unit of a KPI with observations is refused, naming KPI, field and reason;
    // the other KPI in the same file is not stored either.
    let store = Store::open(common::target(&db)).unwrap();
    let (defs, log) = (store.kpi_definities().unwrap(), store.audit_log().unwrap());
    drop(store);
    let eenheid = file(
        "eenheid.toml",
        &format!(
            "{}{}",
            ROKEN
                .replace("iets", "x")
                .replace("rokers_jongeren", "nog_een"),
            ROKEN.replace("unit = \"%\"", "unit = \"per 1000\"")
        ),
    );
    let err = failed(gemeten(&db, &["kpi", "define", &eenheid]));
    assert!(
        err.contains("KPI 'rokers_jongeren', veld `unit`") && err.contains("waarneming"),
        "{err}"
    );
    let store = Store::open(common::target(&db)).unwrap();
    assert_eq!(
        store.kpi_definities().unwrap(),
        defs,
        "nothing half-written"
    );
    let after = store.audit_log().unwrap();
    assert_eq!(after.len(), log.len(), "a refused change records nothing");
    // 2019 both sexes, 2023 boys (replaced by the StatLine table) and 2023 girls.
    assert_eq!(
        store.observations(Some("rokers_jongeren")).unwrap().len(),
        3
    );
    let refused = log
        .iter()
        .find(|e| e.by == "lezer")
        .expect("the reader's attempt is recorded");
    assert_eq!(refused.action, "geweigerd: KPI-definities vastgelegd");
    let defined = log
        .iter()
        .find(|e| e.action == "KPI-definities vastgelegd")
        .expect("the definition is recorded");
    assert_eq!(defined.by, "admin");
    assert_eq!(
        defined.after.as_ref().unwrap()["rokers_jongeren"]["unit"],
        "%"
    );
}
