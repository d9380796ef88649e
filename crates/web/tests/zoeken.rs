//! Site-wide search end to end on the router: word forms, projects, every result link,
//! parameters the API refuses, and an index that follows changes to the portfolio.

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

mod common;

use gemeten_domain::{Register, Tekst};
use gemeten_store::{ProjectStore, RegisterStore};
use gemeten_web::{router, AppState};

const PROJECTEN: &[u8] = include_bytes!("../../../data/voorbeeld/projecten.csv");

fn register() -> Register {
    gemeten_interchange::reference_register().expect("reference register")
}

fn state() -> AppState {
    common::state_over(register(), |store, register| {
        store.replace(register).expect("seed");
        let projects = gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", register)
            .expect("example projects");
        store
            .add_projects(&projects, "test", false)
            .expect("projects");
    })
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

fn hit_ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The hits as (score in thousandths, id), best first and equal scores by id.
fn hits_by_score(v: &Value) -> Vec<(i64, String)> {
    let mut hits: Vec<(i64, String)> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let score = (h["score"].as_f64().unwrap() * 1000.0).round() as i64;
            (-score, h["id"].as_str().unwrap().to_owned())
        })
        .collect();
    hits.sort();
    hits
}

/// The `href` values of a page that stay on the site.
fn local_links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with('/'))
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn a_question_is_found_by_a_word_form_other_than_its_own() {
    let app = router(state());
    // 001-C-05 reads "Hoe kunnen werkgevers bijdragen …"; we ask for the singular.
    let register = register();
    let q = register
        .parts()
        .kia_vraag
        .iter()
        .find(|v| v.id.as_str() == "001-C-05")
        .unwrap();
    assert!(q.text_nl.as_str().contains("werkgevers"));
    assert!(!q.text_nl.as_str().contains("werkgever "));

    let (status, v) = json(&app, "/api/v1/zoeken?q=werkgever&soort=kia_vraag").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "001-C-05")
        .unwrap_or_else(|| panic!("001-C-05 not among {v}"));
    assert_eq!(hit["soort"], "kia_vraag");
    assert_eq!(hit["href"], "/missies/C#vraag-001-C-05");
    let text: Vec<char> = hit["fragment"]["text"].as_str().unwrap().chars().collect();
    let (a, b) = (
        hit["fragment"]["highlights"][0][0].as_u64().unwrap() as usize,
        hit["fragment"]["highlights"][0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(text[a..b].iter().collect::<String>(), "werkgevers");
    assert!(v["per_soort"]["kia_vraag"].as_u64().unwrap() >= 1);

    // The page shows it in its group, with the word marked and the link to its row.
    let (status, page) = get(&app, "/zoeken?q=werkgever").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"groep-kia_vraag\""));
    assert!(page.contains("href=\"/missies/C#vraag-001-C-05\""));
    assert!(page.contains("<mark>werkgevers</mark>"));
    let (_, mission) = get(&app, "/missies/C").await;
    assert!(mission.contains("id=\"vraag-001-C-05\""));
}

/// The fragments of a results page: each with its attributes (` lang="en">…`).
fn fragments(page: &str) -> Vec<&str> {
    page.split("<p class=\"fragment\"")
        .skip(1)
        .filter_map(|rest| rest.split("</p>").next())
        .collect()
}

