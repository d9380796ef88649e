//! The register as CSV: one file per table (`<table>.csv`) in a folder. Lists of codes and
//! ids are `;`-separated in one cell; lists of text items have one item per line in the
//! cell; nested values use dotted column names (`source.doc`).

use std::fs;
use std::path::Path;

use serde_json::{Map, Number, Value};

use gemeten_domain::{Register, Tweetalig, TABLES};

use crate::raw::{assemble, utf8, RawRecord};
use crate::{Location, ReadError, ReadErrors, WriteError};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Int,
    Float,
    Bool,
    /// Codes or ids, `;`-separated.
    Codes,
    /// Text items, one per line.
    Lines,
}

use Kind::*;

const SOURCE: &[(&str, Kind)] = &[
    ("source.doc", Text),
    ("source.section", Text),
    ("source.lines", Text),
];

/// The columns of a table, without the source columns that every table ends with.
fn columns(table: &str) -> &'static [(&'static str, Kind)] {
    match table {
        "missie" => &[
            ("code", Text),
            ("title_nl", Text),
            ("title_en", Text),
            ("text_nl", Text),
            ("text_en", Text),
            ("text_2019_nl", Text),
            ("deadline", Int),
            ("source_2019.doc", Text),
            ("source_2019.section", Text),
            ("source_2019.lines", Text),
            ("title_source.doc", Text),
            ("title_source.section", Text),
            ("title_source.lines", Text),
        ],
        "doel" => &[
            ("id", Text),
            ("missie", Text),
            ("indicator", Text),
            ("indicator_nl", Text),
            ("indicator_en", Text),
            ("kind", Text),
            ("value", Float),
            ("unit", Text),
            ("direction", Text),
            ("baseline_year", Int),
            ("baseline_value", Float),
            ("deadline", Int),
            ("baseline_source.doc", Text),
            ("baseline_source.section", Text),
            ("baseline_source.lines", Text),
            ("deadline_source.doc", Text),
            ("deadline_source.section", Text),
            ("deadline_source.lines", Text),
        ],
        "toc_knoop" => &[
            ("id", Text),
            ("missie", Text),
            ("kind", Text),
            ("text_nl", Text),
            ("text_en", Text),
        ],
        "toc_pijl" => &[("from", Text), ("to", Text)],
        "kia_vraag" => &[
            ("id", Text),
            ("missies", Codes),
            ("kind", Text),
            ("text_nl", Text),
            ("text_en", Text),
        ],
        "programma" => &[("code", Text), ("name_nl", Text), ("name_en", Text)],
        "instrument" => &[
            ("id", Text),
            ("programmas", Codes),
            ("name_nl", Text),
            ("description_nl", Text),
            ("budget_text", Text),
            ("budget_eur", Int),
            ("budget_period", Text),
            ("budget_until_year", Int),
            ("budget_after_eur", Int),
            ("part_of", Text),
            ("missies", Codes),
            ("contribution_nl", Text),
            ("trl_min", Int),
            ("trl_max", Int),
            ("brl_min", Int),
            ("brl_max", Int),
            ("eligible", Codes),
            ("eligibility_nl", Text),
        ],
        "organisatie" => &[("id", Text), ("name", Text), ("kind", Text)],
        "activiteit" => &[
            ("id", Text),
            ("missies", Codes),
            ("chapter", Text),
            ("number", Text),
            ("text_nl", Text),
            ("text_en", Text),
            ("initiatiefnemers", Codes),
            ("all_partners", Bool),
        ],
        "barriere" => &[("id", Text), ("title_nl", Text), ("description_nl", Text)],
        "innovatie" => &[
            ("id", Text),
            ("name", Text),
            ("missies", Codes),
            ("description_nl", Text),
            ("end_user_impact_nl", Text),
            ("societal_impact_nl", Text),
            ("economic_impact_nl", Text),
            ("selected", Bool),
            ("interviewed", Bool),
            ("phase_innovation", Text),
            ("phase_stakeholders", Text),
            ("phase_environment", Text),
            ("trl", Int),
            ("sel", Int),
            ("impact_output", Lines),
            ("impact_outcome", Lines),
            ("impact_impact", Lines),
            ("barrieres", Codes),
        ],
        "criterium" => &[("id", Text), ("missie", Text), ("text_nl", Text)],
        "aanbeveling" => &[
            ("id", Text),
            ("barriere", Text),
            ("innovatie", Text),
            ("what_nl", Text),
            ("first_step_nl", Text),
            ("organisaties", Codes),
        ],
        "formulering" => &[
            ("id", Text),
            ("missie", Text),
            ("text_nl", Text),
            ("text_en", Text),
        ],
        "prioriteit" => &[
            ("id", Text),
            ("missies", Codes),
            ("chapter", Text),
            ("number", Text),
            ("text_nl", Text),
            ("text_en", Text),
            ("initiatiefnemers", Codes),
            ("all_partners", Bool),
        ],
        "programma_bijdrage" => &[
            ("id", Text),
            ("programma", Text),
            ("missies", Codes),
            ("text_nl", Text),
        ],
        "kengetal" => &[
            ("id", Text),
            ("kind", Text),
            ("text_nl", Text),
            ("text_en", Text),
            ("value", Float),
            ("unit", Text),
            ("budget_period", Text),
            ("year_from", Int),
            ("year_to", Int),
        ],
        "maatstaf" => &[
            ("id", Text),
            ("kader", Text),
            ("letter", Text),
            ("name_nl", Text),
            ("name_en", Text),
            ("text_nl", Text),
            ("text_en", Text),
            ("also_nl", Text),
            ("also_source.doc", Text),
            ("also_source.section", Text),
            ("also_source.lines", Text),
            ("figure_nl", Text),
            ("figure_source.doc", Text),
            ("figure_source.section", Text),
            ("figure_source.lines", Text),
        ],
        "kies_knoop" => &[
            ("id", Text),
            ("kind", Text),
            ("name_nl", Text),
            ("name_en", Text),
            ("name_is_english", Bool),
            ("label_nl", Text),
            ("label_source.doc", Text),
            ("label_source.section", Text),
            ("label_source.lines", Text),
            ("organisatie", Text),
            ("instrument", Text),
            ("programma", Text),
        ],
        "kies_pijl" => &[("from", Text), ("to", Text), ("text_nl", Text)],
        _ => &[],
    }
}

