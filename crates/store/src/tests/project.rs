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

/// More projects than one batch, with known ones in between: every new project is stored
/// with its missions and one creation entry, the known ones are compared and replaced in the
/// file's order, and the changes since a history entry name exactly the projects touched.
fn a_large_import_is_written_in_batches_in_the_files_order(db: &TestDb) {
    let mut store = db.open();
    store
        .add_projects(&[project("p0500", 4), project("p0900", 4)], "anna", false)
        .unwrap();
    let seq = store.portfolio_version().unwrap();
    assert_eq!(store.projects_changed_since(seq).unwrap(), Vec::<Id>::new());
    // p0500 changes (trl 4 → 5), p0900 stays the same.
    // Every new or changed project links ten targets: a batch of 500 has more links than one
    // statement of links takes, so the links are written in several. (p0900 stays as it
    // was stored, without.)
    let doelen: Vec<Id> = (0..10)
        .map(|d| format!("II-doel-{d}").parse().unwrap())
        .collect();
    let all: Vec<Project> = (0..1_203)
        .map(|i| Project {
            doelen: if i == 900 { Vec::new() } else { doelen.clone() },
            ..project(&format!("p{i:04}"), if i == 900 { 4 } else { 5 })
        })
        .collect();
    let t = store.add_projects(&all, "bob", true).unwrap();
    assert_eq!((t.added, t.replaced, t.unchanged), (1_201, 1, 1));
    assert_eq!(store.project_count().unwrap(), 1_203);
    let p = store.project(&"p1202".parse().unwrap()).unwrap().unwrap();
    assert_eq!(p, all[1_202]);
    let h = store.history(&"p1202".parse().unwrap()).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].after.as_deref(), h[0].by.as_str()),
        (Some(CREATED), "bob")
    );
    let changed = store.projects_changed_since(seq).unwrap();
    assert_eq!(changed.len(), 1_202, "all but the unchanged p0900");
    assert!(!changed.iter().any(|id| id.as_str() == "p0900"));
    // The history is in the file's order: p0499 created before p0500 changed, before p0501.
    let seq_of = |id: &str| {
        let after = store.portfolio_version().unwrap();
        (seq..=after)
            .find(|s| {
                store
                    .projects_changed_since(*s)
                    .unwrap()
                    .iter()
                    .all(|x| x.as_str() != id)
            })
            .unwrap()
    };
    assert!(seq_of("p0499") < seq_of("p0500"));
    assert!(seq_of("p0500") < seq_of("p0501"));
    // Missions of a batched project are stored (the mission filter reads them).
    let missies: i64 = store
        .one(
            "SELECT count(*) FROM project_missie WHERE project = ?1",
            crate::db::params!["p1000"],
        )
        .unwrap();
    assert_eq!(missies, 2);
    // And their targets (a target's chain reads them).
    let linked = store.target_projects(&doelen[9]).unwrap();
    assert_eq!(linked.len(), 1_202);
    assert_eq!(linked.last(), all.last());
}

/// KIES links go to `project_kies` with the record: on a batched import, on an update that
/// changes them (old links gone), and on a replacement; an element's projects come back in id
/// order with their lists.
fn kies_links_round_trip_through_the_store(db: &TestDb) {
    let mut store = db.open();
    let k = |s: &str| -> Id { s.parse().unwrap() };
    let a = Project {
        kies: vec![k("pps-health-ri"), k("kem-co-creatie")],
        ..project("p-a", 4)
    };
    let b = Project {
        kies: vec![k("pps-health-ri")],
        ..project("p-b", 4)
    };
    store
        .add_projects(&[b.clone(), a.clone()], "anna", false)
        .unwrap();
    assert_eq!(
        store.kies_projects(&k("pps-health-ri")).unwrap(),
        vec![a.clone(), b.clone()]
    );
    assert_eq!(
        store.kies_projects(&k("kem-co-creatie")).unwrap(),
        vec![a.clone()]
    );
    assert_eq!(store.project(&a.id).unwrap().unwrap().kies, a.kies);
    // An update drops the old links and writes the new ones.
    let a2 = Project {
        kies: vec![k("tki-lsh")],
        ..a.clone()
    };
    store.update_project(&a2, "anna").unwrap();
    assert_eq!(
        store.kies_projects(&k("pps-health-ri")).unwrap(),
        vec![b.clone()]
    );
    assert!(store
        .kies_projects(&k("kem-co-creatie"))
        .unwrap()
        .is_empty());
    assert_eq!(
        store.kies_projects(&k("tki-lsh")).unwrap(),
        vec![a2.clone()]
    );
    let h = store.history(&a.id).unwrap();
    assert!(h.iter().any(|w| w.field == "kies"), "{h:?}");
    // A replacing import without the list unlinks it.
    let b2 = Project {
        kies: Vec::new(),
        ..b.clone()
    };
    store.add_projects(&[b2], "bob", true).unwrap();
    assert!(store.kies_projects(&k("pps-health-ri")).unwrap().is_empty());
}

super::on_both!(
    kies_links_round_trip_through_the_store,
    a_large_import_is_written_in_batches_in_the_files_order,
    import_refuses_known_ids_unless_replacing_and_logs_every_change,
    the_history_cannot_be_rewritten,
    atomically_undoes_every_write_when_a_later_step_fails,
    updating_an_unknown_project_is_refused,
);