/// A fragment quotes the page's language: a target's English wording on an English page,
/// its Dutch wording on a Dutch page, and the other language (saying so) only where the
/// word is found there alone. Projects, which are Dutch only, say so on an English page.
#[tokio::test]
async fn a_fragment_is_quoted_in_the_language_of_the_page() {
    let app = router(state());
    let doel = register()
        .parts()
        .doel
        .iter()
        .find(|d| d.id.as_str() == "I-ziektelast")
        .cloned()
        .unwrap();
    let en = doel.indicator_en.as_ref().unwrap().as_str().to_owned();
    let nl = doel.indicator_nl.as_str().to_owned();
    assert!(en.starts_with("Burden") && nl.starts_with("Ziektelast"));
    let fragment = |page: &str, marked: &str| -> String {
        fragments(page)
            .into_iter()
            .find(|f| f.contains(&format!("<mark>{marked}</mark>")))
            .unwrap_or_else(|| panic!("no fragment marks {marked}: {page}"))
            .to_owned()
    };

    let (_, page) = get(&app, "/zoeken?q=burden&soort=doel&lang=en").await;
    let f = fragment(&page, "Burden");
    assert!(f.starts_with('>') && !f.contains("Ziektelast"), "{f}");
    let (_, page) = get(&app, "/zoeken?q=ziektelast&soort=doel").await;
    let f = fragment(&page, "Ziektelast");
    assert!(f.starts_with('>') && !f.contains("Burden"), "{f}");
    // An English word on a Dutch page: the English wording, tagged.
    let (_, page) = get(&app, "/zoeken?q=burden&soort=doel").await;
    let f = fragment(&page, "Burden");
    assert!(
        f.starts_with(" lang=\"en\">") && !f.contains("Ziektelast"),
        "{f}"
    );
    // A Dutch word on an English page: the Dutch wording, tagged.
    let (_, page) = get(&app, "/zoeken?q=ziektelast&soort=doel&lang=en").await;
    let f = fragment(&page, "Ziektelast");
    assert!(
        f.starts_with(" lang=\"nl\">") && !f.contains("Burden"),
        "{f}"
    );
    // A project on an English page: Dutch, tagged.
    let (_, page) = get(&app, "/zoeken?q=exoskelet&lang=en").await;
    let f = fragments(&page)
        .into_iter()
        .find(|f| f.contains("<mark>"))
        .unwrap()
        .to_owned();
    assert!(f.starts_with(" lang=\"nl\">"), "{f}");

    // The API says the language of each fragment.
    for (uri, lang) in [
        ("/api/v1/zoeken?q=burden&soort=doel&lang=en", "en"),
        ("/api/v1/zoeken?q=ziektelast&soort=doel", "nl"),
        ("/api/v1/zoeken?q=burden&soort=doel", "en"),
    ] {
        let (status, v) = json(&app, uri).await;
        assert_eq!(status, StatusCode::OK);
        let hit = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == "I-ziektelast")
            .unwrap_or_else(|| panic!("{uri}: {v}"));
        assert_eq!(hit["fragment"]["lang"], lang, "{uri}");
    }
}

#[tokio::test]
async fn a_project_is_found_by_its_summary_and_by_a_partner() {
    let app = router(state());
    // "exoskelet" is in the title, "tillen" only in the summary, Radboudumc a partner.
    for q in ["exoskelet", "tillen", "Radboudumc"] {
        let (status, v) = json(&app, &format!("/api/v1/zoeken?q={q}&soort=project")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            hit_ids(&v).first().map(String::as_str),
            Some("vb-exoskelet-werk"),
            "{q}: {v}"
        );
        assert_eq!(v["hits"][0]["href"], "/projecten/vb-exoskelet-werk");
    }
    let (_, page) = get(&app, "/zoeken?q=exoskelet").await;
    assert!(page.contains("id=\"groep-project\""));
    assert!(page.contains("href=\"/projecten/vb-exoskelet-werk\""));
}

