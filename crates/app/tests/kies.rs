//! A project's links to elements of the knowledge and innovation ecosystem (issue 12, item 3;
//! 000 Figure 5): written only through the use cases (change, import whole or in parts,
//! import into a call), each element checked against the rows of the project's missions, a
//! refusal naming its place and writing nothing. And a database filled before the ecosystem
//! was in the reference dataset gets it once, on opening.

mod common;

use common::{inhoud, new_entries, oproep, wereld, PROJECT, PROJECTEN};
use gemeten_app::{AppFout, ProjectPatch};
use gemeten_domain::{Id, Lang};
use gemeten_store::{AccountStore, ProjectStore, RegisterStore};

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

fn linked(w: &common::Wereld, k: &str) -> Vec<String> {
    w.store
        .kies_projects(&id(k))
        .unwrap()
        .into_iter()
        .map(|p| p.id.to_string())
        .collect()
}

#[test]
fn a_project_links_elements_of_its_missions_rows_and_of_the_central_row() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let p = id(PROJECT);
    // The example project is of missions II and III: CS4NL is in II's row, NXTGEN in III's,
    // Health-RI in the central mission's.
    let n = w.store.audit_log().unwrap().len();
    let patch = ProjectPatch::from_json(serde_json::json!({
        "kies": ["ket-cs4nl", "ket-nxtgen-hightech", "pps-health-ri"]
    }))
    .unwrap();
    let (project, changed) =
        gemeten_app::change_project(&mut w.store, &w.register, &admin, &p, &patch).unwrap();
    assert_eq!(changed, ["kies"]);
    assert_eq!(
        project.kies,
        [
            id("ket-cs4nl"),
            id("ket-nxtgen-hightech"),
            id("pps-health-ri")
        ]
    );
    let last = w.store.history(&p).unwrap().pop().unwrap();
    assert_eq!(last.field, "kies");
    let new = new_entries(&w.store, n);
    assert_eq!(new.len(), 1);
    assert_eq!(
        new[0].after.as_ref().unwrap()["kies"],
        serde_json::json!(["ket-cs4nl", "ket-nxtgen-hightech", "pps-health-ri"])
    );
    assert!(linked(&w, "pps-health-ri").contains(&PROJECT.to_owned()));
    // An empty list unlinks them all.
    let patch = ProjectPatch::from_json(serde_json::json!({ "kies": [] })).unwrap();
    let (project, _) =
        gemeten_app::change_project(&mut w.store, &w.register, &admin, &p, &patch).unwrap();
    assert!(project.kies.is_empty());
    assert!(!linked(&w, "pps-health-ri").contains(&PROJECT.to_owned()));
}

#[test]
fn an_unknown_element_or_one_of_another_missions_row_is_refused_and_nothing_written() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let p = id(PROJECT);
    let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let patch = ProjectPatch::from_json(serde_json::json!({
        "kies": ["ket-cs4nl", "pps-tap-dementia", "bestaat-niet"]
    }))
    .unwrap();
    let e = gemeten_app::change_project(&mut w.store, &w.register, &admin, &p, &patch).unwrap_err();
    let AppFout::Ongeldig(problems) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(problems.0.len(), 2, "{}", problems.tekst(Lang::Nl));
    assert_eq!(problems.0[0].field(), Some("kies[1]"));
    assert_eq!(
        problems.0[0].reden(Lang::Nl),
        "KIES-element 'pps-tap-dementia' staat in Figuur 5 bij missie(s) IV, en het project \
         hoort bij geen daarvan (missies van het project: II, III)"
    );
    assert_eq!(
        problems.0[0].reden(Lang::En),
        "KIES element 'pps-tap-dementia' is in Figure 5 for mission(s) IV, none of which the \
         project is linked to (the project's missions: II, III)"
    );
    assert_eq!(problems.0[1].field(), Some("kies[2]"));
    assert_eq!(
        problems.0[1].reden(Lang::Nl),
        "KIES-element 'bestaat-niet' bestaat niet"
    );
    assert_eq!(inhoud(&w.store), before, "nothing written");
    assert_eq!(w.store.audit_log().unwrap().len(), n);
    // Twice: refused by the domain, naming the second.
    let patch = ProjectPatch::from_json(serde_json::json!({
        "kies": ["ket-cs4nl", "ket-cs4nl"]
    }))
    .unwrap();
    let e = gemeten_app::change_project(&mut w.store, &w.register, &admin, &p, &patch).unwrap_err();
    assert!(
        e.tekst(Lang::En).contains("kies[1]"),
        "{}",
        e.tekst(Lang::En)
    );
    // Not a list of ids: refused before the use case.
    let e = ProjectPatch::from_json(serde_json::json!({ "kies": ["ket-cs4nl", 7] })).unwrap_err();
    assert_eq!(e.problemen().and_then(|p| p.field()), Some("kies[1]"));
    assert_eq!(inhoud(&w.store), before);
}

