//! The portfolio as the web app reads it: paged lists, and a shared snapshot that follows
//! every change in the store — also one made beside the web app, as the CLI does.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::Value;

use gemeten_store::ProjectStore;

use common::{app, send};

async fn get(app: &Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, Value) {
    let a = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    let body = serde_json::from_str(&a.body).unwrap_or(Value::Null);
    (a.status, a.headers, body)
}

async fn page(app: &Router, uri: &str) -> String {
    let a = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(a.status, StatusCode::OK, "{uri}");
    a.body
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn projects_come_in_pages_that_together_are_the_whole_list() {
    let (app, _) = app();
    let (_, _, all) = get(&app, "/api/v1/projecten").await;
    let all = ids(&all);
    assert_eq!(all.len(), 12);

    let mut paged = Vec::new();
    let mut uri = "/api/v1/projecten?limiet=5".to_owned();
    loop {
        let (status, headers, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["x-total-count"], "12");
        let page = ids(&body);
        assert!(page.len() <= 5);
        paged.extend(page);
        match headers.get("link") {
            Some(link) => {
                let link = link.to_str().unwrap();
                let next = link.split(['<', '>']).nth(1).expect("a link target");
                assert!(link.ends_with("rel=\"next\""), "{link}");
                uri = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(paged, all, "the pages, in order, are the list");

    let (status, headers, body) = get(&app, "/api/v1/projecten?pagina=9&limiet=5").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, serde_json::json!([]));
    assert!(headers.get("link").is_none());
}

#[tokio::test]
async fn a_page_size_out_of_range_is_refused_by_name() {
    let (app, _) = app();
    for (uri, field) in [
        ("/api/v1/projecten?limiet=0", "limiet"),
        ("/api/v1/projecten?limiet=1001", "limiet"),
        ("/api/v1/projecten?pagina=nul", "pagina"),
    ] {
        let (status, _, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(body["field"], field, "{uri}: {body}");
    }
}

#[tokio::test]
async fn a_change_beside_the_web_app_shows_in_the_next_answer() {
    let (app, state) = app();
    let count = |v: &Value| -> u64 {
        v.as_array()
            .unwrap()
            .iter()
            .find(|m| m["code"] == "V")
            .map(|m| m["counts"]["projecten"].as_u64().unwrap())
            .unwrap()
    };
    let pipeline = |html: &str| -> usize {
        let head = "Innovatiepijplijn <span class=\"count\">(";
        let at = html.find(head).expect("the pipeline section") + head.len();
        html[at..at + html[at..].find(')').unwrap()]
            .parse()
            .unwrap()
    };
    let page_before = page(&app, "/missies/V").await;
    assert_eq!(
        page(&app, "/missies/V").await,
        page_before,
        "the same page again"
    );
    let (_, _, before) = get(&app, "/api/v1/missies").await;
    let (_, _, again) = get(&app, "/api/v1/missies").await;
    assert_eq!(count(&before), count(&again), "nothing changed");

    // Move one project to mission V, through the store as the CLI would.
    let moved = common::with_store(&state, |s| {
        let mut p = s
            .projects()
            .unwrap()
            .into_iter()
            .find(|p| !p.missies.contains(&gemeten_domain::MissieCode::V))
            .expect("a project outside mission V");
        p.missies.push(gemeten_domain::MissieCode::V);
        s.update_project(&p, "cli").unwrap();
        p.id.to_string()
    });
    // A write beside the web app is seen within the quarter second the app trusts its
    // last read of the portfolio version.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let (_, _, after) = get(&app, "/api/v1/missies").await;
    assert_eq!(count(&after), count(&before) + 1);
    let page_after = page(&app, "/missies/V").await;
    assert_eq!(pipeline(&page_after), pipeline(&page_before) + 1);
    assert!(page_after.contains(&format!("/projecten/{moved}")));
    let (_, _, v) = get(&app, "/api/v1/projecten?missie=V&limiet=1000").await;
    assert!(ids(&v).contains(&moved));
}
