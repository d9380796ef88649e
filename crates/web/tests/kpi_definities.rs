//! `POST /api/v1/kpi`: an administrator defines a KPI, which the catalogue then shows (the
//! cached catalogue follows the store's `kpi` counter); a reader is refused and the refusal is
//! recorded; a unit change on a KPI with observations is refused and nothing changes.

mod common;

use axum::http::{Method, StatusCode};
use common::{api, app, send, token, with_store};
use gemeten_store::WaarnemingStore;

fn roken(unit: &str) -> String {
    serde_json::json!([{
        "code": "rokers_jongeren",
        "name_nl": "Rokende jongeren",
        "name_en": "Young smokers",
        "unit": unit,
        "direction": "lower",
        "source": "Trimbos",
        "breakdowns": ["sex"],
    }])
    .to_string()
}

#[tokio::test]
async fn administrators_define_kpis_through_the_api() {
    let (app, state) = app();
    let codes = |v: serde_json::Value| -> Vec<String> {
        v["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|k| k["code"].as_str().map(str::to_owned))
            .collect()
    };
    // Read once, so the catalogue is cached before the change.
    let before = send(&app, api(Method::GET, "/api/v1/kpi", None, "")).await;
    assert!(!codes(before.json()).contains(&"rokers_jongeren".to_owned()));

    let lezer = token(&state, "lezer");
    let a = send(
        &app,
        api(Method::POST, "/api/v1/kpi", Some(&lezer), &roken("%")),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(
        common::refusals(&state)[0].1,
        "geweigerd: KPI-definities vastgelegd"
    );

    let admin = token(&state, "admin");
    let a = send(
        &app,
        api(Method::POST, "/api/v1/kpi", Some(&admin), &roken("%")),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.json());
    let after = send(&app, api(Method::GET, "/api/v1/kpi", None, "")).await;
    assert!(codes(after.json()).contains(&"rokers_jongeren".to_owned()));

    // With an observation stored, another unit is refused naming KPI, field and reason.
    with_store(&state, |s| {
        let w = gemeten_domain::Waarneming::national(
            "rokers_jongeren",
            gemeten_domain::Meetperiode::jaar(2023).unwrap(),
            4.0,
            "test",
        );
        s.add_observations(&[w], false).unwrap();
    });
    let stored = with_store(&state, |s| s.kpi_definities().unwrap());
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/kpi",
            Some(&admin),
            &roken("per 1000"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let body = a.json().to_string();
    assert!(
        body.contains("KPI 'rokers_jongeren', veld `unit`"),
        "{body}"
    );
    assert_eq!(with_store(&state, |s| s.kpi_definities().unwrap()), stored);
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_administrators_page_lists_and_stores_definitions() {
    let (app, _state) = app();
    let lezer = common::login(&app, "lezer").await;
    let a = send(&app, common::get_page("/beheer/kpis", Some(&lezer))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);

    let admin = common::login(&app, "admin").await;
    let a = send(&app, common::get_page("/beheer/kpis", Some(&admin))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("textarea"), "{}", a.body);
    let toml = "[[kpi]]\ncode = \"rokers_jongeren\"\nname_nl = \"Rokende jongeren\"\n\
                name_en = \"Young smokers\"\nunit = \"%\"\ndirection = \"lower\"\n\
                source = \"Trimbos\"\nbreakdowns = []\n";
    let body = format!("toml={}", form_encode(toml));
    let a = send(&app, common::post_form("/beheer/kpis", &admin, &body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("/kpi/rokers_jongeren"), "{}", a.body);
    // A bad one is refused, naming the field, with the text kept.
    let bad = toml.replace("Young smokers", " ");
    let body = format!("toml={}", form_encode(&bad));
    let a = send(&app, common::post_form("/beheer/kpis", &admin, &body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.body.contains("veld `name_en`: mag niet leeg zijn"),
        "{}",
        a.body
    );
}
