//! `gemeten user add` and `gemeten user list`: the web application's users, from the command
//! line (the first administrator comes with a new database). Adding one is the application
//! core's use case ([`gemeten_app::create_user`]), as on the web.

use anyhow::anyhow;
use clap::Subcommand;

use gemeten_app::{AppFout, GebruikerWijziging, NieuwWachtwoord, NieuweGebruiker};
use gemeten_domain::{Account, Register};
use gemeten_store::{AccountStore, Store};

use crate::i18n::Lang;
use crate::show::{print_json, Output};
use crate::table;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user of the web application; without --password a random one is printed once.
    Add {
        /// Username (letters, digits, '-', '_', '.'); it is the participant id in rounds.
        username: String,
        /// publiek (read), bijdrager (its organisation's projects), missieteam (its mission's
        /// projects and rounds) or admin (everything).
        #[arg(long)]
        role: String,
        /// For a bijdrager: the organisation, as projects name their partners.
        #[arg(long)]
        organisation: Option<String>,
        /// For a missieteam: the mission code (I, II, III, IV, V, C).
        #[arg(long)]
        mission: Option<String>,
        /// At least 8 characters (better: let gemeten make one).
        #[arg(long, env = "GEMETEN_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// The name shown in the web application (default: the username).
        #[arg(long)]
        name: Option<String>,
    },
    /// List the users with their role, organisation, mission and whether they are active.
    List,
    /// Change a user's name and role (with --organisation or --mission); administrators only.
    Set {
        username: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        organisation: Option<String>,
        #[arg(long)]
        mission: Option<String>,
        #[arg(long)]
        name: Option<String>,
    },
    /// Disable a user: no more logins; their sessions end and API tokens are revoked at once.
    Disable { username: String },
    /// Enable a disabled user again (their old tokens stay revoked).
    Enable { username: String },
    /// Delete a user: name, role, password, sessions and tokens go; the username stays in the
    /// audit log and cannot be used again.
    Delete {
        username: String,
        /// Confirms the deletion.
        #[arg(long)]
        yes: bool,
    },
    /// Set a user's password (administrators; without --password a random one is printed
    /// once); their sessions end.
    Password {
        username: String,
        #[arg(long, env = "GEMETEN_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// End every session of a user (logged out everywhere).
    RevokeSessions { username: String },
    /// Make an API token for a user, printed once with when it expires.
    Token {
        username: String,
        /// Days the token is valid.
        #[arg(long, default_value_t = gemeten_app::DEFAULT_TOKEN_DAYS)]
        days: u32,
    },
    /// A user's audit trail: what they did and what was done to their account.
    Audit {
        username: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

/// The CLI's options named as on the command line.
fn option_error(e: AppFout) -> anyhow::Error {
    // The CLI's options are named as on the command line.
    crate::als_optie(e, |field| match field {
        "username" => "USERNAME".to_owned(),
        "missie" => "--mission".to_owned(),
        "display_name" => "--name".to_owned(),
        f => format!("--{}", f.replace('_', "-")),
    })
}

fn done(out: Output, nl: &str, en: &str) {
    match out.lang {
        Lang::Nl => println!("{nl}"),
        Lang::En => println!("{en}"),
    }
}

pub fn run(
    store: &mut Store,
    register: &Register,
    cmd: UserCommand,
    als: &dyn Fn(&Store) -> anyhow::Result<Account>,
    out: Output,
) -> anyhow::Result<()> {
    match cmd {
        UserCommand::List => list(store, out),
        UserCommand::Set {
            username,
            role,
            organisation,
            mission,
            name,
        } => {
            let by = als(store)?;
            let w = GebruikerWijziging {
                display_name: name,
                role,
                organisation,
                missie: mission,
            };
            let a = gemeten_app::change_user(store, register, &by, &username, &w)
                .map_err(option_error)?;
            if out.json {
                return print_json(&a.to_json());
            }
            done(
                out,
                &format!("gebruiker {} gewijzigd ({})", a.username, a.role()),
                &format!("user {} changed ({})", a.username, a.role()),
            );
            Ok(())
        }
        UserCommand::Disable { username } => {
            let by = als(store)?;
            let d = gemeten_app::disable_user(store, &by, &username).map_err(option_error)?;
            done(
                out,
                &format!(
                    "gebruiker {username} uitgeschakeld: {} sessies beëindigd, {} API-tokens ingetrokken",
                    d.sessies, d.tokens
                ),
                &format!(
                    "user {username} disabled: {} sessions ended, {} API tokens revoked",
                    d.sessies, d.tokens
                ),
            );
            Ok(())
        }
        UserCommand::Enable { username } => {
            let by = als(store)?;
            gemeten_app::enable_user(store, &by, &username).map_err(option_error)?;
            done(
                out,
                &format!("gebruiker {username} ingeschakeld"),
                &format!("user {username} enabled"),
            );
            Ok(())
        }
        UserCommand::Delete { username, yes } => {
            if !yes {
                return Err(match out.lang {
                    Lang::Nl => anyhow!("--yes: bevestig het verwijderen van {username} met --yes"),
                    Lang::En => anyhow!("--yes: confirm deleting {username} with --yes"),
                });
            }
            let by = als(store)?;
            gemeten_app::delete_user(store, &by, &username).map_err(option_error)?;
            done(
                out,
                &format!("gebruiker {username} verwijderd (de naam blijft in het auditlog)"),
                &format!("user {username} deleted (the name stays in the audit log)"),
            );
            Ok(())
        }
        UserCommand::Password { username, password } => {
            let by = als(store)?;
            let nieuw = NieuwWachtwoord::maak(password.as_deref()).map_err(option_error)?;
            gemeten_app::change_password(store, &by, &username, &nieuw, None)
                .map_err(option_error)?;
            done(
                out,
                &format!("wachtwoord van {username} ingesteld; de sessies zijn beëindigd"),
                &format!("password of {username} set; the sessions have ended"),
            );
            if nieuw.generated {
                done(
                    out,
                    &format!(
                        "wachtwoord: {} — geef het door; het wordt niet opnieuw getoond",
                        nieuw.password
                    ),
                    &format!(
                        "password: {} — pass it on; it is not shown again",
                        nieuw.password
                    ),
                );
            }
            Ok(())
        }
        UserCommand::RevokeSessions { username } => {
            let by = als(store)?;
            let n = gemeten_app::revoke_sessions(store, &by, &username).map_err(option_error)?;
            done(
                out,
                &format!("{n} sessies van {username} beëindigd"),
                &format!("{n} sessions of {username} ended"),
            );
            Ok(())
        }
        UserCommand::Token { username, days } => {
            let by = als(store)?;
            let t = gemeten_app::create_token(store, &by, &username, days).map_err(option_error)?;
            if out.json {
                return print_json(&serde_json::json!({
                    "username": username,
                    "token": t.token,
                    "expires_at": t.expires_at,
                }));
            }
            done(
                out,
                &format!(
                    "API-token van {username}: {} — geldig tot {}; het wordt niet opnieuw getoond",
                    t.token, t.expires_at
                ),
                &format!(
                    "API token of {username}: {} — valid until {}; it is not shown again",
                    t.token, t.expires_at
                ),
            );
            Ok(())
        }
        UserCommand::Audit { username, limit } => {
            let trail = store.audit_log_of(&username, limit)?;
            if out.json {
                return print_json(&trail);
            }
            for r in &trail {
                println!("{}  {}  {}  {}", r.at, r.by, r.action, r.object);
            }
            Ok(())
        }
        UserCommand::Add {
            username,
            role,
            organisation,
            mission,
            password,
            name,
        } => {
            let new = NieuweGebruiker {
                username,
                display_name: name,
                role,
                organisation,
                missie: mission,
                password,
            };
            let by = als(store)?;
            let checked =
                gemeten_app::create_user(store, register, &by, &new).map_err(option_error)?;
            if out.json {
                let mut v = checked.account.to_json();
                if checked.generated {
                    v["password"] = checked.password.clone().into();
                }
                return print_json(&v);
            }
            let a = &checked.account;
            match out.lang {
                Lang::Nl => println!("gebruiker {} aangemaakt ({})", a.username, a.role()),
                Lang::En => println!("user {} created ({})", a.username, a.role()),
            }
            if checked.generated {
                match out.lang {
                    Lang::Nl => println!(
                        "wachtwoord: {} — geef het door; het wordt niet opnieuw getoond",
                        checked.password
                    ),
                    Lang::En => println!(
                        "password: {} — pass it on; it is not shown again",
                        checked.password
                    ),
                }
            }
            Ok(())
        }
    }
}

fn list(store: &Store, out: Output) -> anyhow::Result<()> {
    let states: Vec<_> = store
        .user_states()?
        .into_iter()
        .filter(|s| s.deleted_at.is_none())
        .collect();
    if out.json {
        return print_json(&states.iter().map(|s| s.to_json()).collect::<Vec<_>>());
    }
    let headers: [&str; 6] = match out.lang {
        Lang::Nl => [
            "gebruiker",
            "naam",
            "rol",
            "organisatie",
            "missie",
            "status",
        ],
        Lang::En => ["user", "name", "role", "organisation", "mission", "status"],
    };
    let mut t = table::plain(&headers.map(str::to_owned));
    for st in &states {
        let u = &st.account;
        let status = match (st.actief(), out.lang) {
            (true, Lang::Nl) => "actief",
            (true, Lang::En) => "active",
            (false, Lang::Nl) => "uitgeschakeld",
            (false, Lang::En) => "disabled",
        };
        t.add_row(vec![
            u.username.to_string(),
            u.display_name.clone(),
            u.role().to_string(),
            u.organisation().unwrap_or_default().to_owned(),
            u.missie().map(|m| m.code().to_owned()).unwrap_or_default(),
            status.to_owned(),
        ]);
    }
    println!("{t}");
    Ok(())
}
