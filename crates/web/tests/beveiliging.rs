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

/// A form post in a session (the body carries its CSRF token).
fn form(uri: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_owned()))
        .unwrap()
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
        let id = if path.starts_with("/rondes") {
            ROUND
        } else {
            PROJECT
        };
        let uri = path
            .replace("{code}", "II")
            .replace("{id}", id)
            .replace("{username}", "umc");
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

#[tokio::test]
async fn logins_are_throttled_per_account_and_answered_429_with_retry_after() {
    let (app, state) = app();
    for _ in 0..gemeten_app::DREMPELS.per_gebruiker {
        let a = post_login(&app, "umc", "fout-wachtwoord", HERE).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
    }
    // The right password too, from another address: refused until the window passes.
    let a = post_login(&app, "umc", PASSWORD, [198, 51, 100, 7]).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.body);
    assert_eq!(
        a.header(header::RETRY_AFTER),
        gemeten_app::DREMPELS.venster.to_string()
    );
    assert!(a.body.contains("Te veel mislukte pogingen"), "{}", a.body);
    assert!(a.set_cookie(SESSION_COOKIE).is_none());
    // Another account is not locked out.
    session(&app, "team2").await;
    // Each failure is in the audit log, never the password.
    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    let failed: Vec<_> = log
        .iter()
        .filter(|e| e.action == "inloggen mislukt")
        .collect();
    assert_eq!(failed.len(), gemeten_app::DREMPELS.per_gebruiker);
    assert!(failed.iter().all(|e| e.object == "gebruiker umc"));
    assert!(!format!("{log:?}").contains("fout-wachtwoord"));
}

#[tokio::test]
async fn passwords_are_hashed_off_the_store_connection() {
    let (app, _) = app();
    let before = gemeten_store::argon2_operations_holding_a_connection();
    session(&app, "admin").await;
    post_login(&app, "admin", "fout-wachtwoord", HERE).await;
    post_login(&app, "niemand", "fout-wachtwoord", HERE).await;
    let cookie = session(&app, "admin").await;
    let csrf = session_csrf(&app, &cookie).await;
    for (uri, body) in [
        (
            "/beheer/gebruikers",
            "username=nieuw&role=publiek".to_owned(),
        ),
        ("/beheer/gebruikers/umc/wachtwoord", String::new()),
        (
            "/wachtwoord",
            format!("current_password={PASSWORD}&password=een-nieuw-wachtwoord"),
        ),
    ] {
        let a = send(&app, form(uri, &cookie, &format!("{body}&csrf={csrf}"))).await;
        assert!(a.status.is_success(), "{uri}: {} {}", a.status, a.body);
    }
    let a = post_login(&app, "admin", "een-nieuw-wachtwoord", HERE).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "the new password works");
    assert_eq!(
        gemeten_store::argon2_operations_holding_a_connection(),
        before,
        "a password hash was computed while holding a store connection"
    );
}

