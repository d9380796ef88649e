//! ronde: the shared suite, run on SQLite and on PostgreSQL.

//!
//! The store keeps records; whether a ballot or a result holds is the use cases' check (see
//! `crates/app/tests/geschiedenis.rs`), so these tests write ballots and results as they are.

use gemeten_domain::ronde::{Keuze, RondeParts, Stembiljet};
use gemeten_domain::uitslag::Uitslag;
use gemeten_domain::Id;

use super::support::TestDb;
use crate::{RondeStore, Store, StoreError};

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

/// A round as the store sees it: a definition (the ballot box is `gemeten-prioritering`'s). A
/// small top-3 round with the id of mission II's round of 002.
struct Bus {
    ronde: gemeten_domain::ronde::Ronde,
}

impl Bus {
    fn ronde(&self) -> &gemeten_domain::ronde::Ronde {
        &self.ronde
    }
}

fn ronde() -> gemeten_domain::ronde::Ronde {
    let parts: RondeParts = serde_json::from_value(serde_json::json!({
        "id": "002-II",
        "missie": "II",
        "title_nl": "Welke innovaties eerst?",
        "kind": { "type": "top_n", "n": 3 },
        "deelnemers": [
            { "id": "pharos", "name": "Pharos" },
            { "id": "nivel", "name": "Nivel" },
            { "id": "vws-1", "name": "VWS" }
        ],
        "kandidaten": ["cva-portaal", "peri-operatief", "monitoring-fotonische-detectie"]
    }))
    .unwrap();
    gemeten_domain::ronde::Ronde::new(parts).unwrap()
}

fn fresh(db: &TestDb) -> (Store, Bus) {
    let mut store = db.open();
    let bus = Bus { ronde: ronde() };
    store.save_round(bus.ronde(), false).unwrap();
    (store, bus)
}

/// A result as the store sees it: any value with a fingerprint (computing one is
/// `gemeten-prioritering`'s).
fn result(ronde: &str, winner: &str) -> Uitslag {
    serde_json::from_value(serde_json::json!({
        "ronde": ronde, "methode": "borda", "ballots": 1, "replaced": 0, "illustratief": false,
        "seats": 1, "convention": "Borda points", "ranking": [
            { "rank": 1, "kandidaat": winner, "score": 2.0, "tied": false }
        ],
        "winners": [winner], "tie_at_cutoff": false, "agreement": {},
        "fingerprint": "fnv1a64:0000000000000000"
    }))
    .unwrap()
}

fn top(p: &str, v: &[&str]) -> Stembiljet {
    Stembiljet {
        deelnemer: id(p),
        keuze: Keuze::Top(v.iter().map(|s| id(s)).collect()),
        replaces: false,
        illustratief: false,
        cast_at: None,
    }
}

fn a_round_with_its_ballots_round_trips(db: &TestDb) {
    use crate::RegisterStore;
    let (mut store, bus) = fresh(db);
    assert!(store.schema_version().unwrap() >= 4);
    let ballots = [
        top("pharos", &["cva-portaal"]),
        top("nivel", &["peri-operatief", "cva-portaal"]),
    ];
    for (i, b) in ballots.iter().enumerate() {
        assert_eq!(store.add_ballot(bus.ronde().id(), b).unwrap(), i + 1);
    }
    let back = store.stored_round(bus.ronde().id()).unwrap().unwrap();
    assert_eq!(&back.ronde, bus.ronde());
    // The same ballots in casting order; the store fills in when each was cast.
    assert_eq!(back.ballots.len(), 2);
    for (b, original) in back.ballots.iter().zip(&ballots) {
        assert!(b.cast_at.is_some());
        assert_eq!(
            (&b.deelnemer, &b.keuze, b.replaces),
            (&original.deelnemer, &original.keuze, original.replaces)
        );
    }
    assert_eq!(store.stored_rounds().unwrap().len(), 1);
    assert!(store.stored_round(&id("nope")).unwrap().is_none());
}

fn a_replacing_ballot_marks_the_earlier_one_and_an_unknown_round_is_not_found(db: &TestDb) {
    let (mut store, bus) = fresh(db);
    let r = bus.ronde().id().clone();
    store
        .add_ballot(&r, &top("pharos", &["cva-portaal"]))
        .unwrap();
    let err = store
        .add_ballot(&id("nope"), &top("pharos", &["x"]))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert_eq!(store.stored_round(&r).unwrap().unwrap().ballots.len(), 1);

    // An explicit replacement keeps the first in the history.
    let mut again = top("pharos", &["peri-operatief"]);
    again.replaces = true;
    assert_eq!(store.add_ballot(&r, &again).unwrap(), 2);
    let back = store.stored_round(&r).unwrap().unwrap();
    assert_eq!(back.ballots.len(), 2);
    assert!(back.ballots[1].replaces);
    let replaced_by: Option<i64> = store
        .one("SELECT replaced_by FROM stembiljet WHERE seq = 1", &[])
        .unwrap();
    assert_eq!(replaced_by, Some(2));
}

