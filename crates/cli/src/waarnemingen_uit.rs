//! `--observations` of `gemeten hle` and `gemeten combine`: the result as KPI observations in
//! gemeten's own CSV, so that a life table computed from microdata (at one holder, or
//! federated over several) goes into the monitor with `gemeten kpi import`, unchanged.
//!
//! Only what the catalogue can hold is written: life expectancy and healthy life expectancy
//! at birth or at 65 by sex and SES group, and the SES gap in healthy life expectancy. A
//! breakdown the catalogue has no column for (a region code of the microdata, a year) is
//! refused rather than silently summed over.

use std::path::{Path, PathBuf};

use anyhow::Context;
use gemeten_domain::Probleem;
use gemeten_indicators::{
    Catalogus, GroepUitkomst, HleUitkomst, RuweWaarneming, SesVerschil, Sleutel,
};

/// What the observations need besides the result: where to write, the period and region they
/// describe, and which SES breakdown the microdata's SES codes (1 = lowest) belong to.
pub struct Doel<'a> {
    pub file: &'a Path,
    pub period: &'a str,
    pub region: &'a str,
    pub ses_dimensie: &'a str,
    pub ses_column: &'a str,
    pub age: u16,
    /// The `source` column: what was computed from what.
    pub bron: String,
}

/// The KPI codes for life expectancy and healthy life expectancy at `age`.
fn kpis(age: u16) -> anyhow::Result<(&'static str, &'static str)> {
    match age {
        0 => Ok(("levensverwachting", "gezonde_levensverwachting")),
        65 => Ok(("levensverwachting_65", "gezonde_levensverwachting_65")),
        a => Err(Probleem::bij_veld(
            "--observations",
            format!("de catalogus kent levensverwachting bij 0 en 65 jaar, niet bij --age {a}"),
            format!("the catalogue knows life expectancy at 0 and 65 years, not at --age {a}"),
        )
        .into()),
    }
}

