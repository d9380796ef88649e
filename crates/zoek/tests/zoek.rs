//! Search, suggestions and duplicates on the sample portfolio and on crafted cases.

use gemeten_domain::{MissieCode, Project};
use gemeten_interchange::{read_projects, reference_register};
use gemeten_zoek::{near_duplicates, Classificeerder, Zoekindex};

fn sample() -> Vec<Project> {
    let bytes = include_bytes!("../../../data/voorbeeld/projecten.csv");
    read_projects(bytes, "projecten.csv", &reference_register().unwrap()).unwrap()
}

fn project(id: &str, funder: &str, title: &str, summary: &str) -> Project {
    serde_json::from_value(serde_json::json!({
        "id": id, "title": title, "summary": summary, "funder": funder, "status": "lopend"
    }))
    .unwrap()
}

fn ids(hits: &[gemeten_zoek::Treffer]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn search_finds_inflected_dutch_and_english_words_and_partners() {
    let mut index = Zoekindex::in_memory().unwrap();
    let mut projects = sample();
    projects.push(project(
        "en-1",
        "EU4Health",
        "Wearable sensors for remote monitoring",
        "Patients recovering at home are monitored by wearables that alert their nurses.",
    ));
    index.rebuild(&projects, &|_| (), None).unwrap();
    assert_eq!(index.len(), 13);
    // "exoskeletten" is not in the text, "exoskelet" is: the Dutch stemmer joins them.
    let hits = index.search("exoskeletten", 5).unwrap();
    assert_eq!(ids(&hits), ["vb-exoskelet-werk"], "{hits:?}");
    let hits = index.search("medicijn", 5).unwrap();
    assert_eq!(
        ids(&hits).first(),
        Some(&"vb-zorgrobot-medicatie"),
        "{hits:?}"
    );
    // English words meet the English-stemmed field: "monitored" and "monitoring" → "monitor".
    let hits = index.search("monitor nurse", 5).unwrap();
    assert_eq!(ids(&hits).first(), Some(&"en-1"), "{hits:?}");
    // Partners are searchable.
    let hits = index.search("ReumaNederland", 5).unwrap();
    assert_eq!(ids(&hits), ["vb-werk-met-reuma"]);
    // Odd input is read leniently, not refused.
    assert!(index.search("\"unclosed: (", 5).is_ok());
    assert!(index.search("xyzzy", 5).unwrap().is_empty());
}

#[test]
fn update_replaces_a_project_in_the_index() {
    let mut index = Zoekindex::in_memory().unwrap();
    let mut projects = sample();
    index.rebuild(&projects, &|_| (), None).unwrap();
    let p = &mut projects[0];
    p.title = "Kwantumcomputer voor triage".parse().unwrap();
    let id = p.id.to_string();
    index.update(&projects[..1], None).unwrap();
    assert_eq!(index.len(), 12);
    assert_eq!(
        ids(&index.search("kwantumcomputer", 3).unwrap()),
        [id.as_str()]
    );
}

#[test]
fn suggested_missions_match_most_labelled_sample_projects() {
    let register = reference_register().unwrap();
    let mut c = Classificeerder::new(&register);
    let projects = sample();
    let mut hits = 0;
    for p in &projects {
        let s = c.suggest(&p.text(), 3);
        assert!(s.missies.windows(2).all(|w| w[0].1 >= w[1].1), "sorted");
        assert!(s
            .missies
            .iter()
            .all(|(_, score)| (0.0..=1.0001).contains(score)));
        let best = s
            .missies
            .iter()
            .find(|(m, _)| *m != MissieCode::C)
            .map(|m| m.0);
        if best.is_some_and(|m| p.missies.contains(&m)) {
            hits += 1;
        }
    }
    // A baseline that always says mission II would get 7 of 12.
    assert!(
        hits >= 8,
        "only {hits} of {} sample projects",
        projects.len()
    );
}

#[test]
fn near_duplicates_across_funders_are_found_and_different_projects_are_not() {
    let text = "Thuismonitoring van hartfalen met een weegschaal en bloeddrukmeter die metingen \
                doorgeven aan de huisarts, zodat ziekenhuisopnames worden voorkomen";
    let projects = vec![
        project("a", "ZonMw", "Thuismonitoring bij hartfalen", text),
        project(
            "b",
            "Health~Holland",
            "Thuismonitoring hartfalen",
            &format!("{text}."),
        ),
        project(
            "c",
            "ZonMw",
            "Thuismonitoring bij hartfalen (vervolg)",
            text,
        ),
        project(
            "d",
            "NWO",
            "Exoskelet voor werknemers",
            "Een licht exoskelet ondersteunt tillen en bukken op het werk",
        ),
    ];
    let d = near_duplicates(&projects, 0.6, true);
    let pairs: Vec<(&str, &str)> = d.iter().map(|x| (x.a.as_str(), x.b.as_str())).collect();
    assert!(pairs.contains(&("a", "b")), "{d:?}");
    assert!(pairs.contains(&("b", "c")), "{d:?}");
    assert!(
        !pairs.contains(&("a", "c")),
        "same funder is left out: {d:?}"
    );
    assert!(d.iter().all(|x| x.a.as_str() != "d" && x.b.as_str() != "d"));
    assert!(d.iter().all(|x| x.similarity >= 0.6));
    let all = near_duplicates(&projects, 0.6, false);
    assert!(all
        .iter()
        .any(|x| (x.a.as_str(), x.b.as_str()) == ("a", "c")));
}
