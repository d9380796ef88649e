//! monitoring: the shared suite, run on SQLite and on PostgreSQL.
//!
//! The store keeps records; the checks of updates, reports and reviews are the use cases'
//! (see `crates/app/tests/geschiedenis.rs`).

use gemeten_domain::monitoring::{ActiviteitUpdate, Datum, Periode, Rapport};
use gemeten_domain::{Id, RapportStatus};

use super::support::TestDb;
use crate::{Beoordeling, MonitoringStore, ProjectStore, Store, StoreError};

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

fn rapport(project: &str, period: &str) -> Rapport {
    serde_json::from_value(serde_json::json!({
        "project": project, "period": period, "version": 1, "public_eur": 10, "private_eur": 5,
        "in_kind_eur": 0, "fte": 1.0, "partners": {"mkb": 1}, "missions": ["II"],
        "trl_start": 3, "trl_now": 4,
        "outputs": {"publications": 0, "products": 0, "patents": 0, "spinoffs": 0}
    }))
    .unwrap()
}

fn store_with_project(db: &TestDb) -> Store {
    let mut store = db.open();
    let p: gemeten_domain::Project = serde_json::from_value(serde_json::json!({
        "id": "a", "title": "Valdetectie", "funder": "NWO", "status": "lopend"
    }))
    .unwrap();
    store.add_projects(&[p], "anna", false).unwrap();
    store
        .add_period(&Periode {
            id: "2025".parse().unwrap(),
            due: "2026-03-01".parse().unwrap(),
            closed: false,
        })
        .unwrap();
    store
}

fn activity_updates_are_appended_and_append_only(db: &TestDb) {
    let mut store = db.open();
    let a = id("000-C-1");
    assert!(store.activity_history(&a).unwrap().is_empty());
    let good = ActiviteitUpdate {
        owner: Some(id("zonmw")),
        status: Some(gemeten_domain::ActiviteitStatus::Gestart),
        ..Default::default()
    };
    let logged = store.append_activity_update(&a, &good, "anna").unwrap();
    assert_eq!((logged.by.as_str(), &logged.update), ("anna", &good));
    assert!(!logged.at.is_empty());
    assert_eq!(
        store.activity_history(&a).unwrap(),
        std::slice::from_ref(&logged)
    );
    assert_eq!(store.activity_histories().unwrap()[&a], [logged]);
    for sql in [
        "UPDATE activiteit_update SET by = 'x'",
        "DELETE FROM activiteit_update",
    ] {
        let e = store.db.execute(sql, &[]).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }
}

fn a_report_is_replaced_and_reviewed_and_its_history_stays(db: &TestDb) {
    let mut store = store_with_project(db);
    let on: Datum = "2026-01-10".parse().unwrap();
    let (p, t) = (id("a"), "2025".parse().unwrap());
    assert_eq!(store.report_status(&p, &t).unwrap(), None);
    let r = [rapport("a", "2025")];
    assert_eq!(store.submit_reports(&r, "anna", on).unwrap(), 1);
    assert_eq!(
        store.report_status(&p, &t).unwrap(),
        Some(RapportStatus::Ingediend)
    );
    store
        .review_report(
            &p,
            &t,
            &Beoordeling::Afwijzen("fte ontbreekt".into()),
            "bob",
        )
        .unwrap();
    assert_eq!(
        store.report_status(&p, &t).unwrap(),
        Some(RapportStatus::Afgewezen)
    );
    store.submit_reports(&r, "anna", on).unwrap();
    let all = store.reports(None).unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[0].replaced && all[0].status == RapportStatus::Afgewezen);
    assert_eq!(all[0].reason.as_deref(), Some("fte ontbreekt"));
    assert!(!all[1].replaced && all[1].status == RapportStatus::Ingediend);
    assert_eq!(
        store
            .review_report(&p, &t, &Beoordeling::Goedkeuren, "bob")
            .unwrap(),
        RapportStatus::Goedgekeurd
    );
    let e = store
        .review_report(
            &p,
            &"2024".parse().unwrap(),
            &Beoordeling::Goedkeuren,
            "bob",
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e}");
    // One live report per project and period, but for a rejected one, is the database's rule.
    let e = store
        .db
        .execute(
            "INSERT INTO rapportage (project, period, version, submitted_on, submitted_by, record) \
             VALUES ('a', '2025', 1, '2026-01-10', 'anna', '{}')",
            &[],
        )
        .unwrap_err();
    assert!(e.to_string().to_lowercase().contains("unique"), "{e}");
    for sql in [
        "DELETE FROM rapportage",
        "UPDATE rapportage SET record = '{}'",
        "DELETE FROM rapportage_gebeurtenis",
    ] {
        assert!(store.db.execute(sql, &[]).is_err(), "{sql}");
    }
}

super::on_both!(
    activity_updates_are_appended_and_append_only,
    a_report_is_replaced_and_reviewed_and_its_history_stays,
);
