//! Accounts of the web application: users with a role, sessions, API tokens, and the
//! append-only audit log. Secrets are stored only as hashes: passwords as argon2id
//! password-hash strings, tokens as the SHA-256 of the random token.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde_json::Value;
use sha2::{Digest, Sha256};

use gemeten_domain::{Account, ApiToken, AuditRegel, Rol, Sessie, Taak};

use crate::db::{params, DbError, Row};
use crate::{AccountStore, Store, StoreError};

/// How many hex digits of the token hash make a token's id.
const TOKEN_ID_LEN: usize = 12;

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

/// An account row. A row the domain refuses (changed outside gemeten) reads as a role of
/// public reading, so it can do nothing it should not; the row is left for an administrator.
fn account(r: &Row) -> Result<Account, DbError> {
    let username: String = r.get(0)?;
    let role: String = r.get(2)?;
    let organisation: Option<String> = r.get(3)?;
    let missie: Option<String> = r.get(4)?;
    let taak = Rol::parse(&role)
        .and_then(|rol| Taak::new(rol, organisation.as_deref(), missie.as_deref()).ok())
        .unwrap_or(Taak::Publiek);
    Ok(Account {
        username: username
            .parse()
            .map_err(|e: gemeten_domain::Probleem| DbError::Column {
                index: 0,
                reason: e.to_string(),
            })?,
        display_name: r.get(1)?,
        taak,
    })
}

fn json(text: Option<String>) -> Option<Value> {
    text.map(|t| serde_json::from_str(&t).unwrap_or(Value::String(t)))
}

impl AccountStore for Store {
    fn user_count(&self) -> Result<usize, StoreError> {
        Ok(self.one::<i64>("SELECT count(*) FROM gebruiker", params![])? as usize)
    }

    fn create_user(&mut self, account: &Account, password: &str) -> Result<(), StoreError> {
        if self.user(account.username.as_str())?.is_some() {
            return Err(StoreError::AccountRefused {
                path: self.path.clone(),
                reason: format!("gebruiker '{}' bestaat al", account.username),
            });
        }
        self.exec(
            "INSERT INTO gebruiker (username, display_name, role, organisation, missie, \
             password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                account.username.as_str(),
                account.display_name.as_str(),
                account.role().code(),
                account.organisation(),
                account.missie().map(|m| m.code()),
                hash_password(password)
            ],
        )?;
        Ok(())
    }

    fn user(&self, username: &str) -> Result<Option<Account>, StoreError> {
        self.row(
            &format!("SELECT {ACCOUNT_COLUMNS} FROM gebruiker WHERE username = ?1"),
            params![username],
            account,
        )
    }

    fn check_password(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<Account>, StoreError> {
        let hash: Option<String> = self.row(
            "SELECT password_hash FROM gebruiker WHERE username = ?1",
            params![username],
            |r| r.get(0),
        )?;
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
        self.unit(|| {
            self.exec("DELETE FROM sessie WHERE expires_at <= ?1", params![now()])?;
            self.exec(
                "INSERT INTO sessie (token_hash, username, csrf, expires_at) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    token_hash(&sessie.token),
                    username,
                    sessie.csrf.as_str(),
                    sessie.expires_at
                ],
            )
        })?;
        Ok(sessie)
    }

    fn session(&self, token: &str) -> Result<Option<(Account, String)>, StoreError> {
        self.row(
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
    }

    fn end_session(&mut self, token: &str) -> Result<(), StoreError> {
        self.exec(
            "DELETE FROM sessie WHERE token_hash = ?1",
            params![token_hash(token)],
        )?;
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
        self.exec(
            "INSERT INTO api_token (token_hash, username, created_by) VALUES (?1, ?2, ?3)",
            params![token_hash(&token), username, by],
        )?;
        Ok(token)
    }

    fn token_user(&self, token: &str) -> Result<Option<Account>, StoreError> {
        self.row(
            &format!(
                "SELECT {ACCOUNT_COLUMNS} FROM gebruiker WHERE username = \
                 (SELECT username FROM api_token WHERE token_hash = ?1)"
            ),
            params![token_hash(token)],
            account,
        )
    }

    fn users(&self) -> Result<Vec<Account>, StoreError> {
        self.rows(
            &format!("SELECT {ACCOUNT_COLUMNS} FROM gebruiker ORDER BY username"),
            params![],
            account,
        )
    }

    fn api_tokens(&self, owner: Option<&str>) -> Result<Vec<ApiToken>, StoreError> {
        self.rows(
            "SELECT substr(token_hash, 1, ?1), username, created_by, created_at FROM api_token \
             WHERE username = coalesce(?2, username) ORDER BY created_at, token_hash",
            params![TOKEN_ID_LEN, owner],
            |r| {
                Ok(ApiToken {
                    id: r.get(0)?,
                    username: r.get(1)?,
                    created_by: r.get(2)?,
                    created_at: r.get(3)?,
                })
            },
        )
    }

    fn revoke_api_token(&mut self, id: &str) -> Result<bool, StoreError> {
        // Only a full id: a shorter prefix could name several tokens.
        if id.len() != TOKEN_ID_LEN || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(false);
        }
        let n = self.exec(
            "DELETE FROM api_token WHERE substr(token_hash, 1, ?1) = ?2",
            params![TOKEN_ID_LEN, id.to_ascii_lowercase()],
        )?;
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
        self.exec(
            "INSERT INTO audit (by, action, object, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                by,
                action,
                object,
                before.map(Value::to_string),
                after.map(Value::to_string)
            ],
        )?;
        Ok(())
    }

    fn audit_log(&self) -> Result<Vec<AuditRegel>, StoreError> {
        self.rows(
            "SELECT seq, at, by, action, object, before, after FROM audit ORDER BY seq DESC",
            params![],
            |r| {
                Ok(AuditRegel {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    by: r.get(2)?,
                    action: r.get(3)?,
                    object: r.get(4)?,
                    before: json(r.get(5)?),
                    after: json(r.get(6)?),
                })
            },
        )
    }
}
