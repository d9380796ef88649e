//! account: the shared suite, run on SQLite and on PostgreSQL.

use super::support::TestDb;
use crate::{random_password, AccountStore, StoreError};
use gemeten_domain::{Account, Taak};
use sha2::{Digest, Sha256};

fn anna() -> Account {
    Account {
        username: "anna".parse().unwrap(),
        display_name: "Anna de Vries".into(),
        taak: Taak::Bijdrager {
            organisatie: "UMC Utrecht".into(),
        },
    }
}

fn passwords_are_argon2id_hashes_and_checked(db: &TestDb) {
    let mut store = db.open();
    assert_eq!(store.user_count().unwrap(), 0);
    store.create_user(&anna(), "geheim-wachtwoord").unwrap();
    let hash: String = store
        .one("SELECT password_hash FROM gebruiker", &[])
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("geheim-wachtwoord"));
    assert_eq!(
        store.check_password("anna", "geheim-wachtwoord").unwrap(),
        Some(anna())
    );
    assert_eq!(store.check_password("anna", "fout").unwrap(), None);
    assert_eq!(store.check_password("bob", "fout").unwrap(), None);
    assert!(matches!(
        store.create_user(&anna(), "nog-een-wachtwoord"),
        Err(StoreError::AccountRefused { .. })
    ));
}

fn sessions_and_tokens_are_stored_as_hashes(db: &TestDb) {
    let mut store = db.open();
    store.create_user(&anna(), "geheim-wachtwoord").unwrap();
    let s = store.start_session("anna", 3600).unwrap();
    let (who, csrf) = store.session(&s.token).unwrap().unwrap();
    assert_eq!((who.username.as_str(), csrf), ("anna", s.csrf.clone()));
    let stored: String = store.one("SELECT token_hash FROM sessie", &[]).unwrap();
    assert_ne!(stored, s.token);
    store.end_session(&s.token).unwrap();
    assert!(store.session(&s.token).unwrap().is_none());
    let expired = store.start_session("anna", -1).unwrap();
    assert!(store.session(&expired.token).unwrap().is_none());

    let t = store.create_api_token("anna", "admin").unwrap();
    assert_eq!(
        store.token_user(&t).unwrap().unwrap().username.as_str(),
        "anna"
    );
    assert!(store.token_user("onzin").unwrap().is_none());
    let stored: String = store.one("SELECT token_hash FROM api_token", &[]).unwrap();
    assert_ne!(stored, t);
    assert!(matches!(
        store.create_api_token("bob", "admin"),
        Err(StoreError::NotFound { .. })
    ));
}

fn tokens_are_listed_by_id_and_revoked(db: &TestDb) {
    let mut store = db.open();
    store.create_user(&anna(), "geheim-wachtwoord").unwrap();
    let admin = Account {
        username: "admin".parse().unwrap(),
        taak: Taak::Admin,
        ..anna()
    };
    store.create_user(&admin, "geheim-wachtwoord").unwrap();
    assert_eq!(store.users().unwrap(), vec![admin, anna()]);
    let t = store.create_api_token("anna", "admin").unwrap();
    store.create_api_token("admin", "admin").unwrap();
    assert_eq!(store.api_tokens(None).unwrap().len(), 2);
    let own = store.api_tokens(Some("anna")).unwrap();
    assert_eq!(own.len(), 1);
    let hash: String = Sha256::digest(t.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(own[0].id, hash[..12]);
    assert!(!format!("{own:?}").contains(&t));
    // Not a full id, an unknown id: nothing is revoked.
    assert!(!store.revoke_api_token(&own[0].id[..6]).unwrap());
    assert!(!store.revoke_api_token("000000000000").unwrap());
    assert!(store.token_user(&t).unwrap().is_some());
    assert!(store.revoke_api_token(&own[0].id).unwrap());
    assert!(store.token_user(&t).unwrap().is_none());
    assert_eq!(store.api_tokens(None).unwrap().len(), 1);
}

fn the_audit_log_is_newest_first_and_cannot_be_rewritten(db: &TestDb) {
    let mut store = db.open();
    let before = serde_json::json!({ "trl": 4 });
    let after = serde_json::json!({ "trl": 5 });
    store
        .audit(
            "anna",
            "project bijgewerkt",
            "project a",
            Some(&before),
            Some(&after),
        )
        .unwrap();
    store
        .audit("admin", "token aangemaakt", "gebruiker anna", None, None)
        .unwrap();
    let log = store.audit_log().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].action, "token aangemaakt");
    assert_eq!(log[1].before, Some(before));
    assert_eq!(log[1].after, Some(after));
    for sql in ["UPDATE audit SET by = 'mallory'", "DELETE FROM audit"] {
        let e = store.db.execute(sql, &[]).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }
}

#[test]
fn random_passwords_are_long_and_differ() {
    let (a, b) = (random_password(), random_password());
    assert_eq!(a.len(), 20);
    assert_ne!(a, b);
}

super::on_both!(
    passwords_are_argon2id_hashes_and_checked,
    sessions_and_tokens_are_stored_as_hashes,
    tokens_are_listed_by_id_and_revoked,
    the_audit_log_is_newest_first_and_cannot_be_rewritten,
);
