//! The account lifecycle: change a user (name, role with its organisation or mission),
//! disable and enable, delete (anonymise), change a password (one's own with the current
//! one, anyone's as administrator), end every session of a user. Disabling ends the user's
//! sessions and revokes their API tokens in the same transaction.
//!
//! Refusal texts are plain Dutch; the English equivalent is in a comment beside each, for
//! when errors carry both.

use serde_json::json;

use gemeten_domain::{Account, Register, Rol, Taak};
use gemeten_store::{hash_password, random_password, AccountStore, Store};

use crate::account::{check_missie, given, MIN_PASSWORD};
use crate::handeling::{gedaan, uitvoeren, Afloop};
use crate::inloggen::Wachtwoordbewijs;
use crate::{AppFout, Handeling};

/// A change to a user as the form, the API and the CLI give it (text as typed).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GebruikerWijziging {
    #[serde(default)]
    pub display_name: Option<String>,
    pub role: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub missie: Option<String>,
}

fn object(username: &str) -> String {
    format!("gebruiker {username}")
}

fn admin_only(by: &Account, object: &str) -> Result<(), AppFout> {
    if by.role() != Rol::Admin {
        return Err(AppFout::verboden(
            object,
            "alleen een beheerder mag gebruikers beheren",
            "only an administrator may manage users",
        ));
    }
    Ok(())
}

/// An administrator may not take away their own access: that could leave no administrator.
fn not_self(by: &Account, username: &str, what: (&str, &str)) -> Result<(), AppFout> {
    if by.username.as_str() == username {
        return Err(AppFout::ongeldig(
            "username",
            format!("je kunt je eigen account niet {}", what.0),
            format!("an administrator cannot {} their own account", what.1),
        ));
    }
    Ok(())
}

fn existing(s: &Store, username: &str) -> Result<gemeten_domain::AccountStand, AppFout> {
    s.user_state(username)?
        .filter(|st| st.deleted_at.is_none())
        .ok_or_else(|| AppFout::niet_gevonden("username", "gebruiker", "user", username))
}

/// Changes a user's name and role (with its organisation or mission): administrators only;
/// not their own role. The audit entry holds the account before and after.
pub fn change_user(
    store: &mut Store,
    register: &Register,
    by: &Account,
    username: &str,
    w: &GebruikerWijziging,
) -> Result<Account, AppFout> {
    let object = object(username);
    uitvoeren(
        store,
        by.username.as_str(),
        Handeling::GebruikerWijzigen,
        |s| {
            admin_only(by, &object)?;
            let before = existing(s, username)?.account;
            let role = Rol::parse(&w.role).ok_or_else(|| {
                let rollen = Rol::ALL.map(Rol::code).join(", ");
                AppFout::ongeldig(
                    "role",
                    format!("onbekende rol '{}'; kies uit {rollen}", w.role.trim()),
                    format!("unknown role '{}'; one of {rollen}", w.role.trim()),
                )
            })?;
            if by.username == before.username && role != before.role() {
                return Err(AppFout::ongeldig(
                    "role",
                    "je kunt je eigen rol niet veranderen",
                    "an administrator cannot change their own role",
                ));
            }
            let taak = Taak::new(role, given(&w.organisation), given(&w.missie))?;
            check_missie(register, &taak)?;
            let after = Account {
                display_name: given(&w.display_name)
                    .unwrap_or(before.display_name.as_str())
                    .to_owned(),
                username: before.username.clone(),
                taak,
            };
            if after == before {
                return Ok(Afloop::Ongewijzigd(after));
            }
            s.update_user(&after)?;
            gedaan(
                &object,
                Some(before.to_json()),
                Some(after.to_json()),
                after,
            )
        },
    )
}

/// What disabling ended: sessions and API tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uitgeschakeld {
    pub sessies: usize,
    pub tokens: usize,
}

/// Disables a user: they can no longer log in, and their sessions end and API tokens are
/// revoked at once. Administrators only, not themselves.
pub fn disable_user(
    store: &mut Store,
    by: &Account,
    username: &str,
) -> Result<Uitgeschakeld, AppFout> {
    let object = object(username);
    uitvoeren(
        store,
        by.username.as_str(),
        Handeling::GebruikerUitschakelen,
        |s| {
            admin_only(by, &object)?;
            not_self(by, username, ("uitschakelen", "disable"))?;
            let before = existing(s, username)?;
            if before.disabled_at.is_some() {
                return Ok(Afloop::Ongewijzigd(Uitgeschakeld {
                    sessies: 0,
                    tokens: 0,
                }));
            }
            s.set_disabled(username, true)?;
            let gedaan_ = Uitgeschakeld {
                sessies: s.end_sessions(username)?,
                tokens: s.revoke_api_tokens(username)?,
            };
            gedaan(
                &object,
                Some(json!({ "actief": true })),
                Some(json!({
                    "actief": false,
                    "sessies_beeindigd": gedaan_.sessies,
                    "tokens_ingetrokken": gedaan_.tokens,
                })),
                gedaan_,
            )
        },
    )
}

