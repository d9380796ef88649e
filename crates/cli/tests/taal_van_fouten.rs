//! Refusals in the language the user chose: each case fails a command once with `--lang nl`
//! and once with `--lang en`, and checks the words of that language are there and the other
//! language's are not. The refusals come from several crates (the indicator engine, the
//! sources crate, the CLI itself, the operating system) and reach the user through one
//! report.

mod common;

use std::path::Path;

use common::{failed, gemeten};

/// Runs `args` in both languages and returns (Dutch, English) standard error.
fn beide(db: &Path, args: &[&str]) -> (String, String) {
    let run = |lang: &str| {
        let mut all = vec!["--lang", lang];
        all.extend_from_slice(args);
        failed(gemeten(db, &all))
    };
    (run("nl"), run("en"))
}

fn heeft(text: &str, words: &[&str], geen: &[&str]) {
    for w in words {
        assert!(text.contains(w), "'{w}' missing from:\n{text}");
    }
    for w in geen {
        assert!(!text.contains(w), "'{w}' must not be in:\n{text}");
    }
}

#[test]
fn a_refused_observation_file_speaks_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let file = dir.path().join("w.csv");
    std::fs::write(
        &file,
        "kpi,period,region,sex,value\n\
         geen_kpi,2020,NL01,,1\n\
         levensverwachting,2020,NL01,x,80\n\
         levensverwachting,2021,NL01,,tachtig\n",
    )
    .unwrap();
    let (nl, en) = beide(&db, &["kpi", "import", file.to_str().unwrap()]);
    heeft(
        &nl,
        &[
            "onbekende KPI 'geen_kpi'",
            "geen geslacht",
            "geen getal",
            "regel 3",
        ],
        &["unknown KPI", "not a number", "line 3"],
    );
    heeft(
        &en,
        &[
            "unknown KPI 'geen_kpi'",
            "is no sex",
            "is not a number",
            "line 3",
        ],
        &["onbekende", "geen getal", "regel 3", "geslacht"],
    );
}

#[test]
fn a_file_that_is_not_there_is_said_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let missing = dir.path().join("er-niet.json");
    let (nl, en) = beide(&db, &["import", missing.to_str().unwrap()]);
    heeft(&nl, &["er-niet.json", "bestaat niet"], &["No such file"]);
    heeft(
        &en,
        &["er-niet.json", "no such file or directory"],
        &["bestaat niet"],
    );
}

#[test]
fn a_life_table_with_a_negative_count_is_refused_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let file = dir.path().join("t.csv");
    std::fs::write(
        &file,
        "age,deaths,population,good_health\n0,-1,1000,0.9\n1-4,1,1000,0.9\n5+,50,1000,0.5\n",
    )
    .unwrap();
    let (nl, en) = beide(&db, &["hle", file.to_str().unwrap()]);
    heeft(&nl, &["-1 is negatief", "kolom 'deaths'"], &["negative"]);
    heeft(
        &en,
        &["-1 is negative", "column 'deaths'"],
        &["negatief", "kolom"],
    );
}

#[test]
fn the_cli_s_own_refusals_speak_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let (nl, en) = beide(&db, &["projects", "set", "bestaat-niet", "--trl", "5"]);
    heeft(
        &nl,
        &["project 'bestaat-niet' bestaat niet"],
        &["does not exist"],
    );
    heeft(
        &en,
        &["project 'bestaat-niet' does not exist"],
        &["bestaat niet"],
    );

    let (nl, en) = beide(
        &db,
        &[
            "kpi",
            "fetch",
            "cbs",
            "00000xxx",
            "--url",
            "http://127.0.0.1:9",
        ],
    );
    heeft(&nl, &["--mapping", "geen koppeling"], &["no mapping"]);
    heeft(&en, &["--mapping", "no mapping"], &["geen koppeling"]);

    // With a mapping, the table id itself is checked before anything is fetched.
    let mapping = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/koppelingen/cbs_71950ned_typeddataset.toml"
    );
    let (nl, en) = beide(
        &db,
        &[
            "kpi",
            "fetch",
            "cbs",
            "71950ned!",
            "--mapping",
            mapping,
            "--url",
            "http://127.0.0.1:9",
        ],
    );
    heeft(&nl, &["letters en cijfers"], &["letters and digits"]);
    heeft(&en, &["letters and digits"], &["letters en cijfers"]);
}

#[test]
fn a_broken_mapping_is_refused_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let data = dir.path().join("d.csv");
    std::fs::write(&data, "Perioden;Waarde\n2020;1\n").unwrap();
    let mapping = dir.path().join("k.toml");
    std::fs::write(&mapping, "bron = \"\"\n").unwrap();
    let (nl, en) = beide(
        &db,
        &[
            "kpi",
            "import",
            data.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    );
    heeft(&nl, &["koppeling"], &["mapping k.toml", "missing field"]);
    heeft(&en, &["mapping"], &["koppeling ", "ontbreekt"]);
}
