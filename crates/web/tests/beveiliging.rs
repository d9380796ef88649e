//! Security of the web application (issue 16): the security headers on every kind of answer,
//! no off-site links made from a request's path, login throttling and its audit, and the
//! account lifecycle through the pages and the API.

mod common;

use axum::body::{to_bytes, Body};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

use common::{app, PASSWORD, PROJECT, ROUND};
use gemeten_store::AccountStore;
use gemeten_web::{page_operations, AppState, CSRF_COOKIE, SESSION_COOKIE};

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(|v| v.split(';').next().unwrap().to_owned())
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

async fn get(app: &Router, uri: &str, cookie: Option<&str>) -> Answer {
    let mut r = Request::get(uri);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    send(app, r.body(Body::empty()).unwrap()).await
}

/// The login form's CSRF cookie and value.
async fn login_form(app: &Router) -> (String, String) {
    let a = get(app, "/inloggen", None).await;
    let cookie = a.set_cookie(CSRF_COOKIE).expect("csrf cookie");
    let value = cookie.split_once('=').unwrap().1.to_owned();
    (cookie, value)
}

/// Posts the login form from `from` (the client's address).
async fn post_login(app: &Router, username: &str, password: &str, from: [u8; 4]) -> Answer {
    let (cookie, csrf) = login_form(app).await;
    let body = format!("username={username}&password={password}&csrf={csrf}");
    let mut request = Request::post("/inloggen")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from((from, 40000))));
    send(app, request).await
}

const HERE: [u8; 4] = [192, 0, 2, 1];

/// Logs in; the session cookie (`name=value`).
async fn session(app: &Router, username: &str) -> String {
    let a = post_login(app, username, PASSWORD, HERE).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    a.set_cookie(SESSION_COOKIE).unwrap()
}

/// The session's CSRF token, from the logout form of the login page.
async fn session_csrf(app: &Router, cookie: &str) -> String {
    let a = get(app, "/inloggen", Some(cookie)).await;
    let start = a.body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    a.body[start..start + 64].to_owned()
}

fn token(state: &AppState, username: &str) -> String {
    common::with_store(state, |s| s.create_api_token(username, "test").unwrap())
}

/// Every page route with real parameters.
fn page_uris() -> Vec<String> {
    let mut uris = Vec::new();
    for (method, path) in page_operations() {
        if method != "get" {
            continue;
        }
        let uri = path.replace("{code}", "II").replace(
            "{id}",
            if path.starts_with("/rondes") {
                ROUND
            } else {
                PROJECT
            },
        );
        assert!(!uri.contains('{'), "a parameter to fill in: {path}");
        uris.push(uri);
    }
    uris.extend(
        [
            "/kpi?kpi=gezonde_levensverwachting",
            "/kpi.csv?kpi=gezonde_levensverwachting",
            "/api/v1/missies",
            "/api/v1/openapi.json",
            "/bestaat-niet",
            "/api/v1/bestaat-niet",
        ]
        .map(str::to_owned),
    );
    uris
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let (app, _) = app();
    let admin = session(&app, "admin").await;
    let mut kinds = std::collections::BTreeSet::new();
    for uri in page_uris() {
        for cookie in [None, Some(admin.as_str())] {
            let a = get(&app, &uri, cookie).await;
            assert!(!a.status.is_server_error(), "{uri}: {}", a.status);
            let ct = a.header(header::CONTENT_TYPE).to_owned();
            let csp = a.header(header::CONTENT_SECURITY_POLICY);
            assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
            assert!(csp.starts_with("default-src 'none'"), "{uri}: {csp}");
            assert!(!csp.contains("script-src"), "no script allowed: {uri}");
            assert_eq!(a.header(header::X_FRAME_OPTIONS), "DENY", "{uri}");
            assert_eq!(a.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{uri}");
            assert_eq!(a.header(header::REFERRER_POLICY), "same-origin", "{uri}");
            if ct.starts_with("text/html") {
                assert!(csp.contains("style-src 'self'"), "{uri}: {csp}");
                assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
                // What the policy forbids, the pages must not need.
                for forbidden in ["<script", " style=\"", "<style", " onclick=", " onload="] {
                    assert!(!a.body.contains(forbidden), "{uri} has {forbidden}");
                }
            }
            kinds.insert(ct.split(';').next().unwrap_or("").to_owned());
        }
    }
    // SVG downloads need observations this store does not hold; their policy is tested in
    // `kopregels`.
    for kind in ["text/html", "application/json", "text/css", "text/csv"] {
        assert!(kinds.contains(kind), "walked {kind}: {kinds:?}");
    }
}

#[tokio::test]
async fn answers_that_show_a_new_password_or_token_are_never_stored() {
    let (app, state) = app();
    let admin_token = token(&state, "admin");
    let a = send(
        &app,
        Request::post("/api/v1/tokens")
            .header(header::AUTHORIZATION, format!("Bearer {admin_token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"username":"lezer"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.header(header::CACHE_CONTROL), "no-store");

    let cookie = session(&app, "admin").await;
    let csrf = session_csrf(&app, &cookie).await;
    let a = send(
        &app,
        Request::post("/beheer/gebruikers")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .body(Body::from(format!(
                "csrf={csrf}&username=nieuw&role=publiek"
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert!(a.body.contains("Wachtwoord van"), "{}", a.body);
    assert_eq!(a.header(header::CACHE_CONTROL), "no-store");
}

#[tokio::test]
async fn a_path_starting_with_two_slashes_never_becomes_an_off_site_link() {
    let (app, _) = app();
    for uri in ["//evil.example/x", "///evil.example/x?a=1"] {
        let a = get(&app, uri, None).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!a.body.contains("href=\"//"), "{uri}: {}", a.body);
        assert!(
            a.body.contains("href=\"/evil.example/x?"),
            "the language switch stays on this site: {}",
            a.body
        );
    }
    // The CSRF page's way back, too.
    let a = send(
        &app,
        Request::builder()
            .method(Method::POST)
            .uri("//evil.example/x")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("a=1"))
            .unwrap(),
    )
    .await;
    assert!(!a.body.contains("href=\"//"), "{}", a.body);
}
