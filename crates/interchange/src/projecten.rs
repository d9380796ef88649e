//! Project portfolios as funders export them: a CSV file with one project per line, or a
//! JSON list of project records. Everything is checked before anything is returned — each
//! record against the domain rules, then against the register (KIA questions, instruments,
//! innovations and organisations must exist) and against the other records (unique ids).
//!
//! CSV columns: `id,title,summary,funder,status,partners,missies,kia_vragen,innovatie,trl,
//! sel,brl,phase_innovation,phase_stakeholders,phase_environment,funding,start,end,
//! expected_in_practice,doelen,kies`. Only `id`, `title`, `funder` and `status` are required.
//! Lists are separated by `;`; a partner is `name|kind|role[|organisation id]`, a funding line
//! is `funder|instrument id (may be empty)|amount in euros|from year|to year`. `doelen` lists
//! the targets the project contributes to: each must be a target of one of its missions (or
//! of the central mission), refused as `doelen[i]` otherwise. `kies` lists the elements of the
//! knowledge and innovation ecosystem (000 Figure 5) the project works with: each must be
//! named in the figure's row of one of its missions (or of the central mission), refused as
//! `kies[i]` otherwise.

use std::collections::HashSet;

use serde_json::value::RawValue;
use serde_json::Value;

use gemeten_domain::{doel_van_missies, kies_van_missies, Project, Register, Tweetalig};

use crate::json::{strip_position, syntax_error};
use crate::raw::{decode, decode_twice, utf8, RawRecord};
use crate::rij::Cel;
use crate::{Location, ReadError, ReadErrors, WriteError};

pub const PROJECT_COLUMNS: &[&str] = &[
    "id",
    "title",
    "summary",
    "funder",
    "status",
    "partners",
    "missies",
    "kia_vragen",
    "innovatie",
    "trl",
    "sel",
    "brl",
    "phase_innovation",
    "phase_stakeholders",
    "phase_environment",
    "funding",
    "start",
    "end",
    "expected_in_practice",
    "doelen",
    "kies",
];
const REQUIRED: &[&str] = &["id", "title", "funder", "status"];
const NUMBERS: &[&str] = &["trl", "sel", "brl", "start", "end", "expected_in_practice"];
const TABLE: &str = "project";

/// Reads projects from `bytes`; CSV when `file` ends in `.csv`, JSON otherwise.
pub fn read_projects(
    bytes: &[u8],
    file: &str,
    register: &Register,
) -> Result<Vec<Project>, ReadErrors> {
    let mut all = Vec::new();
    let mut keep = |part: Vec<Project>| -> Result<(), std::convert::Infallible> {
        all.extend(part);
        Ok(())
    };
    let read = if is_csv(file) {
        read_csv_in_parts(bytes, file, register, usize::MAX, &mut keep)
    } else {
        let text = utf8(bytes, file)?;
        let mut into = Verzamelaar::new(register, usize::MAX, &mut keep);
        json_records(text, file, &mut into).and_then(|()| into.finish())
    };
    match read {
        Ok(_) => Ok(all),
        Err(InDelen::Lezen(e)) => Err(e),
        Err(InDelen::Verwerken(never)) => match never {},
    }
}

fn is_csv(file: &str) -> bool {
    file.to_ascii_lowercase().ends_with(".csv")
}

/// Why reading in parts stopped: problems in the file (all of them), or the receiver of the
/// parts refused one.
#[derive(Debug)]
pub enum InDelen<E> {
    Lezen(ReadErrors),
    Verwerken(E),
}

impl<E> From<ReadErrors> for InDelen<E> {
    fn from(e: ReadErrors) -> Self {
        InDelen::Lezen(e)
    }
}

impl<E> From<ReadError> for InDelen<E> {
    fn from(e: ReadError) -> Self {
        InDelen::Lezen(e.into())
    }
}

