//! The command line writes as a named user: without one, or with a wrong password, a write is
//! refused with one line naming the option; a user whose role does not allow a write is
//! refused for every writing command, nothing changes, and the attempt is in the audit log
//! under that user's name; an API token in GEMETEN_TOKEN acts as its owner.

mod common;

use std::path::Path;

use common::{command, failed, gemeten, gemeten_as, ok, ADMIN_PASSWORD};
use gemeten_domain::AuditRegel;
use gemeten_store::{AccountStore, Store};

const PROJECTEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/voorbeeld/projecten.csv"
);
const WAARNEMINGEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/voorbeeld/waarnemingen.csv"
);
const RAPPORTEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/voorbeeld/rapportages_2025.json"
);

fn fresh() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    ok(gemeten(&db, &["init"]));
    ok(gemeten(&db, &["projects", "import", PROJECTEN]));
    ok(gemeten(
        &db,
        &["reports", "period", "add", "2025", "--due", "2026-03-01"],
    ));
    ok(gemeten(
        &db,
        &["reports", "submit", RAPPORTEN, "--today", "2026-02-01"],
    ));
    (dir, db)
}

fn audit(db: &Path) -> Vec<AuditRegel> {
    Store::open(common::target(db))
        .unwrap()
        .audit_log()
        .unwrap()
}

/// What a reader can see of everything a write could change.
fn content(db: &Path) -> String {
    [
        vec!["export", "--out", "-"],
        vec!["--json", "projects", "export"],
        vec!["--json", "rounds"],
        vec!["--json", "user", "list"],
        vec!["--json", "activities"],
        vec!["--json", "reports", "list"],
        vec!["--json", "reports", "period", "list"],
        vec!["--json", "progress"],
    ]
    .iter()
    .map(|args| ok(gemeten(db, args)))
    .collect::<Vec<_>>()
    .join("\n")
}

#[test]
fn a_write_without_a_user_or_with_a_wrong_password_names_the_option() {
    let (_dir, db) = fresh();
    let before = content(&db);
    let anonymous = command(
        &db,
        &["projects", "set", "vb-valdetectie-thuis", "--trl", "8"],
    )
    .env_remove("GEMETEN_AS")
    .env_remove("GEMETEN_PASSWORD")
    .output()
    .unwrap();
    let err = failed(anonymous);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("--as GEBRUIKER"), "{err}");
    let wrong = failed(gemeten_as(
        &db,
        "admin",
        "niet-het-wachtwoord",
        &["projects", "set", "vb-valdetectie-thuis", "--trl", "8"],
    ));
    assert!(
        wrong.contains("--as admin: onbekende gebruiker of onjuist wachtwoord"),
        "{wrong}"
    );
    let no_password = command(
        &db,
        &["projects", "set", "vb-valdetectie-thuis", "--trl", "8"],
    )
    .env_remove("GEMETEN_PASSWORD")
    .stdin(std::process::Stdio::null())
    .output()
    .unwrap();
    assert!(failed(no_password).contains("GEMETEN_PASSWORD"));
    let bad_token = command(
        &db,
        &["projects", "set", "vb-valdetectie-thuis", "--trl", "8"],
    )
    .env("GEMETEN_TOKEN", "onzin")
    .output()
    .unwrap();
    assert!(failed(bad_token).contains("GEMETEN_TOKEN"));
    assert_eq!(content(&db), before, "nothing changed");
    // Reading needs no user.
    let read = command(&db, &["mission", "II"])
        .env_remove("GEMETEN_AS")
        .env_remove("GEMETEN_PASSWORD")
        .output()
        .unwrap();
    assert!(read.status.success());
}

