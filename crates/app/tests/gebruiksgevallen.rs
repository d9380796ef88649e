//! Every use case of the application core, enumerated from [`Handeling::ALL`]: run by a user
//! whose role allows it, it writes exactly one audit entry — its action, by that user, with
//! the object before and after as the use case says; tried first by a reader (`publiek`), it
//! changes nothing and writes exactly one `geweigerd: …` entry by the reader. A new use case
//! must be added to `run` (the match has no catch-all) and so to this test. On SQLite in
//! memory, or with `GEMETEN_TEST_DB=postgres` on a fresh PostgreSQL database.

mod common;

use std::collections::BTreeSet;

use common::{
    account, inhoud, new_entries, wereld, Wereld, ACTIVITY, PASSWORD, PROJECT, PROJECTEN, RAPPORTEN,
};
use gemeten_app::{
    AppFout, GebruikerWijziging, GepubliceerdBestand, Geschreven, Handeling, Herspelen, Inlogd,
    NieuwWachtwoord, NieuweGebruiker, ProjectPatch, PublicatieSoort, SYSTEEM,
};
use gemeten_domain::{Account, ActiviteitStatus, Id, Lang, Taak};
use gemeten_monitoring::{ActiviteitUpdate, Bekend, Periode, Rapport, RapportCheck};
use gemeten_prioritering::{uitslag, Keuze, Methode};
use gemeten_store::{AccountStore, ProjectStore};