/// Reads a CSV project list from `input` as it comes, checking every record as
/// [`read_projects`] does, and hands the checked projects to `part` in parts of `size` for
/// as long as no problem has been found. After a problem, reading goes on to report every
/// problem, but no more parts are handed on: the receiver (one transaction) undoes the parts
/// it had. The whole file is never in memory, nor all its projects. Returns the number of
/// projects.
pub fn read_csv_in_parts<E>(
    input: impl std::io::Read,
    file: &str,
    register: &Register,
    size: usize,
    part: &mut dyn FnMut(Vec<Project>) -> Result<(), E>,
) -> Result<usize, InDelen<E>> {
    let mut into = Verzamelaar::new(register, size, part);
    csv_records(input, file, &mut into)?;
    into.finish()
}

/// [`read_csv_in_parts`] with the reading on a second thread: the file is read, decoded and
/// checked there while the caller's thread hands the parts already checked to `part` (for an
/// import: writes them). The same parts in the same order, the same problems, the same
/// answer; at most two parts wait between the threads. When `part` refuses one, the reader
/// stops at its next part.
pub fn read_csv_in_parts_beside<E>(
    input: impl std::io::Read + Send,
    file: &str,
    register: &Register,
    size: usize,
    part: &mut dyn FnMut(Vec<Project>) -> Result<(), E>,
) -> Result<usize, InDelen<E>> {
    /// The caller's side stopped taking parts.
    struct Gestopt;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Project>>(2);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            read_csv_in_parts(input, file, register, size, &mut |p| {
                tx.send(p).map_err(|_| Gestopt)
            })
        });
        let mut refused = None;
        for p in rx.iter() {
            if let Err(e) = part(p) {
                refused = Some(e);
                break;
            }
        }
        // The reader's next send fails: it stops.
        drop(rx);
        let read = match reader.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match (refused, read) {
            (Some(e), _) => Err(InDelen::Verwerken(e)),
            (None, Ok(n)) => Ok(n),
            (None, Err(InDelen::Lezen(e))) => Err(InDelen::Lezen(e)),
            // Only after a refusal, handled above.
            (None, Err(InDelen::Verwerken(Gestopt))) => Ok(0),
        }
    })
}

/// The checks of the register's references: the ids a project may name.
struct Verwijzingen<'a> {
    register: &'a Register,
    vragen: HashSet<&'a str>,
    instrumenten: HashSet<&'a str>,
    innovaties: HashSet<&'a str>,
    organisaties: HashSet<&'a str>,
}

impl<'a> Verwijzingen<'a> {
    fn new(register: &'a Register) -> Self {
        let parts = register.parts();
        Verwijzingen {
            register,
            vragen: parts.kia_vraag.iter().map(|v| v.id.as_str()).collect(),
            instrumenten: parts.instrument.iter().map(|v| v.id.as_str()).collect(),
            innovaties: parts.innovatie.iter().map(|v| v.id.as_str()).collect(),
            organisaties: parts.organisatie.iter().map(|v| v.id.as_str()).collect(),
        }
    }
}

