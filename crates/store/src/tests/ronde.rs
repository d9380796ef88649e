//! ronde: the shared suite, run on SQLite and on PostgreSQL.

use gemeten_domain::Id;
use gemeten_prioritering::{
    referentie_rondes, uitslag, verify, BiljetReden, Keuze, Methode, Stembiljet, Stembus,
};

use super::support::TestDb;
use crate::{RondeStore, Store, StoreError};

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

fn fresh(db: &TestDb) -> (Store, Stembus) {
    let mut store = db.open();
    let bus = referentie_rondes()
        .unwrap()
        .into_iter()
        .find(|b| b.ronde().id().as_str() == "002-II")
        .unwrap();
    store.save_round(bus.ronde(), false).unwrap();
    (store, bus)
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
    for b in bus.history() {
        store.add_ballot(bus.ronde().id(), &b.biljet).unwrap();
    }
    let back = store.load_round(bus.ronde().id()).unwrap().unwrap();
    assert_eq!(back.ronde(), bus.ronde());
    assert_eq!(back.history().len(), 16);
    // Same ballots, so the same results (cast_at does not enter a result).
    for m in Methode::ALL {
        assert_eq!(uitslag(&back, m), uitslag(&bus, m));
    }
    assert_eq!(store.rounds().unwrap().len(), 1);
    assert!(store.load_round(&id("nope")).unwrap().is_none());
}

fn ballots_are_checked_before_they_are_written(db: &TestDb) {
    let (mut store, bus) = fresh(db);
    let r = bus.ronde().id().clone();
    store
        .add_ballot(&r, &top("pharos", &["cva-portaal"]))
        .unwrap();
    let err = store
        .add_ballot(&r, &top("pharos", &["peri-operatief"]))
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Ballot(e) if e.reason == BiljetReden::AlreadyVoted),
        "{err}"
    );
    let err = store
        .add_ballot(&r, &top("eve", &["cva-portaal"]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "ballot of 'eve', field `participant`: 'eve' is not a participant of this round"
    );
    let err = store
        .add_ballot(&id("nope"), &top("pharos", &["x"]))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    // Nothing of the refused ballots was written.
    assert_eq!(store.load_round(&r).unwrap().unwrap().history().len(), 1);

    // An explicit replacement keeps the first in the history.
    let mut again = top("pharos", &["peri-operatief"]);
    again.replaces = true;
    assert_eq!(store.add_ballot(&r, &again).unwrap(), 2);
    let back = store.load_round(&r).unwrap().unwrap();
    assert_eq!(back.history().len(), 2);
    assert!(back.history()[0].replaced);
    assert_eq!(back.counted().len(), 1);
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

fn results_are_stored_only_when_the_ballots_give_them(db: &TestDb) {
    let (mut store, bus) = fresh(db);
    let r = bus.ronde().id().clone();
    for b in bus.history() {
        store.add_ballot(&r, &b.biljet).unwrap();
    }
    let result = uitslag(&bus, Methode::Borda);
    store.store_result(&result).unwrap();
    let stored = store.results(&r).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].uitslag, result);
    let bus_back = store.load_round(&r).unwrap().unwrap();
    assert_eq!(verify(&bus_back, &stored[0].uitslag), Ok(()));

    // A result that the stored ballots do not give is refused.
    let mut other = bus.clone();
    let mut b = top("vws-1", &["monitoring-fotonische-detectie"]);
    b.replaces = true;
    other.add(b).unwrap();
    let err = store
        .store_result(&uitslag(&other, Methode::Borda))
        .unwrap_err();
    assert!(matches!(err, StoreError::Result(_)), "{err}");
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
    assert!(store.load_round(&r).unwrap().unwrap().history().is_empty());
}

fn replacing_the_register_leaves_rounds_alone(db: &TestDb) {
    use crate::RegisterStore;
    let (mut store, bus) = fresh(db);
    let register = gemeten_interchange::reference_register().unwrap();
    store.replace(&register).unwrap();
    store.replace(&gemeten_domain::Register::default()).unwrap();
    assert!(store.load_round(bus.ronde().id()).unwrap().is_some());
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
    assert!(store.load_round(&r).unwrap().unwrap().history().is_empty());
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
    ballots_are_checked_before_they_are_written,
    the_database_allows_one_counting_ballot_per_participant,
    results_are_stored_only_when_the_ballots_give_them,
    saving_a_round_twice_needs_replace_which_drops_its_ballots,
    replacing_the_register_leaves_rounds_alone,
);
