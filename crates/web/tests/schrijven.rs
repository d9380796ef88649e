//! Every write checks who asks: each write operation of the API and each form post, sent
//! without credentials and by a `publiek` user, is refused (401 or 403) and the store is left
//! exactly as it was — but for the record of the refusal: every attempt by a user is one
//! `geweigerd: …` entry in the audit log, under that user's name. A new write endpoint
//! without a role check fails here.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use gemeten_web::{api_operations, page_operations};

use common::{
    app, candidates, fingerprint, login, refusals, round, send, token, visitor_csrf, PROJECT, ROUND,
};

/// A value for each path parameter that names something that exists, so a refusal is the
/// role check's and not a 404.
fn concrete(path: &str, token_id: &str) -> String {
    let id = if path.starts_with("/projecten/") {
        PROJECT
    } else if path.starts_with("/rondes/") {
        ROUND
    } else if path.starts_with("/tokens/") {
        token_id
    } else if path.starts_with("/bestuur/") {
        "kernteam"
    } else if path.starts_with("/acties/") {
        "1"
    } else if path.starts_with("/activiteiten/") {
        "000-II-1"
    } else if path.starts_with("/innovaties/") {
        "cva-portaal"
    } else {
        "onbekend"
    };
    path.replace("{id}", id)
        .replace("{doel}", "II-zorg-in-leefomgeving")
        .replace("{code}", "II")
        .replace("{username}", "umc")
}

/// A body the endpoint would accept from a user who may write.
fn api_body(method: &str, path: &str) -> String {
    let k = candidates();
    match (method, path) {
        ("put", "/projecten/{id}") => json!({ "trl": 9 }).to_string(),
        ("post", "/tokens") => json!({ "username": "lezer" }).to_string(),
        ("post", "/gebruikers") => {
            json!({ "username": "nieuw", "role": "admin", "password": "lang-genoeg-1" }).to_string()
        }
        ("post", "/rondes") => serde_json::to_string(&round("nieuw-ii", &["lezer"])).unwrap(),
        ("post", "/rondes/{id}/stembiljetten") => json!({ "keuze": { "top": [k[0]] } }).to_string(),
        ("post", "/beoordelingen") => common::rocket_json("project", PROJECT, 3),
        ("post", "/vergaderingen") => json!({
            "orgaan": "kernteam", "datum": "2026-02-01", "titel": "Overleg",
            "acties": [{ "text": "Meten", "projecten": [PROJECT] }],
        })
        .to_string(),
        ("post", "/acties/{id}") => json!({ "status": "vervallen" }).to_string(),
        ("post", "/innovaties/{id}/doelen") => {
            json!({ "doel": "II-zorg-in-leefomgeving" }).to_string()
        }
        ("post", "/oproepen") => json!({
            "id": "nieuw", "instrument": "taz-instrumenten", "title_nl": "Oproep",
            "opens": "2026-01-01", "closes": "2026-12-31",
        })
        .to_string(),
        ("post", "/kpi") => json!([{
            "code": "eigen_kpi", "name_nl": "Eigen", "name_en": "Own", "unit": "%",
            "direction": "higher", "source": "test", "breakdowns": [],
        }])
        .to_string(),
        _ => "{}".to_owned(),
    }
}

fn form_body(path: &str) -> String {
    let k = candidates();
    match path {
        "/projecten/{id}" => "trl=9&status=lopend".to_owned(),
        "/rondes/{id}/stem" => format!("top={}", k[0]),
        "/rondes/nieuw" => format!(
            "id=nieuw-form&missie=II&title_nl=Test&kind=top_n&n=2&kandidaten={}&deelnemers=lezer",
            k[0]
        ),
        "/beoordelingen" => common::rocket_form("project", PROJECT, 3),
        "/bestuur/{id}/vergaderingen" => {
            format!("datum=2026-01-10&titel=Overleg&actie-0-text=Meten&actie-0-projecten={PROJECT}")
        }
        "/acties/{id}" => "status=gereed&terug=/bestuur/kernteam".to_owned(),
        "/innovaties/{id}/doelen" => "doel=II-zorg-in-leefomgeving".to_owned(),
        "/innovaties/{id}/doelen/{doel}/ontkoppelen" => String::new(),
        "/activiteiten/{id}" => {
            "status=gestart&counts_toward_kind=overleg&counts_toward_date=2026-05-01".to_owned()
        }
        "/oproepen" => "id=nieuw&instrument=taz-instrumenten&title_nl=Oproep&opens=2026-01-01\
                        &closes=2026-12-31"
            .to_owned(),
        "/beheer/gebruikers" => "username=nieuw&role=admin&password=lang-genoeg-1".to_owned(),
        "/beheer/gebruikers/{username}" => "display_name=X&role=admin".to_owned(),
        "/beheer/gebruikers/{username}/wachtwoord" => "password=lang-genoeg-1".to_owned(),
        "/beheer/gebruikers/{username}/token" => "days=30".to_owned(),
        "/beheer/gebruikers/{username}/verwijderen" => "bevestig=ja".to_owned(),
        "/beheer/gebruikers/{username}/uitschakelen"
        | "/beheer/gebruikers/{username}/inschakelen"
        | "/beheer/gebruikers/{username}/sessies" => String::new(),
        "/beheer/kpis" => "toml=%5B%5Bkpi%5D%5D%0Acode%3D%22eigen_kpi%22%0Aname_nl%3D%22E%22%0A\
                           name_en%3D%22O%22%0Aunit%3D%22%25%22%0Adirection%3D%22higher%22%0A\
                           source%3D%22t%22%0Abreakdowns%3D%5B%5D%0A"
            .to_owned(),
        other => panic!("a new form write {other}: give it a body a writer's form would send"),
    }
}