fn check_references(
    p: &Project,
    loc: &dyn Fn() -> Location,
    r: &Verwijzingen,
    seen: &mut HashSet<String>,
    errors: &mut Vec<ReadError>,
) {
    let (vragen, instrumenten, innovaties, organisaties) =
        (&r.vragen, &r.instrumenten, &r.innovaties, &r.organisaties);
    {
        let mut problem = |field: &str, reason: Tweetalig| {
            let mut location = loc();
            location.field = Some(field.to_owned());
            errors.push(ReadError::new(location, reason));
        };
        if !seen.insert(p.id.to_string()) {
            problem(
                "id",
                Tweetalig::new(
                    format!("project-id '{}' komt twee keer voor", p.id),
                    format!("project id '{}' occurs twice", p.id),
                ),
            );
        }
        for v in &p.kia_vragen {
            if !vragen.contains(v.as_str()) {
                problem(
                    "kia_vragen",
                    Tweetalig::new(
                        format!("onbekende KIA-vraag '{v}'"),
                        format!("unknown KIA question '{v}'"),
                    ),
                );
            }
        }
        if let Some(i) = &p.innovatie {
            if !innovaties.contains(i.as_str()) {
                problem(
                    "innovatie",
                    Tweetalig::new(
                        format!("onbekende innovatie '{i}'"),
                        format!("unknown innovation '{i}'"),
                    ),
                );
            }
        }
        for f in &p.funding {
            if let Some(i) = &f.instrument {
                if !instrumenten.contains(i.as_str()) {
                    problem(
                        "funding",
                        Tweetalig::new(
                            format!("onbekend instrument '{i}'"),
                            format!("unknown instrument '{i}'"),
                        ),
                    );
                }
            }
        }
        for (i, d) in p.doelen.iter().enumerate() {
            if let Err(e) = doel_van_missies(r.register, &p.missies, d, format!("doelen[{i}]")) {
                let field = e.field().unwrap_or("doelen").to_owned();
                problem(&field, e.reason.clone());
            }
        }
        for (i, k) in p.kies.iter().enumerate() {
            if let Err(e) = kies_van_missies(r.register, &p.missies, k, format!("kies[{i}]")) {
                let field = e.field().unwrap_or("kies").to_owned();
                problem(&field, e.reason.clone());
            }
        }
        for partner in &p.partners {
            if let Some(o) = &partner.organisatie {
                if !organisaties.contains(o.as_str()) {
                    problem(
                        "partners",
                        Tweetalig::new(
                            format!("onbekende organisatie '{o}'"),
                            format!("unknown organisation '{o}'"),
                        ),
                    );
                }
            }
        }
    }
}

/// Decoded and checked projects, handed on in parts while no problem was found.
struct Verzamelaar<'a, E> {
    verwijzingen: Verwijzingen<'a>,
    seen: HashSet<String>,
    size: usize,
    part: Vec<Project>,
    count: usize,
    errors: Vec<ReadError>,
    sink: &'a mut dyn FnMut(Vec<Project>) -> Result<(), E>,
    stopped: Option<E>,
}

impl<'a, E> Verzamelaar<'a, E> {
    fn new(
        register: &'a Register,
        size: usize,
        sink: &'a mut dyn FnMut(Vec<Project>) -> Result<(), E>,
    ) -> Self {
        Verzamelaar {
            verwijzingen: Verwijzingen::new(register),
            seen: HashSet::new(),
            size: size.max(1),
            part: Vec::new(),
            count: 0,
            errors: Vec::new(),
            sink,
            stopped: None,
        }
    }

    fn take(&mut self, raw: RawRecord) {
        let location = raw.location.clone();
        if let Some(p) = decode::<Project>(raw, &mut self.errors) {
            self.keep(p, &|| location.clone());
        }
    }

    /// A decoded project: checked against the register and the others, and kept while all
    /// is well. `location` is only made for a problem.
    fn keep(&mut self, p: Project, location: &dyn Fn() -> Location) {
        check_references(
            &p,
            location,
            &self.verwijzingen,
            &mut self.seen,
            &mut self.errors,
        );
        self.count += 1;
        if self.errors.is_empty() {
            self.part.push(p);
            if self.part.len() >= self.size {
                self.flush();
            }
        }
    }

    /// Hands the part on while all is well; after a problem the parts are dropped.
    fn flush(&mut self) {
        let part = std::mem::take(&mut self.part);
        if self.errors.is_empty() && self.stopped.is_none() && !part.is_empty() {
            if let Err(e) = (self.sink)(part) {
                self.stopped = Some(e);
            }
        }
    }