fn the_database_allows_one_counting_ballot_per_participant(db: &TestDb) {
    let (mut store, bus) = fresh(db);
    let r = bus.ronde().id().clone();
    store
        .add_ballot(&r, &top("nivel", &["cva-portaal"]))
        .unwrap();
    let err = store
        .db
        .execute(
            "INSERT INTO stembiljet (ronde, deelnemer, kind, keuze) \
             VALUES ('002-II', 'nivel', 'top', '{\"top\":[\"cva-portaal\"]}')",
            &[],
        )
        .unwrap_err();
    assert!(err.to_string().to_lowercase().contains("unique"), "{err}");
    let err = store
        .db
        .execute(
            "INSERT INTO stembiljet (ronde, deelnemer, kind, keuze) \
             VALUES ('002-II', 'eve', 'top', '{\"top\":[\"cva-portaal\"]}')",
            &[],
        )
        .unwrap_err();
    assert!(
        err.to_string().to_lowercase().contains("foreign key"),
        "{err}"
    );
}

fn results_round_trip_and_need_their_round(db: &TestDb) {
    let (mut store, bus) = fresh(db);
    let r = bus.ronde().id().clone();
    let result = result("002-II", "cva-portaal");
    store.store_result(&result).unwrap();
    let stored = store.results(&r).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].uitslag, result);
    let err = store
        .store_result(&self::result("nope", "cva-portaal"))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert_eq!(store.results(&r).unwrap().len(), 1);
}

fn saving_a_round_twice_needs_replace_which_drops_its_ballots(db: &TestDb) {
    let (mut store, bus) = fresh(db);
    let r = bus.ronde().id().clone();
    store
        .add_ballot(&r, &top("nivel", &["cva-portaal"]))
        .unwrap();
    let err = store.save_round(bus.ronde(), false).unwrap_err();
    assert!(matches!(err, StoreError::RoundExists { .. }), "{err}");
    store.save_round(bus.ronde(), true).unwrap();
    assert!(store.stored_round(&r).unwrap().unwrap().ballots.is_empty());
}

fn replacing_the_register_leaves_rounds_alone(db: &TestDb) {
    use crate::RegisterStore;
    let (mut store, bus) = fresh(db);
    let register = gemeten_interchange::reference_register().unwrap();
    store.replace(&register).unwrap();
    store.replace(&gemeten_domain::Register::default()).unwrap();
    assert!(store.stored_round(bus.ronde().id()).unwrap().is_some());
    assert_eq!(store.load().unwrap(), gemeten_domain::Register::default());
}

/// A statement that fails inside a unit undoes the unit and leaves the connection usable
/// (PostgreSQL refuses every statement in a failed transaction until it is rolled back).
fn a_failed_statement_in_a_unit_undoes_it_and_the_store_goes_on(db: &TestDb) {
    let (mut store, bus) = fresh(db);
    let r = bus.ronde().id().clone();
    let err: StoreError = store
        .atomically(|s| {
            s.add_ballot(&r, &top("nivel", &["cva-portaal"]))?;
            s.exec("INSERT INTO ronde (id) VALUES (NULL)", &[])?;
            Ok(())
        })
        .unwrap_err();
    assert!(err.to_string().to_lowercase().contains("null"), "{err}");
    assert!(store.stored_round(&r).unwrap().unwrap().ballots.is_empty());
    assert_eq!(
        store
            .add_ballot(&r, &top("nivel", &["cva-portaal"]))
            .unwrap(),
        1
    );
}

super::on_both!(
    a_failed_statement_in_a_unit_undoes_it_and_the_store_goes_on,
    a_round_with_its_ballots_round_trips,
    a_replacing_ballot_marks_the_earlier_one_and_an_unknown_round_is_not_found,
    the_database_allows_one_counting_ballot_per_participant,
    results_round_trip_and_need_their_round,
    saving_a_round_twice_needs_replace_which_drops_its_ballots,
    replacing_the_register_leaves_rounds_alone,
);
