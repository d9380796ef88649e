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