#[tokio::test]
async fn every_write_refuses_visitors_and_readers_and_changes_nothing() {
    let (app, state) = app();
    let lezer = token(&state, "lezer");
    let lezer_sessie = login(&app, "lezer").await;
    let (visitor_cookie, visitor_csrf) = visitor_csrf(&app).await;
    // Someone else's token, for the revoke endpoint.
    token(&state, "admin");
    let admin_token_id = common::with_store(&state, |s| {
        gemeten_store::AccountStore::api_tokens(s, Some("admin")).unwrap()[0]
            .id
            .clone()
    });
    let before = fingerprint(&state);

    let writes: Vec<_> = api_operations()
        .into_iter()
        .filter(|(m, _)| *m != "get")
        .collect();
    assert!(writes.len() >= 6, "{writes:?}");
    for (method, path) in &writes {
        let uri = format!("/api/v1{}", concrete(path, &admin_token_id));
        let body = api_body(method, path);
        let method: Method = method.to_uppercase().parse().unwrap();
        for (who, bearer, expected) in [
            ("nobody", None, StatusCode::UNAUTHORIZED),
            ("lezer", Some(lezer.as_str()), StatusCode::FORBIDDEN),
        ] {
            let mut r = Request::builder()
                .method(method.clone())
                .uri(&uri)
                .header(header::CONTENT_TYPE, "application/json");
            if let Some(t) = bearer {
                r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
            }
            let recorded = refusals(&state).len();
            let a = send(&app, r.body(Body::from(body.clone())).unwrap()).await;
            assert_eq!(a.status, expected, "{method} {uri} by {who}: {}", a.body);
            assert_eq!(
                fingerprint(&state),
                before,
                "{method} {uri} by {who} changed the store"
            );
            // An attempt by a user is evidence; an anonymous one names nobody.
            let now = refusals(&state);
            if bearer.is_some() {
                assert_eq!(now.len(), recorded + 1, "{method} {uri} by {who}: {now:?}");
                assert_eq!(now[0].0, who, "{now:?}");
            } else {
                assert_eq!(now.len(), recorded, "{method} {uri} by {who}: {now:?}");
            }
        }
    }

    // Every form post the router has, found from its recorded routes; logging in and out and
    // changing one's own password are for everyone and tested in `accounts.rs` and
    // `beveiliging.rs`.
    let form_writes: Vec<&str> = page_operations()
        .into_iter()
        .filter(|(m, p)| *m != "get" && !matches!(*p, "/inloggen" | "/uitloggen" | "/wachtwoord"))
        .map(|(_, p)| p)
        .collect();
    assert!(form_writes.len() >= 4, "{form_writes:?}");
    for path in &form_writes {
        let uri = concrete(path, &admin_token_id);
        let body = form_body(path);
        // A visitor with a valid form token: the handler's own check answers.
        let a = send(
            &app,
            Request::post(&uri)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &visitor_cookie)
                .body(Body::from(format!("{body}&csrf={visitor_csrf}")))
                .unwrap(),
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::UNAUTHORIZED,
            "POST {uri} by a visitor: {}",
            a.body
        );
        // A reader in a session with the right CSRF token, and with an API token.
        let recorded = refusals(&state).len();
        let a = send(&app, common::post_form(&uri, &lezer_sessie, &body)).await;
        assert_eq!(
            a.status,
            StatusCode::FORBIDDEN,
            "POST {uri} by lezer: {}",
            a.body
        );
        let a = send(
            &app,
            Request::post(&uri)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::AUTHORIZATION, format!("Bearer {lezer}"))
                .body(Body::from(body.clone()))
                .unwrap(),
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::FORBIDDEN,
            "POST {uri} by lezer's token: {}",
            a.body
        );
        assert_eq!(fingerprint(&state), before, "POST {uri} changed the store");
        let now = refusals(&state);
        assert_eq!(now.len(), recorded + 2, "POST {uri}: {now:?}");
        assert!(now[..2].iter().all(|r| r.0 == "lezer"), "{now:?}");
    }
}
