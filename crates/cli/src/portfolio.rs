//! `gemeten projects …`, `gemeten synthesis` and `gemeten route`: the innovation portfolio.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::json;

use gemeten_app::ImportGestopt;
use gemeten_app::{AppFout, ProjectPatch};
use gemeten_domain::{
    Account, Fase, Id, MissieCode, Probleem, Project, ProjectStatus, Register, Trl,
};
use gemeten_interchange::{projects_to_csv, read_csv_in_parts_beside, read_projects, InDelen};
use gemeten_portfolio::{route, synthese, PijplijnItem, Route};
use gemeten_store::{ProjectStore, Store};
use gemeten_zoek::{near_duplicates, Classificeerder, Zoekindex};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::Format;
use crate::i18n::{self, Lang};
use crate::show::{self, codes, fase, heading, print_json, section, Output};
use crate::table;

/// The example projects (made up, ids `vb-…`), which the first `gemeten serve` of a new
/// database stores so that a newcomer has projects to open and edit.
pub const EXAMPLES_NAME: &str = "data/voorbeeld/projecten.csv";

pub fn examples(register: &Register) -> anyhow::Result<Vec<Project>> {
    const EXAMPLES: &[u8] = include_bytes!("../../../data/voorbeeld/projecten.csv");
    Ok(read_projects(EXAMPLES, EXAMPLES_NAME, register)?)
}

/// Projects per part of a streamed import: a few MiB of projects at a time.
const PART: usize = 5_000;

/// The search index lives beside the database: `gemeten.sqlite` → `gemeten.sqlite.zoek/`.
fn index_dir(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".zoek");
    PathBuf::from(name)
}

fn progress_bar(len: u64, message: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(message);
    bar
}

/// The stamp of the store's portfolio that an index reflects: where the portfolio stands
/// ([`gemeten_store::PortfolioStand`]: the database's identity, its project version and
/// that version's mark; a database made anew at the same path, or a restored backup that
/// went on by itself, reaches the same versions with other projects).
fn stempel(store: &Store) -> anyhow::Result<String> {
    Ok(store.portfolio_stand()?.sleutel())
}

/// Rebuilds the whole index from the store (after an import, or when it lags the store).
fn reindex(store: &Store, db: &Path) -> anyhow::Result<Zoekindex> {
    let mut index = Zoekindex::open(&index_dir(db))?;
    // The version first: a change landing between the two reads makes the index look older
    // than it is (rebuilt once more later), never newer.
    let versie = stempel(store)?;
    let projects = store.projects()?;
    let bar = progress_bar(projects.len() as u64, "indexeren");
    index.rebuild(&projects, &|n| bar.set_position(n as u64), Some(&versie))?;
    bar.finish_and_clear();
    Ok(index)
}

/// The index is derived data: when bringing it up to date fails after the store's commit,
/// the command has still done what it said (and must not report that nothing changed). The
/// index keeps its old version, so the next search sees that it lags and rebuilds it.
fn index_lags(e: anyhow::Error, lang: Lang) {
    match lang {
        Lang::Nl => eprintln!(
            "let op: de zoekindex is niet bijgewerkt ({e}); de volgende zoekopdracht bouwt hem opnieuw op"
        ),
        Lang::En => eprintln!(
            "note: the search index was not updated ({e}); the next search rebuilds it"
        ),
    }
}

/// Brings the search index up to date after a project import that did not go through
/// [`import`] (the import into a call).
pub fn reindex_after_import(store: &Store, db: &Path, out: Output) -> anyhow::Result<()> {
    if let Err(e) = reindex(store, db) {
        index_lags(e, out.lang);
    }
    Ok(())
}

