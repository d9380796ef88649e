//! Parquet microdata, on all cores. A file set is cut into units of work: row groups, and
//! where a row group is large and the file has a page index, row ranges within it (the
//! column readers skip whole pages by the index and decode at most one page per column in
//! vain), so that one big row group still keeps every core busy. Threads take units from
//! one queue; each sums into its own exact counts, merged at the end.

use std::fs::File;
use std::io::{BufReader, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use parquet::basic::Type as Physical;
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::DataType;
use parquet::file::reader::{ChunkReader, FileReader, Length, RowGroupReader};
use parquet::file::serialized_reader::{ReadOptionsBuilder, SerializedFileReader};

use super::{
    bereik, geen_nul_een, nul_een, Aggregaat, Partij, Teller, COL_AGE, COL_DIED, COL_EXPOSURE,
    COL_GOOD_HEALTH, GOOD_UNKNOWN,
};
use crate::{IndicatorError, InvoerFout};

/// A file read with positioned reads (`pread`), so that every thread can read any part of
/// it at once without sharing a file offset.
struct Pread(Arc<File>);

struct PreadLezer {
    file: Arc<File>,
    pos: u64,
}

impl Read for PreadLezer {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Length for Pread {
    fn len(&self) -> u64 {
        self.0.metadata().map_or(0, |m| m.len())
    }
}

impl ChunkReader for Pread {
    type T = BufReader<PreadLezer>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        Ok(BufReader::new(PreadLezer {
            file: Arc::clone(&self.0),
            pos: start,
        }))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<bytes::Bytes> {
        let mut buf = vec![0; length];
        self.0.read_exact_at(&mut buf, start)?;
        Ok(buf.into())
    }
}

/// One Parquet file of the set, opened once and shared by the threads.
struct Bestand {
    naam: String,
    reader: SerializedFileReader<Pread>,
    cols: Kolommen,
    /// Row number (from 0) of each row group's first row.
    starts: Vec<u64>,
}

fn open(path: &Path, file: &str) -> Result<SerializedFileReader<Pread>, IndicatorError> {
    let f = File::open(path).map_err(|source| IndicatorError::Io {
        file: file.to_owned(),
        source,
    })?;
    // The page index lets a reader start in the middle of a row group without reading the
    // pages before; files without one are read a row group at a time.
    let options = ReadOptionsBuilder::new().with_page_index().build();
    SerializedFileReader::new_with_options(Pread(Arc::new(f)), options).map_err(|e| {
        IndicatorError::invoer(InvoerFout::tweetalig(
            file,
            None,
            None,
            format!("geen leesbaar Parquet-bestand: {e}"),
            format!("not a readable Parquet file: {e}"),
        ))
    })
}

/// What a panic says, for the message that replaces it.
fn paniekmelding(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// The parquet library panics on some malformed files (an index out of bounds while
/// decoding a damaged page or footer) instead of returning an error. A file is input, and
/// bad input is refused with its name: the panic is caught here, around every file opened
/// and every unit of work read, and becomes that refusal.
fn beschadigd(file: &str, payload: &(dyn std::any::Any + Send)) -> IndicatorError {
    let melding = paniekmelding(payload);
    IndicatorError::invoer(InvoerFout::tweetalig(
        file,
        None,
        None,
        format!("geen leesbaar Parquet-bestand (beschadigd: {melding})"),
        format!("not a readable Parquet file (damaged: {melding})"),
    ))
}

fn zonder_paniek<T>(
    file: &str,
    f: impl FnOnce() -> Result<T, IndicatorError>,
) -> Result<T, IndicatorError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(beschadigd(file, &*payload)))
}

/// Units of work of at most this many rows; fewer when there are few rows for the threads.
const UNIT_MAX: usize = 1 << 20;
const UNIT_MIN: usize = 1 << 16;

/// Rows `start..start + rows` of one row group of one file.
struct Eenheid {
    file: usize,
    group: usize,
    start: usize,
    rows: usize,
}

/// Sums the Parquet files `paths` (one schema: see [`vergelijk_schema`]) on `threads`
/// threads.
pub(super) fn aggregate(
    paths: &[PathBuf],
    by: &[String],
    threads: usize,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Aggregaat, IndicatorError> {
    let klok = std::time::Instant::now();
    let mut files: Vec<Bestand> = Vec::with_capacity(paths.len());
    for path in paths {
        let naam = path.display().to_string();
        let bestand = zonder_paniek(&naam, || {
            let reader = open(path, &naam)?;
            let cols = kolommen(&reader, &naam, by)?;
            let meta = reader.metadata();
            let starts = (0..meta.num_row_groups())
                .scan(0u64, |acc, g| {
                    let s = *acc;
                    *acc += meta.row_group(g).num_rows() as u64;
                    Some(s)
                })
                .collect();
            Ok(Bestand {
                naam: naam.clone(),
                reader,
                cols,
                starts,
            })
        })?;
        if let Some(first) = files.first() {
            vergelijk_schema(first, &bestand, by)?;
        }
        files.push(bestand);
    }
    let units = eenheden(&files, threads);
    let geopend = klok.elapsed();
    let total: u64 = units.iter().map(|u| u.rows as u64).sum();
    let threads = threads.clamp(1, units.len().max(1));
    let next = AtomicUsize::new(0);
    // The first unit (in file order) found bad: units after it are not started, units
    // before it are finished, so the error told is the same whatever the threads.
    let first_bad = AtomicUsize::new(usize::MAX);
    let done = AtomicU64::new(0);
    type Uitkomst = (Aggregaat, Option<(usize, IndicatorError)>);
    let results: Vec<Uitkomst> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (files, units, next, first_bad, done) =
                    (&files, &units, &next, &first_bad, &done);
                scope.spawn(move || -> Uitkomst {
                    let begin = klok.elapsed();
                    let mut gedaan = 0usize;
                    let mut teller = Teller::new(&files[0].naam, by);
                    let mut buf = Buffers::default();
                    loop {
                        let u = next.fetch_add(1, Ordering::Relaxed);
                        if u >= units.len() || u > first_bad.load(Ordering::Relaxed) {
                            break;
                        }
                        let unit = &units[u];
                        gedaan += 1;
                        let f = &files[unit.file];
                        teller.set_file(&f.naam);
                        let r = zonder_paniek(&f.naam, || {
                            lees_eenheid(f, unit, by, &mut teller, &mut buf, &|n| {
                                let d = done.fetch_add(n, Ordering::Relaxed) + n;
                                progress(d, total);
                            })
                        });
                        if let Err(e) = r {
                            first_bad.fetch_min(u, Ordering::Relaxed);
                            return (Aggregaat::new(by), Some((u, e)));
                        }
                    }
                    let klaar = teller.finish();
                    if super::tijden() {
                        eprintln!(
                            "tijden: draad {begin:.3?} – {:.3?}, {gedaan} eenheden",
                            klok.elapsed()
                        );
                    }
                    match klaar {
                        Ok(som) => (som, None),
                        Err(e) => (Aggregaat::new(by), Some((units.len(), e))),
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|p| {
                    (
                        Aggregaat::new(by),
                        Some((0, beschadigd(&files[0].naam, &*p))),
                    )
                })
            })
            .collect()
    });
    let mut som = Aggregaat::new(by);
    let mut fout: Option<(usize, IndicatorError)> = None;
    for (s, e) in results {
        match e {
            Some((u, e)) if fout.as_ref().is_none_or(|(v, _)| u < *v) => fout = Some((u, e)),
            Some(_) => {}
            None => {
                // Counts too large to add: told only when no unit was bad.
                if let Err(e) = som.merge(s) {
                    fout.get_or_insert((usize::MAX, e));
                }
            }
        }
    }
    if super::tijden() {
        eprintln!(
            "tijden: parquet geopend {geopend:.3?} ({} eenheden), opgeteld {:.3?}",
            units.len(),
            klok.elapsed()
        );
    }
    match fout {
        Some((_, e)) => Err(e),
        None => Ok(som),
    }
}

