use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use parquet::basic::Type as Physical;
use parquet::column::reader::ColumnReader;
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};

use super::{Aggregaat, Partij, Teller, COL_AGE, COL_DIED, COL_EXPOSURE, COL_GOOD_HEALTH};
use crate::{IndicatorError, InvoerFout};

fn open(path: &Path, file: &str) -> Result<SerializedFileReader<File>, IndicatorError> {
    let f = File::open(path).map_err(|source| IndicatorError::Io {
        file: file.to_owned(),
        source,
    })?;
    SerializedFileReader::new(f).map_err(|e| {
        IndicatorError::invoer(InvoerFout::new(
            file,
            None,
            None,
            format!("geen leesbaar Parquet-bestand: {e}"),
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
/// bad input is refused with its name: the panic is caught here, on every thread that
/// reads, and becomes that refusal.
fn beschadigd(file: &str, payload: &(dyn std::any::Any + Send)) -> IndicatorError {
    IndicatorError::invoer(InvoerFout::new(
        file,
        None,
        None,
        format!(
            "geen leesbaar Parquet-bestand (beschadigd: {})",
            paniekmelding(payload)
        ),
    ))
}

pub(super) fn aggregate(
    path: &Path,
    by: &[String],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Aggregaat, IndicatorError> {
    let file = path.display().to_string();
    // Nothing is shared that a panic could leave half-changed: each thread sums into its own
    // counts, which are dropped with the error.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        aggregate_inner(path, &file, by, progress)
    }))
    .unwrap_or_else(|payload| Err(beschadigd(&file, &*payload)))
}

fn aggregate_inner(
    path: &Path,
    file: &str,
    by: &[String],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Aggregaat, IndicatorError> {
    let file = file.to_owned();
    let reader = open(path, &file)?;
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    let mut missing = Vec::new();
    let mut col =
        |name: &str| match (0..schema.num_columns()).find(|&i| schema.column(i).name() == name) {
            Some(i) => i,
            None => {
                missing.push(InvoerFout::new(
                    &file,
                    None,
                    Some(name),
                    "kolom ontbreekt in het schema",
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
    let groups = meta.num_row_groups();
    let total: u64 = (0..groups)
        .map(|g| meta.row_group(g).num_rows() as u64)
        .sum();
    let starts: Vec<u64> = (0..groups)
        .scan(0u64, |acc, g| {
            let s = *acc;
            *acc += meta.row_group(g).num_rows() as u64;
            Some(s)
        })
        .collect();
    let done = AtomicU64::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(groups.max(1));
    let results: Vec<Result<Aggregaat, IndicatorError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (file, cols, starts, done) = (&file, &cols, &starts, &done);
                scope.spawn(move || -> Result<Aggregaat, IndicatorError> {
                    let reader = open(path, file)?;
                    let mut teller = Teller::new(file, by);
                    let mut buf = Buffers::default();
                    for g in (t..groups).step_by(threads) {
                        let rg = reader
                            .get_row_group(g)
                            .map_err(|e| pq_fout(file, None, e))?;
                        let rows = rg.metadata().num_rows() as usize;
                        let mut lezers = Lezers::open(&*rg, cols, by, file)?;
                        let mut at = 0;
                        while at < rows {
                            let want = BATCH.min(rows - at);
                            let first_row = starts[g] + at as u64 + 1;
                            buf.read(&mut lezers, want, first_row, file)?;
                            let partij = Partij {
                                first_row,
                                keys: buf.keys.iter().map(|k| k.values.as_slice()).collect(),
                                age: &buf.age.values,
                                exposure: &buf.exposure,
                                died: &buf.died,
                                good_health: &buf.good,
                            };
                            teller.add(&partij).map_err(IndicatorError::invoer)?;
                            at += want;
                            let n = done.fetch_add(want as u64, Ordering::Relaxed);
                            progress(n + want as u64, total);
                        }
                    }
                    Ok(teller.finish())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| Err(beschadigd(&file, &*p))))
            .collect()
    });
    let mut merged = Aggregaat {
        by: by.to_vec(),
        groups: Default::default(),
    };
    for r in results {
        merged.merge(r?)?;
    }
    if merged.groups.is_empty() {
        return Err(IndicatorError::invoer(InvoerFout::new(
            &file,
            None,
            None,
            "het bestand bevat geen rijen",
        )));
    }
    Ok(merged)
}

struct Kolommen {
    keys: Vec<usize>,
    age: usize,
    exposure: usize,
    died: usize,
    good: usize,
}

#[derive(Default)]
struct IntKolom {
    values: Vec<i64>,
}

#[derive(Default)]
struct Buffers {
    keys: Vec<IntKolom>,
    age: IntKolom,
    exposure: Vec<f64>,
    died: Vec<f64>,
    good: Vec<f64>,
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

/// Rows read and summed at a time: small enough that the buffers stay in cache, large
/// enough that the per-batch work does not count.
const BATCH: usize = 64 * 1024;

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
        self.keys.resize_with(lezers.keys.len(), IntKolom::default);
        for (d, lezer) in lezers.keys.iter_mut().enumerate() {
            let mut out = std::mem::take(&mut self.keys[d].values);
            self.ints(lezer, plek, &mut out)?;
            self.keys[d].values = out;
        }
        let mut out = std::mem::take(&mut self.age.values);
        self.ints(&mut lezers.age, plek, &mut out)?;
        self.age.values = out;
        let mut e = std::mem::take(&mut self.exposure);
        self.column(&mut lezers.exposure, plek, Nulls::Refuse, &mut e)?;
        self.exposure = e;
        let mut d = std::mem::take(&mut self.died);
        self.column(&mut lezers.died, plek, Nulls::Refuse, &mut d)?;
        self.died = d;
        let mut g = std::mem::take(&mut self.good);
        self.column(&mut lezers.good, plek, Nulls::Nan, &mut g)?;
        self.good = g;
        Ok(())
    }

    /// Reads a batch of codes. Integer columns are taken as they are; a floating-point
    /// column is accepted only where every value is whole, so 1.5 is never read as 1.
    fn ints(
        &mut self,
        lezer: &mut Lezer,
        plek: Plek<'_>,
        out: &mut Vec<i64>,
    ) -> Result<(), IndicatorError> {
        if lezer.max_def == 0 {
            match &mut lezer.reader {
                ColumnReader::Int32ColumnReader(r) => {
                    self.i32s.clear();
                    let (n, _, _) = r
                        .read_records(plek.rows, None, None, &mut self.i32s)
                        .map_err(|e| pq_fout(plek.file, Some(&lezer.name), e))?;
                    check_count(plek, &lezer.name, n)?;
                    out.clear();
                    out.extend(self.i32s.iter().map(|&v| i64::from(v)));
                    return Ok(());
                }
                ColumnReader::Int64ColumnReader(r) => {
                    out.clear();
                    let (n, _, _) = r
                        .read_records(plek.rows, None, None, out)
                        .map_err(|e| pq_fout(plek.file, Some(&lezer.name), e))?;
                    return check_count(plek, &lezer.name, n);
                }
                _ => {}
            }
        }
        let mut f = std::mem::take(&mut self.f64s);
        self.column(lezer, plek, Nulls::Refuse, &mut f)?;
        self.f64s = f;
        if let Some(i) = self.f64s.iter().position(|v| v.fract() != 0.0) {
            return Err(IndicatorError::invoer(InvoerFout::new(
                plek.file,
                Some(plek.first_row + i as u64),
                Some(&lezer.name),
                format!("{} is geen geheel getal", self.f64s[i]),
            )));
        }
        out.clear();
        out.extend(self.f64s.iter().map(|&v| v as i64));
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
        let (file, name, rows) = (plek.file, lezer.name.as_str(), plek.rows);
        let optional = lezer.max_def > 0;
        self.def.clear();
        let def = if optional { Some(&mut self.def) } else { None };
        macro_rules! read {
            ($r:expr, $buf:expr, $conv:expr) => {{
                $buf.clear();
                let (n, _, _) = $r
                    .read_records(rows, def, None, &mut $buf)
                    .map_err(|e| pq_fout(file, Some(name), e))?;
                check_count(plek, name, n)?;
                out.clear();
                out.extend($buf.iter().map($conv));
            }};
        }
        match &mut lezer.reader {
            ColumnReader::Int32ColumnReader(r) => read!(r, self.i32s, |&v| f64::from(v)),
            ColumnReader::Int64ColumnReader(r) => read!(r, self.i64s, |&v| v as f64),
            ColumnReader::DoubleColumnReader(r) => {
                // Straight into `out`: no copy for the common case.
                out.clear();
                let (n, _, _) = r
                    .read_records(rows, def, None, out)
                    .map_err(|e| pq_fout(file, Some(name), e))?;
                check_count(plek, name, n)?;
            }
            ColumnReader::FloatColumnReader(r) => read!(r, self.f32s, |&v| f64::from(v)),
            ColumnReader::BoolColumnReader(r) => {
                read!(r, self.bools, |&v| if v { 1.0 } else { 0.0 })
            }
            _ => {
                return Err(IndicatorError::invoer(InvoerFout::new(
                    file,
                    None,
                    Some(name),
                    format!(
                        "type {} wordt niet ondersteund; verwacht een getal of boolean",
                        lezer.physical
                    ),
                )));
            }
        }
        if optional {
            let max = lezer.max_def;
            let present = self.def.iter().filter(|&&l| l == max).count();
            if self.def.len() != rows || present != out.len() {
                return Err(IndicatorError::methode(format!(
                    "{file}: kolom '{name}': definitieniveaus kloppen niet met de waarden"
                )));
            }
            if nulls == Nulls::Refuse {
                if let Some(i) = self.def.iter().position(|&l| l != max) {
                    return Err(IndicatorError::invoer(InvoerFout::new(
                        file,
                        Some(plek.first_row + i as u64),
                        Some(name),
                        "lege waarde (null)",
                    )));
                }
            }
            // Values arrive packed without the nulls; spread them out in place, from the
            // back so that nothing is overwritten before it is moved.
            let mut j = out.len();
            out.resize(rows, f64::NAN);
            for i in (0..rows).rev() {
                if self.def[i] == max {
                    j -= 1;
                    out[i] = out[j];
                } else {
                    out[i] = f64::NAN;
                }
            }
        }
        Ok(())
    }
}

fn check_count(plek: Plek<'_>, name: &str, n: usize) -> Result<(), IndicatorError> {
    if n == plek.rows {
        return Ok(());
    }
    Err(IndicatorError::invoer(InvoerFout::new(
        plek.file,
        Some(plek.first_row + n as u64),
        Some(name),
        format!("{n} waarden gelezen, {} verwacht", plek.rows),
    )))
}

fn pq_fout(file: &str, column: Option<&str>, e: parquet::errors::ParquetError) -> IndicatorError {
    IndicatorError::invoer(InvoerFout::new(file, None, column, format!("Parquet: {e}")))
}
