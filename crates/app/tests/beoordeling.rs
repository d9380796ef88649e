//! Assessments on ROCKET and the kernelementen, calls and the import into a call: each as a
//! use case with its role check, validation and audit entry (issue 12, points 1 and 2).

mod common;

use common::{
    account, inhoud, new_entries, oproep, rocket_beoordeling, rocket_oordelen, wereld, PROJECT,
    PROJECTEN,
};
use gemeten_app::{AppFout, NieuweBeoordeling};
use gemeten_domain::{Aanvraag, GesteldeBijdrage, Kader, Lang, OnderwerpSoort, Oordeel, Taak};
use gemeten_store::{AccountStore, ProjectStore};

fn oordeel(m: &str, score: Option<u8>, toelichting: &str) -> Oordeel {
    Oordeel {
        maatstaf: m.parse().unwrap(),
        score,
        oordeel: None,
        toelichting: toelichting.parse().unwrap(),
    }
}

#[test]
fn an_assessment_is_stored_with_its_audit_entry_and_a_refusal_is_recorded() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let lezer = w.lezer.clone();
    let team_iv = account(
        "team-iv",
        Taak::Missieteam {
            missie: gemeten_domain::MissieCode::IV,
        },
    );
    let team_ii = account(
        "team-ii",
        Taak::Missieteam {
            missie: gemeten_domain::MissieCode::II,
        },
    );
    for a in [&team_iv, &team_ii] {
        w.store.create_user(a, common::PASSWORD).unwrap();
    }

    // A reader, and the mission team of a mission the project is not of: refused, recorded,
    // nothing stored.
    for who in [&lezer, &team_iv] {
        let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
        let e = gemeten_app::beoordelen(
            &mut w.store,
            &w.register,
            who,
            rocket_beoordeling(PROJECT, 4),
        )
        .unwrap_err();
        assert!(matches!(e, AppFout::Verboden { .. }), "{e:?}");
        assert_eq!(inhoud(&w.store), before);
        let new = new_entries(&w.store, n);
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].action, "geweigerd: beoordeling vastgelegd");
        assert_eq!(new[0].object, format!("project {PROJECT}"));
    }

    // The administrator and mission II's team (the project is of missions II and III).
    let n = w.store.audit_log().unwrap().len();
    let s1 = gemeten_app::beoordelen(
        &mut w.store,
        &w.register,
        &admin,
        rocket_beoordeling(PROJECT, 4),
    )
    .unwrap();
    let s2 = gemeten_app::beoordelen(
        &mut w.store,
        &w.register,
        &team_ii,
        rocket_beoordeling(PROJECT, 2),
    )
    .unwrap();
    assert!(s2 > s1);
    let new = new_entries(&w.store, n);
    assert_eq!(new.len(), 2);
    let e = &new[1]; // the log is newest first
    assert_eq!(
        (e.by.as_str(), e.action.as_str()),
        ("admin", "beoordeling vastgelegd")
    );
    let after = e.after.as_ref().unwrap();
    assert_eq!(after["beoordeling"]["kader"], "rocket");
    assert_eq!(after["beoordeling"]["beoordelaar"], "admin");
    assert_eq!(
        after["beoordeling"]["oordelen"].as_array().unwrap().len(),
        6
    );

    let stored = w
        .store
        .assessments(Some((OnderwerpSoort::Project, &PROJECT.parse().unwrap())))
        .unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].beoordeling.gemiddelde(), Some(4.0));
    assert_eq!(stored[1].beoordeling.beoordelaar.as_str(), "team-ii");
    assert_eq!(stored[1].beoordeling.datum.to_string(), "2026-03-01");
}

