//! Users, sessions and API tokens: create a user, log in, create and revoke a token; and who
//! an adapter's caller is (a password or a token).

use serde_json::json;

use gemeten_domain::{Account, Id, Register, Rol, Taak};
use gemeten_store::{random_password, AccountStore, Store};

use crate::fout::in_veld;
use crate::gebruikersbeheer::NieuwWachtwoord;
use crate::handeling::{gedaan, uitvoeren};
use crate::{AppFout, Handeling};

/// A user to create, as the form, the API and the CLI give it (text as typed).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NieuweGebruiker {
    pub username: String,
    #[serde(default)]
    pub display_name: Option<String>,
    pub role: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub missie: Option<String>,
    /// Without one, a random password is made and shown once.
    #[serde(default)]
    pub password: Option<String>,
}

/// A created user and their password; `generated` when gemeten made it up (then it must be
/// shown, once).
#[derive(Debug, Clone)]
pub struct NieuwAccount {
    pub account: Account,
    pub password: String,
    pub generated: bool,
}

/// The shortest password accepted.
pub(crate) const MIN_PASSWORD: usize = 8;

pub(crate) fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A mission team's mission is one of the register.
pub(crate) fn check_missie(register: &Register, taak: &Taak) -> Result<(), AppFout> {
    if let Taak::Missieteam { missie } = taak {
        if register.missie(*missie).is_none() {
            let missies = register
                .missies()
                .iter()
                .map(|m| m.code.code())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(AppFout::ongeldig(
                "missie",
                format!("'{missie}' is geen missie van het register; kies uit {missies}"),
                format!("'{missie}' is not a mission of the register; one of {missies}"),
            ));
        }
    }
    Ok(())
}

/// Checks a new user: the username is an id (so it can be a round's participant), the role is
/// known and carries what it needs (a contributor its organisation, a mission team a mission
/// of the register). The password is checked by [`NieuwWachtwoord::maak`].
fn check_new_user(register: &Register, n: &NieuweGebruiker) -> Result<Account, AppFout> {
    let username: Id = n.username.trim().parse().map_err(in_veld("username"))?;
    let role = Rol::parse(&n.role).ok_or_else(|| {
        let rollen = Rol::ALL.map(Rol::code).join(", ");
        AppFout::ongeldig(
            "role",
            format!("onbekende rol '{}'; kies uit {rollen}", n.role.trim()),
            format!("unknown role '{}'; one of {rollen}", n.role.trim()),
        )
    })?;
    let taak = Taak::new(role, given(&n.organisation), given(&n.missie))?;
    check_missie(register, &taak)?;
    Ok(Account {
        display_name: given(&n.display_name)
            .unwrap_or(username.as_str())
            .to_owned(),
        username,
        taak,
    })
}

/// Creates a user: administrators only (recorded when refused); the input checked as
/// [`NieuweGebruiker`] says; a known username is refused. The audit entry holds the account,
/// never the password. The password is hashed here, on the caller's connection; a server
/// hashes first ([`NieuwWachtwoord::maak`]) and calls [`create_user_with`].
pub fn create_user(
    store: &mut Store,
    register: &Register,
    by: &Account,
    new: &NieuweGebruiker,
) -> Result<NieuwAccount, AppFout> {
    let wachtwoord = NieuwWachtwoord::maak(given(&new.password))?;
    create_user_with(store, register, by, new, wachtwoord)
}

/// [`create_user`] with its password already made and hashed (`new.password` is not read).
pub fn create_user_with(
    store: &mut Store,
    register: &Register,
    by: &Account,
    new: &NieuweGebruiker,
    wachtwoord: NieuwWachtwoord,
) -> Result<NieuwAccount, AppFout> {
    let object = format!("gebruiker {}", new.username.trim());
    uitvoeren(
        store,
        by.username.as_str(),
        Handeling::GebruikerAanmaken,
        |s| {
            if by.role() != Rol::Admin {
                return Err(AppFout::verboden(
                    &object,
                    "alleen een beheerder mag gebruikers aanmaken",
                    "only an administrator may create users",
                ));
            }
            let account = check_new_user(register, new)?;
            if s.user(account.username.as_str())?.is_some() {
                let naam = &account.username;
                return Err(AppFout::bestaat(
                    format!("gebruiker '{naam}' bestaat al"),
                    format!("user '{naam}' exists already"),
                ));
            }
            s.create_user_with_hash(&account, wachtwoord.hash())?;
            let after = account.to_json();
            gedaan(
                &object,
                None,
                Some(after),
                NieuwAccount {
                    account,
                    generated: wachtwoord.generated,
                    password: wachtwoord.password,
                },
            )
        },
    )
}

