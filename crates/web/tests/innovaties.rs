//! The innovation pages and API, and the links that make every mission and everything a
//! mission page names reachable.

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

mod common;

use gemeten_domain::{MissieCode, Register};
use gemeten_portfolio::{route, PijplijnItem};
use gemeten_store::{ProjectStore, RegisterStore};
use gemeten_web::router;

const PROJECTEN: &[u8] = include_bytes!("../../../data/voorbeeld/projecten.csv");

/// A project that develops the register's innovation `cva-portaal`.
const CVA_PROJECT: &str = "vb-cva-thuis,CVA-portaal in de regio,Thuisrevalidatie na een beroerte met gedeelde informatie.,ZonMw,lopend,Revalidatie Friesland|zorgaanbieder|penvoerder,II,,cva-portaal,6,3,4,demonstreren,ontwikkelen,ontwikkelen,,2024,2026,2027,,";

fn register() -> Register {
    gemeten_interchange::reference_register().expect("reference register")
}

fn app() -> Router {
    router(common::state_over(register(), |store, register| {
        store.replace(register).expect("seed");
        let header = std::str::from_utf8(PROJECTEN)
            .unwrap()
            .lines()
            .next()
            .unwrap();
        let csv = format!("{header}\n{CVA_PROJECT}\n");
        let mut projects = gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", register)
            .expect("example projects");
        projects.extend(
            gemeten_interchange::read_projects(csv.as_bytes(), "cva.csv", register)
                .expect("the CVA project"),
        );
        store
            .add_projects(&projects, "test", false)
            .expect("projects");
    }))
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, body) = get(app, uri).await;
    let v = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}"));
    (status, v)
}

fn escaped(s: &str) -> String {
    maud::html! { (s) }.into_string()
}

#[tokio::test]
async fn the_list_shows_every_innovation_of_002_with_its_source_and_barriers() {
    let app = app();
    let register = register();
    let (status, page) = get(&app, "/innovaties").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!register.parts().innovatie.is_empty());
    for i in &register.parts().innovatie {
        assert!(
            page.contains(&format!("href=\"/innovaties/{}\"", i.id)),
            "{}",
            i.id
        );
        assert!(page.contains(&escaped(&i.source.to_string())), "{}", i.id);
        for b in &i.barrieres {
            let b = register.barriere(b).unwrap();
            assert!(page.contains(&escaped(b.title_nl.as_str())), "{}", b.id);
        }
    }
    assert!(page.contains("aria-current=\"page\">Innovaties"));
    let (_, only_iii) = get(&app, "/innovaties?missie=III").await;
    assert!(only_iii.contains("href=\"/innovaties/cue2walk\""));
    assert!(!only_iii.contains("href=\"/innovaties/cva-portaal\""));

    let (status, v) = json(&app, "/api/v1/innovaties").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        v.as_array().unwrap().len(),
        register.parts().innovatie.len()
    );
    let (_, ii) = json(&app, "/api/v1/innovaties?missie=II").await;
    assert!(ii
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["missies"].as_array().unwrap().contains(&"II".into())));
    let (status, bad) = json(&app, "/api/v1/innovaties?missie=VII").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(bad["field"], "missie");
}

