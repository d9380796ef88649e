//! `gemeten rounds` and `gemeten round …` as a user runs them: the seeded rounds of 002 with
//! their illustrative ballots, results by every method, voting, refusals and stored results.

mod common;

use std::path::Path;
use std::process::Output;

use common::{gemeten, ok};

use serde_json::Value;

use gemeten_app::Herspelen;
use gemeten_domain::MissieCode;
use gemeten_prioritering::{Deelnemer, Ronde, RondeCriterium, RondeParts, Schaal, StemSoort};
use gemeten_store::{RondeStore, Store};

fn json(out: Output) -> Value {
    serde_json::from_str(&ok(out)).expect("valid JSON")
}

/// A refusal: exit code 1, one line on stderr, no panic.
fn refused(out: Output) -> String {
    assert_eq!(out.status.code(), Some(1), "must exit with 1");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    stderr
}

fn fresh() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["init"]));
    (dir, db)
}

fn ids(v: &Value) -> Vec<String> {
    let mut ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_fresh_database_holds_the_rounds_of_002_flagged_illustrative() {
    let (_dir, db) = fresh();
    let text = ok(gemeten(&db, &["rounds"]));
    for id in ["002-II", "002-III", "002-III-arbeid"] {
        assert!(text.contains(id), "{id} missing: {text}");
    }
    assert!(text.contains("[ILLUSTRATIEF]"), "{text}");
    let list = json(gemeten(&db, &["rounds", "--json"]));
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let ballots: Vec<u64> = rows
        .iter()
        .map(|r| r["ballots"].as_u64().unwrap())
        .collect();
    assert_eq!(ballots, [16, 16, 9]);
    assert!(rows.iter().all(|r| r["illustratief"] == true));
    assert!(rows.iter().all(|r| r["participants"] == 16));
}

#[test]
fn a_round_shows_every_method_with_agreement_and_the_published_selection() {
    let (_dir, db) = fresh();
    let v = json(gemeten(&db, &["round", "002-II", "--json"]));
    assert_eq!(v["ronde"]["id"], "002-II");
    assert_eq!(v["ronde"]["attendance"]["on_site"], 14);
    assert_eq!(v["ballots"]["counted"], 16);
    assert_eq!(v["illustratief"], true);
    assert_eq!(v["unknown_in_register"], serde_json::json!([]));
    let results = v["results"].as_array().unwrap();
    let methods: Vec<&str> = results
        .iter()
        .map(|r| r["methode"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["approval", "borda", "mean", "median"]);
    let selected = ids(&v["ronde"]["selected"]);
    for r in results {
        assert_eq!(r["illustratief"], true, "{}", r["methode"]);
        assert!(r["fingerprint"].as_str().unwrap().starts_with("fnv1a64:"));
        if r["not_applicable"].is_string() {
            assert_eq!(r["methode"], "mean");
            continue;
        }
        assert_eq!(ids(&r["winners"]), selected, "{}", r["methode"]);
        assert_eq!(r["matches_published_selection"], true);
    }
    let approval = &results[0];
    assert_eq!(approval["ranking"][0]["kandidaat"], "cva-portaal");
    assert_eq!(approval["ranking"][0]["score"], 14.0);
    assert_eq!(approval["agreement"]["winner_support"][0]["share"], 0.875);

    let nl = ok(gemeten(&db, &["round", "002-II"]));
    assert!(
        nl.contains("Uitslag — Borda-telling [ILLUSTRATIEF]"),
        "{nl}"
    );
    assert!(
        nl.contains("Gelijk aan de gepubliceerde selectie: ja"),
        "{nl}"
    );
    assert!(
        nl.contains("Deelnemers: 16 (14 op locatie, 2 online)"),
        "{nl}"
    );
    assert!(nl.contains("niet van toepassing"), "{nl}");
    let en = ok(gemeten(&db, &["--lang", "en", "round", "002-II"]));
    assert!(
        en.contains("Result — Approval count [ILLUSTRATIVE]"),
        "{en}"
    );
    assert!(en.contains("Same as the published selection: yes"), "{en}");
}

#[test]
fn refused_ballots_exit_1_with_participant_field_and_reason() {
    let (_dir, db) = fresh();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--participant", "eve", "--top", "cva-portaal"],
            "'eve', field `participant`: 'eve' is not a participant of this round",
        ),
        (
            &["--participant", "pharos", "--top", "baas"],
            "'pharos', field `top`: 'baas' is not a candidate of this round",
        ),
        (
            &[
                "--participant",
                "pharos",
                "--top",
                "cva-portaal,cva-portaal",
            ],
            "'pharos', field `top`: 'cva-portaal' is named more than once",
        ),
        (
            &[
                "--participant",
                "pharos",
                "--rank",
                "cva-portaal,peri-operatief,monitoring-fotonische-detectie",
            ],
            "'pharos', field `rank`: this round takes top-3 ballots, not `rank`",
        ),
        (
            &["--participant", "pharos", "--top", "met spatie"],
            "'pharos', field `top`: id 'met spatie' contains ' '",
        ),
    ];
    for (args, expected) in cases {
        // In English, as `--lang en` asks (the Dutch reasons are tested by the app).
        let mut all = vec!["--lang", "en", "round", "002-II", "vote"];
        all.extend_from_slice(args);
        let stderr = refused(gemeten(&db, &all));
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(stderr.contains(expected), "{expected}\n  got: {stderr}");
    }
    // More than N: the e-mail round takes one.
    let stderr = refused(gemeten(
        &db,
        &[
            "--lang",
            "en",
            "round",
            "002-III-arbeid",
            "vote",
            "--participant",
            "nivel",
            "--top",
            "baas,baas",
        ],
    ));
    assert!(
        stderr.starts_with("error: 'nivel', field `top`:"),
        "{stderr}"
    );
    let stderr = refused(gemeten(
        &db,
        &["round", "nope", "vote", "--participant", "p", "--top", "x"],
    ));
    assert!(stderr.contains("ronde 'nope' bestaat niet"), "{stderr}");
    // Nothing was stored by any refusal.
    let v = json(gemeten(&db, &["round", "002-II", "--json"]));
    assert_eq!(v["ballots"]["counted"], 16);
    assert_eq!(v["ballots"]["replaced"], 0);
}