/// Runs use case `h` as `who`.
fn run(h: Handeling, w: &mut Wereld, who: &Account) -> Result<(), AppFout> {
    let (s, register) = (&mut w.store, &w.register);
    let id = |x: &str| x.parse::<Id>().unwrap();
    match h {
        Handeling::RegisterGezaaid | Handeling::InstellingVastleggen => {
            // Done by gemeten itself on a first start; checked in their own tests below.
            unreachable!("not run by a user")
        }
        Handeling::RegisterVervangen => {
            gemeten_app::import_register(s, who, register, "test", &[], false)
        }
        Handeling::ProjectBijwerken => {
            let patch = ProjectPatch::from_json(serde_json::json!({ "trl": 8 }))?;
            gemeten_app::change_project(s, register, who, &id(PROJECT), &patch).map(|_| ())
        }
        Handeling::ProjectenImporteren => {
            let projects =
                gemeten_interchange::read_projects(PROJECTEN, "projecten.csv", register).unwrap();
            gemeten_app::import_projects(s, register, who, "projecten.csv", &projects, true)
                .map(|_| ())
        }
        Handeling::WaarnemingenImporteren => {
            let cat = gemeten_indicators::Catalogus::standaard().unwrap();
            let obs = gemeten_indicators::read_observations_text(
                "kpi,period,region,value\ngezonde_levensverwachting,2019,NL01,63.5\n",
                "test.csv",
                &cat,
            )
            .unwrap();
            gemeten_app::import_observations(s, who, "test.csv", &obs, false).map(|_| ())
        }
        Handeling::RondeAanmaken => {
            let mut parts = gemeten_app::oefenronde(register).unwrap().parts().clone();
            parts.id = id("nieuwe-ronde");
            gemeten_app::create_round(s, register, who, parts).map(|_| ())
        }
        Handeling::StembiljetUitbrengen => {
            let bus = s
                .load_round(&id(gemeten_app::PRACTICE_ROUND))
                .unwrap()
                .unwrap();
            let k = bus.ronde().kandidaten()[0].clone();
            gemeten_app::cast_ballot(
                s,
                who,
                bus.ronde().id(),
                Some(&id("admin")),
                Keuze::Top(vec![k]),
            )
            .map(|_| ())
        }
        Handeling::UitslagOpslaan => {
            let bus = s.load_round(&id("002-II")).unwrap().unwrap();
            gemeten_app::store_result(s, who, &uitslag(&bus, Methode::Borda))
        }
        Handeling::GebruikerAanmaken => {
            let new = NieuweGebruiker {
                username: "nieuw".into(),
                role: "missieteam".into(),
                missie: Some("III".into()),
                ..NieuweGebruiker::default()
            };
            gemeten_app::create_user(s, register, who, &new).map(|_| ())
        }
        Handeling::Inloggen => gemeten_app::inloggen(s, who.username.as_str(), PASSWORD, None, 60)
            .map(|found| assert!(matches!(found, Inlogd::Gelukt(..)), "{found:?}")),
        Handeling::InloggenMislukt => {
            gemeten_app::inloggen(s, who.username.as_str(), "niet-het-wachtwoord", None, 60)
                .map(|found| assert!(matches!(found, Inlogd::Mislukt), "{found:?}"))
        }
        Handeling::GebruikerWijzigen => {
            let w = GebruikerWijziging {
                display_name: Some("Nieuwe naam".into()),
                role: "bijdrager".into(),
                organisation: Some("RIVM".into()),
                missie: None,
            };
            gemeten_app::change_user(s, register, who, "nieuw", &w).map(|_| ())
        }
        Handeling::GebruikerUitschakelen => {
            // A session and a token to end, made only when the use case will be allowed
            // (a refusal must change nothing, so the test writes nothing before it either).
            let live = (who.role() == gemeten_domain::Rol::Admin).then(|| {
                let sessie = s.start_session("nieuw", 60).unwrap();
                (sessie.token, s.create_api_token("nieuw", "test").unwrap())
            });
            let done = gemeten_app::disable_user(s, who, "nieuw")?;
            if let Some((sessie, token)) = live {
                assert_eq!((done.sessies, done.tokens), (1, 1));
                assert!(s.session(&sessie).unwrap().is_none(), "sessions end");
                assert!(s.token_user(&token).unwrap().is_none(), "tokens revoked");
            }
            Ok(())
        }
        Handeling::GebruikerInschakelen => gemeten_app::enable_user(s, who, "nieuw"),
        Handeling::GebruikerVerwijderen => gemeten_app::delete_user(s, who, "nieuw"),
        Handeling::WachtwoordWijzigen => {
            let nieuw = NieuwWachtwoord::maak(Some("een-nieuw-wachtwoord")).unwrap();
            gemeten_app::change_password(s, who, "nieuw", &nieuw, None)
        }
        Handeling::SessiesIntrekken => gemeten_app::revoke_sessions(s, who, "nieuw").map(|_| ()),
        Handeling::Uitloggen => {
            let sessie = s.start_session(who.username.as_str(), 60).unwrap();
            gemeten_app::uitloggen(s, &sessie.token)?;
            assert!(s.session(&sessie.token).unwrap().is_none(), "ended");
            let entry = format!("{:?}", s.audit_log().unwrap()[0]);
            assert!(!entry.contains(&sessie.token), "never the token: {entry}");
            Ok(())
        }
        Handeling::Publiceren => {
            let mut wrote = false;
            let done =
                gemeten_app::publiceren(s, who, PublicatieSoort::FairPakket, "uit/fair", |_| {
                    wrote = true;
                    let file = GepubliceerdBestand {
                        path: "uit/fair/projecten.csv".into(),
                        sha256: "ab".repeat(32),
                        bytes: 10,
                    };
                    let geschreven = Geschreven {
                        bestanden: vec![file],
                        records: [("datasets".to_owned(), 1)].into(),
                    };
                    Ok::<_, std::convert::Infallible>(((), geschreven))
                });
            assert_eq!(wrote, done.is_ok(), "files are written only when allowed");
            done.map(|r| r.unwrap())
        }
        Handeling::TokenAanmaken => gemeten_app::create_token(s, who, "admin", 30).map(|_| ()),
        Handeling::TokenIntrekken => {
            let token = s.api_tokens(Some("admin")).unwrap()[0].id.clone();
            gemeten_app::revoke_token(s, who, &token)
        }
        Handeling::ActiviteitBijwerken => {
            let update = ActiviteitUpdate {
                status: Some(ActiviteitStatus::Gestart),
                ..ActiviteitUpdate::default()
            };
            gemeten_app::update_activity(s, register, who, &id(ACTIVITY), &update).map(|_| ())
        }
        Handeling::PeriodeOpenen => {
            let p = Periode {
                id: "2025".parse().unwrap(),
                due: "2026-03-01".parse().unwrap(),
                closed: false,
            };
            gemeten_app::add_period(s, who, &p)
        }
        Handeling::RapportenIndienen => {
            let v: serde_json::Value = serde_json::from_str(RAPPORTEN).unwrap();
            let bekend = Bekend {
                kia_vragen: None,
                regios: None,
            };
            let r = Rapport::check(&v["reports"][0], "#1", &bekend).unwrap();
            let today = "2026-02-01".parse().unwrap();
            gemeten_app::submit_reports(s, who, &[("#1".into(), r)], today, false).map(|_| ())
        }
        Handeling::RapportBeoordelen => gemeten_app::review_report(
            s,
            who,
            &id(PROJECT),
            &"2025".parse().unwrap(),
            &gemeten_store::Beoordeling::Goedkeuren,
        )
        .map(|_| ()),
        Handeling::PeriodeSluiten => gemeten_app::close_period(s, who, &"2025".parse().unwrap()),
        Handeling::Beoordelen => {
            let nieuw = common::rocket_beoordeling(PROJECT, 3);
            gemeten_app::beoordelen(s, register, who, nieuw).map(|_| ())
        }
        Handeling::OproepAanmaken => {
            gemeten_app::oproep_aanmaken(s, register, who, common::oproep("oproep-1")).map(|_| ())
        }
        Handeling::VergaderingVastleggen => {
            let v = common::vergadering("kernteam");
            gemeten_app::vergadering_vastleggen(s, register, who, v).map(|_| ())
        }
        Handeling::ActieBijwerken => {
            let id = s.meetings(None).unwrap()[0].actie_ids[0];
            let status = gemeten_domain::ActieStatus::Gereed;
            gemeten_app::actie_bijwerken(s, who, id, status)
        }
        Handeling::InnovatieDoelKoppelen => gemeten_app::innovatie_doel_koppelen(
            s,
            register,
            who,
            &id("cva-portaal"),
            &id("II-zorg-in-leefomgeving"),
        ),
        Handeling::InnovatieDoelOntkoppelen => gemeten_app::innovatie_doel_ontkoppelen(
            s,
            register,
            who,
            &id("cva-portaal"),
            &id("II-zorg-in-leefomgeving"),
        ),
        Handeling::KpiDefinitiesVastleggen => {
            let defs = gemeten_indicators::kpis_uit_toml(ROKEN, "roken.toml").unwrap();
            gemeten_app::kpi_definities_vastleggen(s, who, defs).map(|_| ())
        }
    }
}

