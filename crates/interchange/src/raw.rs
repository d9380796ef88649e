//! The one pipeline every input format goes through: records as JSON values with their
//! location, decoded into domain types (which validate themselves), then checked as a whole
//! register. All problems are collected, so the user sees every one of them at once.

use serde::de::DeserializeOwned;
use serde_json::Value;

use gemeten_domain::{vang_problemen, Register, RegisterParts, Tweetalig, TABLES};

use crate::{Location, ReadError, ReadErrors};

/// One record of one table, not yet decoded.
#[derive(Debug, Clone)]
pub(crate) struct RawRecord {
    pub value: Value,
    pub location: Location,
}

impl RawRecord {
    /// A record's location, with its table, position and key (`id`, `code` or `from->to`).
    pub fn new(value: Value, file: &str, line: Option<usize>, table: &str, record: usize) -> Self {
        let key = record_key(&value);
        RawRecord {
            value,
            location: Location {
                file: file.to_owned(),
                line,
                table: Some(table.to_owned()),
                record: Some(record),
                key,
                field: None,
            },
        }
    }
}

fn record_key(v: &Value) -> Option<String> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    s("id")
        .or_else(|| s("code"))
        .or_else(|| Some(format!("{}->{}", s("from")?, s("to")?)))
}

pub(crate) fn check_table_name(table: &str, location: &Location) -> Result<(), ReadError> {
    if TABLES.contains(&table) {
        Ok(())
    } else {
        Err(ReadError::new(
            location.clone(),
            Tweetalig::new(
                format!(
                    "onbekende tabel '{table}' (verwacht een van: {})",
                    TABLES.join(", ")
                ),
                format!(
                    "unknown table '{table}' (expected one of: {})",
                    TABLES.join(", ")
                ),
            ),
        ))
    }
}

/// Splits a message of the form "veld `x`: reason" that record-level validation produces
/// (the domain's `Probleem` as serde carries it: its Dutch `Display`), or "field `x`: …".
fn split_field(message: &str) -> (Option<String>, String) {
    if let Some(rest) = message
        .strip_prefix("veld `")
        .or_else(|| message.strip_prefix("field `"))
    {
        if let Some((field, reason)) = rest.split_once("`: ") {
            return (Some(field.to_owned()), reason.to_owned());
        }
    }
    (None, message.to_owned())
}

pub(crate) fn decode<T: DeserializeOwned>(
    raw: RawRecord,
    errors: &mut Vec<ReadError>,
) -> Option<T> {
    let (uit, gevangen) = vang_problemen(|| serde_path_to_error::deserialize::<_, T>(raw.value));
    match uit {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(refused(e, gevangen, raw.location));
            None
        }
    }
}

/// Decodes a record that can be read twice (a CSV row, by reference): at once, and only
/// when it is refused once more with its field path tracked, for the message.
pub(crate) fn decode_twice<'de, T, D>(
    de: D,
    location: impl FnOnce() -> Location,
    errors: &mut Vec<ReadError>,
) -> Option<T>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de, Error = serde_json::Error> + Copy,
{
    let (uit, _) = vang_problemen(|| T::deserialize(de));
    if let Ok(v) = uit {
        return Some(v);
    }
    let (uit, gevangen) = vang_problemen(|| serde_path_to_error::deserialize::<_, T>(de));
    match uit {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(refused(e, gevangen, location()));
            None
        }
    }
}

/// The problem of a refused record: the domain's own problem where a constructor refused a
/// value (with its English), serde's message otherwise; the field from the problem or the
/// path.
fn refused(
    e: serde_path_to_error::Error<serde_json::Error>,
    gevangen: Vec<gemeten_domain::Probleem>,
    mut location: Location,
) -> ReadError {
    let path = e.path().to_string();
    let message = e.inner().to_string();
    // A domain constructor's refusal: serde carried its Dutch text; the problem
    // itself, with its English, was caught on the way.
    let domein = gevangen
        .into_iter()
        .find(|p| message.starts_with(&p.to_string()));
    let (field, reason) = match domein {
        Some(p) => (p.field().map(str::to_owned), p.reason),
        None => {
            let (field, reason) = split_field(&message);
            (field, Tweetalig::uit_bibliotheek(&reason))
        }
    };
    location.field = field.or((path != ".").then_some(path));
    ReadError::new(location, reason)
}