#[tokio::test]
async fn every_result_link_answers_and_its_anchor_is_on_the_page() {
    let app = router(state());
    let mut followed = 0;
    for q in [
        "zorg",
        "gezondheid",
        "innovatie",
        "financiering",
        "mantelzorgers",
        "werkgever",
        "thuismonitoring",
        "instrument",
    ] {
        for soort in gemeten_zoek::Soort::ALL {
            let (status, v) = json(
                &app,
                &format!("/api/v1/zoeken?q={q}&soort={soort}&limiet=100"),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{v}");
            for hit in v["hits"].as_array().unwrap() {
                let href = hit["href"].as_str().unwrap();
                let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
                let (status, body) = get(&app, path).await;
                assert_eq!(status, StatusCode::OK, "{href}");
                if !anchor.is_empty() {
                    assert!(
                        body.contains(&format!("id=\"{anchor}\"")),
                        "{path} has no anchor {anchor}"
                    );
                }
                followed += 1;
            }
        }
    }
    assert!(followed > 100, "only {followed} links followed");
    // And every link on a results page, kinds' "all" links included.
    let (_, page) = get(&app, "/zoeken?q=zorg").await;
    let links = local_links(&page);
    assert!(links.iter().any(|l| l.starts_with("/zoeken?q=zorg&soort=")));
    for link in links {
        let path = link.split('#').next().unwrap();
        let (status, _) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{link}");
    }
}

#[tokio::test]
async fn the_api_refuses_bad_parameters_by_name() {
    let app = router(state());
    for (uri, field) in [
        ("/api/v1/zoeken", "q"),
        ("/api/v1/zoeken?q=", "q"),
        ("/api/v1/zoeken?q=%20%20", "q"),
        ("/api/v1/zoeken?q=zorg&limiet=0", "limiet"),
        ("/api/v1/zoeken?q=zorg&limiet=101", "limiet"),
        ("/api/v1/zoeken?q=zorg&limiet=tien", "limiet"),
        ("/api/v1/zoeken?q=zorg&soort=vraag", "soort"),
    ] {
        let (status, v) = json(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert_eq!(v["field"], field, "{uri}: {v}");
    }
    let (status, v) = json(&app, "/api/v1/zoeken?q=zorg&limiet=3").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["hits"].as_array().unwrap().len(), 3);
    assert!(v["total"].as_u64().unwrap() > 3);
    let (status, page) = get(&app, "/zoeken?q=zorg&soort=vraag").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("soort"));
}

#[tokio::test]
async fn the_empty_page_offers_examples_that_find_something_and_no_hits_offers_a_way_on() {
    let app = router(state());
    let (status, page) = get(&app, "/zoeken").await;
    assert_eq!(status, StatusCode::OK);
    let examples: Vec<String> = local_links(&page)
        .into_iter()
        .filter(|l| l.starts_with("/zoeken?q="))
        .collect();
    assert!(examples.len() >= 3, "{examples:?}");
    for e in examples {
        let q = e.trim_start_matches("/zoeken?q=");
        let (_, v) = json(&app, &format!("/api/v1/zoeken?q={q}")).await;
        assert!(
            v["total"].as_u64().unwrap() > 0,
            "example {q} finds nothing"
        );
    }
    let (status, page) = get(&app, "/zoeken?q=xyzzyplugh").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Niets gevonden"));
    assert!(page.contains("href=\"/innovaties\""));
    let (_, page) = get(&app, "/zoeken?q=xyzzyplugh&soort=project").await;
    assert!(
        page.contains("href=\"/zoeken?q=xyzzyplugh\""),
        "a way back to all kinds"
    );
}

#[tokio::test]
async fn every_page_has_a_labelled_search_box_that_works_without_javascript() {
    let app = router(state());
    for path in [
        "/",
        "/missies/II",
        "/projecten",
        "/innovaties",
        "/zoeken?q=zorg",
    ] {
        let (_, page) = get(&app, path).await;
        assert!(
            page.contains(
                "<form class=\"zoek-kop\" role=\"search\" method=\"get\" action=\"/zoeken\">"
            ),
            "{path}"
        );
        assert!(
            page.contains("<label class=\"visually-hidden\" for=\"kop-q\">"),
            "{path}"
        );
        assert!(
            page.contains("id=\"kop-q\" type=\"search\" name=\"q\""),
            "{path}"
        );
        assert!(!page.contains("<script"), "{path}");
    }
}