/// A KPI an administrator defines, in the `[[kpi]]` form of `kpis.toml`.
const ROKEN: &str = r#"
[[kpi]]
code = "rokers_jongeren"
name_nl = "Rokende jongeren"
name_en = "Young smokers"
unit = "%"
direction = "lower"
source = "Trimbos"
breakdowns = ["sex"]
perioden = ["jaar"]
"#;

/// In an order where each use case finds what it needs (a token before it is revoked, an
/// open period before reports); whether the entry has a `before` and an `after`.
const ORDER: &[(Handeling, bool, bool)] = &[
    (Handeling::RegisterVervangen, true, true),
    (Handeling::ProjectBijwerken, true, true),
    (Handeling::ProjectenImporteren, false, true),
    (Handeling::Beoordelen, false, true),
    (Handeling::OproepAanmaken, false, true),
    (Handeling::VergaderingVastleggen, false, true),
    (Handeling::ActieBijwerken, true, true),
    (Handeling::InnovatieDoelKoppelen, true, true),
    (Handeling::InnovatieDoelOntkoppelen, true, true),
    (Handeling::WaarnemingenImporteren, false, true),
    (Handeling::RondeAanmaken, false, true),
    (Handeling::StembiljetUitbrengen, false, true),
    (Handeling::UitslagOpslaan, false, true),
    (Handeling::GebruikerAanmaken, false, true),
    (Handeling::GebruikerWijzigen, true, true),
    (Handeling::WachtwoordWijzigen, false, true),
    (Handeling::SessiesIntrekken, false, true),
    (Handeling::GebruikerUitschakelen, true, true),
    (Handeling::GebruikerInschakelen, true, true),
    (Handeling::GebruikerVerwijderen, true, true),
    (Handeling::Inloggen, false, false),
    (Handeling::InloggenMislukt, false, true),
    (Handeling::TokenAanmaken, false, true),
    (Handeling::TokenIntrekken, true, false),
    (Handeling::ActiviteitBijwerken, false, true),
    (Handeling::PeriodeOpenen, false, true),
    (Handeling::RapportenIndienen, false, true),
    (Handeling::RapportBeoordelen, false, true),
    (Handeling::PeriodeSluiten, true, true),
    (Handeling::Uitloggen, false, false),
    (Handeling::Publiceren, false, true),
    (Handeling::KpiDefinitiesVastleggen, true, true),
];