#[test]
fn judgements_the_rules_refuse_are_named_field_by_field_and_nothing_is_written() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let mut oordelen = rocket_oordelen(3);
    oordelen.truncate(4); // E and T missing
    oordelen[0].score = Some(7);
    oordelen[1] = oordeel("rocket-x", Some(2), "onbekend principe");
    oordelen[2] = oordeel("baten", Some(2), "een kernelement");
    oordelen[3] = oordeel("rocket-k", None, "geen score");
    let nieuw = NieuweBeoordeling {
        oordelen,
        ..rocket_beoordeling(PROJECT, 3)
    };
    let e = gemeten_app::beoordelen(&mut w.store, &w.register, &admin, nieuw).unwrap_err();
    let p = e.problemen().expect("refused input");
    let fields: Vec<_> = p.0.iter().map(|x| x.field().unwrap().to_owned()).collect();
    assert_eq!(
        fields,
        [
            "oordelen[0].score",
            "oordelen[1].maatstaf",
            "oordelen[2].maatstaf",
            "oordelen[3].score",
            "oordelen"
        ]
    );
    assert_eq!(
        p.0[0].reden(Lang::Nl),
        "score 7 van 'rocket-r' ligt niet tussen 1 en 5"
    );
    assert_eq!(
        p.0[0].reden(Lang::En),
        "score 7 of 'rocket-r' is outside 1-5"
    );
    assert_eq!(
        p.0[2].reden(Lang::En),
        "'baten' belongs to the core elements, not to the ROCKET principles"
    );
    // O and C were replaced by wrong principles; E and T were left out.
    assert_eq!(
        p.0[4].reden(Lang::Nl),
        "de beoordeling op de ROCKET-principes mist: rocket-o, rocket-c, rocket-e, rocket-t"
    );
    assert_eq!(inhoud(&w.store), before);
    assert_eq!(
        w.store.audit_log().unwrap().len(),
        n,
        "a refused input is no entry"
    );

    // An unknown subject is not found, naming the field.
    let nieuw = rocket_beoordeling("bestaat-niet", 3);
    let e = gemeten_app::beoordelen(&mut w.store, &w.register, &admin, nieuw).unwrap_err();
    assert!(
        matches!(&e, AppFout::NietGevonden(p) if p.field() == Some("onderwerp")),
        "{e:?}"
    );
}

#[test]
fn an_innovation_is_assessed_on_the_nine_kernelementen() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let kern: Vec<_> = w
        .register
        .parts()
        .maatstaf
        .iter()
        .filter(|m| m.kader == Kader::Kernelement)
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(kern.len(), 9);
    let innovatie = w.register.parts().innovatie[0].id.clone();
    let oordelen = kern
        .iter()
        .map(|k| Oordeel {
            maatstaf: k.clone(),
            score: None,
            oordeel: Some("voldoet deels".parse().unwrap()),
            toelichting: "volgens de interviews van 002".parse().unwrap(),
        })
        .collect();
    let nieuw = NieuweBeoordeling {
        soort: OnderwerpSoort::Innovatie,
        onderwerp: innovatie.clone(),
        kader: Kader::Kernelement,
        oordelen,
        datum: None,
    };
    gemeten_app::beoordelen(&mut w.store, &w.register, &admin, nieuw).unwrap();
    let stored = w
        .store
        .assessments(Some((OnderwerpSoort::Innovatie, &innovatie)))
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].beoordeling.gemiddelde(),
        None,
        "judgements only, no scores"
    );
}

#[test]
fn a_call_requirement_on_an_unknown_target_is_refused_naming_the_field() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let mut o = oproep("oproep-x");
    o.requires_target = Some("C-bestaat-niet".parse().unwrap());
    let e = gemeten_app::oproep_aanmaken(&mut w.store, &w.register, &admin, o).unwrap_err();
    assert_eq!(
        e.problemen().and_then(|p| p.field()),
        Some("requires_target"),
        "{e:?}"
    );
    assert!(w.store.calls().unwrap().is_empty());

    let mut o = oproep("oproep-x");
    o.closes = "2025-12-31".parse().unwrap();
    let e = gemeten_app::oproep_aanmaken(&mut w.store, &w.register, &admin, o).unwrap_err();
    assert_eq!(e.problemen().and_then(|p| p.field()), Some("closes"));

    gemeten_app::oproep_aanmaken(&mut w.store, &w.register, &admin, oproep("oproep-x")).unwrap();
    let e = gemeten_app::oproep_aanmaken(&mut w.store, &w.register, &admin, oproep("oproep-x"))
        .unwrap_err();
    assert!(matches!(e, AppFout::Bestaat(_)), "{e:?}");
}

