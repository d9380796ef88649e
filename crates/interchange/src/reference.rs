//! The curated reference dataset: TOML files in `data/referentie/`, embedded at build time.

use toml::Spanned;

use gemeten_domain::{Register, Tweetalig};

use crate::raw::{assemble, check_table_name, line_of, utf8, RawRecord};
use crate::{Location, ReadError, ReadErrors};

include!(concat!(env!("OUT_DIR"), "/reference_files.rs"));

/// Names of the embedded reference files, in load order.
pub fn reference_files() -> impl Iterator<Item = &'static str> {
    REFERENCE_FILES.iter().map(|(name, _)| *name)
}

/// The reference dataset that ships with gemeten, checked as one register.
pub fn reference_register() -> Result<Register, ReadErrors> {
    let files: Vec<(String, Vec<u8>)> = REFERENCE_FILES
        .iter()
        .map(|(name, text)| (format!("data/referentie/{name}"), text.as_bytes().to_vec()))
        .collect();
    from_toml_files(&files)
}

type TomlTables = std::collections::BTreeMap<String, Vec<Spanned<toml::Value>>>;

/// Reads register tables spread over several TOML files (`[[table]]` arrays), as one register.
pub fn from_toml_files(files: &[(String, Vec<u8>)]) -> Result<Register, ReadErrors> {
    let mut errors = Vec::new();
    let mut tables: Vec<(String, Vec<RawRecord>)> = Vec::new();
    for (file, bytes) in files {
        let text = match utf8(bytes, file) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let doc: TomlTables = match toml::from_str(text) {
            Ok(doc) => doc,
            Err(e) => {
                let line = e.span().map(|s| line_of(text, s.start));
                errors.push(ReadError::new(
                    Location {
                        line,
                        ..Location::file(file.as_str())
                    },
                    Tweetalig::new(
                        format!("ongeldige TOML: {}", e.message()),
                        format!("invalid TOML: {}", e.message()),
                    ),
                ));
                continue;
            }
        };
        for (table, items) in doc {
            if let Err(e) = check_table_name(&table, &Location::file(file.as_str())) {
                errors.push(e);
                continue;
            }
            let records = items
                .into_iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let line = line_of(text, item.span().start);
                    let value = item.into_inner();
                    match serde_json::to_value(&value) {
                        Ok(v) => Some(RawRecord::new(v, file, Some(line), &table, i + 1)),
                        Err(e) => {
                            let loc = Location {
                                line: Some(line),
                                table: Some(table.clone()),
                                ..Location::file(file.as_str())
                            };
                            errors.push(ReadError::new(
                                loc,
                                Tweetalig::new(e.to_string(), e.to_string()),
                            ));
                            None
                        }
                    }
                })
                .collect();
            tables.push((table, records));
        }
    }
    if !errors.is_empty() {
        return Err(ReadErrors(errors));
    }
    assemble(tables)
}
