//! `gemeten kpi import` and `gemeten progress`: observed values in, status per target out.

use std::path::Path;

use serde_json::json;

use gemeten_domain::{Account, MissieCode, Register, Waarneming};
use gemeten_indicators::{read_observations, read_observations_text, voortgang, Catalogus, Status};
use gemeten_store::{Store, WaarnemingStore};

use crate::i18n::{self, Lang};
use crate::show::Output;
use crate::table;

pub fn import(
    store: &mut Store,
    account: &Account,
    path: &Path,
    replace: bool,
    out: Output,
) -> anyhow::Result<()> {
    let cat = Catalogus::standaard()?;
    let obs = read_observations(path, &cat)?;
    let name = path.display().to_string();
    let n = gemeten_app::import_observations(store, account, &name, &obs, replace)?;
    if out.json {
        println!(
            "{}",
            json!({ "imported": n, "file": path.display().to_string() })
        );
    } else {
        println!(
            "{}: {n} {}",
            path.display(),
            i18n::OBSERVATIONS_IMPORTED.get(out.lang)
        );
    }
    Ok(())
}

/// The synthetic sample observations (national series and GGD regions by income quintile,
/// made by `tools/voorbeelddata.py` and `tools/voorbeeldregio.py`; their `source` says so).
const SAMPLES: &[(&str, &str)] = &[
    (
        "data/voorbeeld/waarnemingen.csv",
        include_str!("../../../data/voorbeeld/waarnemingen.csv"),
    ),
    (
        "data/voorbeeld/waarnemingen_regio.csv",
        include_str!("../../../data/voorbeeld/waarnemingen_regio.csv"),
    ),
];

/// The synthetic sample observations the first `gemeten serve` of a new database stores, so
/// the explorer has something to show; never mixed with real data (only into a database
/// without observations).
pub fn samples() -> anyhow::Result<Vec<Waarneming>> {
    let cat = Catalogus::standaard()?;
    let mut obs = Vec::new();
    for (name, text) in SAMPLES {
        obs.extend(read_observations_text(text, name, &cat)?);
    }
    Ok(obs)
}

/// Says on stderr that the samples were stored, and how to replace them.
pub fn samples_stored(n: usize, lang: Lang) {
    eprintln!(
        "{}",
        match lang {
            Lang::Nl => format!(
                "{n} synthetische voorbeeldwaarnemingen opgeslagen (bron: 'synthetisch voorbeeld'); \
                 vervang ze met `gemeten kpi import BESTAND --replace`"
            ),
            Lang::En => format!(
                "{n} synthetic sample observations stored (source: 'synthetisch voorbeeld'); \
                 replace them with `gemeten kpi import FILE --replace`"
            ),
        }
    );
}

fn status_label(s: Status, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => s.label_nl(),
        Lang::En => s.label_en(),
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

pub fn progress(
    register: &Register,
    store: &Store,
    mission: Option<MissieCode>,
    out: Output,
) -> anyhow::Result<()> {
    let doelen: Vec<_> = register
        .parts()
        .doel
        .iter()
        .filter(|d| mission.is_none_or(|m| d.missie == m))
        .collect();
    let obs = store.observations(None)?;
    let rows = voortgang(&doelen, &obs);
    if out.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if rows.is_empty() {
        println!("{}", i18n::NO_MATCH.get(out.lang));
        return Ok(());
    }
    let lang = out.lang;
    let mut t = table::new(
        &[
            &i18n::TARGET_ID,
            &i18n::INDICATOR,
            &i18n::BASELINE,
            &i18n::TARGET,
            &i18n::LATEST,
            &i18n::PROJECTION,
            &i18n::STATUS,
            &i18n::REASON,
        ],
        lang,
    );
    for r in &rows {
        t.add_row(vec![
            r.doel.clone(),
            r.indicator.clone(),
            r.baseline
                .map_or_else(|| "–".into(), |(y, v)| format!("{v:.2} ({y})")),
            format!("{} ({})", num(r.target), r.deadline),
            r.latest
                .map_or_else(|| "–".into(), |(y, v)| format!("{v:.2} ({y})")),
            r.linear.map_or_else(
                || "–".into(),
                |p| format!("{:.2} [{:.2}–{:.2}]", p.value, p.lower, p.upper),
            ),
            status_label(r.status, lang).to_owned(),
            r.reason.clone(),
        ]);
    }
    println!("{t}");
    let count = |s: Status| rows.iter().filter(|r| r.status == s).count();
    println!(
        "{}: {} {}, {} {}, {} {}",
        i18n::TARGETS.get(lang),
        count(Status::OpKoers),
        status_label(Status::OpKoers, lang),
        count(Status::Achter),
        status_label(Status::Achter, lang),
        count(Status::OnvoldoendeGegevens),
        status_label(Status::OnvoldoendeGegevens, lang),
    );
    if obs.is_empty() {
        println!("{}", i18n::NO_OBSERVATIONS_HINT.get(lang));
    }
    Ok(())
}