#[test]
fn a_project_list_without_what_the_call_requires_is_refused_with_the_reason() {
    let mut w = wereld();
    let admin = w.admin.clone();
    gemeten_app::oproep_aanmaken(&mut w.store, &w.register, &admin, oproep("oproep-1")).unwrap();
    let csv = String::from_utf8(PROJECTEN.to_vec())
        .unwrap()
        .replace("vb-", "op-");
    let projects =
        gemeten_interchange::read_projects(csv.as_bytes(), "oproep.csv", &w.register).unwrap();
    let (a, b) = (projects[0].id.clone(), projects[1].id.clone());
    // The first project brings both; the second only a contribution; the rest nothing.
    let aanvragen = vec![
        Aanvraag {
            project: a.clone(),
            rocket: rocket_oordelen(4),
            bijdragen: vec![GesteldeBijdrage {
                doel: "C-ses-verschil".parse().unwrap(),
                toelichting: "werft in wijken met een lage SEP".parse().unwrap(),
            }],
        },
        Aanvraag {
            project: b.clone(),
            rocket: Vec::new(),
            bijdragen: vec![GesteldeBijdrage {
                doel: "C-ses-verschil".parse().unwrap(),
                toelichting: "richt zich op laaggeletterden".parse().unwrap(),
            }],
        },
    ];
    let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let call = "oproep-1".parse().unwrap();
    let e = gemeten_app::import_into_call(
        &mut w.store,
        &w.register,
        &admin,
        &call,
        "oproep.csv",
        gemeten_app::Inzending {
            projects: &projects,
            aanvragen: &aanvragen,
        },
        false,
    )
    .unwrap_err();
    let p = e.problemen().expect("refused input");
    // b lacks the self-assessment; every other project lacks both.
    assert_eq!(
        p.0.len(),
        1 + 2 * (projects.len() - 2),
        "{}",
        p.tekst(Lang::Nl)
    );
    assert_eq!(p.0[0].field(), Some("rocket"));
    assert_eq!(
        p.0[0].reden(Lang::Nl),
        format!(
            "oproep 'oproep-1' vraagt een ROCKET-zelfbeoordeling en project '{b}' heeft er geen"
        )
    );
    assert_eq!(
        p.0[2].reden(Lang::En),
        format!(
            "call 'oproep-1' requires a stated contribution to target 'C-ses-verschil' and project '{}' states none",
            projects[2].id
        )
    );
    assert!(
        p.tekst(Lang::Nl).contains(&format!("record {b}"))
            || p.0[0].plek(Lang::Nl).contains(b.as_str()),
        "{}",
        p.0[0].plek(Lang::Nl)
    );
    assert_eq!(inhoud(&w.store), before, "nothing written");
    assert_eq!(w.store.audit_log().unwrap().len(), n);

    // With only the complete application, the import lands with its self-assessment and
    // contribution, in one audit entry.
    let t = gemeten_app::import_into_call(
        &mut w.store,
        &w.register,
        &admin,
        &call,
        "oproep.csv",
        gemeten_app::Inzending {
            projects: &projects[..1],
            aanvragen: &aanvragen[..1],
        },
        false,
    )
    .unwrap();
    assert_eq!(t.added, 1);
    let new = new_entries(&w.store, n);
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].action, "projecten geïmporteerd");
    let after = new[0].after.as_ref().unwrap();
    assert_eq!(
        (
            after["oproep"].as_str(),
            after["self_assessments"].as_u64(),
            after["contributions"].as_u64()
        ),
        (Some("oproep-1"), Some(1), Some(1))
    );
    let stored = w
        .store
        .assessments(Some((OnderwerpSoort::Project, &a)))
        .unwrap();
    assert!(stored[0].beoordeling.zelfbeoordeling);
    assert_eq!(
        stored[0].beoordeling.oproep.as_ref().map(|x| x.as_str()),
        Some("oproep-1")
    );
    assert_eq!(w.store.contributions().unwrap().len(), 1);
    assert!(w.store.project(&a).unwrap().is_some());
}
