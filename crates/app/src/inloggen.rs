//! Logging in, in three steps so that the password hash — tens of milliseconds of CPU — is
//! computed without holding a store connection: [`inloggen_voorbereiden`] reads the throttle
//! counts and the stored hash, [`Inlogpoging::controleer`] verifies (no store), and
//! [`inloggen_afronden`] starts the session or records the failure. [`inloggen`] runs the
//! three on one store, for callers that hold their own connection (the CLI, tests).
//!
//! Throttling: failed logins are counted in the store per account and per client address
//! over [`Drempels::venster`] seconds, so every server on one database counts alike. Past a
//! threshold an attempt is refused before any hash is computed, whatever the password. Every
//! failed login (not the refused ones, which an attacker could repeat at will) is in the
//! audit log, never with the password and never with the address.

use serde_json::json;

use gemeten_domain::{Account, Sessie};
use gemeten_store::{verify_password, AccountStore, Store};

use crate::handeling::{gedaan, uitvoeren, Afloop};
use crate::{AppFout, Handeling};

/// How many failed logins are allowed before attempts are refused for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drempels {
    /// Failed logins of one account within the window.
    pub per_gebruiker: usize,
    /// Failed logins from one address within the window (any account).
    pub per_adres: usize,
    /// The window, in seconds; also how long a refused client is told to wait.
    pub venster: i64,
}

/// Five wrong passwords per account and twenty per address in fifteen minutes.
pub const DREMPELS: Drempels = Drempels {
    per_gebruiker: 5,
    per_adres: 20,
    venster: 15 * 60,
};

/// Who the audit log names for a failed login: no one has logged in.
pub const NIET_INGELOGD: &str = "(niet ingelogd)";

/// What a login came to.
#[derive(Debug, Clone)]
pub enum Inlogd {
    Gelukt(Account, Sessie),
    /// A wrong password, an unknown or a disabled account: the caller cannot tell which.
    Mislukt,
    /// Too many failed logins for this account or from this address; try again after
    /// `seconden`. No password was checked.
    Geblokkeerd {
        seconden: i64,
    },
}

/// A login attempt as read from the store, before the password is checked.
#[derive(Debug, Clone)]
pub struct Inlogpoging {
    username: String,
    adres: Option<String>,
    /// The stored hash of an active account with this username.
    hash: Option<String>,
    /// What the audit log names on failure: the account, when one exists by that name.
    bestaat: bool,
    geblokkeerd: bool,
    venster: i64,
}

/// An attempt whose password has been checked.
#[derive(Debug, Clone)]
pub struct Inlogcontrole {
    poging: Inlogpoging,
    klopt: bool,
}

/// Proof that someone just gave `username`'s right password; only [`Inlogpoging::controleer`]
/// makes one (for a change of one's own password).
#[derive(Debug, Clone)]
pub struct Wachtwoordbewijs {
    pub(crate) username: String,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn keys(username: &str, adres: Option<&str>) -> (String, Option<String>) {
    (
        format!("gebruiker:{username}"),
        adres.map(|a| format!("adres:{a}")),
    )
}

/// Step one: the throttle counts and the stored hash. Nothing is computed or written.
pub fn inloggen_voorbereiden(
    store: &Store,
    username: &str,
    adres: Option<&str>,
    drempels: Drempels,
) -> Result<Inlogpoging, AppFout> {
    let username = username.trim().to_owned();
    let since = now() - drempels.venster;
    let (per_user, per_address) = keys(&username, adres);
    let mut geblokkeerd = store.failed_logins(&per_user, since)? >= drempels.per_gebruiker;
    if let Some(k) = &per_address {
        geblokkeerd |= store.failed_logins(k, since)? >= drempels.per_adres;
    }
    Ok(Inlogpoging {
        hash: store.password_hash(&username)?,
        bestaat: store.user_state(&username)?.is_some(),
        username,
        adres: adres.map(str::to_owned),
        geblokkeerd,
        venster: drempels.venster,
    })
}

impl Inlogpoging {
    /// Step two, without the store: one password-hash verification whether or not the
    /// account exists (against a dummy hash when it does not); none when the attempt is
    /// throttled.
    pub fn controleer(self, password: &str) -> Inlogcontrole {
        let klopt = !self.geblokkeerd && verify_password(password, self.hash.as_deref());
        Inlogcontrole {
            poging: self,
            klopt,
        }
    }
}

impl Inlogcontrole {
    /// The proof of the right password, for changing one's own.
    pub fn bewijs(&self) -> Option<Wachtwoordbewijs> {
        self.klopt.then(|| Wachtwoordbewijs {
            username: self.poging.username.clone(),
        })
    }
}

/// Step three: a new session (recorded, the account's failures forgotten), or the failure
/// recorded (counted for the throttle, in the audit log), or the refusal of a throttled
/// attempt (nothing written).
pub fn inloggen_afronden(
    store: &mut Store,
    controle: Inlogcontrole,
    seconds: i64,
) -> Result<Inlogd, AppFout> {
    let p = controle.poging;
    if p.geblokkeerd {
        return Ok(Inlogd::Geblokkeerd {
            seconden: p.venster,
        });
    }
    let (per_user, per_address) = keys(&p.username, p.adres.as_deref());
    if controle.klopt {
        // Read again inside the use case: the account may have been disabled meanwhile.
        let Some(account) = store.user(&p.username)? else {
            return Ok(Inlogd::Mislukt);
        };
        let sessie = uitvoeren(store, account.username.as_str(), Handeling::Inloggen, |s| {
            if s.password_hash(account.username.as_str())?.is_none() {
                return Ok(Afloop::Ongewijzigd(None));
            }
            s.clear_failed_logins(&per_user)?;
            let sessie = s.start_session(account.username.as_str(), seconds)?;
            gedaan("sessie", None, None, Some(sessie))
        })?;
        return Ok(match sessie {
            Some(sessie) => Inlogd::Gelukt(account, sessie),
            None => Inlogd::Mislukt,
        });
    }
    // Only a known username is named: an unknown one may be a password typed in the wrong
    // field.
    let object = if p.bestaat {
        format!("gebruiker {}", p.username)
    } else {
        "onbekende gebruiker".to_owned()
    };
    let reden = match (p.bestaat, p.hash.is_some()) {
        (false, _) => "onbekende gebruikersnaam",
        (true, false) => "account uitgeschakeld of verwijderd",
        (true, true) => "onjuist wachtwoord",
    };
    uitvoeren(store, NIET_INGELOGD, Handeling::InloggenMislukt, |s| {
        let at = now();
        let mut ks = vec![per_user.as_str()];
        ks.extend(per_address.as_deref());
        s.record_failed_login(&ks, at, at - p.venster)?;
        gedaan(object, None, Some(json!({ "reden": reden })), ())
    })?;
    Ok(Inlogd::Mislukt)
}

/// Logs a user in on one store: the three steps above. For callers that hold their own
/// connection; a server runs the steps itself so that the hash is computed off the store.
pub fn inloggen(
    store: &mut Store,
    username: &str,
    password: &str,
    adres: Option<&str>,
    seconds: i64,
) -> Result<Inlogd, AppFout> {
    let poging = inloggen_voorbereiden(store, username, adres, DREMPELS)?;
    inloggen_afronden(store, poging.controleer(password), seconds)
}