/// Cuts the files into units of work, in the order the threads take them: large at first,
/// then smaller as the rows left shrink (each about the rows left over twice the threads,
/// as in guided scheduling), so that the threads finish close together without starting
/// many small units. A row group is split only where the file has a page index.
fn eenheden(files: &[Bestand], threads: usize) -> Vec<Eenheid> {
    let mut left: u64 = files
        .iter()
        .map(|f| f.reader.metadata().file_metadata().num_rows().max(0) as u64)
        .sum();
    let per = threads.max(1) as u64 * 2;
    let size = |left: u64| {
        usize::try_from(left / per)
            .unwrap_or(UNIT_MAX)
            .clamp(UNIT_MIN, UNIT_MAX)
            .next_multiple_of(BATCH)
    };
    let mut units = Vec::new();
    for (fi, f) in files.iter().enumerate() {
        let meta = f.reader.metadata();
        for g in 0..meta.num_row_groups() {
            let rows = meta.row_group(g).num_rows().max(0) as usize;
            // Only with an offset index for every column read can a reader skip pages.
            let indexed = meta.offset_index().is_some_and(|oi| {
                f.cols
                    .all()
                    .all(|c| oi[g].get(c).is_some_and(|o| !o.page_locations.is_empty()))
            });
            let mut start = 0;
            while start < rows {
                let step = if indexed { size(left) } else { rows };
                let n = step.min(rows - start);
                units.push(Eenheid {
                    file: fi,
                    group: g,
                    start,
                    rows: n,
                });
                start += n;
                left = left.saturating_sub(n as u64);
            }
        }
    }
    units
}