pub fn import(
    store: &mut Store,
    register: &Register,
    account: &Account,
    file: &Path,
    replace: bool,
    out: Output,
) -> anyhow::Result<()> {
    let name = file.display().to_string();
    // A CSV file is read as it is imported, in parts, in one transaction: neither the file
    // nor all its projects are held at once. It is read and checked on a second thread while
    // this one writes the parts already checked. The search indexes are not built here: they
    // see from the store's version that they lag, and the next search (`projects search`,
    // or `serve` at its start) brings them up to date.
    let (count, telling) = if name.to_ascii_lowercase().ends_with(".csv") {
        let input = std::fs::File::open(file).with_context(|| name.clone())?;
        let input = std::io::BufReader::with_capacity(1 << 20, input);
        let mut count = 0;
        let telling = gemeten_app::import_projects_in_parts(
            store,
            register,
            account,
            &name,
            replace,
            |part| {
                read_csv_in_parts_beside(input, &name, register, PART, part).inspect(|n| count = *n)
            },
        )
        .map_err(|e| match e {
            ImportGestopt::Lezen(InDelen::Lezen(e)) => anyhow::Error::from(e),
            ImportGestopt::Lezen(InDelen::Verwerken(e)) | ImportGestopt::App(e) => e.into(),
        })?;
        (count, telling)
    } else {
        let bytes = std::fs::read(file).with_context(|| name.clone())?;
        let projects = read_projects(&bytes, &name, register)?;
        drop(bytes);
        let telling =
            gemeten_app::import_projects(store, register, account, &name, &projects, replace)?;
        (projects.len(), telling)
    };
    if out.json {
        return print_json(&json!({
            "file": name,
            "added": telling.added,
            "replaced": telling.replaced,
            "unchanged": telling.unchanged,
        }));
    }
    let lang = out.lang;
    println!(
        "{name}: {count} {} ({} {}, {} {}, {} {})",
        i18n::PROJECTS_IMPORTED.get(lang),
        telling.added,
        i18n::NEW.get(lang),
        telling.replaced,
        i18n::REPLACED.get(lang),
        telling.unchanged,
        i18n::UNCHANGED.get(lang)
    );
    Ok(())
}

pub fn list(
    store: &Store,
    mission: Option<MissieCode>,
    trl: Option<Trl>,
    out: Output,
) -> anyhow::Result<()> {
    let projects: Vec<Project> = store
        .projects()?
        .into_iter()
        .filter(|p| mission.is_none_or(|m| p.missies.contains(&m)))
        .filter(|p| trl.is_none_or(|t| p.trl == Some(t)))
        .collect();
    if out.json {
        return print_json(&projects);
    }
    if projects.is_empty() {
        let total = store.project_count()?;
        println!(
            "{}",
            if total == 0 {
                i18n::NO_PROJECTS_HINT.get(out.lang)
            } else {
                i18n::NO_MATCH.get(out.lang)
            }
        );
        return Ok(());
    }
    section(&i18n::PROJECTS, out.lang, projects.len());
    let mut t = table::new(
        &[
            &i18n::CODE,
            &i18n::TITLE,
            &i18n::FUNDER,
            &i18n::MISSIONS_IN,
            &i18n::TRL,
            &i18n::STATUS,
            &i18n::EXPECTED,
        ],
        out.lang,
    );
    for p in &projects {
        t.add_row(vec![
            p.id.to_string(),
            p.title.to_string(),
            p.funder.to_string(),
            codes(&p.missies),
            opt(p.trl),
            status_label(p.status, out.lang).to_owned(),
            opt(p.expected_in_practice),
        ]);
    }
    println!("{}", show::terminal(&t.to_string()));
    Ok(())
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "?".to_owned(), |v| v.to_string())
}

fn status_label(s: ProjectStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => s.label_nl(),
        Lang::En => s.label_en(),
    }
}

fn find(store: &Store, id: &str) -> anyhow::Result<Project> {
    let id: Id = id.parse().context("project id")?;
    store.project(&id)?.ok_or_else(|| {
        Probleem::new(
            format!("project '{id}' bestaat niet"),
            format!("project '{id}' does not exist"),
        )
        .into()
    })
}