#[test]
fn voting_and_replacing_keeps_the_history_and_counts_the_latest() {
    let (_dir, db) = fresh();
    // A participant of the e-mail round who had not answered yet.
    let out = ok(gemeten(
        &db,
        &[
            "round",
            "002-III-arbeid",
            "vote",
            "--participant",
            "nivel",
            "--top",
            "baas",
        ],
    ));
    assert!(out.contains("stembiljet opgeslagen"), "{out}");
    // Replacing an (illustrative) ballot with a real one, entered on pharos' behalf: a second
    // ballot replaces the first by itself, as on the web.
    let v = json(gemeten(
        &db,
        &[
            "--json",
            "round",
            "002-II",
            "vote",
            "--participant",
            "pharos",
            "--top",
            "monitoring-fotonische-detectie",
        ],
    ));
    assert_eq!(v["seq"], 17);
    assert_eq!(v["replaces"], true);
    let r = json(gemeten(&db, &["round", "002-II", "--json"]));
    assert_eq!(r["ballots"]["counted"], 16);
    assert_eq!(r["ballots"]["replaced"], 1);
    let history = r["ballots"]["history"].as_array().unwrap();
    assert_eq!(history.len(), 17);
    let pharos: Vec<&Value> = history
        .iter()
        .filter(|h| h["biljet"]["deelnemer"] == "pharos")
        .collect();
    assert_eq!(pharos.len(), 2);
    assert_eq!(pharos[0]["replaced"], true);
    assert_eq!(pharos[1]["replaced"], false);
    assert_eq!(pharos[1]["biljet"]["illustratief"], false);
    // Still computed partly from illustrative ballots: still flagged.
    let approval = &r["results"][0];
    assert_eq!(approval["illustratief"], true);
    assert_eq!(approval["replaced"], 1);
    // Pharos named CVA portaal and Peri-operatief before; now only fotonische detectie.
    assert_eq!(approval["ranking"][0]["score"], 13.0);
    // `init --reset` restores the reference rounds.
    ok(gemeten(&db, &["init", "--reset"]));
    let r = json(gemeten(&db, &["round", "002-II", "--json"]));
    assert_eq!(r["ballots"]["replaced"], 0);
}

