//! `gemeten user add` and `gemeten user list`: the web application's users, from the command
//! line (the first administrator comes with a new database). Adding one is the application
//! core's use case ([`gemeten_app::create_user`]), as on the web.

use clap::Subcommand;

use gemeten_app::NieuweGebruiker;
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
    /// List the users with their role, organisation and mission.
    List,
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
            let checked = gemeten_app::create_user(store, register, &by, &new).map_err(|e| {
                // The CLI's options are named as on the command line.
                crate::als_optie(e, |field| match field {
                    "username" => "USERNAME".to_owned(),
                    "missie" => "--mission".to_owned(),
                    "display_name" => "--name".to_owned(),
                    f => format!("--{f}"),
                })
            })?;
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
    let users = store.users()?;
    if out.json {
        return print_json(&users.iter().map(Account::to_json).collect::<Vec<_>>());
    }
    let headers: [&str; 5] = match out.lang {
        Lang::Nl => ["gebruiker", "naam", "rol", "organisatie", "missie"],
        Lang::En => ["user", "name", "role", "organisation", "mission"],
    };
    let mut t = table::plain(&headers.map(str::to_owned));
    for u in &users {
        t.add_row(vec![
            u.username.to_string(),
            u.display_name.clone(),
            u.role().to_string(),
            u.organisation().unwrap_or_default().to_owned(),
            u.missie().map(|m| m.code().to_owned()).unwrap_or_default(),
        ]);
    }
    println!("{t}");
    Ok(())
}