/// Enables a disabled user again (they log in anew; their tokens stay revoked).
pub fn enable_user(store: &mut Store, by: &Account, username: &str) -> Result<(), AppFout> {
    let object = object(username);
    uitvoeren(
        store,
        by.username.as_str(),
        Handeling::GebruikerInschakelen,
        |s| {
            admin_only(by, &object)?;
            let before = existing(s, username)?;
            if before.disabled_at.is_none() {
                return Ok(Afloop::Ongewijzigd(()));
            }
            s.set_disabled(username, false)?;
            gedaan(
                &object,
                Some(json!({ "actief": false })),
                Some(json!({ "actief": true })),
                (),
            )
        },
    )
}

/// Deletes a user by anonymising them: name, role, password, sessions and tokens go; the
/// username stays in the audit log and cannot be taken again. Administrators only, not
/// themselves.
pub fn delete_user(store: &mut Store, by: &Account, username: &str) -> Result<(), AppFout> {
    let object = object(username);
    uitvoeren(
        store,
        by.username.as_str(),
        Handeling::GebruikerVerwijderen,
        |s| {
            admin_only(by, &object)?;
            not_self(by, username, ("verwijderen", "delete"))?;
            let before = existing(s, username)?;
            s.delete_user(username)?;
            gedaan(
                &object,
                Some(before.to_json()),
                Some(json!({ "verwijderd": true })),
                (),
            )
        },
    )
}

/// A new password, checked and hashed before any store is touched (hashing takes tens of
/// milliseconds); `generated` when gemeten made it up (then it must be shown, once).
#[derive(Clone)]
pub struct NieuwWachtwoord {
    pub password: String,
    pub generated: bool,
    hash: String,
}

impl std::fmt::Debug for NieuwWachtwoord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NieuwWachtwoord")
            .field("generated", &self.generated)
            .finish_non_exhaustive()
    }
}

impl NieuwWachtwoord {
    pub(crate) fn hash(&self) -> &str {
        &self.hash
    }

    /// The given password (at least 8 characters), or a random one.
    pub fn maak(given_password: Option<&str>) -> Result<NieuwWachtwoord, AppFout> {
        let (password, generated) = match given_password.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) if p.chars().count() < MIN_PASSWORD => {
                return Err(AppFout::ongeldig(
                    "password",
                    format!("het wachtwoord moet minstens {MIN_PASSWORD} tekens hebben"),
                    format!("the password needs at least {MIN_PASSWORD} characters"),
                ));
            }
            Some(p) => (p.to_owned(), false),
            None => (random_password(), true),
        };
        Ok(NieuwWachtwoord {
            hash: hash_password(&password),
            password,
            generated,
        })
    }
}

/// Changes a user's password and ends their sessions. One's own password needs the proof of
/// the current one; an administrator may set anyone else's without it. The audit entry says
/// how many sessions ended, never the password.
pub fn change_password(
    store: &mut Store,
    by: &Account,
    username: &str,
    nieuw: &NieuwWachtwoord,
    bewijs: Option<&Wachtwoordbewijs>,
) -> Result<(), AppFout> {
    let object = object(username);
    let own = by.username.as_str() == username;
    uitvoeren(
        store,
        by.username.as_str(),
        Handeling::WachtwoordWijzigen,
        |s| {
            if !own {
                admin_only(by, &object)?;
            }
            existing(s, username)?;
            if own && bewijs.is_none_or(|b| b.username != username) {
                return Err(AppFout::ongeldig(
                    "current_password",
                    "het huidige wachtwoord klopt niet",
                    "the current password is wrong",
                ));
            }
            s.set_password_hash(username, &nieuw.hash)?;
            let sessies = s.end_sessions(username)?;
            gedaan(
                &object,
                None,
                Some(json!({ "wachtwoord": "gewijzigd", "sessies_beeindigd": sessies })),
                (),
            )
        },
    )
}

/// Ends every session of a user (logs them out everywhere): the user themselves or an
/// administrator. How many ended.
pub fn revoke_sessions(store: &mut Store, by: &Account, username: &str) -> Result<usize, AppFout> {
    let object = object(username);
    uitvoeren(
        store,
        by.username.as_str(),
        Handeling::SessiesIntrekken,
        |s| {
            if by.username.as_str() != username {
                admin_only(by, &object)?;
            }
            existing(s, username)?;
            let n = s.end_sessions(username)?;
            gedaan(&object, None, Some(json!({ "sessies_beeindigd": n })), n)
        },
    )
}