fn all_columns(table: &str) -> Vec<(&'static str, Kind)> {
    columns(table).iter().chain(SOURCE).copied().collect()
}

fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn cell(v: Option<&Value>, kind: Kind) -> String {
    match (v, kind) {
        (None | Some(Value::Null), _) => String::new(),
        (Some(Value::Array(items)), Codes | Lines) => {
            let sep = if kind == Codes { ";" } else { "\n" };
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(sep)
        }
        (Some(Value::String(s)), _) => s.clone(),
        (Some(other), _) => other.to_string(),
    }
}

/// One CSV file per table, in the canonical order: (table name, file content).
pub fn csv_tables(register: &Register) -> Result<Vec<(&'static str, Vec<u8>)>, WriteError> {
    let parts = serde_json::to_value(register.parts()).expect("register values always serialise");
    let mut out = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let path = format!("{table}.csv");
        let encode = |reason: String| WriteError::Encode {
            path: path.clone(),
            reason,
        };
        let cols = all_columns(table);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(cols.iter().map(|(c, _)| *c))
            .map_err(|e| encode(e.to_string()))?;
        for record in parts[*table].as_array().into_iter().flatten() {
            w.write_record(cols.iter().map(|(c, k)| cell(get(record, c), *k)))
                .map_err(|e| encode(e.to_string()))?;
        }
        out.push((*table, w.into_inner().map_err(|e| encode(e.to_string()))?));
    }
    Ok(out)
}

/// Writes one `<table>.csv` per table into `dir` (created if needed).
pub fn write_csv_dir(register: &Register, dir: &Path) -> Result<(), WriteError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| WriteError::Io { path, source }
    };
    fs::create_dir_all(dir).map_err(io(dir))?;
    for (table, bytes) in csv_tables(register)? {
        let path = dir.join(format!("{table}.csv"));
        fs::write(&path, bytes).map_err(io(&path))?;
    }
    Ok(())
}

fn set(obj: &mut Map<String, Value>, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            obj.insert(path.to_owned(), v);
        }
        Some((head, rest)) => {
            let child = obj
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = child {
                set(m, rest, v);
            }
        }
    }
}

