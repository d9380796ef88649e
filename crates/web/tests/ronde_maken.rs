//! A new round through the browser's form on `/rondes/nieuw`: created (303, listed, audited)
//! by an administrator or the mission's team through the function the API uses; a refused
//! form comes back naming the field (400) with nothing stored; 401/403 for who may not; 409
//! for a known id. And the practice round `gemeten serve` stores on its first start.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use gemeten_app::Herspelen;
use gemeten_store::AccountStore;

use common::{
    api, app, candidates, fingerprint, get_page, login, post_form, send, token, visitor_csrf, ROUND,
};

/// A form that creates a top-2 round of mission II with the first two candidates.
fn form(id: &str) -> String {
    let k = candidates();
    format!(
        "id={id}&missie=II&title_nl=Welke+eerst%3F&title_en=&kind=top_n&n=2\
         &kandidaten={}&kandidaten={}&deelnemers=admin&deelnemers=team2",
        k[0], k[1]
    )
}

fn stored(state: &gemeten_web::AppState, id: &str) -> bool {
    common::with_store(state, |s| {
        s.load_round(&id.parse().unwrap()).unwrap().is_some()
    })
}

#[tokio::test]
async fn an_admin_creates_a_round_through_the_form_and_it_is_listed_and_audited() {
    let (app, state) = app();
    let admin = login(&app, "admin").await;

    // /rondes links to the form for who may create, not for visitors or readers.
    let list = send(&app, get_page("/rondes", Some(&admin))).await;
    assert!(
        list.body.contains("href=\"/rondes/nieuw\""),
        "{}",
        list.body
    );
    let list = send(&app, get_page("/rondes", None)).await;
    assert!(!list.body.contains("href=\"/rondes/nieuw\""));
    let lezer = login(&app, "lezer").await;
    let list = send(&app, get_page("/rondes", Some(&lezer))).await;
    assert!(!list.body.contains("href=\"/rondes/nieuw\""));

    // Without a choice the form starts at the first mission with innovations to choose from.
    let page = send(&app, get_page("/rondes/nieuw", Some(&admin))).await;
    assert!(page.body.contains("<option value=\"II\" selected>"));
    let page = send(&app, get_page("/rondes/nieuw?missie=II", Some(&admin))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("action=\"/rondes/nieuw\""));
    assert!(page.body.contains("name=\"csrf\""));
    let k = candidates();
    assert!(page
        .body
        .contains(&format!("name=\"kandidaten\" value=\"{}\"", k[0])));
    assert!(page.body.contains("name=\"deelnemers\" value=\"team2\""));

    let a = send(&app, post_form("/rondes/nieuw", &admin, &form("form-ii"))).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location(), Some("/rondes/form-ii"));
    let list = send(&app, get_page("/rondes", None)).await;
    assert!(list.body.contains("href=\"/rondes/form-ii\""));
    let d = send(&app, api(Method::GET, "/api/v1/rondes/form-ii", None, ""))
        .await
        .json();
    assert_eq!(d["summary"]["title_nl"], "Welke eerst?");
    assert_eq!(
        d["summary"]["kind"],
        json!({ "type": "top_n", "n": 2, "ordered": false })
    );
    assert_eq!(d["summary"]["candidates"], json!([k[0], k[1]]));
    assert_eq!(d["summary"]["participants"], 2);
    assert!(
        d["ronde"].get("title_en").is_none(),
        "an empty English title is none"
    );

    let log = common::with_store(&state, |s| s.audit_log().unwrap());
    let entry = log
        .iter()
        .find(|e| e.object == "ronde form-ii")
        .expect("an audit entry");
    assert_eq!(entry.action, "ronde aangemaakt");
    assert_eq!(entry.by, "admin");

    // A participant of the new round votes in it.
    let team = login(&app, "team2").await;
    let a = send(
        &app,
        post_form("/rondes/form-ii/stem", &team, &format!("top={}", k[1])),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
}