#[test]
fn every_use_case_writes_one_audit_entry_and_a_refusal_changes_nothing_but_is_recorded() {
    let covered: BTreeSet<_> = ORDER
        .iter()
        .map(|(h, ..)| h.actie())
        .chain([
            Handeling::RegisterGezaaid.actie(),
            Handeling::InstellingVastleggen.actie(),
        ])
        .collect();
    let all: BTreeSet<_> = Handeling::ALL.iter().map(|h| h.actie()).collect();
    assert_eq!(covered, all, "every use case is in ORDER");

    let mut w = wereld();
    let (admin, lezer) = (w.admin.clone(), w.lezer.clone());
    for &(h, before, after) in ORDER {
        // Logging in and out take no role; every other use case refuses a reader.
        if !matches!(
            h,
            Handeling::Inloggen | Handeling::InloggenMislukt | Handeling::Uitloggen
        ) {
            let (content, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
            let e = run(h, &mut w, &lezer).unwrap_err();
            assert!(matches!(e, AppFout::Verboden { .. }), "{h:?}: {e:?}");
            assert_eq!(
                inhoud(&w.store),
                content,
                "{h:?}: a refusal changes nothing"
            );
            let new = new_entries(&w.store, n);
            assert_eq!(new.len(), 1, "{h:?}: {new:?}");
            assert_eq!(new[0].by, "lezer");
            assert_eq!(new[0].action, h.geweigerd());
            assert!(new[0].before.is_none());
        }
        let n = w.store.audit_log().unwrap().len();
        run(h, &mut w, &admin).unwrap_or_else(|e| panic!("{h:?}: {e}"));
        let new = new_entries(&w.store, n);
        assert_eq!(new.len(), 1, "{h:?}: exactly one entry: {new:?}");
        let e = &new[0];
        // A failed login is by no one who logged in.
        let by = if h == Handeling::InloggenMislukt {
            gemeten_app::NIET_INGELOGD
        } else {
            "admin"
        };
        assert_eq!((e.by.as_str(), e.action.as_str()), (by, h.actie()), "{h:?}");
        assert_eq!(
            (e.before.is_some(), e.after.is_some()),
            (before, after),
            "{h:?}: {e:?}"
        );
        assert!(
            !format!("{e:?}").contains(PASSWORD),
            "{h:?}: no secret in the log"
        );
    }
}

#[test]
fn a_change_to_the_current_values_writes_nothing() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let n = w.store.audit_log().unwrap().len();
    let trl = w
        .store
        .project(&PROJECT.parse().unwrap())
        .unwrap()
        .unwrap()
        .trl;
    let patch = ProjectPatch::from_json(serde_json::json!({ "trl": trl })).unwrap();
    let (_, changed) = gemeten_app::change_project(
        &mut w.store,
        &w.register,
        &admin,
        &PROJECT.parse().unwrap(),
        &patch,
    )
    .unwrap();
    assert!(changed.is_empty());
    assert_eq!(w.store.audit_log().unwrap().len(), n);
}

