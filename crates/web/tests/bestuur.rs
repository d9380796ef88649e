//! Governance and the yearly cycle in the browser and the API (issue 12, item 4): a body's
//! page with its norm, the meeting form through the same use case as `POST
//! /api/v1/vergaderingen`, refusals that keep the input and name the field, the
//! commitments' count, and the yearly agenda of every mission.

mod common;

use axum::http::{Method, StatusCode};

use gemeten_domain::monitoring::{ActiviteitUpdate, Datum};
use gemeten_domain::{MissieCode, TeltVoor, ToezeggingSoort};
use gemeten_store::{AccountStore, MonitoringStore};

use common::{api, app, fingerprint, get_page, login, post_form, refusals, send, token, PROJECT};

/// A meeting as the form sends it, with one action.
fn form(datum: &str, activiteit: &str) -> String {
    format!(
        "datum={datum}&titel=Programmering+2026&notities=&besluiten=Start+jaarcyclus%0AVolgende+keer+in+mei\
         &actie-0-text=Eigenaar+zoeken&actie-0-owner=Topsector+LSH&actie-0-due=2026-01-15\
         &actie-0-activiteiten={activiteit}&actie-0-kpis=&actie-0-projecten={PROJECT}"
    )
}

#[tokio::test]
async fn a_meeting_through_the_form_shows_on_the_body_page_with_its_norm_and_on_the_agenda() {
    let (app, state) = app();
    let admin = login(&app, "admin").await;
    let page = send(&app, get_page("/bestuur/kernteam?jaar=2026", Some(&admin))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("onder de norm (norm: 6–8)"),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("action=\"/bestuur/kernteam/vergaderingen\""));
    // No form for a reader, nor for mission II's team on the Kernteam.
    for who in ["lezer", "team2"] {
        let s = login(&app, who).await;
        let p = send(&app, get_page("/bestuur/kernteam", Some(&s))).await;
        assert!(
            !p.body
                .contains("action=\"/bestuur/kernteam/vergaderingen\""),
            "{who}"
        );
    }

    // An activity that does not exist: 422 with the form again, as sent, the field named,
    // nothing stored.
    let before = fingerprint(&state);
    let r = send(
        &app,
        post_form(
            "/bestuur/kernteam/vergaderingen",
            &admin,
            &form("2026-01-10", "000-XX-9"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("acties[0].activiteiten[0]"), "{}", r.body);
    assert!(
        r.body
            .contains("activiteit &#39;000-XX-9&#39; bestaat niet")
            || r.body.contains("activiteit '000-XX-9' bestaat niet"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"000-XX-9\""), "input kept");
    assert!(
        r.body.contains("value=\"Programmering 2026\""),
        "input kept"
    );
    // A date that cannot be read: named by its input.
    let r = send(
        &app,
        post_form(
            "/bestuur/kernteam/vergaderingen",
            &admin,
            &form("10-01-2026", "000-INT-1"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<code>datum</code>"), "{}", r.body);
    assert_eq!(fingerprint(&state), before);

    // Accepted: 303 back to the body page, which lists it.
    let r = send(
        &app,
        post_form(
            "/bestuur/kernteam/vergaderingen",
            &admin,
            &form("2026-01-10", "000-INT-1"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), Some("/bestuur/kernteam"));
    let page = send(&app, get_page("/bestuur/kernteam?jaar=2026&lang=en", None)).await;
    assert!(page.body.contains("Programmering 2026"));
    assert!(page.body.contains("Start jaarcyclus"));
    assert!(
        page.body.contains("below the norm (norm: 6–8)"),
        "{}",
        page.body
    );
    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    assert_eq!(log[0].action, "vergadering vastgelegd");

    // The action is open and linked to the central mission (000-INT-1 is cross-cutting) and
    // to missions II and III (the example project): on their agendas, overdue in 2026.
    for m in ["C", "II"] {
        let a = send(
            &app,
            get_page(&format!("/missies/{m}/jaaragenda?jaar=2026"), None),
        )
        .await;
        assert!(a.body.contains("Eigenaar zoeken"), "{m}");
    }
    let a = send(&app, get_page("/missies/IV/jaaragenda?jaar=2026", None)).await;
    assert!(!a.body.contains("Eigenaar zoeken"));

    // Done: off the agendas.
    let id = common::with_store(&state, |s| s.meetings(None).unwrap()[0].actie_ids[0]);
    let r = send(
        &app,
        post_form(
            &format!("/acties/{id}"),
            &admin,
            "status=gereed&terug=/bestuur/kernteam",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        Some(format!("/bestuur/kernteam#actie-{id}").as_str())
    );
    let a = send(&app, get_page("/missies/C/jaaragenda?jaar=2026", None)).await;
    assert!(!a.body.contains("Eigenaar zoeken"));
}

#[tokio::test]
async fn the_yearly_agenda_renders_for_every_mission_in_both_languages() {
    let (app, _) = app();
    for m in MissieCode::ALL {
        for (lang, words) in [
            (
                "nl",
                [
                    "Doelen en hun status",
                    "Activiteiten achter of zonder eigenaar",
                    "Gaten in de innovatiepijplijn",
                    "Open barrières",
                    "Open acties van de governance",
                ],
            ),
            (
                "en",
                [
                    "Targets and their status",
                    "Activities behind or without owner",
                    "Gaps in the innovation pipeline",
                    "Open barriers",
                    "Open governance actions",
                ],
            ),
        ] {
            let p = send(
                &app,
                get_page(
                    &format!("/missies/{m}/jaaragenda?jaar=2026&lang={lang}"),
                    None,
                ),
            )
            .await;
            assert_eq!(p.status, StatusCode::OK, "{m} {lang}: {}", p.body);
            for w in words {
                assert!(p.body.contains(w), "{m} {lang}: {w}");
            }
        }
        // Linked from the mission page.
        let p = send(&app, get_page(&format!("/missies/{m}"), None)).await;
        assert!(
            p.body
                .contains(&format!("href=\"/missies/{m}/jaaragenda\"")),
            "{m}"
        );
    }
    // Mission V's team is still to be installed; mission II's innovations carry barriers.
    let p = send(&app, get_page("/missies/V/jaaragenda?jaar=2026", None)).await;
    assert!(
        p.body.contains("Missieteam V installeren (VWS)"),
        "{}",
        p.body
    );
    let j = send(
        &app,
        api(
            Method::GET,
            "/api/v1/missies/II/jaaragenda?jaar=2026",
            None,
            "",
        ),
    )
    .await;
    assert_eq!(j.status, StatusCode::OK);
    let j = j.json();
    assert!(!j["barrieres"].as_array().unwrap().is_empty());
    assert_eq!(j["jaar"], 2026);
    assert_eq!(
        j["doelen"].as_array().unwrap().len(),
        send(&app, api(Method::GET, "/api/v1/missies/II", None, ""))
            .await
            .json()["voortgang"]
            .as_array()
            .unwrap()
            .len()
    );
    // A year out of range, an unknown mission.
    let r = send(
        &app,
        api(
            Method::GET,
            "/api/v1/missies/II/jaaragenda?jaar=1800",
            None,
            "",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["problems"][0]["field"], "jaar", "{}", r.body);
    let r = send(&app, get_page("/missies/VI/jaaragenda", None)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_records_meetings_refuses_links_to_nothing_with_422_and_counts_commitments() {
    let (app, state) = app();
    let t = token(&state, "admin");
    let t5 = token(&state, "team5");
    let meeting = |orgaan: &str, kpi: &str| {
        serde_json::json!({
            "orgaan": orgaan, "datum": "2026-02-01", "titel": "Overleg",
            "acties": [{ "text": "Meten", "kpis": [kpi] }]
        })
        .to_string()
    };
    let before = fingerprint(&state);
    let r = send(
        &app,
        api(
            Method::POST,
            "/api/v1/vergaderingen",
            Some(&t),
            &meeting("themateam", "geen_kpi"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        r.json()["problems"][0]["field"],
        "acties[0].kpis[0]",
        "{}",
        r.body
    );
    let r = send(
        &app,
        api(
            Method::POST,
            "/api/v1/vergaderingen",
            Some(&t),
            &meeting("missieteam-v", "gezonde_levensverwachting"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["problems"][0]["field"], "orgaan");
    // Unreadable: 400 naming the member.
    let r = send(
        &app,
        api(
            Method::POST,
            "/api/v1/vergaderingen",
            Some(&t),
            r#"{"orgaan":"themateam","datum":"gisteren","titel":"x"}"#,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["problems"][0]["field"], "datum", "{}", r.body);
    // Without a user: 401; mission V's team on the Themateam: 403, recorded.
    let r = send(
        &app,
        api(
            Method::POST,
            "/api/v1/vergaderingen",
            None,
            &meeting("themateam", "gezonde_levensverwachting"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = send(
        &app,
        api(
            Method::POST,
            "/api/v1/vergaderingen",
            Some(&t5),
            &meeting("themateam", "gezonde_levensverwachting"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(refusals(&state)[0].1, "geweigerd: vergadering vastgelegd");
    assert_eq!(fingerprint(&state), before, "nothing written");

    let r = send(
        &app,
        api(
            Method::POST,
            "/api/v1/vergaderingen",
            Some(&t),
            &meeting("themateam", "gezonde_levensverwachting"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = send(
        &app,
        api(
            Method::GET,
            "/api/v1/vergaderingen?orgaan=themateam",
            None,
            "",
        ),
    )
    .await
    .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["acties"][0]["status"], "open");
    let id = list[0]["actie_ids"][0].as_i64().unwrap();
    let r = send(
        &app,
        api(
            Method::POST,
            &format!("/api/v1/acties/{id}"),
            Some(&t),
            r#"{"status":"vervallen"}"#,
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let o = send(
        &app,
        api(Method::GET, "/api/v1/bestuur?jaar=2026", None, ""),
    )
    .await
    .json();
    let thema = o["organen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "themateam")
        .unwrap();
    assert_eq!(
        (
            thema["jaar"]["meetings"].as_u64(),
            thema["jaar"]["norm"].as_str()
        ),
        (Some(1), Some("onder"))
    );

    // Commitments: two calls and one congress in 2026, one call in 2025.
    common::with_store(&state, |s| {
        for (a, kind, y) in [
            ("000-INT-5", ToezeggingSoort::Call, 2026),
            ("000-INT-5", ToezeggingSoort::Call, 2026),
            ("000-INT-5", ToezeggingSoort::Call, 2025),
            ("000-INT-2", ToezeggingSoort::Congres, 2026),
        ] {
            let u = ActiviteitUpdate {
                counts_toward: Some(TeltVoor {
                    kind,
                    date: Datum::new(y, 4, 1).unwrap(),
                }),
                ..ActiviteitUpdate::default()
            };
            s.append_activity_update(&a.parse().unwrap(), &u, "admin")
                .unwrap();
        }
    });
    let t = send(
        &app,
        api(Method::GET, "/api/v1/toezeggingen?jaar=2026", None, ""),
    )
    .await
    .json();
    let by = |k: &str| {
        t.as_array()
            .unwrap()
            .iter()
            .find(|x| x["toezegging"]["kind"] == k)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (by("call")["count"].as_u64(), by("call")["met"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(
        (
            by("congres")["count"].as_u64(),
            by("congres")["met"].as_bool()
        ),
        (Some(1), Some(false))
    );
    assert_eq!(by("overleg")["toezegging"]["minimum"], 4);
    let p = send(&app, get_page("/bestuur?jaar=2026", None)).await;
    assert!(
        p.body.contains("nog niet gehaald") && p.body.contains("gehaald"),
        "{}",
        p.body
    );
    assert!(p.body.contains("nog te installeren"));
}

#[tokio::test]
async fn the_meeting_form_grows_by_one_action_row_at_a_time_and_keeps_every_row_on_refusal() {
    let (app, state) = app();
    let admin = login(&app, "admin").await;
    let uri = "/bestuur/kernteam/vergaderingen";
    let page = send(&app, get_page("/bestuur/kernteam", Some(&admin))).await;
    assert!(page.body.contains("id=\"v-actie-2-text\""));
    assert!(!page.body.contains("id=\"v-actie-3-text\""));
    assert!(page.body.contains("name=\"meer\""), "{}", page.body);

    // "Nog een actie" twice: five rows, the typed values kept, nothing stored.
    let before = fingerprint(&state);
    let mut body = form("2026-01-10", "000-INT-1");
    for (n, next) in [(3, 4), (4, 5)] {
        let r = send(
            &app,
            post_form(uri, &admin, &format!("{body}&rijen={n}&meer=1")),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(
            r.body.contains(&format!("name=\"rijen\" value=\"{next}\"")),
            "{}",
            r.body
        );
        assert!(r
            .body
            .contains(&format!("id=\"v-actie-{}-text\"", next - 1)));
        assert!(!r.body.contains(&format!("id=\"v-actie-{next}-text\"")));
        assert!(
            r.body.contains("value=\"Programmering 2026\""),
            "input kept"
        );
        assert!(r.body.contains("value=\"Eigenaar zoeken\""), "input kept");
        body.push_str(&format!("&actie-{}-text=Actie+{next}", next - 1));
    }
    let english = send(
        &app,
        post_form(
            &format!("{uri}?lang=en"),
            &admin,
            &format!("{body}&rijen=5&meer=1"),
        ),
    )
    .await;
    assert!(english.body.contains("One more action"));
    assert!(fingerprint(&state) == before, "nothing stored");

    // The fifth row without links: refused naming it, every row kept.
    let r = send(&app, post_form(uri, &admin, &format!("{body}&rijen=5"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("acties[2]") || r.body.contains("acties[1]"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"Actie 5\""), "{}", r.body);
    assert!(r.body.contains("id=\"v-actie-4-text\""));
    assert!(fingerprint(&state) == before, "nothing stored");

    // With links on every row: five actions stored.
    let body = format!(
        "{body}&actie-3-kpis=gezonde_levensverwachting&actie-4-projecten={PROJECT}&rijen=5"
    );
    let r = send(&app, post_form(uri, &admin, &body)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = common::with_store(&state, |s| s.meetings(None).unwrap());
    assert_eq!(stored[0].vergadering.acties.len(), 3);
}
