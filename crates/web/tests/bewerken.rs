//! Editing a project in the browser: the form on the project page, `POST /projecten/{id}`
//! through the same path as the API, refusals as pages; the page header; CSRF failures.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use gemeten_store::AccountStore;

use common::{api, app, fingerprint, get_page, login, post_form, send, visitor_csrf, PROJECT};

/// The form as the page fills it for the example project, with `trl` as given.
fn form_body(trl: &str) -> String {
    format!(
        "trl={trl}&sel=&brl=&status=lopend&phase_innovation=&phase_stakeholders=&phase_environment=&expected_in_practice="
    )
}

/// The form's current values for the example project, read from the API, with `trl` as given.
async fn current_form(app: &axum::Router, trl: &str) -> String {
    let p = send(
        app,
        api(
            Method::GET,
            &format!("/api/v1/projecten/{PROJECT}"),
            None,
            "",
        ),
    )
    .await;
    let p = &p.json()["project"];
    let s = |k: &str| {
        p[k].as_str()
            .map(str::to_owned)
            .or_else(|| p[k].as_u64().map(|n| n.to_string()))
            .unwrap_or_default()
    };
    format!(
        "trl={trl}&sel={}&brl={}&status={}&phase_innovation={}&phase_stakeholders={}&phase_environment={}&expected_in_practice={}",
        s("sel"), s("brl"), s("status"), s("phase_innovation"), s("phase_stakeholders"), s("phase_environment"), s("expected_in_practice")
    )
}

#[tokio::test]
async fn the_form_saves_through_the_api_path_into_history_and_audit_log() {
    let (app, state) = app();
    let umc = login(&app, "umc").await;
    let uri = format!("/projecten/{PROJECT}");
    let page = send(&app, get_page(&uri, Some(&umc))).await;
    assert!(
        page.body
            .contains(&format!("action=\"/projecten/{PROJECT}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("<label for=\"trl\">"));
    // Not for readers, other organisations or visitors.
    for other in [
        Some(login(&app, "hu").await),
        Some(login(&app, "lezer").await),
        None,
    ] {
        let page = send(&app, get_page(&uri, other.as_ref())).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page
            .body
            .contains(&format!("action=\"/projecten/{PROJECT}\"")));
    }

    let body = current_form(&app, "8").await;
    let a = send(&app, post_form(&uri, &umc, &body)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location(), Some(uri.as_str()));
    let page = send(&app, get_page(&uri, Some(&umc))).await;
    assert!(
        page.body.contains("<code>trl</code>"),
        "the history shows the change"
    );
    assert!(
        page.body.contains("UMC Testpersoon"),
        "the header shows who is logged in"
    );

    let (log, history) = common::with_store(&state, |s| {
        let history = gemeten_store::ProjectStore::history(s, &PROJECT.parse().unwrap());
        (s.audit_log().unwrap(), history.unwrap())
    });
    let e = &log[0];
    assert_eq!(
        (e.by.as_str(), e.action.as_str()),
        ("umc", "project bijgewerkt")
    );
    assert_eq!(e.object, format!("project {PROJECT}"));
    // Only the field that changed, although the form sends them all.
    assert_eq!(e.before, Some(json!({ "trl": 6 })));
    assert_eq!(e.after, Some(json!({ "trl": 8 })));
    assert_eq!(history.iter().filter(|w| w.by == "umc").count(), 1);
}

#[tokio::test]
async fn a_bad_field_is_a_400_naming_it_and_nothing_changes() {
    let (app, state) = app();
    let umc = login(&app, "umc").await;
    let uri = format!("/projecten/{PROJECT}");
    let before = fingerprint(&state);
    for (body, field) in [
        (current_form(&app, "12").await, "trl"),
        (current_form(&app, "zeven").await, "trl"),
        (current_form(&app, "7").await + "&status=bezig", "status"),
        (
            current_form(&app, "7").await + "&expected_in_practice=3000",
            "expected_in_practice",
        ),
        (
            current_form(&app, "7").await + "&phase_innovation=klaar",
            "phase_innovation",
        ),
    ] {
        let a = send(&app, post_form(&uri, &umc, &body)).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}: {}", a.body);
        assert!(a.is_html());
        assert!(
            a.body.contains(&format!("(<code>{field}</code>)")),
            "{field}: {}",
            a.body
        );
        assert_eq!(
            a.body.matches("aria-invalid=\"true\"").count(),
            1,
            "{field}: {}",
            a.body
        );
        assert_eq!(fingerprint(&state), before, "{field}: nothing is saved");
    }
}

