//! Logging in and the account lifecycle (issue 16, findings 5, 6 and 16): throttling per
//! account and per address, failed logins in the audit log without the password, one
//! password hash per login whoever asks, and the rules of changing, disabling, deleting,
//! passwords and tokens.

mod common;

use common::{wereld, PASSWORD};
use gemeten_app::{
    AppFout, GebruikerWijziging, Inlogd, NieuwWachtwoord, NieuweGebruiker, DREMPELS, NIET_INGELOGD,
};
use gemeten_store::{argon2_operations_on_this_thread, AccountStore};

fn add(w: &mut common::Wereld, username: &str) {
    let new = NieuweGebruiker {
        username: username.into(),
        role: "publiek".into(),
        password: Some(PASSWORD.into()),
        ..NieuweGebruiker::default()
    };
    let admin = w.admin.clone();
    gemeten_app::create_user(&mut w.store, &w.register, &admin, &new).unwrap();
}

#[test]
fn logins_are_throttled_per_account_and_per_address_before_any_hash() {
    let mut w = wereld();
    add(&mut w, "anna");
    let s = &mut w.store;
    for _ in 0..DREMPELS.per_gebruiker {
        let r = gemeten_app::inloggen(s, "anna", "fout", Some("192.0.2.1"), 60).unwrap();
        assert!(matches!(r, Inlogd::Mislukt), "{r:?}");
    }
    // The right password now too is refused, from any address, and costs no hash.
    let before = argon2_operations_on_this_thread();
    let r = gemeten_app::inloggen(s, "anna", PASSWORD, Some("198.51.100.7"), 60).unwrap();
    assert!(matches!(r, Inlogd::Geblokkeerd { seconden } if seconden == DREMPELS.venster));
    assert_eq!(
        argon2_operations_on_this_thread(),
        before,
        "no hash when throttled"
    );
    // Other accounts are not affected from another address.
    let r = gemeten_app::inloggen(s, "admin", PASSWORD, Some("198.51.100.7"), 60).unwrap();
    assert!(matches!(r, Inlogd::Gelukt(..)), "{r:?}");

    // One address trying many accounts is throttled as a whole.
    let per_adres = DREMPELS.per_adres - DREMPELS.per_gebruiker;
    for i in 0..per_adres {
        let r =
            gemeten_app::inloggen(s, &format!("gok{i}"), "fout", Some("192.0.2.1"), 60).unwrap();
        assert!(matches!(r, Inlogd::Mislukt), "{i}: {r:?}");
    }
    let r = gemeten_app::inloggen(s, "admin", PASSWORD, Some("192.0.2.1"), 60).unwrap();
    assert!(matches!(r, Inlogd::Geblokkeerd { .. }), "{r:?}");
    let r = gemeten_app::inloggen(s, "admin", PASSWORD, Some("192.0.2.2"), 60).unwrap();
    assert!(matches!(r, Inlogd::Gelukt(..)), "{r:?}");
}

