//! A project's links to targets (issue 12, item 6): written only through the use cases
//! (change, import, import into a call), each target checked against the project's missions,
//! a refusal naming its place and writing nothing.

mod common;

use common::{inhoud, new_entries, oproep, wereld, PROJECT, PROJECTEN};
use gemeten_app::{AppFout, ProjectPatch};
use gemeten_domain::{Aanvraag, GesteldeBijdrage, Id, Lang};
use gemeten_store::{AccountStore, ProjectStore};

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

#[test]
fn a_project_links_targets_of_its_missions_and_of_the_central_mission() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let p = id(PROJECT);
    // The example project is of missions II and III.
    assert_eq!(
        w.store.project(&p).unwrap().unwrap().missies,
        [
            gemeten_domain::MissieCode::II,
            gemeten_domain::MissieCode::III
        ]
    );
    let n = w.store.audit_log().unwrap().len();
    let patch = ProjectPatch::from_json(serde_json::json!({
        "doelen": ["III-meedoen", "C-ses-verschil"]
    }))
    .unwrap();
    let (project, changed) =
        gemeten_app::change_project(&mut w.store, &w.register, &admin, &p, &patch).unwrap();
    assert_eq!(changed, ["doelen"]);
    assert_eq!(project.doelen, [id("III-meedoen"), id("C-ses-verschil")]);
    // Stored with the project, in its history and in the audit log (before and after).
    let history = w.store.history(&p).unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.field, "doelen");
    assert_eq!(
        last.after.as_deref(),
        Some(r#"["III-meedoen","C-ses-verschil"]"#)
    );
    let new = new_entries(&w.store, n);
    assert_eq!(new.len(), 1);
    assert_eq!(
        new[0].after.as_ref().unwrap()["doelen"],
        serde_json::json!(["III-meedoen", "C-ses-verschil"])
    );
    // The link table finds the project from the target; the old links are gone.
    let of = |w: &common::Wereld, d: &str| -> Vec<String> {
        w.store
            .target_projects(&id(d))
            .unwrap()
            .into_iter()
            .map(|p| p.id.to_string())
            .collect()
    };
    assert!(of(&w, "III-meedoen").contains(&PROJECT.to_owned()));
    assert!(!of(&w, "II-hybride-zorg-gebruik").contains(&PROJECT.to_owned()));

    // An empty list unlinks them all.
    let patch = ProjectPatch::from_json(serde_json::json!({ "doelen": [] })).unwrap();
    let (project, changed) =
        gemeten_app::change_project(&mut w.store, &w.register, &admin, &p, &patch).unwrap();
    assert_eq!(changed, ["doelen"]);
    assert!(project.doelen.is_empty());
    assert!(!of(&w, "III-meedoen").contains(&PROJECT.to_owned()));
}

#[test]
fn a_target_of_another_mission_or_an_unknown_one_is_refused_naming_the_field() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let p = id(PROJECT);
    let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let patch = ProjectPatch::from_json(serde_json::json!({
        "doelen": ["II-zorg-in-leefomgeving", "IV-kwaliteit-van-leven", "II-bestaat-niet"]
    }))
    .unwrap();
    let e = gemeten_app::change_project(&mut w.store, &w.register, &admin, &p, &patch).unwrap_err();
    let AppFout::Ongeldig(problems) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(problems.0.len(), 2, "{}", problems.tekst(Lang::Nl));
    assert_eq!(problems.0[0].field(), Some("doelen[1]"));
    assert_eq!(
        problems.0[0].reden(Lang::Nl),
        "doel 'IV-kwaliteit-van-leven' hoort bij missie IV, en het project hoort niet bij die \
         missie (missies van het project: II, III)"
    );
    assert_eq!(
        problems.0[0].reden(Lang::En),
        "target 'IV-kwaliteit-van-leven' belongs to mission IV, which the project is not \
         linked to (the project's missions: II, III)"
    );
    assert_eq!(problems.0[1].field(), Some("doelen[2]"));
    assert_eq!(
        problems.0[1].reden(Lang::En),
        "target 'II-bestaat-niet' does not exist"
    );
    assert_eq!(inhoud(&w.store), before, "nothing written");
    assert_eq!(w.store.audit_log().unwrap().len(), n);

    // A list that names a target twice is refused by the domain, naming the second.
    let patch = ProjectPatch::from_json(serde_json::json!({
        "doelen": ["III-meedoen", "III-meedoen"]
    }))
    .unwrap();
    let e = gemeten_app::change_project(&mut w.store, &w.register, &admin, &p, &patch).unwrap_err();
    assert!(e.tekst(Lang::Nl).contains("twee keer"), "{e:?}");
    // Not a list of ids: refused before the use case, naming the place.
    let e =
        ProjectPatch::from_json(serde_json::json!({ "doelen": ["III-meedoen", 7] })).unwrap_err();
    assert_eq!(e.problemen().and_then(|p| p.field()), Some("doelen[1]"));
    assert_eq!(inhoud(&w.store), before);
}