/// The first administrator of a database without users, made by gemeten itself on its first
/// start; `None` when there are users already.
pub(crate) fn first_admin(
    store: &mut Store,
    password: Option<String>,
) -> Result<Option<NieuwAccount>, AppFout> {
    if store.user_count()? > 0 {
        return Ok(None);
    }
    let (password, generated) = match password.filter(|p| !p.is_empty()) {
        Some(p) if p.chars().count() < MIN_PASSWORD => {
            return Err(AppFout::ongeldig(
                "admin-password",
                format!("het wachtwoord heeft minstens {MIN_PASSWORD} tekens nodig"),
                format!("the password needs at least {MIN_PASSWORD} characters"),
            ))
        }
        Some(p) => (p, false),
        None => (random_password(), true),
    };
    let account = Account {
        username: "admin".parse().map_err(in_veld("username"))?,
        display_name: "Beheerder".into(),
        taak: Taak::Admin,
    };
    store.create_user(&account, &password)?;
    Ok(Some(NieuwAccount {
        account,
        password,
        generated,
    }))
}

/// Who a password belongs to, for adapters that take one (the CLI's `--as`); `None` for a
/// wrong pair. Nothing is written.
pub fn aanmelden(
    store: &Store,
    username: &str,
    password: &str,
) -> Result<Option<Account>, AppFout> {
    Ok(store.check_password(username, password)?)
}

/// Who an API token belongs to; `None` for an unknown or revoked one.
pub fn token_account(store: &Store, token: &str) -> Result<Option<Account>, AppFout> {
    Ok(store.token_user(token)?)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Ends a session, recorded by its user with the user as the object (never the session
/// token). Anyone may end their own session: the token is the proof. An unknown or expired
/// session has no user to record; ending it changes nothing and writes no entry.
pub fn uitloggen(store: &mut Store, token: &str) -> Result<(), AppFout> {
    let Some((account, _)) = store.session(token)? else {
        return Ok(store.end_session(token)?);
    };
    let object = format!("gebruiker {}", account.username);
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::Uitloggen,
        |s| {
            s.end_session(token)?;
            gedaan(&object, None, None, ())
        },
    )
}

/// How long a new API token is valid unless its maker says otherwise
/// (`gemeten serve --token-days`).
pub const DEFAULT_TOKEN_DAYS: u32 = 90;
/// The longest validity a token can be given.
pub const MAX_TOKEN_DAYS: u32 = 3650;

/// A new API token and when it stops working.
#[derive(Clone)]
pub struct NieuwToken {
    pub token: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub expires_at: String,
}

impl std::fmt::Debug for NieuwToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NieuwToken")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Creates an API token for `username`, valid for `days` (1 to [`MAX_TOKEN_DAYS`]):
/// administrators only, for an active account. The token is in the answer only; the store
/// keeps its hash and the audit log neither (it has the expiry).
pub fn create_token(
    store: &mut Store,
    by: &Account,
    username: &str,
    days: u32,
) -> Result<NieuwToken, AppFout> {
    let object = format!("gebruiker {username}");
    uitvoeren(store, by.username.as_str(), Handeling::TokenAanmaken, |s| {
        if by.role() != Rol::Admin {
            return Err(AppFout::verboden(
                &object,
                "alleen een beheerder mag API-tokens aanmaken",
                "only an administrator may create API tokens",
            ));
        }
        if !(1..=MAX_TOKEN_DAYS).contains(&days) {
            return Err(AppFout::ongeldig(
                "days",
                format!("een token is 1 tot {MAX_TOKEN_DAYS} dagen geldig"),
                format!("a token is valid for 1 to {MAX_TOKEN_DAYS} days"),
            ));
        }
        if !s.user_state(username)?.is_some_and(|st| st.actief()) {
            return Err(AppFout::niet_gevonden(
                "username",
                "gebruiker",
                "user",
                username,
            ));
        }
        let expires = now() + i64::from(days) * 86_400;
        let token = s.create_api_token_until(username, by.username.as_str(), Some(expires))?;
        let expires_at = s
            .api_tokens(Some(username))?
            .into_iter()
            .filter_map(|t| t.expires_at)
            .max()
            .unwrap_or_default();
        gedaan(
            &object,
            None,
            Some(json!({ "username": username, "expires_at": expires_at })),
            NieuwToken { token, expires_at },
        )
    })
}

/// Revokes the API token with this id: its owner or an administrator (anyone else is
/// refused and recorded); an unknown id is 404.
pub fn revoke_token(store: &mut Store, by: &Account, id: &str) -> Result<(), AppFout> {
    let object = format!("API-token {id}");
    uitvoeren(
        store,
        by.username.as_str(),
        Handeling::TokenIntrekken,
        |s| {
            let Some(token) = s.api_tokens(None)?.into_iter().find(|t| t.id == id) else {
                return Err(AppFout::niet_gevonden("id", "API-token", "API token", id));
            };
            if by.role() != Rol::Admin && token.username != by.username.as_str() {
                return Err(AppFout::verboden(
                    &object,
                    "alleen de eigenaar of een beheerder mag dit token intrekken",
                    "only its owner or an administrator may revoke this token",
                ));
            }
            s.revoke_api_token(&token.id)?;
            gedaan(
                format!("gebruiker {}", token.username),
                serde_json::to_value(&token).ok(),
                None,
                (),
            )
        },
    )
}
