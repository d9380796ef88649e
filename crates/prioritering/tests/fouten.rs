//! Every kind of bad input is refused with a typed error that names the ballot (participant)
//! or round, the field and the reason; a refused ballot leaves the ballot box unchanged.

use gemeten_domain::{Id, MissieCode};
use gemeten_prioritering::{
    lees_rondes, Aanwezigheid, BiljetFout, BiljetReden, Deelnemer, Keuze, Ronde, RondeCriterium,
    RondeParts, Schaal, Score, StemSoort, Stembiljet, Stembus,
};

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

fn ids(v: &[&str]) -> Vec<Id> {
    v.iter().map(|s| id(s)).collect()
}

fn parts(kind: StemSoort) -> RondeParts {
    RondeParts {
        id: id("r"),
        missie: MissieCode::III,
        title_nl: "Ronde".parse().unwrap(),
        title_en: None,
        kind,
        criteria: vec![
            RondeCriterium {
                id: id("c1"),
                weight: None,
            },
            RondeCriterium {
                id: id("c2"),
                weight: None,
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
        kandidaten: ids(&["x", "y", "z"]),
        seats: None,
        selected: Vec::new(),
        attendance: None,
        source: None,
        attendance_source: None,
        kind_source: None,
        criteria_source: None,
        deelnemers_source: None,
        kandidaten_source: None,
        selected_source: None,
    }
}

fn bus(kind: StemSoort) -> Stembus {
    Stembus::new(Ronde::new(parts(kind)).unwrap())
}

const TOP2: StemSoort = StemSoort::TopN {
    n: 2,
    ordered: false,
};
const RATE: StemSoort = StemSoort::Scores {
    scale: Schaal { min: 1, max: 5 },
};

fn ballot(p: &str, keuze: Keuze) -> Stembiljet {
    Stembiljet {
        deelnemer: id(p),
        keuze,
        replaces: false,
        illustratief: false,
        cast_at: None,
    }
}

fn scores(v: &[(&str, &str, i64)]) -> Keuze {
    Keuze::Scores(
        v.iter()
            .map(|(k, c, s)| Score {
                kandidaat: id(k),
                criterium: id(c),
                score: *s,
            })
            .collect(),
    )
}

/// All six ratings of a valid rating ballot, with `change` applied.
fn full_scores(change: impl FnOnce(&mut Vec<(&'static str, &'static str, i64)>)) -> Keuze {
    let mut v = vec![];
    for k in ["x", "y", "z"] {
        for c in ["c1", "c2"] {
            v.push((k, c, 3));
        }
    }
    change(&mut v);
    scores(&v)
}

/// Adds the ballot, expects a refusal, checks that nothing was added, returns the error.
fn refused(mut bus: Stembus, b: Stembiljet) -> BiljetFout {
    let before = bus.history().len();
    let err = bus.add(b).unwrap_err();
    assert_eq!(bus.history().len(), before, "a refused ballot is not kept");
    err
}

#[test]
fn a_ballot_from_someone_outside_the_round() {
    let e = refused(bus(TOP2), ballot("eve", Keuze::Top(ids(&["x"]))));
    assert_eq!(e.field, "participant");
    assert_eq!(e.reason, BiljetReden::UnknownParticipant(id("eve")));
    assert_eq!(
        e.to_string(),
        "ballot of 'eve', field `participant`: 'eve' is not a participant of this round"
    );
}

#[test]
fn a_vote_for_an_innovation_outside_the_round() {
    let e = refused(bus(TOP2), ballot("ann", Keuze::Top(ids(&["x", "w"]))));
    assert_eq!(
        (e.field, &e.reason),
        ("top", &BiljetReden::UnknownCandidate(id("w")))
    );
    let e = refused(
        bus(StemSoort::Rangorde),
        ballot("ann", Keuze::Rangorde(ids(&["x", "y", "w"]))),
    );
    assert_eq!(
        (e.field, &e.reason),
        ("rank", &BiljetReden::UnknownCandidate(id("w")))
    );
    let e = refused(bus(RATE), ballot("ann", full_scores(|v| v[0].0 = "w")));
    assert_eq!(
        (e.field, &e.reason),
        ("rate", &BiljetReden::UnknownCandidate(id("w")))
    );
    assert_eq!(
        e.to_string(),
        "ballot of 'ann', field `rate`: 'w' is not a candidate of this round"
    );
}

#[test]
fn a_rating_on_a_criterion_outside_the_round() {
    let e = refused(bus(RATE), ballot("ann", full_scores(|v| v[1].1 = "c9")));
    assert_eq!(e.reason, BiljetReden::UnknownCriterion(id("c9")));
}

#[test]
fn a_score_outside_the_scale() {
    for bad in [0, 6, -3] {
        let e = refused(bus(RATE), ballot("bob", full_scores(|v| v[2].2 = bad)));
        assert_eq!(e.field, "rate");
        assert!(
            matches!(e.reason, BiljetReden::OutOfScale { score, min: 1, max: 5, .. } if score == bad),
            "{e}"
        );
        assert!(e.to_string().contains(&format!(
            "score {bad} for 'y' on 'c1' is outside the scale 1-5"
        )));
    }
    // The edges of the scale are fine.
    let mut b = bus(RATE);
    b.add(ballot(
        "bob",
        full_scores(|v| {
            v[0].2 = 1;
            v[1].2 = 5;
        }),
    ))
    .unwrap();
}

#[test]
fn a_rating_ballot_must_be_complete_and_rate_each_pair_once() {
    let e = refused(
        bus(RATE),
        ballot(
            "ann",
            full_scores(|v| {
                v.pop();
            }),
        ),
    );
    assert_eq!(
        e.reason,
        BiljetReden::MissingScore {
            kandidaat: id("z"),
            criterium: id("c2")
        }
    );
    let e = refused(
        bus(RATE),
        ballot("ann", full_scores(|v| v.push(("x", "c1", 4)))),
    );
    assert_eq!(
        e.reason,
        BiljetReden::DuplicateScore {
            kandidaat: id("x"),
            criterium: id("c1")
        }
    );
}

#[test]
fn a_top_n_ballot_with_more_than_n_or_duplicate_or_no_choices() {
    let e = refused(bus(TOP2), ballot("ann", Keuze::Top(ids(&["x", "y", "z"]))));
    assert_eq!(e.reason, BiljetReden::TooMany { n: 2, got: 3 });
    assert_eq!(
        e.to_string(),
        "ballot of 'ann', field `top`: 3 candidates named, at most 2 allowed"
    );
    let e = refused(bus(TOP2), ballot("ann", Keuze::Top(ids(&["x", "x"]))));
    assert_eq!(e.reason, BiljetReden::Duplicate(id("x")));
    let e = refused(bus(TOP2), ballot("ann", Keuze::Top(vec![])));
    assert_eq!(e.reason, BiljetReden::Empty);
    // Fewer than n is a valid vote.
    let mut b = bus(TOP2);
    b.add(ballot("ann", Keuze::Top(ids(&["z"])))).unwrap();
}

#[test]
fn a_ranking_that_is_not_a_permutation() {
    let rank = StemSoort::Rangorde;
    let e = refused(bus(rank), ballot("bob", Keuze::Rangorde(ids(&["x", "y"]))));
    assert_eq!(e.field, "rank");
    assert_eq!(
        e.reason,
        BiljetReden::NotAPermutation {
            expected: 3,
            detail: "missing 'z'".into()
        }
    );
    let e = refused(
        bus(rank),
        ballot("bob", Keuze::Rangorde(ids(&["x", "y", "y", "z"]))),
    );
    assert_eq!(e.reason, BiljetReden::Duplicate(id("y")));
    let e = refused(bus(rank), ballot("bob", Keuze::Rangorde(vec![])));
    assert!(matches!(e.reason, BiljetReden::NotAPermutation { .. }));
}

#[test]
fn a_ballot_of_the_wrong_kind() {
    let e = refused(
        bus(TOP2),
        ballot("ann", Keuze::Rangorde(ids(&["x", "y", "z"]))),
    );
    assert_eq!(e.field, "rank");
    assert!(matches!(
        e.reason,
        BiljetReden::WrongKind { got: "rank", .. }
    ));
    assert!(
        e.to_string().contains("this round takes top-2 ballots"),
        "{e}"
    );
}

#[test]
fn a_second_ballot_needs_to_replace_the_first_explicitly() {
    let mut b = bus(TOP2);
    b.add(ballot("ann", Keuze::Top(ids(&["x"])))).unwrap();
    let e = refused(b.clone(), ballot("ann", Keuze::Top(ids(&["y"]))));
    assert_eq!(
        (e.field, &e.reason),
        ("replace", &BiljetReden::AlreadyVoted)
    );
    assert!(e.to_string().contains("--replace"));
    // Explicitly replacing: both stay in the history, only the latest counts.
    let mut second = ballot("ann", Keuze::Top(ids(&["y"])));
    second.replaces = true;
    b.add(second.clone()).unwrap();
    assert_eq!(b.history().len(), 2);
    assert!(b.history()[0].replaced);
    assert_eq!(b.counted(), vec![&second]);
    // And a third time, replacing the second.
    let mut third = ballot("ann", Keuze::Top(ids(&["z"])));
    third.replaces = true;
    b.add(third.clone()).unwrap();
    assert_eq!(b.counted(), vec![&third]);
    assert_eq!(b.history().iter().filter(|i| i.replaced).count(), 2);
}

#[test]
fn replacing_without_an_earlier_ballot_is_refused() {
    let mut b = ballot("bob", Keuze::Top(ids(&["x"])));
    b.replaces = true;
    let e = refused(bus(TOP2), b);
    assert_eq!(e.reason, BiljetReden::NothingToReplace);
}

#[test]
fn bad_rounds_are_refused_with_the_field() {
    let check = |change: &dyn Fn(&mut RondeParts), field: &str, words: &str| {
        let mut p = parts(RATE);
        change(&mut p);
        let e = Ronde::new(p).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
        // In English as asked; the Dutch text is its own, not a copy.
        let en = e.tekst(gemeten_domain::Lang::En);
        assert!(en.contains(words), "{en}");
        assert!(en.starts_with("ronde 'r', field"), "{en}");
        assert!(e.to_string().starts_with("ronde 'r', veld"), "{e}");
        assert_ne!(e.reason.nl, e.reason.en);
    };
    check(
        &|p| p.deelnemers.clear(),
        "deelnemers",
        "at least one participant",
    );
    check(
        &|p| {
            let again = p.deelnemers[0].clone();
            p.deelnemers.push(again)
        },
        "deelnemers",
        "'ann' is listed twice",
    );
    check(
        &|p| p.kandidaten.clear(),
        "kandidaten",
        "at least one candidate",
    );
    check(
        &|p| p.kandidaten.push(id("x")),
        "kandidaten",
        "'x' is listed twice",
    );
    check(
        &|p| p.criteria.clear(),
        "criteria",
        "needs at least one criterion",
    );
    check(
        &|p| p.criteria[0].weight = Some(2.0),
        "criteria",
        "1 of 2 criteria have a weight",
    );
    check(
        &|p| {
            p.criteria[0].weight = Some(2.0);
            p.criteria[1].weight = Some(0.0);
        },
        "criteria",
        "must be a positive number",
    );
    check(
        &|p| {
            p.kind = StemSoort::Scores {
                scale: Schaal { min: 5, max: 1 },
            }
        },
        "kind",
        "scale 5-1 is empty or reversed",
    );
    check(
        &|p| {
            p.kind = StemSoort::TopN {
                n: 0,
                ordered: false,
            }
        },
        "kind",
        "n of at least 1",
    );
    check(&|p| p.seats = Some(4), "seats", "4 seats for 3 candidates");
    check(
        &|p| p.selected = ids(&["x", "w"]),
        "selected",
        "'w' is not a candidate",
    );
    check(
        &|p| {
            p.attendance = Some(Aanwezigheid {
                on_site: 14,
                online: 2,
            })
        },
        "attendance",
        "14 on site + 2 online is not the 2 participants listed",
    );
}

#[test]
fn serde_applies_the_same_rules_to_rounds() {
    let mut json = serde_json::to_value(parts(RATE)).unwrap();
    json["kandidaten"] = serde_json::json!(["x", "x"]);
    let err = serde_json::from_value::<Ronde>(json).unwrap_err();
    assert!(err.to_string().contains("staat er twee keer in"), "{err}");
}

#[test]
fn round_files_name_the_record_that_is_wrong() {
    let file = r#"
[[deelnemer]]
id = "ann"
name = "Ann"

[[ronde]]
id = "r1"
missie = "II"
title_nl = "Ronde"
kind = { type = "top_n", n = 1 }
deelnemers = ["ann"]
kandidaten = ["x", "y"]

[[stembiljet]]
ronde = "r1"
deelnemer = "ann"
top = ["x", "y"]
"#;
    let err = lees_rondes(file, "t.toml").unwrap_err();
    assert_eq!(err.record, "stembiljet #1 ('ann' in 'r1')");
    assert!(
        err.to_string()
            .contains("2 candidates named, at most 1 allowed"),
        "{err}"
    );

    let unknown = file.replace("deelnemers = [\"ann\"]", "deelnemers = [\"ann\", \"bob\"]");
    let err = lees_rondes(&unknown, "t.toml").unwrap_err();
    assert_eq!(err.record, "ronde 'r1'");
    assert!(
        err.reason.contains("no [[deelnemer]] with id 'bob'"),
        "{err}"
    );

    let both = file.replace(
        "top = [\"x\", \"y\"]",
        "top = [\"x\"]\nrank = [\"x\", \"y\"]",
    );
    let err = lees_rondes(&both, "t.toml").unwrap_err();
    assert!(err.reason.contains("exactly one of"), "{err}");

    let syntax = file.replace("n = 1 }", "n = 1");
    let err = lees_rondes(&syntax, "t.toml").unwrap_err();
    assert!(err.record.starts_with("line "), "{err}");

    let ok = file.replace("top = [\"x\", \"y\"]", "top = [\"y\"]");
    let rounds = lees_rondes(&ok, "t.toml").unwrap();
    assert_eq!(rounds[0].counted().len(), 1);
}
