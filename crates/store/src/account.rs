//! Accounts of the web application: users with a role, sessions, API tokens, and the
//! append-only audit log. Secrets are stored only as hashes: passwords as argon2id
//! password-hash strings, tokens as the SHA-256 of the random token.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension, Row};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{AccountStore, SqliteStore, StoreError};

/// What a user may do. `publiek` reads; `bijdrager` edits the projects of its organisation;
/// `missieteam` edits the projects of its mission; `admin` does everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rol {
    Publiek,
    Bijdrager,
    Missieteam,
    Admin,
}

impl Rol {
    pub const ALL: [Rol; 4] = [Rol::Publiek, Rol::Bijdrager, Rol::Missieteam, Rol::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Rol::Publiek => "publiek",
            Rol::Bijdrager => "bijdrager",
            Rol::Missieteam => "missieteam",
            Rol::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Rol> {
        Rol::ALL.into_iter().find(|r| r.code() == s.trim())
    }
}

impl std::fmt::Display for Rol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A user, without secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    pub role: Rol,
    /// The organisation a contributor writes for (a project partner's name).
    pub organisation: Option<String>,
    /// The mission (code) a mission team works for.
    pub missie: Option<String>,
}

/// A new session: the token goes into the cookie (only its hash is stored), the CSRF token
/// into every form.
#[derive(Debug, Clone)]
pub struct Sessie {
    pub token: String,
    pub csrf: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// An API token as listed: never the token, only an id taken from its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// The first 12 hex digits of the token's SHA-256: enough to name it, useless to use it.
    pub id: String,
    pub username: String,
    pub created_by: String,
    pub created_at: String,
}

/// How many hex digits of the token hash make a token's id.
const TOKEN_ID_LEN: usize = 12;

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRegel {
    pub seq: i64,
    pub at: String,
    pub by: String,
    pub action: String,
    pub object: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// `n` random bytes from the operating system.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).expect("the operating system gives random bytes");
    b
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random token: 32 bytes as 64 hex digits.
pub fn random_token() -> String {
    hex(&random_bytes::<32>())
}

/// A random password of 20 characters from an alphabet without look-alikes (about 114 bits).
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(20);
    while out.len() < 20 {
        for b in random_bytes::<32>() {
            // Rejection sampling keeps every character equally likely.
            let limit = 256 - 256 % ALPHABET.len();
            if (b as usize) < limit && out.len() < 20 {
                out.push(ALPHABET[b as usize % ALPHABET.len()] as char);
            }
        }
    }
    out
}

/// The SHA-256 of a token, as stored.
fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// An argon2id password-hash string (default parameters, random salt).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes are a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

const ACCOUNT_COLUMNS: &str = "username, display_name, role, organisation, missie";

fn account(r: &Row<'_>) -> rusqlite::Result<Account> {
    let role: String = r.get(2)?;
    Ok(Account {
        username: r.get(0)?,
        display_name: r.get(1)?,
        role: Rol::parse(&role).unwrap_or(Rol::Publiek),
        organisation: r.get(3)?,
        missie: r.get(4)?,
    })
}

fn json(text: Option<String>) -> Option<Value> {
    text.map(|t| serde_json::from_str(&t).unwrap_or(Value::String(t)))
}

