//! Who a write on the command line acts as.
//!
//! The command line writes as a named user of gemeten, with that user's own credentials:
//! `--as USER` (or `GEMETEN_AS`) with the password in `GEMETEN_PASSWORD` (asked for when a
//! terminal is attached), or an API token of the user in `GEMETEN_TOKEN`. Not the operating
//! system's user: on a shared PostgreSQL database the machine's account names nobody the
//! application knows, and anyone could claim any of them; with the web's credentials one
//! person has one name in the audit log whichever front end they use, and the role rules are
//! the same. (Whoever holds the database file or URL can still write with SQL; this is about
//! accountability of gemeten's own commands, not a wall around the database.)

use std::io::IsTerminal;

use anyhow::anyhow;

use gemeten_domain::Account;
use gemeten_store::Store;

use crate::i18n::Lang;

/// The password and token variables; never options, so they stay out of `ps` and shell
/// history.
const PASSWORD_VAR: &str = "GEMETEN_PASSWORD";
const TOKEN_VAR: &str = "GEMETEN_TOKEN";

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The user a write acts as, from `--as` and the credentials in the environment. Every
/// refusal is one line naming the option or variable.
pub fn account(store: &Store, als: Option<&str>, lang: Lang) -> anyhow::Result<Account> {
    let t = |nl: String, en: String| match lang {
        Lang::Nl => anyhow!(nl),
        Lang::En => anyhow!(en),
    };
    if let Some(token) = env(TOKEN_VAR) {
        let account = gemeten_app::token_account(store, &token)?.ok_or_else(|| {
            t(
                format!("{TOKEN_VAR}: onbekend of ingetrokken API-token"),
                format!("{TOKEN_VAR}: unknown or revoked API token"),
            )
        })?;
        if let Some(name) = als.filter(|n| *n != account.username.as_str()) {
            return Err(t(
                format!(
                    "--as {name}: het API-token in {TOKEN_VAR} is van '{}'",
                    account.username
                ),
                format!(
                    "--as {name}: the API token in {TOKEN_VAR} belongs to '{}'",
                    account.username
                ),
            ));
        }
        return Ok(account);
    }
    let Some(name) = als else {
        return Err(t(
            format!("deze opdracht schrijft en vraagt een gebruiker: geef --as GEBRUIKER (wachtwoord in {PASSWORD_VAR}) of een API-token in {TOKEN_VAR}"),
            format!("this command writes and needs a user: give --as USER (password in {PASSWORD_VAR}) or an API token in {TOKEN_VAR}"),
        ));
    };
    let password = match env(PASSWORD_VAR) {
        Some(p) => p,
        None if std::io::stdin().is_terminal() => {
            let prompt = match lang {
                Lang::Nl => format!("wachtwoord van {name}: "),
                Lang::En => format!("password of {name}: "),
            };
            rpassword::prompt_password(prompt)?
        }
        None => {
            return Err(t(
                format!("--as {name}: geef het wachtwoord in {PASSWORD_VAR}"),
                format!("--as {name}: give the password in {PASSWORD_VAR}"),
            ))
        }
    };
    gemeten_app::aanmelden(store, name, &password)?.ok_or_else(|| {
        t(
            format!("--as {name}: onbekende gebruiker of onjuist wachtwoord"),
            format!("--as {name}: unknown user or wrong password"),
        )
    })
}