#[test]
fn an_import_with_a_target_of_another_mission_is_refused_whole() {
    let mut w = wereld();
    let admin = w.admin.clone();
    // The reader checks the file against the register, naming line and field.
    let csv = String::from_utf8(PROJECTEN.to_vec()).unwrap().replace(
        "II-zorg-in-leefomgeving;II-hybride-zorg-gebruik",
        "II-zorg-in-leefomgeving;V-bescherming",
    );
    let e = gemeten_interchange::read_projects(csv.as_bytes(), "p.csv", &w.register).unwrap_err();
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].location.field.as_deref(), Some("doelen[1]"));
    assert_eq!(e.0[0].location.line, Some(2));
    assert!(e.to_string().contains("hoort bij missie V"), "{e}");

    // The use case checks too, whoever decoded the list: nothing is written.
    let mut projects = gemeten_interchange::read_projects(PROJECTEN, "p.csv", &w.register).unwrap();
    projects[0].doelen.push(id("V-bescherming"));
    let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let e =
        gemeten_app::import_projects(&mut w.store, &w.register, &admin, "p.csv", &projects, true)
            .unwrap_err();
    let p = e.problemen().expect("refused input");
    assert_eq!(p.0.len(), 1);
    assert_eq!(p.0[0].field(), Some("doelen[2]"));
    assert!(
        p.0[0].plek(Lang::Nl).contains(PROJECT),
        "{}",
        p.0[0].plek(Lang::Nl)
    );
    assert_eq!(inhoud(&w.store), before, "nothing written");
    assert_eq!(w.store.audit_log().unwrap().len(), n);
}

#[test]
fn a_stated_contribution_to_another_missions_target_is_refused_in_a_call() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let mut call = oproep("oproep-k");
    call.requires_rocket = false;
    call.requires_target = None;
    gemeten_app::oproep_aanmaken(&mut w.store, &w.register, &admin, call).unwrap();
    let csv = String::from_utf8(PROJECTEN.to_vec())
        .unwrap()
        .replace("vb-", "op-");
    let projects =
        gemeten_interchange::read_projects(csv.as_bytes(), "oproep.csv", &w.register).unwrap();
    // The first project is of missions II and III: mission V's target is not its own.
    let aanvragen = vec![Aanvraag {
        project: projects[0].id.clone(),
        rocket: Vec::new(),
        bijdragen: vec![
            GesteldeBijdrage {
                doel: id("C-ses-verschil"),
                toelichting: "lage SEP".parse().unwrap(),
            },
            GesteldeBijdrage {
                doel: id("V-bescherming"),
                toelichting: "pandemische paraatheid".parse().unwrap(),
            },
        ],
    }];
    let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let e = gemeten_app::import_into_call(
        &mut w.store,
        &w.register,
        &admin,
        &id("oproep-k"),
        "oproep.csv",
        gemeten_app::Inzending {
            projects: &projects[..1],
            aanvragen: &aanvragen,
        },
        false,
    )
    .unwrap_err();
    let p = e.problemen().expect("refused input");
    assert_eq!(p.0.len(), 1, "{}", p.tekst(Lang::En));
    assert_eq!(p.0[0].field(), Some("bijdragen[1].doel"));
    assert!(
        p.0[0].reden(Lang::En).contains("belongs to mission V"),
        "{}",
        p.0[0].reden(Lang::En)
    );
    assert_eq!(inhoud(&w.store), before, "nothing written");
    assert_eq!(w.store.audit_log().unwrap().len(), n);
}
