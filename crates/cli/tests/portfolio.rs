//! The portfolio as a user drives it: import a funder's list, read the synthesis of a
//! mission, change a project and see the change logged, and the financing routes.

mod common;

use std::path::Path;

use common::{gemeten, gemeten_as, ok};

use serde_json::Value;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/voorbeeld/projecten.csv"
);

fn json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = gemeten(db, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn import_synthesis_change_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let r = json(&db, &["projects", "import", SAMPLE]);
    assert_eq!(r["added"], 12);

    let s = json(&db, &["synthesis", "II", "--trl", "7"]);
    let items = s["items"].as_array().unwrap();
    // 3 innovations of 002 for mission II, 7 sample projects that serve mission II.
    assert_eq!(items.len(), 10);
    assert_eq!(s["by_trl"][8], 1);
    assert_eq!(
        s["by_trl"][0], 3,
        "the 002 innovations have no TRL in the source"
    );
    assert_eq!(s["arrivals"]["2029"].as_array().unwrap().len(), 2);
    // Projects at TRL 7 and 8 serve these questions; others remain gaps.
    let gaps: Vec<&str> = s["question_gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["vraag"]["id"].as_str().unwrap())
        .collect();
    assert!(
        !gaps.contains(&"000-II-s01"),
        "served at TRL 7 by vb-regioplan-twente"
    );
    assert!(
        !gaps.contains(&"001-II-04"),
        "served at TRL 8 by the medication robot"
    );
    assert!(gaps.contains(&"000-II-t01"), "only served at TRL 6");
    // A target is a gap unless a project that links it is at or beyond the threshold.
    let target_gaps: Vec<(&str, u64)> = s["target_gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["doel"]["id"].as_str().unwrap(),
                g["projects_below"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        target_gaps,
        [
            ("II-een-op-zes", 0),
            ("II-hybride-zorg-beschikbaar", 0),
            ("II-hybride-zorg-gebruik", 1),
        ],
        "II-zorg-in-leefomgeving and II-administratiedruk are linked at TRL 7 and 8"
    );

    // At threshold 9 nothing of mission II qualifies: every target becomes a gap.
    let s9 = json(&db, &["synthesis", "II", "--trl", "9"]);
    let targets = json(&db, &["mission", "II"])["doelen"]
        .as_array()
        .unwrap()
        .len();
    assert!(targets >= 1);
    assert_eq!(s9["target_gaps"].as_array().unwrap().len(), targets);

    // A mission team member of mission II changes the project, as herself.
    ok(gemeten(
        &db,
        &[
            "user",
            "add",
            "anna",
            "--role",
            "missieteam",
            "--mission",
            "II",
            "--password",
            "anna-wachtwoord",
        ],
    ));
    let c: serde_json::Value = serde_json::from_str(&ok(gemeten_as(
        &db,
        "anna",
        "anna-wachtwoord",
        &[
            "--json",
            "projects",
            "set",
            "vb-valdetectie-thuis",
            "--trl",
            "7",
        ],
    )))
    .unwrap();
    assert_eq!(c["changed"], serde_json::json!(["trl"]));
    let shown = json(&db, &["projects", "show", "vb-valdetectie-thuis"]);
    assert_eq!(shown["project"]["trl"], 7);
    let last = shown["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["field"].as_str(),
            last["by"].as_str(),
            last["before"].as_str(),
            last["after"].as_str()
        ),
        (Some("trl"), Some("anna"), Some("5"), Some("7"))
    );
    let s = json(&db, &["synthesis", "II", "--trl", "7"]);
    let gaps = s["question_gaps"].to_string();
    assert!(!gaps.contains("000-II-t02"), "now served at TRL 7");

    // She links the project (mission II, now TRL 7) to a target: the gap closes and the
    // target's chain lists it. Another mission's target is refused, naming the place.
    let refused = gemeten_as(
        &db,
        "anna",
        "anna-wachtwoord",
        &[
            "projects",
            "set",
            "vb-valdetectie-thuis",
            "--doel",
            "II-een-op-zes",
            "--doel",
            "III-meedoen",
        ],
    );
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("doelen[1]"), "{err}");
    assert!(err.contains("hoort bij missie III"), "{err}");
    let c: serde_json::Value = serde_json::from_str(&ok(gemeten_as(
        &db,
        "anna",
        "anna-wachtwoord",
        &[
            "--json",
            "projects",
            "set",
            "vb-valdetectie-thuis",
            "--doel",
            "II-een-op-zes",
        ],
    )))
    .unwrap();
    assert_eq!(c["changed"], serde_json::json!(["doelen"]));
    let s = json(&db, &["synthesis", "II", "--trl", "7"]);
    assert!(!s["target_gaps"].to_string().contains("II-een-op-zes"));
    let chain = json(&db, &["chain", "II-een-op-zes"]);
    assert_eq!(chain["doel"]["id"], "II-een-op-zes");
    assert_eq!(chain["projecten"][0]["id"], "vb-valdetectie-thuis");
    assert_eq!(chain["projecten"][0]["voorbeeld"], true);
    assert_eq!(chain["voortgang"]["doel"], "II-een-op-zes");
    let text = ok(gemeten(&db, &["chain", "II-zorg-in-leefomgeving"]));
    assert!(text.contains("vb-regioplan-twente"), "{text}");
    assert!(text.contains("iza-transformatieplannen"), "{text}");
    let unknown = gemeten(&db, &["chain", "II-bestaat-niet"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("II-bestaat-niet"));
}

#[test]
fn refused_imports_change_nothing_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    json(&db, &["projects", "import", SAMPLE]);
    let again = gemeten(&db, &["projects", "import", SAMPLE]);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("12 project(en) bestaan al"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "id,title,funder,status,trl\nnieuw,Een,NWO,lopend,4\nfout,Twee,NWO,lopend,0\n",
    )
    .unwrap();
    let out = gemeten(&db, &["projects", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    // Dutch by default, the place too; English with `--lang en`.
    assert!(
        err.contains(
            "bad.csv, regel 3, project #2 'fout', veld `trl`: TRL 0 ligt niet tussen 1 en 9"
        ),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let out = gemeten(
        &db,
        &["--lang", "en", "projects", "import", bad.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv, line 3, project #2 'fout', field `trl`: TRL 0 is outside 1-9"),
        "{err}"
    );
    assert!(err.starts_with("error: "), "{err}");
    let list = json(&db, &["projects", "list"]);
    assert_eq!(
        list.as_array().unwrap().len(),
        12,
        "the good row was not stored either"
    );

    let out = gemeten(&db, &["projects", "set", "bestaat-niet", "--trl", "3"]);
    assert_eq!(out.status.code(), Some(1));
    let out = gemeten(
        &db,
        &["projects", "set", "vb-valdetectie-thuis", "--trl", "12"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("TRL 12 ligt niet tussen 1 en 9"));
    let p = json(&db, &["projects", "show", "vb-valdetectie-thuis"]);
    assert_eq!(
        p["project"]["trl"], 5,
        "the refused change left the project as it was"
    );
    assert_eq!(
        p["history"].as_array().unwrap().len(),
        1,
        "and wrote no history: {p}"
    );
}

#[test]
fn every_innovation_of_002_has_a_route() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let routes = json(&db, &["route"]);
    let routes = routes.as_array().unwrap();
    let export: Value = json(&db, &["export"]);
    let innovations = export["innovatie"].as_array().unwrap();
    assert_eq!(routes.len(), innovations.len());
    for r in routes {
        let missions = r["item"]["missies"].as_array().unwrap();
        let steps = r["now"]
            .as_array()
            .unwrap()
            .iter()
            .chain(r["next"].as_array().unwrap());
        let mut n = 0;
        for s in steps {
            n += 1;
            let served = s["instrument"]["missies"].as_array().unwrap();
            assert!(served.iter().any(|m| missions.contains(m)), "{s}");
        }
        assert!(n > 0, "no instrument at all for {}", r["item"]["id"]);
    }
    let text = gemeten(&db, &["route", "cva-portaal"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Financieringsroute — CVA portaal"), "{text}");
}

#[test]
fn an_empty_portfolio_says_how_to_fill_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let out = gemeten(&db, &["projects", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("gemeten projects import"), "{text}");
}

#[test]
fn search_suggestions_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    json(&db, &["projects", "import", SAMPLE]);
    // The import writes the store only; the first search builds the index beside it.
    assert!(
        !common::index_dir(&db).exists(),
        "no index built by the import"
    );
    let hits = json(&db, &["projects", "search", "mantelzorgers"]);
    assert!(common::index_dir(&db).is_dir(), "index beside the database");
    let ids: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{hits}");
    assert!(ids.contains(&"vb-valdetectie-thuis") && ids.contains(&"vb-dementie-thuis"));

    // A change is searchable at once.
    json(
        &db,
        &["projects", "set", "vb-amr-sneltest", "--status", "afgerond"],
    );
    let s = json(&db, &["projects", "suggest", "vb-exoskelet-werk"]);
    assert_eq!(s[0]["missies"][0]["missie"], "III", "{s}");

    // The same project registered with a second funder is found as a duplicate.
    let copy = dir.path().join("kopie.csv");
    std::fs::write(
        &copy,
        "id,title,summary,funder,status\n\
         hh-exo,Exoskelet voor werknemers met rugklachten,\
         Een licht exoskelet ondersteunt tillen en bukken zodat werknemers met rugklachten aan het werk blijven.,\
         Health~Holland,lopend\n",
    )
    .unwrap();
    json(&db, &["projects", "import", copy.to_str().unwrap()]);
    let d = json(&db, &["projects", "duplicates"]);
    assert_eq!(d.as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d[0]["a"], "hh-exo");
    assert_eq!(d[0]["b"], "vb-exoskelet-werk");
    // The unlabelled copy gets suggestions; labelled projects are left alone.
    let s = json(&db, &["projects", "suggest"]);
    assert_eq!(
        s.as_array().unwrap().len(),
        1 + 3,
        "hh-exo and the three sample projects without KIA questions: {s}"
    );
}

fn search_ids(db: &Path, query: &str) -> Vec<String> {
    json(db, &["projects", "search", query])
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Imports one project, `nw-zeehond` ("Zeehondenzorg op afstand"), into `db`.
fn import_zeehond(db: &Path) {
    let more = db.with_file_name("meer.csv");
    std::fs::write(
        &more,
        "id,title,summary,funder,status\n\
         nw-zeehond,Zeehondenzorg op afstand,Een proef met telezorg voor zeehondencrèches.,ZonMw,lopend\n",
    )
    .unwrap();
    json(db, &["projects", "import", more.to_str().unwrap()]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A `kill -9` after the store's commit of `projects import` and before the index's left the
/// index without the new projects for good (search found none of them until the index
/// folder was deleted by hand). The index records the store's version it reflects; a search
/// that finds it behind rebuilds it. Simulated exactly: the index folder as it was before
/// the second import is put back after it.
#[test]
fn a_search_index_that_lags_the_store_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    json(&db, &["projects", "import", SAMPLE]);
    assert_eq!(search_ids(&db, "exoskelet"), ["vb-exoskelet-werk"]);
    let index = common::index_dir(&db);
    let saved = dir.path().join("index-voor");
    copy_dir(&index, &saved);

    import_zeehond(&db);
    std::fs::remove_dir_all(&index).unwrap();
    copy_dir(&saved, &index);
    assert_eq!(search_ids(&db, "zeehondenzorg"), ["nw-zeehond"]);

    // A change through another road than this command line (the web, another process) is
    // found too, and an index that was current stays current after `projects set`.
    let mut store = gemeten_store::Store::open(common::target(&db)).unwrap();
    let id = "nw-zeehond".parse().unwrap();
    let mut project = gemeten_store::ProjectStore::project(&store, &id)
        .unwrap()
        .unwrap();
    project.title = "Robotzeehond".parse().unwrap();
    gemeten_store::ProjectStore::update_project(&mut store, &project, "admin").unwrap();
    drop(store);
    assert_eq!(search_ids(&db, "robotzeehond"), ["nw-zeehond"]);
    json(
        &db,
        &[
            "projects",
            "set",
            "vb-exoskelet-werk",
            "--status",
            "afgerond",
        ],
    );
    assert_eq!(search_ids(&db, "robotzeehond"), ["nw-zeehond"]);
}

/// A database deleted and made anew at the same path can reach the same project version
/// with other projects; the index left beside it is another database's and is rebuilt, not
/// taken for current. Simulated by putting one database's index beside another's at the
/// same version.
#[test]
fn the_search_index_of_another_database_is_not_taken_for_current() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (db_a, db_b) = (a.path().join("g.sqlite"), b.path().join("g.sqlite"));
    json(&db_a, &["projects", "import", SAMPLE]);
    assert_eq!(search_ids(&db_a, "exoskelet"), ["vb-exoskelet-werk"]);
    import_zeehond(&db_b);
    let versie = |db: &Path| {
        let store = gemeten_store::Store::open(common::target(db)).unwrap();
        store.versies().unwrap().project
    };
    assert_eq!(versie(&db_a), versie(&db_b));

    let index_b = common::index_dir(&db_b);
    let _ = std::fs::remove_dir_all(&index_b);
    copy_dir(&common::index_dir(&db_a), &index_b);
    assert_eq!(search_ids(&db_b, "zeehondenzorg"), ["nw-zeehond"]);
    assert!(search_ids(&db_b, "exoskelet").is_empty());
}

/// A backup of the database file restored at the same path carries the database's identity
/// along. Once it has gone on by itself to the version the index beside it reflects (of the
/// timeline the backup was taken from), the index is not taken for current but rebuilt: a
/// search finds the restored database's projects, not the other timeline's.
#[test]
fn a_restored_backup_that_reached_the_indexs_version_by_itself_rebuilds_it() {
    if common::on_postgres() {
        // A backup here is a copy of the file; PostgreSQL's copies (databases made from a
        // template) are the store's and the web's tests.
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let backup = dir.path().join("g.sqlite.backup");
    json(&db, &["projects", "import", SAMPLE]);
    assert_eq!(search_ids(&db, "exoskelet"), ["vb-exoskelet-werk"]);
    assert!(!Path::new(&format!("{}-wal", db.display())).exists());
    std::fs::copy(&db, &backup).unwrap();

    let retitle = |id: &str, title: &str| {
        let mut store = gemeten_store::Store::open(common::target(&db)).unwrap();
        let id = id.parse().unwrap();
        let mut project = gemeten_store::ProjectStore::project(&store, &id)
            .unwrap()
            .unwrap();
        project.title = title.parse().unwrap();
        gemeten_store::ProjectStore::update_project(&mut store, &project, "admin").unwrap();
        store.versies().unwrap().project
    };
    let na = retitle("vb-thuismonitor-hartfalen", "Robotzeehond");
    assert_eq!(
        search_ids(&db, "robotzeehond"),
        ["vb-thuismonitor-hartfalen"]
    );

    // The backup back in place, and another change of its own.
    std::fs::copy(&backup, &db).unwrap();
    let eigen = retitle("vb-valdetectie-thuis", "Een slimme vloer die vallen ziet");
    assert_eq!(eigen, na, "the same version, other projects");
    assert!(search_ids(&db, "robotzeehond").is_empty());
    assert_eq!(search_ids(&db, "vloer"), ["vb-valdetectie-thuis"]);
}

/// Terminal escape codes in an imported title were stored and printed raw by `projects list`
/// and `show` (they can clear or rewrite the screen). Stored text refuses control
/// characters, naming the record and field.
#[test]
fn control_characters_in_an_imported_title_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let file = dir.path().join("escape.csv");
    std::fs::write(
        &file,
        "id,title,summary,funder,status\n\
         esc-1,Titel\u{1b}[2J\u{1b}[31mROOD,Samenvatting,ZonMw,lopend\n",
    )
    .unwrap();
    let err = common::failed(gemeten(
        &db,
        &["projects", "import", file.to_str().unwrap()],
    ));
    assert!(
        err.contains("escape.csv") && err.contains("title") && err.contains("stuurteken"),
        "{err}"
    );
    assert!(
        !err.contains('\u{1b}'),
        "the refusal itself does not print it raw: {err:?}"
    );
    let list = ok(gemeten(&db, &["projects", "list"]));
    assert!(!list.contains("esc-1"));
}

/// A list longer than one part of the streamed import (5 000 projects), with `n` good rows
/// and `bad` appended after them.
fn long_list(n: usize, bad: &str) -> String {
    let mut s = String::from("id,title,summary,funder,status,missies,trl\n");
    for i in 0..n {
        s.push_str(&format!(
            "lang-{i:05},Valdetectie {i},Sensoren in huis,ZonMw,lopend,II,5\n"
        ));
    }
    s.push_str(bad);
    s
}

#[test]
fn a_bad_row_after_the_first_parts_leaves_nothing_written_and_names_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let file = dir.path().join("lang.csv");
    // Line 12 002: the header, 12 000 good rows, then a TRL of 12.
    std::fs::write(
        &file,
        long_list(12_000, "lang-x,Te hoog,Tekst,ZonMw,lopend,II,12\n"),
    )
    .unwrap();
    let err = common::failed(gemeten(
        &db,
        &["projects", "import", file.to_str().unwrap()],
    ));
    assert!(
        err.contains("lang.csv") && err.contains("12002") && err.contains("trl"),
        "{err}"
    );
    let list = json(&db, &["projects", "list"]);
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(0),
        "nothing written: {list}"
    );

    // The same list without the bad row goes in whole; again without --replace it is
    // refused for its known ids (met in the first part) and changes nothing.
    std::fs::write(&file, long_list(12_000, "")).unwrap();
    let done = json(&db, &["projects", "import", file.to_str().unwrap()]);
    assert_eq!(done["added"], 12_000, "{done}");
    std::fs::write(
        &file,
        long_list(
            0,
            "nieuw-1,Nieuw,Tekst,ZonMw,lopend,II,5\nlang-00001,Bekend,Tekst,ZonMw,lopend,II,5\n",
        ),
    )
    .unwrap();
    let err = common::failed(gemeten(
        &db,
        &["projects", "import", file.to_str().unwrap()],
    ));
    assert!(err.contains("lang-00001"), "{err}");
    let list = json(&db, &["projects", "list"]);
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(12_000),
        "{}",
        list.as_array().map(Vec::len).unwrap_or_default()
    );
}