#[test]
fn the_first_start_is_recorded_as_done_by_gemeten_itself() {
    let w = wereld();
    let log = w.store.audit_log().unwrap();
    let mut by_system: Vec<_> = log
        .iter()
        .filter(|e| e.by == SYSTEEM)
        .map(|e| (e.action.as_str(), e.object.as_str()))
        .collect();
    by_system.sort();
    assert_eq!(
        by_system,
        [
            ("gebruiker aangemaakt", "gebruiker admin"),
            ("projecten geïmporteerd", "projectlijst (test)"),
            ("register gezaaid", "register"),
            ("ronde aangemaakt", "ronde oefen-II"),
        ]
    );
    // Only a new store is seeded, once.
    let mut store = w.store;
    assert!(!gemeten_app::seed_register(&mut store, &w.register, &[]).unwrap());
    assert!(gemeten_app::ensure_admin(&mut store, None)
        .unwrap()
        .is_none());
}

#[test]
fn a_role_is_bound_to_its_mission_or_organisation() {
    let mut w = wereld();
    let team5 = account(
        "team5",
        Taak::Missieteam {
            missie: gemeten_domain::MissieCode::V,
        },
    );
    let team2 = account(
        "team2",
        Taak::Missieteam {
            missie: gemeten_domain::MissieCode::II,
        },
    );
    let patch = ProjectPatch::from_json(serde_json::json!({ "trl": 9 })).unwrap();
    let p: Id = PROJECT.parse().unwrap();
    let e = gemeten_app::change_project(&mut w.store, &w.register, &team5, &p, &patch).unwrap_err();
    assert!(matches!(e, AppFout::Verboden { .. }), "{e:?}");
    let (project, changed) =
        gemeten_app::change_project(&mut w.store, &w.register, &team2, &p, &patch).unwrap();
    assert_eq!(changed, ["trl"]);
    assert_eq!(project.trl.map(i64::from), Some(9));
    let umc = account(
        "umc",
        Taak::Bijdrager {
            organisatie: "umc utrecht".into(),
        },
    );
    let patch = ProjectPatch::from_json(serde_json::json!({ "trl": null })).unwrap();
    let (project, _) =
        gemeten_app::change_project(&mut w.store, &w.register, &umc, &p, &patch).unwrap();
    assert_eq!(project.trl, None, "null clears the field");
}

#[test]
fn the_small_cell_threshold_is_the_databases_and_fixed_on_its_first_start() {
    let mut w = wereld();
    let n = w.store.audit_log().unwrap().len();
    assert_eq!(gemeten_app::min_cell(&mut w.store, Some(5)).unwrap(), 5);
    let log = w.store.audit_log().unwrap();
    assert_eq!(log.len(), n + 1);
    assert_eq!(
        (log[0].by.as_str(), log[0].action.as_str()),
        (SYSTEEM, Handeling::InstellingVastleggen.actie())
    );
    // A later start agrees or leaves it out; another value is refused, naming the option.
    assert_eq!(gemeten_app::min_cell(&mut w.store, None).unwrap(), 5);
    assert_eq!(gemeten_app::min_cell(&mut w.store, Some(5)).unwrap(), 5);
    let e = gemeten_app::min_cell(&mut w.store, Some(10)).unwrap_err();
    assert_eq!(
        e.problemen().and_then(|p| p.field()),
        Some("min-cell"),
        "{e:?}"
    );
    assert_eq!(
        w.store.audit_log().unwrap().len(),
        n + 1,
        "nothing more recorded"
    );
}