fn parse_cell(raw: &str, kind: Kind) -> Result<Option<Value>, Tweetalig> {
    let list = |sep: char| {
        Value::Array(
            raw.split(sep)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_owned()))
                .collect(),
        )
    };
    match kind {
        Codes => return Ok(Some(list(';'))),
        Lines => return Ok(Some(list('\n'))),
        _ if raw.is_empty() => return Ok(None),
        _ => {}
    }
    let t = raw.trim();
    Ok(Some(match kind {
        Text => Value::String(raw.to_owned()),
        Int => Value::Number(
            t.parse::<i64>()
                .map_err(|_| {
                    Tweetalig::new(
                        format!("'{raw}' is geen geheel getal"),
                        format!("'{raw}' is not a whole number"),
                    )
                })?
                .into(),
        ),
        Float => Value::Number(
            t.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .ok_or_else(|| {
                    Tweetalig::new(
                        format!("'{raw}' is geen getal"),
                        format!("'{raw}' is not a number"),
                    )
                })?,
        ),
        Bool => Value::Bool(match t {
            "true" | "ja" | "1" => true,
            "false" | "nee" | "0" => false,
            _ => {
                return Err(Tweetalig::new(
                    format!("'{raw}' is niet waar of onwaar (true/false, ja/nee)"),
                    format!("'{raw}' is not true or false"),
                ))
            }
        }),
        Codes | Lines => unreachable!("handled above"),
    }))
}

fn read_table(text: &str, file: &str, table: &str) -> Result<Vec<RawRecord>, Vec<ReadError>> {
    let cols = all_columns(table);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let at = |line: Option<usize>| Location {
        line,
        table: Some(table.to_owned()),
        ..Location::file(file)
    };
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            return Err(vec![ReadError::new(
                at(Some(1)),
                Tweetalig::new(
                    format!("ongeldige CSV-kop: {e}"),
                    format!("invalid CSV header: {e}"),
                ),
            )])
        }
    };
    let mut problems = Vec::new();
    let missing: Vec<&str> = cols
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        problems.push(ReadError::new(
            at(Some(1)),
            Tweetalig::new(
                format!("ontbrekende kolom(men): {}", missing.join(", ")),
                format!("missing column(s): {}", missing.join(", ")),
            ),
        ));
    }
    for h in &header {
        if !cols.iter().any(|(c, _)| c == h) {
            problems.push(ReadError::new(
                at(Some(1)),
                Tweetalig::new(
                    format!("onbekende kolom '{h}'"),
                    format!("unknown column '{h}'"),
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut records = Vec::new();
    for (i, row) in rdr.records().enumerate() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                problems.push(ReadError::new(
                    at(line),
                    Tweetalig::new(format!("ongeldige CSV: {e}"), format!("invalid CSV: {e}")),
                ));
                continue;
            }
        };
        let line = row.position().map(|p| p.line() as usize);
        let mut obj = Map::new();
        for (h, raw) in header.iter().zip(row.iter()) {
            let kind = cols
                .iter()
                .find(|(c, _)| c == h)
                .map(|(_, k)| *k)
                .unwrap_or(Text);
            match parse_cell(raw, kind) {
                Ok(Some(v)) => set(&mut obj, h, v),
                Ok(None) => {}
                Err(reason) => problems.push(ReadError::new(
                    Location {
                        record: Some(i + 1),
                        field: Some(h.clone()),
                        ..at(line)
                    },
                    reason,
                )),
            }
        }
        records.push(RawRecord::new(Value::Object(obj), file, line, table, i + 1));
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

/// Reads a register from a folder of `<table>.csv` files. Every table's file must be there
/// (an empty table is a file with only the header), so a missing file is never mistaken for
/// an empty table.
pub fn read_csv_dir(dir: &Path) -> Result<Register, ReadErrors> {
    let mut errors = Vec::new();
    let mut tables = Vec::new();
    for table in TABLES {
        let path = dir.join(format!("{table}.csv"));
        let file = path.display().to_string();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(ReadError::new(
                    Location::file(file),
                    Tweetalig::new(format!("kan niet lezen: {e}"), format!("cannot read: {e}")),
                ));
                continue;
            }
        };
        let text = match utf8(&bytes, &file) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match read_table(text, &file, table) {
            Ok(records) => tables.push((table.to_string(), records)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(ReadErrors(errors));
    }
    assemble(tables)
}
