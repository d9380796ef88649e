//! Input checked against what is stored — a ballot against its round and the ballots before
//! it, a result against the ballots, an activity update against the activity's history,
//! reports against the periods and reports stored — is refused by the use case: nothing is
//! written, and (a refusal of input, not of a role) nothing is recorded. The store itself
//! knows none of these rules; it writes what it is given, as the last test shows. On SQLite
//! in memory, or with `GEMETEN_TEST_DB=postgres` on a fresh PostgreSQL database.

mod common;

use common::{inhoud, wereld, Wereld, ACTIVITY, PROJECT, RAPPORTEN};
use gemeten_app::{AppFout, Herspelen};
use gemeten_domain::{Account, Id, Lang};
use gemeten_monitoring::{
    ActiviteitUpdate, Bekend, Datum, MijlpaalGereed, NieuweMijlpaal, Periode, Rapport, RapportCheck,
};
use gemeten_prioritering::{uitslag, Keuze, Methode, Stembiljet};
use gemeten_store::{AccountStore, Beoordeling, RondeStore};

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

/// Runs `doe` and checks that it is refused as `expected` says, with nothing written and
/// nothing recorded.
fn refused(
    w: &mut Wereld,
    doe: impl FnOnce(&mut Wereld, &Account) -> Result<(), AppFout>,
) -> AppFout {
    let admin = w.admin.clone();
    let (content, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let e = doe(w, &admin).expect_err("refused");
    assert_eq!(inhoud(&w.store), content, "nothing written: {e:?}");
    assert_eq!(
        w.store.audit_log().unwrap().len(),
        n,
        "nothing recorded: {e:?}"
    );
    e
}

/// The problems of a refusal of monitoring input, one line each, in English; each also has
/// a Dutch text of its own.
fn problems(e: AppFout) -> Vec<String> {
    match e {
        AppFout::Ongeldig(p) => {
            for q in &p.0 {
                assert_ne!(q.reason.nl, q.reason.en, "not translated: {q:?}");
            }
            p.regels(Lang::En)
        }
        e => panic!("not a list of problems: {e:?}"),
    }
}

#[test]
fn a_ballot_the_ballot_box_refuses_is_refused_by_the_use_case() {
    let mut w = wereld();
    let r = id("002-II");
    let e = refused(&mut w, |w, admin| {
        let keuze = Keuze::Top(vec![id("onbekend")]);
        gemeten_app::cast_ballot(&mut w.store, admin, &r, Some(&id("pharos")), keuze).map(|_| ())
    });
    match e {
        AppFout::Ongeldig(p) => {
            assert_eq!(p.field(), Some("top"));
            let (nl, en) = (p.tekst(Lang::Nl), p.tekst(Lang::En));
            assert!(
                en.contains("'onbekend' is not a candidate of this round"),
                "{en}"
            );
            assert!(
                nl.contains("'onbekend' is geen kandidaat van deze ronde"),
                "{nl}"
            );
        }
        e => panic!("{e:?}"),
    }
    let e = refused(&mut w, |w, admin| {
        let keuze = Keuze::Top(vec![id("cva-portaal")]);
        gemeten_app::cast_ballot(&mut w.store, admin, &r, Some(&id("eve")), keuze).map(|_| ())
    });
    assert_eq!(
        e.problemen().and_then(|p| p.field()),
        Some("participant"),
        "{e:?}"
    );
}

#[test]
fn a_result_the_stored_ballots_do_not_give_is_refused_by_the_use_case() {
    let mut w = wereld();
    let mut other = w.store.load_round(&id("002-II")).unwrap().unwrap();
    other
        .add(Stembiljet {
            deelnemer: id("vws-1"),
            keuze: Keuze::Top(vec![id("monitoring-fotonische-detectie")]),
            replaces: true,
            illustratief: false,
            cast_at: None,
        })
        .unwrap();
    let result = uitslag(&other, Methode::Borda);
    let e = refused(&mut w, |w, admin| {
        gemeten_app::store_result(&mut w.store, admin, &result)
    });
    match e {
        AppFout::Ongeldig(p) => {
            assert_eq!(p.field(), Some("body"));
            let (nl, en) = (p.tekst(Lang::Nl), p.tekst(Lang::En));
            assert!(en.contains("the ballots now give another result"), "{en}");
            assert!(
                nl.contains("de stembiljetten geven nu een andere uitslag"),
                "{nl}"
            );
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn an_activity_update_its_history_refuses_is_refused_by_the_use_case() {
    let mut w = wereld();
    let (admin, register) = (w.admin.clone(), w.register.clone());
    let a = id(ACTIVITY);
    let milestone = |title: &str| NieuweMijlpaal {
        title: title.parse().unwrap(),
        due: "2026-06-30".parse().unwrap(),
    };
    let first = ActiviteitUpdate {
        milestones: vec![milestone("Pilot gestart")],
        ..ActiviteitUpdate::default()
    };
    gemeten_app::update_activity(&mut w.store, &register, &admin, &a, &first).unwrap();

    // Each refusal depends on what is stored: the milestone exists, or is not known.
    let again = first.clone();
    let e = refused(&mut w, |w, admin| {
        gemeten_app::update_activity(&mut w.store, &register, admin, &a, &again).map(|_| ())
    });
    let e = problems(e);
    assert!(
        e[0].contains("milestone 'Pilot gestart' exists already"),
        "{e:?}"
    );
    let done = ActiviteitUpdate {
        done: vec![MijlpaalGereed {
            title: "Eindrapport".parse().unwrap(),
            on: "2026-01-10".parse().unwrap(),
        }],
        owner: Some(id("pharos")),
        ..ActiviteitUpdate::default()
    };
    let e = refused(&mut w, |w, admin| {
        gemeten_app::update_activity(&mut w.store, &register, admin, &a, &done).map(|_| ())
    });
    let e = problems(e);
    assert_eq!(e.len(), 2, "every problem: {e:?}");
    assert!(e[0].contains("not among its initiators"), "{e:?}");
    assert!(
        e[1].contains("no milestone 'Eindrapport' (known: Pilot gestart)"),
        "{e:?}"
    );
}

fn rapport(project: &str, period: &str) -> Rapport {
    let v: serde_json::Value = serde_json::from_str(RAPPORTEN).unwrap();
    let mut r = v["reports"][0].clone();
    r["project"] = project.into();
    r["period"] = period.into();
    let bekend = Bekend::default();
    Rapport::check(&r, "#1", &bekend).unwrap()
}

fn open_2025(w: &mut Wereld) {
    let admin = w.admin.clone();
    let p = Periode {
        id: "2025".parse().unwrap(),
        due: "2026-03-01".parse().unwrap(),
        closed: false,
    };
    gemeten_app::add_period(&mut w.store, &admin, &p).unwrap();
    let e = refused(w, |w, admin| {
        gemeten_app::add_period(&mut w.store, admin, &p)
    });
    assert_eq!(problems(e), ["field `id`: period 2025 exists already"]);
}

#[test]
fn reports_are_refused_for_unknown_projects_and_closed_or_unknown_periods() {
    let mut w = wereld();
    open_2025(&mut w);
    let on: Datum = "2026-01-10".parse().unwrap();
    let batch = [
        ("f #1".to_owned(), rapport("zz", "2025")),
        ("f #2".to_owned(), rapport(PROJECT, "2024")),
    ];
    let e = refused(&mut w, |w, admin| {
        gemeten_app::submit_reports(&mut w.store, admin, &batch, on, false).map(|_| ())
    });
    let e = problems(e);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].contains("no project 'zz'") && e[1].contains("no reporting period"));
    let admin = w.admin.clone();
    gemeten_app::close_period(&mut w.store, &admin, &"2025".parse().unwrap()).unwrap();
    let one = [("f #1".to_owned(), rapport(PROJECT, "2025"))];
    let e = refused(&mut w, |w, admin| {
        gemeten_app::submit_reports(&mut w.store, admin, &one, on, false).map(|_| ())
    });
    assert!(problems(e)[0].contains("is closed"));
}

#[test]
fn a_second_report_is_refused_unless_it_replaces_a_rejected_one_and_reviews_follow_the_status() {
    let mut w = wereld();
    open_2025(&mut w);
    let admin = w.admin.clone();
    let on: Datum = "2026-01-10".parse().unwrap();
    let r = [("f #1".to_owned(), rapport(PROJECT, "2025"))];
    gemeten_app::submit_reports(&mut w.store, &admin, &r, on, false).unwrap();
    let e = refused(&mut w, |w, admin| {
        gemeten_app::submit_reports(&mut w.store, admin, &r, on, false).map(|_| ())
    });
    assert!(problems(e)[0].contains("already reported"));
    let e = refused(&mut w, |w, admin| {
        gemeten_app::submit_reports(&mut w.store, admin, &r, on, true).map(|_| ())
    });
    assert!(problems(e)[0].contains("only a rejected report"));
    let (p, t) = (id(PROJECT), "2025".parse().unwrap());
    let e = refused(&mut w, |w, admin| {
        let blank = Beoordeling::Afwijzen(" ".into());
        gemeten_app::review_report(&mut w.store, admin, &p, &t, &blank).map(|_| ())
    });
    assert!(problems(e)[0].contains("needs a reason"));
    let reject = Beoordeling::Afwijzen("fte ontbreekt".into());
    gemeten_app::review_report(&mut w.store, &admin, &p, &t, &reject).unwrap();
    let e = refused(&mut w, |w, admin| {
        gemeten_app::submit_reports(&mut w.store, admin, &r, on, false).map(|_| ())
    });
    assert!(problems(e)[0].contains("--replace"));
    gemeten_app::submit_reports(&mut w.store, &admin, &r, on, true).unwrap();
    gemeten_app::review_report(&mut w.store, &admin, &p, &t, &Beoordeling::Goedkeuren).unwrap();
    let e = refused(&mut w, |w, admin| {
        gemeten_app::review_report(&mut w.store, admin, &p, &t, &Beoordeling::Goedkeuren)
            .map(|_| ())
    });
    assert!(problems(e)[0].contains("already goedgekeurd"));
}

/// The rules are the use cases', not the store's: the store writes a ballot for a candidate
/// the round does not have, if asked. (Before the rules moved, the store refused it.)
#[test]
fn the_store_writes_what_it_is_given() {
    let mut w = wereld();
    let r = id(gemeten_app::PRACTICE_ROUND);
    let ballot = Stembiljet {
        deelnemer: id("admin"),
        keuze: Keuze::Top(vec![id("onbekend")]),
        replaces: false,
        illustratief: false,
        cast_at: None,
    };
    assert_eq!(w.store.add_ballot(&r, &ballot).unwrap(), 1);
    // Read through the rules, the stored history no longer holds.
    let e = w.store.load_round(&r).unwrap_err();
    assert!(
        e.to_string().contains("'onbekend' is not a candidate"),
        "{e}"
    );
}
