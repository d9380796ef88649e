//! Small cells never reach the public: a value planted with n = 4 (71.234, interval
//! 70.111–72.345) appears in no response of any GET route of the API (walked from
//! `api_operations()` with real parameters) nor of any page, the KPI explorer, its CSV and
//! the FAIR package included. With the policy switched off the same walk finds it, so the
//! walk can see a leak.

mod common;
mod kpi_gemeenschappelijk;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use axum::Router;
use serde_json::Value;

use gemeten_domain::MissieCode;
use gemeten_indicators::Catalogus;
use gemeten_web::api_operations;
use kpi_gemeenschappelijk::{app, app_met, get_from, projects, register, GEPLANT_TEKST};

/// Queries for the KPI routes that reach the planted cells in every way a choice can.
const KPI_QUERIES: &[&str] = &[
    "",
    "?periode=2018",
    "?regio=GG3406&ses=q2",
    "?regio=GG3406&ses=alle",
    "?regio=GG3406&ses=q2&periode=2018",
    "?regio=alle-ggd&ses=q2&periode=2018",
    "?regio=alle-ggd&periode=2018",
    "?regio=alle-ggd&ses=alle&geslacht=alle&leeftijd=alle",
    "?ses=alle&geslacht=alle&leeftijd=alle",
    "?regio=alle-ggd&ses=q2&periode=2018&lang=en",
];

fn ids_from_list(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get("id").or_else(|| x.get("code")))
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Every GET path of the API with real parameters.
async fn api_uris(app: &Router) -> Vec<String> {
    let cat = Catalogus::standaard().unwrap();
    let project_ids: Vec<String> = projects().iter().map(|p| p.id.to_string()).collect();
    let innovation_ids: Vec<String> = register()
        .parts()
        .innovatie
        .iter()
        .map(|i| i.id.to_string())
        .collect();
    let catalogue = get_from(app, "/api/v1/fair/catalogus.jsonld").await.body;
    let files: BTreeSet<String> = catalogue
        .split('"')
        .filter_map(|s| s.strip_prefix("http://127.0.0.1:8080/api/v1"))
        .filter(|s| s.starts_with("/fair/bestanden/"))
        .map(str::to_owned)
        .collect();
    // Dataset and distribution identifiers resolve to metadata: walk them too.
    let (distributions, datasets): (BTreeSet<String>, BTreeSet<String>) = catalogue
        .split('"')
        .filter_map(|s| s.strip_prefix("http://127.0.0.1:8080/api/v1"))
        .filter(|s| s.starts_with("/fair/datasets/"))
        .map(str::to_owned)
        .partition(|s| s.contains("/distributies/"));
    assert!(
        files
            .iter()
            .any(|f| f.contains("gezonde_levensverwachting")),
        "the FAIR package has the KPI's series: {files:?}"
    );
    let mut uris = Vec::new();
    for (method, path) in api_operations() {
        if method != "get" {
            continue;
        }
        let expanded: Vec<String> = match path {
            p if !p.contains('{') => KPI_QUERIES
                .iter()
                .filter(|q| p == "/kpi" || q.is_empty())
                .map(|q| format!("{p}{q}"))
                .collect(),
            "/missies/{code}"
            | "/missies/{code}/synthese"
            | "/missies/{code}/rocket"
            | "/missies/{code}/kies"
            | "/missies/{code}/jaaragenda" => MissieCode::ALL
                .iter()
                .map(|c| path.replace("{code}", c.code()))
                .collect(),
            "/kpi/{code}" => cat.kpis.keys().map(|k| format!("/kpi/{k}")).collect(),
            // Every target's chain: its progress is drawn from the observations.
            // Every element of the ecosystem: its projects are listed.
            "/kies/{id}" => gemeten_interchange::reference_register()
                .unwrap()
                .parts()
                .kies_knoop
                .iter()
                .map(|k| format!("/kies/{}", k.id))
                .collect(),
            "/doelen/{id}/keten" => gemeten_interchange::reference_register()
                .unwrap()
                .parts()
                .doel
                .iter()
                .map(|d| format!("/doelen/{}/keten", d.id))
                .collect(),
            "/kpi/{code}/waarnemingen" => cat
                .kpis
                .keys()
                .flat_map(|k| {
                    KPI_QUERIES
                        .iter()
                        .map(move |q| format!("/kpi/{k}/waarnemingen{q}"))
                })
                .collect(),
            // Every area profile: the planted GGD cell's region among them.
            "/gebieden/{code}" => cat
                .regios
                .values()
                .filter(|r| r.level != "land")
                .map(|r| format!("/gebieden/{}", r.code))
                .collect(),
            "/projecten/{id}" => project_ids
                .iter()
                .map(|id| format!("/projecten/{id}"))
                .collect(),
            "/route/{id}" | "/innovaties/{id}" => project_ids
                .iter()
                .chain(&innovation_ids)
                .map(|id| path.replace("{id}", id))
                .collect(),
            "/fair/bestanden/{bestand}" => files.iter().cloned().collect(),
            "/fair/datasets/{dataset}" => datasets.iter().cloned().collect(),
            "/fair/datasets/{dataset}/distributies/{bestand}" => {
                distributions.iter().cloned().collect()
            }
            p if p.ends_with("/{id}") && p.matches('{').count() == 1 => {
                // A listed collection: its members' ids.
                let list = p.trim_end_matches("/{id}");
                let ids = ids_from_list(&get_from(app, &format!("/api/v1{list}")).await.json());
                ids.iter().map(|id| format!("{list}/{id}")).collect()
            }
            p => panic!("the small-cell walk needs real parameters for GET {p}"),
        };
        uris.extend(expanded.into_iter().map(|u| format!("/api/v1{u}")));
    }
    uris
}

