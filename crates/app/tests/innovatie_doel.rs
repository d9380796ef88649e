//! An innovation's targets (issue 12, item 6): linked by a use case with its role check
//! (administrator, or the mission team of one of the innovation's missions), its validation
//! (a target of one of the innovation's missions or of the central mission, not linked yet)
//! and its audit entry; a refusal names the field, in Dutch and English, and writes nothing.

mod common;

use common::{account, inhoud, new_entries, wereld};
use gemeten_app::AppFout;
use gemeten_domain::{Id, Lang, MissieCode, Taak};
use gemeten_store::AccountStore;

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

/// cva-portaal is an innovation of mission II (002).
const INNOVATIE: &str = "cva-portaal";

#[test]
fn a_target_of_the_innovations_mission_or_the_central_mission_is_linked_with_one_entry() {
    let mut w = wereld();
    let team2 = account(
        "team2",
        Taak::Missieteam {
            missie: MissieCode::II,
        },
    );
    let n = w.store.audit_log().unwrap().len();
    gemeten_app::innovatie_doel_koppelen(
        &mut w.store,
        &w.register,
        &team2,
        &id(INNOVATIE),
        &id("II-zorg-in-leefomgeving"),
    )
    .unwrap();
    // The central mission's targets are every mission's.
    gemeten_app::innovatie_doel_koppelen(
        &mut w.store,
        &w.register,
        &w.admin.clone(),
        &id(INNOVATIE),
        &id("C-gezonde-levensjaren"),
    )
    .unwrap();
    let links = w
        .store
        .innovation_targets(Some(&id(INNOVATIE)), None)
        .unwrap();
    let doelen: Vec<&str> = links.iter().map(|l| l.doel.as_str()).collect();
    assert_eq!(doelen, ["C-gezonde-levensjaren", "II-zorg-in-leefomgeving"]);
    assert_eq!(links[1].door, "team2");
    let by_target = w
        .store
        .innovation_targets(None, Some(&id("II-zorg-in-leefomgeving")))
        .unwrap();
    assert_eq!(by_target.len(), 1);
    assert_eq!(by_target[0].innovatie.as_str(), INNOVATIE);

    let new = new_entries(&w.store, n);
    // Newest first.
    assert_eq!(new.len(), 2, "{new:?}");
    assert_eq!(new[1].action, "innovatie aan doel gekoppeld");
    assert_eq!(new[1].by, "team2");
    assert_eq!(new[1].object, format!("innovatie {INNOVATIE}"));
    assert_eq!(
        new[0].before.as_ref().unwrap()["doelen"],
        serde_json::json!(["II-zorg-in-leefomgeving"])
    );
    assert_eq!(
        new[0].after.as_ref().unwrap()["doelen"],
        serde_json::json!(["C-gezonde-levensjaren", "II-zorg-in-leefomgeving"])
    );
}

