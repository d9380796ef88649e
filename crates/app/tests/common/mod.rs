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
    ) + &format!(
        "\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        s.assessments(None).unwrap(),
        s.calls().unwrap(),
        s.contributions().unwrap(),
        s.meetings(None).unwrap(),
        s.innovation_targets(None, None).unwrap()
    )
}

/// The six ROCKET principles of the reference register.
pub const ROCKET: [&str; 6] = [
    "rocket-r", "rocket-o", "rocket-c", "rocket-k", "rocket-e", "rocket-t",
];

/// Judgements of every ROCKET principle with `score`.
pub fn rocket_oordelen(score: u8) -> Vec<gemeten_domain::Oordeel> {
    ROCKET
        .iter()
        .map(|m| gemeten_domain::Oordeel {
            maatstaf: m.parse().unwrap(),
            score: Some(score),
            oordeel: None,
            toelichting: format!("toelichting bij {m}").parse().unwrap(),
        })
        .collect()
}

/// An assessment of project `project` on every ROCKET principle with `score`.
pub fn rocket_beoordeling(project: &str, score: u8) -> gemeten_app::NieuweBeoordeling {
    gemeten_app::NieuweBeoordeling {
        soort: gemeten_domain::OnderwerpSoort::Project,
        onderwerp: project.parse().unwrap(),
        kader: gemeten_domain::Kader::Rocket,
        oordelen: rocket_oordelen(score),
        datum: Some("2026-03-01".parse().unwrap()),
    }
}

/// A call of the mission II instrument `wozo-spuk-dos` that requires a ROCKET
/// self-assessment and a contribution to the -30 (`C-ses-verschil`).
pub fn oproep(id: &str) -> gemeten_domain::Oproep {
    gemeten_domain::Oproep {
        id: id.parse().unwrap(),
        instrument: "wozo-spuk-dos".parse().unwrap(),
        title_nl: "Oproep thuis als het kan".parse().unwrap(),
        title_en: None,
        opens: "2026-01-01".parse().unwrap(),
        closes: "2026-06-30".parse().unwrap(),
        requires_rocket: true,
        requires_target: Some("C-ses-verschil".parse().unwrap()),
    }
}

pub fn new_entries(s: &Store, before: usize) -> Vec<AuditRegel> {
    let log = s.audit_log().unwrap();
    log[..log.len() - before].to_vec()
}

/// A meeting of `orgaan` on 2026-03-10 with one decision and one action linked to activity
/// 000-INT-1, KPI `gezonde_levensverwachting` and the example project.
pub fn vergadering(orgaan: &str) -> gemeten_domain::Vergadering {
    serde_json::from_value(serde_json::json!({
        "orgaan": orgaan,
        "datum": "2026-03-10",
        "titel": "Programmeringsoverleg",
        "besluiten": ["De jaarcyclus start in maart"],
        "acties": [{
            "text": "Eigenaar zoeken voor het internationaal overleg",
            "owner": "Topsector LSH",
            "due": "2026-06-01",
            "activiteiten": ["000-INT-1"],
            "kpis": ["gezonde_levensverwachting"],
            "projecten": [PROJECT]
        }]
    }))
    .unwrap()
}
