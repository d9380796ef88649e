//! `gemeten hle`: life expectancy and healthy life expectancy per group from microdata
//! (Parquet or CSV) or from an aggregated table (CSV).

use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Map, Value};

use gemeten_indicators::{
    combineer, deeltelling, from_microdata, from_table, lees_deeltelling, ses_gaps, sha256_hex,
    Aggregaat, Herkomst, HleOpties, HleUitkomst, KleineCellen, Leeftijdsklassen, Verwachting,
};

use crate::cli::{AggregateCommand, TabelOpties};
use crate::i18n::{self, Lang};
use crate::show::Output;
use crate::table;
use crate::waarnemingen_uit;

/// Microdata has a `died` column; an aggregated table has `deaths` or `mx` instead.
fn is_microdata(path: &Path) -> anyhow::Result<bool> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "parquet" || ext == "pq" {
        return Ok(true);
    }
    let mut rdr = csv::Reader::from_path(path).with_context(|| path.display().to_string())?;
    let headers = rdr.headers().with_context(|| path.display().to_string())?;
    Ok(headers.iter().any(|h| h.trim() == "died"))
}

fn opties(t: &TabelOpties) -> anyhow::Result<HleOpties> {
    let open = t.open_age.unwrap_or(if t.single_year { 100 } else { 85 });
    let bands = if t.single_year {
        Leeftijdsklassen::single_year(open)
    } else {
        if !open.is_multiple_of(5) || open < 5 {
            return Err(gemeten_domain::Probleem::bij_veld(
                "--open-age",
                format!("{open}: voor verkorte tabellen een veelvoud van 5"),
                format!("{open}: a multiple of 5 for abridged tables"),
            )
            .into());
        }
        Leeftijdsklassen::abridged(open)
    };
    Ok(HleOpties {
        bands,
        min_cell: t.min_cell,
    })
}

fn read_microdata(file: &Path, by: &[String], lang: Lang) -> anyhow::Result<Aggregaat> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {percent:>3}% {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(i18n::READING.get(lang));
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let agg = without_panic_message(|| gemeten_indicators::aggregate(file, by, &progress));
    bar.finish_and_clear();
    Ok(agg?)
}

/// Runs `f` with the panic message switched off. The microdata reader catches the panics of
/// the parquet library on a damaged file and refuses the file by name; `main`'s hook would
/// first print each as an internal error. A panic that `f` does not catch is still told.
fn without_panic_message<T>(f: impl FnOnce() -> T) -> T {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("gemeten: internal error: {what}; please report this");
        std::panic::resume_unwind(payload)
    })
}