#[tokio::test]
async fn a_changed_project_is_found_under_its_new_text_after_the_rebuild() {
    let state = state();
    let app = router(state.clone());
    let (_, before) = json(&app, "/api/v1/zoeken?q=hartritmestoornissen").await;
    assert_eq!(before["total"], 0, "{before}");
    let (_, old) = json(&app, "/api/v1/zoeken?q=hartfalen&soort=project").await;
    assert!(hit_ids(&old).contains(&"vb-thuismonitor-hartfalen".to_owned()));

    // Another writer (the CLI, another process) changes the project in the store.
    common::with_store(&state, |store| {
        let id = "vb-thuismonitor-hartfalen".parse().unwrap();
        let mut p = store.project(&id).unwrap().unwrap();
        p.title = Tekst::try_from("Thuismonitoring bij hartritmestoornissen".to_owned()).unwrap();
        p.summary =
            Some(Tekst::try_from("Op afstand meten van het hartritme thuis.".to_owned()).unwrap());
        let changed = store.update_project(&p, "test").unwrap();
        assert!(changed.contains(&"title".to_owned()), "{changed:?}");
    });

    // A write outside the application is seen once the portfolio snapshot asks the store
    // for its version again (it trusts a version it read for a fraction of a second).
    // "hartritmestoornis": the new word in another form.
    let mut after = Value::Null;
    for _ in 0..50 {
        after = json(&app, "/api/v1/zoeken?q=hartritmestoornis").await.1;
        if after["total"] != 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(hit_ids(&after), ["vb-thuismonitor-hartfalen"], "{after}");
    let (_, gone) = json(&app, "/api/v1/zoeken?q=hartfalen&soort=project").await;
    assert!(
        !hit_ids(&gone).contains(&"vb-thuismonitor-hartfalen".to_owned()),
        "the old text is still indexed: {gone}"
    );
}

/// Searches until `q` finds `id` (a write outside the application is seen within a fraction
/// of a second), and returns the answer.
async fn finds(app: &Router, q: &str, id: &str) -> Value {
    let mut v = Value::Null;
    for _ in 0..50 {
        v = json(app, &format!("/api/v1/zoeken?q={q}")).await.1;
        if hit_ids(&v).iter().any(|h| h == id) {
            return v;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("{q} does not find {id}: {v}");
}

#[tokio::test]
async fn a_kept_index_is_reused_unchanged_updated_after_a_change_and_rebuilt_when_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("gemeten.sqlite.stukken");
    let store = state();
    let id = "vb-thuismonitor-hartfalen";

    // The first server builds the index and keeps it in the folder.
    let eerste = store.clone().with_zoekindex(Some(at.clone()));
    finds(&router(eerste.clone()), "hartfalen", id).await;
    assert_eq!(eerste.zoekindex_builds(), (1, 0));
    drop(eerste);

    // A restart with nothing changed reuses it: nothing is indexed.
    let tweede = store.clone().with_zoekindex(Some(at.clone()));
    finds(&router(tweede.clone()), "hartfalen", id).await;
    assert_eq!(tweede.zoekindex_builds(), (0, 0));
    drop(tweede);

    // A change while no server ran: the next start replaces that project only.
    common::with_store(&store, |s| {
        let mut p = s.project(&id.parse().unwrap()).unwrap().unwrap();
        p.title = Tekst::try_from("Thuismonitoring bij hartritmestoornissen".to_owned()).unwrap();
        s.update_project(&p, "test").unwrap();
    });
    let derde = store.clone().with_zoekindex(Some(at.clone()));
    finds(&router(derde.clone()), "hartritmestoornis", id).await;
    assert_eq!(derde.zoekindex_builds(), (0, 1));
    drop(derde);

    // A damaged folder is started anew and built, not a failure.
    for entry in std::fs::read_dir(&at).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::write(&path, b"kapot").unwrap();
        }
    }
    let vierde = store.clone().with_zoekindex(Some(at.clone()));
    finds(&router(vierde.clone()), "hartritmestoornis", id).await;
    assert_eq!(vierde.zoekindex_builds(), (1, 0));
}

