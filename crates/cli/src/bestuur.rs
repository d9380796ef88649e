//! `gemeten meeting …`, `gemeten governance` and `gemeten agenda`: the meetings of the
//! governance bodies with their decisions and actions, the bodies' norms and the
//! international commitments per year, and a mission's yearly agenda. Every write is a use
//! case of `gemeten-app`; the agenda is the web's own view model (`jaaragenda_json`).

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use serde_json::{json, Value};

use gemeten_app::vergadering_uit_json;
use gemeten_domain::monitoring::Datum;
use gemeten_domain::{Account, ActieStatus, Id, MissieCode, Register};
use gemeten_monitoring::bestuur::{bestuur, jaaroverzicht};
use gemeten_store::{MonitoringStore, Store};

use crate::show::{print_json, Output};

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Record a meeting from a JSON file (`-` for stdin): `{"orgaan", "datum", "titel",
    /// "notities", "besluiten": [...], "acties": [{"text", "owner", "due", "activiteiten",
    /// "kpis", "projecten"}]}`; every action links to at least one activity, KPI or project.
    Add { file: PathBuf },
    /// The meetings of one body (`--body kernteam`) or of all, by date.
    List {
        #[arg(long)]
        body: Option<String>,
    },
    /// Change the status of an action (its number as `meeting list` shows it).
    Action {
        id: i64,
        /// open, gereed or vervallen.
        #[arg(long)]
        status: String,
    },
}

fn read_json(file: &std::path::Path) -> anyhow::Result<Value> {
    let name = file.display().to_string();
    let text = if name == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(file).with_context(|| name.clone())?
    };
    serde_json::from_str(&text).map_err(|e| {
        gemeten_domain::Probleem::new(
            format!("geen geldige JSON: {e}"),
            format!("not valid JSON: {e}"),
        )
        .bestand(name)
        .into()
    })
}

pub fn meeting(
    store: &mut Store,
    register: &Register,
    account: Option<&Account>,
    cmd: MeetingCommand,
    out: Output,
) -> anyhow::Result<()> {
    let l = out.lang;
    match cmd {
        MeetingCommand::Add { file } => {
            let account = account.context("--as")?;
            let v = vergadering_uit_json(read_json(&file)?)?;
            let (orgaan, datum) = (v.orgaan.clone(), v.datum);
            let id = gemeten_app::vergadering_vastleggen(store, register, account, v)?;
            if out.json {
                return print_json(&json!({ "id": id }));
            }
            println!(
                "{} {id} {} {orgaan} {datum} {}",
                l.t("vergadering", "meeting"),
                l.t("van", "of"),
                l.t("vastgelegd", "recorded")
            );
            Ok(())
        }
        MeetingCommand::List { body } => {
            let body = body
                .map(|b| b.parse::<Id>().map_err(|p| p.als_veld("body")))
                .transpose()?;
            if let Some(b) = &body {
                if bestuur().orgaan(b).is_none() {
                    return Err(
                        gemeten_domain::Probleem::onbekend("body", "gremium", "body", b).into(),
                    );
                }
            }
            let meetings = store.meetings(body.as_ref())?;
            if out.json {
                let v: Vec<Value> = meetings
                    .iter()
                    .map(|m| json!({ "id": m.id, "vergadering": m.vergadering, "actie_ids": m.actie_ids, "door": m.door }))
                    .collect();
                return print_json(&v);
            }
            for m in &meetings {
                let v = &m.vergadering;
                println!("#{} {} {} — {}", m.id, v.datum, v.orgaan, v.titel);
                for b in &v.besluiten {
                    println!("  {} {b}", l.t("besluit:", "decision:"));
                }
                for (a, id) in v.acties.iter().zip(&m.actie_ids) {
                    let links: Vec<&str> = a
                        .activiteiten
                        .iter()
                        .chain(&a.kpis)
                        .chain(&a.projecten)
                        .map(Id::as_str)
                        .collect();
                    println!(
                        "  {} {id} [{}] {}{} → {}",
                        l.t("actie", "action"),
                        a.status.label(l),
                        a.text,
                        a.due.map_or(String::new(), |d| format!(
                            " ({} {d})",
                            l.t("uiterlijk", "due")
                        )),
                        links.join(", ")
                    );
                }
            }
            Ok(())
        }
        MeetingCommand::Action { id, status } => {
            let account = account.context("--as")?;
            let status: ActieStatus = status
                .trim()
                .to_lowercase()
                .parse()
                .map_err(|p: gemeten_domain::Probleem| p.als_veld("status"))?;
            gemeten_app::actie_bijwerken(store, account, id, status)?;
            if out.json {
                return print_json(&json!({ "id": id, "status": status }));
            }
            println!("{} {id}: {}", l.t("actie", "action"), status.label(l));
            Ok(())
        }
    }
}