fn lees_eenheid(
    f: &Bestand,
    unit: &Eenheid,
    by: &[String],
    teller: &mut Teller,
    buf: &mut Buffers,
    tick: &dyn Fn(u64),
) -> Result<(), IndicatorError> {
    let file = f.naam.as_str();
    let rg = f
        .reader
        .get_row_group(unit.group)
        .map_err(|e| pq_fout(file, None, e))?;
    let mut lezers = Lezers::open(&*rg, &f.cols, by, file)?;
    let first = f.starts[unit.group] + unit.start as u64 + 1;
    if unit.start > 0 {
        lezers.skip(unit.start, f.starts[unit.group] + 1, file)?;
    }
    let mut at = 0;
    while at < unit.rows {
        let want = BATCH.min(unit.rows - at);
        let first_row = first + at as u64;
        buf.read(&mut lezers, want, first_row, file)?;
        let partij = Partij {
            first_row,
            keys: buf.keys.iter().map(Vec::as_slice).collect(),
            age: &buf.age,
            exposure: &buf.exposure,
            died: &buf.died,
            good_health: &buf.good,
        };
        teller.add(&partij)?;
        at += want;
        tick(want as u64);
    }
    Ok(())
}

/// Finds the columns needed; every missing one is told.
fn kolommen(
    reader: &SerializedFileReader<Pread>,
    file: &str,
    by: &[String],
) -> Result<Kolommen, IndicatorError> {
    let schema = reader.metadata().file_metadata().schema_descr();
    let mut missing = Vec::new();
    let mut col =
        |name: &str| match (0..schema.num_columns()).find(|&i| schema.column(i).name() == name) {
            Some(i) => i,
            None => {
                missing.push(InvoerFout::tweetalig(
                    file,
                    None,
                    Some(name),
                    "kolom ontbreekt in het schema",
                    "column missing from the schema",
                ));
                usize::MAX
            }
        };
    let cols = Kolommen {
        keys: by.iter().map(|b| col(b)).collect(),
        age: col(COL_AGE),
        exposure: col(COL_EXPOSURE),
        died: col(COL_DIED),
        good: col(COL_GOOD_HEALTH),
    };
    if !missing.is_empty() {
        return Err(IndicatorError::Invoer(missing));
    }
    Ok(cols)
}