#[tokio::test]
async fn who_may_not_edit_gets_403_unknown_projects_404() {
    let (app, state) = app();
    let uri = format!("/projecten/{PROJECT}");
    let body = form_body("9");
    for who in ["hu", "team5", "lezer"] {
        let s = login(&app, who).await;
        let before = fingerprint(&state);
        let a = send(&app, post_form(&uri, &s, &body)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{who}: {}", a.body);
        assert!(a.is_html());
        assert_eq!(fingerprint(&state), before);
    }
    let admin = login(&app, "admin").await;
    let a = send(&app, post_form("/projecten/bestaat-niet", &admin, &body)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    // A visitor with a valid form token but no session.
    let (cookie, csrf) = visitor_csrf(&app).await;
    let a = send(
        &app,
        Request::post(&uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(format!("{body}&csrf={csrf}")))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_form_with_a_wrong_csrf_token_is_a_page_an_api_call_json() {
    let (app, state) = app();
    let umc = login(&app, "umc").await;
    let before = fingerprint(&state);
    let a = send(
        &app,
        Request::post(format!("/projecten/{PROJECT}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &umc.cookie)
            .body(Body::from(format!("{}&csrf=verlopen", form_body("9"))))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.is_html());
    assert!(a.body.contains("Laad het formulier opnieuw"), "{}", a.body);
    assert!(a.body.contains(&format!("href=\"/projecten/{PROJECT}\"")));
    let mut r = api(
        Method::PUT,
        &format!("/api/v1/projecten/{PROJECT}"),
        None,
        r#"{"trl": 9}"#,
    );
    r.headers_mut()
        .insert(header::COOKIE, umc.cookie.parse().unwrap());
    let a = send(&app, r).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(
        a.json()["error"],
        "niet toegestaan: het CSRF-token ontbreekt of klopt niet"
    );
    assert_eq!(fingerprint(&state), before);
}

#[tokio::test]
async fn the_header_shows_the_user_or_the_login_link() {
    let (app, _) = app();
    let a = send(&app, get_page("/", None)).await;
    assert!(a.body.contains("href=\"/inloggen\""));
    assert!(!a.body.contains("action=\"/uitloggen\""));
    let team = login(&app, "team2").await;
    let a = send(&app, get_page("/", Some(&team))).await;
    assert!(
        a.body.contains("TEAM2 Testpersoon (missieteam)"),
        "{}",
        a.body
    );
    assert!(a.body.contains("action=\"/uitloggen\""));
    assert!(!a.body.contains("href=\"/beheer/gebruikers\""));
    let admin = login(&app, "admin").await;
    let a = send(&app, get_page("/projecten?lang=en", Some(&admin))).await;
    assert!(a.body.contains("href=\"/beheer/gebruikers\""));
    assert!(a.body.contains("Log out"));
    assert!(a.body.contains("href=\"/rondes\""));
}

/// JSON Schema's `integer` includes `7.0`, so the API takes it as 7 (schemathesis sent
/// `"days": 677.0` and got a 400); `7.5` stays refused, naming the field.
#[tokio::test]
async fn a_whole_number_written_as_a_float_is_a_whole_number() {
    let (app, state) = app();
    let admin = common::token(&state, "admin");
    let uri = format!("/api/v1/projecten/{PROJECT}");
    let a = send(
        &app,
        api(Method::PUT, &uri, Some(&admin), r#"{"trl": 7.0}"#),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["project"]["trl"], 7, "{}", a.body);
    let before = fingerprint(&state);
    let a = send(
        &app,
        api(Method::PUT, &uri, Some(&admin), r#"{"trl": 7.5}"#),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.json()["field"], "trl", "{}", a.body);
    assert_eq!(fingerprint(&state), before);
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/tokens",
            Some(&admin),
            r#"{"username": "umc", "days": 30.0}"#,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
}

/// A project's page and `GET /api/v1/projecten/{id}` are read from the store once per
/// version of the portfolio and the assessments and kept (issue 13). A kept project never
/// outlives a change: a write through the app (API and form), an assessment, and a change
/// by another process (within the counters' freshness) each show in the next answers, page
/// and API alike, anonymous and logged in.
#[tokio::test]
async fn a_kept_project_follows_every_write() {
    let (app, state) = app();
    let admin = common::token(&state, "admin");
    let umc = login(&app, "umc").await;
    let uri = format!("/projecten/{PROJECT}");
    let api_uri = format!("/api/v1/projecten/{PROJECT}");
    let read = |app: &axum::Router| {
        let app = app.clone();
        let (uri, api_uri) = (uri.clone(), api_uri.clone());
        async move {
            let json = send(&app, api(Method::GET, &api_uri, None, ""))
                .await
                .json();
            let anonymous = send(&app, get_page(&uri, None)).await.body;
            (json, anonymous)
        }
    };
    // Twice: the second answers are the kept ones, and the same.
    let (json, page) = read(&app).await;
    assert_eq!(read(&app).await, (json.clone(), page.clone()));
    assert_eq!(json["project"]["trl"], 6);
    let history = json["history"].as_array().unwrap().len();

    // A write through the API.
    let a = send(
        &app,
        api(Method::PUT, &api_uri, Some(&admin), r#"{"trl": 7}"#),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let (json, page) = read(&app).await;
    assert_eq!(json["project"]["trl"], 7);
    assert_eq!(json["history"].as_array().unwrap().len(), history + 1);
    assert!(page.contains("<code>trl</code>"), "{page}");

    // A write through the form, seen logged in.
    let a = send(&app, post_form(&uri, &umc, &current_form(&app, "8").await)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let (json, _) = read(&app).await;
    assert_eq!(json["project"]["trl"], 8);
    let logged_in = send(&app, get_page(&uri, Some(&umc))).await.body;
    assert_eq!(
        logged_in.matches("<code>trl</code>").count(),
        2,
        "{logged_in}"
    );

    // An assessment: the page shows it (the API's answer has none).
    let before = send(&app, get_page(&uri, None)).await.body;
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/beoordelingen",
            Some(&admin),
            &common::rocket_json("project", PROJECT, 2),
        ),
    )
    .await;
    assert!(a.status.is_success(), "{}", a.body);
    let after = send(&app, get_page(&uri, None)).await.body;
    assert_ne!(before, after);
    assert!(after.contains("zie plan rocket-r"), "{after}");

    // Another process (the command line) changes the project: seen within the counters'
    // freshness, without a write through this server.
    common::with_store(&state, |s| {
        use gemeten_store::ProjectStore;
        let mut p = s.project(&PROJECT.parse().unwrap()).unwrap().unwrap();
        p.trl = Some(3.try_into().unwrap());
        s.update_project(&p, "cli").unwrap();
    });
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let (json, page) = read(&app).await;
    assert_eq!(json["project"]["trl"], 3);
    assert_eq!(
        json["history"].as_array().unwrap().last().unwrap()["by"],
        "cli"
    );
    assert!(page.contains("<td>cli</td>"), "{page}");
}
