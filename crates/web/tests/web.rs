//! The web application end to end on the router (no socket): pages, API, errors, OpenAPI.

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

mod common;

use gemeten_domain::{MissieCode, Register};
use gemeten_store::{ProjectStore, RegisterStore};
use gemeten_web::{api_operations, api_paths, router, AppState, OPENAPI};

const PROJECTEN: &[u8] = include_bytes!("../../../data/voorbeeld/projecten.csv");

fn register() -> Register {
    gemeten_interchange::reference_register().expect("reference register")
}

fn app() -> Router {
    router(common::state_over(register(), seed))
}

fn seed(store: &mut gemeten_store::Store, register: &Register) {
    {
        store.replace(register).expect("seed");
        let projects = gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", register)
            .expect("example projects");
        store
            .add_projects(&projects, "test", false)
            .expect("projects");
        // The rounds of 002 with their illustrative ballots, as `gemeten serve` seeds them.
        for bus in gemeten_prioritering::referentie_rondes().expect("reference rounds") {
            gemeten_store::RondeStore::save_round(store, bus.ronde(), false).unwrap();
            for i in bus.history() {
                gemeten_store::RondeStore::add_ballot(store, bus.ronde().id(), &i.biljet).unwrap();
            }
        }
        // One call, so that `/api/v1/oproepen/{id}` has an example.
        let call = gemeten_domain::Oproep {
            id: "vb-oproep".parse().unwrap(),
            instrument: register.parts().instrument[0].id.clone(),
            title_nl: "Voorbeeldoproep".parse().unwrap(),
            title_en: None,
            opens: "2026-01-01".parse().unwrap(),
            closes: "2026-12-31".parse().unwrap(),
            requires_rocket: false,
            requires_target: None,
        };
        assert!(store.add_call(&call, "test").unwrap());
    }
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn get_with(app: Router, uri: &str, cookie: Option<&str>) -> Answer {
    let mut request = Request::get(uri);
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    let response = app
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(uri: &str) -> Answer {
    get_with(app(), uri, None).await
}

#[tokio::test]
async fn overview_lists_all_six_missions_with_links() {
    let a = get("/").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    for code in MissieCode::ALL {
        assert!(
            a.body.contains(&format!("href=\"/missies/{code}\"")),
            "no link to mission {code}"
        );
    }
    assert!(a.body.contains("Centrale missie"));
    assert!(a.body.contains("<html lang=\"nl\">"));
    assert!(a.body.contains("<th scope=\"col\">"));
}

#[tokio::test]
async fn mission_page_has_the_theory_of_change_and_the_targets() {
    let register = register();
    let o = register.overzicht(MissieCode::II).unwrap();
    let a = get("/missies/II").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("<svg class=\"toc\""));
    assert_eq!(
        a.body.matches("class=\"toc-knoop\"").count(),
        o.toc_knopen.len(),
        "one box per node"
    );
    assert!(!o.toc_knopen.is_empty());
    assert_eq!(
        a.body.matches("class=\"toc-pijl\"").count(),
        o.toc_pijlen.len(),
        "one arrow per link"
    );
    for d in &o.doelen {
        assert!(
            a.body
                .contains(&maud::html! { (d.indicator_nl.as_str()) }.into_string()),
            "target {} missing",
            d.id
        );
    }
    for v in &o.kia_vragen {
        assert!(a.body.contains(v.id.as_str()));
    }
    assert!(a.body.contains("<svg class=\"trl\""));
    assert!(a.body.contains("drempel TRL 7"));
    assert!(a.body.contains("Lacunes"));
    // Headings in order: one h1, then h2s, never skipping from h1 to h3.
    assert_eq!(a.body.matches("<h1").count(), 1);
    let first_h2 = a.body.find("<h2").unwrap();
    let first_h3 = a.body.find("<h3").unwrap();
    assert!(first_h2 < first_h3);
}

#[tokio::test]
async fn english_with_lang_parameter_sets_the_cookie_and_the_cookie_keeps_it() {
    let a = get("/missies/II?lang=en").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("<html lang=\"en\">"));
    assert!(a.body.contains(">Targets"));
    assert!(a.body.contains(">Activities"));
    assert!(a.body.contains(">Innovation pipeline"));
    assert!(a.body.contains("Skip to main content"));
    assert!(!a.body.contains(">Doelen"));
    let cookie = a.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("Path=/"));

    let b = get_with(app(), "/", Some("lang=en")).await;
    assert!(b.body.contains("<html lang=\"en\">"));
    assert!(b.body.contains("Health &amp; Care missions"));
    assert!(b.headers.get(header::SET_COOKIE).is_none());
    // The switch back to Dutch keeps the page.
    assert!(a.body.contains("href=\"/missies/II?lang=nl\""));
}

