use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

/// gemeten: het register van de missies Gezondheid & Zorg — missies, doelen, kennisvragen,
/// activiteiten, instrumenten en innovaties, met hun bronnen.
///
/// gemeten: the register of the Dutch Health & Care missions.
#[derive(Debug, Parser)]
#[command(
    name = "gemeten",
    version,
    about = "gemeten — register, indicatoren, portefeuille en monitoring van de missies Gezondheid & Zorg\n\
             gemeten — register, indicators, portfolio and monitoring of the Dutch Health & Care missions",
    long_about = None
)]
pub struct Cli {
    /// The store: a SQLite database file, or a PostgreSQL database as a
    /// `postgresql://user:password@host/database` URL (for shared use); created and filled
    /// with the reference dataset on first use.
    #[arg(
        long,
        global = true,
        env = "GEMETEN_DB",
        default_value = "gemeten.sqlite"
    )]
    pub db: String,

    /// Language of labels and messages.
    #[arg(
        long,
        global = true,
        value_parser = lang_parser(),
        env = "GEMETEN_LANG",
        default_value = "nl"
    )]
    pub lang: Lang,

    /// Machine-readable JSON output instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    /// The user a write acts as (a user of the web application): every change is checked
    /// against that user's role and written to the audit log under its name. Its password
    /// comes from GEMETEN_PASSWORD, or is asked for on a terminal. Alternatively an API token
    /// of the user in GEMETEN_TOKEN (then --as may be left out).
    #[arg(long = "as", global = true, env = "GEMETEN_AS", value_name = "USER")]
    pub als: Option<String>,

    /// Password of the administrator `admin` that a new database gets (no users yet); without
    /// it a random one is printed once.
    #[arg(
        long,
        global = true,
        env = "GEMETEN_ADMIN_PASSWORD",
        hide_env_values = true
    )]
    pub admin_password: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// `--lang` as the domain's language: clap lists and checks the codes, `Lang` parses them