pub fn show_project(store: &Store, id: &str, out: Output) -> anyhow::Result<()> {
    let p = find(store, id)?;
    let history = store.history(&p.id)?;
    if out.json {
        return print_json(&json!({ "project": p, "history": history }));
    }
    heading(&format!("{} — {}", p.id, p.title));
    if let Some(s) = &p.summary {
        println!("{}", show::terminal(s.as_str()));
    }
    println!(
        "{}: {} · {}: {} · {}: {}",
        i18n::FUNDER.get(out.lang),
        show::terminal(p.funder.as_str()),
        i18n::STATUS.get(out.lang),
        status_label(p.status, out.lang),
        i18n::MISSIONS_IN.get(out.lang),
        codes(&p.missies)
    );
    println!(
        "TRL {} · SEL {} · BRL {} · {}: {} / {} / {} · {}: {}",
        opt(p.trl),
        opt(p.sel),
        opt(p.brl),
        i18n::PHASES.get(out.lang),
        fase(p.phase_innovation, out.lang),
        fase(p.phase_stakeholders, out.lang),
        fase(p.phase_environment, out.lang),
        i18n::EXPECTED.get(out.lang),
        opt(p.expected_in_practice)
    );
    if !p.kia_vragen.is_empty() {
        let ids: Vec<&str> = p.kia_vragen.iter().map(Id::as_str).collect();
        println!("{}: {}", i18n::QUESTIONS.get(out.lang), ids.join(", "));
    }
    if !p.kies.is_empty() {
        let ids: Vec<&str> = p.kies.iter().map(Id::as_str).collect();
        println!("KIES: {}", ids.join(", "));
    }
    section(&i18n::PARTNERS, out.lang, p.partners.len());
    for partner in &p.partners {
        let (kind, role) = match out.lang {
            Lang::Nl => (partner.kind.label_nl(), partner.role.label_nl()),
            Lang::En => (partner.kind.label_en(), partner.role.label_en()),
        };
        println!(
            "  {} ({kind}; {role})",
            show::terminal(partner.name.as_str())
        );
    }
    section(&i18n::FUNDING, out.lang, p.funding.len());
    for f in &p.funding {
        let instrument = f
            .instrument
            .as_ref()
            .map_or(String::new(), |i| format!(" [{i}]"));
        println!(
            "  {}{instrument}: € {} ({}–{})",
            show::terminal(f.funder.as_str()),
            f.amount.get(),
            f.from,
            f.to
        );
    }
    section(&i18n::HISTORY, out.lang, history.len());
    if !history.is_empty() {
        let mut t = table::new(
            &[
                &i18n::WHEN,
                &i18n::WHO,
                &i18n::FIELD,
                &i18n::BEFORE,
                &i18n::AFTER,
            ],
            out.lang,
        );
        for w in &history {
            t.add_row(vec![
                w.at.clone(),
                w.by.clone(),
                w.field.clone(),
                w.before.clone().unwrap_or_default(),
                w.after.clone().unwrap_or_default(),
            ]);
        }
        println!("{}", show::terminal(&t.to_string()));
    }
    Ok(())
}

/// The fields `gemeten projects set` can change.
#[derive(Debug, Default)]
pub struct Wijzig {
    pub trl: Option<i64>,
    pub sel: Option<i64>,
    pub brl: Option<i64>,
    pub status: Option<String>,
    pub phase_innovation: Option<String>,
    pub phase_stakeholders: Option<String>,
    pub phase_environment: Option<String>,
    pub expected_in_practice: Option<i64>,
    /// `--doel`, repeated: the whole list of linked targets.
    pub doelen: Vec<String>,
    /// `--kies`, repeated: the whole list of linked KIES elements.
    pub kies: Vec<String>,
    pub clear: Vec<String>,
}

/// The option that sets a field of [`gemeten_app::EDITABLE`].
fn option(field: &str) -> String {
    match field {
        "expected_in_practice" => "--expected".into(),
        f if f.starts_with("doelen") => format!("--doel{}", &f["doelen".len()..]),
        f if f.starts_with("kies") => format!("--kies{}", &f["kies".len()..]),
        f => format!("--{}", f.replace('_', "-")),
    }
}