/// Writes the observations and returns how many rows.
pub fn schrijf(u: &HleUitkomst, gaps: &[SesVerschil], doel: &Doel) -> anyhow::Result<usize> {
    let cat = Catalogus::standaard()?;
    let (le_kpi, hle_kpi) = kpis(doel.age)?;
    for b in &u.by {
        if b != "sex" && b != doel.ses_column {
            let ses = doel.ses_column;
            return Err(Probleem::bij_veld(
                "--observations",
                format!(
                    "de indeling '{b}' heeft geen kolom in een waarneming; \
                     alleen sex en {ses} (gebruik --region voor het gebied)"
                ),
                format!(
                    "the breakdown '{b}' has no column in an observation; \
                     only sex and {ses} (use --region for the area)"
                ),
            )
            .into());
        }
    }
    if !cat.regios.contains_key(doel.region) {
        return Err(Probleem::bij_veld(
            "--region",
            format!("'{}': onbekende regiocode", doel.region),
            format!("'{}': unknown region code", doel.region),
        )
        .into());
    }
    let dim = cat.ses_dimensies.get(doel.ses_dimensie).ok_or_else(|| {
        let bekend = cat
            .ses_dimensies
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        Probleem::bij_veld(
            "--ses-dimension",
            format!("'{}': onbekend; bekend zijn {bekend}", doel.ses_dimensie),
            format!("'{}': unknown; known are {bekend}", doel.ses_dimensie),
        )
    })?;
    let sex_pos = u.by.iter().position(|b| b == "sex");
    let ses_pos = u.by.iter().position(|b| b == doel.ses_column);
    let geslacht = |k: Option<&Sleutel>| -> anyhow::Result<&'static str> {
        Ok(match k {
            None => "",
            Some(Sleutel::Code(1)) => "man",
            Some(Sleutel::Code(2)) => "vrouw",
            Some(other) => {
                return Err(Probleem::bij_veld(
                    "sex",
                    format!("{other}: verwacht 1 (man) of 2 (vrouw)"),
                    format!("{other}: expected 1 (male) or 2 (female)"),
                )
                .into())
            }
        })
    };
    let groep = |k: &Sleutel| -> anyhow::Result<&str> {
        match k {
            Sleutel::Code(c) if *c >= 1 && (*c as usize) <= dim.groepen.len() => {
                Ok(&dim.groepen[*c as usize - 1])
            }
            other => Err(Probleem::bij_veld(
                doel.ses_column.to_owned(),
                format!(
                    "{other}: {} heeft de groepen 1 tot en met {}",
                    dim.code,
                    dim.groepen.len()
                ),
                format!(
                    "{other}: {} has the groups 1 to {}",
                    dim.code,
                    dim.groepen.len()
                ),
            )
            .into()),
        }
    };

    // Every row is made (and every code checked) before the file is created: a refusal
    // leaves no partial file, and an existing file as it was.
    let mut records: Vec<RuweWaarneming> = Vec::new();
    let mut rij = |kpi: &str,
                   sex: &str,
                   ses: Option<&str>,
                   value: f64,
                   ci: Option<(f64, f64)>,
                   n: Option<f64>|
     -> anyhow::Result<()> {
        let (lo, hi) = ci.map_or((String::new(), String::new()), |(a, b)| {
            (format!("{a:.4}"), format!("{b:.4}"))
        });
        records.push(RuweWaarneming {
            kpi: kpi.to_owned(),
            period: doel.period.to_owned(),
            region: doel.region.to_owned(),
            sex: sex.to_owned(),
            ses_dimensie: ses.map_or("", |_| dim.code.as_str()).to_owned(),
            ses: ses.unwrap_or("").to_owned(),
            value: format!("{value:.4}"),
            lower: lo,
            upper: hi,
            source: doel.bron.clone(),
            n: n.map_or(String::new(), |n| format!("{n}")),
            synthetisch: "nee".to_owned(),
            ..RuweWaarneming::default()
        });
        Ok(())
    };
    for g in &u.groups {
        let Some(v) = waarde(g, doel.age) else {
            continue;
        };
        let sex = geslacht(sex_pos.map(|p| &g.key[p]))?;
        let ses = ses_pos.map(|p| groep(&g.key[p])).transpose()?;
        rij(le_kpi, sex, ses, v.le, v.le_ci(), Some(g.persons))?;
        rij(hle_kpi, sex, ses, v.hle, v.hle_ci(), Some(g.persons))?;
    }
    // The gap is only defined at birth in the catalogue, and only between the breakdown's
    // lowest and highest groups (a gap between e.g. quintiles 2 and 4 is another measure).
    if doel.age == 0 && ses_pos.is_some() {
        for gap in gaps {
            let (Some(value), true) = (
                gap.gap,
                groep(&gap.lowest)? == dim.laagste() && groep(&gap.highest)? == dim.hoogste(),
            ) else {
                continue;
            };
            // The gap's key holds the other breakdowns in order, without the SES column.
            let sex = geslacht(sex_pos.map(|p| {
                if p < ses_pos.unwrap_or(usize::MAX) {
                    &gap.key[p]
                } else {
                    &gap.key[p - 1]
                }
            }))?;
            let ci = gap.gap_se.map(|se| (value - 1.96 * se, value + 1.96 * se));
            rij(
                "ses_verschil_gezonde_levensverwachting",
                sex,
                None,
                value,
                ci,
                None,
            )?;
        }
    }
    // Every group withheld (too few persons) leaves nothing to import; an empty file would
    // import as "no change" without saying why.
    if records.is_empty() {
        return Err(Probleem::bij_veld(
            "--observations",
            "geen waarneming om te schrijven: elke groep is weggelaten (te weinig personen)",
            "no observation to write: every group was withheld (too few persons)",
        )
        .into());
    }
    let naam = || doel.file.display().to_string();
    let mut w = csv::Writer::from_path(doel.file).with_context(naam)?;
    for r in &records {
        w.serialize(r).with_context(naam)?;
    }
    w.flush().with_context(naam)?;
    Ok(records.len())
}

fn waarde(g: &GroepUitkomst, age: u16) -> Option<&gemeten_indicators::Verwachting> {
    if g.suppressed.is_some() {
        return None;
    }
    g.at(age)
}

/// The `--observations` options, checked together.
pub fn doel<'a>(
    file: &'a Option<PathBuf>,
    period: &'a Option<String>,
    t: &'a crate::cli::TabelOpties,
    bron: String,
) -> anyhow::Result<Option<Doel<'a>>> {
    let Some(file) = file else {
        return Ok(None);
    };
    let Some(period) = period else {
        return Err(Probleem::bij_veld(
            "--observations",
            "heeft --period nodig (bijvoorbeeld --period 2024)",
            "needs --period (for example --period 2024)",
        )
        .into());
    };
    Ok(Some(Doel {
        file,
        period,
        region: &t.region,
        ses_dimensie: &t.ses_dimension,
        ses_column: &t.ses_column,
        age: t.age,
        bron,
    }))
}
