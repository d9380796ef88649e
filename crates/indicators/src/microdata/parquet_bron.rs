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

pub(super) fn aggregate(
    path: &Path,
    by: &[String],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Aggregaat, IndicatorError> {
    let file = path.display().to_string();
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
                        buf.read(&*rg, starts[g] + 1, cols, by, file)?;
                        let partij = Partij {
                            first_row: starts[g] + 1,
                            keys: buf.keys.iter().map(|k| k.values.as_slice()).collect(),
                            age: &buf.age.values,
                            exposure: &buf.exposure,
                            died: &buf.died,
                            good_health: &buf.good,
                        };
                        teller.add(&partij).map_err(IndicatorError::invoer)?;
                        let n = done.fetch_add(buf.age.values.len() as u64, Ordering::Relaxed);
                        progress(n + buf.age.values.len() as u64, total);
                    }
                    Ok(teller.finish())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(IndicatorError::methode("een rekendraad is vastgelopen"))
                })
            })
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

/// The row group being read and where it sits in the file, for error messages.
struct Groep<'a> {
    rg: &'a dyn RowGroupReader,
    /// Row number in the file (from 1) of the group's first row.
    first_row: u64,
    file: &'a str,
}

impl Buffers {
    fn read(
        &mut self,
        rg: &dyn RowGroupReader,
        first_row: u64,
        cols: &Kolommen,
        by: &[String],
        file: &str,
    ) -> Result<(), IndicatorError> {
        let groep = Groep {
            rg,
            first_row,
            file,
        };
        self.keys.resize_with(cols.keys.len(), IntKolom::default);
        for (d, &c) in cols.keys.iter().enumerate() {
            let mut out = std::mem::take(&mut self.keys[d].values);
            self.ints(&groep, c, &by[d], &mut out)?;
            self.keys[d].values = out;
        }
        let mut out = std::mem::take(&mut self.age.values);
        self.ints(&groep, cols.age, COL_AGE, &mut out)?;
        self.age.values = out;
        let mut e = std::mem::take(&mut self.exposure);
        self.column(&groep, cols.exposure, COL_EXPOSURE, Nulls::Refuse, &mut e)?;
        self.exposure = e;
        let mut d = std::mem::take(&mut self.died);
        self.column(&groep, cols.died, COL_DIED, Nulls::Refuse, &mut d)?;
        self.died = d;
        let mut g = std::mem::take(&mut self.good);
        self.column(&groep, cols.good, COL_GOOD_HEALTH, Nulls::Nan, &mut g)?;
        self.good = g;
        Ok(())
    }

    /// Reads a column of codes. Integer columns are taken as they are; a floating-point
    /// column is accepted only where every value is whole, so 1.5 is never read as 1.
    fn ints(
        &mut self,
        g: &Groep<'_>,
        c: usize,
        name: &str,
        out: &mut Vec<i64>,
    ) -> Result<(), IndicatorError> {
        let (rg, file) = (g.rg, g.file);
        let descr = rg.metadata().column(c).column_descr_ptr();
        if descr.max_def_level() == 0 {
            let rows = rg.metadata().num_rows() as usize;
            let reader = rg
                .get_column_reader(c)
                .map_err(|e| pq_fout(file, Some(name), e))?;
            let read = |n: usize| -> Result<(), IndicatorError> {
                if n == rows {
                    Ok(())
                } else {
                    Err(IndicatorError::invoer(InvoerFout::new(
                        file,
                        None,
                        Some(name),
                        format!("{n} waarden gelezen, {rows} verwacht"),
                    )))
                }
            };
            match reader {
                ColumnReader::Int32ColumnReader(mut r) => {
                    self.i32s.clear();
                    let (n, _, _) = r
                        .read_records(rows, None, None, &mut self.i32s)
                        .map_err(|e| pq_fout(file, Some(name), e))?;
                    read(n)?;
                    out.clear();
                    out.extend(self.i32s.iter().map(|&v| i64::from(v)));
                    return Ok(());
                }
                ColumnReader::Int64ColumnReader(mut r) => {
                    out.clear();
                    let (n, _, _) = r
                        .read_records(rows, None, None, out)
                        .map_err(|e| pq_fout(file, Some(name), e))?;
                    return read(n);
                }
                _ => {}
            }
        }
        let mut f = std::mem::take(&mut self.f64s);
        self.column(g, c, name, Nulls::Refuse, &mut f)?;
        self.f64s = f;
        if let Some(i) = self.f64s.iter().position(|v| v.fract() != 0.0) {
            return Err(IndicatorError::invoer(InvoerFout::new(
                file,
                Some(g.first_row + i as u64),
                Some(name),
                format!("{} is geen geheel getal", self.f64s[i]),
            )));
        }
        out.clear();
        out.extend(self.f64s.iter().map(|&v| v as i64));
        Ok(())
    }