impl Wijzig {
    /// The options as the JSON change the web sends: numbers, codes, `null` to clear. Every
    /// value is checked before anything is changed; a refusal names the option.
    fn patch(self) -> anyhow::Result<ProjectPatch> {
        let mut map = serde_json::Map::new();
        let mut put = |field: &str, v: Option<serde_json::Value>| {
            if let Some(v) = v {
                map.insert(field.to_owned(), v);
            }
        };
        put("trl", self.trl.map(Into::into));
        put("sel", self.sel.map(Into::into));
        put("brl", self.brl.map(Into::into));
        put(
            "status",
            self.status.map(|s| s.trim().to_lowercase().into()),
        );
        put(
            "phase_innovation",
            self.phase_innovation
                .map(|s| s.trim().to_lowercase().into()),
        );
        put(
            "phase_stakeholders",
            self.phase_stakeholders
                .map(|s| s.trim().to_lowercase().into()),
        );
        put(
            "phase_environment",
            self.phase_environment
                .map(|s| s.trim().to_lowercase().into()),
        );
        put(
            "expected_in_practice",
            self.expected_in_practice.map(Into::into),
        );
        put(
            "doelen",
            (!self.doelen.is_empty()).then(|| self.doelen.iter().map(|d| d.trim()).collect()),
        );
        put(
            "kies",
            (!self.kies.is_empty()).then(|| self.kies.iter().map(|k| k.trim()).collect()),
        );
        for field in &self.clear {
            let field = field.trim().replace('-', "_");
            // The status is never empty; every other editable field may be.
            if field == "status" || !gemeten_app::EDITABLE.contains(&field.as_str()) {
                let velden = gemeten_app::EDITABLE
                    .iter()
                    .filter(|f| **f != "status")
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Probleem::bij_veld(
                    "--clear",
                    format!("'{field}' kan niet leeg worden gemaakt; kies uit {velden}"),
                    format!("'{field}' cannot be cleared; one of {velden}"),
                )
                .into());
            }
            if map.insert(field.clone(), serde_json::Value::Null).is_some() {
                return Err(Probleem::bij_veld(
                    "--clear",
                    format!("{field} krijgt ook een waarde"),
                    format!("{field} is also given a value"),
                )
                .into());
            }
        }
        ProjectPatch::from_json(serde_json::Value::Object(map)).map_err(|e| match e {
            AppFout::Ongeldig(p) if p.0.iter().any(|q| q.reason.en == "no field to change") => {
                AppFout::Ongeldig(
                    Probleem::new(
                        "geef een veld om te wijzigen, bv. --trl 6 of --clear sel",
                        "give a field to change, e.g. --trl 6 or --clear sel",
                    )
                    .into(),
                )
                .into()
            }
            e => crate::als_optie(e, option),
        })
    }
}

/// `projects set`: the options as the change the web's form and API make, through the same
/// use case (role check, history, audit entry).
pub fn set(
    store: &mut Store,
    db: &Path,
    register: &Register,
    account: &Account,
    id: &str,
    w: Wijzig,
    out: Output,
) -> anyhow::Result<()> {
    let id: Id = id.parse().map_err(|_| {
        Probleem::new(
            format!("project '{id}' bestaat niet"),
            format!("project '{id}' does not exist"),
        )
    })?;
    let patch = w.patch()?;
    // The project versions before and after, read in the change's own transaction (which
    // holds the write lock), tell whether this change is the only one since them.
    let (voor, result, na) = store.atomically(|s| -> anyhow::Result<_> {
        let voor = stempel(s)?;
        let result = gemeten_app::change_project(s, register, account, &id, &patch);
        Ok((voor, result, stempel(s)?))
    })?;
    let (p, changed) = result?;
    if !changed.is_empty() {
        let bijgewerkt = Zoekindex::open(&index_dir(db))
            .and_then(|mut index| {
                // An index that was up to date is so again; one that lagged keeps lagging
                // (and is rebuilt by the next search) with this project in it already.
                let versie = (index.versie() == Some(voor)).then_some(na);
                index.update(std::slice::from_ref(&p), versie.as_deref())
            })
            .map_err(anyhow::Error::from);
        if let Err(e) = bijgewerkt {
            index_lags(e, out.lang);
        }
    }
    if out.json {
        return print_json(&json!({ "project": p.id, "changed": changed }));
    }
    if changed.is_empty() {
        println!("{}: {}", p.id, i18n::NOTHING_CHANGED.get(out.lang));
    } else {
        println!("{}: {}", p.id, changed.join(", "));
    }
    Ok(())
}

pub fn export(store: &Store, format: Format, path: &Path) -> anyhow::Result<()> {
    let projects = store.projects()?;
    let name = path.display().to_string();
    let bytes = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&projects)?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Csv => projects_to_csv(&projects, &name)?,
    };
    if name == "-" {
        use std::io::Write;
        std::io::stdout().write_all(&bytes)?;
    } else {
        std::fs::write(path, bytes).with_context(|| name.clone())?;
    }
    Ok(())
}

