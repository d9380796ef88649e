//! One activity's page and its update form (issue 12, item 4): an update tagged on the web as
//! counting toward an international commitment is counted on /bestuur, through the same use
//! case as the command line; refusals come back with the input kept, in both languages; the
//! governance pages link activities to their own page.

mod common;

use axum::http::{header, Method, StatusCode};

use common::{api, app, fingerprint, get_page, login, post_form, send};

const ACTIVITEIT: &str = "000-II-1";

fn telling(t: &serde_json::Value, kind: &str) -> u64 {
    t.as_array()
        .unwrap()
        .iter()
        .find(|x| x["toezegging"]["kind"] == kind)
        .unwrap()["count"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn an_update_tagged_on_the_web_counts_toward_a_commitment_and_refusals_keep_the_input() {
    let (app, state) = app();
    let uri = format!("/activiteiten/{ACTIVITEIT}");
    let lezer = login(&app, "lezer").await;
    let team5 = login(&app, "team5").await;
    let team2 = login(&app, "team2").await;

    // Everyone reads the page; only who may update sees the form.
    let page = send(&app, get_page(&uri, Some(&lezer))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("kennis- en innovatiesynthese"));
    assert!(!page.body.contains("id=\"bijwerken\""));
    let page = send(&app, get_page(&uri, Some(&team2))).await;
    assert!(page.body.contains("id=\"bijwerken\""), "{}", page.body);
    assert!(page.body.contains("value=\"overleg\""));
    let page = send(&app, get_page(&format!("{uri}?lang=en"), Some(&team2))).await;
    assert!(page
        .body
        .contains("Counts toward an international commitment"));

    let before = fingerprint(&state);
    let tag = "status=gestart&counts_toward_kind=overleg&counts_toward_date=2026-05-01";
    for who in [&lezer, &team5] {
        let a = send(&app, post_form(&uri, who, tag)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    }

    // A note without its period: refused by the rules (422), the field named, input kept.
    let body = "note=Synthese+in+concept&counts_toward_kind=overleg&counts_toward_date=2026-05-01";
    let a = send(&app, post_form(&uri, &team2, body)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("<code>period</code>"), "{}", a.body);
    assert!(a
        .body
        .contains("bij een notitie hoort de rapportageperiode"));
    assert!(a.body.contains("Synthese in concept"));
    assert!(
        a.body.contains("<option value=\"overleg\" selected>"),
        "{}",
        a.body
    );
    assert!(a.body.contains("value=\"2026-05-01\""));
    let a = send(&app, post_form(&format!("{uri}?lang=en"), &team2, body)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(
        a.body.contains("a note needs the reporting period"),
        "{}",
        a.body
    );
    assert!(a.body.contains("Synthese in concept"));
    // A kind without its date cannot be read: 400, the empty field named.
    let a = send(
        &app,
        post_form(
            &uri,
            &team2,
            "counts_toward_kind=congres&counts_toward_date=",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(
        a.body.contains("<code>counts_toward_date</code>"),
        "{}",
        a.body
    );
    assert!(a.body.contains("<option value=\"congres\" selected>"));
    assert!(fingerprint(&state) == before, "nothing written");

    // Stored: back to the updates; the commitment counts it in 2026.
    let a = send(&app, post_form(&uri, &team2, tag)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(
        a.headers[header::LOCATION],
        format!("{uri}#updates").as_str()
    );
    let t = send(
        &app,
        api(Method::GET, "/api/v1/toezeggingen?jaar=2026", None, ""),
    )
    .await
    .json();
    assert_eq!(telling(&t, "overleg"), 1);
    assert_eq!(telling(&t, "congres"), 0);
    let page = send(&app, get_page(&uri, None)).await;
    assert!(page.body.contains("telt mee voor"), "{}", page.body);
    assert!(page.body.contains("gestart"));
}

#[tokio::test]
async fn a_bodys_page_links_an_actions_activities_to_their_own_page() {
    let (app, _state) = app();
    let admin = login(&app, "admin").await;
    let a = send(
        &app,
        post_form(
            "/bestuur/kernteam/vergaderingen",
            &admin,
            "datum=2026-01-10&titel=Overleg&actie-0-text=Meten&actie-0-activiteiten=000-INT-1",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let page = send(&app, get_page("/bestuur/kernteam", None)).await;
    assert!(
        page.body.contains("href=\"/activiteiten/000-INT-1\""),
        "{}",
        page.body
    );
    assert!(!page.body.contains("/zoeken?q=000-INT-1"));
    // The page it links to is there; the mission page links it too.
    let a = send(&app, get_page("/activiteiten/000-INT-1", None)).await;
    assert_eq!(a.status, StatusCode::OK);
    let m = send(&app, get_page("/missies/II", None)).await;
    assert!(m
        .body
        .contains(&format!("href=\"/activiteiten/{ACTIVITEIT}\"")));
    let a = send(&app, get_page("/activiteiten/bestaat-niet", None)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_empty_update_is_refused_with_what_to_give_in_the_forms_words() {
    let (app, state) = app();
    let team2 = login(&app, "team2").await;
    let before = fingerprint(&state);
    let uri = format!("/activiteiten/{ACTIVITEIT}?lang=en");
    let a = send(&app, post_form(&uri, &team2, "status=&owner=")).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(
        a.body.contains("the update changes nothing: give a status"),
        "{}",
        a.body
    );
    assert!(fingerprint(&state) == before, "nothing written");
}

/// The update form takes several milestones, milestones done and pieces of evidence in one
/// update: "Nog een mijlpaal" sends the form back with a row more (nothing stored, the
/// input kept); a half-filled row is refused naming its field; all rows are stored.
#[tokio::test]
async fn one_update_holds_several_milestones_and_pieces_of_evidence() {
    let (app, state) = app();
    let uri = format!("/activiteiten/{ACTIVITEIT}");
    let team2 = login(&app, "team2").await;
    let page = send(&app, get_page(&uri, Some(&team2))).await;
    assert!(
        page.body.contains("id=\"u-mijlpaal-0-title\""),
        "{}",
        page.body
    );
    assert!(!page.body.contains("id=\"u-mijlpaal-1-title\""));
    assert!(page.body.contains("name=\"meer\" value=\"mijlpaal\""));

    let before = fingerprint(&state);
    let mut body = "mijlpaal-0-title=Concept&mijlpaal-0-due=2026-06-01\
                    &bewijs-0-title=Notulen&bewijs-0-link=https%3A%2F%2Fexample.org%2Fnotulen"
        .to_owned();
    let a = send(
        &app,
        post_form(&uri, &team2, &format!("{body}&meer=mijlpaal")),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("id=\"u-mijlpaal-1-title\""), "{}", a.body);
    assert!(a.body.contains("name=\"mijlpaal-rijen\" value=\"2\""));
    assert!(a.body.contains("value=\"Concept\""), "input kept");
    assert!(
        !a.body.contains("id=\"u-bewijs-1-title\""),
        "one group grows"
    );
    let a = send(
        &app,
        post_form(
            &format!("{uri}?lang=en"),
            &team2,
            &format!("{body}&meer=bewijs"),
        ),
    )
    .await;
    assert!(a.body.contains("id=\"u-bewijs-1-title\""));
    assert!(a.body.contains("One more piece of evidence"));
    assert!(fingerprint(&state) == before, "nothing stored");

    // A second milestone without its date: refused naming that field, every row kept.
    body.push_str("&mijlpaal-1-title=Definitief&mijlpaal-rijen=2");
    let a = send(&app, post_form(&uri, &team2, &body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("<code>mijlpaal-1-due</code>"), "{}", a.body);
    assert!(a.body.contains("value=\"Definitief\""));
    assert!(fingerprint(&state) == before, "nothing stored");

    // Complete: both milestones and both pieces of evidence in one update.
    body.push_str(
        "&mijlpaal-1-due=2026-09-01&bewijs-1-title=Verslag&bewijs-1-link=verslag.pdf&bewijs-rijen=2",
    );
    let a = send(&app, post_form(&uri, &team2, &body)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let page = send(&app, get_page(&uri, None)).await;
    for text in [
        "Concept",
        "Definitief",
        "2026-09-01",
        "Notulen",
        "verslag.pdf",
    ] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
    let updates = page.body.split("id=\"updates\"").nth(1).unwrap();
    assert_eq!(updates.matches("<li>").count(), 1, "one update: {updates}");
}
