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
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
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

/// An administrator defines an SES breakdown with the KPI that uses it in one request; with
/// observations by that breakdown stored, the indicator page computes the gap (highest minus
/// lowest group, in the breakdown's order) and the SII from the stated shares, and the
/// explorer names the groups by their labels. Reordering the groups in use is refused.
#[tokio::test]
async fn an_administrator_breakdown_is_defined_through_the_api_and_gaps_use_it() {
    let (app, state) = app();
    let admin = token(&state, "admin");
    let mut body = serde_json::json!({
        "ses_dimensie": [{
            "code": "wijkstatus",
            "name_nl": "Status van de wijk",
            "name_en": "Neighbourhood status",
            "groepen": ["wijk_laag", "wijk_midden", "wijk_hoog"],
            "labels_nl": ["lage status", "middenstatus", "hoge status"],
            "labels_en": ["low status", "middle status", "high status"],
            "aandelen": [0.3, 0.4, 0.3],
        }],
        "kpi": [{
            "code": "rokers_wijk",
            "name_nl": "Rokers naar wijkstatus",
            "name_en": "Smokers by neighbourhood status",
            "unit": "%",
            "direction": "lower",
            "source": "GGD",
            "breakdowns": ["ses"],
            "ses_dimensies": ["wijkstatus"],
        }],
    });
    let a = send(
        &app,
        api(Method::POST, "/api/v1/kpi", Some(&admin), &body.to_string()),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.json());
    assert_eq!(
        a.json()["defined"],
        serde_json::json!(["wijkstatus", "rokers_wijk"])
    );
    with_store(&state, |s| {
        let obs: Vec<_> = [
            ("wijk_laag", 28.0),
            ("wijk_midden", 20.0),
            ("wijk_hoog", 12.0),
        ]
        .into_iter()
        .map(|(g, v)| {
            let mut w = gemeten_domain::Waarneming::national(
                "rokers_wijk",
                gemeten_domain::Meetperiode::jaar(2023).unwrap(),
                v,
                "test",
            );
            w.ses_dimensie = "wijkstatus".into();
            w.ses = g.into();
            w
        })
        .collect();
        s.add_observations(&obs, false).unwrap();
    });
    let json = send(&app, api(Method::GET, "/api/v1/kpi/rokers_wijk", None, ""))
        .await
        .json();
    let gap = &json["verschillen"][0];
    assert_eq!(gap["dimensie"], "wijkstatus");
    assert_eq!(gap["absoluut"], -16.0, "{gap}");
    assert!(gap["sii"]["waarde"].as_f64().unwrap() < 0.0, "{gap}");
    let page = send(
        &app,
        common::get_page("/kpi?kpi=rokers_wijk&ses=wijk_hoog&lang=en", None),
    )
    .await;
    assert!(
        page.body.contains("Neighbourhood status: high status"),
        "{}",
        page.body
    );

    body["ses_dimensie"][0]["groepen"] =
        serde_json::json!(["wijk_hoog", "wijk_midden", "wijk_laag"]);
    let a = send(
        &app,
        api(Method::POST, "/api/v1/kpi", Some(&admin), &body.to_string()),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.json().to_string().contains("volgorde"), "{:?}", a.json());
}
