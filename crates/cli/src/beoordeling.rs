//! `gemeten assess`, `gemeten assessments`, `gemeten call …`, `gemeten rocket` and
//! `gemeten projects import --call`: assessments on the ROCKET principles and the
//! kernelementen, calls with their requirements, and the −30 synthesis. Every write is a use
//! case of `gemeten-app`.

use std::path::Path;

use anyhow::Context;
use clap::Subcommand;
use serde_json::{json, Value};

use gemeten_app::{Inzending, NieuweBeoordeling};
use gemeten_domain::{
    Aanvraag, Account, Id, MissieCode, OnderwerpSoort, Oproep, Probleem, Register,
};
use gemeten_interchange::read_projects;
use gemeten_portfolio::rocket_synthese;
use gemeten_store::{ProjectStore, Store};

use crate::i18n::Lang;
use crate::show::{print_json, Output};

/// The target whose contributions `gemeten rocket` counts unless `--target` says otherwise:
/// the "−30" (the SES gap of the central mission).
pub const MIN_DERTIG: &str = "C-ses-verschil";

#[derive(Debug, Subcommand)]
pub enum CallCommand {
    /// Open a call from a JSON file: `{"id", "instrument", "title_nl", "opens", "closes",
    /// "requires_rocket", "requires_target"}`.
    Add { file: std::path::PathBuf },
    /// List the calls with their requirements.
    List,
}

fn read_json(file: &Path) -> anyhow::Result<Value> {
    let name = file.display().to_string();
    let text = if name == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(file).with_context(|| name.clone())?
    };
    serde_json::from_str(&text).map_err(|e| {
        Probleem::new(
            format!("geen geldige JSON: {e}"),
            format!("not valid JSON: {e}"),
        )
        .bestand(name)
        .into()
    })
}

/// `gemeten assess FILE`: an assessment as the API takes it (`-` for stdin).
pub fn assess(
    store: &mut Store,
    register: &Register,
    account: &Account,
    file: &Path,
    out: Output,
) -> anyhow::Result<()> {
    let nieuw = NieuweBeoordeling::from_json(read_json(file)?)?;
    let (soort, id) = (nieuw.soort, nieuw.onderwerp.clone());
    let seq = gemeten_app::beoordelen(store, register, account, nieuw)?;
    if out.json {
        return print_json(&json!({ "seq": seq }));
    }
    match out.lang {
        Lang::Nl => println!("beoordeling {seq} van {} {id} vastgelegd", soort.label_nl()),
        Lang::En => println!("assessment {seq} of {} {id} recorded", soort.label_en()),
    }
    Ok(())
}

/// `gemeten assessments [--kind K --id ID]`: the assessments, oldest first.
pub fn list(
    store: &Store,
    register: &Register,
    kind: Option<&str>,
    id: Option<&str>,
    out: Output,
) -> anyhow::Result<()> {
    let of = match (kind, id) {
        (Some(k), Some(i)) => Some((
            k.parse::<OnderwerpSoort>()
                .map_err(|p| p.als_veld("kind"))?,
            i.parse::<Id>().map_err(|p| p.als_veld("id"))?,
        )),
        (None, None) => None,
        _ => {
            return Err(Probleem::bij_veld(
                "kind",
                "geef --kind en --id samen",
                "give --kind and --id together",
            )
            .into())
        }
    };
    let stored = store.assessments(of.as_ref().map(|(k, i)| (*k, i)))?;
    if out.json {
        let v: Vec<Value> = stored
            .iter()
            .map(|s| json!({ "seq": s.seq, "beoordeling": s.beoordeling, "door": s.door }))
            .collect();
        return print_json(&v);
    }
    let l = out.lang;
    for s in &stored {
        let b = &s.beoordeling;
        println!(
            "#{} {} {} — {} — {} {} ({}){}",
            s.seq,
            b.soort.label(l),
            b.onderwerp,
            b.kader.label(l),
            if b.zelfbeoordeling {
                l.t("zelfbeoordeling van", "self-assessment of")
            } else {
                l.t("door", "by")
            },
            b.beoordelaar,
            b.datum,
            b.gemiddelde()
                .map(|g| format!(", {} {g:.1}", l.t("gemiddeld", "mean")))
                .unwrap_or_default()
        );
        for o in &b.oordelen {
            let name = register
                .parts()
                .maatstaf
                .iter()
                .find(|m| m.id == o.maatstaf)
                .map_or(o.maatstaf.as_str(), |m| m.name(l));
            println!(
                "  {name}: {} {} — {}",
                o.score.map_or("—".to_owned(), |s| s.to_string()),
                o.oordeel.as_ref().map_or("", |t| t.as_str()),
                o.toelichting
            );
        }
    }
    Ok(())
}