impl AccountStore for SqliteStore {
    fn user_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM gebruiker", [], |r| r.get(0))
            .map_err(self.sql())?;
        Ok(n as usize)
    }

    fn create_user(&mut self, account: &Account, password: &str) -> Result<(), StoreError> {
        if password.chars().count() < 8 {
            return Err(StoreError::AccountRefused {
                path: self.path.clone(),
                reason: "het wachtwoord moet minstens 8 tekens hebben".into(),
            });
        }
        if self.user(&account.username)?.is_some() {
            return Err(StoreError::AccountRefused {
                path: self.path.clone(),
                reason: format!("gebruiker '{}' bestaat al", account.username),
            });
        }
        self.conn
            .execute(
                "INSERT INTO gebruiker (username, display_name, role, organisation, missie, \
                 password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    account.username,
                    account.display_name,
                    account.role.code(),
                    account.organisation,
                    account.missie,
                    hash_password(password)
                ],
            )
            .map_err(self.sql())?;
        Ok(())
    }

    fn user(&self, username: &str) -> Result<Option<Account>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM gebruiker WHERE username = ?1"),
                params![username],
                account,
            )
            .optional()
            .map_err(self.sql())
    }

    fn check_password(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<Account>, StoreError> {
        let hash: Option<String> = self
            .conn
            .query_row(
                "SELECT password_hash FROM gebruiker WHERE username = ?1",
                params![username],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.sql())?;
        match hash {
            Some(h) if verify(password, &h) => self.user(username),
            Some(_) => Ok(None),
            None => {
                // Spend the same time as for a known user, so timing does not tell who exists.
                let _ = verify(password, &hash_password("-"));
                Ok(None)
            }
        }
    }

    fn start_session(&mut self, username: &str, seconds: i64) -> Result<Sessie, StoreError> {
        let sessie = Sessie {
            token: random_token(),
            csrf: random_token(),
            expires_at: now() + seconds,
        };
        self.conn
            .execute("DELETE FROM sessie WHERE expires_at <= ?1", params![now()])
            .map_err(self.sql())?;
        self.conn
            .execute(
                "INSERT INTO sessie (token_hash, username, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![
                    token_hash(&sessie.token),
                    username,
                    sessie.csrf,
                    sessie.expires_at
                ],
            )
            .map_err(self.sql())?;
        Ok(sessie)
    }

    fn session(&self, token: &str) -> Result<Option<(Account, String)>, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {}, s.csrf FROM sessie s JOIN gebruiker g USING (username) \
                     WHERE s.token_hash = ?1 AND s.expires_at > ?2",
                    ACCOUNT_COLUMNS
                        .split(", ")
                        .map(|c| format!("g.{c}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                params![token_hash(token), now()],
                |r| Ok((account(r)?, r.get(5)?)),
            )
            .optional()
            .map_err(self.sql())
    }

    fn end_session(&mut self, token: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "DELETE FROM sessie WHERE token_hash = ?1",
                params![token_hash(token)],
            )
            .map_err(self.sql())?;
        Ok(())
    }

    fn create_api_token(&mut self, username: &str, by: &str) -> Result<String, StoreError> {
        if self.user(username)?.is_none() {
            return Err(StoreError::NotFound {
                path: self.path.clone(),
                what: format!("gebruiker '{username}'"),
            });
        }
        let token = random_token();
        self.conn
            .execute(
                "INSERT INTO api_token (token_hash, username, created_by) VALUES (?1, ?2, ?3)",
                params![token_hash(&token), username, by],
            )
            .map_err(self.sql())?;
        Ok(token)
    }

    fn token_user(&self, token: &str) -> Result<Option<Account>, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM gebruiker WHERE username = \
                     (SELECT username FROM api_token WHERE token_hash = ?1)"
                ),
                params![token_hash(token)],
                account,
            )
            .optional()
            .map_err(self.sql())
    }

    fn users(&self) -> Result<Vec<Account>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM gebruiker ORDER BY username"
            ))
            .map_err(self.sql())?;
        let rows = stmt.query_map([], account).map_err(self.sql())?;
        rows.collect::<Result<_, _>>().map_err(self.sql())
    }

    fn api_tokens(&self, owner: Option<&str>) -> Result<Vec<ApiToken>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT substr(token_hash, 1, ?1), username, created_by, created_at FROM api_token \
                 WHERE ?2 IS NULL OR username = ?2 ORDER BY created_at, token_hash",
            )
            .map_err(self.sql())?;
        let rows = stmt
            .query_map(params![TOKEN_ID_LEN as i64, owner], |r| {
                Ok(ApiToken {
                    id: r.get(0)?,
                    username: r.get(1)?,
                    created_by: r.get(2)?,
                    created_at: r.get(3)?,
                })
            })
            .map_err(self.sql())?;
        rows.collect::<Result<_, _>>().map_err(self.sql())
    }

    fn revoke_api_token(&mut self, id: &str) -> Result<bool, StoreError> {
        // Only a full id: a shorter prefix could name several tokens.
        if id.len() != TOKEN_ID_LEN || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(false);
        }
        let n = self
            .conn
            .execute(
                "DELETE FROM api_token WHERE substr(token_hash, 1, ?1) = ?2",
                params![TOKEN_ID_LEN as i64, id.to_ascii_lowercase()],
            )
            .map_err(self.sql())?;
        Ok(n > 0)
    }

    fn audit(
        &mut self,
        by: &str,
        action: &str,
        object: &str,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO audit (by, action, object, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    by,
                    action,
                    object,
                    before.map(Value::to_string),
                    after.map(Value::to_string)
                ],
            )
            .map_err(self.sql())?;
        Ok(())
    }

    fn audit_log(&self) -> Result<Vec<AuditRegel>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, at, by, action, object, before, after FROM audit ORDER BY seq DESC",
            )
            .map_err(self.sql())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AuditRegel {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    by: r.get(2)?,
                    action: r.get(3)?,
                    object: r.get(4)?,
                    before: json(r.get(5)?),
                    after: json(r.get(6)?),
                })
            })
            .map_err(self.sql())?;
        rows.collect::<Result<_, _>>().map_err(self.sql())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anna() -> Account {
        Account {
            username: "anna".into(),
            display_name: "Anna de Vries".into(),
            role: Rol::Bijdrager,
            organisation: Some("UMC Utrecht".into()),
            missie: None,
        }
    }

    #[test]
    fn passwords_are_argon2id_hashes_and_checked() {
        let mut store = SqliteStore::in_memory().unwrap();
        assert_eq!(store.user_count().unwrap(), 0);
        store.create_user(&anna(), "geheim-wachtwoord").unwrap();
        let hash: String = store
            .conn
            .query_row("SELECT password_hash FROM gebruiker", [], |r| r.get(0))
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
        assert!(matches!(
            store.create_user(
                &Account {
                    username: "kort".into(),
                    ..anna()
                },
                "kort"
            ),
            Err(StoreError::AccountRefused { .. })
        ));
    }

    #[test]
    fn sessions_and_tokens_are_stored_as_hashes() {
        let mut store = SqliteStore::in_memory().unwrap();
        store.create_user(&anna(), "geheim-wachtwoord").unwrap();
        let s = store.start_session("anna", 3600).unwrap();
        let (who, csrf) = store.session(&s.token).unwrap().unwrap();
        assert_eq!((who.username.as_str(), csrf), ("anna", s.csrf.clone()));
        let stored: String = store
            .conn
            .query_row("SELECT token_hash FROM sessie", [], |r| r.get(0))
            .unwrap();
        assert_ne!(stored, s.token);
        store.end_session(&s.token).unwrap();
        assert!(store.session(&s.token).unwrap().is_none());
        let expired = store.start_session("anna", -1).unwrap();
        assert!(store.session(&expired.token).unwrap().is_none());

        let t = store.create_api_token("anna", "admin").unwrap();
        assert_eq!(store.token_user(&t).unwrap().unwrap().username, "anna");
        assert!(store.token_user("onzin").unwrap().is_none());
        let stored: String = store
            .conn
            .query_row("SELECT token_hash FROM api_token", [], |r| r.get(0))
            .unwrap();
        assert_ne!(stored, t);
        assert!(matches!(
            store.create_api_token("bob", "admin"),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn tokens_are_listed_by_id_and_revoked() {
        let mut store = SqliteStore::in_memory().unwrap();
        store.create_user(&anna(), "geheim-wachtwoord").unwrap();
        let admin = Account {
            username: "admin".into(),
            role: Rol::Admin,
            organisation: None,
            ..anna()
        };
        store.create_user(&admin, "geheim-wachtwoord").unwrap();
        assert_eq!(store.users().unwrap(), vec![admin, anna()]);
        let t = store.create_api_token("anna", "admin").unwrap();
        store.create_api_token("admin", "admin").unwrap();
        assert_eq!(store.api_tokens(None).unwrap().len(), 2);
        let own = store.api_tokens(Some("anna")).unwrap();
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].id, token_hash(&t)[..12]);
        assert!(!format!("{own:?}").contains(&t));
        // Not a full id, an unknown id: nothing is revoked.
        assert!(!store.revoke_api_token(&own[0].id[..6]).unwrap());
        assert!(!store.revoke_api_token("000000000000").unwrap());
        assert!(store.token_user(&t).unwrap().is_some());
        assert!(store.revoke_api_token(&own[0].id).unwrap());
        assert!(store.token_user(&t).unwrap().is_none());
        assert_eq!(store.api_tokens(None).unwrap().len(), 1);
    }

    #[test]
    fn the_audit_log_is_newest_first_and_cannot_be_rewritten() {
        let mut store = SqliteStore::in_memory().unwrap();
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
            let e = store.conn.execute(sql, []).unwrap_err();
            assert!(e.to_string().contains("append-only"), "{e}");
        }
    }

    #[test]
    fn random_passwords_are_long_and_differ() {
        let (a, b) = (random_password(), random_password());
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
    }
}
