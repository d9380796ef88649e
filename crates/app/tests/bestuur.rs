//! Governance (issue 12, item 4): a body's meeting with its decisions and actions as a use
//! case with its role check, validation and audit entry; an action pointing at nothing is
//! refused naming the field, and nothing is written.

mod common;

use common::{account, inhoud, new_entries, vergadering, wereld, PROJECT};
use gemeten_app::AppFout;
use gemeten_domain::{ActieStatus, Lang, MissieCode, Taak};
use gemeten_store::AccountStore;

#[test]
fn a_meeting_is_stored_with_its_actions_and_one_audit_entry() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let n = w.store.audit_log().unwrap().len();
    let id = gemeten_app::vergadering_vastleggen(
        &mut w.store,
        &w.register,
        &admin,
        vergadering("kernteam"),
    )
    .unwrap();
    let stored = w
        .store
        .meetings(Some(&"kernteam".parse().unwrap()))
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, id);
    assert_eq!(stored[0].vergadering, vergadering("kernteam"));
    assert_eq!(stored[0].vergadering.acties[0].status, ActieStatus::Open);
    let new = new_entries(&w.store, n);
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].action, "vergadering vastgelegd");
    assert_eq!(new[0].object, format!("vergadering {id}"));
    assert!(w
        .store
        .meetings(Some(&"themateam".parse().unwrap()))
        .unwrap()
        .is_empty());

    // The action's status: changed once with its entry, then unchanged without one.
    let actie = stored[0].actie_ids[0];
    let n = w.store.audit_log().unwrap().len();
    gemeten_app::actie_bijwerken(&mut w.store, &admin, actie, ActieStatus::Gereed).unwrap();
    gemeten_app::actie_bijwerken(&mut w.store, &admin, actie, ActieStatus::Gereed).unwrap();
    let new = new_entries(&w.store, n);
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].action, "actie bijgewerkt");
    assert_eq!(
        w.store.meetings(None).unwrap()[0].vergadering.acties[0].status,
        ActieStatus::Gereed
    );
    let e =
        gemeten_app::actie_bijwerken(&mut w.store, &admin, 9999, ActieStatus::Open).unwrap_err();
    assert!(matches!(e, AppFout::NietGevonden(_)), "{e:?}");
}

#[test]
fn an_action_linked_to_nothing_that_exists_is_refused_naming_each_field_and_nothing_is_written() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let mut v = vergadering("themateam");
    v.acties[0].activiteiten = vec!["000-INT-1".parse().unwrap(), "000-XX-9".parse().unwrap()];
    v.acties[0].kpis = vec!["geen_kpi".parse().unwrap()];
    v.acties[0].projecten = vec!["geen-project".parse().unwrap()];
    let mut zonder = v.acties[0].clone();
    zonder.activiteiten.clear();
    zonder.kpis.clear();
    zonder.projecten.clear();
    let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());

    // An action without any link: refused by the meeting's own rule first.
    let mut alleen = vergadering("themateam");
    alleen.acties.push(zonder);
    let e =
        gemeten_app::vergadering_vastleggen(&mut w.store, &w.register, &admin, alleen).unwrap_err();
    let AppFout::Ongeldig(p) = e else {
        panic!("{e:?}")
    };
    assert_eq!(p.0.len(), 1);
    assert_eq!(p.0[0].field(), Some("acties[1]"));

    // Links to nothing: every one named.
    let e = gemeten_app::vergadering_vastleggen(&mut w.store, &w.register, &admin, v).unwrap_err();
    let AppFout::Ongeldig(p) = e else {
        panic!("{e:?}")
    };
    let fields: Vec<_> = p.0.iter().map(|x| x.field().unwrap_or("")).collect();
    assert_eq!(
        fields,
        [
            "acties[0].activiteiten[1]",
            "acties[0].kpis[0]",
            "acties[0].projecten[0]"
        ]
    );
    assert!(p.0[0].reden(Lang::Nl).contains("'000-XX-9' bestaat niet"));
    assert!(p.0[2]
        .reden(Lang::En)
        .contains("project 'geen-project' does not exist"));

    // An unknown body, and Missieteam V, which is still to be installed.
    for (orgaan, why) in [
        ("geen-orgaan", "bestaat niet"),
        ("missieteam-v", "nog niet geïnstalleerd"),
    ] {
        let e = gemeten_app::vergadering_vastleggen(
            &mut w.store,
            &w.register,
            &admin,
            vergadering(orgaan),
        )
        .unwrap_err();
        let AppFout::Ongeldig(p) = e else {
            panic!("{e:?}")
        };
        assert_eq!(p.0[0].field(), Some("orgaan"));
        assert!(p.0[0].reden(Lang::Nl).contains(why), "{p:?}");
    }
    assert_eq!(inhoud(&w.store), before, "nothing written");
    assert_eq!(
        w.store.audit_log().unwrap().len(),
        n,
        "rule refusals leave no entry"
    );
}

#[test]
fn a_mission_team_records_its_own_teams_meetings_only_and_a_refusal_is_recorded() {
    let mut w = wereld();
    let team_ii = account(
        "team-ii",
        Taak::Missieteam {
            missie: MissieCode::II,
        },
    );
    w.store.create_user(&team_ii, common::PASSWORD).unwrap();
    let lezer = w.lezer.clone();
    for (who, orgaan) in [
        (&team_ii, "kernteam"),
        (&team_ii, "missieteam-iii"),
        (&lezer, "missieteam-ii"),
    ] {
        let (before, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
        let e = gemeten_app::vergadering_vastleggen(
            &mut w.store,
            &w.register,
            who,
            vergadering(orgaan),
        )
        .unwrap_err();
        assert!(matches!(e, AppFout::Verboden { .. }), "{e:?}");
        assert_eq!(inhoud(&w.store), before);
        let new = new_entries(&w.store, n);
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].action, "geweigerd: vergadering vastgelegd");
        assert_eq!(new[0].by, who.username.as_str());
    }
    let id = gemeten_app::vergadering_vastleggen(
        &mut w.store,
        &w.register,
        &team_ii,
        vergadering("missieteam-ii"),
    )
    .unwrap();
    let m = w.store.meetings(None).unwrap();
    assert_eq!((m.len(), m[0].id), (1, id));
    assert_eq!(m[0].vergadering.acties[0].projecten[0], PROJECT);
}