/// The files of one set must agree on every column that is read: the same physical and
/// logical type and the same repetition (required or optional). Other columns may differ.
/// A file that differs is refused by name, with each column that differs.
fn vergelijk_schema(first: &Bestand, other: &Bestand, by: &[String]) -> Result<(), IndicatorError> {
    let a = first.reader.metadata().file_metadata().schema_descr();
    let b = other.reader.metadata().file_metadata().schema_descr();
    let names =
        by.iter()
            .map(String::as_str)
            .chain([COL_AGE, COL_EXPOSURE, COL_DIED, COL_GOOD_HEALTH]);
    let mut fouten = Vec::new();
    for ((ca, cb), name) in first.cols.all().zip(other.cols.all()).zip(names) {
        let (x, y) = (a.column(ca), b.column(cb));
        let beschrijf = |c: &parquet::schema::types::ColumnDescriptor| {
            let t = c.self_type();
            let logical = t
                .get_basic_info()
                .logical_type_ref()
                .map(|l| format!(" ({l:?})"))
                .unwrap_or_default();
            let herhaling = if c.max_def_level() > 0 {
                "optional"
            } else {
                "required"
            };
            format!("{herhaling} {}{logical}", c.physical_type())
        };
        let (dx, dy) = (beschrijf(&x), beschrijf(&y));
        if dx != dy {
            fouten.push(InvoerFout::tweetalig(
                &other.naam,
                None,
                Some(name),
                format!(
                    "schema wijkt af: {dy} hier, {dx} in {} (de bestanden van één set moeten dezelfde kolommen hebben)",
                    first.naam
                ),
                format!(
                    "schema differs: {dy} here, {dx} in {} (the files of one set must have the same columns)",
                    first.naam
                ),
            ));
        }
    }
    if fouten.is_empty() {
        Ok(())
    } else {
        Err(IndicatorError::Invoer(fouten))
    }
}

struct Kolommen {
    keys: Vec<usize>,
    age: usize,
    exposure: usize,
    died: usize,
    good: usize,
}

impl Kolommen {
    /// The columns read, keys first, in the order of the names in `vergelijk_schema`.
    fn all(&self) -> impl Iterator<Item = usize> + '_ {
        self.keys
            .iter()
            .copied()
            .chain([self.age, self.exposure, self.died, self.good])
    }
}

/// The batch being read, column by column, in the narrow types of [`Partij`].
#[derive(Default)]
struct Buffers {
    keys: Vec<Vec<i32>>,
    age: Vec<i32>,
    exposure: Vec<f64>,
    died: Vec<i32>,
    good: Vec<i32>,
    def: Vec<i16>,
    i32s: Vec<i32>,
    i64s: Vec<i64>,
    f64s: Vec<f64>,
    f32s: Vec<f32>,
    bools: Vec<bool>,
}

/// How a null is handled: refused, or read as NaN (unknown health).
#[derive(Clone, Copy, PartialEq)]
enum Nulls {
    Refuse,
    Nan,
}

/// Rows read and summed at a time: small enough that the batch's columns (about 40 bytes a
/// row) and the cells being summed into stay in the core's L2 cache together, large enough
/// that the per-batch work does not count. At 64 Ki rows the columns alone were 2.6 MB and
/// pushed the cells out: every row's addition waited on memory (a quarter of the run).
const BATCH: usize = 8 * 1024;

/// One column reader per needed column of a row group, read batch by batch in step.
struct Lezers {
    keys: Vec<Lezer>,
    age: Lezer,
    exposure: Lezer,
    died: Lezer,
    good: Lezer,
}

struct Lezer {
    reader: ColumnReader,
    name: String,
    /// Definition level of a present value; 0 for a required column.
    max_def: i16,
    physical: Physical,
}

impl Lezers {
    fn open(
        rg: &dyn RowGroupReader,
        cols: &Kolommen,
        by: &[String],
        file: &str,
    ) -> Result<Self, IndicatorError> {
        let lezer = |c: usize, name: &str| -> Result<Lezer, IndicatorError> {
            let descr = rg.metadata().column(c).column_descr();
            let (max_def, physical) = (descr.max_def_level(), descr.physical_type());
            let reader = rg
                .get_column_reader(c)
                .map_err(|e| pq_fout(file, Some(name), e))?;
            Ok(Lezer {
                reader,
                name: name.to_owned(),
                max_def,
                physical,
            })
        };
        Ok(Lezers {
            keys: cols
                .keys
                .iter()
                .zip(by)
                .map(|(&c, name)| lezer(c, name))
                .collect::<Result<_, _>>()?,
            age: lezer(cols.age, COL_AGE)?,
            exposure: lezer(cols.exposure, COL_EXPOSURE)?,
            died: lezer(cols.died, COL_DIED)?,
            good: lezer(cols.good, COL_GOOD_HEALTH)?,
        })
    }
}

