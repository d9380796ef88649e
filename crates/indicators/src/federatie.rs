//! Federated computation: health data may not leave its holder, so the microdata step is
//! split in two. At each data holder `deeltelling` turns person records into counts per
//! cell (breakdown codes × single year of age) — no person-level record leaves — and writes
//! them with their provenance and a checksum. Elsewhere `combineer` adds the partial counts
//! of all holders into one [`Aggregaat`], from which the same life tables follow as from a
//! single run over all the microdata: the counts are sums, and sums can be split.
//!
//! Every count in the file is a whole number, person-years in billionths: sums of whole
//! numbers do not depend on their order, so the combination equals the single run to the
//! last bit, and the file's JSON has one spelling whatever wrote it.
//!
//! Small cells are handled by a policy the holder declares and the file records: `Keep`
//! leaves every count (for combining between trusted parties, exact), `Suppress { min }`
//! leaves out cells with fewer than `min` persons and counts how many were left out (safe to
//! publish, no longer exact; the combined result says so).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::microdata::{codes, Aggregaat, Celtelling, CODE_LIMIT, EXPOSURE_SCALE, MAX_AGE};
use crate::{IndicatorError, InvoerFout};

pub const FORMAT: &str = "gemeten-deeltelling";
/// Version of the meaning of the counts (which columns, which codes, which rules). Files of
/// another version are refused rather than added to something they do not mean.
/// 2: whole-number person-years in billionths (`exposure_e9`); the codes of `sex`, `ses` and
/// `region` checked against the definition.
pub const DEFINITIE_VERSIE: u32 = 2;

/// How a holder treats cells with few persons before the counts leave the building.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum KleineCellen {
    Keep,
    Suppress { min: u64 },
}

/// Where the counts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Herkomst {
    pub holder: String,
    /// File name of the microdata (no path: paths can say more than the holder wants).
    pub source_file: String,
    /// SHA-256 of the microdata file, so a holder can show which data was counted.
    pub source_sha256: String,
    pub rows: u64,
    /// Seconds since 1970-01-01 UTC.
    pub created_unix: u64,
    pub gemeten_version: String,
}

/// One cell: a group's codes and one year of age; every count a whole number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cel {
    pub key: Vec<i64>,
    pub age: u16,
    pub deaths: u64,
    /// Person-years × 10⁹ ([`EXPOSURE_SCALE`]).
    pub exposure_e9: u64,
    pub persons: u64,
    pub health_n: u64,
    pub good: u64,
}

/// The counts of a cell, in the order of the file.
const TELLINGEN: [&str; 5] = ["deaths", "exposure_e9", "persons", "health_n", "good"];

impl Cel {
    fn celtelling(&self) -> Celtelling {
        Celtelling {
            deaths: self.deaths,
            exposure: self.exposure_e9,
            persons: self.persons,
            health_n: self.health_n,
            good: self.good,
        }
    }
}

/// The file a data holder sends: counts, provenance, policy, checksum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deeltelling {
    pub format: String,
    pub definition_version: u32,
    pub herkomst: Herkomst,
    pub by: Vec<String>,
    pub small_cells: KleineCellen,
    pub suppressed_cells: u64,
    pub cells: Vec<Cel>,
    /// SHA-256 of the file's canonical JSON without this field.
    pub checksum: String,
}

