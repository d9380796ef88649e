//! waarneming: the shared suite, run on SQLite and on PostgreSQL.

use gemeten_domain::Waarneming;

use super::support::TestDb;
use crate::{StoreError, WaarnemingStore};

fn obs(period: i32, value: f64) -> Waarneming {
    Waarneming {
        kpi: "gezonde_levensverwachting".into(),
        period,
        region: "NL01".into(),
        sex: String::new(),
        ses: String::new(),
        age_band: String::new(),
        value,
        lower: None,
        upper: Some(value + 1.0),
        source: "test".into(),
        n: Some(1200),
    }
}

fn observations_round_trip_and_duplicates_are_refused_atomically(db: &TestDb) {
    let mut store = db.open();
    assert_eq!(
        store
            .add_observations(&[obs(2019, 63.0), obs(2020, 62.5)], false)
            .unwrap(),
        2
    );
    let back = store
        .observations(Some("gezonde_levensverwachting"))
        .unwrap();
    assert_eq!(back, vec![obs(2019, 63.0), obs(2020, 62.5)]);
    // One new and one existing: refused as a whole.
    let err = store
        .add_observations(&[obs(2021, 64.0), obs(2020, 1.0)], false)
        .unwrap_err();
    assert!(matches!(err, StoreError::Exists { count: 1, .. }), "{err}");
    assert_eq!(store.observations(None).unwrap().len(), 2);
    // With replace, the value is overwritten.
    store.add_observations(&[obs(2020, 61.0)], true).unwrap();
    assert_eq!(store.observations(None).unwrap()[1].value, 61.0);
}

super::on_both!(observations_round_trip_and_duplicates_are_refused_atomically,);
