//! `gemeten kpi import` and `gemeten progress`: observed values in, status per target out.

use std::path::Path;

use serde_json::json;

use gemeten_bronnen::Koppeling;
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
    mapping: Option<&Path>,
    replace: bool,
    out: Output,
) -> anyhow::Result<()> {
    // The shipped KPIs and the administrators' own, so a user KPI's values can come in.
    let cat = gemeten_app::catalogus(store)?;
    let name = path.display().to_string();
    let koppeling = match mapping {
        Some(m) => Some(Koppeling::lees_bestand(m)?),
        None => gemeten_bronnen::meegeleverde_koppeling(&name).transpose()?,
    };
    let obs = match &koppeling {
        Some(k) => gemeten_bronnen::importeer_bestand(path, k, &cat)?,
        None => read_observations(path, &cat)?,
    };
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

/// `gemeten kpi define FILE.toml`: the `[[ses_dimensie]]` breakdowns and `[[kpi]]`
/// definitions in the file, stored through the use case as `account`.
pub fn define(
    store: &mut Store,
    account: &Account,
    path: &Path,
    out: Output,
) -> anyhow::Result<()> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let defs = gemeten_indicators::definities_uit_toml(&text, &name)?;
    let codes = defs.codes();
    gemeten_app::definities_vastleggen(store, account, defs)?;
    if out.json {
        println!("{}", json!({ "defined": codes, "file": name }));
    } else {
        let label = match out.lang {
            Lang::Nl => "KPI-definitie(s) vastgelegd",
            Lang::En => "KPI definition(s) stored",
        };
        println!("{name}: {label}: {}", codes.join(", "));
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

/// `gemeten kpi fetch cbs TABLE`: the table from CBS's OData service at `url`, through its
/// mapping, stored like `kpi import` stores a file.
pub fn fetch_cbs(
    store: &mut Store,
    account: &Account,
    url: &str,
    table: &str,
    mapping: Option<&Path>,
    replace: bool,
    out: Output,
) -> anyhow::Result<()> {
    let cat = gemeten_app::catalogus(store)?;
    let koppeling = match mapping {
        Some(m) => Koppeling::lees_bestand(m)?,
        None => gemeten_bronnen::meegeleverde_koppeling_cbs(table).ok_or_else(|| {
            anyhow::Error::from(gemeten_domain::Probleem::bij_veld(
                "--mapping",
                format!("gemeten levert geen koppeling voor CBS-tabel {table}; geef er een"),
                format!("gemeten ships no mapping for CBS table {table}; give one"),
            ))
        })??,
    };
    let tabel = gemeten_bronnen::haal_cbs(url, table)?;
    let obs = gemeten_bronnen::koppel(&tabel, &koppeling, &cat)?;
    let name = format!("CBS {table}");
    let n = gemeten_app::import_observations(store, account, &name, &obs, replace)?;
    if out.json {
        println!("{}", json!({ "imported": n, "table": table }));
    } else {
        println!("{name}: {n} {}", i18n::OBSERVATIONS_IMPORTED.get(out.lang));
    }
    Ok(())
}

/// The real published series that ship with gemeten (`data/echt/`, read through their
/// mappings in `data/koppelingen/`). Where two files publish the same value (RIVM republishes
/// CBS's), CBS's own table is kept.
pub fn echte() -> anyhow::Result<Vec<Waarneming>> {
    let cat = Catalogus::standaard()?;
    let mut files: Vec<_> = gemeten_bronnen::meegeleverd().iter().collect();
    files.sort_by_key(|m| !m.bestand.starts_with("cbs"));
    let mut seen = std::collections::HashSet::new();
    let mut obs = Vec::new();
    for m in files {
        for o in gemeten_bronnen::importeer(m.tekst, m.bestand, &m.koppeling()?, &cat)? {
            if seen.insert(format!("{:?}", o.key())) {
                obs.push(o);
            }
        }
    }
    Ok(obs)
}

/// The synthetic sample observations the first `gemeten serve` of a new database stores
/// beside the real ones, only for series nothing real measures: a KPI and region without a
/// real value, and no gap whose groups are published. Each is marked `synthetisch`.
pub fn samples(echte: &[Waarneming]) -> anyhow::Result<Vec<Waarneming>> {
    let cat = Catalogus::standaard()?;
    let real: std::collections::HashSet<(&str, &str)> = echte
        .iter()
        .map(|o| (o.kpi.as_str(), o.region.as_str()))
        .collect();
    let measured = |kpi: &str, region: &str| {
        real.contains(&(kpi, region))
            || cat
                .kpis
                .get(kpi)
                .and_then(|k| k.verschil_van.as_ref())
                .is_some_and(|v| real.contains(&(v.kpi.as_str(), region)))
    };
    let mut obs = Vec::new();
    for (name, text) in SAMPLES {
        for mut o in read_observations_text(text, name, &cat)? {
            if !measured(&o.kpi, &o.region) {
                o.synthetisch = true;
                obs.push(o);
            }
        }
    }
    Ok(obs)
}

/// Says on stderr what the first start stored, and how to replace the synthetic values.
pub fn samples_stored(echte: usize, synthetic: usize, lang: Lang) {
    if echte > 0 {
        eprintln!(
            "{}",
            match lang {
                Lang::Nl => format!(
                    "{echte} gepubliceerde waarnemingen opgeslagen (CBS StatLine, RIVM Monitor \
                     missies; data/echt)"
                ),
                Lang::En => format!(
                    "{echte} published observations stored (CBS StatLine, RIVM Monitor missies; \
                     data/echt)"
                ),
            }
        );
    }
    if synthetic == 0 {
        return;
    }
    eprintln!(
        "{}",
        match lang {
            Lang::Nl => format!(
                "{synthetic} synthetische voorbeeldwaarnemingen opgeslagen waar niets echts \
                 bestaat (gemarkeerd als synthetisch); vervang ze met \
                 `gemeten kpi import BESTAND --replace`"
            ),
            Lang::En => format!(
                "{synthetic} synthetic sample observations stored where nothing real exists \
                 (marked synthetic); replace them with `gemeten kpi import FILE --replace`"
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
    let rows = voortgang(&doelen, &obs, &gemeten_app::catalogus(store)?);
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
                .zip(r.latest_periode)
                .map_or_else(|| "–".into(), |((_, v), p)| format!("{v:.2} ({p})")),
            r.linear.map_or_else(
                || "–".into(),
                |p| format!("{:.2} [{:.2}–{:.2}]", p.value, p.lower, p.upper),
            ),
            status_label(r.status, lang).to_owned(),
            if r.synthetisch {
                format!("SYNTHETISCH (verzonnen voorbeeld): {}", r.reason)
            } else {
                r.reason.clone()
            },
        ]);
    }
    println!("{t}");
    let count = |s: Status| rows.iter().filter(|r| r.status == s).count();
    println!(
        "{}: {} {}, {} {}, {} {}, {} {}",
        i18n::TARGETS.get(lang),
        count(Status::OpKoers),
        status_label(Status::OpKoers, lang),
        count(Status::Achter),
        status_label(Status::Achter, lang),
        count(Status::Onzeker),
        status_label(Status::Onzeker, lang),
        count(Status::OnvoldoendeGegevens),
        status_label(Status::OnvoldoendeGegevens, lang),
    );
    if obs.is_empty() {
        println!("{}", i18n::NO_OBSERVATIONS_HINT.get(lang));
    }
    Ok(())
}
