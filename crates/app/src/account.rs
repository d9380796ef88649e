//! Users, sessions and API tokens: create a user, log in, create and revoke a token; and who
//! an adapter's caller is (a password or a token).

use serde_json::json;

use gemeten_domain::{Account, Id, Register, Rol, Sessie, Taak};
use gemeten_store::{random_password, AccountStore, Store};

use crate::fout::in_veld;
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
const MIN_PASSWORD: usize = 8;

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks a new user: the username is an id (so it can be a round's participant), the role is
/// known and carries what it needs (a contributor its organisation, a mission team a mission
/// of the register), a given password has at least 8 characters.
fn check_new_user(register: &Register, n: &NieuweGebruiker) -> Result<NieuwAccount, AppFout> {
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
    if let Taak::Missieteam { missie } = taak {
        if register.missie(missie).is_none() {
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
    let (password, generated) = match given(&n.password) {
        Some(p) if p.chars().count() < MIN_PASSWORD => {
            return Err(AppFout::ongeldig(
                "password",
                format!("het wachtwoord heeft minstens {MIN_PASSWORD} tekens nodig"),
                format!("the password needs at least {MIN_PASSWORD} characters"),
            ))
        }
        Some(p) => (p.to_owned(), false),
        None => (random_password(), true),
    };
    Ok(NieuwAccount {
        account: Account {
            display_name: given(&n.display_name)
                .unwrap_or(username.as_str())
                .to_owned(),
            username,
            taak,
        },
        password,
        generated,
    })
}

/// Creates a user: administrators only (recorded when refused); the input checked as
/// [`NieuweGebruiker`] says; a known username is refused. The audit entry holds the account,
/// never the password.
pub fn create_user(
    store: &mut Store,
    register: &Register,
    by: &Account,
    new: &NieuweGebruiker,
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
            let checked = check_new_user(register, new)?;
            if s.user(checked.account.username.as_str())?.is_some() {
                let naam = &checked.account.username;
                return Err(AppFout::bestaat(
                    format!("gebruiker '{naam}' bestaat al"),
                    format!("user '{naam}' exists already"),
                ));
            }
            s.create_user(&checked.account, &checked.password)?;
            let after = checked.account.to_json();
            gedaan(&object, None, Some(after), checked)
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

/// Logs a user in: a new session, recorded. A wrong username or password gives `None`, and
/// is not recorded (anyone could fill the log with them).
pub fn inloggen(
    store: &mut Store,
    username: &str,
    password: &str,
    seconds: i64,
) -> Result<Option<(Account, Sessie)>, AppFout> {
    let Some(account) = store.check_password(username, password)? else {
        return Ok(None);
    };
    let sessie = uitvoeren(store, account.username.as_str(), Handeling::Inloggen, |s| {
        let sessie = s.start_session(account.username.as_str(), seconds)?;
        gedaan("sessie", None, None, sessie)
    })?;
    Ok(Some((account, sessie)))
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

/// Creates an API token for `username`: administrators only. The token is in the answer
/// only; the store keeps its hash and the audit log neither.
pub fn create_token(store: &mut Store, by: &Account, username: &str) -> Result<String, AppFout> {
    let object = format!("gebruiker {username}");
    uitvoeren(store, by.username.as_str(), Handeling::TokenAanmaken, |s| {
        if by.role() != Rol::Admin {
            return Err(AppFout::verboden(
                &object,
                "alleen een beheerder mag API-tokens aanmaken",
                "only an administrator may create API tokens",
            ));
        }
        if s.user(username)?.is_none() {
            return Err(AppFout::niet_gevonden(
                "username",
                "gebruiker",
                "user",
                username,
            ));
        }
        let token = s.create_api_token(username, by.username.as_str())?;
        gedaan(&object, None, Some(json!({ "username": username })), token)
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