    fn finish(mut self) -> Result<usize, InDelen<E>> {
        self.flush();
        if let Some(e) = self.stopped {
            return Err(InDelen::Verwerken(e));
        }
        if self.errors.is_empty() {
            Ok(self.count)
        } else {
            self.errors.sort_by_key(|e| e.location.line);
            Err(InDelen::Lezen(ReadErrors(self.errors)))
        }
    }
}

fn json_records<E>(text: &str, file: &str, into: &mut Verzamelaar<E>) -> Result<(), InDelen<E>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Wrapped<'a> {
        #[serde(borrow)]
        project: Vec<&'a RawValue>,
    }
    let shape_error = |e: serde_json::Error| -> ReadErrors {
        if e.is_syntax() || e.is_eof() {
            syntax_error(file, 1, &e).into()
        } else {
            ReadError::new(
                Location::file(file),
                Tweetalig::new(
                    format!(
                        "verwacht een lijst van projecten of {{\"project\": [...]}}: {}",
                        strip_position(&e)
                    ),
                    format!(
                        "expected a list of projects or {{\"project\": [...]}}: {}",
                        strip_position(&e)
                    ),
                ),
            )
            .into()
        }
    };
    let items: Vec<&RawValue> = if text.trim_start().starts_with('{') {
        serde_json::from_str::<Wrapped>(text)
            .map_err(shape_error)?
            .project
    } else {
        serde_json::from_str(text).map_err(shape_error)?
    };
    // Lines are counted incrementally: records come in file order.
    let (mut line, mut counted) = (1, 0);
    for (i, item) in items.into_iter().enumerate() {
        let at = item.get().as_ptr() as usize - text.as_ptr() as usize;
        line += text.as_bytes()[counted..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted = at;
        match serde_json::from_str(item.get()) {
            Ok(value) => into.take(RawRecord::new(value, file, Some(line), TABLE, i + 1)),
            Err(e) => into.errors.push(syntax_error(file, line, &e)),
        }
    }
    Ok(())
}