#[tokio::test]
async fn a_rating_round_takes_its_scale_and_criteria_and_the_mission_team_may_create() {
    let (app, state) = app();
    let register = gemeten_interchange::reference_register().unwrap();
    let criteria: Vec<String> = register
        .parts()
        .criterium
        .iter()
        .filter(|c| c.missie == gemeten_domain::MissieCode::II)
        .map(|c| c.id.to_string())
        .collect();
    assert!(!criteria.is_empty());
    let team = login(&app, "team2").await;
    let page = send(&app, get_page("/rondes/nieuw", Some(&team))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page
        .body
        .contains(&format!("name=\"criteria\" value=\"{}\"", criteria[0])));
    let k = candidates();
    let body = format!(
        "id=scores-ii&missie=II&title_nl=Scores&kind=scores&scale_min=1&scale_max=5\
         &criteria={}&kandidaten={}&kandidaten={}&deelnemers=team2",
        criteria[0], k[0], k[1]
    );
    let a = send(&app, post_form("/rondes/nieuw", &team, &body)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let bus = common::with_store(&state, |s| {
        s.load_round(&"scores-ii".parse().unwrap())
            .unwrap()
            .unwrap()
    });
    assert_eq!(bus.ronde().criteria()[0].id.as_str(), criteria[0]);
    assert_eq!(bus.ronde().kind().code(), "scores");
}

/// Issue 12 point 2: a new rating round takes the nine kernelementen as its criteria; the
/// round page names each with its definition, and a ballot rates on them.
#[tokio::test]
async fn a_rating_round_takes_the_nine_kernelementen_as_criteria() {
    let (app, state) = app();
    const KERN: [&str; 9] = [
        "baten",
        "bemensbaarheid",
        "beschikbaarheid",
        "betaalbaarheid",
        "bruikbaarheid",
        "duurzaamheid",
        "kwaliteit",
        "passendheid",
        "veiligheid",
    ];
    let team = login(&app, "team2").await;
    let page = send(&app, get_page("/rondes/nieuw?missie=II", Some(&team))).await;
    for k in KERN {
        assert!(
            page.body
                .contains(&format!("name=\"criteria\" value=\"{k}\"")),
            "{k}"
        );
    }
    let k = candidates();
    let criteria: String = KERN.iter().map(|c| format!("&criteria={c}")).collect();
    let body = format!(
        "id=kern-ii&missie=II&title_nl=Kernelementen&kind=scores&scale_min=1&scale_max=5\
         {criteria}&kandidaten={}&kandidaten={}&deelnemers=team2",
        k[0], k[1]
    );
    let a = send(&app, post_form("/rondes/nieuw", &team, &body)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let bus = common::with_store(&state, |s| {
        s.load_round(&"kern-ii".parse().unwrap()).unwrap().unwrap()
    });
    let ids: Vec<&str> = bus
        .ronde()
        .criteria()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, KERN);
    let page = send(&app, get_page("/rondes/kern-ii", Some(&team))).await;
    assert!(
        page.body
            .contains("Passendheid: de mate waarin de zorg en behandeling"),
        "{}",
        page.body
    );
    // A ballot rates every candidate on every kernelement.
    let mut ballot = String::new();
    for kand in &k[..2] {
        for c in KERN {
            ballot.push_str(&format!("rate:{kand}:{c}=4&"));
        }
    }
    let a = send(
        &app,
        post_form("/rondes/kern-ii/stem", &team, ballot.trim_end_matches('&')),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    // An id that is neither a criterion nor a kernelement is refused, naming the field.
    let body = body
        .replace("id=kern-ii", "id=kern-x")
        .replace("criteria=baten", "criteria=schoonheid");
    let a = send(&app, post_form("/rondes/nieuw", &team, &body)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(
        a.body
            .contains("&#39;schoonheid&#39; is geen criterium of kernelement van het register")
            || a.body
                .contains("'schoonheid' is geen criterium of kernelement van het register"),
        "{}",
        a.body
    );
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_nothing_is_stored() {
    let (app, state) = app();
    let admin = login(&app, "admin").await;
    let before = fingerprint(&state);
    let k = candidates();
    let base = form("fout-ii");
    for (body, field) in [
        (base.replace("id=fout-ii", "id=met+spatie"), "id"),
        (base.replace("id=fout-ii", "id="), "id"),
        (base.replace("id=fout-ii", "id=nieuw"), "id"),
        (
            base.replace("title_nl=Welke+eerst%3F", "title_nl=+"),
            "title_nl",
        ),
        (base.replace("missie=II", "missie=VIII"), "missie"),
        (base.replace("kind=top_n", "kind=loting"), "kind"),
        (base.replace("n=2", "n=twee"), "n"),
        (base.replace("n=2", "n=0"), "kind"),
        (
            base.replace(&format!("kandidaten={}&kandidaten={}", k[0], k[1]), ""),
            "kandidaten",
        ),
        (
            base.replace(&format!("kandidaten={}", k[0]), "kandidaten=bestaat-niet"),
            "kandidaten",
        ),
        (
            base.replace("deelnemers=admin&deelnemers=team2", ""),
            "deelnemers",
        ),
        (
            base.replace("deelnemers=admin", "deelnemers=onbekend"),
            "deelnemers",
        ),
        (
            base.replace("kind=top_n", "kind=scores&scale_min=1&scale_max=5"),
            "criteria",
        ),
        (base.replace("kind=top_n", "kind=scores"), "scale_min"),
        (
            base.replace(
                "kind=top_n",
                "kind=scores&scale_min=5&scale_max=1&criteria=II-1",
            ),
            "kind",
        ),
        (format!("{base}&criteria=geen-criterium"), "criteria"),
    ] {
        let a = send(&app, post_form("/rondes/nieuw", &admin, &body)).await;
        // A form is read by the page (400 where a field cannot be read, e.g. `n=twee`) and
        // then by the rules (422); both show the form again with the field named.
        assert!(
            [StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY].contains(&a.status),
            "{body}: {}",
            a.body
        );
        assert!(a.is_html());
        assert!(
            a.body.contains(&format!("<code>{field}</code>")),
            "{body} should name `{field}`: {}",
            a.body
        );
        assert!(
            a.body.contains("action=\"/rondes/nieuw\""),
            "the form again"
        );
        assert_eq!(fingerprint(&state), before, "{body} changed the store");
    }
    // The form comes back as typed.
    let a = send(
        &app,
        post_form("/rondes/nieuw", &admin, &base.replace("n=2", "n=twee")),
    )
    .await;
    assert!(a.body.contains("value=\"fout-ii\""));
    assert!(a.body.contains("value=\"Welke eerst?\""));
    assert!(a.body.contains("value=\"twee\""));
}

#[tokio::test]
async fn others_are_refused_and_nothing_is_stored() {
    let (app, state) = app();
    // Logging in is audited, so everyone logs in before the store's fingerprint is taken.
    let admin = login(&app, "admin").await;
    let team5 = login(&app, "team5").await;
    let readers = [login(&app, "lezer").await, login(&app, "umc").await];
    let before = fingerprint(&state);

    // Anonymous: 401, as every page that needs a login answers.
    let a = send(&app, get_page("/rondes/nieuw", None)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(a.is_html());
    let (cookie, csrf) = visitor_csrf(&app).await;
    let a = send(
        &app,
        Request::post("/rondes/nieuw")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(format!("{}&csrf={csrf}", form("anoniem"))))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // Without the session's CSRF token: refused before anything else.
    let a = send(
        &app,
        Request::post("/rondes/nieuw")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &admin.cookie)
            .body(Body::from(form("zonder-csrf")))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);

    // Readers and contributors: 403.
    for (who, s) in ["lezer", "umc"].iter().zip(&readers) {
        let a = send(&app, get_page("/rondes/nieuw", Some(s))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{who}");
        let a = send(&app, post_form("/rondes/nieuw", s, &form("niet-van-mij"))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{who}: {}", a.body);
    }
    // Another mission's team: 403 for mission II, and its form offers only its own mission.
    let a = send(&app, get_page("/rondes/nieuw?missie=II", Some(&team5))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, get_page("/rondes/nieuw", Some(&team5))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains("<option value=\"V\" selected>"),
        "{}",
        a.body
    );
    assert!(!a.body.contains("<option value=\"II\""));
    let a = send(
        &app,
        post_form("/rondes/nieuw", &team5, &form("andere-missie")),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    assert_eq!(fingerprint(&state), before);
}

#[tokio::test]
async fn a_known_id_is_a_conflict_whether_made_by_the_form_or_the_api() {
    let (app, state) = app();
    let admin = login(&app, "admin").await;
    let before = fingerprint(&state);
    for id in [ROUND, "002-II"] {
        let a = send(&app, post_form("/rondes/nieuw", &admin, &form(id))).await;
        assert_eq!(a.status, StatusCode::CONFLICT, "{id}: {}", a.body);
        assert!(a.body.contains("bestaat al"), "{}", a.body);
        assert!(a.body.contains("<code>id</code>"));
    }
    assert_eq!(fingerprint(&state), before);

    // The API and the form share one function: a round the API made is a conflict for the
    // form, and the API refuses the reserved id as the form does.
    let t = token(&state, "admin");
    let mut parts = common::round("via-api", &["admin"]);
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/rondes",
            Some(&t),
            &serde_json::to_string(&parts).unwrap(),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let a = send(&app, post_form("/rondes/nieuw", &admin, &form("via-api"))).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    parts.id = "nieuw".parse().unwrap();
    let a = send(
        &app,
        api(
            Method::POST,
            "/api/v1/rondes",
            Some(&t),
            &serde_json::to_string(&parts).unwrap(),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.json()["field"], "id");
    assert!(!stored(&state, "nieuw"));
}

#[tokio::test]
async fn the_practice_round_is_stored_once_and_the_admin_votes_in_it() {
    let (app, state) = app();
    common::with_store(&state, |s| {
        assert!(
            gemeten_app::store_practice_round(s, &state.register).unwrap(),
            "stored on a store without it"
        );
        assert!(
            !gemeten_app::store_practice_round(s, &state.register).unwrap(),
            "never twice"
        );
    });
    let a = send(&app, get_page("/rondes/oefen-II", None)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("niet uit een document"));
    let admin = login(&app, "admin").await;
    let page = send(&app, get_page("/rondes/oefen-II", Some(&admin))).await;
    assert!(page.body.contains("action=\"/rondes/oefen-II/stem\""));
    let k = candidates();
    let a = send(
        &app,
        post_form("/rondes/oefen-II/stem", &admin, &format!("top={}", k[0])),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
}
