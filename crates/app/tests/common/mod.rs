//! What the use case tests share: a seeded store with the example projects, the first start's
//! administrator and a reader, on SQLite in memory or (`GEMETEN_TEST_DB=postgres`) on a fresh
//! PostgreSQL database; and a look at everything the store holds.

#![allow(dead_code)]

use gemeten_app::Herspelen;
use gemeten_domain::{Account, AuditRegel, Register, Taak};
use gemeten_prioritering::referentie_rondes;
use gemeten_store::{
    AccountStore, MonitoringStore, ProjectStore, RegisterStore, Store, WaarnemingStore,
};

pub const PASSWORD: &str = "correct-paard-batterij";
pub const PROJECTEN: &[u8] = include_bytes!("../../../../data/voorbeeld/projecten.csv");
pub const RAPPORTEN: &str = include_str!("../../../../data/voorbeeld/rapportages_2025.json");
pub const PROJECT: &str = "vb-thuismonitor-hartfalen";
pub const ACTIVITY: &str = "000-C-1";

pub fn account(username: &str, taak: Taak) -> Account {
    Account {
        username: username.parse().unwrap(),
        display_name: username.to_uppercase(),
        taak,
    }
}

pub struct Wereld {
    pub store: Store,
    pub register: Register,
    pub admin: Account,
    pub lezer: Account,
    /// The PostgreSQL database `store` is connected to, dropped after it.
    pub _pg: Option<gemeten_testpg::PgDb>,
}

/// A new store: a private in-memory SQLite database, or with `GEMETEN_TEST_DB=postgres` a
/// fresh PostgreSQL database (returned too, to live as long as the store).
pub fn new_store() -> (Store, Option<gemeten_testpg::PgDb>) {
    if std::env::var("GEMETEN_TEST_DB").as_deref() != Ok("postgres") {
        return (Store::in_memory().unwrap(), None);
    }
    let pg = gemeten_testpg::PgDb::create()
        .unwrap_or_else(|e| panic!("GEMETEN_TEST_DB=postgres, but there is no PostgreSQL: {e}"));
    (Store::open(&pg.url).unwrap(), Some(pg))
}

/// A seeded store with the example projects, the first start's administrator and a reader.
pub fn wereld() -> Wereld {
    let register = gemeten_interchange::reference_register().unwrap();
    let (mut store, pg) = new_store();
    assert!(
        gemeten_app::seed_register(&mut store, &register, &referentie_rondes().unwrap()).unwrap()
    );
    let projects =
        gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", &register).unwrap();
    let voorbeelden = gemeten_app::Voorbeelden {
        echte: Vec::new(),
        echte_bron: "test".into(),
        projects,
        observations: Vec::new(),
        bron: "test".into(),
    };
    let start =
        gemeten_app::first_start(&mut store, &register, &voorbeelden, Some(PASSWORD.into()))
            .unwrap()
            .expect("a database without users starts");
    let admin = start.admin.account;
    let lezer = account("lezer", Taak::Publiek);
    store.create_user(&lezer, PASSWORD).unwrap();
    Wereld {
        store,
        register,
        admin,
        lezer,
        _pg: pg,
    }
}

/// Everything the store holds, but the audit log.
pub fn inhoud(s: &Store) -> String {
    let projects = s.projects().unwrap();
    let histories: Vec<_> = projects.iter().map(|p| s.history(&p.id).unwrap()).collect();
    format!(
        "{:?}\n{projects:?}\n{histories:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        s.load().unwrap(),
        s.observations(None).unwrap(),
        s.rounds().unwrap(),
        s.users().unwrap(),
        s.api_tokens(None).unwrap(),
        s.activity_states().unwrap(),
        s.periods().unwrap(),
        s.reports(None).unwrap(),
        s.kpi_definities().unwrap(),
    )
}

pub fn new_entries(s: &Store, before: usize) -> Vec<AuditRegel> {
    let log = s.audit_log().unwrap();
    log[..log.len() - before].to_vec()
}
