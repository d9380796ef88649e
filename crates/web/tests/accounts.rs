//! Accounts end to end on the router: logging in, the session cookie, CSRF, API tokens,
//! the first write endpoint (`PUT /api/v1/projecten/{id}`) and the audit log.

use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

mod common;

use gemeten_domain::{Account, Rol, Taak};
use gemeten_store::{AccountStore, ProjectStore, RegisterStore};
use gemeten_web::{router, AppState, CSRF_COOKIE, SESSION_COOKIE};

const PROJECTEN: &[u8] = include_bytes!("../../../data/voorbeeld/projecten.csv");
const PROJECT: &str = "/api/v1/projecten/vb-thuismonitor-hartfalen";
const PASSWORD: &str = "correct-paard-batterij";

fn user(username: &str, role: Rol, organisation: Option<&str>, missie: Option<&str>) -> Account {
    Account {
        username: username.parse().unwrap(),
        display_name: username.to_uppercase(),
        taak: Taak::new(role, organisation, missie).unwrap(),
    }
}

/// The example projects and four users; the state is returned too, to reach the store.
fn app() -> (Router, AppState) {
    let register = gemeten_interchange::reference_register().expect("reference register");
    let state = common::state_over(register, |store, register| {
        store.replace(register).expect("seed");
        let projects = gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", register)
            .expect("example projects");
        store.add_projects(&projects, "test", false).unwrap();
        for a in [
            user("admin", Rol::Admin, None, None),
            user("umc", Rol::Bijdrager, Some("umc utrecht"), None),
            user("hu", Rol::Bijdrager, Some("Hogeschool Utrecht"), None),
            user("team5", Rol::Missieteam, None, Some("V")),
            user("lezer", Rol::Publiek, None, None),
        ] {
            store.create_user(&a, PASSWORD).unwrap();
        }
    });
    (router(state.clone()), state)
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn cookie_value(set_cookie: &str) -> &str {
    set_cookie.split(';').next().unwrap()
}

/// The CSRF value of the login form and the cookie that goes with it.
async fn login_form(app: &Router) -> (String, String) {
    let a = send(app, Request::get("/inloggen").body(Body::empty()).unwrap()).await;
    assert_eq!(a.status, StatusCode::OK);
    let cookie = cookie_value(&a.set_cookie(CSRF_COOKIE).expect("csrf cookie")).to_owned();
    let value = cookie.split_once('=').unwrap().1.to_owned();
    assert!(
        a.body.contains(&format!("name=\"csrf\" value=\"{value}\"")),
        "{}",
        a.body
    );
    (cookie, value)
}

async fn post_login(app: &Router, username: &str, password: &str) -> Answer {
    let (cookie, csrf) = login_form(app).await;
    let body = format!("username={username}&password={password}&csrf={csrf}");
    send(
        app,
        Request::post("/inloggen")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// Logs in; returns the session cookie (`name=value`).
async fn session(app: &Router, username: &str) -> String {
    let a = post_login(app, username, PASSWORD).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    cookie_value(&a.set_cookie(SESSION_COOKIE).unwrap()).to_owned()
}

/// The session's CSRF token, as the login page shows it in the logout form.
async fn session_csrf(app: &Router, cookie: &str) -> String {
    let a = send(
        app,
        Request::get("/inloggen")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let start = a.body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    a.body[start..start + 64].to_owned()
}

fn put(uri: &str, bearer: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut r = Request::builder()
        .method(Method::PUT)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = bearer {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(body.into()).unwrap()
}

fn token(state: &AppState, username: &str) -> String {
    common::with_store(state, |s| s.create_api_token(username, "test").unwrap())
}

#[tokio::test]
async fn login_with_the_right_password_sets_a_strict_http_only_session_cookie() {
    let (app, _) = app();
    let a = post_login(&app, "umc", PASSWORD).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let c = a.set_cookie(SESSION_COOKIE).unwrap();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(c.contains(attr), "{c}");
    }
    assert!(!c.contains("Secure"), "{c}");
    let cookie = cookie_value(&c).to_owned();
    let page = send(
        &app,
        Request::get("/inloggen")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(page.body.contains("Ingelogd als"), "{}", page.body);
    assert!(page.body.contains("action=\"/uitloggen\""));

    let wrong = post_login(&app, "umc", "niet-het-wachtwoord").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.set_cookie(SESSION_COOKIE).is_none());
    assert!(wrong.body.contains("onjuist wachtwoord"));
    let unknown = post_login(&app, "niemand", PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn secure_cookies_when_asked() {
    let (_, state) = app();
    let app = router(state.with_secure_cookies(true));
    let a = post_login(&app, "umc", PASSWORD).await;
    assert!(a.set_cookie(SESSION_COOKIE).unwrap().contains("; Secure"));
}

#[tokio::test]
async fn posts_without_or_with_a_wrong_csrf_token_are_403() {
    let (app, _) = app();
    // The login form without the token, and with one that is not the cookie's.
    let (cookie, _) = login_form(&app).await;
    for body in [
        format!("username=umc&password={PASSWORD}"),
        format!("username=umc&password={PASSWORD}&csrf=00ff"),
    ] {
        let a = send(
            &app,
            Request::post("/inloggen")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &cookie)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    }
    // Logging out with a session but a wrong token, then with the right one.
    let s = session(&app, "umc").await;
    let logout = |csrf: String| {
        Request::post("/uitloggen")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &s)
            .body(Body::from(format!("csrf={csrf}")))
            .unwrap()
    };
    let a = send(&app, logout("fout".into())).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    // A cookie-authenticated API write needs the header too.
    let mut r = put(PROJECT, None, r#"{"trl": 7}"#);
    r.headers_mut().insert(header::COOKIE, s.parse().unwrap());
    assert_eq!(send(&app, r).await.status, StatusCode::FORBIDDEN);

    let csrf = session_csrf(&app, &s).await;
    let mut r = put(PROJECT, None, r#"{"trl": 7}"#);
    r.headers_mut().insert(header::COOKIE, s.parse().unwrap());
    r.headers_mut()
        .insert("x-csrf-token", csrf.parse().unwrap());
    assert_eq!(send(&app, r).await.status, StatusCode::OK);

    let a = send(&app, logout(csrf)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert!(a.set_cookie(SESSION_COOKIE).unwrap().contains("Max-Age=0"));
    // The session is gone.
    let mut r = put(PROJECT, None, r#"{"trl": 7}"#);
    r.headers_mut().insert(header::COOKIE, s.parse().unwrap());
    assert_eq!(send(&app, r).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn put_project_checks_who_asks_and_what_is_sent() {
    let (app, state) = app();
    let body = r#"{"trl": 7, "phase_stakeholders": "demonstreren"}"#;
    let a = send(&app, put(PROJECT, None, body)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
    let a = send(&app, put(PROJECT, Some("onzin"), body)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    // Not a partner, not the project's mission, only reading.
    for other in ["hu", "team5", "lezer"] {
        let a = send(&app, put(PROJECT, Some(&token(&state, other)), body)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{other}: {}", a.body);
    }

    let umc = token(&state, "umc");
    let a = send(&app, put(PROJECT, Some(&umc), body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let j = a.json();
    assert_eq!(j["project"]["trl"], 7);
    assert_eq!(j["changed"], json!(["phase_stakeholders", "trl"]));

    let admin = token(&state, "admin");
    let a = send(&app, put(PROJECT, Some(&admin), r#"{"sel": null}"#)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.json()["project"].get("sel").is_none());

    let a = send(&app, put(PROJECT, Some(&umc), r#"{"trl": 12}"#)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.json()["field"], "trl", "{}", a.body);
    let a = send(&app, put(PROJECT, Some(&umc), r#"{"trl": 7"#)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.json()["field"], "body");
    let a = send(&app, put(PROJECT, Some(&umc), r#"{"title": "x"}"#)).await;
    // The use case knows the editable fields and refuses the rest (422, naming it).
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.json()["error"].as_str().unwrap().contains("title"));
    let a = send(&app, put(PROJECT, Some(&umc), r#"{"status": "bezig"}"#)).await;
    assert_eq!(a.json()["field"], "status", "{}", a.body);

    let a = send(
        &app,
        put(
            "/api/v1/projecten/bestaat-niet",
            Some(&admin),
            r#"{"trl": 3}"#,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);

    let big = format!(r#"{{"trl": 7, "x": "{}"}}"#, "a".repeat(100 * 1024));
    let a = send(&app, put(PROJECT, Some(&admin), big)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);

    // The project's own history has the change, by the contributor.
    let id = "vb-thuismonitor-hartfalen".parse().unwrap();
    let history = common::with_store(&state, |s| s.history(&id).unwrap());
    assert!(history
        .iter()
        .any(|w| w.field == "trl" && w.by == "umc" && w.after.as_deref() == Some("7")));
}

#[tokio::test]
async fn the_audit_log_has_the_change_and_only_admins_see_it() {
    let (app, state) = app();
    let umc = token(&state, "umc");
    let a = send(&app, put(PROJECT, Some(&umc), r#"{"trl": 8}"#)).await;
    assert_eq!(a.status, StatusCode::OK);
    {
        let log = common::with_store(&state, |s| s.audit_log().unwrap());
        let e = &log[0];
        assert_eq!(
            (e.by.as_str(), e.object.as_str()),
            ("umc", "project vb-thuismonitor-hartfalen")
        );
        assert_eq!(e.before, Some(json!({ "trl": 6 })));
        assert_eq!(e.after, Some(json!({ "trl": 8 })));
    }

    let page = |cookie: String| {
        Request::get("/beheer/audit")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    let a = send(&app, page(String::new())).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = send(&app, page(session(&app, "umc").await)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, page(session(&app, "admin").await)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("project vb-thuismonitor-hartfalen"));
    assert!(a.body.contains("{&quot;trl&quot;:8}"), "{}", a.body);
}

#[tokio::test]
async fn admins_create_api_tokens_shown_once() {
    let (app, state) = app();
    let post = |bearer: &str, body: &str| {
        Request::post("/api/v1/tokens")
            .header(header::AUTHORIZATION, format!("Bearer {bearer}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let umc = token(&state, "umc");
    let a = send(&app, post(&umc, r#"{"username": "umc"}"#)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let admin = token(&state, "admin");
    let a = send(&app, post(&admin, r#"{"username": "niemand"}"#)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(&app, post(&admin, r#"{"username": "umc"}"#)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let new = a.json()["token"].as_str().unwrap().to_owned();
    let a = send(&app, put(PROJECT, Some(&new), r#"{"trl": 7}"#)).await;
    assert_eq!(a.status, StatusCode::OK);
    // The audit log names the user, never the token.
    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    assert!(log.iter().any(|e| e.action == "API-token aangemaakt"));
    assert!(!format!("{log:?}").contains(&new));
}