#[tokio::test]
async fn pages_have_a_skip_link_landmarks_and_no_outside_assets() {
    for uri in [
        "/",
        "/missies/C",
        "/missies/IV",
        "/projecten",
        "/projecten/vb-valdetectie-thuis",
    ] {
        let a = get(uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert!(
            a.body.contains("<a class=\"skip\" href=\"#inhoud\">"),
            "{uri}"
        );
        assert!(a.body.contains("<main id=\"inhoud\""), "{uri}");
        assert!(a.body.contains("<header"), "{uri}");
        assert!(a.body.contains("<nav"), "{uri}");
        assert!(a.body.contains("href=\"/static/gemeten.css\""), "{uri}");
        assert!(!a.body.contains("http://"), "{uri} refers to http://");
        assert!(!a.body.contains("https://"), "{uri} refers to https://");
    }
    let css = get("/static/gemeten.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    assert!(css.body.contains(":focus-visible"));
    assert!(!css.body.contains("http"));
}

#[tokio::test]
async fn unknown_pages_are_html_404() {
    for uri in ["/missies/VII", "/projecten/bestaat-niet", "/nergens"] {
        let a = get(uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(a.body.contains("<h1>Niet gevonden</h1>"), "{uri}");
    }
}

#[tokio::test]
async fn projects_page_filters_by_mission_and_shows_history() {
    let a = get("/projecten?missie=II").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("Thuismonitoring bij hartfalen"));
    let all = get("/projecten").await;
    assert!(all.body.matches("<tr>").count() >= a.body.matches("<tr>").count());
    let bad = get("/projecten?missie=VII").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let detail = get("/projecten/vb-thuismonitor-hartfalen").await;
    assert!(detail.body.contains("Geschiedenis"));
    assert!(detail.body.contains("UMC Utrecht"));
    assert!(detail.body.contains("aangemaakt"));
}

#[tokio::test]
async fn api_mission_has_the_counts_of_the_register() {
    let register = register();
    let o = register.overzicht(MissieCode::II).unwrap();
    let a = get("/api/v1/missies/II").await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    // The members of `gemeten mission II --json`, and beside them what the page adds
    // (progress, monitor, pipeline; see `weergave.rs`).
    let cli = serde_json::to_value(&o).unwrap();
    for (key, value) in cli.as_object().unwrap() {
        assert_eq!(&v[key], value, "{key}: same as `gemeten mission II --json`");
    }
    for key in ["projecten", "voortgang", "monitor", "pijplijn"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    for (key, n) in [
        ("doelen", o.doelen.len()),
        ("toc_knopen", o.toc_knopen.len()),
        ("toc_pijlen", o.toc_pijlen.len()),
        ("kia_vragen", o.kia_vragen.len()),
        ("activiteiten", o.activiteiten.len()),
        ("instrumenten", o.instrumenten.len()),
        ("innovaties", o.innovaties.len()),
    ] {
        assert_eq!(v[key].as_array().unwrap().len(), n, "{key}");
    }
    let list = get("/api/v1/missies").await.json();
    assert_eq!(list.as_array().unwrap().len(), 6);
    let ii = &list[2];
    assert_eq!(ii["code"], "II");
    assert_eq!(ii["counts"]["doelen"], o.doelen.len());
    assert!(ii["counts"]["projecten"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn api_bad_parameters_are_400_naming_the_parameter() {
    // Dutch unless the request asks for English (`?lang=en`): the field is the same.
    for (uri, field, nl, en) in [
        (
            "/api/v1/missies/VII",
            "code",
            "onbekende missiecode 'VII'",
            "unknown mission code 'VII'",
        ),
        (
            "/api/v1/projecten?missie=VII",
            "missie",
            "onbekende missiecode",
            "unknown mission code",
        ),
        (
            "/api/v1/instrumenten?trl=12",
            "trl",
            "TRL 12 ligt niet tussen 1 en 9",
            "TRL 12 is outside 1-9",
        ),
        (
            "/api/v1/instrumenten?missie=II&trl=abc",
            "trl",
            "'abc' is geen geheel getal",
            "'abc' is not a whole number",
        ),
        (
            "/api/v1/missies/II/synthese?trl=12",
            "trl",
            "tussen 1 en 9",
            "1-9",
        ),
        (
            "/api/v1/missies/II/synthese?trl=0",
            "trl",
            "tussen 1 en 9",
            "1-9",
        ),
        (
            "/api/v1/projecten/Niet%20Geldig!",
            "id",
            "de id 'Niet Geldig!' bevat ' '",
            "id 'Niet Geldig!' contains ' '",
        ),
    ] {
        let sep = if uri.contains('?') { '&' } else { '?' };
        for (uri, words, lang) in [
            (uri.to_owned(), nl, "nl"),
            (format!("{uri}{sep}lang=en"), en, "en"),
        ] {
            let a = get(&uri).await;
            assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.body);
            let v = a.json();
            assert_eq!(v["field"], field, "{uri}");
            assert_eq!(v["lang"], lang, "{uri}");
            assert!(v["error"].as_str().unwrap().contains(words), "{uri}: {v}");
        }
    }
}

#[tokio::test]
async fn api_unknown_keys_are_404_json() {
    for (uri, field) in [
        ("/api/v1/projecten/bestaat-niet", Value::from("id")),
        ("/api/v1/route/bestaat-niet", Value::from("id")),
        ("/api/v1/nergens", Value::Null),
    ] {
        let a = get(uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let v = a.json();
        assert_eq!(v["field"], field, "{uri}");
        assert!(v["error"].is_string());
    }
}

#[tokio::test]
async fn api_filters_synthesis_route_and_projects() {
    let instruments = get("/api/v1/instrumenten?missie=IV&trl=6").await.json();
    let register = register();
    let expected = register.instrumenten(Some(MissieCode::IV), Some(6.try_into().unwrap()));
    assert_eq!(instruments.as_array().unwrap().len(), expected.len());

    let s = get("/api/v1/missies/II/synthese?trl=5").await.json();
    assert_eq!(s["threshold"], 5);
    assert_eq!(s["missie"], "II");
    let default = get("/api/v1/missies/II/synthese").await.json();
    assert_eq!(default["threshold"], 7);

    let projects = get("/api/v1/projecten?missie=II").await.json();
    let projects = projects.as_array().unwrap();
    assert!(!projects.is_empty());
    assert!(projects.iter().all(|p| p["missies"]
        .as_array()
        .unwrap()
        .contains(&Value::from("II"))));

    let p = get("/api/v1/projecten/vb-thuismonitor-hartfalen")
        .await
        .json();
    assert_eq!(p["project"]["id"], "vb-thuismonitor-hartfalen");
    assert!(!p["history"].as_array().unwrap().is_empty());

    let r = get("/api/v1/route/cva-portaal").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["now"].is_array());
    let r = get("/api/v1/route/vb-thuismonitor-hartfalen").await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn openapi_document_covers_every_route_and_nothing_else() {
    let doc: Value = serde_json::from_str(OPENAPI).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let mut documented: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut routed = api_paths();
    documented.sort_unstable();
    routed.sort_unstable();
    assert_eq!(documented, routed);
    // And every operation (method and path).
    let mut documented_ops: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "put", "post", "delete", "patch"].contains(&k.as_str()))
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect();
    let mut routed_ops: Vec<(String, String)> = api_operations()
        .into_iter()
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
    documented_ops.sort_unstable();
    routed_ops.sort_unstable();
    assert_eq!(documented_ops, routed_ops);
    // Every documented GET answers (not the fallback) with example values.
    for path in documented {
        if doc["paths"][path]["get"].is_null() {
            continue;
        }
        if !doc["paths"][path]["get"]["security"].is_null() {
            // Only for users: without one, 401.
            let a = get(&format!("/api/v1{path}")).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}: {}", a.body);
            continue;
        }
        let uri = match path {
            // Paths whose example is not the generic one: an innovation, a query.
            "/innovaties/{id}" => "/api/v1/innovaties/cva-portaal".to_owned(),
            "/zoeken" => "/api/v1/zoeken?q=mantelzorg".to_owned(),
            "/rondes/{id}" => "/api/v1/rondes/002-II".to_owned(),
            "/doelen/{id}/keten" => "/api/v1/doelen/II-zorg-in-leefomgeving/keten".to_owned(),
            "/kies/{id}" => "/api/v1/kies/pps-health-ri".to_owned(),
            "/oproepen/{id}" => "/api/v1/oproepen/vb-oproep".to_owned(),
            "/gebieden/{code}" => "/api/v1/gebieden/GG3406".to_owned(),
            "/kpi/{code}" => "/api/v1/kpi/gezonde_levensverwachting".to_owned(),
            "/kpi/{code}/waarnemingen" => {
                "/api/v1/kpi/gezonde_levensverwachting/waarnemingen".to_owned()
            }
            "/fair/datasets/{dataset}" => "/api/v1/fair/datasets/register".to_owned(),
            "/fair/datasets/{dataset}/distributies/{bestand}" => {
                "/api/v1/fair/datasets/register/distributies/register~register.json".to_owned()
            }
            _ => format!(
                "/api/v1{}",
                path.replace("{code}", "II")
                    .replace("{id}", "vb-thuismonitor-hartfalen")
                    .replace("{bestand}", "register~register.json")
            ),
        };
        let a = get(&uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.body);
        let op = &doc["paths"][path]["get"];
        assert!(op["operationId"].is_string(), "{path}");
        assert!(op["responses"]["200"].is_object(), "{path}");
    }
    let served = get("/api/v1/openapi.json").await.json();
    assert_eq!(served, doc);
}

#[tokio::test]
async fn the_fair_catalogue_links_files_whose_checksums_match() {
    let r = get("/api/v1/fair/catalogus.jsonld").await;
    assert_eq!(r.status, StatusCode::OK);
    let cat = r.json();
    assert_eq!(cat["@type"], "dcat:Catalog");
    let sets = cat["dcat:dataset"].as_array().unwrap();
    assert!(sets
        .iter()
        .any(|s| s["dct:identifier"] == "http://127.0.0.1:8080/api/v1/fair/datasets/register"));
    let mut checked = 0;
    for d in sets
        .iter()
        .flat_map(|s| s["dcat:distribution"].as_array().unwrap())
    {
        // Identifiers are minted under the server's public address (the default in tests).
        let url = d["dcat:downloadURL"]["@id"].as_str().unwrap();
        let path = url.strip_prefix("http://127.0.0.1:8080").unwrap();
        assert!(path.starts_with("/api/v1/fair/bestanden/"), "{url}");
        assert_eq!(d["dcat:accessURL"]["@id"], url);
        if checked < 4 {
            let f = get(path).await;
            assert_eq!(f.status, StatusCode::OK, "{url}");
            assert_eq!(
                d["dcat:byteSize"]["@value"],
                f.body.len().to_string(),
                "{url}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
    let missing = get("/api/v1/fair/bestanden/bestaat~niet.csv").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Every dataset identifier, and a distribution's, resolves to its own metadata.
    for s in sets {
        let iri = s["@id"].as_str().unwrap();
        let path = iri.strip_prefix("http://127.0.0.1:8080").unwrap();
        let r = get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{iri}");
        let doc = r.json();
        assert_eq!(doc["@id"], iri);
        assert_eq!(doc["dct:title"], s["dct:title"]);
        assert!(doc["@context"]["dcat"].is_string());
    }
    let d = &sets[0]["dcat:distribution"][0];
    let iri = d["@id"].as_str().unwrap();
    let r = get(iri.strip_prefix("http://127.0.0.1:8080").unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{iri}");
    assert_eq!(r.json()["dcat:downloadURL"], d["dcat:downloadURL"]);
    let missing = get("/api/v1/fair/datasets/kpi.bestaat_niet").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// Every anonymous request under `/api/v1/fair/` once rebuilt the whole package (seconds with
/// a large portfolio, under the store's lock), even one for a file that does not exist. Now
/// it is built once per version of the projects and observations, and a name that cannot be
/// a file of the package is a 404 before any work.
#[tokio::test]
async fn the_fair_package_is_built_once_per_data_version() {
    let state = common::state_over(register(), seed);
    let app = router(state.clone());
    for missing in ["bestaat~niet.csv", "..~..~etc~passwd", "x"] {
        let r = get_with(
            app.clone(),
            &format!("/api/v1/fair/bestanden/{missing}"),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{missing}");
    }
    assert_eq!(
        state.fair_builds(),
        0,
        "nothing built for a name that cannot exist"
    );

    for _ in 0..3 {
        let cat = get_with(app.clone(), "/api/v1/fair/catalogus.jsonld", None).await;
        assert_eq!(cat.status, StatusCode::OK);
        let r = get_with(
            app.clone(),
            "/api/v1/fair/bestanden/portfolio~projecten.csv",
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        let r = get_with(app.clone(), "/api/v1/fair/bestanden/kpi~geen_kpi.csv", None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        state.fair_builds(),
        1,
        "one build for every request of one version"
    );

    // A change to the portfolio is a new version: built once more, and shown.
    // On a thread of its own: PostgreSQL's blocking client may not run inside the runtime.
    let pool = std::sync::Arc::clone(&state.store);
    std::thread::spawn(move || {
        let mut store = pool.get().unwrap();
        let id = common::PROJECT.parse().unwrap();
        let mut p = store.project(&id).unwrap().unwrap();
        p.title = "Een nieuwe titel voor de FAIR-test".parse().unwrap();
        store.update_project(&p, "test").unwrap();
    })
    .join()
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    let r = get_with(
        app.clone(),
        "/api/v1/fair/bestanden/portfolio~projecten.csv",
        None,
    )
    .await;
    assert!(r.body.contains("Een nieuwe titel voor de FAIR-test"));
    get_with(app.clone(), "/api/v1/fair/catalogus.jsonld", None).await;
    assert_eq!(state.fair_builds(), 2);
}

/// The synthesis is paged: the counts cover all items, the items come one page at a time,
/// in the order of the whole list, with totals and links that walk the list exactly once.
#[tokio::test]
async fn synthesis_is_paged_with_totals_and_links() {
    let all = get("/api/v1/missies/II/synthese?limiet=1000").await;
    assert_eq!(all.status, StatusCode::OK);
    let all = all.json();
    let total = all["totals"]["items"].as_u64().unwrap() as usize;
    assert!(
        total >= 3,
        "the example register has items under mission II"
    );
    let ids: Vec<Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    assert_eq!(ids.len(), total);
    assert_eq!(all["pagina"]["totaal"], total);
    assert_eq!(all["pagina"]["paginas"], 1);
    // The counts are over all items, whatever the page.
    let by_trl: u64 = all["by_trl"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(by_trl as usize, total);
    assert_eq!(
        all["totals"]["innovaties"].as_u64().unwrap()
            + all["totals"]["projecten"].as_u64().unwrap(),
        total as u64
    );
    let arrivals: u64 = all["arrivals"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum::<u64>()
        + all["arrivals_unknown"].as_u64().unwrap();
    assert_eq!(arrivals as usize, total);

    // Two items a page: following `next` from the first page gives every item once, in order.
    let mut url = "/api/v1/missies/II/synthese?limiet=2".to_owned();
    let mut walked = Vec::new();
    let mut pages = 0;
    loop {
        let a = get(&url).await;
        assert_eq!(a.status, StatusCode::OK, "{url}: {}", a.body);
        assert_eq!(a.headers["x-total-count"], total.to_string().as_str());
        let v = a.json();
        assert_eq!(v["by_trl"], all["by_trl"], "{url}");
        assert_eq!(v["pagina"]["paginas"], total.div_ceil(2));
        pages += 1;
        assert_eq!(v["pagina"]["pagina"], pages);
        if pages > 1 {
            assert!(v["links"]["prev"].is_string());
        } else {
            assert!(v["links"].get("prev").is_none());
        }
        walked.extend(
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].clone()),
        );
        let link = a.headers[header::LINK].to_str().unwrap().to_owned();
        match v["links"]["next"].as_str() {
            Some(next) => {
                assert!(link.contains(&format!("<{next}>; rel=\"next\"")), "{link}");
                url = next.to_owned();
            }
            None => {
                assert!(!link.contains("rel=\"next\""), "{link}");
                assert_eq!(v["links"]["self"], v["links"]["last"]);
                break;
            }
        }
    }
    assert_eq!(walked, ids);
    assert_eq!(pages, total.div_ceil(2));

    // The filter: only the items whose technology is ahead, counted in the totals.
    let voor = get("/api/v1/missies/II/synthese?techniek_voor=true&limiet=1000")
        .await
        .json();
    assert_eq!(voor["pagina"]["totaal"], all["totals"]["technology_ahead"]);
    assert_eq!(
        voor["items"].as_array().unwrap().len() as u64,
        all["totals"]["technology_ahead"].as_u64().unwrap()
    );
    // Past the last page: empty, with the totals.
    let past = get("/api/v1/missies/II/synthese?pagina=999").await.json();
    assert!(past["items"].as_array().unwrap().is_empty());
    assert_eq!(past["totals"], all["totals"]);
    for bad in [
        "/api/v1/missies/II/synthese?limiet=0",
        "/api/v1/missies/II/synthese?limiet=1001",
        "/api/v1/missies/II/synthese?pagina=0",
        "/api/v1/missies/II/synthese?techniek_voor=ja",
    ] {
        assert_eq!(get(bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }

    // The page: the same items, with links in both languages.
    let page = get("/missies/II/synthese?limiet=2").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Kennis- en innovatiesynthese"));
    assert!(page.body.contains(&format!("{total} items")));
    if total > 2 {
        assert!(
            page.body
                .contains(r#"rel="next" href="/missies/II/synthese?pagina=2&amp;limiet=2#items""#),
            "{}",
            page.body
        );
    }
    let en = get("/missies/II/synthese?limiet=2&pagina=2&lang=en").await;
    assert_eq!(en.status, StatusCode::OK);
    assert!(en.body.contains("Knowledge and innovation synthesis"));
    assert!(en.body.contains("previous"));
    let second = ids[2].as_str().unwrap();
    assert!(
        en.body.contains(second),
        "page 2 shows the third item {second}"
    );
    assert_eq!(
        get("/missies/II/synthese?limiet=0").await.status,
        StatusCode::BAD_REQUEST
    );
}

/// A copy of the database (a copied SQLite file, a restored backup; on PostgreSQL a database
/// made from the same template) carries its identity along: while it stands where the
/// original stood, the original's portfolio files are its own; once each has changed a
/// project by itself, to the same portfolio version, the original's files of that version
/// are not the copy's: its server writes its own and serves its own projects.
#[tokio::test]
async fn a_copy_that_went_on_by_itself_does_not_serve_the_originals_fair_files() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("gemeten.sqlite.stukken");
    let (origineel, kopie) = common::kopieen(register(), seed);
    let json = "/api/v1/fair/bestanden/portfolio~projecten.json";
    let serve = |state: &AppState| state.clone().with_zoekindex(Some(index.clone()));

    let a = serve(&origineel);
    let eerst = get_with(router(a.clone()), json, None).await;
    assert_eq!(eerst.status, StatusCode::OK);
    assert_eq!(a.fair_portfolio_writes(), 1);
    let b = serve(&kopie);
    assert_eq!(
        get_with(router(b.clone()), json, None).await.body,
        eerst.body
    );
    assert_eq!(
        b.fair_portfolio_writes(),
        0,
        "their common past: the same files"
    );

    let retitle = |state: &AppState, title: &str| {
        let title = title.to_owned();
        common::with_store(state, |s| {
            let id = common::PROJECT.parse().unwrap();
            let mut p = s.project(&id).unwrap().unwrap();
            p.title = title.parse().unwrap();
            s.update_project(&p, "test").unwrap();
        })
    };
    retitle(&origineel, "Een titel van het origineel");
    retitle(&kopie, "Een titel van de kopie");
    let versie = |s: &AppState| common::with_store(s, |s| s.versies().unwrap().project);
    assert_eq!(versie(&origineel), versie(&kopie));

    let a = serve(&origineel);
    let van_a = get_with(router(a.clone()), json, None).await;
    assert!(van_a.body.contains("Een titel van het origineel"));
    assert_eq!(a.fair_portfolio_writes(), 1);
    let b = serve(&kopie);
    let van_b = get_with(router(b.clone()), json, None).await;
    assert_eq!(van_b.status, StatusCode::OK);
    assert!(van_b.body.contains("Een titel van de kopie"));
    assert!(!van_b.body.contains("Een titel van het origineel"));
    assert_eq!(b.fair_portfolio_writes(), 1);
}

/// With a folder beside the search index the FAIR package's portfolio files are written
/// there once per portfolio version — a restart over the same portfolio writes none, a
/// change writes the new version and removes the old — and every file of the catalogue is
/// answered byte for byte (with its length) as the package built in memory answers it.
#[tokio::test]
async fn the_fair_portfolio_files_are_kept_on_disk_once_per_version() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("gemeten.sqlite.stukken");
    let fair = dir.path().join("gemeten.sqlite.fair");
    let in_memory = common::state_over(register(), seed);
    let state = in_memory.clone().with_zoekindex(Some(index.clone()));
    let (memory, disk) = (router(in_memory), router(state.clone()));
    let cat = get_with(disk.clone(), "/api/v1/fair/catalogus.jsonld", None).await;
    assert_eq!(
        cat.body,
        get_with(memory.clone(), "/api/v1/fair/catalogus.jsonld", None)
            .await
            .body
    );
    let mut files = 0;
    for d in cat.json()["dcat:dataset"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["dcat:distribution"].as_array().unwrap())
    {
        let url = d["dcat:downloadURL"]["@id"].as_str().unwrap();
        let path = url.strip_prefix("http://127.0.0.1:8080").unwrap();
        let (a, b) = (
            get_with(disk.clone(), path, None).await,
            get_with(memory.clone(), path, None).await,
        );
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(a.body, b.body, "{path}");
        assert_eq!(
            a.headers[header::CONTENT_TYPE],
            b.headers[header::CONTENT_TYPE]
        );
        assert_eq!(
            d["dcat:byteSize"]["@value"],
            a.body.len().to_string(),
            "{path}"
        );
        if path.contains("portfolio~") {
            assert_eq!(
                a.headers[header::CONTENT_LENGTH],
                a.body.len().to_string().as_str()
            );
        }
        files += 1;
    }
    assert!(files > 4, "{files}");
    assert_eq!(state.fair_portfolio_writes(), 1);
    let folders = || {
        let mut v: Vec<String> = std::fs::read_dir(&fair)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let first = folders();
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(first[0].starts_with("portfolio-"), "{first:?}");
    for f in ["projecten.csv", "projecten.json", "manifest.json"] {
        assert!(fair.join(&first[0]).join(f).is_file(), "{f}");
    }

    // A restart over the same portfolio writes nothing and answers the same.
    let restarted = state.clone().with_zoekindex(Some(index.clone()));
    let app = router(restarted.clone());
    let json = "/api/v1/fair/bestanden/portfolio~projecten.json";
    let before = get_with(app.clone(), json, None).await;
    assert_eq!(before.body, get_with(memory.clone(), json, None).await.body);
    assert_eq!(restarted.fair_portfolio_writes(), 0);

    // Another database at the same path (deleted and made anew), at the same portfolio
    // version: the files of the old one are not its own; they are written anew, the old
    // database's folder goes.
    let anew = common::state_over(register(), seed);
    common::eigen_identiteit(&anew);
    let anew = anew.with_zoekindex(Some(index.clone()));
    let versie = |s: &AppState| common::with_store(s, |s| s.versies().unwrap().project);
    assert_eq!(versie(&anew), versie(&state));
    let other = get_with(router(anew.clone()), json, None).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(anew.fair_portfolio_writes(), 1);
    let of_anew = folders();
    assert_eq!(of_anew.len(), 1, "{of_anew:?}");
    assert_ne!(of_anew, first);

    // A change to the portfolio: the new version's files, the old version's folder gone.
    let pool = std::sync::Arc::clone(&state.store);
    std::thread::spawn(move || {
        let mut store = pool.get().unwrap();
        let id = common::PROJECT.parse().unwrap();
        let mut p = store.project(&id).unwrap().unwrap();
        p.title = "Een nieuwe titel voor de FAIR-bestanden".parse().unwrap();
        store.update_project(&p, "test").unwrap();
    })
    .join()
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    let after = get_with(app.clone(), json, None).await;
    assert!(after
        .body
        .contains("Een nieuwe titel voor de FAIR-bestanden"));
    assert_eq!(after.body, get_with(memory.clone(), json, None).await.body);
    assert_eq!(restarted.fair_portfolio_writes(), 1);
    let second = folders();
    assert_eq!(second.len(), 1, "{second:?}");
    assert_ne!(second, first);
}