#[test]
fn publishing_records_what_was_written_and_nothing_when_writing_fails() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let n = w.store.audit_log().unwrap().len();
    let failed = gemeten_app::publiceren(
        &mut w.store,
        &admin,
        PublicatieSoort::Voortgangsrapport,
        "rapport.html",
        |_| Err::<((), Geschreven), _>("schijf vol"),
    )
    .unwrap();
    assert_eq!(failed, Err("schijf vol"));
    assert_eq!(
        w.store.audit_log().unwrap().len(),
        n,
        "no entry without files"
    );
    let file = GepubliceerdBestand {
        path: "rapport.html".into(),
        sha256: "cd".repeat(32),
        bytes: 1234,
    };
    let geschreven = Geschreven {
        bestanden: vec![file],
        records: [("targets".to_owned(), 12)].into(),
    };
    gemeten_app::publiceren(
        &mut w.store,
        &admin,
        PublicatieSoort::Voortgangsrapport,
        "rapport.html",
        |_| Ok::<_, std::convert::Infallible>(((), geschreven)),
    )
    .unwrap()
    .unwrap();
    let log = w.store.audit_log().unwrap();
    assert_eq!(log.len(), n + 1);
    assert_eq!(
        (log[0].action.as_str(), log[0].object.as_str()),
        ("gepubliceerd", "voortgangsrapport rapport.html")
    );
    assert_eq!(
        log[0].after,
        Some(serde_json::json!({
            "soort": "voortgangsrapport",
            "doel": "rapport.html",
            "bestanden": [{ "path": "rapport.html", "sha256": "cd".repeat(32), "bytes": 1234 }],
            "records": { "targets": 12 },
        }))
    );
}