#[test]
fn failed_logins_are_audited_without_the_password_and_unknown_names_unnamed() {
    let mut w = wereld();
    let s = &mut w.store;
    let n = s.audit_log().unwrap().len();
    gemeten_app::inloggen(s, "admin", "geheim-fout-1", Some("192.0.2.9"), 60).unwrap();
    gemeten_app::inloggen(s, "geheim-fout-2", "geheim-fout-3", None, 60).unwrap();
    let log = common::new_entries(s, n);
    assert_eq!(log.len(), 2, "{log:?}");
    let text = format!("{log:?}");
    for secret in ["geheim-fout", "192.0.2.9"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert_eq!(log[1].object, "gebruiker admin");
    assert_eq!(log[0].object, "onbekende gebruiker");
    assert!(log
        .iter()
        .all(|e| e.by == NIET_INGELOGD && e.action == "inloggen mislukt"));
}

#[test]
fn a_login_costs_one_hash_for_a_known_an_unknown_and_a_disabled_user() {
    let mut w = wereld();
    add(&mut w, "anna");
    add(&mut w, "bob");
    let admin = w.admin.clone();
    gemeten_app::disable_user(&mut w.store, &admin, "bob").unwrap();
    let _ = gemeten_app::inloggen(&mut w.store, "niemand", "x", None, 60).unwrap();
    for (user, password) in [
        ("anna", PASSWORD),
        ("anna", "fout"),
        ("niemand", "fout"),
        ("bob", PASSWORD),
    ] {
        let poging = gemeten_app::inloggen_voorbereiden(&w.store, user, None, DREMPELS).unwrap();
        let before = argon2_operations_on_this_thread();
        let controle = poging.controleer(password);
        assert_eq!(argon2_operations_on_this_thread() - before, 1, "{user}");
        let before = argon2_operations_on_this_thread();
        let r = gemeten_app::inloggen_afronden(&mut w.store, controle, 60).unwrap();
        assert_eq!(
            argon2_operations_on_this_thread(),
            before,
            "{user}: no hash at the store"
        );
        assert_eq!(
            matches!(r, Inlogd::Gelukt(..)),
            user == "anna" && password == PASSWORD,
            "{user}: {r:?}"
        );
    }
}

#[test]
fn the_rules_of_the_lifecycle() {
    let mut w = wereld();
    add(&mut w, "anna");
    let (admin, lezer) = (w.admin.clone(), w.lezer.clone());
    let s = &mut w.store;

    // An administrator cannot lock themselves out.
    for e in [
        gemeten_app::disable_user(s, &admin, "admin").map(|_| ()),
        gemeten_app::delete_user(s, &admin, "admin"),
        gemeten_app::change_user(
            s,
            &w.register,
            &admin,
            "admin",
            &GebruikerWijziging {
                role: "publiek".into(),
                ..GebruikerWijziging::default()
            },
        )
        .map(|_| ()),
    ] {
        assert!(matches!(e, Err(AppFout::Ongeldig { .. })), "{e:?}");
    }
    // A role needs what it is bound to; a mission of the register.
    let e = gemeten_app::change_user(
        s,
        &w.register,
        &admin,
        "anna",
        &GebruikerWijziging {
            role: "missieteam".into(),
            ..GebruikerWijziging::default()
        },
    )
    .unwrap_err();
    assert!(
        matches!(&e, AppFout::Ongeldig(p) if p.field() == Some("missie")),
        "{e:?}"
    );
    let anna = gemeten_app::change_user(
        s,
        &w.register,
        &admin,
        "anna",
        &GebruikerWijziging {
            display_name: Some("Anna de Vries".into()),
            role: "missieteam".into(),
            missie: Some("III".into()),
            organisation: None,
        },
    )
    .unwrap();
    assert_eq!(anna.display_name, "Anna de Vries");
    assert_eq!(s.user("anna").unwrap().unwrap(), anna);

    // One's own password needs the current one; the sessions end.
    let sessie = s.start_session("anna", 600).unwrap();
    let nieuw = NieuwWachtwoord::maak(Some("een-nieuw-wachtwoord")).unwrap();
    let e = gemeten_app::change_password(s, &anna, "anna", &nieuw, None).unwrap_err();
    assert!(
        matches!(&e, AppFout::Ongeldig(p) if p.field() == Some("current_password")),
        "{e:?}"
    );
    let bewijs = gemeten_app::inloggen_voorbereiden(s, "anna", None, DREMPELS)
        .unwrap()
        .controleer(PASSWORD)
        .bewijs();
    assert!(bewijs.is_some());
    gemeten_app::change_password(s, &anna, "anna", &nieuw, bewijs.as_ref()).unwrap();
    assert!(s.session(&sessie.token).unwrap().is_none());
    assert!(s
        .check_password("anna", "een-nieuw-wachtwoord")
        .unwrap()
        .is_some());
    // Someone else's: administrators only (refused and recorded for others).
    let e = gemeten_app::change_password(s, &lezer, "anna", &nieuw, None).unwrap_err();
    assert!(matches!(e, AppFout::Verboden { .. }), "{e:?}");
    let generated = NieuwWachtwoord::maak(None).unwrap();
    assert!(generated.generated && generated.password.len() >= 8);
    assert!(!format!("{generated:?}").contains(&generated.password));
    gemeten_app::change_password(s, &admin, "anna", &generated, None).unwrap();
    assert!(s
        .check_password("anna", &generated.password)
        .unwrap()
        .is_some());
    assert!(matches!(
        NieuwWachtwoord::maak(Some("kort")),
        Err(AppFout::Ongeldig(p)) if p.field() == Some("password")
    ));

    // Tokens expire, as said when made; not for a disabled account.
    let e = gemeten_app::create_token(s, &admin, "anna", 0).unwrap_err();
    assert!(
        matches!(&e, AppFout::Ongeldig(p) if p.field() == Some("days")),
        "{e:?}"
    );
    let t = gemeten_app::create_token(s, &admin, "anna", 30).unwrap();
    assert!(
        t.expires_at.ends_with('Z') && t.expires_at.len() == 20,
        "{t:?}"
    );
    assert!(!format!("{t:?}").contains(&t.token));
    assert!(s.token_user(&t.token).unwrap().is_some());
    gemeten_app::disable_user(s, &admin, "anna").unwrap();
    assert!(s.token_user(&t.token).unwrap().is_none());
    assert!(matches!(
        gemeten_app::create_token(s, &admin, "anna", 30),
        Err(AppFout::NietGevonden { .. })
    ));
    gemeten_app::enable_user(s, &admin, "anna").unwrap();
    assert!(
        s.token_user(&t.token).unwrap().is_none(),
        "revoked for good"
    );

    // Deleted: the audit trail stays readable under the username.
    gemeten_app::delete_user(s, &admin, "anna").unwrap();
    let trail = s.audit_log_of("anna", 100).unwrap();
    assert!(
        trail.iter().any(|e| e.action == "gebruiker aangemaakt"),
        "{trail:?}"
    );
    assert!(trail.iter().any(|e| e.action == "gebruiker verwijderd"));
    assert!(matches!(
        gemeten_app::revoke_sessions(s, &admin, "anna"),
        Err(AppFout::NietGevonden { .. })
    ));
    let again = NieuweGebruiker {
        username: "anna".into(),
        role: "publiek".into(),
        ..NieuweGebruiker::default()
    };
    assert!(matches!(
        gemeten_app::create_user(s, &w.register, &admin, &again),
        Err(AppFout::Bestaat(_))
    ));
}
