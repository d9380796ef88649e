//! An innovation's own targets (issue 12, item 6): linked with the form on its page or
//! `POST /api/v1/innovaties/{id}/doelen`, through the application core; the target's chain
//! then shows the innovation as linked directly, apart from innovations through projects.
//! Refusals name the field in Dutch and English, keep the input and write nothing.

mod common;

use axum::http::{Method, StatusCode};
use serde_json::Value;

use common::{api, app, fingerprint, get_page, login, post_form, refusals, send, token, PROJECT};

const INNOVATIE: &str = "cva-portaal";

fn innovatie<'a>(chain: &'a Value, id: &str) -> Option<&'a Value> {
    chain["innovaties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
}

#[tokio::test]
async fn an_innovation_linked_through_the_api_stands_on_the_chain_as_linked_directly() {
    let (app, state) = app();
    let admin = token(&state, "admin");
    let keten = "/api/v1/doelen/C-ses-verschil/keten";
    let before = send(&app, api(Method::GET, keten, None, "")).await.json();
    assert!(innovatie(&before, INNOVATIE).is_none(), "{before}");

    let uri = format!("/api/v1/innovaties/{INNOVATIE}/doelen");
    let a = send(
        &app,
        api(
            Method::POST,
            &uri,
            Some(&admin),
            r#"{"doel": "C-ses-verschil"}"#,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(
        a.json(),
        serde_json::json!({ "innovatie": INNOVATIE, "doelen": ["C-ses-verschil"] })
    );
    let chain = send(&app, api(Method::GET, keten, None, "")).await.json();
    let i = innovatie(&chain, INNOVATIE).expect("on the chain");
    assert_eq!(i["direct"], true);
    assert_eq!(i["via_projecten"], serde_json::json!([]));
    // The innovation's own answer lists it too.
    let own = send(
        &app,
        api(
            Method::GET,
            &format!("/api/v1/innovaties/{INNOVATIE}"),
            None,
            "",
        ),
    )
    .await
    .json();
    assert_eq!(own["doelen"], serde_json::json!(["C-ses-verschil"]));

    // The chain page says which way each innovation is on it, in both languages.
    let page = send(&app, get_page("/doelen/C-ses-verschil", None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains(&format!("href=\"/innovaties/{INNOVATIE}\"")));
    assert!(page.body.contains("zelf gekoppeld"), "{}", page.body);
    let page = send(&app, get_page("/doelen/C-ses-verschil?lang=en", None)).await;
    assert!(page.body.contains("linked itself"), "{}", page.body);

    // Refusals: the same target again, another mission's target (422 naming `doel`), an
    // unknown innovation (404), an unreadable body (400); nothing written.
    let before = fingerprint(&state);
    for (body, status, field) in [
        (
            r#"{"doel": "C-ses-verschil"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "doel",
        ),
        (
            r#"{"doel": "I-ziektelast"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "doel",
        ),
        (r#"{"doel": "a b"}"#, StatusCode::BAD_REQUEST, "doel"),
    ] {
        let a = send(
            &app,
            api(Method::POST, &format!("{uri}?lang=en"), Some(&admin), body),
        )
        .await;
        assert_eq!(a.status, status, "{body}: {}", a.body);
        assert_eq!(a.json()["field"], field, "{body}: {}", a.body);
    }
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/innovaties/geen-innovatie/doelen",
            Some(&admin),
            r#"{"doel": "C-ses-verschil"}"#,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
    assert!(fingerprint(&state) == before, "nothing written");
}

#[tokio::test]
async fn the_form_links_a_target_and_a_refusal_comes_back_with_the_input_in_both_languages() {
    let (app, state) = app();
    let page_uri = format!("/innovaties/{INNOVATIE}");
    let form_uri = format!("/innovaties/{INNOVATIE}/doelen");

    // A reader sees the innovation's targets but no form; a post is 403 and writes nothing.
    let lezer = login(&app, "lezer").await;
    let team5 = login(&app, "team5").await;
    let team2 = login(&app, "team2").await;
    let page = send(&app, get_page(&page_uri, Some(&lezer))).await;
    assert!(page.body.contains("id=\"doelen\""));
    assert!(!page.body.contains("id=\"doel-koppelen\""));
    let before = fingerprint(&state);
    let a = send(
        &app,
        post_form(&form_uri, &lezer, "doel=II-zorg-in-leefomgeving"),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    // The mission team of another mission: 403 too, recorded.
    let page = send(&app, get_page(&page_uri, Some(&team5))).await;
    assert!(!page.body.contains("id=\"doel-koppelen\""));
    let a = send(
        &app,
        post_form(&form_uri, &team5, "doel=II-zorg-in-leefomgeving"),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    assert_eq!(refusals(&state)[0].0, "team5");
    assert!(fingerprint(&state) == before, "nothing written");

    // The mission team of the innovation's mission: the form offers its missions' targets.
    let page = send(&app, get_page(&page_uri, Some(&team2))).await;
    assert!(page.body.contains("id=\"doel-koppelen\""), "{}", page.body);
    assert!(page.body.contains("value=\"II-zorg-in-leefomgeving\""));
    assert!(page.body.contains("value=\"C-gezonde-levensjaren\""));
    assert!(!page.body.contains("value=\"I-ziektelast\""));

    // Another mission's target: 422, the page again with the value kept and the field named.
    let a = send(&app, post_form(&form_uri, &team2, "doel=I-ziektelast")).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("<code>doel</code>"), "{}", a.body);
    assert!(a.body.contains("hoort bij missie I"), "{}", a.body);
    assert!(a.body.contains("value=\"I-ziektelast\""), "{}", a.body);
    let a = send(
        &app,
        post_form(&format!("{form_uri}?lang=en"), &team2, "doel=I-ziektelast"),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("belongs to mission I"), "{}", a.body);
    assert!(a.body.contains("value=\"I-ziektelast\""), "{}", a.body);
    // An unreadable id: 400, kept as well.
    let a = send(&app, post_form(&form_uri, &team2, "doel=a+b")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("value=\"a b\""), "{}", a.body);
    assert!(fingerprint(&state) == before, "nothing written");

    // Linked: back to the innovation's targets, which link the chain.
    let a = send(
        &app,
        post_form(&form_uri, &team2, "doel=II-zorg-in-leefomgeving"),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(
        a.headers[axum::http::header::LOCATION],
        format!("/innovaties/{INNOVATIE}#doelen").as_str()
    );
    let page = send(&app, get_page(&page_uri, Some(&team2))).await;
    assert!(page
        .body
        .contains("href=\"/doelen/II-zorg-in-leefomgeving\""));
    // Once only.
    let a = send(
        &app,
        post_form(&form_uri, &team2, "doel=II-zorg-in-leefomgeving"),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("al aan doel"), "{}", a.body);

    // The chain of that target: the innovation linked itself; once a project on the chain
    // develops it too, it is on the chain both ways, and the page says so.
    let keten = "/api/v1/doelen/II-zorg-in-leefomgeving/keten";
    let chain = send(&app, api(Method::GET, keten, None, "")).await.json();
    let i = innovatie(&chain, INNOVATIE).expect("on the chain");
    assert_eq!(i["direct"], true);
    assert_eq!(i["via_projecten"], serde_json::json!([]));
    common::with_store(&state, |s| {
        use gemeten_store::ProjectStore;
        let mut p = s.project(&PROJECT.parse().unwrap()).unwrap().unwrap();
        p.innovatie = Some(INNOVATIE.parse().unwrap());
        s.update_project(&p, "test").unwrap();
    });
    // A change by another process is seen within a tenth of a second.
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let chain = send(&app, api(Method::GET, keten, None, "")).await.json();
    let i = innovatie(&chain, INNOVATIE).expect("on the chain");
    assert_eq!(i["direct"], true);
    assert_eq!(i["via_projecten"], serde_json::json!([PROJECT]));
    let page = send(
        &app,
        get_page("/doelen/II-zorg-in-leefomgeving?lang=en", None),
    )
    .await;
    assert!(
        page.body
            .contains("linked itself</span> and through project"),
        "{}",
        page.body
    );
}

/// A link is taken back with the button beside the target (who may link sees it) or with
/// `DELETE /api/v1/innovaties/{id}/doelen/{doel}`: the target's chain no longer shows the
/// innovation as linked directly. A reader is refused and nothing changes; a target not
/// linked is 422 naming `doel`.
#[tokio::test]
async fn a_link_is_taken_back_with_the_button_or_the_api_and_leaves_the_chain() {
    let (app, state) = app();
    let admin = token(&state, "admin");
    let lezer = token(&state, "lezer");
    let koppel = format!("/api/v1/innovaties/{INNOVATIE}/doelen");
    for doel in ["C-ses-verschil", "II-zorg-in-leefomgeving"] {
        let a = send(
            &app,
            api(
                Method::POST,
                &koppel,
                Some(&admin),
                &format!(r#"{{"doel": "{doel}"}}"#),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    }
    let page_uri = format!("/innovaties/{INNOVATIE}");
    let knop = format!("action=\"/innovaties/{INNOVATIE}/doelen/C-ses-verschil/ontkoppelen\"");
    let lezer_sessie = login(&app, "lezer").await;
    let page = send(&app, get_page(&page_uri, Some(&lezer_sessie))).await;
    assert!(page.body.contains("href=\"/doelen/C-ses-verschil\""));
    assert!(!page.body.contains(&knop), "a reader sees no button");
    let team2 = login(&app, "team2").await;
    let page = send(&app, get_page(&page_uri, Some(&team2))).await;
    assert!(page.body.contains(&knop), "{}", page.body);

    // Refused: a reader (form and API), and nothing changes.
    let before = fingerprint(&state);
    let ontkoppel = format!("/innovaties/{INNOVATIE}/doelen/C-ses-verschil/ontkoppelen");
    let a = send(&app, post_form(&ontkoppel, &lezer_sessie, "")).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let delete = format!("/api/v1/innovaties/{INNOVATIE}/doelen/C-ses-verschil");
    let a = send(&app, api(Method::DELETE, &delete, Some(&lezer), "")).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    assert!(fingerprint(&state) == before, "nothing written");

    // The button: back to the targets, and the chain no longer shows it.
    let a = send(&app, post_form(&ontkoppel, &team2, "")).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let keten = "/api/v1/doelen/C-ses-verschil/keten";
    let chain = send(&app, api(Method::GET, keten, None, "")).await.json();
    assert!(innovatie(&chain, INNOVATIE).is_none(), "{chain}");
    // Again: not linked any more, 422 with the reason on the page.
    let a = send(&app, post_form(&ontkoppel, &team2, "")).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("niet aan doel"), "{}", a.body);

    // The API: 200 with the targets left; then 422 naming `doel`; an unknown innovation 404.
    let delete = format!("/api/v1/innovaties/{INNOVATIE}/doelen/II-zorg-in-leefomgeving");
    let a = send(&app, api(Method::DELETE, &delete, Some(&admin), "")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(
        a.json(),
        serde_json::json!({ "innovatie": INNOVATIE, "doelen": [] })
    );
    let a = send(&app, api(Method::DELETE, &delete, Some(&admin), "")).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("doel"), "{}", a.body);
    let a = send(
        &app,
        api(
            Method::DELETE,
            "/api/v1/innovaties/geen-innovatie/doelen/C-ses-verschil",
            Some(&admin),
            "",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
    // An id that cannot be read names its parameter.
    let a = send(
        &app,
        api(
            Method::DELETE,
            &format!("/api/v1/innovaties/{INNOVATIE}/doelen/a%20b"),
            Some(&admin),
            "",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("doel"), "{}", a.body);
}