/// A database deleted and made anew at the same path reaches the same versions with other
/// content: the index kept beside the old one is not taken for its own but built anew.
#[tokio::test]
async fn a_kept_index_of_another_database_is_built_anew() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("gemeten.sqlite.stukken");
    let id = "vb-thuismonitor-hartfalen";
    let (oud, nieuw) = (state(), state());
    common::eigen_identiteit(&nieuw);
    let versies = |s: &AppState| {
        common::with_store(s, |s| {
            (s.versies().unwrap(), s.portfolio_version().unwrap())
        })
    };
    assert_eq!(versies(&oud), versies(&nieuw));

    let eerste = oud.with_zoekindex(Some(at.clone()));
    finds(&router(eerste.clone()), "hartfalen", id).await;
    assert_eq!(eerste.zoekindex_builds(), (1, 0));
    drop(eerste);

    let tweede = nieuw.with_zoekindex(Some(at.clone()));
    finds(&router(tweede.clone()), "hartfalen", id).await;
    assert_eq!(tweede.zoekindex_builds(), (1, 0));
}

fn seed(store: &mut gemeten_store::Store, register: &Register) {
    store.replace(register).expect("seed");
    let projects = gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", register)
        .expect("example projects");
    store
        .add_projects(&projects, "test", false)
        .expect("projects");
}

/// Gives project `id` the title `title`, as a change through the store (another process).
fn retitle(state: &AppState, id: &str, title: &str) {
    let title = title.to_owned();
    common::with_store(state, |s| {
        let mut p = s.project(&id.parse().unwrap()).unwrap().unwrap();
        p.title = Tekst::try_from(title).unwrap();
        s.update_project(&p, "test").unwrap();
    });
}

/// The portfolio's version and last history entry: what a copy reaches by itself too.
fn versies(state: &AppState) -> (u64, u64) {
    common::with_store(state, |s| {
        (s.versies().unwrap().project, s.portfolio_version().unwrap())
    })
}

/// A copy of the database (a copied SQLite file; on PostgreSQL a database made from the same
/// template) carries its identity along. While it stands where the original stood, the
/// original's index is its own; once each has gone on by itself to the same version with
/// other changes, the index the original brought up to its change is not the copy's: the
/// copy's server builds its own rather than serve the original's projects.
#[tokio::test]
async fn a_copy_that_went_on_by_itself_does_not_take_the_originals_index() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("gemeten.sqlite.stukken");
    let (origineel, kopie) = common::kopieen(register(), seed);
    let (hartfalen, valdetectie) = ("vb-thuismonitor-hartfalen", "vb-valdetectie-thuis");

    let eerste = origineel.clone().with_zoekindex(Some(at.clone()));
    finds(&router(eerste.clone()), "hartfalen", hartfalen).await;
    assert_eq!(eerste.zoekindex_builds(), (1, 0));
    drop(eerste);
    // Their common past: the copy takes the index as it is.
    let tweede = kopie.clone().with_zoekindex(Some(at.clone()));
    finds(&router(tweede.clone()), "hartfalen", hartfalen).await;
    assert_eq!(tweede.zoekindex_builds(), (0, 0));
    drop(tweede);

    // Each changes another project, once: the same versions, other projects.
    retitle(
        &origineel,
        hartfalen,
        "Thuismonitoring bij hartritmestoornissen",
    );
    retitle(&kopie, valdetectie, "Zeehondenzorg op afstand");
    assert_eq!(versies(&origineel), versies(&kopie));
    let derde = origineel.clone().with_zoekindex(Some(at.clone()));
    finds(&router(derde.clone()), "hartritmestoornis", hartfalen).await;
    assert_eq!(derde.zoekindex_builds(), (0, 1));
    drop(derde);

    let vierde = kopie.clone().with_zoekindex(Some(at.clone()));
    let app = router(vierde.clone());
    finds(&app, "zeehondenzorg", valdetectie).await;
    assert_eq!(vierde.zoekindex_builds(), (1, 0));
    let (_, v) = json(&app, "/api/v1/zoeken?q=hartritmestoornis").await;
    assert!(!hit_ids(&v).contains(&hartfalen.to_owned()), "{v}");
}