impl Lezers {
    /// Skips the first `n` rows of the row group in every column: whole pages by the
    /// page index, the rest value by value.
    fn skip(&mut self, n: usize, first_row: u64, file: &str) -> Result<(), IndicatorError> {
        let plek = Plek {
            file,
            first_row,
            rows: n,
        };
        let alle = self.keys.iter_mut().chain([
            &mut self.age,
            &mut self.exposure,
            &mut self.died,
            &mut self.good,
        ]);
        for lezer in alle {
            let skipped = match &mut lezer.reader {
                ColumnReader::BoolColumnReader(r) => r.skip_records(n),
                ColumnReader::Int32ColumnReader(r) => r.skip_records(n),
                ColumnReader::Int64ColumnReader(r) => r.skip_records(n),
                ColumnReader::Int96ColumnReader(r) => r.skip_records(n),
                ColumnReader::FloatColumnReader(r) => r.skip_records(n),
                ColumnReader::DoubleColumnReader(r) => r.skip_records(n),
                ColumnReader::ByteArrayColumnReader(r) => r.skip_records(n),
                ColumnReader::FixedLenByteArrayColumnReader(r) => r.skip_records(n),
            }
            .map_err(|e| pq_fout(file, Some(&lezer.name), e))?;
            check_count(plek, &lezer.name, skipped)?;
        }
        Ok(())
    }
}

/// Where the batch being read starts, for error messages.
#[derive(Clone, Copy)]
struct Plek<'a> {
    file: &'a str,
    /// Row number in the file (from 1) of the batch's first row.
    first_row: u64,
    rows: usize,
}

impl Buffers {
    fn read(
        &mut self,
        lezers: &mut Lezers,
        rows: usize,
        first_row: u64,
        file: &str,
    ) -> Result<(), IndicatorError> {
        let plek = Plek {
            file,
            first_row,
            rows,
        };
        self.keys.resize_with(lezers.keys.len(), Vec::new);
        for (d, lezer) in lezers.keys.iter_mut().enumerate() {
            let mut out = std::mem::take(&mut self.keys[d]);
            self.ints(lezer, plek, &mut out)?;
            self.keys[d] = out;
        }
        let mut out = std::mem::take(&mut self.age);
        self.ints(&mut lezers.age, plek, &mut out)?;
        self.age = out;
        let mut e = std::mem::take(&mut self.exposure);
        self.column(&mut lezers.exposure, plek, Nulls::Refuse, &mut e)?;
        self.exposure = e;
        let mut d = std::mem::take(&mut self.died);
        self.zero_one(&mut lezers.died, plek, Nulls::Refuse, &mut d)?;
        self.died = d;
        let mut g = std::mem::take(&mut self.good);
        self.zero_one(&mut lezers.good, plek, Nulls::Nan, &mut g)?;
        self.good = g;
        Ok(())
    }

    /// Reads a batch of codes or ages as `i32`. An `int32` column is read as it is; wider
    /// integers and floating-point numbers are accepted where they are whole and fit (a
    /// larger value is out of range for a code or an age anyway), so 1.5 is never read as 1.
    fn ints(
        &mut self,
        lezer: &mut Lezer,
        plek: Plek<'_>,
        out: &mut Vec<i32>,
    ) -> Result<(), IndicatorError> {
        let naam = lezer.name.clone();
        let refuse = |i: usize, nl: String, en: String| {
            IndicatorError::invoer(InvoerFout::tweetalig(
                plek.file,
                Some(plek.first_row + i as u64),
                Some(&naam),
                nl,
                en,
            ))
        };
        if lezer.max_def == 0 {
            match &mut lezer.reader {
                ColumnReader::Int32ColumnReader(r) => {
                    return lees(r, plek, &naam, None, out);
                }
                ColumnReader::Int64ColumnReader(r) => {
                    lees(r, plek, &naam, None, &mut self.i64s)?;
                    if let Some(i) = self.i64s.iter().position(|&v| i32::try_from(v).is_err()) {
                        let (nl, en) = bereik(&self.i64s[i], &naam);
                        return Err(refuse(i, nl, en));
                    }
                    out.clear();
                    out.extend(self.i64s.iter().map(|&v| v as i32));
                    return Ok(());
                }
                _ => {}
            }
        }
        let mut f = std::mem::take(&mut self.f64s);
        self.column(lezer, plek, Nulls::Refuse, &mut f)?;
        self.f64s = f;
        if let Some(i) = self.f64s.iter().position(|v| v.fract() != 0.0) {
            let x = self.f64s[i];
            return Err(refuse(
                i,
                format!("{x} is geen geheel getal"),
                format!("{x} is not a whole number"),
            ));
        }
        let fits = |v: f64| (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&v);
        if let Some(i) = self.f64s.iter().position(|&v| !fits(v)) {
            let (nl, en) = bereik(&self.f64s[i], &naam);
            return Err(refuse(i, nl, en));
        }
        out.clear();
        out.extend(self.f64s.iter().map(|&v| v as i32));
        Ok(())
    }

