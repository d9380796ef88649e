//! register: the shared suite, run on SQLite and on PostgreSQL.

use gemeten_domain::Register;

use super::support::TestDb;
use crate::db::{Dialect, Value};
use crate::{RegisterStore, SCHEMA_VERSION};

const SMALL: &str = include_str!("../../../interchange/tests/fixtures/small.json");

fn small() -> Register {
    gemeten_interchange::from_json(SMALL.as_bytes(), "small.json").unwrap()
}

fn link_tables_are_recognised_by_shape_not_by_a_list(db: &TestDb) {
    let store = db.open();
    assert!(store.link_tables.contains("instrument_eligible"));
    assert!(store.link_tables.contains("activiteit_initiatiefnemers"));
    // Named like a link table of `activiteit`, but monitoring's own table.
    assert!(!store.link_tables.contains("activiteit_update"));
    assert!(!store.link_tables.contains("project_missie"));
}

fn new_store_is_empty_and_migrated(db: &TestDb) {
    let store = db.open();
    assert!(store.is_empty().unwrap());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    // Opening again migrates nothing more.
    assert_eq!(db.open().schema_version().unwrap(), SCHEMA_VERSION);
    if store.dialect() == Dialect::Sqlite {
        let pragma = |name: &str| store.db.query(&format!("PRAGMA {name}"), &[]).unwrap();
        assert_eq!(
            pragma("journal_mode")[0].values(),
            [Value::Text("wal".into())]
        );
        assert_eq!(pragma("foreign_keys")[0].values(), [Value::Int(1)]);
    }
}

fn what_is_stored_is_what_is_loaded(db: &TestDb) {
    let mut store = db.open();
    let register = small();
    store.replace(&register).unwrap();
    assert!(!store.is_empty().unwrap());
    assert_eq!(store.load().unwrap(), register);
    // And after reopening the database.
    drop(store);
    let store = db.open();
    assert_eq!(store.load().unwrap(), register);
}

fn foreign_keys_are_enforced(db: &TestDb) {
    let mut store = db.open();
    store.replace(&small()).unwrap();
    let err = store
        .db
        .execute(
            "INSERT INTO kia_vraag_missies (owner, pos, value) VALUES ('001-II-01', 5, 'VII')",
            &[],
        )
        .unwrap_err();
    assert!(
        err.to_string().to_lowercase().contains("foreign key"),
        "{err}"
    );
}

fn a_failed_replace_leaves_the_old_register(db: &TestDb) {
    let mut store = db.open();
    let old = small();
    store.replace(&old).unwrap();
    // Make the last table of the replacement fail, after all others were rewritten.
    let trigger = match store.dialect() {
        Dialect::Sqlite => {
            "CREATE TRIGGER refuse BEFORE INSERT ON aanbeveling
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;"
        }
        Dialect::Postgres => {
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
             CREATE TRIGGER refuse BEFORE INSERT ON aanbeveling
             FOR EACH ROW EXECUTE FUNCTION refuse();"
        }
    };
    store.db.batch(trigger).unwrap();
    let mut parts = old.clone().into_parts();
    parts.missie[1].title_nl = "Gewijzigd".parse().unwrap();
    parts.organisatie.clear();
    parts.activiteit[0].initiatiefnemers.clear();
    parts.aanbeveling[0].organisaties.clear();
    let new = Register::new(parts).unwrap();
    let err = store.replace(&new).unwrap_err();
    assert!(err.to_string().contains("refused for the test"), "{err}");
    assert_eq!(store.load().unwrap(), old);
}

fn replace_replaces_everything(db: &TestDb) {
    let mut store = db.open();
    store.replace(&small()).unwrap();
    store.replace(&Register::default()).unwrap();
    assert!(store.is_empty().unwrap());
}

super::on_both!(
    link_tables_are_recognised_by_shape_not_by_a_list,
    new_store_is_empty_and_migrated,
    what_is_stored_is_what_is_loaded,
    foreign_keys_are_enforced,
    a_failed_replace_leaves_the_old_register,
    replace_replaces_everything,
);

/// An error names the target without the password of a URL, and the database's message.
#[test]
fn an_unreachable_postgresql_is_an_error_without_its_password() {
    let url = "postgresql://gemeten:geheim@%2Fnonexistent-gemeten:5999/gemeten";
    let err = crate::Store::open(url)
        .err()
        .expect("nothing listens there");
    let msg = err.to_string();
    assert!(msg.contains("postgresql://gemeten:***@"), "{msg}");
    assert!(!msg.contains("geheim"), "{msg}");
    assert!(msg.contains("error connecting to server"), "{msg}");
}
