//! versie: the change counters and the pool, on SQLite and on PostgreSQL.

use gemeten_domain::Waarneming;

use super::support::TestDb;
use crate::{AccountStore, Pool, RegisterStore, StoreError, WaarnemingStore};

fn obs(period: i32) -> Waarneming {
    Waarneming::national(
        "gezonde_levensverwachting",
        gemeten_domain::Meetperiode::jaar(period).unwrap(),
        63.0,
        "test",
    )
}

/// Every change moves its own area's counter, whichever connection makes it, and only that
/// one; a change that is undone moves nothing.
fn counters_move_with_their_area_only(db: &TestDb) {
    let mut writer = db.open();
    let reader = db.open();
    let start = reader.versies().unwrap();
    writer
        .add_observations(&[obs(2019), obs(2020)], false)
        .unwrap();
    let after = reader.versies().unwrap();
    assert!(after.waarneming > start.waarneming, "{start:?} → {after:?}");
    assert_eq!(
        (after.register, after.project, after.ronde, after.account),
        (start.register, start.project, start.ronde, start.account)
    );
    // The next transaction on the same connection moves it again.
    writer.add_observations(&[obs(2021)], false).unwrap();
    let after = reader.versies().unwrap();
    assert!(
        after.waarneming >= start.waarneming + 2,
        "{start:?} → {after:?}"
    );
    // Refused (a known key): nothing is written, the counter stays.
    assert!(writer.add_observations(&[obs(2019)], false).is_err());
    assert_eq!(reader.versies().unwrap(), after);
    let register = gemeten_interchange::reference_register().unwrap();
    writer.replace(&register).unwrap();
    assert!(reader.versies().unwrap().register > after.register);
    let account = gemeten_domain::Account {
        username: "anna".parse().unwrap(),
        display_name: "Anna".into(),
        taak: gemeten_domain::Taak::Admin,
    };
    writer.create_user(&account, "lang-genoeg-1").unwrap();
    assert!(reader.versies().unwrap().account > after.account);
}

/// The pool's connections work side by side: one holds a write unit open while another
/// reads what was committed before it.
fn pooled_connections_read_while_one_writes(db: &TestDb) {
    let pool = Pool::open(&db.target(), 4).unwrap();
    pool.get()
        .unwrap()
        .add_observations(&[obs(2019)], false)
        .unwrap();
    let mut writing = pool.get().unwrap();
    let reading = pool.get().unwrap();
    writing
        .atomically(|s| {
            s.add_observations(&[obs(2020)], false)?;
            // Not committed yet: the other connection sees the one before.
            assert_eq!(reading.observations(None)?.len(), 1);
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(reading.observations(None).unwrap().len(), 2);
    assert!(pool.status().in_use >= 2, "{:?}", pool.status());
    drop((writing, reading));
    assert_eq!(pool.status().in_use, 0);
}

/// A database that a newer gemeten migrated is refused, saying why, and left alone.
fn a_newer_schema_is_refused(db: &TestDb) {
    let store = db.open();
    match store.dialect() {
        crate::Dialect::Sqlite => store.db.batch("PRAGMA user_version = 999").unwrap(),
        crate::Dialect::Postgres => store
            .db
            .batch("INSERT INTO schema_version (version) VALUES (999)")
            .unwrap(),
    }
    drop(store);
    let Err(e) = crate::Store::open(db.target()) else {
        panic!("a newer schema opens");
    };
    let msg = e.to_string();
    assert!(msg.contains("schema version 999 is newer"), "{msg}");
}

super::on_both!(
    counters_move_with_their_area_only,
    pooled_connections_read_while_one_writes,
    a_newer_schema_is_refused,
);
