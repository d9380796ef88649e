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
                        buf.read(&*rg, cols, by, file)?;
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

impl Buffers {
    fn read(
        &mut self,
        rg: &dyn RowGroupReader,
        cols: &Kolommen,
        by: &[String],
        file: &str,
    ) -> Result<(), IndicatorError> {
        self.keys.resize_with(cols.keys.len(), IntKolom::default);
        for (d, &c) in cols.keys.iter().enumerate() {
            let mut out = std::mem::take(&mut self.f64s);
            self.column(rg, c, &by[d], file, Nulls::Refuse, &mut out)?;
            self.keys[d].values.clear();
            self.keys[d].values.extend(out.iter().map(|&v| v as i64));
            self.f64s = out;
        }
        let mut out = std::mem::take(&mut self.f64s);
        self.column(rg, cols.age, COL_AGE, file, Nulls::Refuse, &mut out)?;
        self.age.values.clear();
        self.age.values.extend(out.iter().map(|&v| v as i64));
        self.f64s = out;
        let mut e = std::mem::take(&mut self.exposure);
        self.column(rg, cols.exposure, COL_EXPOSURE, file, Nulls::Refuse, &mut e)?;
        self.exposure = e;
        let mut d = std::mem::take(&mut self.died);
        self.column(rg, cols.died, COL_DIED, file, Nulls::Refuse, &mut d)?;
        self.died = d;
        let mut g = std::mem::take(&mut self.good);
        self.column(rg, cols.good, COL_GOOD_HEALTH, file, Nulls::Nan, &mut g)?;
        self.good = g;
        Ok(())
    }

    /// Reads one column chunk as f64 (integers convert exactly below 2^53).
    fn column(
        &mut self,
        rg: &dyn RowGroupReader,
        c: usize,
        name: &str,
        file: &str,
        nulls: Nulls,
        out: &mut Vec<f64>,
    ) -> Result<(), IndicatorError> {
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
            ColumnReader::DoubleColumnReader(r) => read!(r, self.f64s, |&v| v),
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
            // Values arrive packed without the nulls; spread them out again.
            let max = descr.max_def_level();
            if self.def.len() != rows {
                return Err(IndicatorError::methode(format!(
                    "{file}: kolom '{name}': definitieniveaus ontbreken"
                )));
            }
            let packed = std::mem::take(out);
            let mut it = packed.into_iter();
            for (i, &lvl) in self.def.iter().enumerate() {
                if lvl == max {
                    out.push(it.next().unwrap_or(f64::NAN));
                } else if nulls == Nulls::Nan {
                    out.push(f64::NAN);
                } else {
                    return Err(IndicatorError::invoer(InvoerFout::new(
                        file,
                        Some(i as u64 + 1),
                        Some(name),
                        "lege waarde (null)",
                    )));
                }
            }
        }
        Ok(())
    }
}

fn pq_fout(file: &str, column: Option<&str>, e: parquet::errors::ParquetError) -> IndicatorError {
    IndicatorError::invoer(InvoerFout::new(file, None, column, format!("Parquet: {e}")))
}