    /// Reads a batch of a 0/1 column as `i32`: an `int32` column as it is (the values are
    /// checked when the batch is summed), nulls as [`GOOD_UNKNOWN`] where they are allowed;
    /// other types through `f64`, refused here unless 0 or 1.
    fn zero_one(
        &mut self,
        lezer: &mut Lezer,
        plek: Plek<'_>,
        nulls: Nulls,
        out: &mut Vec<i32>,
    ) -> Result<(), IndicatorError> {
        let naam = lezer.name.clone();
        let (file, name) = (plek.file, naam.as_str());
        let refuse = |i: usize, v: &dyn std::fmt::Display| {
            let (nl, en) = geen_nul_een(v);
            IndicatorError::invoer(InvoerFout::tweetalig(
                file,
                Some(plek.first_row + i as u64),
                Some(name),
                nl,
                en,
            ))
        };
        let optional = lezer.max_def > 0;
        if let ColumnReader::Int32ColumnReader(r) = &mut lezer.reader {
            if !optional || nulls == Nulls::Nan {
                let def = optional.then_some(&mut self.def);
                lees(r, plek, name, def, out)?;
                // The one value that stands for "unknown" in a batch is refused where a
                // file holds it (as is everything else but 0 and 1, later).
                let unknown = out.iter().fold(false, |acc, &v| acc | (v == GOOD_UNKNOWN));
                if optional {
                    let max = lezer.max_def;
                    niveaus_kloppen(plek, name, &self.def, max, out.len())?;
                    if unknown {
                        let j = out.iter().position(|&v| v == GOOD_UNKNOWN).unwrap_or(0);
                        let i = self
                            .def
                            .iter()
                            .enumerate()
                            .filter(|(_, &l)| l == max)
                            .nth(j)
                            .map_or(0, |(i, _)| i);
                        return Err(refuse(i, &GOOD_UNKNOWN));
                    }
                    spread(out, &self.def, max, GOOD_UNKNOWN);
                } else if unknown {
                    let i = out.iter().position(|&v| v == GOOD_UNKNOWN).unwrap_or(0);
                    return Err(refuse(i, &GOOD_UNKNOWN));
                }
                return Ok(());
            }
        }
        let mut f = std::mem::take(&mut self.f64s);
        self.column(lezer, plek, nulls, &mut f)?;
        self.f64s = f;
        out.clear();
        for (i, &v) in self.f64s.iter().enumerate() {
            // NaN only where a null is allowed: `column` refuses the others.
            out.push(if v.is_nan() && nulls == Nulls::Nan {
                GOOD_UNKNOWN
            } else {
                nul_een(v).map_err(|_| refuse(i, &v))?
            });
        }
        Ok(())
    }

