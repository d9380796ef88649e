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

/// A read of the portfolio in one read transaction sees one moment: writes committed by
/// another connection meanwhile (a new project, a changed one, the version they move) are
/// not half seen; the next read sees them all.
fn a_consistent_read_is_not_mixed_with_a_concurrent_write(db: &TestDb) {
    use crate::ProjectStore;
    let project = |id: &str, trl: i64| -> gemeten_domain::Project {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": format!("Project {id}"), "funder": "ZonMw",
            "status": "lopend", "missies": ["II"], "trl": trl
        }))
        .unwrap()
    };
    let mut writer = db.open();
    let reader = db.open();
    writer
        .add_projects(&[project("a", 4), project("c", 4)], "anna", false)
        .unwrap();
    let (version, first, second) = reader
        .consistently(|s| {
            let version = s.versies()?.project;
            let first = s.projects_after(None, 1)?;
            // Another connection writes between the two parts, and commits.
            writer.add_projects(&[project("b", 5)], "bob", false)?;
            let mut changed = project("c", 4);
            changed.trl = project("c", 9).trl;
            writer.update_project(&changed, "bob")?;
            let second = s.projects_after(first.last().map(|p| &p.id), 10)?;
            assert_eq!(
                s.versies()?.project,
                version,
                "the version moved inside the read"
            );
            Ok::<_, StoreError>((version, first, second))
        })
        .unwrap();
    let ids: Vec<_> = first
        .iter()
        .chain(&second)
        .map(|p| p.id.to_string())
        .collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(
        second[0].trl,
        project("c", 4).trl,
        "half of the write was seen"
    );
    // After the read, all of the write is seen, under a newer version.
    let all = reader.projects().unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].trl, project("c", 9).trl);
    assert!(reader.versies().unwrap().project > version);
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

fn project(id: &str, trl: i64) -> gemeten_domain::Project {
    serde_json::from_value(serde_json::json!({
        "id": id, "title": "Valdetectie", "funder": "NWO", "status": "lopend",
        "missies": ["II"], "trl": trl
    }))
    .unwrap()
}

/// The portfolio's counter, read on another connection than the writer's.
fn project_versie(reader: &crate::Store) -> u64 {
    reader.versies().unwrap().project
}

/// The portfolio's counter (the caches of project reads, search answers and the snapshot
/// depend on it) moves with an import once, not once per project (no insert trigger on
/// `project` since 0023), and still with a single creation, a change and a delete, whoever
/// makes them; an import that is refused moves nothing.
fn the_portfolio_counter_moves_once_per_import_and_with_every_single_change(db: &TestDb) {
    use crate::ProjectStore;
    let mut writer = db.open();
    let reader = db.open();
    let start = project_versie(&reader);

    // An import of 1 200 projects, in batches and in two parts, in one transaction.
    let projects: Vec<_> = (0..1_200)
        .map(|i| project(&format!("p-{i:04}"), 4))
        .collect();
    writer
        .atomically(|s| {
            let mut import = s.begin_project_import(false)?;
            s.import_part(&mut import, &projects[..700], "anna")?;
            s.import_part(&mut import, &projects[700..], "anna")?;
            s.finish_project_import(import)
        })
        .unwrap();
    let na_import = project_versie(&reader);
    assert!(na_import > start, "{start} → {na_import}");
    // Once per import (PostgreSQL's statement trigger and the store's own move: at most
    // two), not once per project.
    assert!(na_import - start <= 2, "{start} → {na_import}");

    // Refused (known ids without replacing): undone, the counter stays.
    assert!(writer.add_projects(&projects[..3], "anna", false).is_err());
    assert_eq!(project_versie(&reader), na_import);

    // A single new project (the same write as the web's create).
    writer
        .add_projects(&[project("nieuw", 4)], "anna", false)
        .unwrap();
    let na_nieuw = project_versie(&reader);
    assert!(na_nieuw > na_import, "{na_import} → {na_nieuw}");

    // A single change.
    let changed = project("p-0001", 7);
    let fields = writer.update_project(&changed, "anna").unwrap();
    assert_eq!(fields, vec!["trl".to_owned()]);
    let na_wijziging = project_versie(&reader);
    assert!(na_wijziging > na_nieuw, "{na_nieuw} → {na_wijziging}");

    // A replacing import of one changed project.
    let telling = writer
        .add_projects(&[project("p-0001", 8)], "anna", true)
        .unwrap();
    assert_eq!(telling.replaced, 1);
    let na_vervangen = project_versie(&reader);
    assert!(
        na_vervangen > na_wijziging,
        "{na_wijziging} → {na_vervangen}"
    );

    // A delete (no use case deletes projects; whoever does, the trigger moves it).
    writer
        .exec(
            "DELETE FROM project WHERE id = ?1",
            crate::db::params!["p-0002"],
        )
        .unwrap();
    let na_verwijderen = project_versie(&reader);
    assert!(
        na_verwijderen > na_vervangen,
        "{na_vervangen} → {na_verwijderen}"
    );
    assert_eq!(writer.project_count().unwrap(), 1_200);
}

