//! The chain of a target (issue 12, item 6): `/doelen/{id}` and its API, the mission page's
//! links to it and its ROCKET section, and a project's targets through the form and `PUT`.

mod common;

use axum::http::{Method, StatusCode};

use common::{
    api, app, fingerprint, get_page, login, post_form, rocket_json, send, token, PROJECT,
};

/// The example projects that link mission II's first target (`data/voorbeeld/projecten.csv`).
const LINKED: [&str; 3] = [
    "vb-regioplan-twente",
    "vb-thuismonitor-hartfalen",
    "vb-zorgrobot-medicatie",
];

#[tokio::test]
async fn the_mission_page_links_every_target_to_its_chain_page() {
    let (app, state) = app();
    let page = send(&app, get_page("/missies/II", None)).await;
    assert_eq!(page.status, StatusCode::OK);
    let register = &state.register;
    let targets: Vec<&gemeten_domain::Doel> = register
        .parts()
        .doel
        .iter()
        .filter(|d| d.missie == gemeten_domain::MissieCode::II)
        .collect();
    assert!(targets.len() >= 5);
    for d in targets {
        assert!(
            page.body.contains(&format!("href=\"/doelen/{}\"", d.id)),
            "{}",
            d.id
        );
    }
    // The chain page of the first target, in Dutch and in English.
    let chain = send(&app, get_page("/doelen/II-zorg-in-leefomgeving", None)).await;
    assert_eq!(chain.status, StatusCode::OK, "{}", chain.body);
    let b = &chain.body;
    assert!(b.contains("Status van de KPI"));
    for p in LINKED {
        assert!(b.contains(&format!("href=\"/projecten/{p}\"")), "{p}");
    }
    assert!(!b.contains("href=\"/projecten/vb-valdetectie-thuis\""));
    assert!(
        b.contains("3 van deze projecten zijn verzonnen voorbeelden"),
        "{b}"
    );
    assert!(b.contains("verzonnen voorbeeld"));
    // vb-regioplan-twente is funded from the IZA transformation plans.
    assert!(b.contains("id=\"instrumenten\""));
    let iza = register
        .parts()
        .instrument
        .iter()
        .find(|i| i.id.as_str() == "iza-transformatieplannen")
        .unwrap();
    assert!(b.contains(&iza.name_nl.to_string()), "{b}");
    // The status of a target without a public series says which series would measure it.
    assert!(b.contains("geen openbare meetreeks in gemeten") || b.contains("class=\"traject\""));
    let en = send(
        &app,
        get_page("/doelen/II-zorg-in-leefomgeving?lang=en", None),
    )
    .await;
    assert!(en.body.contains("Status of the KPI"));
    assert!(en.body.contains("made-up example"));

    // A target no project links: the empty states say how to link one.
    let leeg = send(&app, get_page("/doelen/II-een-op-zes", None)).await;
    assert_eq!(leeg.status, StatusCode::OK);
    assert!(leeg
        .body
        .contains("Nog geen project zegt bij te dragen aan dit doel"));
    assert!(leeg.body.contains("--doel"));
    // An unknown target: 404.
    let geen = send(&app, get_page("/doelen/bestaat-niet", None)).await;
    assert_eq!(geen.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_gives_the_chain_as_json() {
    let (app, _state) = app();
    let a = send(
        &app,
        api(
            Method::GET,
            "/api/v1/doelen/II-zorg-in-leefomgeving/keten",
            None,
            "",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let j = a.json();
    assert_eq!(j["doel"]["id"], "II-zorg-in-leefomgeving");
    let ids: Vec<&str> = j["projecten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, LINKED);
    assert_eq!(j["voorbeelden"], 3);
    assert!(j["projecten"][0]["voorbeeld"].as_bool().unwrap());
    let iza = j["instrumenten"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["instrument"]["id"] == "iza-transformatieplannen")
        .expect("the instrument that funds vb-regioplan-twente");
    assert_eq!(iza["funds"], serde_json::json!(["vb-regioplan-twente"]));
    // Funding instruments come first.
    assert!(!j["instrumenten"][0]["funds"].as_array().unwrap().is_empty());
    assert_eq!(j["voortgang"]["doel"], "II-zorg-in-leefomgeving");
    assert!(j["voortgang"]["status"].is_string());

    let a = send(
        &app,
        api(Method::GET, "/api/v1/doelen/bestaat-niet/keten", None, ""),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.json()["field"], "id");
    let a = send(
        &app,
        api(Method::GET, "/api/v1/doelen/a%20b/keten", None, ""),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_project_links_targets_through_put_and_the_form_and_a_foreign_target_is_refused() {
    let (app, state) = app();
    let admin = token(&state, "admin");
    let uri = format!("/api/v1/projecten/{PROJECT}");
    // Mission IV's target for a project of missions II and III: 422, the place named,
    // nothing written.
    let before = fingerprint(&state);
    let a = send(
        &app,
        api(
            Method::PUT,
            &format!("{uri}?lang=en"),
            Some(&admin),
            r#"{"doelen": ["III-meedoen", "IV-kwaliteit-van-leven"]}"#,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    let j = a.json();
    assert_eq!(j["field"], "doelen[1]");
    assert!(
        j["error"]
            .as_str()
            .unwrap()
            .contains("belongs to mission IV, which the project is not linked to"),
        "{j}"
    );
    assert_eq!(fingerprint(&state), before);

    let a = send(
        &app,
        api(
            Method::PUT,
            &uri,
            Some(&admin),
            r#"{"doelen": ["III-meedoen"]}"#,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["changed"], serde_json::json!(["doelen"]));
    let chain = send(
        &app,
        api(Method::GET, "/api/v1/doelen/III-meedoen/keten", None, ""),
    )
    .await;
    assert!(chain.json()["projecten"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == PROJECT));
    // The project page links its targets' chains; the form offers its missions' targets
    // and the central mission's, the linked one ticked.
    let umc = login(&app, "umc").await;
    let page = send(&app, get_page(&format!("/projecten/{PROJECT}"), Some(&umc))).await;
    assert!(page.body.contains("href=\"/doelen/III-meedoen\""));
    assert!(page.body.contains("id=\"doel-C-ses-verschil\""));
    assert!(!page.body.contains("id=\"doel-IV-kwaliteit-van-leven\""));
    assert!(
        page.body
            .contains("value=\"III-meedoen\" id=\"doel-III-meedoen\" checked"),
        "{}",
        page.body
    );

    // The form: a forged box for another mission's target comes back with the field named.
    let before = fingerprint(&state);
    let body = "status=lopend&doelen=&doelen=V-bescherming";
    let a = send(
        &app,
        post_form(&format!("/projecten/{PROJECT}"), &umc, body),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("<code>doelen[0]</code>"), "{}", a.body);
    assert_eq!(fingerprint(&state), before);
    // No box ticked: the links are cleared.
    let a = send(
        &app,
        post_form(
            &format!("/projecten/{PROJECT}"),
            &umc,
            "status=lopend&doelen=",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let chain = send(
        &app,
        api(Method::GET, "/api/v1/doelen/III-meedoen/keten", None, ""),
    )
    .await;
    assert!(!chain.json()["projecten"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == PROJECT));
}

/// The ROCKET section of the mission page counts the examples apart, and an assessment
/// shows at once: the page's cache is keyed by the assessments' version.
#[tokio::test]
async fn the_mission_page_shows_rocket_and_follows_a_new_assessment() {
    let (app, state) = app();
    let section = |body: &str| {
        let start = body.find("id=\"rocket\"").expect("the ROCKET section");
        let end = start + body[start..].find("</table>").expect("its table");
        body[start..end].to_owned()
    };
    let before = send(&app, get_page("/missies/II", None)).await;
    let s = section(&before.body);
    assert!(s.contains("Echte projecten"));
    assert!(s.contains("Verzonnen voorbeelden (vb-…)"));
    let j = send(&app, api(Method::GET, "/api/v1/missies/II", None, ""))
        .await
        .json();
    assert_eq!(j["rocket"]["echt"]["projecten"], 0);
    assert_eq!(j["rocket"]["voorbeelden"]["met_rocket"], 0);
    let n = j["rocket"]["voorbeelden"]["projecten"].as_u64().unwrap();
    assert!(n >= 7, "{n}");

    let admin = token(&state, "admin");
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/beoordelingen",
            Some(&admin),
            &rocket_json("project", PROJECT, 4),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let after = send(&app, get_page("/missies/II", None)).await;
    let s2 = section(&after.body);
    assert_ne!(s, s2, "the page is rendered again after the assessment");
    let j = send(&app, api(Method::GET, "/api/v1/missies/II", None, ""))
        .await
        .json();
    assert_eq!(j["rocket"]["voorbeelden"]["met_rocket"], 1);
    assert_eq!(j["rocket"]["voorbeelden"]["gemiddelde"], 4.0);
    assert_eq!(j["rocket"]["echt"]["met_rocket"], 0);
}