/// Runs a refused link and checks nothing but (for a role) the refusal's own entry was written.
fn refused(w: &mut common::Wereld, who: &gemeten_domain::Account, i: &str, d: &str) -> AppFout {
    let (content, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let e = gemeten_app::innovatie_doel_koppelen(&mut w.store, &w.register, who, &id(i), &id(d))
        .unwrap_err();
    assert_eq!(inhoud(&w.store), content, "{i} → {d}: nothing written");
    let new = new_entries(&w.store, n);
    match &e {
        AppFout::Verboden { .. } => {
            assert_eq!(new.len(), 1, "{new:?}");
            assert_eq!(new[0].action, "geweigerd: innovatie aan doel gekoppeld");
        }
        _ => assert!(new.is_empty(), "{new:?}"),
    }
    e
}

#[test]
fn refusals_name_the_field_in_both_languages_and_write_nothing() {
    let mut w = wereld();
    let admin = w.admin.clone();

    // A target of a mission the innovation is not linked to.
    let e = refused(&mut w, &admin, INNOVATIE, "I-ziektelast");
    let p = e.problemen().expect("refused input");
    assert_eq!(p.0[0].field(), Some("doel"));
    assert!(e.tekst(Lang::Nl).contains("hoort bij missie I"), "{e}");
    assert!(e.tekst(Lang::Nl).contains("de innovatie"), "{e}");
    assert!(e.tekst(Lang::En).contains("belongs to mission I"), "{e:?}");

    // A target not in the register.
    let e = refused(&mut w, &admin, INNOVATIE, "geen-doel");
    assert_eq!(e.problemen().unwrap().0[0].field(), Some("doel"));
    assert!(e.tekst(Lang::En).contains("geen-doel"), "{e:?}");

    // An innovation not in the register: 404 naming `innovatie`.
    let e = refused(&mut w, &admin, "geen-innovatie", "C-gezonde-levensjaren");
    match &e {
        AppFout::NietGevonden(p) => assert_eq!(p.field(), Some("innovatie")),
        e => panic!("{e:?}"),
    }

    // The same target twice.
    gemeten_app::innovatie_doel_koppelen(
        &mut w.store,
        &w.register,
        &admin,
        &id(INNOVATIE),
        &id("C-ses-verschil"),
    )
    .unwrap();
    let e = refused(&mut w, &admin, INNOVATIE, "C-ses-verschil");
    assert_eq!(e.problemen().unwrap().0[0].field(), Some("doel"));
    assert!(e.tekst(Lang::Nl).contains("al aan doel"), "{e}");
    assert!(e.tekst(Lang::En).contains("already"), "{e:?}");

    // A reader, and the mission team of another mission: refused and recorded.
    let lezer = w.lezer.clone();
    let e = refused(&mut w, &lezer, INNOVATIE, "II-zorg-in-leefomgeving");
    assert!(matches!(e, AppFout::Verboden { .. }), "{e:?}");
    let team5 = account(
        "team5",
        Taak::Missieteam {
            missie: MissieCode::V,
        },
    );
    let e = refused(&mut w, &team5, INNOVATIE, "II-zorg-in-leefomgeving");
    assert!(matches!(e, AppFout::Verboden { .. }), "{e:?}");
    assert!(e.tekst(Lang::En).contains("mission team"), "{e:?}");
}

/// Who may link may take a link back: one entry with the targets before and after, and the
/// other links stay. Taking back a link that is not there names `doel`; a reader and another
/// mission's team are refused and recorded; none of it writes anything.
#[test]
fn a_link_is_taken_back_by_who_may_link_with_one_entry() {
    let mut w = wereld();
    let admin = w.admin.clone();
    for d in ["C-gezonde-levensjaren", "II-zorg-in-leefomgeving"] {
        gemeten_app::innovatie_doel_koppelen(
            &mut w.store,
            &w.register,
            &admin,
            &id(INNOVATIE),
            &id(d),
        )
        .unwrap();
    }
    let team2 = account(
        "team2",
        Taak::Missieteam {
            missie: MissieCode::II,
        },
    );
    let n = w.store.audit_log().unwrap().len();
    gemeten_app::innovatie_doel_ontkoppelen(
        &mut w.store,
        &w.register,
        &team2,
        &id(INNOVATIE),
        &id("II-zorg-in-leefomgeving"),
    )
    .unwrap();
    let links = w
        .store
        .innovation_targets(Some(&id(INNOVATIE)), None)
        .unwrap();
    let doelen: Vec<&str> = links.iter().map(|l| l.doel.as_str()).collect();
    assert_eq!(doelen, ["C-gezonde-levensjaren"]);
    let new = new_entries(&w.store, n);
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].action, "innovatie van doel ontkoppeld");
    assert_eq!(new[0].by, "team2");
    assert_eq!(
        new[0].before.as_ref().unwrap()["doelen"],
        serde_json::json!(["C-gezonde-levensjaren", "II-zorg-in-leefomgeving"])
    );
    assert_eq!(
        new[0].after.as_ref().unwrap()["doelen"],
        serde_json::json!(["C-gezonde-levensjaren"])
    );

    let weigering = |w: &mut common::Wereld, who: &gemeten_domain::Account, d: &str| {
        let (content, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
        let e = gemeten_app::innovatie_doel_ontkoppelen(
            &mut w.store,
            &w.register,
            who,
            &id(INNOVATIE),
            &id(d),
        )
        .unwrap_err();
        assert_eq!(inhoud(&w.store), content, "{d}: nothing written");
        let new = new_entries(&w.store, n);
        if matches!(e, AppFout::Verboden { .. }) {
            assert_eq!(new.len(), 1, "{new:?}");
            assert_eq!(new[0].action, "geweigerd: innovatie van doel ontkoppeld");
        } else {
            assert!(new.is_empty(), "{new:?}");
        }
        e
    };
    // Not linked (any more).
    let e = weigering(&mut w, &admin, "II-zorg-in-leefomgeving");
    assert_eq!(e.problemen().unwrap().0[0].field(), Some("doel"));
    assert!(e.tekst(Lang::Nl).contains("niet aan doel"), "{e}");
    assert!(e.tekst(Lang::En).contains("not linked"), "{e:?}");
    // A reader, and another mission's team.
    let lezer = w.lezer.clone();
    let e = weigering(&mut w, &lezer, "C-gezonde-levensjaren");
    assert!(matches!(e, AppFout::Verboden { .. }), "{e:?}");
    let team5 = account(
        "team5",
        Taak::Missieteam {
            missie: MissieCode::V,
        },
    );
    let e = weigering(&mut w, &team5, "C-gezonde-levensjaren");
    assert!(e.tekst(Lang::En).contains("unlink"), "{e:?}");
}