/// A backup restored beside the index of the timeline it was taken from, that then goes on
/// past the index's version by itself: the index's last history entry is one of the other
/// timeline's, so "the changes since it" are not what the restored database changed. Its
/// server builds the index anew rather than replace a part (and keep the other timeline's
/// title, and miss its own first change).
#[tokio::test]
async fn a_restored_backup_that_went_past_the_index_builds_it_anew() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("gemeten.sqlite.stukken");
    let (origineel, backup) = common::kopieen(register(), seed);
    let (hartfalen, valdetectie, exoskelet) = (
        "vb-thuismonitor-hartfalen",
        "vb-valdetectie-thuis",
        "vb-exoskelet-werk",
    );

    retitle(
        &origineel,
        hartfalen,
        "Thuismonitoring bij hartritmestoornissen",
    );
    let eerste = origineel.clone().with_zoekindex(Some(at.clone()));
    finds(&router(eerste.clone()), "hartritmestoornis", hartfalen).await;
    assert_eq!(eerste.zoekindex_builds(), (1, 0));
    drop(eerste);

    retitle(&backup, valdetectie, "Zeehondenzorg op afstand");
    retitle(&backup, exoskelet, "Een robotpak voor de bouw");
    assert!(versies(&backup).0 > versies(&origineel).0);
    assert!(versies(&backup).1 > versies(&origineel).1);
    let tweede = backup.clone().with_zoekindex(Some(at.clone()));
    let app = router(tweede.clone());
    finds(&app, "robotpak", exoskelet).await;
    finds(&app, "zeehondenzorg", valdetectie).await;
    assert_eq!(tweede.zoekindex_builds(), (1, 0));
    let (_, v) = json(&app, "/api/v1/zoeken?q=hartritmestoornis").await;
    assert!(!hit_ids(&v).contains(&hartfalen.to_owned()), "{v}");
}

/// The database's identity is a setting one can edit by hand (`instelling`). Any text
/// keeps the index working: built, reused after a restart, brought up to a change.
#[tokio::test]
async fn an_identity_set_by_hand_to_any_text_keeps_the_index_working() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("gemeten.sqlite.stukken");
    let store = state();
    common::with_store(&store, |s| {
        s.zet_instelling("database_id", "kopie van 3 mei / niet hex")
            .unwrap()
    });
    let id = "vb-thuismonitor-hartfalen";
    let eerste = store.clone().with_zoekindex(Some(at.clone()));
    finds(&router(eerste.clone()), "hartfalen", id).await;
    assert_eq!(eerste.zoekindex_builds(), (1, 0));
    drop(eerste);
    let tweede = store.clone().with_zoekindex(Some(at.clone()));
    finds(&router(tweede.clone()), "hartfalen", id).await;
    assert_eq!(tweede.zoekindex_builds(), (0, 0));
    drop(tweede);
    retitle(&store, id, "Thuismonitoring bij hartritmestoornissen");
    let derde = store.clone().with_zoekindex(Some(at.clone()));
    finds(&router(derde.clone()), "hartritmestoornis", id).await;
    assert_eq!(derde.zoekindex_builds(), (0, 1));
}

