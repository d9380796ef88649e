//! monitoring: the shared suite, run on SQLite and on PostgreSQL.

use gemeten_domain::{Id, RapportStatus};
use gemeten_monitoring::{ActiviteitUpdate, Datum, Periode, Problemen, Rapport};

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

fn fields(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Refused(Problemen(p)) => p.iter().map(|p| p.to_string()).collect(),
        e => panic!("{e}"),
    }
}

fn activity_updates_are_checked_and_append_only(db: &TestDb) {
    let register = gemeten_interchange::reference_register().unwrap();
    let mut store = db.open();
    let a = id("000-C-1");
    let bad = ActiviteitUpdate {
        owner: Some(id("pharos")),
        ..Default::default()
    };
    let e = fields(
        store
            .update_activity(&register, &a, &bad, "anna")
            .unwrap_err(),
    );
    assert!(e[0].contains("not among its initiators"), "{e:?}");
    assert!(store.activity_history(&a).unwrap().is_empty());
    let good = ActiviteitUpdate {
        owner: Some(id("zonmw")),
        status: Some(gemeten_domain::ActiviteitStatus::Gestart),
        ..Default::default()
    };
    let s = store.update_activity(&register, &a, &good, "anna").unwrap();
    assert_eq!(s.owner, Some(id("zonmw")));
    assert_eq!(store.activity_states().unwrap()[&a], s);
    for sql in [
        "UPDATE activiteit_update SET by = 'x'",
        "DELETE FROM activiteit_update",
    ] {
        let e = store.db.execute(sql, &[]).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }
    let e = store
        .update_activity(&register, &id("nope"), &good, "anna")
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e}");
}

fn reports_are_refused_for_unknown_projects_and_closed_or_unknown_periods(db: &TestDb) {
    let mut store = store_with_project(db);
    let on: Datum = "2026-01-10".parse().unwrap();
    let e = fields(
        store
            .submit_reports(
                &[
                    ("f #1".into(), rapport("zz", "2025")),
                    ("f #2".into(), rapport("a", "2024")),
                ],
                "anna",
                on,
                false,
            )
            .unwrap_err(),
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].contains("no project 'zz'") && e[1].contains("no reporting period"));
    store.close_period(&"2025".parse().unwrap()).unwrap();
    let e = fields(
        store
            .submit_reports(&[("f #1".into(), rapport("a", "2025"))], "anna", on, false)
            .unwrap_err(),
    );
    assert!(e[0].contains("is closed"), "{e:?}");
    assert!(store.reports(None).unwrap().is_empty());
}

fn duplicates_are_refused_unless_replacing_a_rejected_report(db: &TestDb) {
    let mut store = store_with_project(db);
    let on: Datum = "2026-01-10".parse().unwrap();
    let r = [("f #1".to_owned(), rapport("a", "2025"))];
    store.submit_reports(&r, "anna", on, false).unwrap();
    let e = fields(store.submit_reports(&r, "anna", on, false).unwrap_err());
    assert!(e[0].contains("already reported"), "{e:?}");
    let e = fields(store.submit_reports(&r, "anna", on, true).unwrap_err());
    assert!(e[0].contains("only a rejected report"), "{e:?}");
    let (p, t) = (id("a"), "2025".parse().unwrap());
    let e = fields(
        store
            .review_report(&p, &t, &Beoordeling::Afwijzen(" ".into()), "bob")
            .unwrap_err(),
    );
    assert!(e[0].contains("needs a reason"));
    store
        .review_report(
            &p,
            &t,
            &Beoordeling::Afwijzen("fte ontbreekt".into()),
            "bob",
        )
        .unwrap();
    let e = fields(store.submit_reports(&r, "anna", on, false).unwrap_err());
    assert!(e[0].contains("--replace"), "{e:?}");
    store.submit_reports(&r, "anna", on, true).unwrap();
    let all = store.reports(None).unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[0].replaced && all[0].status == RapportStatus::Afgewezen);
    assert!(!all[1].replaced && all[1].status == RapportStatus::Ingediend);
    assert_eq!(
        store
            .review_report(&p, &t, &Beoordeling::Goedkeuren, "bob")
            .unwrap(),
        RapportStatus::Goedgekeurd
    );
    let e = fields(
        store
            .review_report(&p, &t, &Beoordeling::Goedkeuren, "bob")
            .unwrap_err(),
    );
    assert!(e[0].contains("already goedgekeurd"), "{e:?}");
    for sql in [
        "DELETE FROM rapportage",
        "UPDATE rapportage SET record = '{}'",
        "DELETE FROM rapportage_gebeurtenis",
    ] {
        assert!(store.db.execute(sql, &[]).is_err(), "{sql}");
    }
}

super::on_both!(
    activity_updates_are_checked_and_append_only,
    reports_are_refused_for_unknown_projects_and_closed_or_unknown_periods,
    duplicates_are_refused_unless_replacing_a_rejected_report,
);