#[test]
fn results_are_stored_once_per_outcome_with_their_fingerprint() {
    let (_dir, db) = fresh();
    let first = json(gemeten(
        &db,
        &["round", "002-III", "result", "--method", "borda", "--json"],
    ));
    assert_eq!(first["stored"], true);
    assert_eq!(first["methode"], "borda");
    assert_eq!(first["illustratief"], true);
    let again = json(gemeten(
        &db,
        &["round", "002-III", "result", "--method", "borda", "--json"],
    ));
    assert_eq!(again["stored"], false);
    assert_eq!(again["fingerprint"], first["fingerprint"]);
    let all = json(gemeten(&db, &["round", "002-III", "result", "--json"]));
    let stored: Vec<bool> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["stored"].as_bool().unwrap())
        .collect();
    // approval new, borda already stored, mean not applicable, median new.
    assert_eq!(stored, [true, false, false, true]);
    let store = Store::open(common::target(&db)).unwrap();
    let results = store.results(&"002-III".parse().unwrap()).unwrap();
    assert_eq!(results.len(), 3);
    let bus = store
        .load_round(&"002-III".parse().unwrap())
        .unwrap()
        .unwrap();
    for r in &results {
        assert_eq!(gemeten_prioritering::verify(&bus, &r.uitslag), Ok(()));
    }
    let text = ok(gemeten(
        &db,
        &["round", "002-III", "result", "--method", "median"],
    ));
    assert!(text.contains("Vingerafdruk: fnv1a64:"), "{text}");
    assert!(text.contains("[ILLUSTRATIEF]"), "{text}");
}

/// A rating round stored directly (the CLI has no command to define rounds).
fn rating_round(db: &Path) {
    let id = |s: &str| s.parse().unwrap();
    let ronde = Ronde::new(RondeParts {
        id: id("test-scores"),
        missie: MissieCode::III,
        title_nl: "Scores".parse().unwrap(),
        title_en: None,
        kind: StemSoort::Scores {
            scale: Schaal { min: 1, max: 5 },
        },
        criteria: vec![
            RondeCriterium {
                id: id("III-1"),
                weight: Some(2.0),
            },
            RondeCriterium {
                id: id("III-2"),
                weight: Some(1.0),
            },
        ],
        deelnemers: ["ann", "bob"]
            .iter()
            .map(|p| Deelnemer {
                id: id(p),
                name: p.parse().unwrap(),
                organisatie: None,
                source: None,
            })
            .collect(),
        kandidaten: vec![id("cue2walk"), id("baas")],
        seats: None,
        selected: vec![],
        attendance: None,
        source: None,
        attendance_source: None,
        kind_source: None,
        criteria_source: None,
        deelnemers_source: None,
        kandidaten_source: None,
        selected_source: None,
    })
    .unwrap();
    let mut store = Store::open(common::target(db)).unwrap();
    store.save_round(&ronde, false).unwrap();
}

#[test]
fn ratings_on_the_command_line() {
    let (_dir, db) = fresh();
    rating_round(&db);
    let vote = |p: &str, rate: &str| {
        gemeten(
            &db,
            &[
                "round",
                "test-scores",
                "vote",
                "--participant",
                p,
                "--rate",
                rate,
            ],
        )
    };
    let stderr = refused(vote(
        "ann",
        "cue2walk:III-1=6,cue2walk:III-2=3,baas:III-1=3,baas:III-2=3",
    ));
    assert!(
        stderr.contains(
            "'ann', veld `rate`: score 6 voor 'cue2walk' op 'III-1' ligt buiten de schaal 1-5"
        ),
        "{stderr}"
    );
    let stderr = refused(vote("ann", "cue2walk:III-1=4"));
    assert!(
        stderr.contains("geen score voor 'cue2walk' op 'III-2'"),
        "{stderr}"
    );
    let stderr = refused(vote("ann", "cue2walk=4"));
    assert!(
        stderr.contains("heeft niet de vorm kandidaat:criterium=score"),
        "{stderr}"
    );
    // ann: cue2walk (2·5+2)/3 = 4, baas (2·3+3)/3 = 3; bob: cue2walk (2·4+1)/3 = 3, baas 5.
    ok(vote(
        "ann",
        "cue2walk:III-1=5,cue2walk:III-2=2,baas:III-1=3,baas:III-2=3",
    ));
    ok(vote(
        "bob",
        "cue2walk:III-1=4,cue2walk:III-2=1,baas:III-1=5,baas:III-2=5",
    ));
    let mean = json(gemeten(
        &db,
        &[
            "round",
            "test-scores",
            "result",
            "--method",
            "mean",
            "--json",
        ],
    ));
    // baas (3+5)/2 = 4 before cue2walk (4+3)/2 = 3.5.
    assert_eq!(mean["ranking"][0]["kandidaat"], "baas");
    assert_eq!(mean["ranking"][0]["score"], 4.0);
    assert_eq!(mean["ranking"][1]["score"], 3.5);
    assert_eq!(mean["illustratief"], false);
    // Two ballots that disagree on the order: W = 0.
    assert_eq!(mean["agreement"]["kendall_w"]["w"], 0.0);
    let text = ok(gemeten(&db, &["round", "test-scores"]));
    assert!(!text.contains("ILLUSTRATIEF"), "{text}");
    assert!(text.contains("Kendall's W = 0 (m = 2, n = 2)"), "{text}");
}
