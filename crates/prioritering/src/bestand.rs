//! Rounds as readable TOML files (`data/rondes/*.toml`), embedded so that a new database can
//! be seeded anywhere.
//!
//! A file holds `[[deelnemer]]` records (participants, shared by the rounds of one session),
//! `[[ronde]]` records (the fields of [`RondeParts`], with `deelnemers` as a list of
//! participant ids) and `[[stembiljet]]` records (`ronde`, `deelnemer` and one of `top`,
//! `rank` or `rate`, plus `replaces`, `illustratief`, `cast_at`).

use std::collections::BTreeMap;

use serde::Deserialize;
use thiserror::Error;

use gemeten_domain::Id;

use crate::{Deelnemer, Keuze, Ronde, RondeParts, Score, Stembiljet, Stembus};

/// The round files that ship with gemeten.
pub const REFERENTIE_BESTANDEN: &[(&str, &str)] = &[(
    "data/rondes/002.toml",
    include_str!("../../../data/rondes/002.toml"),
)];

/// A problem in a round file: which file, which record, and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{file}, {record}: {reason}")]
pub struct BestandFout {
    pub file: String,
    pub record: String,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bestand {
    #[serde(default)]
    deelnemer: Vec<Deelnemer>,
    #[serde(default)]
    ronde: Vec<toml::Table>,
    #[serde(default)]
    stembiljet: Vec<BiljetInvoer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BiljetInvoer {
    ronde: Id,
    deelnemer: Id,
    top: Option<Vec<Id>>,
    rank: Option<Vec<Id>>,
    rate: Option<Vec<Score>>,
    #[serde(default)]
    replaces: bool,
    #[serde(default)]
    illustratief: bool,
    cast_at: Option<String>,
}

/// Reads the rounds of one file, each with its ballots (accepted in file order).
pub fn lees_rondes(text: &str, file: &str) -> Result<Vec<Stembus>, BestandFout> {
    let fail = |record: String, reason: String| BestandFout {
        file: file.to_owned(),
        record,
        reason,
    };
    let doc: Bestand = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start].matches('\n').count() + 1)
            .map_or(String::new(), |l| format!("line {l}"));
        fail(line, e.message().to_owned())
    })?;
    let mut people: BTreeMap<String, toml::Value> = BTreeMap::new();
    for d in &doc.deelnemer {
        let value = toml::Value::try_from(d)
            .map_err(|e| fail(format!("deelnemer '{}'", d.id), e.to_string()))?;
        if people.insert(d.id.to_string(), value).is_some() {
            return Err(fail(format!("deelnemer '{}'", d.id), "listed twice".into()));
        }
    }
    let mut bussen: Vec<Stembus> = Vec::new();
    for (i, mut table) in doc.ronde.into_iter().enumerate() {
        let name = table
            .get("id")
            .and_then(toml::Value::as_str)
            .map_or(format!("ronde #{}", i + 1), |id| format!("ronde '{id}'"));
        // Participants are written as ids of [[deelnemer]] records.
        if let Some(toml::Value::Array(ids)) = table.get("deelnemers") {
            let mut resolved = Vec::with_capacity(ids.len());
            for id in ids {
                let key = id.as_str().unwrap_or_default();
                let person = people.get(key).ok_or_else(|| {
                    fail(
                        name.clone(),
                        format!("field `deelnemers`: no [[deelnemer]] with id '{key}'"),
                    )
                })?;
                resolved.push(person.clone());
            }
            table.insert("deelnemers".into(), toml::Value::Array(resolved));
        }
        let parts: RondeParts = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| fail(name.clone(), e.message().to_owned()))?;
        let ronde = Ronde::new(parts).map_err(|e| fail(name.clone(), e.to_string()))?;
        if bussen.iter().any(|b| b.ronde().id() == ronde.id()) {
            return Err(fail(name, "a round with this id is listed twice".into()));
        }
        bussen.push(Stembus::new(ronde));
    }
    for (i, b) in doc.stembiljet.into_iter().enumerate() {
        let name = format!("stembiljet #{} ('{}' in '{}')", i + 1, b.deelnemer, b.ronde);
        let keuze = match (b.top, b.rank, b.rate) {
            (Some(ids), None, None) => Keuze::Top(ids),
            (None, Some(ids), None) => Keuze::Rangorde(ids),
            (None, None, Some(scores)) => Keuze::Scores(scores),
            _ => {
                return Err(fail(
                    name,
                    "give exactly one of `top`, `rank` or `rate`".into(),
                ))
            }
        };
        let bus = bussen
            .iter_mut()
            .find(|bus| bus.ronde().id() == &b.ronde)
            .ok_or_else(|| fail(name.clone(), format!("no round '{}' in this file", b.ronde)))?;
        bus.add(Stembiljet {
            deelnemer: b.deelnemer,
            keuze,
            replaces: b.replaces,
            illustratief: b.illustratief,
            cast_at: b.cast_at,
        })
        .map_err(|e| fail(name, e.to_string()))?;
    }
    Ok(bussen)
}

/// Every round of the files that ship with gemeten, with their ballots.
pub fn referentie_rondes() -> Result<Vec<Stembus>, BestandFout> {
    let mut all = Vec::new();
    for (file, text) in REFERENTIE_BESTANDEN {
        all.extend(lees_rondes(text, file)?);
    }
    Ok(all)
}