/// `gemeten governance [--year Y]`.
pub fn governance(store: &Store, year: Option<i32>, out: Output) -> anyhow::Result<()> {
    let l = out.lang;
    let year = year.unwrap_or_else(|| Datum::today().year());
    let meetings = store.meetings(None)?;
    let o = jaaroverzicht(
        meetings.iter().map(|m| &m.vergadering),
        &store.activity_histories()?,
        year,
    );
    if out.json {
        return print_json(&o);
    }
    println!("{} {year}", l.t("Governance", "Governance"));
    for r in &o.organen {
        let n = &r.jaar;
        println!(
            "  {:<28} {:>2} {} ({} {}: {}){}",
            r.orgaan.naam(l),
            n.meetings,
            l.t("vergaderingen", "meetings"),
            l.t("norm", "norm"),
            n.bereik(),
            l.t(n.norm.label_nl(), n.norm.label_en()),
            if r.orgaan.installed {
                ""
            } else {
                l.t(" — nog te installeren", " — still to be installed")
            }
        );
    }
    println!(
        "{}",
        l.t("Internationale toezeggingen", "International commitments")
    );
    for c in &o.toezeggingen {
        println!(
            "  {:<42} {:>2} / {} {}",
            c.toezegging.kind.label(l),
            c.count,
            c.toezegging.minimum,
            if c.met {
                l.t("gehaald", "met")
            } else {
                l.t("nog niet gehaald", "not met yet")
            }
        );
    }
    Ok(())
}

/// `gemeten agenda MISSION [--year Y]`.
pub fn agenda(
    store: &Store,
    register: &Register,
    mission: &str,
    year: Option<i32>,
    out: Output,
) -> anyhow::Result<()> {
    let l = out.lang;
    let code = MissieCode::parse_lenient(mission).map_err(|p| p.als_veld("mission"))?;
    let year = year.unwrap_or_else(|| Datum::today().year());
    let a =
        gemeten_web::jaaragenda_json(store, register, code, year).map_err(anyhow::Error::msg)?;
    if out.json {
        return print_json(&a);
    }
    let list = |k: &str| a[k].as_array().cloned().unwrap_or_default();
    let s = |v: &Value| v.as_str().unwrap_or("").to_owned();
    println!(
        "{} {year} — {} ({} {})",
        l.t("Jaaragenda", "Yearly agenda"),
        code.label(l),
        l.t("peildatum", "reference date"),
        s(&a["peildatum"])
    );
    println!(
        "{}",
        l.t("Doelen en hun status:", "Targets and their status:")
    );
    for d in list("doelen") {
        let label = l.t(
            d["status_label"]["nl"].as_str().unwrap_or(""),
            d["status_label"]["en"].as_str().unwrap_or(""),
        );
        println!(
            "  {} — {label}: {}",
            s(&d["doel"]),
            s(&d[l.t("reason", "reason_en")])
        );
    }
    println!("{}", l.t("Activiteiten achter:", "Activities behind:"));
    for x in list("activiteiten_achter") {
        let why: Vec<String> = x["reasons"]
            .as_array()
            .into_iter()
            .flatten()
            .map(s)
            .collect();
        println!("  {} — {}", s(&x["activiteit"]), why.join("; "));
    }
    println!(
        "{}",
        l.t("Activiteiten zonder eigenaar:", "Activities without owner:")
    );
    for x in list("activiteiten_zonder_eigenaar") {
        println!("  {}", s(&x["activiteit"]));
    }
    println!(
        "{}",
        l.t(
            "Gaten in de innovatiepijplijn:",
            "Gaps in the innovation pipeline:"
        )
    );
    for x in a["pijplijn"]["target_gaps"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!("  {} {}", l.t("doel", "target"), s(&x["doel"]));
    }
    for x in a["pijplijn"]["question_gaps"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!("  {} {}", l.t("vraag", "question"), s(&x["vraag"]));
    }
    println!("{}", l.t("Open barrières:", "Open barriers:"));
    for x in list("barrieres") {
        println!("  {} — {}", s(&x["barriere"]), s(&x["title_nl"]));
    }
    println!(
        "{}",
        l.t("Open acties van de governance:", "Open governance actions:")
    );
    for x in list("acties") {
        println!(
            "  {} {} ({}, {}): {}",
            l.t("actie", "action"),
            x["actie_id"],
            s(&x["orgaan"]),
            s(&x["datum"]),
            s(&x["text"])
        );
    }
    Ok(())
}
