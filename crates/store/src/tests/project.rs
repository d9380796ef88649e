//! project: the shared suite, run on SQLite and on PostgreSQL.

use gemeten_domain::{Id, Project};

use super::support::TestDb;
use crate::{ProjectStore, StoreError, CREATED};

fn project(id: &str, trl: i64) -> Project {
    serde_json::from_value(serde_json::json!({
        "id": id, "title": "Valdetectie", "funder": "NWO", "status": "lopend",
        "missies": ["II", "III"], "trl": trl
    }))
    .unwrap()
}

fn import_refuses_known_ids_unless_replacing_and_logs_every_change(db: &TestDb) {
    let mut store = db.open();
    let t = store
        .add_projects(&[project("a", 4), project("b", 5)], "anna", false)
        .unwrap();
    assert_eq!((t.added, t.replaced, t.unchanged), (2, 0, 0));

    // A second import with a known id changes nothing at all.
    let e = store
        .add_projects(&[project("c", 3), project("a", 6)], "bob", false)
        .unwrap_err();
    assert!(
        matches!(e, StoreError::ProjectExists { count: 1, .. }),
        "{e}"
    );
    assert_eq!(store.project_count().unwrap(), 2);

    let t = store
        .add_projects(&[project("a", 6), project("b", 5)], "bob", true)
        .unwrap();
    assert_eq!((t.added, t.replaced, t.unchanged), (0, 1, 1));
    let a = Id::try_from("a".to_owned()).unwrap();
    let h = store.history(&a).unwrap();
    assert_eq!(h.len(), 2, "{h:#?}");
    assert_eq!(
        (h[0].field.as_str(), h[0].after.as_deref(), h[0].by.as_str()),
        ("project", Some(CREATED), "anna")
    );
    assert_eq!(
        (
            h[1].field.as_str(),
            h[1].before.as_deref(),
            h[1].after.as_deref()
        ),
        ("trl", Some("4"), Some("6"))
    );
    assert_eq!(h[1].by, "bob");

    let mut changed = store.project(&a).unwrap().unwrap();
    changed.status = gemeten_domain::ProjectStatus::Afgerond;
    assert_eq!(store.update_project(&changed, "carla").unwrap(), ["status"]);
    assert_eq!(store.update_project(&changed, "carla").unwrap().len(), 0);
    assert_eq!(store.project(&a).unwrap().unwrap(), changed);
}

fn the_history_cannot_be_rewritten(db: &TestDb) {
    let mut store = db.open();
    store
        .add_projects(&[project("a", 4)], "anna", false)
        .unwrap();
    let e = store
        .db
        .execute("UPDATE project_wijziging SET by = 'mallory'", &[])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = store
        .db
        .execute("DELETE FROM project_wijziging", &[])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
}

fn atomically_undoes_every_write_when_a_later_step_fails(db: &TestDb) {
    let mut store = db.open();
    store
        .add_projects(&[project("a", 4)], "anna", false)
        .unwrap();
    let a = Id::try_from("a".to_owned()).unwrap();
    let history_before = store.history(&a).unwrap().len();
    let r: Result<(), StoreError> = store.atomically(|s| {
        s.update_project(&project("a", 7), "bob")?;
        Err(StoreError::NotFound {
            path: ":memory:".into(),
            what: "a later step".into(),
        })
    });
    assert!(r.is_err());
    assert_eq!(store.project(&a).unwrap().unwrap().trl, project("a", 4).trl);
    assert_eq!(store.history(&a).unwrap().len(), history_before);
    // And without a failure both land.
    store
        .atomically(|s| s.update_project(&project("a", 7), "bob").map(|_| ()))
        .unwrap();
    assert_eq!(store.project(&a).unwrap().unwrap().trl, project("a", 7).trl);
}

fn updating_an_unknown_project_is_refused(db: &TestDb) {
    let mut store = db.open();
    let e = store.update_project(&project("x", 4), "anna").unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e}");
}

super::on_both!(
    import_refuses_known_ids_unless_replacing_and_logs_every_change,
    the_history_cannot_be_rewritten,
    atomically_undoes_every_write_when_a_later_step_fails,
    updating_an_unknown_project_is_refused,
);