fn csv_records<E>(
    input: impl std::io::Read,
    file: &str,
    into: &mut Verzamelaar<E>,
) -> Result<(), InDelen<E>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let at_line = |line: Option<usize>| Location {
        line,
        ..Location::file(file)
    };
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| {
            ReadError::new(
                at_line(Some(1)),
                Tweetalig::new(
                    format!("ongeldige CSV-kop: {e}"),
                    format!("invalid CSV header: {e}"),
                ),
            )
        })?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut errors = Vec::new();
    for h in &headers {
        if !PROJECT_COLUMNS.contains(&h.as_str()) {
            errors.push(ReadError::new(
                Location {
                    field: Some(h.clone()),
                    ..at_line(Some(1))
                },
                Tweetalig::new(
                    format!("onbekende kolom (verwacht: {})", PROJECT_COLUMNS.join(", ")),
                    format!("unknown column (expected: {})", PROJECT_COLUMNS.join(", ")),
                ),
            ));
        }
    }
    // A column named twice would leave one of its cells unread: refused, not guessed.
    for (k, h) in headers.iter().enumerate() {
        if headers[..k].contains(h) {
            errors.push(ReadError::new(
                Location {
                    field: Some(h.clone()),
                    ..at_line(Some(1))
                },
                Tweetalig::new(
                    format!("kolom staat twee keer in de kop (kolom {})", k + 1),
                    format!("column appears twice in the header (column {})", k + 1),
                ),
            ));
        }
    }
    for r in REQUIRED {
        if !headers.iter().any(|h| h == r) {
            errors.push(ReadError::new(
                Location {
                    field: Some((*r).to_owned()),
                    ..at_line(Some(1))
                },
                Tweetalig::new("verplichte kolom ontbreekt", "required column is missing"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ReadErrors(errors).into());
    }
    // Each column once (checked above), in sorted order of the names.
    let mut order: Vec<(&str, usize)> = headers
        .iter()
        .enumerate()
        .map(|(k, h)| (h.as_str(), k))
        .collect();
    order.sort_by_key(|(name, _)| *name);
    let mut bad: Vec<(usize, Tweetalig)> = Vec::new();
    let mut row = csv::ByteRecord::new();
    for i in 0.. {
        if into.stopped.is_some() {
            break;
        }
        match rdr.read_byte_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                into.errors.push(ReadError::new(
                    at_line(line),
                    Tweetalig::new(format!("ongeldige CSV: {e}"), format!("invalid CSV: {e}")),
                ));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = row.position().map_or(i + 2, |p| p.line() as usize);
        // Checked per record, so the file is never read whole; a file that is not UTF-8 is
        // refused at its first bad byte, as a whole.
        let mut cells = Vec::with_capacity(row.len());
        for (k, cell) in row.iter().enumerate() {
            match std::str::from_utf8(cell) {
                Ok(c) => cells.push(c),
                Err(e) => {
                    let before: usize = row.iter().take(k).map(|c| c.len() + 1).sum();
                    let at =
                        row.position().map_or(0, |p| p.byte() as usize) + before + e.valid_up_to();
                    return Err(ReadError::new(
                        at_line(Some(line)),
                        Tweetalig::new(
                            format!("ongeldige UTF-8 bij byte {at}; sla het bestand op als UTF-8"),
                            format!("invalid UTF-8 at byte {at}; save the file as UTF-8"),
                        ),
                    )
                    .into());
                }
            }
        }
        // The row as the record's object, its fields in sorted order (as a JSON object
        // would hand them to the decoder), read straight into the project.
        let mut fields: Vec<(&str, Cel)> = Vec::with_capacity(order.len());
        let mut row_ok = true;
        let mut id = None;
        for &(h, k) in &order {
            let cell = cells[k].trim();
            if cell.is_empty() {
                continue;
            }
            match cell_value(h, cell) {
                Ok(v) => {
                    if h == "id" {
                        id = Some(cell);
                    }
                    fields.push((h, v));
                }
                Err(reason) => {
                    // Reported in the order of the columns, below.
                    bad.push((k, reason));
                    row_ok = false;
                }
            }
        }
        if !row_ok {
            bad.sort_by_key(|(k, _)| *k);
            for (k, reason) in bad.drain(..) {
                let location = Location {
                    field: Some(headers[k].clone()),
                    table: Some(TABLE.to_owned()),
                    record: Some(i + 1),
                    ..at_line(Some(line))
                };
                into.errors.push(ReadError::new(location, reason));
            }
            continue;
        }
        let location = || Location {
            file: file.to_owned(),
            line: Some(line),
            table: Some(TABLE.to_owned()),
            record: Some(i + 1),
            key: id.map(str::to_owned),
            field: None,
        };
        let row = Cel::Velden(fields);
        if let Some(p) = decode_twice::<Project, _>(&row, location, &mut into.errors) {
            into.keep(p, &location);
        }
    }
    Ok(())
}

fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// One CSV cell as the value the project record expects (the JSON value it would be, with
/// the fields of an object in sorted order).
pub(crate) fn cell_value<'a>(column: &str, cell: &'a str) -> Result<Cel<'a>, Tweetalig> {
    if NUMBERS.contains(&column) {
        return cell.parse::<i64>().map(Cel::Getal).map_err(|_| {
            Tweetalig::new(
                format!("'{cell}' is geen geheel getal"),
                format!("'{cell}' is not a whole number"),
            )
        });
    }
    Ok(match column {
        "missies" | "kia_vragen" | "doelen" | "kies" => Cel::Lijst(list(cell).map(Cel::Tekst).collect()),
        "partners" => Cel::Lijst(
            list(cell)
                .map(|p| {
                    let f: Vec<&str> = p.split('|').map(str::trim).collect();
                    match f.as_slice() {
                        [name, kind, role] => Ok(Cel::Velden(vec![
                            ("kind", Cel::Tekst(kind)),
                            ("name", Cel::Tekst(name)),
                            ("role", Cel::Tekst(role)),
                        ])),
                        [name, kind, role, org] => Ok(Cel::Velden(vec![
                            ("kind", Cel::Tekst(kind)),
                            ("name", Cel::Tekst(name)),
                            ("organisatie", Cel::Tekst(org)),
                            ("role", Cel::Tekst(role)),
                        ])),
                        _ => Err(Tweetalig::new(
                            format!("partner '{p}' heeft niet de vorm naam|soort|rol[|organisatie-id]"),
                            format!("partner '{p}' is not of the form name|kind|role[|organisation id]"),
                        )),
                    }
                })
                .collect::<Result<_, _>>()?,
        ),
        "funding" => Cel::Lijst(
            list(cell)
                .map(|f| {
                    let p: Vec<&str> = f.split('|').map(str::trim).collect();
                    let [funder, instrument, amount, from, to] = p.as_slice() else {
                        return Err(Tweetalig::new(
                            format!("financiering '{f}' heeft niet de vorm financier|instrument|bedrag|van|tot"),
                            format!("funding '{f}' is not of the form funder|instrument|amount|from|to"),
                        ));
                    };
                    let num = |s: &str| {
                        s.parse::<i64>()
                            .map(Cel::Getal)
                            .map_err(|_| {
                            Tweetalig::new(
                                format!("financiering '{f}': '{s}' is geen geheel getal"),
                                format!("funding '{f}': '{s}' is not a whole number"),
                            )
                        })
                    };
                    let (amount, from, to) = (num(amount)?, num(from)?, num(to)?);
                    let mut v = vec![
                        ("amount_eur", amount),
                        ("from", from),
                        ("funder", Cel::Tekst(funder)),
                    ];
                    if !instrument.is_empty() {
                        v.push(("instrument", Cel::Tekst(instrument)));
                    }
                    v.push(("to", to));
                    Ok(Cel::Velden(v))
                })
                .collect::<Result<_, _>>()?,
        ),
        _ => Cel::Tekst(cell),
    })
}