/// The checksum over everything but the checksum itself: SHA-256 of the file's compact JSON
/// (members in the order of these structs, no spaces, UTF-8). The file holds only whole
/// numbers and texts, so that text is canonical: any JSON writer that keeps the members'
/// order and writes no spaces gives the same bytes (the vantage6 test recomputes it in
/// Python). A checksum is no seal: anyone can recompute it, so [`lees_deeltelling`] checks
/// the counts themselves too.
pub fn controlegetal(d: &Deeltelling) -> String {
    let mut copy = d.clone();
    copy.checksum = String::new();
    let bytes = serde_json::to_vec(&copy).unwrap_or_default();
    hex(&Sha256::digest(bytes))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The partial counts of one holder, ready to be written.
pub fn deeltelling(agg: &Aggregaat, herkomst: Herkomst, policy: KleineCellen) -> Deeltelling {
    let mut cells = Vec::new();
    let mut suppressed = 0;
    for (key, ages) in &agg.groups {
        for (age, t) in ages.iter().enumerate() {
            if t.is_empty() {
                continue;
            }
            if let KleineCellen::Suppress { min } = policy {
                if t.persons < min {
                    suppressed += 1;
                    continue;
                }
            }
            cells.push(Cel {
                key: key.clone(),
                age: age as u16,
                deaths: t.deaths,
                exposure_e9: t.exposure,
                persons: t.persons,
                health_n: t.health_n,
                good: t.good,
            });
        }
    }
    let mut d = Deeltelling {
        format: FORMAT.to_owned(),
        definition_version: DEFINITIE_VERSIE,
        herkomst,
        by: agg.by.clone(),
        small_cells: policy,
        suppressed_cells: suppressed,
        cells,
        checksum: String::new(),
    };
    d.checksum = controlegetal(&d);
    d
}

/// Reads a partial-count file and checks that it is one, of this definition, untampered,
/// with counts a holder can have made.
pub fn lees_deeltelling(bytes: &[u8], file: &str) -> Result<Deeltelling, IndicatorError> {
    let fout = |reason: String| IndicatorError::invoer(InvoerFout::new(file, None, None, reason));
    let geen = |e: serde_json::Error| fout(format!("geen deeltellingbestand ({FORMAT}): {e}"));
    // First as JSON, so that the format and the version are told before any member they
    // explain, and a count that is no whole number is named by its cell.
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(geen)?;
    let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if format != FORMAT {
        return Err(fout(format!("format is '{format}', verwacht '{FORMAT}'")));
    }
    let versie = value.get("definition_version");
    if versie.and_then(|v| v.as_u64()) != Some(u64::from(DEFINITIE_VERSIE)) {
        let versie = versie.map_or_else(|| "ontbreekt".to_owned(), ToString::to_string);
        return Err(fout(format!(
            "definitieversie {versie} past niet bij deze gemeten (versie {DEFINITIE_VERSIE})"
        )));
    }
    let fouten = controleer_aantallen(&value, file);
    if !fouten.is_empty() {
        return Err(IndicatorError::Invoer(fouten));
    }
    let d: Deeltelling = serde_json::from_value(value).map_err(geen)?;
    let expected = controlegetal(&d);
    if d.checksum != expected {
        return Err(fout(format!(
            "controlegetal klopt niet (bestand {}, berekend {expected}): het bestand is na het \
             tellen gewijzigd",
            d.checksum
        )));
    }
    let fouten = controleer_cellen(&d, file);
    if !fouten.is_empty() {
        return Err(IndicatorError::Invoer(fouten));
    }
    Ok(d)
}

/// Every count of every cell a whole number of 0 or more; each one that is not is named.
fn controleer_aantallen(value: &serde_json::Value, file: &str) -> Vec<InvoerFout> {
    let mut fouten = Vec::new();
    let cells = value.get("cells").and_then(|c| c.as_array());
    for (i, cell) in cells.into_iter().flatten().enumerate() {
        let n = i + 1;
        for veld in TELLINGEN {
            match cell.get(veld) {
                Some(x) if x.as_u64().is_none() => fouten.push(InvoerFout::new(
                    file,
                    Some(n as u64),
                    Some(&format!("cells[{n}].{veld}")),
                    format!("cel {n}: {x} is geen aantal (een geheel getal van 0 of meer)"),
                )),
                _ => {}
            }
        }
    }
    fouten
}

/// The counts a holder can have made: every cell once, with codes its breakdown allows, and
/// counts within each other (no more deaths, person-years or answers than persons; no more
/// good answers than answers). A checksum only shows the file was not changed after it was
/// written; this shows what was written can be true. Every problem is returned, each naming
/// its cell.
fn controleer_cellen(d: &Deeltelling, file: &str) -> Vec<InvoerFout> {
    let mut fouten = Vec::new();
    let mut gezien: BTreeMap<(&[i64], u16), usize> = BTreeMap::new();
    let definitie: Vec<_> = d.by.iter().map(|b| codes::van(b)).collect();
    for (i, c) in d.cells.iter().enumerate() {
        let n = i + 1;
        let mut fout = |veld: &str, reason: String| {
            fouten.push(InvoerFout::new(
                file,
                Some(n as u64),
                Some(&format!("cells[{n}].{veld}")),
                format!("cel {n}: {reason}"),
            ));
        };
        if c.key.len() != d.by.len() {
            fout(
                "key",
                format!(
                    "{} codes, de indeling {:?} heeft er {}",
                    c.key.len(),
                    d.by,
                    d.by.len()
                ),
            );
            continue;
        }
        if c.age > MAX_AGE {
            fout(
                "age",
                format!("leeftijd {} ligt niet tussen 0 en {MAX_AGE}", c.age),
            );
        }
        for ((code, naam), codes) in c.key.iter().zip(&d.by).zip(&definitie) {
            if !(0..CODE_LIMIT).contains(code) {
                fout(
                    "key",
                    format!("onbekende code {code} voor '{naam}' (codes liggen tussen 0 en {CODE_LIMIT})"),
                );
            } else if let Some(codes) = codes.filter(|c| !c.allows(*code)) {
                fout("key", codes.reden(naam, *code).0);
            }
        }
        let max_exposure = c.persons.saturating_mul(EXPOSURE_SCALE as u64);
        for (veld, x, max, waarvan) in [
            ("deaths", c.deaths, c.persons, "sterfgevallen"),
            (
                "exposure_e9",
                c.exposure_e9,
                max_exposure,
                "miljardsten persoonsjaar",
            ),
            (
                "health_n",
                c.health_n,
                c.persons,
                "antwoorden over gezondheid",
            ),
        ] {
            if x > max {
                fout(veld, format!("{x} {waarvan} bij {} personen", c.persons));
            }
        }
        if c.good > c.health_n {
            fout(
                "good",
                format!(
                    "{} in goede gezondheid bij {} antwoorden",
                    c.good, c.health_n
                ),
            );
        }
        if let Some(eerder) = gezien.insert((&c.key, c.age), n) {
            fout(
                "key",
                format!(
                    "dezelfde groep {:?} en leeftijd {} als cel {eerder}: die zou dubbel worden geteld",
                    c.key, c.age
                ),
            );
        }
    }
    fouten
}

/// What combining gives: the summed counts, and whether they are exact.
#[derive(Debug, Clone, PartialEq)]
pub struct Gecombineerd {
    pub aggregaat: Aggregaat,
    pub holders: Vec<String>,
    /// Cells left out by holders that suppress small cells; 0 means the result equals a
    /// single run over all microdata.
    pub suppressed_cells: u64,
}

/// Adds the partial counts of several holders. All must share breakdowns and definition;
/// `files` names them in errors.
pub fn combineer(parts: &[(String, Deeltelling)]) -> Result<Gecombineerd, IndicatorError> {
    let Some((_, first)) = parts.first() else {
        return Err(IndicatorError::methode(
            "geen deeltellingen om te combineren",
        ));
    };
    let mut fouten = Vec::new();
    let mut seen = BTreeMap::new();
    for (file, d) in parts {
        if d.by != first.by {
            fouten.push(InvoerFout::new(
                file,
                None,
                Some("by"),
                format!(
                    "indeling {:?} verschilt van {:?} in {}",
                    d.by, first.by, parts[0].0
                ),
            ));
        }
        if d.definition_version != first.definition_version {
            fouten.push(InvoerFout::new(
                file,
                None,
                Some("definition_version"),
                "andere definitieversie dan de eerste deeltelling",
            ));
        }
        if let Some(other) = seen.insert(d.herkomst.source_sha256.clone(), file.clone()) {
            fouten.push(InvoerFout::new(
                file,
                None,
                Some("herkomst"),
                format!("dezelfde microdata als {other}: die zou dubbel worden geteld"),
            ));
        }
    }
    if !fouten.is_empty() {
        return Err(IndicatorError::Invoer(fouten));
    }
    let mut agg = Aggregaat {
        by: first.by.clone(),
        groups: BTreeMap::new(),
    };
    for (file, d) in parts {
        for (i, c) in d.cells.iter().enumerate() {
            let ages = agg
                .groups
                .entry(c.key.clone())
                .or_insert_with(|| vec![Celtelling::default(); usize::from(MAX_AGE) + 1]);
            let cell = &mut ages[usize::from(c.age)];
            *cell = cell.checked_add(&c.celtelling()).ok_or_else(|| {
                IndicatorError::invoer(InvoerFout::new(
                    file,
                    Some(i as u64 + 1),
                    Some(&format!("cells[{}]", i + 1)),
                    "de tellingen zijn samen te groot om op te tellen",
                ))
            })?;
        }
    }
    Ok(Gecombineerd {
        aggregaat: agg,
        holders: parts
            .iter()
            .map(|(_, d)| d.herkomst.holder.clone())
            .collect(),
        suppressed_cells: parts.iter().map(|(_, d)| d.suppressed_cells).sum(),
    })
}
