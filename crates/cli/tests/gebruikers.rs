//! `gemeten user add` and `gemeten user list`: the web application's users from the command
//! line, with the web application's rules, a password shown once, and an audit entry.

mod common;

use common::{failed, gemeten, ok};

use gemeten_store::{AccountStore, Store};

fn fresh() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["init"]));
    (dir, db)
}

#[test]
fn a_user_is_added_with_a_password_shown_once_and_audited() {
    let (_dir, db) = fresh();
    let out = ok(gemeten(
        &db,
        &[
            "user",
            "add",
            "anna",
            "--role",
            "bijdrager",
            "--organisation",
            "UMC Utrecht",
            "--name",
            "Anna de Vries",
        ],
    ));
    assert!(
        out.contains("gebruiker anna aangemaakt (bijdrager)"),
        "{out}"
    );
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("wachtwoord: "))
        .and_then(|l| l.split(' ').next())
        .expect("the made-up password")
        .to_owned();
    assert_eq!(password.len(), 20);
    let store = Store::open(common::target(&db)).unwrap();
    let anna = store
        .check_password("anna", &password)
        .unwrap()
        .expect("the password works");
    assert_eq!(anna.organisation(), Some("UMC Utrecht"));
    let log = store.audit_log().unwrap();
    assert_eq!(
        (log[0].by.as_str(), log[0].action.as_str()),
        ("admin", "gebruiker aangemaakt")
    );
    assert!(!format!("{log:?}").contains(&password));
    drop(store);

    let out = ok(gemeten(
        &db,
        &[
            "user",
            "add",
            "team2",
            "--role",
            "missieteam",
            "--mission",
            "ii",
            "--password",
            "lang-genoeg-1",
        ],
    ));
    assert!(
        !out.contains("wachtwoord"),
        "a given password is not printed: {out}"
    );
    let list = ok(gemeten(&db, &["user", "list"]));
    assert!(
        list.contains("Anna de Vries") && list.contains("UMC Utrecht"),
        "{list}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(gemeten(&db, &["--json", "user", "list"]))).unwrap();
    // By username: admin (whom the new database got), anna, team2.
    assert_eq!(json[2]["username"], "team2");
    assert_eq!(json[2]["missie"], "II");
}

#[test]
fn refusals_name_the_option_and_store_nothing() {
    let (_dir, db) = fresh();
    for (args, option) in [
        (
            vec!["user", "add", "piet", "--role", "bijdrager"],
            "--organisation",
        ),
        (
            vec![
                "user",
                "add",
                "piet",
                "--role",
                "missieteam",
                "--mission",
                "VII",
            ],
            "--mission",
        ),
        (
            vec!["user", "add", "piet", "--role", "missieteam"],
            "--mission",
        ),
        (vec!["user", "add", "piet", "--role", "koning"], "--role"),
        (
            vec!["user", "add", "piet de", "--role", "publiek"],
            "USERNAME",
        ),
        (
            vec![
                "user",
                "add",
                "piet",
                "--role",
                "publiek",
                "--password",
                "kort",
            ],
            "--password",
        ),
    ] {
        let err = failed(gemeten(&db, &args));
        assert!(err.contains(option), "{args:?}: {err}");
    }
    ok(gemeten(&db, &["user", "add", "piet", "--role", "publiek"]));
    let err = failed(gemeten(&db, &["user", "add", "piet", "--role", "admin"]));
    assert!(err.contains("gebruiker 'piet' bestaat al"), "{err}");
    let store = Store::open(common::target(&db)).unwrap();
    // `admin`, whom the new database got, and piet.
    assert_eq!(store.users().unwrap().len(), 2);
    let by_admin: Vec<_> = store
        .audit_log()
        .unwrap()
        .into_iter()
        .filter(|e| e.by == "admin")
        .collect();
    assert_eq!(by_admin.len(), 1, "{by_admin:?}");
    assert_eq!(by_admin[0].object, "gebruiker piet");
}

/// The account lifecycle from the command line (`gemeten users …`), with the web
/// application's use cases: change, token with expiry, disable (its tokens revoked at once),
/// enable, password, delete; each in the user's audit trail.
#[test]
fn a_user_is_changed_disabled_enabled_and_deleted_with_its_trail() {
    let (_dir, db) = fresh();
    ok(gemeten(
        &db,
        &[
            "users",
            "add",
            "anna",
            "--role",
            "publiek",
            "--password",
            "anna-wachtwoord",
        ],
    ));
    let out = ok(gemeten(
        &db,
        &[
            "users",
            "set",
            "anna",
            "--role",
            "missieteam",
            "--mission",
            "II",
            "--name",
            "Anna",
        ],
    ));
    assert!(
        out.contains("gebruiker anna gewijzigd (missieteam)"),
        "{out}"
    );
    let e = failed(gemeten(
        &db,
        &["users", "set", "anna", "--role", "missieteam"],
    ));
    assert!(e.contains("--mission"), "{e}");

    let out = ok(gemeten(
        &db,
        &["--json", "users", "token", "anna", "--days", "7"],
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let token = v["token"].as_str().unwrap().to_owned();
    assert!(v["expires_at"].as_str().unwrap().ends_with('Z'), "{out}");
    {
        let store = Store::open(common::target(&db)).unwrap();
        assert!(store.token_user(&token).unwrap().is_some());
    }

    let out = ok(gemeten(&db, &["users", "disable", "anna"]));
    assert!(out.contains("1 API-tokens ingetrokken"), "{out}");
    let out = ok(gemeten(&db, &["users", "list"]));
    assert!(out.contains("uitgeschakeld"), "{out}");
    {
        let store = Store::open(common::target(&db)).unwrap();
        assert!(store.token_user(&token).unwrap().is_none());
        assert!(store
            .check_password("anna", "anna-wachtwoord")
            .unwrap()
            .is_none());
    }
    ok(gemeten(&db, &["users", "enable", "anna"]));
    ok(gemeten(
        &db,
        &[
            "users",
            "password",
            "anna",
            "--password",
            "nieuw-wachtwoord",
        ],
    ));
    {
        let store = Store::open(common::target(&db)).unwrap();
        assert!(store
            .check_password("anna", "nieuw-wachtwoord")
            .unwrap()
            .is_some());
    }
    let e = failed(gemeten(&db, &["users", "delete", "anna"]));
    assert!(e.contains("--yes"), "{e}");
    ok(gemeten(&db, &["users", "delete", "anna", "--yes"]));
    let e = failed(gemeten(&db, &["users", "disable", "admin"]));
    assert!(e.contains("USERNAME"), "{e}");

    let trail = ok(gemeten(&db, &["users", "audit", "anna"]));
    for action in [
        "gebruiker aangemaakt",
        "gebruiker gewijzigd",
        "API-token aangemaakt",
        "gebruiker uitgeschakeld",
        "gebruiker ingeschakeld",
        "wachtwoord gewijzigd",
        "gebruiker verwijderd",
    ] {
        assert!(trail.contains(action), "{action} in {trail}");
    }
    assert!(!trail.contains("nieuw-wachtwoord") && !trail.contains(&token));
}
