//! Accounts of the web application: users with a role, sessions, API tokens, and the
//! append-only audit log. Secrets are stored only as hashes: passwords as argon2id
//! password-hash strings, tokens as the SHA-256 of the random token.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use gemeten_domain::{Account, AccountStand, ApiToken, AuditRegel, Rol, Sessie, Taak};

use crate::db::{params, DbError, Row};
use crate::{AccountStore, AuditFilter, Store, StoreError};

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
    count_argon2();
    hash_uncounted(password)
}

fn hash_uncounted(password: &str) -> String {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes are a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

thread_local! {
    /// Password-hash computations (hashing or verifying) on this thread, for tests that count
    /// what a login costs.
    static ARGON2_OPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Password-hash computations while the computing thread held a store connection from a
/// [`crate::Pool`]: none, when hashing is kept off the store (a hash takes tens of
/// milliseconds, during which the connection would serve no one else).
static ARGON2_HOLDING_CONNECTION: AtomicU64 = AtomicU64::new(0);

fn count_argon2() {
    ARGON2_OPS.with(|n| n.set(n.get() + 1));
    if crate::pool::holds_connection() {
        ARGON2_HOLDING_CONNECTION.fetch_add(1, Ordering::Relaxed);
    }
}

/// How many password hashes this thread has computed (hashing or verifying).
pub fn argon2_operations_on_this_thread() -> u64 {
    ARGON2_OPS.with(std::cell::Cell::get)
}

/// How many password hashes were computed, in this process, by a thread holding a pooled
/// store connection (see [`crate::Pool`]).
pub fn argon2_operations_holding_a_connection() -> u64 {
    ARGON2_HOLDING_CONNECTION.load(Ordering::Relaxed)
}

fn verify(password: &str, hash: &str) -> bool {
    count_argon2();
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a password no one knows, made once per process with the same parameters as
/// every stored one: verifying against it costs what verifying a real one costs.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_uncounted(&random_token()));

/// Whether `password` matches `hash`; without a hash (an unknown, disabled or deleted
/// user) it is checked against [`DUMMY_HASH`] and fails, so both cost exactly one
/// password-hash verification and timing does not tell who exists.
pub fn verify_password(password: &str, hash: Option<&str>) -> bool {
    match hash {
        Some(h) => verify(password, h),
        None => {
            let _ = verify(password, &DUMMY_HASH);
            false
        }
    }
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (UTC; the civil calendar from days since 1970).
pub(crate) fn iso(seconds: i64) -> String {
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

pub(crate) fn now() -> i64 {
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

fn audit_regel(r: &Row) -> Result<AuditRegel, DbError> {
    Ok(AuditRegel {
        seq: r.get(0)?,
        at: r.get(1)?,
        by: r.get(2)?,
        action: r.get(3)?,
        object: r.get(4)?,
        before: json(r.get(5)?),
        after: json(r.get(6)?),
    })
}

fn account_stand(r: &Row) -> Result<AccountStand, DbError> {
    Ok(AccountStand {
        account: account(r)?,
        created_at: r.get(5)?,
        disabled_at: r.get(6)?,
        deleted_at: r.get(7)?,
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
        self.create_user_with_hash(account, &hash_password(password))
    }

    fn create_user_with_hash(&mut self, account: &Account, hash: &str) -> Result<(), StoreError> {
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
                hash
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
        let hash = self.password_hash(username)?;
        if verify_password(password, hash.as_deref()) {
            self.user(username)
        } else {
            Ok(None)
        }
    }

    fn password_hash(&self, username: &str) -> Result<Option<String>, StoreError> {
        self.row(
            "SELECT password_hash FROM gebruiker WHERE username = ?1 \
             AND disabled_at IS NULL AND deleted_at IS NULL",
            params![username],
            |r| r.get(0),
        )
    }

    fn set_password_hash(&mut self, username: &str, hash: &str) -> Result<bool, StoreError> {
        let n = self.exec(
            "UPDATE gebruiker SET password_hash = ?2 WHERE username = ?1 AND deleted_at IS NULL",
            params![username, hash],
        )?;
        Ok(n > 0)
    }

    fn update_user(&mut self, account: &Account) -> Result<bool, StoreError> {
        let n = self.exec(
            "UPDATE gebruiker SET display_name = ?2, role = ?3, organisation = ?4, missie = ?5 \
             WHERE username = ?1 AND deleted_at IS NULL",
            params![
                account.username.as_str(),
                account.display_name.as_str(),
                account.role().code(),
                account.organisation(),
                account.missie().map(|m| m.code())
            ],
        )?;
        Ok(n > 0)
    }

    fn set_disabled(&mut self, username: &str, disabled: bool) -> Result<bool, StoreError> {
        let n = if disabled {
            self.exec(
                "UPDATE gebruiker SET disabled_at = ?2 WHERE username = ?1 \
                 AND disabled_at IS NULL AND deleted_at IS NULL",
                params![username, iso(now())],
            )?
        } else {
            self.exec(
                "UPDATE gebruiker SET disabled_at = NULL WHERE username = ?1 \
                 AND disabled_at IS NOT NULL AND deleted_at IS NULL",
                params![username],
            )?
        };
        Ok(n > 0)
    }

    fn delete_user(&mut self, username: &str) -> Result<bool, StoreError> {
        self.unit(|| {
            self.exec("DELETE FROM sessie WHERE username = ?1", params![username])?;
            self.exec("DELETE FROM api_token WHERE username = ?1", params![username])?;
            // '!' is no password-hash string: nothing verifies against it.
            self.exec(
                "UPDATE gebruiker SET display_name = '', role = 'publiek', organisation = NULL, \
                 missie = NULL, password_hash = '!', deleted_at = ?2, \
                 disabled_at = coalesce(disabled_at, ?2) WHERE username = ?1 AND deleted_at IS NULL",
                params![username, iso(now())],
            )
        })
        .map(|n| n > 0)
    }

    fn end_sessions(&mut self, username: &str) -> Result<usize, StoreError> {
        self.exec("DELETE FROM sessie WHERE username = ?1", params![username])
    }

    fn revoke_api_tokens(&mut self, username: &str) -> Result<usize, StoreError> {
        self.exec(
            "DELETE FROM api_token WHERE username = ?1",
            params![username],
        )
    }

    fn user_states(&self) -> Result<Vec<AccountStand>, StoreError> {
        self.rows(
            &format!(
                "SELECT {ACCOUNT_COLUMNS}, created_at, disabled_at, deleted_at FROM gebruiker \
                 ORDER BY username"
            ),
            params![],
            account_stand,
        )
    }

    fn user_state(&self, username: &str) -> Result<Option<AccountStand>, StoreError> {
        self.row(
            &format!(
                "SELECT {ACCOUNT_COLUMNS}, created_at, disabled_at, deleted_at FROM gebruiker \
                 WHERE username = ?1"
            ),
            params![username],
            account_stand,
        )
    }

    fn failed_logins(&self, key: &str, since: i64) -> Result<usize, StoreError> {
        Ok(self.one::<i64>(
            "SELECT count(*) FROM inlogpoging WHERE sleutel = ?1 AND at > ?2",
            params![key, since],
        )? as usize)
    }

    fn record_failed_login(
        &mut self,
        keys: &[&str],
        at: i64,
        forget_before: i64,
    ) -> Result<(), StoreError> {
        self.unit(|| {
            self.exec(
                "DELETE FROM inlogpoging WHERE at <= ?1",
                params![forget_before],
            )?;
            for key in keys {
                self.exec(
                    "INSERT INTO inlogpoging (sleutel, at) VALUES (?1, ?2)",
                    params![*key, at],
                )?;
            }
            Ok(0)
        })?;
        Ok(())
    }

    fn clear_failed_logins(&mut self, key: &str) -> Result<(), StoreError> {
        self.exec("DELETE FROM inlogpoging WHERE sleutel = ?1", params![key])?;
        Ok(())
    }

    fn audit_log_of(&self, username: &str, limit: usize) -> Result<Vec<AuditRegel>, StoreError> {
        self.rows(
            "SELECT seq, at, by, action, object, before, after FROM audit \
             WHERE by = ?1 OR object = ?2 ORDER BY seq DESC LIMIT ?3",
            params![username, format!("gebruiker {username}"), limit as i64],
            audit_regel,
        )
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
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2 \
                 AND g.disabled_at IS NULL AND g.deleted_at IS NULL",
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
        self.create_api_token_until(username, by, None)
    }

    fn create_api_token_until(
        &mut self,
        username: &str,
        by: &str,
        expires_at: Option<i64>,
    ) -> Result<String, StoreError> {
        if self.user(username)?.is_none() {
            return Err(StoreError::NotFound {
                path: self.path.clone(),
                what: format!("gebruiker '{username}'"),
            });
        }
        let token = random_token();
        self.exec(
            "INSERT INTO api_token (token_hash, username, created_by, expires_at) \
             VALUES (?1, ?2, ?3, ?4)",
            params![token_hash(&token), username, by, expires_at],
        )?;
        Ok(token)
    }

    fn token_user(&self, token: &str) -> Result<Option<Account>, StoreError> {
        self.row(
            &format!(
                "SELECT {ACCOUNT_COLUMNS} FROM gebruiker WHERE username = \
                 (SELECT username FROM api_token WHERE token_hash = ?1 \
                  AND (expires_at IS NULL OR expires_at > ?2)) \
                 AND disabled_at IS NULL AND deleted_at IS NULL"
            ),
            params![token_hash(token), now()],
            account,
        )
    }

    fn users(&self) -> Result<Vec<Account>, StoreError> {
        self.rows(
            &format!(
                "SELECT {ACCOUNT_COLUMNS} FROM gebruiker WHERE deleted_at IS NULL ORDER BY username"
            ),
            params![],
            account,
        )
    }

    fn api_tokens(&self, owner: Option<&str>) -> Result<Vec<ApiToken>, StoreError> {
        self.rows(
            "SELECT substr(token_hash, 1, ?1), username, created_by, created_at, expires_at \
             FROM api_token WHERE username = coalesce(?2, username) \
             ORDER BY created_at, token_hash",
            params![TOKEN_ID_LEN, owner],
            |r| {
                Ok(ApiToken {
                    id: r.get(0)?,
                    username: r.get(1)?,
                    created_by: r.get(2)?,
                    created_at: r.get(3)?,
                    expires_at: r.get::<Option<i64>>(4)?.map(iso),
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

    fn audit_search(&self, f: &AuditFilter) -> Result<(Vec<AuditRegel>, usize), StoreError> {
        // One condition per field, inert when its parameter is NULL (the casts let
        // PostgreSQL type a parameter that only meets NULL).
        const WHERE: &str = "WHERE (CAST(?1 AS TEXT) IS NULL OR by = ?1) \
             AND (CAST(?2 AS TEXT) IS NULL OR action = ?2) \
             AND (CAST(?3 AS TEXT) IS NULL OR lower(object) LIKE ?3) \
             AND (CAST(?4 AS TEXT) IS NULL OR at >= ?4) \
             AND (CAST(?5 AS TEXT) IS NULL OR at < ?5)";
        let object = f.object.as_ref().map(|o| {
            let escaped = o.to_lowercase().replace(['%', '_'], "");
            format!("%{escaped}%")
        });
        let total = self.one::<i64>(
            &format!("SELECT count(*) FROM audit {WHERE}"),
            params![
                f.by.clone(),
                f.action.clone(),
                object.clone(),
                f.from.clone(),
                f.until.clone()
            ],
        )?;
        let rows = self.rows(
            &format!(
                "SELECT seq, at, by, action, object, before, after FROM audit {WHERE} \
                 ORDER BY seq DESC LIMIT ?6 OFFSET ?7"
            ),
            params![
                f.by.clone(),
                f.action.clone(),
                object,
                f.from.clone(),
                f.until.clone(),
                f.limit as i64,
                f.offset as i64
            ],
            audit_regel,
        )?;
        Ok((rows, usize::try_from(total).unwrap_or(0)))
    }

    fn audit_choices(&self) -> Result<(Vec<String>, Vec<String>), StoreError> {
        let text = |r: &Row| r.get::<String>(0);
        Ok((
            self.rows("SELECT DISTINCT by FROM audit ORDER BY by", params![], text)?,
            self.rows(
                "SELECT DISTINCT action FROM audit ORDER BY action",
                params![],
                text,
            )?,
        ))
    }

    fn audit_log(&self) -> Result<Vec<AuditRegel>, StoreError> {
        self.rows(
            "SELECT seq, at, by, action, object, before, after FROM audit ORDER BY seq DESC",
            params![],
            audit_regel,
        )
    }
}