/// (the domain knows nothing of clap).
fn lang_parser() -> impl TypedValueParser<Value = Lang> {
    PossibleValuesParser::new(Lang::ALL.map(Lang::code)).try_map(|code| code.parse::<Lang>())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database and fill it with the reference dataset (if it is new).
    Init {
        /// Replace whatever the database holds with the reference dataset.
        #[arg(long)]
        reset: bool,
    },
    /// List all missions with their deadline and number of linked records.
    Missions,
    /// Show one mission: targets, theory of change, questions, activities, instruments,
    /// innovations (code: C, I, II, III, IV, V; `centraal` works too).
    Mission { code: String },
    /// List financial instruments.
    Instruments {
        /// Only instruments serving this mission.
        #[arg(long)]
        mission: Option<String>,
        /// Only instruments that can fund this TRL (1-9); instruments without a known TRL
        /// range are kept.
        #[arg(long)]
        trl: Option<i64>,
    },
    /// List innovations.
    Innovations {
        /// Only innovations serving this mission.
        #[arg(long)]
        mission: Option<String>,
        /// Only innovations whose own development is in this phase.
        #[arg(long)]
        phase: Option<String>,
    },
    /// Write the whole register as JSON (one file, `-` for stdout) or CSV (a folder with one
    /// file per table).
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Output file (JSON) or folder (CSV).
        #[arg(long, short, default_value = "-")]
        out: PathBuf,
    },
    /// Life expectancy and healthy life expectancy (Sullivan) per group, with standard
    /// errors, 95 % intervals and the SES gap; small cells are suppressed and flagged.
    Hle(HleCommand),
    /// At a data holder: sum microdata into partial counts per cell (no person-level record
    /// leaves), with provenance and a checksum, for `gemeten combine` elsewhere.
    Aggregate(AggregateCommand),
    /// Combine partial-count files of several holders into life tables and healthy life
    /// expectancy, exactly as one run over all the microdata would give.
    Combine {
        /// Partial-count files written by `gemeten aggregate`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        tabel: TabelOpties,
    },
    /// Observed KPI values.
    #[command(subcommand)]
    Kpi(KpiCommand),
    /// Progress towards every target: path from baseline to deadline, latest value, trend
    /// projections with 95 % intervals, and a status with its reason.
    Progress {
        /// Only the targets of this mission.
        #[arg(long)]
        mission: Option<String>,
    },
    /// The project portfolio: import funders' project lists, list, show, change.
    #[command(subcommand)]
    Projects(ProjectsCommand),
    /// Knowledge and innovation synthesis of a mission: the pipeline by TRL, SEL and phase,
    /// expected arrivals in practice, and the gaps.
    Synthesis {
        mission: String,
        /// Threshold for the gaps: questions and targets without anything at or beyond
        /// this TRL.
        #[arg(long, default_value_t = 7)]
        trl: i64,
    },
    /// The chain of a target: its KPI status, the projects that link it and their
    /// innovations, the instruments that fund them or fit next, and the barriers and
    /// recommendations in the way.
    Chain { target: String },
    /// Link an innovation of the register to a target it claims to contribute to (a target of
    /// one of its missions or of the central mission C); the target's chain then shows it.
    /// As an administrator or the mission team of one of the innovation's missions, who may
    /// also take a link back (`--ontkoppel`).
    Claim {
        innovation: String,
        /// The target (e.g. II-zorg-in-leefomgeving).
        #[arg(long = "doel", value_name = "TARGET")]
        doel: String,
        /// Take the innovation's link to the target back instead.
        #[arg(long)]
        ontkoppel: bool,
    },
    /// Financing route of an innovation or project: instruments that fit now and next.
    /// Without an id, the route of every innovation of the register.
    Route { id: Option<String> },
    /// FAIR export: the register, the portfolio and every KPI series as CSV and JSON, with
    /// a DCAT-AP style catalogue (identifiers, licence, coverage, provenance, checksums).
    #[command(subcommand)]
    Fair(FairCommand),
    /// The mission progress report for the governance: targets with status and charts,
    /// pipeline and gaps, activity status; HTML, and PDF with `--pdf` (needs Chromium).
    Report {
        /// Reporting period, as it should appear on the report (e.g. 2025).
        #[arg(long, default_value = "lopend")]
        period: String,
        #[arg(long, short, default_value = "voortgangsrapportage.html")]
        out: PathBuf,
        /// Also print the report to this PDF file.
        #[arg(long)]
        pdf: Option<PathBuf>,
    },
    /// Record an assessment on the ROCKET principles or the kernelementen from a JSON file
    /// (`-` for stdin), as `POST /api/v1/beoordelingen` takes it: soort, onderwerp, kader,
    /// oordelen (every principle with a score 1-5 or an oordeel, and a toelichting).
    Assess { file: PathBuf },
    /// List assessments: of one subject (`--kind project --id ID`) or all.
    Assessments {
        /// project, instrument, oproep or innovatie.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        id: Option<String>,
    },
    /// Calls (an instrument opening with a period) and what they require of each project.
    #[command(subcommand)]
    Call(crate::beoordeling::CallCommand),
    /// Meetings of the governance bodies (000, Governance): `meeting add FILE` (JSON as
    /// `POST /api/v1/vergaderingen` takes it), `meeting list [--body ID]`, `meeting action ID
    /// --status open|gereed|vervallen`.
    #[command(subcommand)]
    Meeting(crate::bestuur::MeetingCommand),
    /// The governance bodies with the year's meetings against their norm, and the international
    /// commitments' count in the year.
    Governance {
        #[arg(long)]
        year: Option<i32>,
    },
    /// A mission's yearly agenda for the programming meeting: its targets' status, activities
    /// behind or without owner, pipeline gaps, open barriers, open governance actions.
    Agenda {
        mission: String,
        #[arg(long)]
        year: Option<i32>,
    },
    /// The knowledge and innovation ecosystem (000 Figure 5): per kind its elements (top
    /// sectors, NWA routes, care agreements, key technologies and multi-year programmes, key
    /// methodologies, partnerships) with the missions whose rows name them.
    Kies {
        /// One element (its id, as `gemeten kies` lists them): its missions, the register's
        /// records it is, and the projects that link it.
        id: Option<String>,
        /// Only the elements this mission's row names.
        #[arg(long)]
        mission: Option<String>,
        /// Only elements of this kind (topsector, nwa_route, zorgakkoord, sleuteltechnologie,
        /// sleutelmethodologie, partnerschap).
        #[arg(long)]
        kind: Option<String>,
    },
    /// How much of a mission's portfolio states a contribution to the −30 (or `--target`)
    /// and how it scores on ROCKET.
    Rocket {
        mission: String,
        #[arg(long)]
        target: Option<String>,
    },
    /// List the prioritisation rounds: ballot kind, participants, ballots, published selection.
    Rounds,
    /// One prioritisation round: definition, ballots, the result by every method with the
    /// agreement. `round ID vote …` casts a ballot, `round ID result` computes and stores results.
    Round(RoundCommand),
    /// Users of the web application: `user add USERNAME --role …`, `user list`, `user set`,
    /// `disable`, `enable`, `delete`, `password`, `revoke-sessions`, `token`, `audit`.
    #[command(subcommand, alias = "users")]
    User(crate::gebruiker::UserCommand),
    /// Run the web application (pages and the JSON API under /api/v1) until Ctrl-C.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Mark the session cookies `Secure` (when served behind HTTPS).
        #[arg(long)]
        secure_cookies: bool,
        /// Small-cell threshold: observations resting on fewer persons or cases than this
        /// (their `n`) are withheld from every page, download and API answer. Fixed in the
        /// database on its first start (default 10); every later server must agree.
        #[arg(long)]
        min_cell: Option<u64>,
        /// Connections to the store the server keeps (readers do not wait for each other).
        #[arg(long, default_value_t = 8)]
        connections: u32,
        /// Let a scraper read /metrics without an account by sending
        /// `Authorization: Bearer TOKEN`; without it only administrators may.
        #[arg(long, env = "GEMETEN_METRICS_TOKEN", hide_env_values = true)]
        metrics_token: Option<String>,
        /// The public address of this server (e.g. `https://gemeten.example.nl`), under
        /// which the FAIR catalogue's identifiers are minted; without it, the listening
        /// address.
        #[arg(long, env = "GEMETEN_BASE_URL")]
        base_url: Option<String>,
        /// Days a new API token is valid unless its maker says otherwise.
        #[arg(long, default_value_t = gemeten_app::DEFAULT_TOKEN_DAYS,
              value_parser = clap::value_parser!(u32).range(1..=i64::from(gemeten_app::MAX_TOKEN_DAYS)))]
        token_days: u32,
        /// Show a round's interim results to participants who have not voted yet (by
        /// default they see them once they voted or the selection is published).
        #[arg(long)]
        interim_results: bool,
        /// Seconds a client has to send a request's headers before its connection is closed.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
        header_timeout: u64,
        /// Seconds a request (its body included) may take before it is answered 408.
        #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
        request_timeout: u64,
        /// Seconds a kept-alive connection may wait for its next request.
        #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
        idle_timeout: u64,
        /// Connections served at once; more wait until one closes.
        #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=65_536))]
        max_connections: u64,
        /// Folder for the search index, kept between starts and rebuilt only when the
        /// portfolio or the register changed (default: beside the SQLite file,
        /// `<db>.stukken/`; for PostgreSQL `<database name>.stukken/` in the working folder).
        #[arg(long)]
        zoekindex: Option<PathBuf>,
    },
    /// Monitoring overview of the KIA activities (per mission or the whole KIA): counts per
    /// status, activities behind schedule, without owner, and who carries most.
    Activities {
        #[arg(long)]
        mission: Option<String>,
        /// Only list activities with this status (gepland, gestart, opgeleverd, vastgelopen,
        /// vervallen); the counts stay over the whole scope.
        #[arg(long)]
        status: Option<String>,
        /// The date behind-schedule is judged on (YYYY-MM-DD; default today).
        #[arg(long)]
        today: Option<String>,
    },
    /// One KIA activity with its milestones, evidence, notes and history;
    /// `activity ID update …` records an update.
    Activity(ActivityCommand),
    /// Project reports on the minimal basic dataset: periods, submit, review, missing.
    #[command(subcommand)]
    Reports(ReportsCommand),
    /// Replace the register with the content of a JSON file or CSV folder. Everything is
    /// validated first; with any problem nothing is changed.
    Import {
        /// A JSON file, or a folder of CSV files.
        path: PathBuf,
        /// Input format; by default a folder is CSV and a file is JSON.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Allow the import to empty tables that hold records now (the audit log names
        /// them); without it such an import is refused.
        #[arg(long)]
        allow_empty: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FairCommand {
    /// Write every dataset and `catalogus.jsonld` into a folder.
    Export {
        #[arg(long, short, default_value = "fair-export")]
        out: PathBuf,
        /// Publisher named in the metadata.
        #[arg(long, default_value = "KIC Gezondheid & Zorg")]
        publisher: String,
        /// Licence URI of the data (synthetic example series are published under CC0 with a
        /// statement that they are not statistics).
        #[arg(long, default_value = "http://creativecommons.org/licenses/by/4.0/")]
        license: String,
        /// The public address of the web application that serves the package: every
        /// catalogue, dataset and distribution identifier is minted under it and resolves
        /// there.
        #[arg(
            long,
            env = "GEMETEN_BASE_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        base_url: String,
        /// An e-mail address for questions about the data (the catalogue's contact point).
        #[arg(long, env = "GEMETEN_CONTACT_EMAIL")]
        contact_email: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProjectsCommand {
    /// Add projects from a funder's CSV or JSON export (see README for the columns). All
    /// records are checked first, against each other and the register; with any problem
    /// nothing is stored.
    Import {
        file: PathBuf,
        /// Replace projects whose id is already stored (changes are logged).
        #[arg(long)]
        replace: bool,
        /// Import into this call: refused, naming every project and what it lacks, when the
        /// call requires a ROCKET self-assessment or a stated contribution the
        /// applications do not give.
        #[arg(long)]
        call: Option<String>,
        /// The applications for `--call`: a JSON array of {"project", "rocket": [...],
        /// "bijdragen": [{"doel", "toelichting"}]}.
        #[arg(long, requires = "call")]
        applications: Option<PathBuf>,
    },
    /// List projects.
    List {
        #[arg(long)]
        mission: Option<String>,
        #[arg(long)]
        trl: Option<i64>,
    },
    /// Show one project with its partners, funding and history of changes.
    Show { id: String },
    /// Change a project's readiness, phase, status or expected year; the change is logged.
    Set {
        id: String,
        #[arg(long)]
        trl: Option<i64>,
        #[arg(long)]
        sel: Option<i64>,
        #[arg(long)]
        brl: Option<i64>,
        /// aangevraagd, lopend, afgerond or gestopt.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        phase_innovation: Option<String>,
        #[arg(long)]
        phase_stakeholders: Option<String>,
        #[arg(long)]
        phase_environment: Option<String>,
        /// Year the innovation is expected in practice.
        #[arg(long)]
        expected: Option<i64>,
        /// A target (doel) the project contributes to, of one of its missions or of the
        /// central mission; repeatable, the list replaces the project's linked targets
        /// (`--clear doelen` unlinks them all).
        #[arg(long = "doel", value_name = "DOEL")]
        doelen: Vec<String>,
        /// An element of the knowledge and innovation ecosystem (`gemeten kies`) the project
        /// works with, named in the row of one of its missions or of the central mission;
        /// repeatable, the list replaces the project's linked elements (`--clear kies`
        /// unlinks them all).
        #[arg(long = "kies", value_name = "KIES")]
        kies: Vec<String>,
        /// Clear a field (trl, sel, brl, phase_innovation, phase_stakeholders,
        /// phase_environment, expected_in_practice, doelen, kies); repeatable.
        #[arg(long, value_name = "FIELD")]
        clear: Vec<String>,
    },
    /// Full-text search over titles, summaries and partners (Dutch and English stemming).
    Search {
        query: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Suggested missions and KIA questions, with a score, for projects without labels
    /// (or for one project).
    Suggest {
        id: Option<String>,
        /// How many questions to suggest per project.
        #[arg(long, default_value_t = 3)]
        top: usize,
    },
    /// Near-duplicate projects (similar title and summary) registered by different funders.
    Duplicates {
        /// Minimum Jaccard similarity of word pairs, 0-1.
        #[arg(long, default_value_t = 0.6)]
        threshold: f32,
        /// Also pairs within one funder.
        #[arg(long)]
        same_funder: bool,
    },
    /// Write all projects as JSON or CSV (the import format).
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[arg(long, short, default_value = "-")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum KpiCommand {
    /// Add observations from a file as its publisher put it out. A file gemeten ships a
    /// mapping for (data/koppelingen/, found by file name) or one read with `--mapping` is
    /// read through that mapping (CBS StatLine CSV, CBS OData TypedDataSet, VZinfo); any
    /// other file is gemeten's own CSV (columns kpi, period, region, value and optionally
    /// sex, ses_dimensie, ses, age_band, lower, upper, source, n, significantie,
    /// publicatiestatus, synthetisch). All rows are checked first; with any problem nothing
    /// is stored.
    Import {
        file: PathBuf,
        /// A mapping file (TOML) from the publisher's columns and codes to KPIs and groups.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Overwrite observations that are already stored.
        #[arg(long)]
        replace: bool,
    },
    /// Download a table from CBS's open-data service (OData) and import it through its
    /// mapping (the shipped one for the table, or `--mapping`). Needs the internet.
    Fetch {
        /// The publisher: only `cbs` for now.
        #[arg(value_parser = ["cbs"])]
        publisher: String,
        /// The table id, e.g. 71950ned.
        table: String,
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Overwrite observations that are already stored.
        #[arg(long)]
        replace: bool,
        /// The service address (for a mirror or a test server).
        #[arg(long, default_value = gemeten_bronnen::CBS_ODATA)]
        url: String,
    },
    /// List the KPI definitions (code, unit, direction, breakdowns, source): the shipped
    /// ones and, when the database exists, those administrators defined.
    List,
    /// Add or change KPI definitions from a TOML file in the `[[kpi]]` form of gemeten's own
    /// `kpis.toml` (administrators). Each is checked, also against the observations stored
    /// under its code; with any problem nothing is stored.
    Define { file: PathBuf },
    /// MTIB KPIs from approved project reports: euros public and private, FTEs, SMEs,
    /// outputs, reach; in total and broken down.
    Mtib {
        #[arg(long, value_enum)]
        by: Option<BreakdownArg>,
        /// Only reports of this period (default: all).
        #[arg(long)]
        period: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum BreakdownArg {
    Mission,
    Region,
    PartnerType,
    Year,
}

impl From<BreakdownArg> for gemeten_monitoring::Uitsplitsing {
    fn from(b: BreakdownArg) -> Self {
        use gemeten_monitoring::Uitsplitsing as U;
        match b {
            BreakdownArg::Mission => U::Mission,
            BreakdownArg::Region => U::Region,
            BreakdownArg::PartnerType => U::PartnerType,
            BreakdownArg::Year => U::Year,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ActivityCommand {
    /// Activity id, e.g. 000-II-4a (see `gemeten mission II` or `gemeten activities`).
    pub id: String,
    #[command(subcommand)]
    pub action: Option<ActivityAction>,
}

#[derive(Debug, Subcommand)]
pub enum ActivityAction {
    /// Record an update; it is checked first and kept with who and when.
    Update {
        /// gepland, gestart, opgeleverd, vastgelopen or vervallen.
        #[arg(long)]
        status: Option<String>,
        /// Owner: one of the activity's initiators (organisation id).
        #[arg(long)]
        owner: Option<String>,
        /// Progress note for --period.
        #[arg(long)]
        note: Option<String>,
        /// Reporting period of the note: 2025, 2025-H1, 2025-Q3.
        #[arg(long)]
        period: Option<String>,
        /// New milestone "title:YYYY-MM-DD" (due date); repeatable.
        #[arg(long)]
        milestone: Vec<String>,
        /// Milestone done "title:YYYY-MM-DD"; repeatable.
        #[arg(long)]
        done: Vec<String>,
        /// Evidence "title|url or path"; repeatable.
        #[arg(long)]
        evidence: Vec<String>,
        /// Counts toward an international commitment: "KIND:YYYY-MM-DD", KIND one of overleg,
        /// congres, ppp, call (what took place, and when).
        #[arg(long)]
        counts_toward: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// Reporting periods: add, close, list.
    #[command(subcommand)]
    Period(PeriodCommand),
    /// Submit reports from a JSON or TOML file (one report, a list, or {"reports": [...]}).
    /// Every report is checked against the basic dataset first; with any problem nothing is
    /// stored.
    Submit {
        file: std::path::PathBuf,
        /// Replace a rejected report of the same project and period.
        #[arg(long)]
        replace: bool,
        /// Submission date (YYYY-MM-DD; default today).
        #[arg(long)]
        today: Option<String>,
    },
    /// Approve or reject (with a reason) a submitted report; only approved reports count.
    Review {
        project: String,
        period: String,
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        approve: bool,
        /// Reject, with the reason.
        #[arg(long)]
        reject: Option<String>,
    },
    /// The reports (of a period) with their status.
    List { period: Option<String> },
    /// Projects running in the period without a report, and reports submitted late.
    Missing {
        period: String,
        /// The date to judge on (YYYY-MM-DD; default today).
        #[arg(long)]
        today: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PeriodCommand {
    /// Open a reporting period, e.g. `2025 --due 2026-03-01`.
    Add {
        id: String,
        #[arg(long)]
        due: String,
    },
    /// Close a period: it takes no more reports.
    Close {
        id: String,
    },
    List,
}

#[derive(Debug, clap::Args)]
pub struct HleCommand {
    /// Microdata (Parquet, or CSV with a `died` column, optionally gzip-compressed as
    /// .csv.gz: one row per person with year, age, sex, ses, region, exposure, died,
    /// good_health; or a directory or quoted glob pattern of such files, e.g.
    /// 'jaren/*.parquet', read as one population) or an aggregated table (CSV with age,
    /// deaths and population or mx, good_health and optionally health_n).
    pub file: PathBuf,
    /// Breakdown columns, comma-separated (e.g. sex,ses,region); none gives one total.
    #[arg(long, value_delimiter = ',')]
    pub by: Vec<String>,
    /// Threads that read Parquet microdata (default: one per core).
    #[arg(long)]
    pub threads: Option<std::num::NonZeroUsize>,
    #[command(flatten)]
    pub tabel: TabelOpties,
}

/// How life tables are built and shown; shared by `hle` and `combine`.
#[derive(Debug, Clone, clap::Args)]
pub struct TabelOpties {
    /// Single-year life table instead of the abridged 0, 1-4, 5-9, ... bands.
    #[arg(long)]
    pub single_year: bool,
    /// Start of the open last age band (default 85 abridged, 100 single-year).
    #[arg(long)]
    pub open_age: Option<u16>,
    /// Groups with fewer persons are suppressed and flagged.
    #[arg(long, default_value_t = 1000.0)]
    pub min_cell: f64,
    /// Age at which the table shows the expectancies (JSON always has all ages).
    #[arg(long, default_value_t = 0)]
    pub age: u16,
    /// Breakdown column holding the socio-economic group (1 = lowest).
    #[arg(long, default_value = "ses")]
    pub ses_column: String,
    /// Also write the full result as JSON to this file.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Also write the result as KPI observations (gemeten's own CSV, for `gemeten kpi
    /// import`): life expectancy and healthy life expectancy at `--age` 0 or 65 per sex and
    /// SES group, and the SES gap. The breakdown may hold only `sex` and the SES column.
    #[arg(long)]
    pub observations: Option<PathBuf>,
    /// The period the observations describe (e.g. 2024, or 2021/2024 for pooled years).
    #[arg(long, requires = "observations")]
    pub period: Option<String>,
    /// The region the observations describe (a code of the catalogue; NL01 is the country).
    #[arg(long, default_value = "NL01")]
    pub region: String,
    /// The SES breakdown the SES column's codes 1, 2, … belong to (lowest first).
    #[arg(long, default_value = "inkomen5")]
    pub ses_dimension: String,
}

#[derive(Debug, clap::Args)]
pub struct AggregateCommand {
    /// Microdata (Parquet, CSV, .csv.gz, a directory or a glob pattern), as for `gemeten hle`.
    pub file: PathBuf,
    /// Breakdown columns, comma-separated; every holder must use the same.
    #[arg(long, value_delimiter = ',')]
    pub by: Vec<String>,
    /// Threads that read Parquet microdata (default: one per core).
    #[arg(long)]
    pub threads: Option<std::num::NonZeroUsize>,
    /// Name of the data holder, recorded in the file.
    #[arg(long)]
    pub holder: String,
    /// Small cells: `keep` (exact; for combining between trusted parties) or a number N
    /// (cells with fewer than N persons are left out and counted).
    #[arg(long, default_value = "keep")]
    pub small_cells: String,
    /// The partial-count file to write (JSON).
    #[arg(long, short)]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct RoundCommand {
    /// Round id, e.g. 002-II (see `gemeten rounds`).
    pub id: String,
    #[command(subcommand)]
    pub action: Option<RoundAction>,
}

#[derive(Debug, Subcommand)]
pub enum RoundAction {
    /// Cast a ballot: your own (the participant is your username), or one that came in on
    /// paper or by e-mail on behalf of a participant. The round's ballot kind decides which of
    /// --top, --rank or --rate fits. A second ballot of a participant replaces the first (it
    /// stays in the history).
    Vote {
        /// Enter the ballot on behalf of this participant (see `gemeten round ID`).
        #[arg(long)]
        participant: Option<String>,
        /// Top-N vote: at most N candidate ids, comma-separated (best first if ordered).
        #[arg(long, value_delimiter = ',', conflicts_with_all = ["rank", "rate"])]
        top: Option<Vec<String>>,
        /// Full ranking: every candidate id, best first, comma-separated.
        #[arg(long, value_delimiter = ',', conflicts_with = "rate")]
        rank: Option<Vec<String>>,
        /// Ratings: candidate:criterion=score for every candidate and criterion.
        #[arg(long, value_delimiter = ',')]
        rate: Option<Vec<String>>,
    },
    /// Compute the result (all methods, or one) and store it with its fingerprint.
    Result {
        #[arg(long, value_enum)]
        method: Option<MethodArg>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    Approval,
    Borda,
    Mean,
    Median,
}

impl From<MethodArg> for gemeten_prioritering::Methode {
    fn from(m: MethodArg) -> Self {
        use gemeten_prioritering::Methode;
        match m {
            MethodArg::Approval => Methode::Approval,
            MethodArg::Borda => Methode::Borda,
            MethodArg::Mean => Methode::Mean,
            MethodArg::Median => Methode::Median,
        }
    }
}
