//! User management (administrators only, page and API) and API tokens: listing and revoking.

mod common;

use axum::http::{Method, StatusCode};
use serde_json::json;

use gemeten_store::AccountStore;

use common::{api, app, fingerprint, get_page, login, post_form, send, token};

#[tokio::test]
async fn administrators_create_users_through_the_api() {
    let (app, state) = app();
    let admin = token(&state, "admin");
    let umc = token(&state, "umc");
    let new = json!({ "username": "sanne", "display_name": "Sanne Bakker", "role": "bijdrager", "organisation": "Vilans" }).to_string();
    let before = fingerprint(&state);
    let a = send(
        &app,
        api(Method::POST, "/api/v1/gebruikers", Some(&umc), &new),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, api(Method::POST, "/api/v1/gebruikers", None, &new)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    for (body, field) in [
        (
            json!({ "username": "piet", "role": "bijdrager" }),
            "organisation",
        ),
        (
            json!({ "username": "piet", "role": "bijdrager", "organisation": "  " }),
            "organisation",
        ),
        (
            json!({ "username": "piet", "role": "missieteam" }),
            "missie",
        ),
        (
            json!({ "username": "piet", "role": "missieteam", "missie": "VII" }),
            "missie",
        ),
        (
            json!({ "username": "piet", "role": "publiek", "missie": "II" }),
            "missie",
        ),
        (
            json!({ "username": "piet", "role": "publiek", "organisation": "Vilans" }),
            "organisation",
        ),
        (json!({ "username": "piet", "role": "koning" }), "role"),
        (
            json!({ "username": "piet de", "role": "publiek" }),
            "username",
        ),
        (
            json!({ "username": "piet", "role": "publiek", "password": "kort" }),
            "password",
        ),
        (
            // An unknown member is named itself.
            json!({ "username": "piet", "role": "publiek", "wachtwoord": "x" }),
            "wachtwoord",
        ),
        // A member of the wrong type is named by its path.
        (json!({ "username": 7, "role": "publiek" }), "username"),
    ] {
        let a = send(
            &app,
            api(
                Method::POST,
                "/api/v1/gebruikers",
                Some(&admin),
                &body.to_string(),
            ),
        )
        .await;
        // What cannot be read (an unknown member, a wrong type) is 400; what is read and
        // refused by the rules is 422.
        let unreadable = field == "wachtwoord" || !body["username"].is_string();
        let expected = if unreadable {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(a.status, expected, "{body}: {}", a.body);
        assert_eq!(a.json()["field"], field, "{body}: {}", a.body);
    }
    assert_eq!(fingerprint(&state), before, "nothing is saved by refusals");

    let a = send(
        &app,
        api(Method::POST, "/api/v1/gebruikers", Some(&admin), &new),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let password = a.json()["password"]
        .as_str()
        .expect("a made-up password, shown once")
        .to_owned();
    assert_eq!(a.json()["organisation"], "Vilans");
    let a = send(
        &app,
        api(Method::POST, "/api/v1/gebruikers", Some(&admin), &new),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let a = send(
        &app,
        api(Method::POST, "/api/v1/gebruikers", Some(&admin), &json!({ "username": "team", "role": "missieteam", "missie": "ii", "password": "lang-genoeg-wachtwoord" }).to_string()),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.json()["missie"], "II");
    assert!(
        a.json().get("password").is_none(),
        "a given password is never echoed"
    );

    {
        let (known, log) = common::with_store(&state, |s| {
            (
                s.check_password("sanne", &password).unwrap(),
                s.audit_log().unwrap(),
            )
        });
        assert!(known.is_some());
        assert_eq!(
            (log[1].action.as_str(), log[1].object.as_str()),
            ("gebruiker aangemaakt", "gebruiker sanne")
        );
        assert!(
            !format!("{log:?}").contains(&password),
            "never the password"
        );
        assert!(!format!("{log:?}").contains("lang-genoeg-wachtwoord"));
    }
    let list = send(
        &app,
        api(Method::GET, "/api/v1/gebruikers", Some(&admin), ""),
    )
    .await
    .json();
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["username"] == "sanne" && u["role"] == "bijdrager"));
    let a = send(&app, api(Method::GET, "/api/v1/gebruikers", Some(&umc), "")).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_users_page_lists_and_adds_for_administrators_only() {
    let (app, state) = app();
    let admin = login(&app, "admin").await;
    let a = send(&app, get_page("/beheer/gebruikers", Some(&admin))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("<code>team5</code>"));
    assert!(a.body.contains("<label for=\"organisation\">"));
    let a = send(
        &app,
        get_page("/beheer/gebruikers", Some(&login(&app, "team2").await)),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, get_page("/beheer/gebruikers", None)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    let a = send(
        &app,
        post_form(
            "/beheer/gebruikers",
            &admin,
            "username=karel&display_name=Karel&role=bijdrager&organisation=&missie=&password=",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("<code>organisation</code>"), "{}", a.body);
    assert!(
        a.body.contains("value=\"karel\""),
        "the form keeps what was sent"
    );
    let a = send(&app, post_form("/beheer/gebruikers", &admin, "username=karel&display_name=Karel&role=bijdrager&organisation=UMC+Utrecht&missie=&password=")).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert!(
        a.body.contains("Wachtwoord van <code>karel</code>"),
        "{}",
        a.body
    );
    let a = send(
        &app,
        post_form(
            "/beheer/gebruikers",
            &admin,
            "username=karel&role=publiek&password=lang-genoeg-1",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let before = fingerprint(&state);
    let a = send(
        &app,
        post_form(
            "/beheer/gebruikers",
            &login(&app, "umc").await,
            "username=x&role=admin&password=lang-genoeg-1",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let after = fingerprint(&state);
    // Logging in wrote an audit entry; the users are the same.
    assert_eq!(before.lines().nth(3), after.lines().nth(3));
    let karel = common::with_store(&state, |s| s.user("karel").unwrap().unwrap());
    assert_eq!(karel.organisation(), Some("UMC Utrecht"));
}

#[tokio::test]
async fn tokens_are_listed_and_a_revoked_token_is_refused() {
    let (app, state) = app();
    let admin = token(&state, "admin");
    let umc = token(&state, "umc");
    let hu = token(&state, "hu");
    let own = send(&app, api(Method::GET, "/api/v1/tokens", Some(&umc), ""))
        .await
        .json();
    let own = own.as_array().unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["username"], "umc");
    let id = own[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 12);
    assert!(
        !umc.starts_with(&id),
        "the id comes from the hash, not the token"
    );
    let all = send(&app, api(Method::GET, "/api/v1/tokens", Some(&admin), ""))
        .await
        .json();
    assert_eq!(all.as_array().unwrap().len(), 3);
    let a = send(&app, api(Method::GET, "/api/v1/tokens", None, "")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    let revoke =
        |t: &str, id: &str| api(Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(t), "");
    assert_eq!(
        send(&app, revoke(&hu, &id)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, revoke(&admin, "000000000000")).await.status,
        StatusCode::NOT_FOUND
    );
    let project = "/api/v1/projecten/vb-thuismonitor-hartfalen";
    assert_eq!(
        send(&app, api(Method::PUT, project, Some(&umc), r#"{"trl": 7}"#))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        send(&app, revoke(&umc, &id)).await.status,
        StatusCode::NO_CONTENT
    );
    let a = send(&app, api(Method::PUT, project, Some(&umc), r#"{"trl": 8}"#)).await;
    assert_eq!(
        a.status,
        StatusCode::UNAUTHORIZED,
        "a revoked token no longer works"
    );
    let a = send(&app, api(Method::GET, "/api/v1/tokens", Some(&umc), "")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // An administrator revokes someone else's.
    let hu_id = send(&app, api(Method::GET, "/api/v1/tokens", Some(&hu), ""))
        .await
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        send(&app, revoke(&admin, &hu_id)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        send(&app, api(Method::GET, "/api/v1/tokens", Some(&hu), ""))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    assert_eq!(
        (
            log[0].by.as_str(),
            log[0].action.as_str(),
            log[0].object.as_str()
        ),
        ("admin", "API-token ingetrokken", "gebruiker hu")
    );
    assert_eq!(log[1].by, "umc");
}
