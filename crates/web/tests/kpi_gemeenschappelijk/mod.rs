//! Shared by the KPI explorer and small-cell tests: the app over the reference register, the
//! sample projects, the synthetic sample observations and planted small cells. The test
//! files that use it declare `mod common;` too, for the store (SQLite or PostgreSQL).

#![allow(dead_code)]

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

use gemeten_domain::{Register, Waarneming};
use gemeten_indicators::{read_observations_text, Catalogus};
use gemeten_store::{ProjectStore, RegisterStore, WaarnemingStore};
use gemeten_web::router;

const PROJECTEN: &[u8] = include_bytes!("../../../../data/voorbeeld/projecten.csv");
const NATIONAAL: &str = include_str!("../../../../data/voorbeeld/waarnemingen.csv");
const REGIO: &str = include_str!("../../../../data/voorbeeld/waarnemingen_regio.csv");

/// A value that must never leave the server: it rests on 4 persons.
pub const GEPLANT: f64 = 71.234;
pub const GEPLANT_TEKST: [&str; 6] = ["71.234", "71,234", "70.111", "70,111", "72.345", "72,345"];

/// The planted small cells: the national total of 2018 (which the mission page's trajectory
/// and the FAIR package would use) and one GGD quintile cell.
pub fn geplant() -> Vec<Waarneming> {
    let base = Waarneming {
        lower: Some(70.111),
        upper: Some(72.345),
        n: Some(4),
        ..Waarneming::national(
            "gezonde_levensverwachting",
            gemeten_domain::Meetperiode::jaar(2018).unwrap(),
            GEPLANT,
            "geplant (test)",
        )
    };
    vec![
        base.clone(),
        Waarneming {
            region: "GG3406".into(),
            ses_dimensie: "inkomen5".into(),
            ses: "q2".into(),
            ..base
        },
    ]
}

pub fn observations() -> Vec<Waarneming> {
    let cat = Catalogus::standaard().unwrap();
    let mut obs = read_observations_text(NATIONAAL, "waarnemingen.csv", &cat).unwrap();
    obs.extend(read_observations_text(REGIO, "waarnemingen_regio.csv", &cat).unwrap());
    obs.extend(geplant());
    obs
}

pub fn register() -> Register {
    gemeten_interchange::reference_register().expect("reference register")
}

pub fn app() -> Router {
    app_met(gemeten_web::DEFAULT_MIN_CELL)
}

pub fn projects() -> Vec<gemeten_domain::Project> {
    gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", &register())
        .expect("example projects")
}

/// The app with this small-cell threshold.
pub fn app_met(min_cell: u64) -> Router {
    let state = crate::common::state_over(register(), |store, register| {
        store.replace(register).expect("seed");
        let projects = gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", register)
            .expect("example projects");
        store
            .add_projects(&projects, "test", false)
            .expect("projects");
        store.add_observations(&observations(), false).unwrap();
    });
    router(state.with_min_cell(min_cell))
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }
}

pub async fn get_from(app: &Router, uri: &str) -> Answer {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

pub async fn get(uri: &str) -> Answer {
    get_from(&app(), uri).await
}

/// The rows of a CSV body as header-keyed maps.
pub fn csv_rows(body: &str) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (head, rows)
}
