//! Federated computation: health data may not leave its holder, so the microdata step is
//! split in two. At each data holder `deeltelling` turns person records into counts per
//! cell (breakdown codes × single year of age) — no person-level record leaves — and writes
//! them with their provenance and a checksum. Elsewhere `combineer` adds the partial counts
//! of all holders into one [`Aggregaat`], from which the same life tables follow as from a
//! single run over all the microdata: the counts are sums, and sums can be split.
//!
//! Small cells are handled by a policy the holder declares and the file records: `Keep`
//! leaves every count (for combining between trusted parties, exact), `Suppress { min }`
//! leaves out cells with fewer than `min` persons and counts how many were left out (safe to
//! publish, no longer exact; the combined result says so).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::microdata::{Aggregaat, Telling, CODE_LIMIT, MAX_AGE};
use crate::{IndicatorError, InvoerFout};

pub const FORMAT: &str = "gemeten-deeltelling";
/// Version of the meaning of the counts (which columns, which rules). Files of another
/// version are refused rather than added to something they do not mean.
pub const DEFINITIE_VERSIE: u32 = 1;

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

/// One cell: a group's codes and one year of age.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cel {
    pub key: Vec<i64>,
    pub age: u16,
    pub deaths: f64,
    pub exposure: f64,
    pub persons: f64,
    pub health_n: f64,
    pub good: f64,
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

/// The checksum over everything but the checksum itself: SHA-256 of the file's compact JSON.
/// The encoding round-trips exactly — serde_json writes the shortest text that reads back
/// as the same float, and reads it back exactly (its `float_roundtrip` feature, which the
/// workspace switches on; the default parser can be one unit in the last place off, and
/// then a file as written failed its own check). A checksum is no seal: anyone can
/// recompute it, so [`lees_deeltelling`] checks the counts themselves too.
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
            if t.persons == 0.0 && t.exposure == 0.0 {
                continue;
            }
            if let KleineCellen::Suppress { min } = policy {
                if t.persons < min as f64 {
                    suppressed += 1;
                    continue;
                }
            }
            cells.push(Cel {
                key: key.clone(),
                age: age as u16,
                deaths: t.deaths,
                exposure: t.exposure,
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

/// Reads a partial-count file and checks that it is one, of this definition, untampered.
pub fn lees_deeltelling(bytes: &[u8], file: &str) -> Result<Deeltelling, IndicatorError> {
    let fout = |reason: String| IndicatorError::invoer(InvoerFout::new(file, None, None, reason));
    let d: Deeltelling = serde_json::from_slice(bytes)
        .map_err(|e| fout(format!("geen deeltellingbestand ({FORMAT}): {e}")))?;
    if d.format != FORMAT {
        return Err(fout(format!(
            "format is '{}', verwacht '{FORMAT}'",
            d.format
        )));
    }
    if d.definition_version != DEFINITIE_VERSIE {
        return Err(fout(format!(
            "definitieversie {} past niet bij deze gemeten (versie {DEFINITIE_VERSIE})",
            d.definition_version
        )));
    }
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

/// The counts a holder can have made: every cell once, with codes a breakdown can hold, and
/// counts that are whole (except person-years), not negative and within each other (no more
/// deaths, person-years or answers than persons; no more good answers than answers). A
/// checksum only shows the file was not changed after it was written; this shows what was
/// written can be true. Every problem is returned, each naming its cell.
fn controleer_cellen(d: &Deeltelling, file: &str) -> Vec<InvoerFout> {
    let mut fouten = Vec::new();
    let mut gezien: BTreeMap<(&[i64], u16), usize> = BTreeMap::new();
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
        for (code, naam) in c.key.iter().zip(&d.by) {
            if !(0..CODE_LIMIT).contains(code) {
                fout(
                    "key",
                    format!("onbekende code {code} voor '{naam}' (codes liggen tussen 0 en {CODE_LIMIT})"),
                );
            }
        }
        let tellingen = [
            ("deaths", c.deaths, true),
            ("exposure", c.exposure, false),
            ("persons", c.persons, true),
            ("health_n", c.health_n, true),
            ("good", c.good, true),
        ];
        let mut getallen_goed = true;
        for (veld, x, heel) in tellingen {
            if !x.is_finite() || x < 0.0 {
                fout(veld, format!("{x} is geen aantal (negatief of geen getal)"));
                getallen_goed = false;
            } else if heel && x.fract() != 0.0 {
                fout(veld, format!("{x} is geen geheel aantal"));
                getallen_goed = false;
            }
        }
        if getallen_goed {
            for (veld, x, waarvan) in [
                ("deaths", c.deaths, "sterfgevallen"),
                ("exposure", c.exposure, "persoonsjaren"),
                ("health_n", c.health_n, "antwoorden over gezondheid"),
            ] {
                if x > c.persons {
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
    for (_, d) in parts {
        for c in &d.cells {
            let ages = agg
                .groups
                .entry(c.key.clone())
                .or_insert_with(|| vec![Telling::default(); usize::from(MAX_AGE) + 1]);
            ages[usize::from(c.age)].add(&Telling {
                deaths: c.deaths,
                exposure: c.exposure,
                persons: c.persons,
                health_n: c.health_n,
                good: c.good,
            });
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