    /// Reads a batch of one column as f64 (integers convert exactly below 2^53).
    fn column(
        &mut self,
        lezer: &mut Lezer,
        plek: Plek<'_>,
        nulls: Nulls,
        out: &mut Vec<f64>,
    ) -> Result<(), IndicatorError> {
        let (file, name) = (plek.file, lezer.name.as_str());
        let optional = lezer.max_def > 0;
        let def = optional.then_some(&mut self.def);
        macro_rules! read {
            ($r:expr, $buf:expr, $conv:expr) => {{
                lees($r, plek, name, def, &mut $buf)?;
                out.clear();
                out.extend($buf.iter().map($conv));
            }};
        }
        match &mut lezer.reader {
            ColumnReader::Int32ColumnReader(r) => read!(r, self.i32s, |&v| f64::from(v)),
            ColumnReader::Int64ColumnReader(r) => read!(r, self.i64s, |&v| v as f64),
            // Straight into `out`: no copy for the common case.
            ColumnReader::DoubleColumnReader(r) => lees(r, plek, name, def, out)?,
            ColumnReader::FloatColumnReader(r) => read!(r, self.f32s, |&v| f64::from(v)),
            ColumnReader::BoolColumnReader(r) => {
                read!(r, self.bools, |&v| if v { 1.0 } else { 0.0 })
            }
            _ => {
                return Err(IndicatorError::invoer(InvoerFout::tweetalig(
                    file,
                    None,
                    Some(name),
                    format!(
                        "type {} wordt niet ondersteund; verwacht een getal of boolean",
                        lezer.physical
                    ),
                    format!(
                        "type {} is not supported; expected a number or boolean",
                        lezer.physical
                    ),
                )));
            }
        }
        if optional {
            let max = lezer.max_def;
            niveaus_kloppen(plek, name, &self.def, max, out.len())?;
            if nulls == Nulls::Refuse {
                if let Some(i) = self.def.iter().position(|&l| l != max) {
                    return Err(IndicatorError::invoer(InvoerFout::tweetalig(
                        file,
                        Some(plek.first_row + i as u64),
                        Some(name),
                        "lege waarde (null)",
                        "empty value (null)",
                    )));
                }
            }
            spread(out, &self.def, max, f64::NAN);
        }
        Ok(())
    }
}

/// Reads the `plek.rows` records of a batch from one column: the values present, packed,
/// into `values`, and for an optional column the definition levels of every row into
/// `def`. Refuses a column that ends early.
fn lees<T: DataType>(
    r: &mut ColumnReaderImpl<T>,
    plek: Plek<'_>,
    name: &str,
    def: Option<&mut Vec<i16>>,
    values: &mut Vec<T::T>,
) -> Result<(), IndicatorError> {
    values.clear();
    let mut def = def;
    if let Some(d) = def.as_mut() {
        d.clear();
    }
    let (n, _, _) = r
        .read_records(plek.rows, def, None, values)
        .map_err(|e| pq_fout(plek.file, Some(name), e))?;
    check_count(plek, name, n)
}

/// An optional column's definition levels must give one level per row and as many present
/// rows as values were read.
fn niveaus_kloppen(
    plek: Plek<'_>,
    name: &str,
    def: &[i16],
    max: i16,
    values: usize,
) -> Result<(), IndicatorError> {
    let present = def.iter().filter(|&&l| l == max).count();
    if def.len() == plek.rows && present == values {
        return Ok(());
    }
    Err(IndicatorError::methode(format!(
        "{}: kolom '{name}': definitieniveaus kloppen niet met de waarden",
        plek.file
    )))
}

/// Values arrive packed without the nulls; spreads them out in place to one per row
/// (`def`), `absent` for a null, from the back so that nothing is overwritten before it is
/// moved.
fn spread<T: Copy>(out: &mut Vec<T>, def: &[i16], max: i16, absent: T) {
    let mut j = out.len();
    out.resize(def.len(), absent);
    let out = &mut out[..def.len()];
    // Without a branch per row (nulls come at random): `j` is the number of values present
    // before row `i`, so the value read for a null row is one not yet moved, and unused.
    for (i, &d) in def.iter().enumerate().rev() {
        let present = d == max;
        j -= usize::from(present);
        let v = out[j];
        out[i] = if present { v } else { absent };
    }
}

fn check_count(plek: Plek<'_>, name: &str, n: usize) -> Result<(), IndicatorError> {
    if n == plek.rows {
        return Ok(());
    }
    Err(IndicatorError::invoer(InvoerFout::tweetalig(
        plek.file,
        Some(plek.first_row + n as u64),
        Some(name),
        format!("{n} waarden gelezen, {} verwacht", plek.rows),
        format!("{n} values read, {} expected", plek.rows),
    )))
}

fn pq_fout(file: &str, column: Option<&str>, e: parquet::errors::ParquetError) -> IndicatorError {
    IndicatorError::invoer(InvoerFout::new(file, None, column, format!("Parquet: {e}")))
}
