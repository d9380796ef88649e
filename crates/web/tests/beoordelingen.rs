//! Assessments on ROCKET and the kernelementen in the browser and the API: the form on a
//! project's page for who may assess it, `POST /beoordelingen` through the same use case as
//! `POST /api/v1/beoordelingen`, refusals as pages and as JSON, the principles and the −30
//! synthesis.

mod common;

use axum::http::{Method, StatusCode};

use gemeten_store::AccountStore;

use common::{
    api, app, fingerprint, get_page, login, post_form, refusals, rocket_form, rocket_json, send,
    token, PROJECT,
};

#[tokio::test]
async fn a_contributor_assesses_its_project_on_rocket_through_the_form() {
    let (app, state) = app();
    let uri = format!("/projecten/{PROJECT}");
    let umc = login(&app, "umc").await;
    let page = send(&app, get_page(&uri, Some(&umc))).await;
    assert!(
        page.body.contains("action=\"/beoordelingen\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"beoordelen-rocket\""));
    assert!(page.body.contains("id=\"beoordelen-kernelement\""));
    assert!(page.body.contains("Nog niet beoordeeld."));
    // Not for a reader or another organisation.
    for other in ["lezer", "hu"] {
        let s = login(&app, other).await;
        let page = send(&app, get_page(&uri, Some(&s))).await;
        assert!(!page.body.contains("action=\"/beoordelingen\""), "{other}");
    }

    let a = send(
        &app,
        post_form("/beoordelingen", &umc, &rocket_form("project", PROJECT, 4)),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location(), Some(format!("{uri}#beoordelingen").as_str()));
    let page = send(&app, get_page(&format!("{uri}?lang=en"), None)).await;
    assert!(page.body.contains("R — Consult"), "{}", page.body);
    assert!(page.body.contains("assessed by umc"));
    assert!(page.body.contains("zie plan rocket-t"));
    assert!(page.body.contains("mean 4.0"));
    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    assert_eq!(
        (log[0].by.as_str(), log[0].action.as_str()),
        ("umc", "beoordeling vastgelegd")
    );

    // A principle without score or judgement and a score out of range: the form again, 400,
    // each field named, nothing stored.
    let before = fingerprint(&state);
    let body = rocket_form("project", PROJECT, 4)
        .replace("score-rocket-k=4", "score-rocket-k=")
        .replace("score-rocket-e=4", "score-rocket-e=9");
    let a = send(&app, post_form("/beoordelingen", &umc, &body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("role=\"alert\""));
    assert!(a.body.contains("<code>oordelen[3].score</code>: &#39;rocket-k&#39; heeft een score of een oordeel nodig")
        || a.body.contains("<code>oordelen[3].score</code>: 'rocket-k' heeft een score of een oordeel nodig"), "{}", a.body);
    assert!(a.body.contains("score 9 van"), "{}", a.body);
    assert!(
        a.body.contains("value=\"zie plan rocket-r\""),
        "the values come back"
    );
    assert_eq!(fingerprint(&state), before);
}

#[tokio::test]
async fn the_api_records_an_assessment_refuses_who_may_not_and_reports_the_synthesis() {
    let (app, state) = app();
    let team5 = token(&state, "team5");
    let admin = token(&state, "admin");
    let before = fingerprint(&state);
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/beoordelingen",
            Some(&team5),
            &rocket_json("project", PROJECT, 2),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    assert_eq!(fingerprint(&state), before);
    assert_eq!(
        refusals(&state)[0],
        (
            "team5".into(),
            "geweigerd: beoordeling vastgelegd".into(),
            format!("project {PROJECT}")
        )
    );

    // Unknown principle: refused naming the member, in English when asked.
    let body = rocket_json("project", PROJECT, 2).replace("rocket-o", "rocket-x");
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/beoordelingen?lang=en",
            Some(&admin),
            &body,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    let j = a.json();
    assert_eq!(j["field"], "oordelen[1].maatstaf");
    assert_eq!(
        j["problems"][0]["reason"]["en"],
        "'rocket-x' is not a principle or core element of the register"
    );
    assert_eq!(
        j["problems"][1]["reason"]["nl"],
        "de beoordeling op de ROCKET-principes mist: rocket-o"
    );
    assert_eq!(fingerprint(&state), before);
    // An unreadable body (a framework that is none) is 400, naming the member.
    let body = rocket_json("project", PROJECT, 2)
        .replace("\"kader\":\"rocket\"", "\"kader\":\"schoonheid\"");
    assert!(body.contains("schoonheid"));
    let a = send(
        &app,
        api(Method::POST, "/api/v1/beoordelingen", Some(&admin), &body),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert_eq!(a.json()["field"], "kader", "{}", a.body);
    assert_eq!(fingerprint(&state), before);

    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/beoordelingen",
            Some(&admin),
            &rocket_json("project", PROJECT, 2),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let list = send(
        &app,
        api(
            Method::GET,
            &format!("/api/v1/beoordelingen?soort=project&onderwerp={PROJECT}"),
            None,
            "",
        ),
    )
    .await;
    let list = list.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["beoordeling"]["beoordelaar"], "admin");
    assert_eq!(
        list[0]["beoordeling"]["oordelen"][5]["maatstaf"],
        "rocket-t"
    );

    let m = send(&app, api(Method::GET, "/api/v1/maatstaven", None, ""))
        .await
        .json();
    let m = m.as_array().unwrap();
    assert_eq!(m.iter().filter(|x| x["kader"] == "rocket").count(), 6);
    assert_eq!(m.iter().filter(|x| x["kader"] == "kernelement").count(), 9);
    let t = m.iter().find(|x| x["id"] == "rocket-t").unwrap();
    assert_eq!(t["source"]["lines"], "1778", "one line as its number");
    assert_eq!(t["also_source"]["doc"], "001");

    // The principles are searchable, and their page has each one's anchor and sources.
    let z = send(
        &app,
        api(
            Method::GET,
            "/api/v1/zoeken?q=kansengelijkheid&soort=maatstaf",
            None,
            "",
        ),
    )
    .await
    .json();
    assert_eq!(z["hits"][0]["id"], "rocket-e", "{z}");
    assert_eq!(z["hits"][0]["href"], "/maatstaven#maatstaf-rocket-e");
    let page = send(&app, get_page("/maatstaven", None)).await;
    assert!(page.body.contains("id=\"maatstaf-passendheid\""));
    assert!(
        page.body.contains("Duurzaamheid (Circulair)"),
        "Figure 5's wording is cited"
    );

    // The example project is of missions II and III: both count it as assessed (mean 2);
    // no project states a contribution to the −30 yet.
    let s = send(
        &app,
        api(Method::GET, "/api/v1/missies/II/rocket", None, ""),
    )
    .await
    .json();
    assert_eq!(s["doel"], "C-ses-verschil");
    assert_eq!(
        (s["met_rocket"].as_u64(), s["met_bijdrage"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(s["gemiddelde"], 2.0);
    assert_eq!(s["per_principe"][0]["letter"], "R");
    let s = send(&app, api(Method::GET, "/api/v1/missies/V/rocket", None, ""))
        .await
        .json();
    assert_eq!(s["met_rocket"], 0);
    let a = send(
        &app,
        api(
            Method::GET,
            "/api/v1/missies/II/rocket?doel=C-niets",
            None,
            "",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}