pub fn call(
    store: &mut Store,
    register: &Register,
    account: Option<&Account>,
    cmd: CallCommand,
    out: Output,
) -> anyhow::Result<()> {
    match cmd {
        CallCommand::Add { file } => {
            let account = account.context("--as")?;
            let name = file.display().to_string();
            let oproep: Oproep = serde_json::from_value(read_json(&file)?).map_err(|e| {
                Probleem::new(
                    format!("de oproep is niet te lezen: {e}"),
                    format!("the call cannot be read: {e}"),
                )
                .bestand(name)
            })?;
            let id = oproep.id.clone();
            gemeten_app::oproep_aanmaken(store, register, account, oproep)?;
            if out.json {
                return print_json(&json!({ "id": id }));
            }
            match out.lang {
                Lang::Nl => println!("oproep {id} geopend"),
                Lang::En => println!("call {id} opened"),
            }
            Ok(())
        }
        CallCommand::List => {
            let calls = store.calls()?;
            if out.json {
                return print_json(&calls);
            }
            let l = out.lang;
            for c in &calls {
                let mut eisen = Vec::new();
                if c.requires_rocket {
                    eisen.push(
                        l.t("ROCKET-zelfbeoordeling", "ROCKET self-assessment")
                            .to_owned(),
                    );
                }
                if let Some(d) = &c.requires_target {
                    eisen.push(format!("{} {d}", l.t("bijdrage aan", "contribution to")));
                }
                println!(
                    "{} ({} {}, {}–{}): {}; {}: {}",
                    c.id,
                    l.t("instrument", "instrument"),
                    c.instrument,
                    c.opens,
                    c.closes,
                    c.title_nl,
                    l.t("vereist", "requires"),
                    if eisen.is_empty() {
                        "—".to_owned()
                    } else {
                        eisen.join(", ")
                    }
                );
            }
            Ok(())
        }
    }
}

/// `gemeten projects import FILE --call ID --applications A.json`: the project list with the
/// applications the call requires (a JSON array of `{"project", "rocket": [...],
/// "bijdragen": [{"doel", "toelichting"}]}`).
#[allow(clippy::too_many_arguments)]
pub fn import_into_call(
    store: &mut Store,
    register: &Register,
    account: &Account,
    file: &Path,
    call: &str,
    applications: Option<&Path>,
    replace: bool,
    out: Output,
) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| name.clone())?;
    let projects = read_projects(&bytes, &name, register)?;
    let aanvragen: Vec<Aanvraag> = match applications {
        None => Vec::new(),
        Some(a) => {
            let an = a.display().to_string();
            serde_json::from_value(read_json(a)?).map_err(|e| {
                Probleem::new(
                    format!("de aanvragen zijn niet te lezen: {e}"),
                    format!("the applications cannot be read: {e}"),
                )
                .bestand(an)
            })?
        }
    };
    let call: Id = call.parse().map_err(|p: Probleem| p.als_veld("call"))?;
    let telling = gemeten_app::import_into_call(
        store,
        register,
        account,
        &call,
        &name,
        Inzending {
            projects: &projects,
            aanvragen: &aanvragen,
        },
        replace,
    )?;
    if out.json {
        return print_json(&json!({
            "file": name, "call": call, "added": telling.added,
            "replaced": telling.replaced, "unchanged": telling.unchanged,
        }));
    }
    match out.lang {
        Lang::Nl => println!(
            "{name}: {} projecten in oproep {call} ({} nieuw, {} vervangen)",
            projects.len(),
            telling.added,
            telling.replaced
        ),
        Lang::En => println!(
            "{name}: {} projects in call {call} ({} new, {} replaced)",
            projects.len(),
            telling.added,
            telling.replaced
        ),
    }
    Ok(())
}

/// `gemeten rocket MISSION [--target ID]`: how much of the mission's portfolio states a
/// contribution to the −30 and how it scores on ROCKET.
pub fn rocket(
    store: &Store,
    register: &Register,
    mission: &str,
    target: Option<&str>,
    out: Output,
) -> anyhow::Result<()> {
    let missie: MissieCode = mission
        .parse()
        .map_err(|p: Probleem| p.als_veld("mission"))?;
    let doel: Id = target
        .unwrap_or(MIN_DERTIG)
        .parse()
        .map_err(|p: Probleem| p.als_veld("target"))?;
    if !register.parts().doel.iter().any(|d| d.id == doel) {
        return Err(Probleem::onbekend("target", "doel", "target", &doel).into());
    }
    let beoordelingen: Vec<_> = store
        .assessments(None)?
        .into_iter()
        .map(|b| b.beoordeling)
        .collect();
    let all = rocket_synthese(
        register,
        &store.projects()?,
        &store.contributions()?,
        &beoordelingen,
        &doel,
    );
    let Some(s) = all.into_iter().find(|s| s.missie == missie) else {
        return Err(Probleem::onbekend("mission", "missie", "mission", missie).into());
    };
    if out.json {
        return print_json(&s);
    }
    let l = out.lang;
    println!(
        "{} {missie}: {} {}; {} {} {doel}; {} {}",
        l.t("Missie", "Mission"),
        s.projecten,
        l.t("projecten", "projects"),
        s.met_bijdrage,
        l.t("noemen een bijdrage aan", "state a contribution to"),
        s.met_rocket,
        l.t("met een ROCKET-beoordeling", "with a ROCKET assessment"),
    );
    for p in &s.per_principe {
        println!(
            "  {} ({}): {} (n = {})",
            p.letter.as_deref().unwrap_or("?"),
            p.maatstaf,
            p.gemiddelde.map_or("—".to_owned(), |g| format!("{g:.1}")),
            p.n
        );
    }
    Ok(())
}