pub fn synthesis(
    store: &Store,
    register: &Register,
    mission: MissieCode,
    threshold: i64,
    out: Output,
) -> anyhow::Result<()> {
    let threshold = Trl::try_from(threshold).context("--trl")?;
    let projects = store.projects()?;
    let s = synthese(register, &projects, mission, threshold);
    if out.json {
        return print_json(&s);
    }
    let lang = out.lang;
    heading(&format!(
        "{} — {}",
        i18n::SYNTHESIS.get(lang),
        show::missie_label(mission, lang)
    ));
    section(&i18n::PIPELINE, lang, s.items.len());
    if projects.is_empty() {
        println!("{}", i18n::NO_PROJECTS_HINT.get(lang));
    }
    if !s.items.is_empty() {
        println!("{}:", i18n::BY_TRL.get(lang));
        let max = s.by_trl.iter().copied().max().unwrap_or(1).max(1);
        for trl in (1..=9).rev().chain([0]) {
            let n = s.by_trl[trl];
            let label = if trl == 0 {
                i18n::UNKNOWN.get(lang).to_owned()
            } else {
                format!("TRL {trl}")
            };
            println!("  {label:>9} {:>5} {}", n, bar(n, max));
        }
        println!("{}:", i18n::BY_SEL.get(lang));
        for sel in (1..=4).rev().chain([0]) {
            let label = if sel == 0 {
                i18n::UNKNOWN.get(lang).to_owned()
            } else {
                format!("SEL {sel}")
            };
            println!("  {label:>9} {:>5}", s.by_sel[sel]);
        }
        println!("{}:", i18n::BY_PHASE.get(lang));
        let mut headers: Vec<String> = vec![i18n::ELEMENT.get(lang).to_owned()];
        headers.extend(Fase::ALL.iter().map(|f| fase(Some(*f), lang).to_owned()));
        headers.push(i18n::UNKNOWN.get(lang).to_owned());
        let mut t = table::plain(&headers);
        for (e, counts) in s.by_phase.iter().enumerate() {
            let mut row = vec![i18n::ELEMENTS[e].get(lang).to_owned()];
            row.extend(counts.iter().map(usize::to_string));
            t.add_row(row);
        }
        println!("{t}");
        let mut t = table::new(
            &[
                &i18n::CODE,
                &i18n::TITLE,
                &i18n::ORIGIN,
                &i18n::TRL,
                &i18n::EXPECTED,
            ],
            lang,
        );
        for i in &s.items {
            t.add_row(vec![
                i.id.to_string(),
                i.title.to_string(),
                origin(i, lang).to_owned(),
                opt(i.trl),
                opt(i.expected_in_practice),
            ]);
        }
        println!("{t}");
    }
    section(&i18n::ARRIVALS, lang, s.arrivals.len());
    for (year, ids) in &s.arrivals {
        println!("  {year}: {} ({})", ids.len(), join_ids(ids, 6));
    }
    if s.arrivals_unknown > 0 {
        println!("  {}: {}", i18n::UNKNOWN.get(lang), s.arrivals_unknown);
    }
    heading(&format!(
        "{} ({}) — TRL ≥ {}",
        i18n::QUESTION_GAPS.get(lang),
        s.question_gaps.len(),
        s.threshold
    ));
    if !s.question_gaps.is_empty() {
        let mut t = table::new(
            &[
                &i18n::CODE,
                &i18n::QUESTION,
                &i18n::ITEMS_BELOW,
                &i18n::HIGHEST_TRL,
            ],
            lang,
        );
        for g in &s.question_gaps {
            t.add_row(vec![
                g.vraag.id.to_string(),
                g.vraag.text_nl.to_string(),
                g.items_below.to_string(),
                opt(g.highest_trl),
            ]);
        }
        println!("{t}");
    }
    section(&i18n::TARGET_GAPS, lang, s.target_gaps.len());
    for g in &s.target_gaps {
        println!(
            "  {} — {} ({} {}, TRL {})",
            g.doel.id,
            g.doel.indicator_nl,
            g.projects_below,
            lang.t("gekoppelde projecten", "linked projects"),
            opt(g.highest_trl)
        );
    }
    section(&i18n::TECH_AHEAD, lang, s.technology_ahead.len());
    for id in &s.technology_ahead {
        println!("  {id}");
    }
    Ok(())
}

fn origin(i: &PijplijnItem, lang: Lang) -> &'static str {
    match (i.herkomst, lang) {
        (gemeten_portfolio::Herkomst::Innovatie, Lang::Nl) => "innovatie (002)",
        (gemeten_portfolio::Herkomst::Innovatie, Lang::En) => "innovation (002)",
        (gemeten_portfolio::Herkomst::Project, Lang::Nl) => "project",
        (gemeten_portfolio::Herkomst::Project, Lang::En) => "project",
    }
}

