//! The `gemeten` binary: parses arguments, opens the store, and hands over to the command
//! modules. Errors are printed as one line per problem, never as a panic or backtrace.

mod als;
mod beoordeling;
mod bestuur;
mod cli;
mod gebruiker;
mod hle;
mod i18n;
mod monitoring;
mod portfolio;
mod publiceren;
mod ronde;
mod show;
mod table;
mod transfer;
mod voortgang;
mod waarnemingen_uit;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use gemeten_domain::{Fase, MissieCode, Probleem, Problemen, Trl};
use gemeten_indicators::IndicatorError;
use gemeten_interchange::ReadErrors;
use gemeten_store::{RegisterStore, Store};

/// mimalloc rather than the system's malloc: see the workspace's Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cli::{Cli, Command, FairCommand, KpiCommand, ProjectsCommand, ReportsCommand};
use gemeten_bronnen::BronFout;
use i18n::Lang;

/// How many problems of a refused input are printed; the rest are counted.
const MAX_PROBLEMS_SHOWN: usize = 50;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("gemeten: internal error: {info}; please report this");
    }));
    tijdstip("main begint");
    let cli = Cli::parse();
    let lang = cli.lang;
    let code = match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e, lang);
            ExitCode::FAILURE
        }
    };
    tijdstip("main eindigt");
    code
}

/// With `GEMETEN_TIJDEN` set: the wall-clock time now (seconds since 1970, to the
/// microsecond) on stderr, so that a benchmark can tell process start and exit (before
/// `main` begins, after it ends) from the work in between.
fn tijdstip(wat: &str) {
    if gemeten_indicators::tijden() {
        let nu = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        // CPU time of this (the main) thread so far, in nanoseconds, where Linux tells it:
        // the serial work of a run, apart from the threads it starts.
        let cpu = std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok());
        match cpu {
            Some(ns) => eprintln!(
                "tijden: {wat} {:.6}, CPU van de hoofddraad {:.3} ms",
                nu.as_secs_f64(),
                ns as f64 / 1e6
            ),
            None => eprintln!("tijden: {wat} {:.6}", nu.as_secs_f64()),
        }
    }
}

/// Prints a failure in `lang`: refused input (the one problem type, wherever it came from)
/// one problem per line, a refused role with its reason, anything else as it says itself.
fn report(e: &anyhow::Error, lang: Lang) {
    let label = i18n::ERROR.get(lang);
    let unchanged = i18n::NOTHING_CHANGED.get(lang);
    let problems: Option<Vec<String>> = match (
        e.downcast_ref::<ReadErrors>(),
        e.downcast_ref::<IndicatorError>(),
    ) {
        (Some(p), _) => Some(p.problemen().regels(lang)),
        (_, Some(IndicatorError::Invoer(v))) => Some(v.iter().map(|f| f.tekst(lang)).collect()),
        (_, Some(IndicatorError::Definitie(v))) => Some(v.iter().map(|p| p.tekst(lang)).collect()),
        _ => match e.downcast_ref::<gemeten_bronnen::BronFout>() {
            Some(
                f @ (BronFout::Koppeling { .. } | BronFout::Ophalen { .. } | BronFout::Invoer(_)),
            ) => Some(f.regels(lang)),
            _ => problemen(e, lang),
        },
    };
    if let Some(gemeten_app::AppFout::Verboden { reden, .. }) = e.downcast_ref() {
        let refused = match lang {
            Lang::Nl => "niet toegestaan (de poging staat in het auditlog)",
            Lang::En => "not allowed (the attempt is in the audit log)",
        };
        eprintln!("{label}: {refused}: {}; {unchanged}", reden.get(lang));
        return;
    }
    match problems.as_deref() {
        // A refusal can quote the input, control characters and all.
        Some([one]) => eprintln!("{label}: {}; {unchanged}", show::terminal(one)),
        Some(problems) => {
            let n = problems.len();
            eprintln!(
                "{label}: {n} {}; {unchanged}:",
                lang.t("problemen", "problems")
            );
            for p in problems.iter().take(MAX_PROBLEMS_SHOWN) {
                eprintln!("  {}", show::terminal(p));
            }
            if problems.len() > MAX_PROBLEMS_SHOWN {
                eprintln!("  … (+{})", problems.len() - MAX_PROBLEMS_SHOWN);
            }
        }
        None => eprintln!("{label}: {}", show::terminal(&keten(e, lang))),
    }
}