/// Every database draws its own identity when it is made (0024) and keeps it: files kept
/// beside a database are keyed by it, so a database made anew must not share it.
fn a_database_has_its_own_identity_for_good(db: &TestDb) {
    let id = db.open().database_id().unwrap();
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    assert_eq!(db.open().database_id().unwrap(), id, "reopened");
    let other = match db {
        TestDb::Sqlite(_) => TestDb::sqlite(),
        TestDb::Postgres(_) => TestDb::postgres().expect("a second database"),
    };
    assert_ne!(other.open().database_id().unwrap(), id);
}

/// A copy of a database (a copied SQLite file; a PostgreSQL database made from it as a
/// template, as a restored dump is) carries its identity along and reaches the same
/// portfolio versions with other content once it is written to by itself. The marks of the
/// versions (0025) tell them apart: both agree on the stands of their common past, and
/// neither takes a stand the other reached after they parted for one of its own, though
/// its number is the same. Any text of `database_id` (one set by hand) makes a stand.
fn a_copy_agrees_on_its_past_and_not_on_what_it_reached_by_itself(db: &TestDb) {
    use crate::ProjectStore;
    let mut store = db.open();
    store
        .add_projects(&[project("p-0001", 3), project("p-0002", 3)], "anna", false)
        .unwrap();
    let gedeeld = store.portfolio_stand().unwrap();
    assert!(store.was_op(&gedeeld).unwrap());
    drop(store);
    let kopie = db.kopie();
    let (mut a, mut b) = (db.open(), kopie.open());
    assert_eq!(a.database_id().unwrap(), b.database_id().unwrap());
    assert_eq!(
        b.portfolio_stand().unwrap(),
        gedeeld,
        "the copy stands where it was made"
    );
    assert!(b.was_op(&gedeeld).unwrap());

    // Each moves on by itself, by the same number of versions.
    a.update_project(&project("p-0001", 5), "anna").unwrap();
    b.update_project(&project("p-0002", 7), "bert").unwrap();
    let (na, nb) = (a.portfolio_stand().unwrap(), b.portfolio_stand().unwrap());
    assert_eq!(na.versie, nb.versie);
    assert!(na.versie > gedeeld.versie, "{gedeeld:?} → {na:?}");
    assert_eq!(na.database, nb.database);
    assert_ne!(na.merk, nb.merk, "{na:?} {nb:?}");
    assert!(
        !a.was_op(&nb).unwrap(),
        "the original takes the copy's new stand"
    );
    assert!(
        !b.was_op(&na).unwrap(),
        "the copy takes the original's new stand"
    );
    // Their common past stays theirs, and each its own stand.
    assert!(a.was_op(&gedeeld).unwrap() && b.was_op(&gedeeld).unwrap());
    assert!(a.was_op(&na).unwrap() && b.was_op(&nb).unwrap());
    // A version not reached yet is no one's.
    let later = crate::PortfolioStand {
        versie: na.versie + 1,
        ..na
    };
    assert!(!a.was_op(&later).unwrap());

    // A stand read as its text is the same stand.
    assert_eq!(crate::PortfolioStand::lees(&na.sleutel()), Some(na));
    assert_eq!(crate::PortfolioStand::lees("00-1-00"), None);

    // An identity set by hand to any text: a stand still, of another database.
    a.zet_instelling("database_id", "kopie van 3 mei / niet hex")
        .unwrap();
    let eigen = a.portfolio_stand().unwrap();
    assert_ne!(eigen.database, na.database);
    assert_eq!((eigen.versie, eigen.merk), (na.versie, na.merk));
    assert!(a.was_op(&eigen).unwrap());
    assert!(!a.was_op(&na).unwrap());
    drop((a, b));
    drop(kopie);
}

/// A replacing import moves the counter once per replaced project, each move drawing a mark;
/// only the import's last version keeps its mark (the others were never committed), so the
/// marks grow by one per import, not per project, and the stand after it is the database's.
fn a_replacing_import_keeps_one_mark(db: &TestDb) {
    use crate::ProjectStore;
    let mut store = db.open();
    let merken = |s: &crate::Store| -> i64 {
        s.row("SELECT count(*) FROM portfolio_merk", &[], |r| r.get(0))
            .unwrap()
            .unwrap()
    };
    let projects: Vec<_> = (0..300).map(|i| project(&format!("p-{i:04}"), 4)).collect();
    store.add_projects(&projects, "anna", false).unwrap();
    let voor = (merken(&store), store.portfolio_stand().unwrap());
    let changed: Vec<_> = (0..300).map(|i| project(&format!("p-{i:04}"), 6)).collect();
    let telling = store.add_projects(&changed, "anna", true).unwrap();
    assert_eq!(telling.replaced, 300);
    let na = store.portfolio_stand().unwrap();
    assert!(na.versie >= voor.1.versie + 300, "{voor:?} → {na:?}");
    assert_eq!(merken(&store), voor.0 + 1, "one mark for the import");
    assert!(store.was_op(&na).unwrap() && store.was_op(&voor.1).unwrap());
}

super::on_both!(
    a_replacing_import_keeps_one_mark,
    a_copy_agrees_on_its_past_and_not_on_what_it_reached_by_itself,
    a_database_has_its_own_identity_for_good,
    the_portfolio_counter_moves_once_per_import_and_with_every_single_change,
    counters_move_with_their_area_only,
    pooled_connections_read_while_one_writes,
    a_newer_schema_is_refused,
    a_consistent_read_is_not_mixed_with_a_concurrent_write,
);