#[test]
fn every_writing_command_refuses_a_reader_changes_nothing_and_records_the_attempt() {
    let (dir, db) = fresh();
    ok(gemeten(
        &db,
        &[
            "user",
            "add",
            "lezer",
            "--role",
            "publiek",
            "--password",
            "lezer-wachtwoord",
        ],
    ));
    let register = dir.path().join("register.json");
    ok(gemeten(
        &db,
        &["export", "--out", register.to_str().unwrap()],
    ));
    // Publishing writes files, not the database: refused, it writes none.
    let fair = dir.path().join("fair");
    let rapport = dir.path().join("rapport.html");
    let writes: &[&[&str]] = &[
        &["init", "--reset"],
        &["import", register.to_str().unwrap()],
        &["kpi", "import", WAARNEMINGEN],
        &["projects", "import", PROJECTEN, "--replace"],
        &["projects", "set", "vb-valdetectie-thuis", "--trl", "8"],
        &[
            "round",
            "002-II",
            "vote",
            "--participant",
            "pharos",
            "--top",
            "cva-portaal",
        ],
        &["round", "002-II", "result"],
        &["user", "add", "piet", "--role", "admin"],
        &["activity", "000-C-1", "update", "--status", "gestart"],
        &["reports", "period", "add", "2026", "--due", "2027-03-01"],
        &["reports", "period", "close", "2025"],
        &["reports", "submit", RAPPORTEN, "--replace"],
        &[
            "reports",
            "review",
            "vb-thuismonitor-hartfalen",
            "2025",
            "--approve",
        ],
        &["fair", "export", "--out", fair.to_str().unwrap()],
        &["report", "--out", rapport.to_str().unwrap()],
    ];
    let before = content(&db);
    for args in writes {
        let n = audit(&db).len();
        let err = failed(gemeten_as(&db, "lezer", "lezer-wachtwoord", args));
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("niet toegestaan"), "{args:?}: {err}");
        assert_eq!(content(&db), before, "{args:?} changed something");
        assert!(
            !fair.exists() && !rapport.exists(),
            "{args:?} published a file"
        );
        let log = audit(&db);
        assert_eq!(log.len(), n + 1, "{args:?}: one entry for the attempt");
        assert_eq!(log[0].by, "lezer", "{args:?}");
        assert!(
            log[0].action.starts_with("geweigerd: "),
            "{args:?}: {:?}",
            log[0]
        );
    }
    // The same commands run as the administrator (a sample of them) write, as admin.
    ok(gemeten(
        &db,
        &["projects", "set", "vb-valdetectie-thuis", "--trl", "8"],
    ));
    assert_eq!(
        (audit(&db)[0].by.as_str(), audit(&db)[0].action.as_str()),
        ("admin", "project bijgewerkt")
    );
    ok(gemeten(
        &db,
        &["report", "--out", rapport.to_str().unwrap()],
    ));
    let entry = &audit(&db)[0];
    assert_eq!(
        (entry.by.as_str(), entry.action.as_str()),
        ("admin", "gepubliceerd")
    );
    let after = entry.after.as_ref().unwrap();
    assert_eq!(after["soort"], "voortgangsrapport");
    let html = std::fs::read(&rapport).unwrap();
    assert_eq!(
        after["bestanden"][0]["sha256"],
        gemeten_indicators::sha256_hex(&html),
        "the entry names the checksum of the file written"
    );
}

#[test]
fn an_api_token_acts_as_its_owner_and_a_field_can_be_cleared() {
    let (_dir, db) = fresh();
    ok(gemeten(
        &db,
        &[
            "user",
            "add",
            "team2",
            "--role",
            "missieteam",
            "--mission",
            "II",
            "--password",
            "team-wachtwoord",
        ],
    ));
    let token = {
        let mut store = Store::open(common::target(&db)).unwrap();
        let admin = gemeten_app::aanmelden(&store, "admin", ADMIN_PASSWORD)
            .unwrap()
            .unwrap();
        gemeten_app::create_token(&mut store, &admin, "team2", 30)
            .unwrap()
            .token
    };
    let out = command(
        &db,
        &[
            "--json",
            "projects",
            "set",
            "vb-valdetectie-thuis",
            "--clear",
            "sel",
        ],
    )
    .env_remove("GEMETEN_AS")
    .env_remove("GEMETEN_PASSWORD")
    .env("GEMETEN_TOKEN", &token)
    .output()
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok(out)).unwrap();
    assert_eq!(v["changed"], serde_json::json!(["sel"]));
    let shown: serde_json::Value = serde_json::from_str(&ok(gemeten(
        &db,
        &["--json", "projects", "show", "vb-valdetectie-thuis"],
    )))
    .unwrap();
    assert!(shown["project"]["sel"].is_null(), "{shown}");
    let log = audit(&db);
    assert_eq!(
        (log[0].by.as_str(), log[0].action.as_str()),
        ("team2", "project bijgewerkt")
    );
    assert_eq!(log[0].after, Some(serde_json::json!({ "sel": null })));
    // A token of someone else than --as says is refused.
    let mixed = command(
        &db,
        &["projects", "set", "vb-valdetectie-thuis", "--trl", "5"],
    )
    .env("GEMETEN_TOKEN", &token)
    .output()
    .unwrap();
    assert!(failed(mixed).contains("--as admin"));
    // Clearing the status, or a field given a value too, is refused naming the option.
    let e = failed(gemeten(
        &db,
        &[
            "projects",
            "set",
            "vb-valdetectie-thuis",
            "--clear",
            "status",
        ],
    ));
    assert!(e.contains("--clear"), "{e}");
    let e = failed(gemeten(
        &db,
        &["projects", "set", "vb-valdetectie-thuis", "--trl", "12"],
    ));
    assert!(e.contains("--trl"), "{e}");
}