fn join_ids(ids: &[Id], max: usize) -> String {
    let shown: Vec<&str> = ids.iter().take(max).map(Id::as_str).collect();
    let more = ids.len().saturating_sub(max);
    if more > 0 {
        format!("{}, … +{more}", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn bar(n: usize, max: usize) -> String {
    "█".repeat((n * 40).div_ceil(max))
}

/// Routes for one project or innovation, or for every innovation of the register.
pub fn routes(
    store: &Store,
    register: &Register,
    id: Option<&str>,
    out: Output,
) -> anyhow::Result<()> {
    let items: Vec<PijplijnItem> = match id {
        None => register
            .parts()
            .innovatie
            .iter()
            .map(PijplijnItem::from)
            .collect(),
        Some(id) => {
            let key: Id = id.parse().context("id")?;
            if let Some(i) = register.parts().innovatie.iter().find(|i| i.id == key) {
                vec![PijplijnItem::from(i)]
            } else if let Some(p) = store.project(&key)? {
                vec![PijplijnItem::from(&p)]
            } else {
                return Err(Probleem::new(
                    format!("'{id}' is geen innovatie of project in het register"),
                    format!("'{id}' is no innovation or project in the register"),
                )
                .into());
            }
        }
    };
    let routes: Vec<Route> = items.into_iter().map(|i| route(register, i)).collect();
    if out.json {
        return print_json(&routes);
    }
    for r in &routes {
        print_route(r, out.lang);
    }
    Ok(())
}

fn print_route(r: &Route, lang: Lang) {
    heading(&format!(
        "{} — {} ({}; TRL {}, BRL {})",
        i18n::ROUTE.get(lang),
        r.item.title,
        codes(&r.item.missies),
        opt(r.item.trl),
        opt(r.item.brl)
    ));
    for (title, steps) in [(&i18n::FITS_NOW, &r.now), (&i18n::NEXT, &r.next)] {
        println!("{} ({}):", title.get(lang), steps.len());
        for s in steps.iter() {
            println!(
                "  • {} [{}] — {}",
                s.instrument.name_nl, s.instrument.id, s.reason
            );
        }
    }
    if !r.unknowns.is_empty() {
        println!(
            "{}: {}",
            i18n::ROUTE_UNKNOWNS.get(lang),
            r.unknowns.join(", ")
        );
    }
}

pub fn search(
    store: &Store,
    db: &Path,
    query: &str,
    limit: usize,
    out: Output,
) -> anyhow::Result<()> {
    let mut index = Zoekindex::open(&index_dir(db))?;
    if index.versie() != Some(stempel(store)?) {
        index = reindex(store, db)?;
    }
    let hits = index.search(query, limit)?;
    if out.json {
        return print_json(&hits);
    }
    if store.project_count()? == 0 {
        println!("{}", i18n::NO_PROJECTS_HINT.get(out.lang));
        return Ok(());
    }
    if hits.is_empty() {
        println!("{}", i18n::NO_MATCH.get(out.lang));
        return Ok(());
    }
    let mut t = table::new(
        &[&i18n::CODE, &i18n::TITLE, &i18n::FUNDER, &i18n::SCORE],
        out.lang,
    );
    for h in &hits {
        t.add_row(vec![
            h.id.clone(),
            h.title.clone(),
            h.funder.clone(),
            format!("{:.2}", h.score),
        ]);
    }
    println!("{t}");
    Ok(())
}

pub fn suggest(
    store: &Store,
    register: &Register,
    id: Option<&str>,
    top: usize,
    out: Output,
) -> anyhow::Result<()> {
    let projects: Vec<Project> = match id {
        Some(id) => vec![find(store, id)?],
        None => store
            .projects()?
            .into_iter()
            .filter(|p| p.missies.is_empty() || p.kia_vragen.is_empty())
            .collect(),
    };
    let mut c = Classificeerder::new(register);
    let results: Vec<serde_json::Value> = projects
        .iter()
        .map(|p| {
            let s = c.suggest(&p.text(), top);
            json!({
                "project": p.id,
                "title": p.title,
                "labelled_missies": p.missies,
                "missies": s.missies.iter().take(top).map(|(m, score)| json!({"missie": m, "score": score})).collect::<Vec<_>>(),
                "kia_vragen": s.vragen.iter().map(|(v, score)| json!({"kia_vraag": v, "score": score})).collect::<Vec<_>>(),
            })
        })
        .collect();
    if out.json {
        return print_json(&results);
    }
    if results.is_empty() {
        println!("{}", i18n::NOTHING_TO_SUGGEST.get(out.lang));
        return Ok(());
    }
    let mut t = table::new(
        &[
            &i18n::CODE,
            &i18n::TITLE,
            &i18n::MISSIONS_IN,
            &i18n::QUESTIONS,
        ],
        out.lang,
    );
    for r in &results {
        let list = |key: &str, name: &str| -> String {
            r[key]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| {
                    format!(
                        "{} ({:.2})",
                        x[name].as_str().unwrap_or("?"),
                        x["score"].as_f64().unwrap_or(0.0)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        t.add_row(vec![
            r["project"].as_str().unwrap_or("?").to_owned(),
            r["title"].as_str().unwrap_or("?").to_owned(),
            list("missies", "missie"),
            list("kia_vragen", "kia_vraag"),
        ]);
    }
    println!("{t}");
    Ok(())
}

pub fn duplicates(
    store: &Store,
    threshold: f32,
    across_funders: bool,
    out: Output,
) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&threshold) {
        return Err(Probleem::bij_veld(
            "--threshold",
            format!("{threshold}: kies een waarde tussen 0 en 1"),
            format!("{threshold}: choose a value between 0 and 1"),
        )
        .into());
    }
    let projects = store.projects()?;
    let pairs = near_duplicates(&projects, threshold, across_funders);
    if out.json {
        return print_json(&pairs);
    }
    section(&i18n::DUPLICATES, out.lang, pairs.len());
    if pairs.is_empty() {
        return Ok(());
    }
    let mut t = table::new(
        &[&i18n::PROJECT_A, &i18n::PROJECT_B, &i18n::SIMILARITY],
        out.lang,
    );
    for d in &pairs {
        t.add_row(vec![
            format!("{} ({})", d.a, d.funder_a),
            format!("{} ({})", d.b, d.funder_b),
            format!("{:.2}", d.similarity),
        ]);
    }
    println!("{t}");
    Ok(())
}

/// What `gemeten claim` was asked.
pub struct Claim<'a> {
    pub innovation: &'a str,
    pub doel: &'a str,
    /// Take the link back instead.
    pub ontkoppel: bool,
}

/// `gemeten claim INNOVATION --doel TARGET [--ontkoppel]`: links an innovation to a target
/// it claims to contribute to (`POST /api/v1/innovaties/{id}/doelen`), or takes that link
/// back (`DELETE /api/v1/innovaties/{id}/doelen/{doel}`); a refusal names `INNOVATION` or
/// `--doel`.
pub fn claim(
    store: &mut Store,
    register: &Register,
    account: &Account,
    claim: Claim<'_>,
    out: Output,
) -> anyhow::Result<()> {
    let i: Id = claim
        .innovation
        .parse()
        .map_err(|p: Probleem| p.als_veld("INNOVATION"))?;
    let d: Id = claim
        .doel
        .parse()
        .map_err(|p: Probleem| p.als_veld("--doel"))?;
    let doe = if claim.ontkoppel {
        gemeten_app::innovatie_doel_ontkoppelen
    } else {
        gemeten_app::innovatie_doel_koppelen
    };
    doe(store, register, account, &i, &d).map_err(|e| match e {
        AppFout::Ongeldig(p) => AppFout::Ongeldig(gemeten_domain::Problemen(
            p.0.into_iter()
                .map(|x| match x.field() {
                    Some("doel") => x.als_veld("--doel"),
                    _ => x,
                })
                .collect(),
        )),
        AppFout::NietGevonden(p) => AppFout::NietGevonden(p.als_veld("INNOVATION")),
        e => e,
    })?;
    if out.json {
        return print_json(&json!({ "innovatie": i, "doel": d, "gekoppeld": !claim.ontkoppel }));
    }
    let gedaan = match claim.ontkoppel {
        false => out.lang.t("gekoppeld", "linked"),
        true => out.lang.t("ontkoppeld", "unlinked"),
    };
    println!("{i} → {d}: {gedaan}");
    Ok(())
}

/// How an innovation is on a target's chain: it claims the target itself, projects on the
/// chain develop it, or both.
fn hoe_op_keten(i: &gemeten_portfolio::KetenInnovatie<'_>, l: Lang) -> String {
    let via = i
        .via_projecten
        .iter()
        .map(Id::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    match (i.direct, via.is_empty()) {
        (true, true) => l.t("zelf gekoppeld", "linked itself").to_owned(),
        (true, false) => format!(
            "{}; {} {via}",
            l.t("zelf gekoppeld", "linked itself"),
            l.t("en via project", "and through project")
        ),
        (false, _) => format!("{} {via}", l.t("via project", "through project")),
    }
}

/// `gemeten chain TARGET`: the chain of one target — its KPI status (as `progress` gives
/// it), the projects that link it, the innovations that link it themselves or that those
/// projects develop (each saying which), the instruments that
/// fund them or fit now or next, and the barriers and recommendations in the way. The same
/// as `GET /api/v1/doelen/{id}/keten`.
pub fn chain(store: &Store, register: &Register, target: &str, out: Output) -> anyhow::Result<()> {
    let id: Id = target.parse().map_err(|p: Probleem| p.als_veld("target"))?;
    let Some(doel) = register.parts().doel.iter().find(|d| d.id == id) else {
        return Err(Probleem::onbekend("target", "doel", "target", &id).into());
    };
    let projects = store.target_projects(&id)?;
    let direct: Vec<Id> = store
        .innovation_targets(None, Some(&id))?
        .into_iter()
        .map(|x| x.innovatie)
        .collect();
    let k = gemeten_portfolio::keten(register, &projects, &direct, &id)
        .ok_or_else(|| Probleem::onbekend("target", "doel", "target", &id))?;
    let obs = gemeten_store::WaarnemingStore::observations(store, None)?;
    let status = gemeten_indicators::voortgang(&[doel], &obs, &gemeten_app::catalogus(store)?)
        .into_iter()
        .next();
    if out.json {
        let mut v = serde_json::to_value(&k)?;
        v["voortgang"] = serde_json::to_value(&status)?;
        return print_json(&v);
    }
    let l = out.lang;
    println!(
        "{} {} ({} {})",
        l.t("Doel", "Target"),
        doel.id,
        l.t("missie", "mission"),
        doel.missie
    );
    println!(
        "  {}",
        l.t(
            doel.indicator_nl.as_str(),
            doel.indicator_en
                .as_ref()
                .unwrap_or(&doel.indicator_nl)
                .as_str()
        )
    );
    if let Some(s) = &status {
        println!(
            "  {}: {} — {}",
            l.t("Status", "Status"),
            l.t(s.status.label_nl(), s.status.label_en()),
            l.t(&s.reason, &s.reason_en)
        );
    }
    println!("{} ({})", l.t("Projecten", "Projects"), k.projecten.len());
    if k.projecten.is_empty() {
        println!(
            "  {}",
            l.t(
                "geen; koppel een project met: gemeten projects set ID --doel DOEL",
                "none; link a project with: gemeten projects set ID --doel TARGET"
            )
        );
    }
    for p in &k.projecten {
        let vb = if p.voorbeeld {
            l.t(" [verzonnen voorbeeld]", " [made-up example]")
        } else {
            ""
        };
        println!("  {} — {} (TRL {}){vb}", p.id, p.title, opt(p.trl));
    }
    println!(
        "{} ({})",
        l.t("Innovaties", "Innovations"),
        k.innovaties.len()
    );
    for i in &k.innovaties {
        println!(
            "  {} — {} ({})",
            i.innovatie.id,
            i.innovatie.name,
            hoe_op_keten(i, l)
        );
    }
    println!(
        "{} ({})",
        l.t("Instrumenten", "Instruments"),
        k.instrumenten.len()
    );
    let ids = |xs: &[Id]| xs.iter().map(Id::as_str).collect::<Vec<_>>().join(", ");
    for i in &k.instrumenten {
        println!(
            "  {} — {}: {}; {}: {}; {}: {}",
            i.instrument.id,
            l.t("financiert", "funds"),
            ids(&i.funds),
            l.t("past nu", "fits now"),
            ids(&i.fits_now),
            l.t("daarna", "next"),
            ids(&i.next)
        );
    }
    println!("{} ({})", l.t("Barrières", "Barriers"), k.barrieres.len());
    for b in &k.barrieres {
        let mark = if b.on_chain {
            l.t(" [op de keten]", " [on the chain]")
        } else {
            ""
        };
        println!("  {} — {}{mark}", b.barriere.id, b.barriere.title_nl);
    }
    println!(
        "{} ({})",
        l.t("Aanbevelingen", "Recommendations"),
        k.aanbevelingen.len()
    );
    for a in &k.aanbevelingen {
        println!("  {} — {}", a.id, a.what_nl);
    }
    Ok(())
}