/// A unit change, or a breakdown dropped, on a KPI that has observations is refused, naming
/// the KPI, the field and why; nothing changes and nothing is recorded. Widening is allowed.
#[test]
fn a_kpi_change_that_stored_observations_contradict_is_refused_whole() {
    let mut w = wereld();
    let admin = w.admin.clone();
    let defs = gemeten_indicators::kpis_uit_toml(ROKEN, "roken.toml").unwrap();
    let cat = gemeten_app::kpi_definities_vastleggen(&mut w.store, &admin, defs.clone()).unwrap();
    assert!(cat.eigen.contains("rokers_jongeren"));
    let obs = gemeten_indicators::read_observations_text(
        "kpi,period,region,sex,value\nrokers_jongeren,2022,NL01,man,14.5\n",
        "roken.csv",
        &gemeten_app::catalogus(&w.store).unwrap(),
    )
    .unwrap();
    gemeten_app::import_observations(&mut w.store, &admin, "roken.csv", &obs, false).unwrap();

    let (content, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let stored = w.store.kpi_definities().unwrap();
    let mut changed = defs[0].clone();
    changed.unit = "per 1000".into();
    changed.breakdowns.clear();
    let mut other = changed.clone();
    other.code = "nieuwe_kpi".into();
    let e = gemeten_app::kpi_definities_vastleggen(&mut w.store, &admin, vec![other, changed])
        .unwrap_err();
    let msg = e
        .problemen()
        .expect("refused input")
        .regels(Lang::Nl)
        .join("\n");
    for part in [
        "KPI 'rokers_jongeren'",
        "veld `unit`",
        "veld `breakdowns`",
        "waarneming",
    ] {
        assert!(msg.contains(part), "{part} not in {msg}");
    }
    assert_eq!(inhoud(&w.store), content);
    assert_eq!(
        w.store.kpi_definities().unwrap(),
        stored,
        "the new KPI is not half-written"
    );
    assert_eq!(w.store.audit_log().unwrap().len(), n);

    // Widening (a caveat, another breakdown) fits the stored values: one entry, before and after.
    let mut wider = defs[0].clone();
    wider.kanttekeningen = "zelfrapportage".into();
    wider
        .breakdowns
        .push(gemeten_indicators::Uitsplitsing::AgeBand);
    gemeten_app::kpi_definities_vastleggen(&mut w.store, &admin, vec![wider]).unwrap();
    let log = w.store.audit_log().unwrap();
    assert_eq!(log.len(), n + 1);
    let before = log[0].before.as_ref().unwrap();
    assert_eq!(before["rokers_jongeren"]["kanttekeningen"], "");
    assert_eq!(
        log[0].after.as_ref().unwrap()["rokers_jongeren"]["kanttekeningen"],
        "zelfrapportage"
    );
    // The same again changes nothing and records nothing.
    let same = gemeten_app::eigen_kpis(&w.store)
        .unwrap()
        .into_values()
        .collect();
    gemeten_app::kpi_definities_vastleggen(&mut w.store, &admin, same).unwrap();
    assert_eq!(w.store.audit_log().unwrap().len(), n + 1);
}

const WIJK: &str = r#"
[[ses_dimensie]]
code = "wijkstatus"
name_nl = "Sociaaleconomische status van de wijk"
name_en = "Socio-economic status of the neighbourhood"
groepen = ["wijk_laag", "wijk_midden", "wijk_hoog"]
labels_nl = ["laag", "midden", "hoog"]

[[kpi]]
code = "rokers_wijk"
name_nl = "Rokers naar wijkstatus"
name_en = "Smokers by neighbourhood status"
unit = "%"
direction = "lower"
source = "GGD"
breakdowns = ["ses"]
ses_dimensies = ["wijkstatus"]
"#;

/// An administrator defines a breakdown and a KPI that names it; observations use it; then
/// renaming or reordering the groups those observations use is refused whole (nothing
/// written, nothing recorded), while adding a group lands with one audit entry. A reader is
/// refused.
#[test]
fn an_administrator_defines_a_breakdown_that_stored_observations_then_hold_to() {
    let mut w = wereld();
    let (admin, lezer) = (w.admin.clone(), w.lezer.clone());
    let defs = gemeten_indicators::definities_uit_toml(WIJK, "wijk.toml").unwrap();
    let e = gemeten_app::definities_vastleggen(&mut w.store, &lezer, defs.clone()).unwrap_err();
    assert!(matches!(e, AppFout::Verboden { .. }), "{e:?}");
    let cat = gemeten_app::definities_vastleggen(&mut w.store, &admin, defs.clone()).unwrap();
    assert!(cat.eigen_ses.contains("wijkstatus"));
    assert_eq!(w.store.ses_dimensie_definities().unwrap().len(), 1);
    let cat = gemeten_app::catalogus(&w.store).unwrap();
    assert_eq!(cat.ses_dimensies["wijkstatus"].hoogste(), "wijk_hoog");
    let obs = gemeten_indicators::read_observations_text(
        "kpi,period,region,ses_dimensie,ses,value\n\
         rokers_wijk,2022,NL01,wijkstatus,wijk_laag,24.5\n\
         rokers_wijk,2022,NL01,wijkstatus,wijk_hoog,11.0\n",
        "wijk.csv",
        &cat,
    )
    .unwrap();
    gemeten_app::import_observations(&mut w.store, &admin, "wijk.csv", &obs, false).unwrap();

    let (content, n) = (inhoud(&w.store), w.store.audit_log().unwrap().len());
    let stored = w.store.ses_dimensie_definities().unwrap();
    let mut omgedraaid = defs.clone();
    omgedraaid.ses_dimensie[0].groepen.reverse();
    let mut hernoemd = defs.clone();
    hernoemd.ses_dimensie[0].groepen[2] = "wijk_top".into();
    for (wat, d) in [
        ("volgorde", omgedraaid),
        ("'wijk_hoog' kan niet weg", hernoemd),
    ] {
        let e = gemeten_app::definities_vastleggen(&mut w.store, &admin, d).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, AppFout::Ongeldig(_)), "{e:?}");
        assert!(msg.contains("wijkstatus") && msg.contains(wat), "{msg}");
        assert_eq!(inhoud(&w.store), content);
        assert_eq!(w.store.ses_dimensie_definities().unwrap(), stored);
        assert_eq!(w.store.audit_log().unwrap().len(), n);
    }
    let mut meer = defs.clone();
    let dim = &mut meer.ses_dimensie[0];
    dim.groepen.push("wijk_top".into());
    dim.labels_nl.push("top".into());
    let cat = gemeten_app::definities_vastleggen(&mut w.store, &admin, meer).unwrap();
    assert_eq!(cat.ses_dimensies["wijkstatus"].hoogste(), "wijk_top");
    let log = w.store.audit_log().unwrap();
    assert_eq!(log.len(), n + 1);
    assert_eq!(
        log[0].after.as_ref().unwrap()["ses_dimensie:wijkstatus"]["groepen"][3],
        "wijk_top"
    );
}
