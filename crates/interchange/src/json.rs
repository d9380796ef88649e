//! The register as one JSON document: `{"format": "gemeten-register", "version": 1,
//! "<table>": [records...], ...}` with tables in the canonical order.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::value::RawValue;

use gemeten_domain::{Register, RegisterParts, Tweetalig};

use crate::raw::{assemble, check_table_name, line_of, utf8, RawRecord};
use crate::{Location, ReadError, ReadErrors};

pub const FORMAT: &str = "gemeten-register";
pub const VERSION: u64 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    #[serde(flatten)]
    parts: &'a RegisterParts,
}

/// The register as pretty-printed JSON; equal registers give identical text.
pub fn to_json(register: &Register) -> String {
    let doc = Document {
        format: FORMAT,
        version: VERSION,
        parts: register.parts(),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("register values always serialise");
    s.push('\n');
    s
}

/// serde_json appends " at line L column C" to its messages; we report the line ourselves.
pub(crate) fn strip_position(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    }
}

pub(crate) fn syntax_error(file: &str, base_line: usize, e: &serde_json::Error) -> ReadError {
    ReadError::new(
        Location {
            line: Some(base_line + e.line().saturating_sub(1)),
            ..Location::file(file)
        },
        Tweetalig::new(
            format!(
                "ongeldige JSON: {} (kolom {})",
                strip_position(e),
                e.column()
            ),
            format!(
                "invalid JSON: {} (column {})",
                strip_position(e),
                e.column()
            ),
        ),
    )
}

/// Reads a register from JSON. `file` names the input in error messages.
pub fn from_json(bytes: &[u8], file: &str) -> Result<Register, ReadErrors> {
    let text = utf8(bytes, file)?;
    let top: BTreeMap<String, &RawValue> =
        serde_json::from_str(text).map_err(|e| syntax_error(file, 1, &e))?;
    let offset = |raw: &RawValue| raw.get().as_ptr() as usize - text.as_ptr() as usize;

    let mut errors = Vec::new();
    // An import replaces the whole register, so a document must say what each table holds:
    // a table left out (or `{}`) would otherwise read as an empty one and empty the register
    // without anyone having asked for that. An empty table is written as `[]`.
    for required in ["format", "version"].iter().chain(gemeten_domain::TABLES) {
        if !top.contains_key(*required) {
            let what = if gemeten_domain::TABLES.contains(required) {
                Tweetalig::new(
                    format!(
                        "tabel `{required}` ontbreekt; een registerdocument noemt elke tabel \
                         (een lege als `\"{required}\": []`)"
                    ),
                    format!(
                        "table `{required}` is missing; a register document lists every table \
                         (an empty one as `\"{required}\": []`)"
                    ),
                )
            } else {
                Tweetalig::new(
                    format!("`{required}` ontbreekt; is dit een register dat gemeten exporteerde?"),
                    format!("`{required}` is missing; is this a register exported by gemeten?"),
                )
            };
            errors.push(ReadError::new(Location::file(file), what));
        }
    }
    let mut tables = Vec::new();
    for (name, raw) in top {
        let line = line_of(text, offset(raw));
        let location = Location {
            line: Some(line),
            ..Location::file(file)
        };
        match name.as_str() {
            "format" => {
                if serde_json::from_str::<String>(raw.get()).ok().as_deref() != Some(FORMAT) {
                    errors.push(ReadError::new(
                        location,
                        Tweetalig::new(
                            format!("`format` moet \"{FORMAT}\" zijn"),
                            format!("`format` must be \"{FORMAT}\""),
                        ),
                    ));
                }
            }
            "version" => {
                if serde_json::from_str::<u64>(raw.get()).ok() != Some(VERSION) {
                    errors.push(ReadError::new(
                        location,
                        Tweetalig::new(
                            format!(
                                "`version` moet {VERSION} zijn; deze gemeten leest versie {VERSION}"
                            ),
                            format!(
                                "`version` must be {VERSION}; this gemeten reads version {VERSION}"
                            ),
                        ),
                    ));
                }
            }
            table => {
                if let Err(e) = check_table_name(table, &location) {
                    errors.push(e);
                    continue;
                }
                let items: Vec<&RawValue> = match serde_json::from_str(raw.get()) {
                    Ok(items) => items,
                    Err(e) => {
                        errors.push(ReadError::new(
                            Location {
                                table: Some(table.to_owned()),
                                ..location
                            },
                            Tweetalig::new(
                                format!(
                                    "een tabel is een lijst van records: {}",
                                    strip_position(&e)
                                ),
                                format!(
                                    "a table must be a list of records: {}",
                                    strip_position(&e)
                                ),
                            ),
                        ));
                        continue;
                    }
                };
                let mut records = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    let line = line_of(text, offset(item));
                    match serde_json::from_str(item.get()) {
                        Ok(value) => {
                            records.push(RawRecord::new(value, file, Some(line), table, i + 1))
                        }
                        Err(e) => errors.push(syntax_error(file, line, &e)),
                    }
                }
                tables.push((table.to_owned(), records));
            }
        }
    }
    if !errors.is_empty() {
        return Err(ReadErrors(errors));
    }
    assemble(tables)
}