#[tokio::test]
async fn an_innovation_page_shows_its_source_projects_barriers_and_financing_route() {
    let app = app();
    let register = register();
    let i = register
        .parts()
        .innovatie
        .iter()
        .find(|i| i.id.as_str() == "cva-portaal")
        .unwrap();
    let expected = route(&register, PijplijnItem::from(i));
    assert!(!expected.now.is_empty(), "the reference data gives a route");

    let (status, page) = get(&app, "/innovaties/cva-portaal").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&escaped(i.description_nl.as_str())));
    // The source with its document and lines.
    assert!(page.contains(&escaped(&i.source.to_string())));
    assert!(page.contains("r. 549-577"));
    assert!(page.contains("Prioritering innovaties missie II en III"));
    // The project that develops it.
    assert!(page.contains("href=\"/projecten/vb-cva-thuis\""));
    for b in &i.barrieres {
        assert!(page.contains(&format!("id=\"barriere-{b}\"")), "{b}");
    }
    // The route: every instrument that fits now and next, linked to its mission page row.
    assert!(page.contains("id=\"route\""));
    for stap in expected.now.iter().chain(&expected.next) {
        let name = escaped(stap.instrument.name_nl.as_str());
        assert!(page.contains(&name), "{name}");
        assert!(page.contains(&format!("#instrument-{}\"", stap.instrument.id)));
    }
    // The best fits first, in the route's order, each with why; the others folded away.
    assert!(page.contains("Past het best"));
    let best = &page[page.find("<ol class=\"route-beste\">").unwrap()..];
    let best = &best[..best.find("</ol>").unwrap()];
    let mut at = 0;
    for stap in expected.now.iter().take(3) {
        let href = format!("#instrument-{}\"", stap.instrument.id);
        let i = best[at..]
            .find(&href)
            .unwrap_or_else(|| panic!("{href} in order"));
        at += i + href.len();
    }
    if expected.now.len() > 3 {
        assert!(page.contains(&format!("Past ook ({})", expected.now.len() - 3)));
    }

    let (status, v) = json(&app, "/api/v1/innovaties/cva-portaal").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["innovatie"]["id"], "cva-portaal");
    assert_eq!(v["projecten"], serde_json::json!(["vb-cva-thuis"]));
    assert_eq!(
        v["route"]["now"].as_array().unwrap().len(),
        expected.now.len()
    );
    assert_eq!(
        v["route"]["next"].as_array().unwrap().len(),
        expected.next.len()
    );
    assert_eq!(v["barrieres"].as_array().unwrap().len(), i.barrieres.len());
    assert!(!v["aanbevelingen"].as_array().unwrap().is_empty());

    // Every link of the page answers.
    for link in page
        .split("href=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
    {
        if link.starts_with('/') {
            let path = link.split('#').next().unwrap().replace("&amp;", "&");
            assert_eq!(get(&app, &path).await.0, StatusCode::OK, "{link}");
        }
    }
}

#[tokio::test]
async fn an_unknown_innovation_is_404_and_a_malformed_id_400_in_the_api() {
    let app = app();
    let (status, page) = get(&app, "/innovaties/bestaat-niet").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("bestaat-niet"));
    // A project id is not an innovation id.
    let (status, _) = get(&app, "/innovaties/vb-cva-thuis").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, v) = json(&app, "/api/v1/innovaties/bestaat-niet").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(v["field"], "id");
    let (status, v) = json(&app, "/api/v1/innovaties/niet%20goed").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["field"], "id");
}

#[tokio::test]
async fn every_mission_is_linked_from_the_overview_and_links_what_it_names() {
    let app = app();
    let register = register();
    let (_, overview) = get(&app, "/").await;
    for code in MissieCode::ALL {
        assert!(
            overview.contains(&format!("href=\"/missies/{code}\"")),
            "{code}"
        );
        let o = register.overzicht(*code).unwrap();
        let (status, page) = get(&app, &format!("/missies/{code}")).await;
        assert_eq!(status, StatusCode::OK);
        for d in &o.doelen {
            assert!(
                page.contains(&format!("id=\"doel-{}\"", d.id)),
                "{code} {}",
                d.id
            );
        }
        for v in &o.kia_vragen {
            assert!(
                page.contains(&format!("id=\"vraag-{}\"", v.id)),
                "{code} {}",
                v.id
            );
        }
        for a in &o.activiteiten {
            assert!(
                page.contains(&format!("id=\"activiteit-{}\"", a.id)),
                "{code} {}",
                a.id
            );
        }
        for i in &o.instrumenten {
            assert!(
                page.contains(&format!("id=\"instrument-{}\"", i.id)),
                "{code} {}",
                i.id
            );
        }
        for i in &o.innovaties {
            assert!(
                page.contains(&format!("href=\"/innovaties/{}\"", i.id)),
                "{code} {}",
                i.id
            );
        }
    }
    // The KIA's cross-cutting activities serve no one mission: they are on the central
    // mission's page.
    let (_, central) = get(&app, "/missies/C").await;
    let cross: Vec<_> = register
        .parts()
        .activiteit
        .iter()
        .filter(|a| a.missies.is_empty())
        .collect();
    assert!(!cross.is_empty());
    for a in cross {
        assert!(
            central.contains(&format!("id=\"activiteit-{}\"", a.id)),
            "{}",
            a.id
        );
    }
    // A project page links its questions and its innovation.
    let (_, project) = get(&app, "/projecten/vb-cva-thuis").await;
    assert!(project.contains("href=\"/innovaties/cva-portaal\""));
    let (_, project) = get(&app, "/projecten/vb-thuismonitor-hartfalen").await;
    assert!(project.contains("href=\"/missies/II#vraag-000-II-t01\""));
}
