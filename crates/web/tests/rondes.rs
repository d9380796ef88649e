//! Prioritisation rounds in the browser and the API: the list and the round page with the
//! current result, ballots through the form and the API (the role rule, refusals naming the
//! field, a second ballot replacing the first), and creating a round.

mod common;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use gemeten_store::AccountStore;

use common::{
    api, app, candidates, fingerprint, get_page, login, post_form, round, send, token, ROUND,
};

async fn result(app: &axum::Router, id: &str) -> Value {
    let a = send(
        app,
        api(Method::GET, &format!("/api/v1/rondes/{id}"), None, ""),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    a.json()
}

fn approval(detail: &Value) -> &Value {
    detail["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["methode"] == "approval")
        .expect("an approval result for a top-N round")
}

#[tokio::test]
async fn the_list_and_the_page_show_rounds_and_say_when_ballots_are_illustrative() {
    let (app, _) = app();
    let a = send(&app, get_page("/rondes", None)).await;
    assert_eq!(a.status, StatusCode::OK);
    for id in ["002-II", "002-III", ROUND] {
        assert!(a.body.contains(&format!("href=\"/rondes/{id}\"")), "{id}");
    }
    let a = send(&app, get_page("/rondes?missie=III", None)).await;
    assert!(a.body.contains("href=\"/rondes/002-III\""));
    assert!(!a.body.contains("href=\"/rondes/002-II\""));
    let a = send(&app, get_page("/rondes?missie=VII", None)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);

    let a = send(&app, get_page("/rondes/002-II", None)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a
        .body
        .contains("Illustratief: deze uitslag is berekend uit verzonnen stembiljetten"));
    assert!(a.body.contains("Borda-telling"));
    assert!(
        a.body.contains("Log in"),
        "a visitor is asked to log in to vote"
    );
    let a = send(&app, get_page("/rondes/bestaat-niet", None)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);

    let list = send(&app, api(Method::GET, "/api/v1/rondes", None, ""))
        .await
        .json();
    let r = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "002-II")
        .unwrap();
    assert_eq!(r["illustratief"], true);
    assert_eq!(r["status"], "published");
    assert_eq!(r["methods"], json!(["approval", "borda", "median"]));
    let d = result(&app, "002-II").await;
    assert!(approval(&d)["illustratief"].as_bool().unwrap());
    assert!(!approval(&d)["winners"].as_array().unwrap().is_empty());
    // A ranking round gives Kendall's W where the ballots allow it; the page shows it.
    let borda = d["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["methode"] == "borda")
        .unwrap();
    if let Some(w) = borda["agreement"]["kendall_w"]["w"].as_f64() {
        let page = send(&app, get_page("/rondes/002-II", None)).await;
        assert!(page.body.contains("Kendall's W"));
        assert!((0.0..=1.0).contains(&w));
    }
}

#[tokio::test]
async fn a_ballot_through_the_form_changes_the_result_and_a_second_replaces_the_first() {
    let (app, state) = app();
    let k = candidates();
    let team = login(&app, "team2").await;
    let uri = format!("/rondes/{ROUND}");
    let page = send(&app, get_page(&uri, Some(&team))).await;
    assert!(
        page.body
            .contains(&format!("action=\"/rondes/{ROUND}/stem\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("<label for=\"top-1\">"));
    assert!(page.body.contains("Nog geen stembiljetten."));

    let a = send(
        &app,
        post_form(
            &format!("{uri}/stem"),
            &team,
            &format!("top={}&top={}", k[0], k[1]),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location(), Some(uri.as_str()));
    let d = result(&app, ROUND).await;
    assert_eq!(d["summary"]["ballots"], 1);
    assert_eq!(d["summary"]["illustratief"], false);
    assert_eq!(approval(&d)["winners"], json!([k[0], k[1]]));

    // The second ballot replaces the first: still one counted, one replaced.
    let a = send(
        &app,
        post_form(&format!("{uri}/stem"), &team, &format!("top={}&top=", k[2])),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let d = result(&app, ROUND).await;
    assert_eq!(
        (
            d["summary"]["ballots"].as_u64(),
            d["summary"]["replaced"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(approval(&d)["ranking"][0]["kandidaat"], json!(k[2]));
    let page = send(&app, get_page(&uri, Some(&team))).await;
    assert!(
        page.body.contains(&format!("top: {}", k[2])),
        "the page shows the current ballot"
    );
    assert!(page.body.contains("Stem vervangen"));

    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    // One action for every ballot; a replacement shows the ballot it replaced as `before`.
    assert_eq!(log[0].action, "stembiljet uitgebracht");
    assert_eq!(log[0].object, format!("ronde {ROUND}"));
    assert_eq!(
        log[0].before,
        Some(json!({ "deelnemer": "team2", "keuze": { "top": [k[0], k[1]] } }))
    );
    assert_eq!(log[1].action, "stembiljet uitgebracht");
}

#[tokio::test]
async fn a_refused_ballot_in_the_form_is_a_400_naming_the_field() {
    let (app, state) = app();
    let k = candidates();
    let team = login(&app, "team2").await;
    let stem = format!("/rondes/{ROUND}/stem");
    let before = fingerprint(&state);
    for (body, field) in [
        ("top=geen-kandidaat".to_owned(), "top"),
        ("top=".to_owned(), "top"),
        (format!("top={}&top={}&top={}", k[0], k[1], k[2]), "top"),
        ("top=niet%20een%20id".to_owned(), "top"),
    ] {
        let a = send(&app, post_form(&stem, &team, &body)).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}: {}", a.body);
        assert!(a.is_html());
        assert!(
            a.body.contains(&format!("&#39;team2&#39;, veld `{field}`"))
                || a.body.contains(&format!("'team2', veld `{field}`")),
            "{body}: {}",
            a.body
        );
        assert_eq!(fingerprint(&state), before);
    }
    // A mission team of another mission; a reader; a visitor.
    let a = send(
        &app,
        post_form(&stem, &login(&app, "team5").await, &format!("top={}", k[0])),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(
        &app,
        post_form(&stem, &login(&app, "lezer").await, &format!("top={}", k[0])),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(
        &app,
        post_form("/rondes/bestaat-niet/stem", &team, &format!("top={}", k[0])),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_ballot_through_the_api_with_the_same_rules() {
    let (app, state) = app();
    let k = candidates();
    let uri = format!("/api/v1/rondes/{ROUND}/stembiljetten");
    let admin = token(&state, "admin");
    let others: Vec<(&str, String)> = ["lezer", "umc", "team5"]
        .map(|w| (w, token(&state, w)))
        .into();
    let body = json!({ "keuze": { "top": [k[3]] } }).to_string();
    let before = fingerprint(&state);

    let a = send(&app, api(Method::POST, &uri, None, &body)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    for (who, t) in &others {
        let a = send(&app, api(Method::POST, &uri, Some(t), &body)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{who}: {}", a.body);
    }
    assert_eq!(fingerprint(&state), before);

    for (bad, field) in [
        (json!({ "keuze": { "top": ["geen-kandidaat"] } }), "top"),
        (json!({ "keuze": { "rangorde": [k[0]] } }), "rank"),
        (json!({ "keuze": { "top": [k[0], k[0]] } }), "top"),
        (json!({ "keuze": { "stem": [k[0]] } }), "keuze"),
        // A member the body does not have is named itself.
        (json!({ "top": [k[0]] }), "top"),
    ] {
        let a = send(
            &app,
            api(Method::POST, &uri, Some(&admin), &bad.to_string()),
        )
        .await;
        // An unknown member or kind of ballot cannot be read (400); the rest is the box's
        // refusal of a ballot that reads well (422).
        let unreadable = bad.get("top").is_some() || bad["keuze"].get("stem").is_some();
        let expected = if unreadable {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(a.status, expected, "{bad}: {}", a.body);
        assert_eq!(a.json()["field"], field, "{bad}: {}", a.body);
    }
    // A mission team member of the right mission who is not a participant: the ballot box's
    // own refusal.
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/rondes/002-II/stembiljetten",
            Some(&token(&state, "team2")),
            &body,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.json()["field"], "participant");
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .starts_with("'team2', veld `participant`: 'team2' is geen deelnemer"));
    assert_eq!(
        a.json()["problems"][0]["reason"]["en"],
        "'team2' is not a participant of this round"
    );
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/rondes/bestaat-niet/stembiljetten",
            Some(&admin),
            &body,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);

    let a = send(&app, api(Method::POST, &uri, Some(&admin), &body)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let j = a.json();
    assert_eq!(
        (j["deelnemer"].as_str(), j["replaced_earlier"].as_bool()),
        (Some("admin"), Some(false))
    );
    // One ballot naming one of four candidates for two seats: it leads, the rest tie below.
    let u = approval(&j["result"]);
    assert_eq!(u["ranking"][0]["kandidaat"], json!(k[3]));
    assert_eq!(u["ranking"][0]["score"], 1.0);
    assert_eq!(u["tie_at_cutoff"], true);
    let a = send(
        &app,
        api(
            Method::POST,
            &uri,
            Some(&admin),
            &json!({ "keuze": { "top": [k[1], k[2]] } }).to_string(),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.json()["replaced_earlier"], true);
    assert_eq!(a.json()["result"]["summary"]["ballots"], 1);
    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    assert_eq!(
        (log[0].by.as_str(), log[0].action.as_str()),
        ("admin", "stembiljet uitgebracht")
    );
    assert!(
        log[0].before.is_some(),
        "the replaced ballot is kept as before"
    );
}

#[tokio::test]
async fn rounds_are_created_by_their_mission_team_once() {
    let (app, state) = app();
    let team2 = token(&state, "team2");
    let new = serde_json::to_string(&round("nieuw-ii", &["team2", "admin"])).unwrap();
    for (who, status) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some("lezer"), StatusCode::FORBIDDEN),
        (Some("umc"), StatusCode::FORBIDDEN),
        (Some("team5"), StatusCode::FORBIDDEN),
    ] {
        let t = who.map(|w| token(&state, w));
        let a = send(
            &app,
            api(Method::POST, "/api/v1/rondes", t.as_deref(), &new),
        )
        .await;
        assert_eq!(a.status, status, "{who:?}: {}", a.body);
    }
    let a = send(
        &app,
        api(Method::POST, "/api/v1/rondes", Some(&team2), &new),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.json()["summary"]["status"], "no_ballots");
    let a = send(
        &app,
        api(Method::POST, "/api/v1/rondes", Some(&team2), &new),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    assert_eq!(
        (log[0].action.as_str(), log[0].object.as_str()),
        ("ronde aangemaakt", "ronde nieuw-ii")
    );

    let mut bad = round("ander-ii", &["team2"]);
    bad.kandidaten.push("geen-innovatie".parse().unwrap());
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/rondes",
            Some(&team2),
            &serde_json::to_string(&bad).unwrap(),
        ),
    )
    .await;
    assert_eq!(
        (a.status, a.json()["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("kandidaten")),
        "{}",
        a.body
    );
    let mut bad = round("ander-ii", &["team2"]);
    bad.kandidaten.clear();
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/rondes",
            Some(&team2),
            &serde_json::to_string(&bad).unwrap(),
        ),
    )
    .await;
    assert_eq!(a.json()["field"], "kandidaten", "{}", a.body);
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/rondes",
            Some(&team2),
            r#"{"id": "x"}"#,
        ),
    )
    .await;
    assert_eq!(
        (a.status, a.json()["field"].clone()),
        (StatusCode::BAD_REQUEST, json!("body"))
    );
}
