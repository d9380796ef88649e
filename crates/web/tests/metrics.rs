//! Operations: `GET /metrics` (what it counts, who may read it). The request log is tested
//! in `request_log.rs`.

mod common;

use axum::http::{header, Method, StatusCode};
use axum::Router;

use gemeten_web::{router, METRICS_PATH};

use common::{api, app, get_page, login, send, token, Answer, PROJECT};

const METRICS_TOKEN: &str = "scraper-geheim-0123456789";

async fn scrape(app: &Router, bearer: Option<&str>) -> Answer {
    send(app, api(Method::GET, METRICS_PATH, bearer, "")).await
}

/// The value of the sample `name{labels}` in an exposition, if it is there.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.trim().parse().unwrap())
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status() {
    let (app, state) = app();
    let admin = token(&state, "admin");
    for _ in 0..2 {
        let a = send(&app, get_page(&format!("/projecten/{PROJECT}"), None)).await;
        assert_eq!(a.status, StatusCode::OK);
    }
    let a = send(&app, get_page("/projecten/bestaat-niet", None)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(
        &app,
        api(Method::GET, "/api/v1/projecten/x?token=abc", None, ""),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(&app, get_page("/geen/pagina/hier", None)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);

    let m = scrape(&app, Some(&admin)).await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.body);
    assert_eq!(
        m.headers[header::CONTENT_TYPE],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = &m.body;
    let page = r#"route="/projecten/{id}""#;
    assert_eq!(
        sample(
            text,
            &format!(r#"gemeten_http_requests_total{{method="GET",{page},status="200"}}"#)
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        sample(
            text,
            &format!(r#"gemeten_http_requests_total{{method="GET",{page},status="404"}}"#)
        ),
        Some(1.0),
        "{text}"
    );
    // The histogram holds every request of the route, whatever its status.
    assert_eq!(
        sample(
            text,
            &format!("gemeten_http_request_duration_seconds_count{{{page}}}")
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        sample(
            text,
            &format!(r#"gemeten_http_request_duration_seconds_bucket{{{page},le="+Inf"}}"#)
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        sample(
            text,
            r#"gemeten_http_requests_total{method="GET",route="/api/v1/projecten/{id}",status="404"}"#
        ),
        Some(1.0),
        "{text}"
    );
    // A path no route matches is counted under one label, not under its raw path.
    assert_eq!(
        sample(
            text,
            r#"gemeten_http_requests_total{method="GET",route="unmatched",status="404"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert!(!text.contains(PROJECT), "raw paths in the labels: {text}");
    assert!(!text.contains("geen/pagina"), "{text}");
    assert!(!text.contains("token=abc"), "{text}");
    // The scrape itself is the one request in flight.
    assert_eq!(sample(text, "gemeten_http_requests_in_flight"), Some(1.0));
    let versies = common::with_store(&state, |s| s.versies().unwrap());
    assert!(versies.project > 0);
    assert_eq!(
        sample(text, r#"gemeten_store_version{area="project"}"#),
        Some(versies.project as f64)
    );
    assert_eq!(
        sample(text, r#"gemeten_store_version{area="account"}"#),
        Some(versies.account as f64)
    );
    // One connection to the private in-memory database, a pool of four to PostgreSQL.
    let max = if common::on_postgres() { 4.0 } else { 1.0 };
    assert_eq!(sample(text, "gemeten_store_connections_max"), Some(max));
    assert_eq!(
        sample(text, r#"gemeten_store_connections{state="in_use"}"#),
        Some(0.0)
    );
    let idle = sample(text, r#"gemeten_store_connections{state="idle"}"#).unwrap();
    assert!((1.0..=max).contains(&idle), "{idle}");

    // The next scrape counts the first one (an answered admin request).
    let m = scrape(&app, Some(&admin)).await;
    assert_eq!(
        sample(
            &m.body,
            r#"gemeten_http_requests_total{method="GET",route="/metrics",status="200"}"#
        ),
        Some(1.0),
        "{}",
        m.body
    );
}

#[tokio::test]
async fn a_pool_reports_its_connections() {
    let register = gemeten_interchange::reference_register().unwrap();
    // A SQLite file or a PostgreSQL database (an in-memory database has one connection).
    let state = common::pooled_state(register, |s, register| {
        gemeten_store::RegisterStore::replace(s, register).unwrap();
        let admin = gemeten_app::ensure_admin(s, Some(common::PASSWORD.into()))
            .unwrap()
            .unwrap();
        assert_eq!(admin.account.username, "admin");
    });
    let app = router(state.clone());
    let m = scrape(&app, Some(&token(&state, "admin"))).await;
    assert_eq!(m.status, StatusCode::OK);
    assert_eq!(sample(&m.body, "gemeten_store_connections_max"), Some(4.0));
    assert_eq!(
        sample(&m.body, r#"gemeten_store_connections{state="in_use"}"#),
        Some(0.0)
    );
    let idle = sample(&m.body, r#"gemeten_store_connections{state="idle"}"#).unwrap();
    assert!((1.0..=4.0).contains(&idle), "{idle}");
}

#[tokio::test]
async fn metrics_are_for_administrators_and_the_scraper_token() {
    let (app, state) = app();
    // Without the server's metrics token a scraper is an anonymous visitor.
    assert_eq!(scrape(&app, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        scrape(&app, Some(METRICS_TOKEN)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let lezer = token(&state, "lezer");
    assert_eq!(
        scrape(&app, Some(&lezer)).await.status,
        StatusCode::FORBIDDEN
    );
    let team = login(&app, "team2").await;
    let a = send(&app, get_page(METRICS_PATH, Some(&team))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let admin = login(&app, "admin").await;
    let a = send(&app, get_page(METRICS_PATH, Some(&admin))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a
        .body
        .contains("# TYPE gemeten_http_requests_total counter"));

    let with_token = router(state.with_metrics_token(Some(METRICS_TOKEN.into())));
    let a = scrape(&with_token, Some(METRICS_TOKEN)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("gemeten_http_requests_total"));
    assert_eq!(
        scrape(&with_token, Some("scraper-geheim-fout"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        scrape(&with_token, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The metrics token opens `/metrics` only, not the API.
    assert_eq!(
        send(
            &with_token,
            api(Method::GET, "/api/v1/tokens", Some(METRICS_TOKEN), "")
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(
            &with_token,
            api(Method::POST, METRICS_PATH, Some(METRICS_TOKEN), "")
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    // Administrators still may.
    let a = send(&with_token, get_page(METRICS_PATH, Some(&admin))).await;
    assert_eq!(a.status, StatusCode::OK);
}