/// Elements of the knowledge and innovation ecosystem are found by their names (Dutch or
/// English) and by how a mission's row writes them, shown in the reader's language, and link
/// to their row of a mission's KIES page.
#[tokio::test]
async fn kies_elements_are_found_and_link_to_their_row() {
    let app = router(state());
    let (status, v) = json(&app, "/api/v1/zoeken?q=dementia&soort=kies_knoop").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(hit_ids(&v).contains(&"pps-tap-dementia".to_owned()), "{v}");
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "pps-tap-dementia")
        .unwrap();
    assert_eq!(hit["href"], "/missies/IV/kies#kies-pps-tap-dementia");
    let (_, page) = get(&app, "/missies/IV/kies").await;
    assert!(page.contains("id=\"kies-pps-tap-dementia\""));
    // By the English name; the English page shows it in English, the Dutch one in Dutch.
    let (_, v) = json(&app, "/api/v1/zoeken?q=integrated%20care%20agreement").await;
    assert!(hit_ids(&v).contains(&"za-iza".to_owned()), "{v}");
    assert!(v["per_soort"]["kies_knoop"].as_u64().unwrap() >= 1);
    let (_, en) = get(&app, "/zoeken?q=zorgakkoord&soort=kies_knoop&lang=en").await;
    assert!(
        en.contains("Care agreements and programmes (VWS): Integrated Care Agreement (IZA)"),
        "{en}"
    );
    assert!(en.contains("Knowledge and innovation ecosystem (KIES)"));
    let (_, nl) = get(&app, "/zoeken?q=zorgakkoord&soort=kies_knoop").await;
    assert!(nl.contains("Integraal Zorg Akkoord (IZA)"), "{nl}");
    assert!(nl.contains("href=\"/missies/I/kies#kies-za-iza\""), "{nl}");
}

/// On an English page a target is linked by its English indicator where the register has
/// one, and a name the register has in Dutch only is marked as Dutch (`lang="nl"`); the
/// Dutch page links by the Dutch indicator.
#[tokio::test]
async fn an_english_page_links_targets_by_their_english_names() {
    let app = router(state());
    let register = register();
    let (_, v) = json(&app, "/api/v1/zoeken?q=zorg&soort=doel&limiet=50").await;
    let ids = hit_ids(&v);
    assert!(ids.len() >= 3, "{v}");
    let (_, en) = get(&app, "/zoeken?q=zorg&soort=doel&lang=en").await;
    let (_, nl) = get(&app, "/zoeken?q=zorg&soort=doel").await;
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut english = 0;
    for id in ids.iter().take(5) {
        let d = register
            .parts()
            .doel
            .iter()
            .find(|d| d.id.as_str() == id)
            .unwrap();
        let dutch = escape(d.indicator_nl.as_str());
        assert!(
            nl.contains(&format!(">{dutch}</a>")),
            "{id} on the Dutch page"
        );
        match &d.indicator_en {
            Some(e) => {
                english += 1;
                let e = escape(e.as_str());
                assert!(en.contains(&format!(">{e}</a>")), "{id}: {e}");
                assert!(!en.contains(&format!(">{dutch}</a>")), "{id}: {dutch}");
            }
            None => assert!(
                en.contains(&format!("<span lang=\"nl\">{dutch}</span></a>")),
                "{id}: {dutch} not marked Dutch"
            ),
        }
    }
    assert!(english > 0, "none of the targets found has an English name");
}