async fn page_uris() -> Vec<String> {
    let mut uris: Vec<String> = [
        "/",
        "/projecten",
        "/innovaties",
        "/rondes",
        "/zoeken?q=gezond",
        "/gebieden",
        "/gebieden/GG3406",
        "/gebieden/GG3406?lang=en",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    uris.extend(MissieCode::ALL.iter().map(|c| format!("/missies/{c}")));
    uris.extend(
        MissieCode::ALL
            .iter()
            .map(|c| format!("/missies/{c}?lang=en")),
    );
    uris.extend(projects().iter().map(|p| format!("/projecten/{}", p.id)));
    for kpi in Catalogus::standaard().unwrap().kpis.keys() {
        // The indicator page: its national table, gaps, map and trend.
        uris.push(format!("/kpi/{kpi}"));
        for q in KPI_QUERIES {
            let q = q.trim_start_matches('?');
            uris.push(format!("/kpi?kpi={kpi}&{q}"));
            uris.push(format!("/kpi.csv?kpi={kpi}&{q}"));
            uris.push(format!("/kpi.csv?kpi={kpi}&{q}&excel=1"));
        }
    }
    uris
}

/// The URIs whose answer contains the planted value or its interval.
async fn leaks(app: &Router, uris: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for uri in uris {
        let a = get_from(app, uri).await;
        assert!(
            !a.status.is_server_error(),
            "{uri}: {} {}",
            a.status,
            a.body
        );
        if GEPLANT_TEKST.iter().any(|t| a.body.contains(t)) {
            found.push(uri.clone());
        }
    }
    found
}

#[tokio::test]
async fn a_planted_small_cell_appears_in_no_response() {
    let app = app();
    let mut uris = api_uris(&app).await;
    uris.extend(page_uris().await);
    assert!(uris.len() > 300, "the walk is broad: {}", uris.len());
    let found = leaks(&app, &uris).await;
    assert!(found.is_empty(), "small cell leaked in: {found:?}");
    // Withheld, not silently dropped, where the explorer lists it.
    let page = get_from(&app, "/kpi?kpi=gezonde_levensverwachting&periode=2018").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("onderdrukt (kleine aantallen)"),
        "{}",
        page.body
    );
    let json = get_from(
        &app,
        "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?periode=2018",
    )
    .await
    .json();
    let row = &json["observations"][0];
    assert_eq!(row["suppressed"], true);
    assert!(row["value"].is_null() && row["lower"].is_null() && row["n"].is_null());
}

#[tokio::test]
async fn without_the_policy_the_walk_finds_the_value() {
    let app = app_met(0);
    let found = leaks(
        &app,
        &[
            "/kpi?kpi=gezonde_levensverwachting&periode=2018".to_owned(),
            "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?periode=2018".to_owned(),
            "/missies/C".to_owned(),
        ],
    )
    .await;
    assert_eq!(found.len(), 3, "{found:?}");
}
