//! Calls in the browser and the API: a mission team opens a call for an instrument of its
//! mission through the form on `/oproepen` (the same use case as `POST /api/v1/oproepen`),
//! refusals come back as the form with the field named and nothing stored, and the call's
//! page and JSON show the projects that came in with it.

mod common;

use axum::http::{Method, StatusCode};

use gemeten_domain::{Bijdrage, Id, MissieCode};
use gemeten_store::AccountStore;

use common::{api, app, fingerprint, get_page, login, post_form, send, token, PROJECT};

/// An instrument of mission V and one that is not of mission V.
fn instrumenten(state: &gemeten_web::AppState) -> (Id, Id) {
    let p = state.register.parts();
    let van_v = p
        .instrument
        .iter()
        .find(|i| i.missies.contains(&MissieCode::V))
        .expect("an instrument of mission V");
    let niet_v = p
        .instrument
        .iter()
        .find(|i| !i.missies.contains(&MissieCode::V))
        .expect("an instrument of another mission");
    (van_v.id.clone(), niet_v.id.clone())
}

#[tokio::test]
async fn a_mission_team_opens_a_call_through_the_form_and_sees_it() {
    let (app, state) = app();
    let (van_v, niet_v) = instrumenten(&state);
    let team5 = login(&app, "team5").await;

    let page = send(&app, get_page("/oproepen", Some(&team5))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Er is nog geen oproep."),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"oproep-openen\""));
    assert!(
        page.body.contains(&format!("value=\"{van_v}\"")),
        "team V may open a call for {van_v}"
    );
    assert!(
        !page.body.contains(&format!("<option value=\"{niet_v}\"")),
        "but is not offered {niet_v}"
    );
    // A reader has no form.
    let lezer = login(&app, "lezer").await;
    let page = send(&app, get_page("/oproepen", Some(&lezer))).await;
    assert!(!page.body.contains("id=\"oproep-openen\""));

    let form = |id: &str, instrument: &Id, opens: &str, closes: &str| {
        format!(
            "id={id}&instrument={instrument}&title_nl=Ronde+thuiszorg&title_en=&opens={opens}\
             &closes={closes}&requires_rocket=ja&requires_target=C-ses-verschil"
        )
    };
    // Unreadable date: 400, the field named, the values back, nothing stored.
    let before = fingerprint(&state);
    let a = send(
        &app,
        post_form(
            "/oproepen",
            &team5,
            &form("v-2027", &van_v, "1 maart", "2027-06-30"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("<code>opens</code>: "), "{}", a.body);
    assert!(a.body.contains("is geen datum"), "{}", a.body);
    assert!(
        a.body.contains("value=\"Ronde thuiszorg\""),
        "values come back"
    );
    // Closing before it opens: the rules refuse it (422).
    let a = send(
        &app,
        post_form(
            "/oproepen",
            &team5,
            &form("v-2027", &van_v, "2027-06-30", "2027-03-01"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("<code>closes</code>"), "{}", a.body);
    // Another mission's instrument: 403.
    let a = send(
        &app,
        post_form(
            "/oproepen",
            &team5,
            &form("v-2027", &niet_v, "2027-03-01", "2027-06-30"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    assert_eq!(fingerprint(&state), before);

    let a = send(
        &app,
        post_form(
            "/oproepen",
            &team5,
            &form("v-2027", &van_v, "2027-03-01", "2027-06-30"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location(), Some("/oproepen/v-2027"));
    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    assert_eq!(
        (log[0].by.as_str(), log[0].object.as_str()),
        ("team5", "oproep v-2027")
    );

    let page = send(&app, get_page("/oproepen/v-2027", Some(&team5))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ronde thuiszorg"));
    assert!(page.body.contains("2027-03-01 – 2027-06-30"));
    assert!(page.body.contains("ROCKET-zelfbeoordeling"));
    assert!(page
        .body
        .contains("Nog geen project kwam met deze oproep binnen."));
    // The call itself can be assessed by its mission team.
    assert!(
        page.body.contains("id=\"beoordelen-rocket\""),
        "{}",
        page.body
    );
    let page = send(&app, get_page("/oproepen?lang=en", None)).await;
    assert!(
        page.body.contains("ROCKET self-assessment"),
        "{}",
        page.body
    );
    assert!(page.body.contains("href=\"/oproepen/v-2027\""));
}

#[tokio::test]
async fn the_api_opens_a_call_refuses_bad_ones_and_lists_what_came_in() {
    let (app, state) = app();
    let (van_v, _) = instrumenten(&state);
    let admin = token(&state, "admin");
    let call = |id: &str, target: &str| {
        format!(
            r#"{{"id":"{id}","instrument":"{van_v}","title_nl":"Oproep","opens":"2026-01-01","closes":"2026-12-31","requires_rocket":true,"requires_target":"{target}"}}"#
        )
    };
    let before = fingerprint(&state);
    // Without a user: 401.
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/oproepen",
            None,
            &call("a", "C-ses-verschil"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // A target the register does not know: 422 naming the member.
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/oproepen",
            Some(&admin),
            &call("a", "C-niets"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.json()["field"], "requires_target");
    // A member the call does not have: 400 naming it.
    let body = call("a", "C-ses-verschil").replace("\"opens\"", "\"opent\"");
    let a = send(
        &app,
        api(Method::POST, "/api/v1/oproepen", Some(&admin), &body),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert_eq!(fingerprint(&state), before);

    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/oproepen",
            Some(&admin),
            &call("a", "C-ses-verschil"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.json()["id"], "a");
    let again = send(
        &app,
        api(
            Method::POST,
            "/api/v1/oproepen",
            Some(&admin),
            &call("a", "C-ses-verschil"),
        ),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);

    let list = send(&app, api(Method::GET, "/api/v1/oproepen", None, ""))
        .await
        .json();
    assert_eq!(list[0]["oproep"]["id"], "a");
    assert!(["open", "gesloten", "komend"].contains(&list[0]["stand"].as_str().unwrap()));

    // A project that came in with the call (as `projects import --call` stores it).
    common::with_store(&state, |s| {
        s.add_contribution(
            &Bijdrage {
                project: PROJECT.parse().unwrap(),
                doel: "C-ses-verschil".parse().unwrap(),
                toelichting: "minder verschil in zorggebruik".parse().unwrap(),
                oproep: Some("a".parse().unwrap()),
            },
            "admin",
        )
        .unwrap()
    });
    let d = send(&app, api(Method::GET, "/api/v1/oproepen/a", None, ""))
        .await
        .json();
    assert_eq!(d["aanvragen"][0]["project"], PROJECT);
    assert_eq!(d["aanvragen"][0]["rocket_zelfbeoordeling"], false);
    assert_eq!(d["aanvragen"][0]["bijdragen"][0]["doel"], "C-ses-verschil");
    let page = send(&app, get_page("/oproepen/a", None)).await;
    assert!(page
        .body
        .contains(&format!("href=\"/projecten/{PROJECT}\"")));
    assert!(page.body.contains("minder verschil in zorggebruik"));
    let a = send(&app, api(Method::GET, "/api/v1/oproepen/b", None, "")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}