/// What `{e:#}` prints (each context, then the cause), with an operating-system error in
/// `lang`: the cause a user meets most (a file that is not there) in the user's language.
fn keten(e: &anyhow::Error, lang: Lang) -> String {
    e.chain()
        .map(|c| match c.downcast_ref::<std::io::Error>() {
            Some(io) => io_tekst(io, lang),
            None => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

fn io_tekst(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let (nl, en) = match e.kind() {
        K::NotFound => ("bestand of map bestaat niet", "no such file or directory"),
        K::PermissionDenied => ("geen toegang", "permission denied"),
        K::AlreadyExists => ("bestaat al", "already exists"),
        K::IsADirectory => ("is een map, geen bestand", "is a directory, not a file"),
        K::NotADirectory => ("is geen map", "is not a directory"),
        K::StorageFull => ("de schijf is vol", "no space left on the device"),
        K::AddrInUse => (
            "het adres is al in gebruik",
            "the address is already in use",
        ),
        K::InvalidData => {
            return lang.t("ongeldige gegevens: ", "invalid data: ").to_owned() + &e.to_string()
        }
        _ => return e.to_string(),
    };
    lang.t(nl, en).to_owned()
}

/// A use case's refusal with its input fields named as the command line's options
/// (`missie` → `--mission`), still the typed refusal so [`report`] says it in `--lang`.
pub(crate) fn als_optie(e: gemeten_app::AppFout, optie: impl Fn(&str) -> String) -> anyhow::Error {
    match e {
        gemeten_app::AppFout::Ongeldig(mut p) => {
            for q in &mut p.0 {
                if let Some(f) = q.field.take() {
                    q.field = Some(optie(&f).into());
                }
            }
            gemeten_app::AppFout::Ongeldig(p).into()
        }
        e => e.into(),
    }
}

/// The lines of refused input in `lang`: the use cases' refusals and the CLI's own, all the
/// domain's one problem type.
fn problemen(e: &anyhow::Error, lang: Lang) -> Option<Vec<String>> {
    use gemeten_app::AppFout;
    if let Some(f) = e.downcast_ref::<AppFout>() {
        return match f {
            AppFout::Ongeldig(p) => Some(p.regels(lang)),
            AppFout::NietGevonden(p) | AppFout::Bestaat(p) => Some(vec![p.tekst(lang)]),
            AppFout::Verboden { .. } | AppFout::Store(_) => None,
        };
    }
    // What a context added (`--today: …`) stays in front of the problem.
    let voor: String = e
        .chain()
        .take(e.chain().count() - 1)
        .map(|c| format!("{c}: "))
        .collect();
    if let Some(p) = e.downcast_ref::<Problemen>() {
        return Some(
            p.regels(lang)
                .into_iter()
                .map(|r| format!("{voor}{r}"))
                .collect(),
        );
    }
    e.downcast_ref::<Probleem>()
        .map(|p| vec![format!("{voor}{}", p.tekst(lang))])
}

fn parse_mission(s: &str) -> anyhow::Result<MissieCode> {
    Ok(MissieCode::parse_lenient(s)?)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let out = show::Output {
        lang: cli.lang,
        json: cli.json,
    };
    // Computations on files need no database.
    match cli.command {
        Command::Hle(h) => return hle::run(&h.file, &h.by, h.threads, &h.tabel, out),
        Command::Aggregate(a) => return hle::aggregate_partial(&a, out),
        Command::Combine { files, tabel } => return hle::combine(&files, &tabel, out),
        _ => {}
    }
    if let Command::Kpi(KpiCommand::List) = cli.command {
        return show_kpis(&cli.db, out);
    }
    let mut store = Store::open(&cli.db)?;
    let beside = beside_store(&cli.db);
    transfer::seed_if_new(&mut store, &cli.db, out)?;
    transfer::kies_aanvullen(&mut store, &cli.db, out)?;
    if !matches!(cli.command, Command::Serve { .. }) {
        // `serve` makes its administrator on its first start, with the examples.
        transfer::ensure_admin(&mut store, cli.admin_password.clone(), out.lang)?;
    }
    // Who a write acts as, asked for only by the commands that write.
    let als_name = cli.als.clone();
    let als = move |store: &Store| als::account(store, als_name.as_deref(), out.lang);
    match cli.command {
        Command::Init { reset } => {
            let account = reset.then(|| als(&store)).transpose()?;
            transfer::init(&mut store, account.as_ref(), out)
        }
        Command::Import {
            path,
            format,
            allow_empty,
        } => {
            let account = als(&store)?;
            transfer::import(&mut store, &account, &path, format, allow_empty, out)
        }
        Command::Kpi(KpiCommand::Import {
            file,
            mapping,
            replace,
        }) => {
            let account = als(&store)?;
            voortgang::import(
                &mut store,
                &account,
                &file,
                mapping.as_deref(),
                replace,
                out,
            )
        }
        Command::Kpi(KpiCommand::Define { file }) => {
            let account = als(&store)?;
            voortgang::define(&mut store, &account, &file, out)
        }
        Command::Kpi(KpiCommand::Fetch {
            publisher: _,
            table,
            mapping,
            replace,
            url,
        }) => {
            let account = als(&store)?;
            voortgang::fetch_cbs(
                &mut store,
                &account,
                &url,
                &table,
                mapping.as_deref(),
                replace,
                out,
            )
        }
        command => {
            let register = store.load()?;
            match command {
                Command::Missions => show::missions(&register, out),
                Command::Mission { code } => show::mission(&register, parse_mission(&code)?, out),
                Command::Instruments { mission, trl } => {
                    let mission = mission.as_deref().map(parse_mission).transpose()?;
                    let trl = trl.map(Trl::try_from).transpose().context("--trl")?;
                    show::instruments(&register, mission, trl, out)
                }
                Command::Innovations { mission, phase } => {
                    let mission = mission.as_deref().map(parse_mission).transpose()?;
                    let phase = phase
                        .as_deref()
                        .map(|p| p.to_lowercase().parse::<Fase>())
                        .transpose()
                        .context("--phase")?;
                    show::innovations(&register, mission, phase, out)
                }
                Command::Export { format, out: path } => transfer::export(&register, format, &path),
                Command::Progress { mission } => {
                    let mission = mission.as_deref().map(parse_mission).transpose()?;
                    voortgang::progress(&register, &store, mission, out)
                }
                Command::Projects(command) => {
                    projects(&mut store, &beside, &register, command, &als, out)
                }
                Command::Synthesis { mission, trl } => {
                    portfolio::synthesis(&store, &register, parse_mission(&mission)?, trl, out)
                }
                Command::Chain { target } => portfolio::chain(&store, &register, &target, out),
                Command::Claim {
                    innovation,
                    doel,
                    ontkoppel,
                } => {
                    let account = als(&store)?;
                    let claim = portfolio::Claim {
                        innovation: &innovation,
                        doel: &doel,
                        ontkoppel,
                    };
                    portfolio::claim(&mut store, &register, &account, claim, out)
                }
                Command::Route { id } => portfolio::routes(&store, &register, id.as_deref(), out),
                Command::Fair(FairCommand::Export {
                    out: dir,
                    publisher,
                    license,
                    base_url,
                    contact_email,
                }) => {
                    let account = als(&store)?;
                    publiceren::fair_export(
                        &mut store,
                        &account,
                        &register,
                        &dir,
                        gemeten_publicatie::Uitgever {
                            name: publisher,
                            license,
                            base_url,
                            contact_email,
                        },
                        out,
                    )
                }
                Command::Report {
                    period,
                    out: path,
                    pdf,
                } => {
                    let account = als(&store)?;
                    let activiteiten = monitoring::status_per_missie(
                        &store,
                        &register,
                        monitoring::today(None)?,
                        out.lang,
                    )?;
                    publiceren::report(
                        &mut store,
                        &account,
                        &register,
                        &activiteiten,
                        &publiceren::RapportArgs {
                            period,
                            out: path,
                            pdf,
                        },
                        out,
                    )
                }
                Command::Activities {
                    mission,
                    status,
                    today,
                } => {
                    let mission = mission.as_deref().map(parse_mission).transpose()?;
                    let today = monitoring::today(today.as_deref())?;
                    monitoring::activities(
                        &store,
                        &register,
                        mission,
                        status.as_deref(),
                        today,
                        out,
                    )
                }
                Command::Activity(a) => activity(&mut store, &register, a, &als, out),
                Command::Reports(r) => reports(&mut store, &register, r, &als, out),
                Command::Kpi(KpiCommand::Mtib { by, period }) => {
                    monitoring::kpis(&store, by.map(Into::into), period.as_deref(), out)
                }
                Command::Assess { file } => {
                    let account = als(&store)?;
                    beoordeling::assess(&mut store, &register, &account, &file, out)
                }
                Command::Assessments { kind, id } => {
                    beoordeling::list(&store, &register, kind.as_deref(), id.as_deref(), out)
                }
                Command::Call(cmd) => {
                    let account = match cmd {
                        beoordeling::CallCommand::Add { .. } => Some(als(&store)?),
                        beoordeling::CallCommand::List => None,
                    };
                    beoordeling::call(&mut store, &register, account.as_ref(), cmd, out)
                }
                Command::Meeting(cmd) => {
                    let account = match cmd {
                        bestuur::MeetingCommand::List { .. } => None,
                        _ => Some(als(&store)?),
                    };
                    bestuur::meeting(&mut store, &register, account.as_ref(), cmd, out)
                }
                Command::Governance { year } => bestuur::governance(&store, year, out),
                Command::Agenda { mission, year } => {
                    bestuur::agenda(&store, &register, &mission, year, out)
                }
                Command::Kies {
                    id: Some(id),
                    mission: None,
                    kind: None,
                } => show::kies_knoop(&store, &register, &id, out),
                Command::Kies { mission, kind, .. } => {
                    let mission = mission.as_deref().map(parse_mission).transpose()?;
                    let kind = kind
                        .as_deref()
                        .map(|k| k.parse::<gemeten_domain::KiesSoort>())
                        .transpose()
                        .context("--kind")?;
                    show::kies(&store, &register, mission, kind, out)
                }
                Command::Rocket { mission, target } => {
                    beoordeling::rocket(&store, &register, &mission, target.as_deref(), out)
                }
                Command::Rounds => ronde::list(&store, out),
                Command::Round(cmd) => ronde::run(&mut store, &register, cmd, &als, out),
                Command::User(cmd) => gebruiker::run(&mut store, &register, cmd, &als, out),
                Command::Serve {
                    addr,
                    secure_cookies,
                    min_cell,
                    connections,
                    metrics_token,
                    base_url,
                    token_days,
                    interim_results,
                    header_timeout,
                    request_timeout,
                    idle_timeout,
                    max_connections,
                    zoekindex,
                } => serve(
                    store,
                    register,
                    addr,
                    out.lang,
                    cli.admin_password,
                    WebOptions {
                        db: cli.db.clone(),
                        secure_cookies,
                        min_cell,
                        connections,
                        metrics_token,
                        base_url,
                        token_days,
                        interim_results,
                        zoekindex,
                        grenzen: gemeten_web::Grenzen {
                            header_timeout: std::time::Duration::from_secs(header_timeout),
                            request_timeout: std::time::Duration::from_secs(request_timeout),
                            idle_timeout: std::time::Duration::from_secs(idle_timeout),
                            max_connections: max_connections as usize,
                        },
                    },
                ),
                Command::Init { .. }
                | Command::Import { .. }
                | Command::Hle(_)
                | Command::Aggregate(_)
                | Command::Combine { .. }
                | Command::Kpi(_) => {
                    unreachable!("handled above")
                }
            }
        }
    }
}

/// Resolves the user a write acts as (see `als`).
type Als<'a> = &'a dyn Fn(&Store) -> anyhow::Result<gemeten_domain::Account>;

fn activity(
    store: &mut Store,
    register: &gemeten_domain::Register,
    a: cli::ActivityCommand,
    als: Als<'_>,
    out: show::Output,
) -> anyhow::Result<()> {
    match a.action {
        None => monitoring::activity(store, register, &a.id, out),
        Some(cli::ActivityAction::Update {
            status,
            owner,
            note,
            period,
            milestone,
            done,
            evidence,
            counts_toward,
        }) => {
            let b = monitoring::Bijwerken {
                status,
                owner,
                note,
                period,
                milestone,
                done,
                evidence,
                counts_toward,
            };
            let account = als(store)?;
            monitoring::update_activity(store, register, &account, &a.id, b, out)
        }
    }
}

fn reports(
    store: &mut Store,
    register: &gemeten_domain::Register,
    command: ReportsCommand,
    als: Als<'_>,
    out: show::Output,
) -> anyhow::Result<()> {
    use cli::PeriodCommand;
    match command {
        ReportsCommand::Period(PeriodCommand::Add { id, due }) => {
            monitoring::add_period(store, &als(store)?, &id, &due, out)
        }
        ReportsCommand::Period(PeriodCommand::Close { id }) => {
            monitoring::close_period(store, &als(store)?, &id, out)
        }
        ReportsCommand::Period(PeriodCommand::List) => monitoring::periods(store, out),
        ReportsCommand::Submit {
            file,
            replace,
            today,
        } => {
            let today = monitoring::today(today.as_deref())?;
            let account = als(store)?;
            monitoring::submit(store, register, &account, &file, replace, today, out)
        }
        ReportsCommand::Review {
            project,
            period,
            approve: _,
            reject,
        } => monitoring::review(store, &als(store)?, &project, &period, reject, out),
        ReportsCommand::List { period } => monitoring::list_reports(store, period.as_deref(), out),
        ReportsCommand::Missing { period, today } => {
            let today = monitoring::today(today.as_deref())?;
            monitoring::missing(store, &period, today, out)
        }
    }
}

fn projects(
    store: &mut Store,
    db: &std::path::Path,
    register: &gemeten_domain::Register,
    command: ProjectsCommand,
    als: Als<'_>,
    out: show::Output,
) -> anyhow::Result<()> {
    match command {
        ProjectsCommand::Import {
            file,
            replace,
            call: None,
            ..
        } => {
            let account = als(store)?;
            portfolio::import(store, register, &account, &file, replace, out)
        }
        ProjectsCommand::Import {
            file,
            replace,
            call: Some(call),
            applications,
        } => {
            let account = als(store)?;
            beoordeling::import_into_call(
                store,
                register,
                &account,
                &file,
                &call,
                applications.as_deref(),
                replace,
                out,
            )?;
            portfolio::reindex_after_import(store, db, out)
        }
        ProjectsCommand::Search { query, limit } => {
            portfolio::search(store, db, &query, limit, out)
        }
        ProjectsCommand::Suggest { id, top } => {
            portfolio::suggest(store, register, id.as_deref(), top, out)
        }
        ProjectsCommand::Duplicates {
            threshold,
            same_funder,
        } => portfolio::duplicates(store, threshold, !same_funder, out),
        ProjectsCommand::List { mission, trl } => {
            let mission = mission.as_deref().map(parse_mission).transpose()?;
            let trl = trl.map(Trl::try_from).transpose().context("--trl")?;
            portfolio::list(store, mission, trl, out)
        }
        ProjectsCommand::Show { id } => portfolio::show_project(store, &id, out),
        ProjectsCommand::Set {
            id,
            trl,
            sel,
            brl,
            status,
            phase_innovation,
            phase_stakeholders,
            phase_environment,
            expected,
            doelen,
            kies,
            clear,
        } => {
            let w = portfolio::Wijzig {
                doelen,
                kies,
                trl,
                sel,
                brl,
                status,
                phase_innovation,
                phase_stakeholders,
                phase_environment,
                expected_in_practice: expected,
                clear,
            };
            let account = als(store)?;
            portfolio::set(store, db, register, &account, &id, w, out)
        }
        ProjectsCommand::Export { format, out: path } => portfolio::export(store, format, &path),
    }
}

/// The settings of `gemeten serve` that go into the web application's state.
struct WebOptions {
    /// The store, opened again as a pool of connections.
    db: String,
    secure_cookies: bool,
    min_cell: Option<u64>,
    connections: u32,
    metrics_token: Option<String>,
    /// The public address the FAIR identifiers are minted under.
    base_url: Option<String>,
    token_days: u32,
    interim_results: bool,
    /// `--zoekindex`; else beside the store.
    zoekindex: Option<std::path::PathBuf>,
    grenzen: gemeten_web::Grenzen,
}

/// The log of `gemeten serve` (one line per request, see `gemeten_web`'s telemetry): on
/// stderr, so stdout keeps only the lines scripts read (the address, the first password).
/// `RUST_LOG` chooses what is logged; by default gemeten's own crates at `info` and
/// everything else (hyper, tantivy, …) at `warn`.
fn init_logging() -> anyhow::Result<()> {
    let filter = match std::env::var("RUST_LOG") {
        // The parse error repeats its message as its source: said once.
        Ok(directives) => tracing_subscriber::EnvFilter::try_new(&directives)
            .map_err(|e| anyhow::anyhow!("RUST_LOG={directives:?} is not a log filter: {e}"))?,
        Err(_) => tracing_subscriber::EnvFilter::new(DEFAULT_LOG),
    };
    // `try_init` fails only when a subscriber is already set, which is then kept.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    Ok(())
}

/// The log filter without `RUST_LOG`: the targets `gemeten` (the binary) and `gemeten_*`
/// (the crates) at `info`, since a directive's target matches by prefix.
const DEFAULT_LOG: &str = "warn,gemeten=info";

/// `gemeten serve`: the web application over this store and register, until Ctrl-C. On the
/// first start (no users yet) the administrator `admin` is created, with the given password
/// or a random one that is printed once, and the practice round `oefen-II` in which `admin`
/// votes (unless a round of that id exists).
fn serve(
    mut store: Store,
    register: gemeten_domain::Register,
    addr: std::net::SocketAddr,
    lang: Lang,
    admin_password: Option<String>,
    options: WebOptions,
) -> anyhow::Result<()> {
    init_logging()?;
    if gemeten_app::is_first_start(&store)? {
        // The first start: a newcomer should find content in the KPI explorer and projects
        // to open and edit, an administrator, and a practice round to vote in.
        let echte = voortgang::echte()?;
        let voorbeelden = gemeten_app::Voorbeelden {
            observations: voortgang::samples(&echte)?,
            echte,
            echte_bron: "data/echt: CBS StatLine, RIVM Monitor missies".into(),
            projects: portfolio::examples(&register)?,
            bron: "data/voorbeeld".into(),
        };
        if let Some(start) =
            gemeten_app::first_start(&mut store, &register, &voorbeelden, admin_password)?
        {
            voortgang::samples_stored(start.echte, start.observations, lang);
            if start.projects > 0 {
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Nl => format!(
                            "{} voorbeeldprojecten opgeslagen (verzonnen, id's vb-…; uit {})",
                            start.projects,
                            portfolio::EXAMPLES_NAME
                        ),
                        Lang::En => format!(
                            "{} example projects stored (made up, ids vb-…; from {})",
                            start.projects,
                            portfolio::EXAMPLES_NAME
                        ),
                    }
                );
            }
            if start.admin.generated {
                // On stdout, before the address: the one place a newcomer looks.
                match lang {
                    Lang::Nl => println!(
                        "beheerder: admin / {} — bewaar dit wachtwoord; het wordt niet opnieuw getoond",
                        start.admin.password
                    ),
                    Lang::En => println!(
                        "administrator: admin / {} — keep this password; it is not shown again",
                        start.admin.password
                    ),
                }
            }
        }
    }
    let min_cell = gemeten_app::min_cell(&mut store, options.min_cell)
        .map_err(|e| als_optie(e, |f| format!("--{f}")))?;
    // The first start's connection goes; the server keeps a pool.
    drop(store);
    let pool = gemeten_store::Pool::open(&options.db, options.connections)?;
    let state = gemeten_web::AppState::with_pool(register, pool, lang)
        .with_secure_cookies(options.secure_cookies)
        .with_min_cell(min_cell)
        .with_metrics_token(options.metrics_token)
        .with_base_url(options.base_url.unwrap_or_else(|| format!("http://{addr}")))
        .with_token_days(options.token_days)
        .with_interim_results(options.interim_results)
        .with_zoekindex(Some(options.zoekindex.unwrap_or_else(|| {
            let mut dir = beside_store(&options.db).into_os_string();
            dir.push(".stukken");
            dir.into()
        })));
    gemeten_web::serve_blocking(state, addr, options.grenzen, |bound| match lang {
        Lang::Nl => println!("gemeten draait op http://{bound} (stoppen met Ctrl-C)"),
        Lang::En => println!("gemeten is running at http://{bound} (stop with Ctrl-C)"),
    })
    .with_context(|| addr.to_string())
}

/// Where files that go with the store (the search index) live: beside a SQLite file, or
/// in the working directory, named after the database, for PostgreSQL.
fn beside_store(db: &str) -> std::path::PathBuf {
    if !gemeten_store::Store::is_postgres_url(db) {
        return db.into();
    }
    let path = db.split(['?', '#']).next().unwrap_or_default();
    let name = path
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map(|(_, name)| name)
        .filter(|n| !n.is_empty())
        .unwrap_or("gemeten");
    name.into()
}

/// `kpi list`: the shipped catalogue, plus the administrators' KPIs of the database at `db`
/// when there is one; no database is made for a listing (it needs none).
fn show_kpis(db: &str, out: show::Output) -> anyhow::Result<()> {
    let cat = if Store::is_postgres_url(db) || std::path::Path::new(db).exists() {
        gemeten_app::catalogus(&Store::open(db)?)?
    } else {
        gemeten_indicators::Catalogus::standaard()?
    };
    if out.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&cat.kpis.values().collect::<Vec<_>>())?
        );
        return Ok(());
    }
    let mut t = table::new(
        &[
            &i18n::CODE,
            &i18n::NAME,
            &i18n::UNIT,
            &i18n::DIRECTION,
            &i18n::BREAKDOWNS,
            &i18n::SOURCE,
        ],
        out.lang,
    );
    for k in cat.kpis.values() {
        let name = match out.lang {
            Lang::Nl => &k.name_nl,
            Lang::En => &k.name_en,
        };
        let breakdowns: Vec<String> = k
            .breakdowns
            .iter()
            .map(|b| {
                serde_json::to_value(b)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect();
        t.add_row(vec![
            k.code.clone(),
            name.clone(),
            k.unit.clone(),
            k.direction.code().to_owned(),
            format!("region {}", breakdowns.join(" ")),
            k.source.clone(),
        ]);
    }
    println!("{t}");
    if !cat.eigen.is_empty() {
        let label = match out.lang {
            Lang::Nl => "Zelf gedefinieerd",
            Lang::En => "Defined by administrators",
        };
        let codes: Vec<&str> = cat.eigen.iter().map(String::as_str).collect();
        println!("{label}: {}", codes.join(", "));
    }
    Ok(())
}
