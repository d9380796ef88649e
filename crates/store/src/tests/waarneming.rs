//! waarneming: the shared suite, run on SQLite and on PostgreSQL.

use gemeten_domain::Waarneming;

use super::support::TestDb;
use crate::{StoreError, WaarnemingStore};

fn obs(period: i32, value: f64) -> Waarneming {
    Waarneming {
        upper: Some(value + 1.0),
        n: Some(1200),
        ..Waarneming::national(
            "gezonde_levensverwachting",
            gemeten_domain::Meetperiode::jaar(period).unwrap(),
            value,
            "test",
        )
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

/// A pooled period, an SES breakdown, a published significance and status, and the mark of
/// a made-up value come back as they went in; the same group in another breakdown or
/// another period is another observation.
fn pooled_periods_breakdowns_and_flags_round_trip(db: &TestDb) {
    let mut store = db.open();
    let pooled: gemeten_domain::Meetperiode = "2019/2022".parse().unwrap();
    let laag = Waarneming {
        sex: "man".into(),
        ses_dimensie: "opleiding".into(),
        ses: "laag".into(),
        significantie: Some("onder, 99% zeker".into()),
        publicatiestatus: Some("voorlopig".into()),
        synthetisch: true,
        ..Waarneming::national("gezonde_levensverwachting", pooled, 57.2, "CBS 84842NED")
    };
    let other_period = Waarneming {
        period: "2017-2020".parse().unwrap(),
        ..laag.clone()
    };
    let year = Waarneming {
        period: gemeten_domain::Meetperiode::jaar(2019).unwrap(),
        ..laag.clone()
    };
    store
        .add_observations(&[laag.clone(), other_period.clone(), year.clone()], false)
        .unwrap();
    let back = store.observations(None).unwrap();
    assert_eq!(
        back,
        vec![other_period, year, laag],
        "ordered by begin, then end"
    );
    assert_eq!(back[2].period.to_string(), "2019/2022");
}

super::on_both!(
    observations_round_trip_and_duplicates_are_refused_atomically,
    pooled_periods_breakdowns_and_flags_round_trip,
);