pub fn run(file: &Path, by: &[String], t: &TabelOpties, out: Output) -> anyhow::Result<()> {
    let opties = opties(t)?;
    let naam = file.file_name().map_or_else(
        || file.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let doel = waarnemingen_uit::doel(
        &t.observations,
        &t.period,
        t,
        format!("gemeten hle over {naam}"),
    )?;
    let uitkomst = if is_microdata(file)? {
        from_microdata(&read_microdata(file, by, out.lang)?, &opties)
    } else {
        from_table(file, by, &opties)?
    };
    present(&uitkomst, t, None, doel, out)
}

/// Shows a result as a table, JSON, or both (`--out`); `extra` goes into the JSON.
fn present(
    uitkomst: &HleUitkomst,
    t: &TabelOpties,
    extra: Option<Value>,
    waarnemingen: Option<waarnemingen_uit::Doel>,
    out: Output,
) -> anyhow::Result<()> {
    let gaps = if uitkomst.by.contains(&t.ses_column) {
        ses_gaps(uitkomst, &t.ses_column, t.age)?
    } else {
        Vec::new()
    };
    if let Some(doel) = &waarnemingen {
        let n = waarnemingen_uit::schrijf(uitkomst, &gaps, doel)?;
        if !out.json {
            eprintln!(
                "{}: {n} {}",
                doel.file.display(),
                i18n::OBSERVATIONS_WRITTEN.get(out.lang)
            );
        }
    }
    if out.json || t.out.is_some() {
        let mut value = to_json(uitkomst, &gaps, t.age);
        if let (Some(extra), Value::Object(m)) = (extra, &mut value) {
            m.insert("combined".into(), extra);
        }
        let text = serde_json::to_string_pretty(&value)?;
        match &t.out {
            Some(path) => std::fs::write(path, text).with_context(|| path.display().to_string())?,
            None => println!("{text}"),
        }
        if !out.json {
            print_table(uitkomst, &gaps, t.age, out.lang);
        }
    } else {
        print_table(uitkomst, &gaps, t.age, out.lang);
    }
    Ok(())
}

/// `gemeten aggregate`: partial counts of one data holder.
pub fn aggregate_partial(a: &AggregateCommand, out: Output) -> anyhow::Result<()> {
    let policy = match a.small_cells.as_str() {
        "keep" => KleineCellen::Keep,
        n => KleineCellen::Suppress {
            min: n.parse().with_context(|| {
                format!("--small-cells '{n}': verwacht 'keep' of een aantal personen")
            })?,
        },
    };
    let agg = read_microdata(&a.file, &a.by, out.lang)?;
    let name = a.file.display().to_string();
    let bytes = std::fs::read(&a.file).with_context(|| name.clone())?;
    let herkomst = Herkomst {
        holder: a.holder.clone(),
        source_file: a
            .file
            .file_name()
            .map_or_else(|| name.clone(), |f| f.to_string_lossy().into_owned()),
        source_sha256: sha256_hex(&bytes),
        rows: agg.rows(),
        created_unix: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        gemeten_version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let d = deeltelling(&agg, herkomst, policy);
    let path = a.out.display().to_string();
    std::fs::write(&a.out, serde_json::to_vec_pretty(&d)?).with_context(|| path.clone())?;
    if out.json {
        println!(
            "{}",
            json!({"file": path, "cells": d.cells.len(), "suppressed_cells": d.suppressed_cells, "checksum": d.checksum})
        );
    } else {
        println!(
            "{path}: {} {}, {} {} ({})",
            d.cells.len(),
            i18n::CELLS.get(out.lang),
            d.suppressed_cells,
            i18n::CELLS_SUPPRESSED.get(out.lang),
            d.checksum
        );
    }
    Ok(())
}

/// `gemeten combine`: life tables from the partial counts of several holders.
pub fn combine(files: &[PathBuf], t: &TabelOpties, out: Output) -> anyhow::Result<()> {
    let mut parts = Vec::with_capacity(files.len());
    for f in files {
        let name = f.display().to_string();
        let bytes = std::fs::read(f).with_context(|| name.clone())?;
        parts.push((name.clone(), lees_deeltelling(&bytes, &name)?));
    }
    let c = combineer(&parts)?;
    let doel = waarnemingen_uit::doel(
        &t.observations,
        &t.period,
        t,
        format!(
            "gemeten combine, gefedereerd over {} ({})",
            c.holders.join(", "),
            if c.suppressed_cells == 0 {
                "exact"
            } else {
                "niet exact: kleine cellen weggelaten"
            }
        ),
    )?;
    let uitkomst = from_microdata(&c.aggregaat, &opties(t)?);
    if !out.json {
        println!(
            "{}: {}",
            i18n::COMBINED_FROM.get(out.lang),
            c.holders.join(", ")
        );
        if c.suppressed_cells > 0 {
            println!("{}: {}", i18n::NOT_EXACT.get(out.lang), c.suppressed_cells);
        }
    }
    let extra = json!({"holders": c.holders, "suppressed_cells": c.suppressed_cells, "exact": c.suppressed_cells == 0});
    present(&uitkomst, t, Some(extra), doel, out)
}

fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

fn to_json(u: &HleUitkomst, gaps: &[gemeten_indicators::SesVerschil], age: u16) -> Value {
    let groups: Vec<Value> = u
        .groups
        .iter()
        .map(|g| {
            let mut m = Map::new();
            for (name, key) in u.by.iter().zip(&g.key) {
                m.insert(
                    name.clone(),
                    serde_json::to_value(key).unwrap_or(Value::Null),
                );
            }
            m.insert("persons".into(), json!(g.persons));
            m.insert("deaths".into(), json!(g.deaths));
            m.insert("exposure".into(), json!(round(g.exposure)));
            m.insert("suppressed".into(), json!(g.suppressed));
            let at0 = g.at(0);
            m.insert("e0".into(), json!(at0.map(|v| v.le)));
            m.insert("e0_se".into(), json!(at0.and_then(|v| v.le_se)));
            m.insert("hle0".into(), json!(at0.map(|v| v.hle)));
            m.insert("hle0_se".into(), json!(at0.and_then(|v| v.hle_se)));
            m.insert(
                "ages".into(),
                json!(g.ages.iter().map(age_json).collect::<Vec<_>>()),
            );
            Value::Object(m)
        })
        .collect();
    json!({
        "method": "Chiang II levenstabel + Sullivan",
        "by": u.by,
        "bands": u.bands,
        "min_cell": u.min_cell,
        "groups": groups,
        "ses_gap": { "age": age, "gaps": gaps },
    })
}

fn age_json(v: &Verwachting) -> Value {
    json!({
        "age": v.age,
        "le": v.le,
        "le_se": v.le_se,
        "le_ci95": v.le_ci().map(|(a, b)| [a, b]),
        "hle": v.hle,
        "hle_se": v.hle_se,
        "hle_ci95": v.hle_ci().map(|(a, b)| [a, b]),
    })
}

fn ci(v: Option<(f64, f64)>) -> String {
    v.map_or_else(|| "–".to_owned(), |(a, b)| format!("{a:.2}–{b:.2}"))
}

fn print_table(u: &HleUitkomst, gaps: &[gemeten_indicators::SesVerschil], age: u16, lang: Lang) {
    let labels: Vec<&str> = u.by.iter().map(String::as_str).collect();
    let mut headers: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
    for h in [
        &i18n::PERSONS,
        &i18n::LE,
        &i18n::CI95,
        &i18n::HLE,
        &i18n::CI95,
        &i18n::NOTE,
    ] {
        headers.push(h.get(lang).to_owned());
    }
    let mut t = table::plain(&headers);
    for g in &u.groups {
        let mut row: Vec<String> = g.key.iter().map(ToString::to_string).collect();
        row.push(format!("{:.0}", g.persons));
        match g.at(age) {
            Some(v) => {
                row.push(format!("{:.2}", v.le));
                row.push(ci(v.le_ci()));
                row.push(format!("{:.2}", v.hle));
                row.push(ci(v.hle_ci()));
                row.push(String::new());
            }
            None => {
                row.extend(["–", "–", "–", "–"].map(String::from));
                row.push(format!(
                    "{}: {}",
                    i18n::SUPPRESSED.get(lang),
                    g.suppressed.clone().unwrap_or_default()
                ));
            }
        }
        t.add_row(row);
    }
    println!(
        "{} {age} ({})",
        i18n::EXPECTANCY_AT.get(lang),
        u.bands.join(", ")
    );
    println!("{t}");
    let shown = u.groups.iter().filter(|g| g.suppressed.is_none()).count();
    if shown < u.groups.len() {
        println!(
            "{}: {}",
            i18n::SUPPRESSED_GROUPS.get(lang),
            u.groups.len() - shown
        );
    }
    if !gaps.is_empty() {
        println!("\n{}", i18n::SES_GAP.get(lang));
        for g in gaps {
            let within: Vec<String> = g.key.iter().map(ToString::to_string).collect();
            let within = if within.is_empty() {
                String::new()
            } else {
                format!("[{}] ", within.join("/"))
            };
            match g.gap {
                Some(gap) => println!(
                    "  {within}{} − {}: {gap:.2} {}{}",
                    g.highest,
                    g.lowest,
                    i18n::YEARS.get(lang),
                    g.gap_se.map_or(String::new(), |s| format!(
                        " (95 %: {:.2}–{:.2})",
                        gap - 1.96 * s,
                        gap + 1.96 * s
                    ))
                ),
                None => println!(
                    "  {within}{}: {}",
                    i18n::SUPPRESSED.get(lang),
                    g.suppressed.clone().unwrap_or_default()
                ),
            }
        }
    }
}
