//! The request log: one span per request with method, route template, status, duration and
//! user, and no secret (cookies, tokens, CSRF values, passwords, query strings).
//!
//! Alone in its test binary on purpose: the test captures the log with a subscriber set for
//! its own thread, and `tracing` caches a callsite's interest from whichever thread reaches it
//! first, so requests of concurrent tests on other threads (no subscriber there) could switch
//! the callsites off for this one.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

use common::{api, app, get_page, login, send, token, PASSWORD, PROJECT};

/// What a `fmt` subscriber writes, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

// `current_thread` (the default): the whole request runs on this thread, under the
// subscriber set for it.
#[tokio::test]
async fn the_request_log_names_route_status_and_user_but_no_secret() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (app, state) = app();
    let sessie = login(&app, "team2").await;
    let page = format!("/projecten/{PROJECT}?lang=en&token=querygeheim");
    let a = send(&app, get_page(&page, Some(&sessie))).await;
    assert_eq!(a.status, StatusCode::OK);
    let bearer = token(&state, "umc");
    let a = send(
        &app,
        api(
            Method::GET,
            &format!("/api/v1/projecten/{PROJECT}"),
            Some(&bearer),
            "",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let a = send(
        &app,
        api(Method::GET, "/api/v1/tokens", Some("geen-echte-token"), ""),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = send(
        &app,
        Request::get("/rondes")
            .header(header::COOKIE, "gemeten_sessie=verlopen-sessie")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);

    let text = log.text();
    let line = |needle: &str| -> &str {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle} in:\n{text}"))
    };
    let page_line = line("route=/projecten/{id}");
    for field in [
        "request{",
        "method=GET",
        "status=200",
        "user=team2",
        "duration_ms=",
    ] {
        assert!(page_line.contains(field), "{field} missing: {page_line}");
    }
    let api_line = line("route=/api/v1/projecten/{id}");
    assert!(api_line.contains("user=umc"), "{api_line}");
    assert!(api_line.contains("status=200"), "{api_line}");
    let refused = line("route=/api/v1/tokens");
    assert!(refused.contains("status=401"), "{refused}");
    assert!(!refused.contains("user="), "{refused}");
    let login_line = line("method=POST");
    assert!(login_line.contains("route=/inloggen"), "{login_line}");

    let session_value = sessie.cookie.split_once('=').unwrap().1;
    for secret in [
        session_value,
        sessie.csrf.as_str(),
        bearer.as_str(),
        "geen-echte-token",
        "verlopen-sessie",
        "querygeheim",
        PASSWORD,
        PROJECT,
    ] {
        assert!(!text.contains(secret), "the log shows {secret}:\n{text}");
    }
}