#[test]
fn imports_whole_in_parts_and_into_a_call_refuse_a_bad_element_whole() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let mut projects = gemeten_interchange::read_projects(PROJECTEN, "p.csv", &w.register).unwrap();
    projects[0].kies.push(id("pps-amr-global")); // mission V's row only
    let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let e =
        gemeten_app::import_projects(&mut w.store, &w.register, &admin, "p.csv", &projects, true)
            .unwrap_err();
    let p = e.problemen().expect("refused input");
    assert_eq!(p.0.len(), 1, "{}", p.tekst(Lang::En));
    assert!(
        p.0[0].field().unwrap().starts_with("kies["),
        "{:?}",
        p.0[0].field()
    );
    assert!(p.0[0].plek(Lang::Nl).contains(projects[0].id.as_str()));
    assert_eq!(inhoud(&w.store), before, "nothing written");
    assert_eq!(w.store.audit_log().unwrap().len(), n);

    // In parts: the use case checks each part whoever read it; the first part is undone.
    let good = projects[1..].to_vec();
    let bad = vec![projects[0].clone()];
    let e = gemeten_app::import_projects_in_parts::<AppFout>(
        &mut w.store,
        &w.register,
        &admin,
        "p.csv",
        true,
        |sink| {
            sink(good.clone())?;
            sink(bad.clone())?;
            Ok(good.len() + 1)
        },
    )
    .unwrap_err();
    let msg = match e {
        gemeten_app::ImportGestopt::Lezen(e) | gemeten_app::ImportGestopt::App(e) => {
            e.tekst(Lang::En)
        }
    };
    assert!(msg.contains("pps-amr-global"), "{msg}");
    assert_eq!(inhoud(&w.store), before, "nothing written");

    // Into a call: the same check.
    let mut call = oproep("oproep-kies");
    call.requires_rocket = false;
    call.requires_target = None;
    gemeten_app::oproep_aanmaken(&mut w.store, &w.register, &admin, call).unwrap();
    let mut op = projects[0].clone();
    op.id = id("op-kies");
    let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let e = gemeten_app::import_into_call(
        &mut w.store,
        &w.register,
        &admin,
        &id("oproep-kies"),
        "oproep.csv",
        gemeten_app::Inzending {
            projects: std::slice::from_ref(&op),
            aanvragen: &[],
        },
        false,
    )
    .unwrap_err();
    let p = e.problemen().expect("refused input");
    assert!(
        p.0.iter()
            .any(|x| x.field().is_some_and(|f| f.starts_with("kies["))),
        "{}",
        p.tekst(Lang::En)
    );
    assert_eq!(inhoud(&w.store), before, "nothing written");
    assert_eq!(w.store.audit_log().unwrap().len(), n);
}

/// A database filled before the ecosystem was in the reference dataset: migration 0021 marks
/// it, and the next opening adds the reference's 124 elements and 213 links in one transaction
/// with its audit entry, once; a register emptied of them later on purpose stays so.
#[test]
fn a_database_filled_without_the_ecosystem_gets_it_once_on_opening() {
    let reference = gemeten_interchange::reference_register().unwrap();
    let mut parts = reference.parts().clone();
    parts.kies_knoop.clear();
    parts.kies_pijl.clear();
    let zonder = gemeten_domain::Register::new(parts).unwrap();
    let (mut store, _pg) = common::new_store();
    assert_eq!(
        store
            .instelling(gemeten_app::KIES_AANVULLEN)
            .unwrap()
            .as_deref(),
        Some("ja"),
        "the migration marks the database"
    );
    assert!(gemeten_app::seed_register(&mut store, &zonder, &[]).unwrap());
    assert!(store.load().unwrap().parts().kies_knoop.is_empty());
    let n = store.audit_log().unwrap().len();

    assert_eq!(
        gemeten_app::kies_aanvullen(&mut store, &reference).unwrap(),
        124
    );
    let loaded = store.load().unwrap();
    assert_eq!(loaded.parts().kies_knoop, reference.parts().kies_knoop);
    assert_eq!(loaded.parts().kies_pijl, reference.parts().kies_pijl);
    assert_eq!(
        loaded
            .kies(Some(gemeten_domain::MissieCode::II), None)
            .knopen
            .len(),
        36
    );
    // The rest of the register is as it was.
    assert_eq!(loaded.parts().doel, zonder.parts().doel);
    let log = store.audit_log().unwrap();
    assert_eq!(log.len(), n + 1);
    let last = log.iter().find(|r| r.object.contains("KIES")).unwrap();
    assert_eq!(last.by, gemeten_app::SYSTEEM);
    assert_eq!(last.after.as_ref().unwrap()["kies_pijl"], 213);

    // Once: a second opening changes nothing, and neither does one after an administrator
    // emptied the ecosystem on purpose.
    assert_eq!(
        gemeten_app::kies_aanvullen(&mut store, &reference).unwrap(),
        0
    );
    store.replace(&zonder).unwrap();
    assert_eq!(
        gemeten_app::kies_aanvullen(&mut store, &reference).unwrap(),
        0
    );
    assert!(store.load().unwrap().parts().kies_knoop.is_empty());
    assert_eq!(store.audit_log().unwrap().len(), n + 1);
}

/// A customised register without some of the records the elements point to keeps what it
/// has: those links are left out, the elements come in.
#[test]
fn the_ecosystem_fits_a_customised_register() {
    let reference = gemeten_interchange::reference_register().unwrap();
    let mut parts = reference.parts().clone();
    parts.kies_knoop.clear();
    parts.kies_pijl.clear();
    parts
        .instrument
        .retain(|i| i.id.as_str() != "ngf-health-ri");
    let zonder = gemeten_domain::Register::new(parts).unwrap();
    let (mut store, _pg) = common::new_store();
    assert!(gemeten_app::seed_register(&mut store, &zonder, &[]).unwrap());
    assert_eq!(
        gemeten_app::kies_aanvullen(&mut store, &reference).unwrap(),
        124
    );
    let loaded = store.load().unwrap();
    let hri = loaded.kies_knoop(&id("pps-health-ri")).unwrap();
    assert_eq!(hri.instrument, None);
    assert_eq!(
        hri.organisatie.as_ref().map(|o| o.as_str()),
        Some("health-ri")
    );
}