/// Past the bound, a count is "more than": in the API (`total_meer_dan`,
/// `per_soort_meer_dan`, `telgrens`) and on the page in both languages (the status line and
/// the group headings), with the same hits as an exact count; kinds under the bound keep
/// their exact counts. The English page keeps the Dutch fragments tagged `lang="nl"`.
#[tokio::test]
async fn a_count_past_the_bound_says_more_than_on_the_page_and_in_the_api() {
    const GRENS: usize = 3;
    let bounded = router(state().with_zoek_telgrens(GRENS));
    let exact = router(state().with_zoek_telgrens(usize::MAX));
    let q = "zorg";
    let (status, e) = json(&exact, &format!("/api/v1/zoeken?q={q}&limiet=50")).await;
    assert_eq!(status, StatusCode::OK, "{e}");
    let (status, v) = json(&bounded, &format!("/api/v1/zoeken?q={q}&limiet=50")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["telgrens"], GRENS);
    assert_eq!(e["total_meer_dan"], false);
    let mut boven = Vec::new();
    let mut onder = Vec::new();
    let mut som = 0;
    for (soort, n) in e["per_soort"].as_object().unwrap() {
        let n = n.as_u64().unwrap() as usize;
        assert_eq!(e["per_soort_meer_dan"][soort], false);
        assert_eq!(v["per_soort"][soort], n.min(GRENS), "{soort}");
        assert_eq!(v["per_soort_meer_dan"][soort], n > GRENS, "{soort}");
        som += n.min(GRENS);
        if n > GRENS {
            boven.push(soort.clone());
        } else if n > 0 {
            onder.push((soort.clone(), n));
        }
    }
    assert!(
        !boven.is_empty(),
        "'{q}' matches more than {GRENS} of some kind: {e}"
    );
    assert!(
        !onder.is_empty(),
        "'{q}' matches {GRENS} or fewer of some kind: {e}"
    );
    assert_eq!(v["total"], som);
    assert_eq!(v["total_meer_dan"], true);
    // The count stops; the best hits are the same, with the same scores. (The two servers
    // built their indexes apart, so pieces of equal score may come in another order.)
    assert_eq!(hits_by_score(&v), hits_by_score(&e));

    for (lang, meer, resultaten) in [
        ("nl", "meer dan", "resultaten"),
        ("en", "more than", "results"),
    ] {
        let (status, page) = get(&bounded, &format!("/zoeken?q={q}&lang={lang}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains(&format!("<p role=\"status\">{meer} {som} {resultaten}")),
            "{lang}: {page}"
        );
        for soort in &boven {
            let heading = format!("<h2 id=\"groep-{soort}\">");
            let at = page.find(&heading).unwrap_or_else(|| panic!("{soort}"));
            let rest = &page[at..];
            assert!(
                rest.contains(&format!("<span class=\"count\">({meer} {GRENS})</span>")),
                "{lang} {soort}"
            );
            // A bounded kind has more than the page shows: the link to see more of it.
            assert!(
                page.contains(&format!("href=\"/zoeken?q={q}&amp;soort={soort}\"")),
                "{lang} {soort}"
            );
        }
        for (soort, n) in &onder {
            let heading = format!("<h2 id=\"groep-{soort}\">");
            let at = page.find(&heading).unwrap_or_else(|| panic!("{soort}"));
            assert!(
                page[at..].contains(&format!("<span class=\"count\">({n})</span>")),
                "{lang} {soort}"
            );
        }
        assert!(page.contains("class=\"fragment\""));
        // A fragment says its language only where it is not the page's.
        assert!(
            !page.contains(&format!("class=\"fragment\" lang=\"{lang}\"")),
            "{lang}"
        );
        // One bounded kind: its own page says "more than" too.
        let soort = &boven[0];
        let (status, page) = get(
            &bounded,
            &format!("/zoeken?q={q}&soort={soort}&lang={lang}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains(&format!("<p role=\"status\">{meer} {GRENS} {resultaten}")),
            "{lang} {soort}"
        );
        let (_, api) = json(&bounded, &format!("/api/v1/zoeken?q={q}&soort={soort}")).await;
        assert_eq!(
            (&api["total"], &api["total_meer_dan"]),
            (&GRENS.into(), &true.into())
        );
    }
}

/// The words are stemmed in the request's language (`lang`, Accept-Language): an English
/// plural finds the English name in the API and on the English page; on a Dutch page it is
/// found too (its Dutch stem occurs nowhere, so its English stem is looked up).
#[tokio::test]
async fn an_english_word_form_is_found_in_the_language_of_the_request() {
    let app = router(state());
    for uri in [
        "/api/v1/zoeken?q=dementias&soort=kies_knoop&lang=en",
        "/api/v1/zoeken?q=dementias&soort=kies_knoop",
    ] {
        let (status, v) = json(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert!(
            hit_ids(&v).contains(&"pps-tap-dementia".to_owned()),
            "{uri}: {v}"
        );
    }
    let (status, page) = get(&app, "/zoeken?q=dementias&soort=kies_knoop&lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("kies-pps-tap-dementia"), "{page}");
}