fn decode_all<T: DeserializeOwned>(
    records: Vec<RawRecord>,
    out: &mut Vec<T>,
    locations: &mut Vec<Location>,
    errors: &mut Vec<ReadError>,
) {
    for raw in records {
        let location = raw.location.clone();
        if let Some(v) = decode(raw, errors) {
            out.push(v);
            locations.push(location);
        }
    }
}

/// Decodes the records of every table and checks them as one register.
pub(crate) fn assemble(tables: Vec<(String, Vec<RawRecord>)>) -> Result<Register, ReadErrors> {
    let mut errors = Vec::new();
    let mut parts = RegisterParts::default();
    // locations[t][i] is where record i of table t (in `parts`) came from.
    let mut locations: Vec<Vec<Location>> = vec![Vec::new(); TABLES.len()];
    for (table, records) in tables {
        let Some(t) = TABLES.iter().position(|n| *n == table) else {
            continue; // rejected by the reader with check_table_name
        };
        let loc = &mut locations[t];
        let e = &mut errors;
        match TABLES[t] {
            "missie" => decode_all(records, &mut parts.missie, loc, e),
            "doel" => decode_all(records, &mut parts.doel, loc, e),
            "toc_knoop" => decode_all(records, &mut parts.toc_knoop, loc, e),
            "toc_pijl" => decode_all(records, &mut parts.toc_pijl, loc, e),
            "kia_vraag" => decode_all(records, &mut parts.kia_vraag, loc, e),
            "programma" => decode_all(records, &mut parts.programma, loc, e),
            "instrument" => decode_all(records, &mut parts.instrument, loc, e),
            "organisatie" => decode_all(records, &mut parts.organisatie, loc, e),
            "activiteit" => decode_all(records, &mut parts.activiteit, loc, e),
            "barriere" => decode_all(records, &mut parts.barriere, loc, e),
            "innovatie" => decode_all(records, &mut parts.innovatie, loc, e),
            "criterium" => decode_all(records, &mut parts.criterium, loc, e),
            "aanbeveling" => decode_all(records, &mut parts.aanbeveling, loc, e),
            "formulering" => decode_all(records, &mut parts.formulering, loc, e),
            "prioriteit" => decode_all(records, &mut parts.prioriteit, loc, e),
            "programma_bijdrage" => decode_all(records, &mut parts.programma_bijdrage, loc, e),
            "kengetal" => decode_all(records, &mut parts.kengetal, loc, e),
            "maatstaf" => decode_all(records, &mut parts.maatstaf, loc, e),
            "kies_knoop" => decode_all(records, &mut parts.kies_knoop, loc, e),
            "kies_pijl" => decode_all(records, &mut parts.kies_pijl, loc, e),
            other => unreachable!("table {other} is listed in TABLES but not decoded"),
        }
    }
    if !errors.is_empty() {
        return Err(sorted(errors));
    }
    Register::new(parts).map_err(|integrity| {
        sorted(
            integrity
                .into_iter()
                .map(|ie| {
                    let t = TABLES.iter().position(|n| *n == ie.table).unwrap_or(0);
                    let mut location = locations[t].get(ie.index).cloned().unwrap_or_default();
                    location.table = Some(ie.table.to_owned());
                    location.key = Some(ie.key);
                    location.field = Some(ie.field.to_owned());
                    ReadError::new(location, ie.reason)
                })
                .collect(),
        )
    })
}

/// Problems in the order of the input, so that a file can be fixed from top to bottom.
fn sorted(mut errors: Vec<ReadError>) -> ReadErrors {
    errors.sort_by(|a, b| {
        (&a.location.file, a.location.line).cmp(&(&b.location.file, b.location.line))
    });
    ReadErrors(errors)
}

/// 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Reads bytes as UTF-8, or says on which line the first invalid byte is.
pub(crate) fn utf8<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str, ReadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        ReadError::new(
            Location {
                line: Some(line),
                ..Location::file(file)
            },
            Tweetalig::new(
                format!("ongeldige UTF-8 bij byte {at}; sla het bestand op als UTF-8"),
                format!("invalid UTF-8 at byte {at}; save the file as UTF-8"),
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_prefix_is_split_off() {
        assert_eq!(
            split_field("field `deadline`: too early"),
            (Some("deadline".into()), "too early".into())
        );
        assert_eq!(split_field("plain"), (None, "plain".into()));
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
