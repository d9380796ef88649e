//! `gemeten claim INNOVATION --doel TARGET` and `gemeten chain TARGET` (issue 12, item 6): an
//! innovation linked to a target itself stands on the target's chain as linked directly; a
//! refusal names the option and changes nothing.

mod common;

use common::{failed, gemeten, ok};
use serde_json::Value;

#[test]
fn an_innovation_claims_a_target_on_the_command_line_and_stands_on_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["init"]));

    // A target of mission I for an innovation of mission II: refused naming --doel, in
    // either language; the chain is unchanged.
    let err = failed(gemeten(
        &db,
        &["claim", "cva-portaal", "--doel", "I-ziektelast"],
    ));
    assert!(
        err.contains("--doel") && err.contains("hoort bij missie I"),
        "{err}"
    );
    let err = failed(gemeten(
        &db,
        &[
            "--lang",
            "en",
            "claim",
            "cva-portaal",
            "--doel",
            "I-ziektelast",
        ],
    ));
    assert!(err.contains("belongs to mission I"), "{err}");
    let err = failed(gemeten(
        &db,
        &["claim", "geen-innovatie", "--doel", "I-ziektelast"],
    ));
    assert!(
        err.contains("INNOVATION") && err.contains("geen-innovatie"),
        "{err}"
    );

    ok(gemeten(
        &db,
        &["claim", "cva-portaal", "--doel", "II-zorg-in-leefomgeving"],
    ));
    let err = failed(gemeten(
        &db,
        &["claim", "cva-portaal", "--doel", "II-zorg-in-leefomgeving"],
    ));
    assert!(
        err.contains("--doel") && err.contains("al aan doel"),
        "{err}"
    );

    let chain: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &["--json", "chain", "II-zorg-in-leefomgeving"],
    )))
    .unwrap();
    let i = chain["innovaties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "cva-portaal")
        .expect("on the chain");
    assert_eq!(i["direct"], true);
    let text = ok(gemeten(
        &db,
        &["--lang", "en", "chain", "II-zorg-in-leefomgeving"],
    ));
    assert!(
        text.contains("cva-portaal — CVA portaal (linked itself)"),
        "{text}"
    );

    // Taken back: off the chain; once more, refused naming --doel.
    let out = ok(gemeten(
        &db,
        &[
            "claim",
            "cva-portaal",
            "--doel",
            "II-zorg-in-leefomgeving",
            "--ontkoppel",
        ],
    ));
    assert!(out.contains("ontkoppeld"), "{out}");
    let text = ok(gemeten(
        &db,
        &["--lang", "en", "chain", "II-zorg-in-leefomgeving"],
    ));
    assert!(!text.contains("(linked itself)"), "{text}");
    let err = failed(gemeten(
        &db,
        &[
            "--lang",
            "en",
            "claim",
            "cva-portaal",
            "--doel",
            "II-zorg-in-leefomgeving",
            "--ontkoppel",
        ],
    ));
    assert!(
        err.contains("--doel") && err.contains("not linked"),
        "{err}"
    );
}