#[tokio::test]
async fn an_administrator_manages_a_user_on_their_page() {
    let (app, state) = app();
    let admin = session(&app, "admin").await;
    let csrf = session_csrf(&app, &admin).await;
    let post = |uri: &'static str, body: String| {
        let (app, admin, csrf) = (app.clone(), admin.clone(), csrf.clone());
        async move { send(&app, form(uri, &admin, &format!("{body}&csrf={csrf}"))).await }
    };
    let umc = session(&app, "umc").await;
    let umc_token = token(&state, "umc");

    let page = get(&app, "/beheer/gebruikers/umc", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Audittrail") && page.body.contains("ingelogd"));
    let list = get(&app, "/beheer/gebruikers", Some(&admin)).await;
    assert!(list.body.contains("href=\"/beheer/gebruikers/umc\""));

    // Name and role; a refusal names the field and keeps the page.
    let a = post(
        "/beheer/gebruikers/umc",
        "display_name=UMC+Utrecht&role=missieteam".into(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("<code>missie</code>"), "{}", a.body);
    let a = post(
        "/beheer/gebruikers/umc",
        "display_name=UMC+Utrecht&role=missieteam&missie=II".into(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let u = common::with_store(&state, |s| s.user("umc").unwrap().unwrap());
    assert_eq!(
        (u.display_name.as_str(), u.missie().map(|m| m.code())),
        ("UMC Utrecht", Some("II"))
    );

    // Disabling ends the session and the token at once.
    let a = post("/beheer/gebruikers/umc/uitschakelen", String::new()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(
        a.body
            .contains("1 sessies beëindigd, 1 API-tokens ingetrokken"),
        "{}",
        a.body
    );
    let me = get(&app, "/inloggen", Some(&umc)).await;
    assert!(!me.body.contains("Ingelogd als"), "the session ended");
    let a = send(
        &app,
        Request::get("/api/v1/tokens")
            .header(header::AUTHORIZATION, format!("Bearer {umc_token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        post_login(&app, "umc", PASSWORD, HERE).await.status,
        StatusCode::UNAUTHORIZED
    );
    let a = post("/beheer/gebruikers/umc/inschakelen", String::new()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);

    // A new password and a token, shown once, with the token's expiry.
    let a = post("/beheer/gebruikers/umc/wachtwoord", String::new()).await;
    assert!(a.body.contains("Nieuw wachtwoord:"), "{}", a.body);
    let a = post("/beheer/gebruikers/umc/token", "days=7".into()).await;
    assert!(a.body.contains("geldig tot"), "{}", a.body);
    let listed = common::with_store(&state, |s| s.api_tokens(Some("umc")).unwrap());
    assert_eq!(listed.len(), 1);
    assert!(listed[0].expires_at.is_some());

    // Deleting needs the box ticked; then the user is gone but the trail stays.
    let a = post("/beheer/gebruikers/umc/verwijderen", String::new()).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    let a = post("/beheer/gebruikers/umc/verwijderen", "bevestig=ja".into()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("verwijderd op"), "{}", a.body);
    assert!(
        a.body.contains("gebruiker uitgeschakeld"),
        "the trail: {}",
        a.body
    );
    let list = get(&app, "/beheer/gebruikers", Some(&admin)).await;
    assert!(!list.body.contains("href=\"/beheer/gebruikers/umc\""));

    // Not themselves.
    let a = post("/beheer/gebruikers/admin/uitschakelen", String::new()).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
}

#[tokio::test]
async fn everyone_changes_their_own_password_with_the_current_one() {
    let (app, state) = app();
    let lezer = session(&app, "lezer").await;
    let csrf = session_csrf(&app, &lezer).await;
    let a = get(&app, "/wachtwoord", Some(&lezer)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/wachtwoord", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let a = send(
        &app,
        form(
            "/wachtwoord",
            &lezer,
            &format!("current_password=fout&password=een-nieuw-wachtwoord&csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(
        a.body.contains("huidige wachtwoord klopt niet"),
        "{}",
        a.body
    );
    let a = send(
        &app,
        form(
            "/wachtwoord",
            &lezer,
            &format!("current_password={PASSWORD}&password=een-nieuw-wachtwoord&csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a
        .set_cookie(SESSION_COOKIE)
        .is_some_and(|c| c.ends_with('=')));
    assert!(common::with_store(&state, |s| s
        .session(lezer.split_once('=').unwrap().1)
        .unwrap()
        .is_none()));
    assert_eq!(
        post_login(&app, "lezer", "een-nieuw-wachtwoord", HERE)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn rounds_show_no_usernames_to_the_public() {
    let (app, state) = app();
    let ids = |a: &Answer| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
        v["ronde"]["deelnemers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let uri = format!("/api/v1/rondes/{ROUND}");
    let public = get(&app, &uri, None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(
        ids(&public),
        ["deelnemer-1", "deelnemer-2", "deelnemer-3", "deelnemer-4"]
    );
    for who in ["lezer", "team5"] {
        let t = token(&state, who);
        let a = send(
            &app,
            Request::get(&uri)
                .header(header::AUTHORIZATION, format!("Bearer {t}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(ids(&a).iter().all(|i| i.starts_with("deelnemer-")), "{who}");
    }
    // The round's mission team and administrators see who may vote.
    for who in ["admin", "team2"] {
        let t = token(&state, who);
        let a = send(
            &app,
            Request::get(&uri)
                .header(header::AUTHORIZATION, format!("Bearer {t}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(ids(&a), ["admin", "team2", "lezer", "umc"], "{who}");
    }
    let page = get(&app, &format!("/rondes/{ROUND}"), None).await;
    assert!(!page.body.contains("team2"), "{}", page.body);
}

/// Issue 16, finding 17: the API takes a mission code exactly as its document lists them;
/// `missie=0` no longer means the central mission. Pages stay lenient for people.
#[tokio::test]
async fn the_api_takes_mission_codes_exactly_as_documented() {
    let (app, _) = app();
    for uri in [
        "/api/v1/projecten?missie=0",
        "/api/v1/innovaties?missie=centraal",
        "/api/v1/instrumenten?missie=ii",
        "/api/v1/rondes?missie=0",
        "/api/v1/missies/0",
        "/api/v1/missies/c/synthese",
    ] {
        let a = get(&app, uri, None).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.body);
        assert!(
            a.body.contains("is not a mission code"),
            "{uri}: {}",
            a.body
        );
    }
    assert_eq!(
        get(&app, "/api/v1/projecten?missie=C", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, "/projecten?missie=centraal", None).await.status,
        StatusCode::OK
    );
    let doc: serde_json::Value = serde_json::from_str(gemeten_web::OPENAPI).unwrap();
    let about = doc["info"]["description"].as_str().unwrap();
    assert!(!about.to_lowercase().contains("read-only"), "{about}");
}

/// Logged-in requests reuse the answer of their session or token lookup while the accounts
/// stay the same (issue 13), yet an ended session, a revoked token and a disabled user are
/// refused promptly: at once when the change goes through this server, within the change
/// counters' freshness (100 ms) when another process makes it in the store.
#[tokio::test]
async fn kept_logins_are_refused_promptly_after_a_session_ends_or_a_user_is_disabled() {
    let (app, state) = app();
    let logged_in = |body: &str| body.contains("Uitloggen");
    let page = |s: &common::Sessie| common::get_page("/", Some(s));
    let bearer = |t: &str| common::api(Method::GET, "/api/v1/missies", Some(t), "");

    // Another process ends a session and disables a user with a token.
    let umc = common::login(&app, "umc").await;
    let token = common::token(&state, "team2");
    for _ in 0..3 {
        assert!(logged_in(&common::send(&app, page(&umc)).await.body));
        assert_eq!(
            common::send(&app, bearer(&token)).await.status,
            StatusCode::OK
        );
    }
    common::with_store(&state, |s| {
        assert_eq!(s.end_sessions("umc").unwrap(), 1);
        assert!(s.set_disabled("team2", true).unwrap());
    });
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    assert!(!logged_in(&common::send(&app, page(&umc)).await.body));
    assert_eq!(
        common::send(&app, bearer(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Through this server: the administrator disables a user; that user's session and
    // token are refused by the very next request, without waiting.
    let admin = common::login(&app, "admin").await;
    let hu = common::login(&app, "hu").await;
    let hu_token = common::token(&state, "hu");
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    for _ in 0..3 {
        assert!(logged_in(&common::send(&app, page(&hu)).await.body));
        assert_eq!(
            common::send(&app, bearer(&hu_token)).await.status,
            StatusCode::OK
        );
    }
    let a = common::send(
        &app,
        common::post_form("/beheer/gebruikers/hu/uitschakelen", &admin, "bevestig=ja"),
    )
    .await;
    assert!(
        a.status.is_redirection() || a.status.is_success(),
        "{}: {}",
        a.status,
        a.body
    );
    assert!(!logged_in(&common::send(&app, page(&hu)).await.body));
    assert_eq!(
        common::send(&app, bearer(&hu_token)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Logging out: the session is refused by the next request.
    assert!(logged_in(&common::send(&app, page(&admin)).await.body));
    let a = common::send(&app, common::post_form("/uitloggen", &admin, "")).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert!(!logged_in(&common::send(&app, page(&admin)).await.body));
}