    /// Reads one column chunk as f64 (integers convert exactly below 2^53).
    fn column(
        &mut self,
        g: &Groep<'_>,
        c: usize,
        name: &str,
        nulls: Nulls,
        out: &mut Vec<f64>,
    ) -> Result<(), IndicatorError> {
        let (rg, file, first_row) = (g.rg, g.file, g.first_row);
        let rows = rg.metadata().num_rows() as usize;
        let descr = rg.metadata().column(c).column_descr_ptr();
        let optional = descr.max_def_level() > 0;
        let reader = rg
            .get_column_reader(c)
            .map_err(|e| pq_fout(file, Some(name), e))?;
        self.def.clear();
        let def = if optional { Some(&mut self.def) } else { None };
        macro_rules! read {
            ($r:expr, $buf:expr, $conv:expr) => {{
                let mut r = $r;
                $buf.clear();
                let (n, _, _) = r
                    .read_records(rows, def, None, &mut $buf)
                    .map_err(|e| pq_fout(file, Some(name), e))?;
                if n != rows {
                    return Err(IndicatorError::invoer(InvoerFout::new(
                        file,
                        None,
                        Some(name),
                        format!("{n} waarden gelezen, {rows} verwacht"),
                    )));
                }
                out.clear();
                out.extend($buf.iter().map($conv));
            }};
        }
        match reader {
            ColumnReader::Int32ColumnReader(r) => read!(r, self.i32s, |&v| f64::from(v)),
            ColumnReader::Int64ColumnReader(r) => read!(r, self.i64s, |&v| v as f64),
            ColumnReader::DoubleColumnReader(mut r) => {
                // Straight into `out`: no copy for the common case.
                out.clear();
                let (n, _, _) = r
                    .read_records(rows, def, None, out)
                    .map_err(|e| pq_fout(file, Some(name), e))?;
                if n != rows {
                    return Err(IndicatorError::invoer(InvoerFout::new(
                        file,
                        None,
                        Some(name),
                        format!("{n} waarden gelezen, {rows} verwacht"),
                    )));
                }
            }
            ColumnReader::FloatColumnReader(r) => read!(r, self.f32s, |&v| f64::from(v)),
            ColumnReader::BoolColumnReader(r) => {
                read!(r, self.bools, |&v| if v { 1.0 } else { 0.0 })
            }
            _ => {
                let t: Physical = descr.physical_type();
                return Err(IndicatorError::invoer(InvoerFout::new(
                    file,
                    None,
                    Some(name),
                    format!("type {t} wordt niet ondersteund; verwacht een getal of boolean"),
                )));
            }
        }
        if optional {
            let max = descr.max_def_level();
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
                        Some(first_row + i as u64),
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

fn pq_fout(file: &str, column: Option<&str>, e: parquet::errors::ParquetError) -> IndicatorError {
    IndicatorError::invoer(InvoerFout::new(file, None, column, format!("Parquet: {e}")))
}