/// Projects as a CSV file in the import format; reading it back gives the same projects.
pub fn projects_to_csv(projects: &[Project], path: &str) -> Result<Vec<u8>, WriteError> {
    let encode = |reason: String| WriteError::Encode {
        path: path.to_owned(),
        reason,
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PROJECT_COLUMNS)
        .map_err(|e| encode(e.to_string()))?;
    for p in projects {
        let v = serde_json::to_value(p).map_err(|e| encode(e.to_string()))?;
        let row: Vec<String> = PROJECT_COLUMNS
            .iter()
            .map(|c| match (c, v.get(*c)) {
                (_, None) => String::new(),
                (&"partners", Some(Value::Array(ps))) => ps
                    .iter()
                    .map(|p| {
                        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("");
                        let mut out = format!("{}|{}|{}", s("name"), s("kind"), s("role"));
                        if !s("organisatie").is_empty() {
                            out.push('|');
                            out.push_str(s("organisatie"));
                        }
                        out
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                (&"funding", Some(Value::Array(fs))) => fs
                    .iter()
                    .map(|f| {
                        let s = |k: &str| match f.get(k) {
                            Some(Value::String(s)) => s.clone(),
                            Some(other) => other.to_string(),
                            None => String::new(),
                        };
                        format!(
                            "{}|{}|{}|{}|{}",
                            s("funder"),
                            s("instrument"),
                            s("amount_eur"),
                            s("from"),
                            s("to")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                (_, Some(Value::Array(items))) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(";"),
                (_, Some(Value::String(s))) => s.clone(),
                (_, Some(other)) => other.to_string(),
            })
            .collect();
        w.write_record(&row).map_err(|e| encode(e.to_string()))?;
    }
    w.into_inner().map_err(|e| encode(e.to_string()))
}
