use std::cell::Cell;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use super::{
    nul_een, smal, Aggregaat, Partij, Teller, COL_AGE, COL_DIED, COL_EXPOSURE, COL_GOOD_HEALTH,
    GOOD_UNKNOWN,
};
use crate::{IndicatorError, InvoerFout};

const BATCH: usize = 65_536;

/// Counts the bytes read from disk, for progress through a compressed file.
struct GelezenBytes<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for GelezenBytes<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

pub(super) fn aggregate(
    path: &Path,
    by: &[String],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Aggregaat, IndicatorError> {
    let file = path.display().to_string();
    let total = std::fs::metadata(path)
        .map_err(|source| IndicatorError::Io {
            file: file.clone(),
            source,
        })?
        .len();
    // Counted below the decompressor, so that progress is in bytes of the file on disk.
    let read = Rc::new(Cell::new(0u64));
    let bron = super::invoer::open_csv_met(path, |f| GelezenBytes {
        inner: f,
        read: Rc::clone(&read),
    })?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bron);
    let headers = rdr.byte_headers().map_err(|e| csv_fout(&file, e))?.clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h == name.as_bytes())
            .ok_or_else(|| {
                InvoerFout::tweetalig(
                    &file,
                    Some(1),
                    Some(name),
                    "kolom ontbreekt in de kop",
                    "column missing from the header",
                )
            })
    };
    let mut missing = Vec::new();
    let mut col = |name: &str| match find(name) {
        Ok(i) => i,
        Err(e) => {
            missing.push(e);
            usize::MAX
        }
    };
    let key_cols: Vec<usize> = by.iter().map(|b| col(b)).collect();
    let (age_c, exp_c, died_c, good_c) = (
        col(COL_AGE),
        col(COL_EXPOSURE),
        col(COL_DIED),
        col(COL_GOOD_HEALTH),
    );
    if !missing.is_empty() {
        return Err(IndicatorError::Invoer(missing));
    }

    let mut teller = Teller::new(&file, by);
    let mut keys: Vec<Vec<i32>> = vec![Vec::with_capacity(BATCH); by.len()];
    let (mut age, mut exposure, mut died, mut good) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut record = csv::ByteRecord::new();
    let mut first_row = 2u64;
    loop {
        let more = rdr
            .read_byte_record(&mut record)
            .map_err(|e| csv_fout(&file, e))?;
        if more {
            let line = record.position().map_or(0, |p| p.line());
            if age.is_empty() {
                first_row = line;
            }
            let field = |c: usize| record.get(c).unwrap_or(b"");
            let refuse = |col: &str, (nl, en): (String, String)| {
                IndicatorError::invoer(InvoerFout::tweetalig(&file, Some(line), Some(col), nl, en))
            };
            for (d, &c) in key_cols.iter().enumerate() {
                let v = int(&file, line, &by[d], field(c))?;
                keys[d].push(smal(v, &by[d]).map_err(|r| refuse(&by[d], r))?);
            }
            let a = int(&file, line, COL_AGE, field(age_c))?;
            age.push(smal(a, COL_AGE).map_err(|r| refuse(COL_AGE, r))?);
            exposure.push(float(&file, line, COL_EXPOSURE, field(exp_c))?);
            let d = float(&file, line, COL_DIED, field(died_c))?;
            died.push(nul_een(d).map_err(|r| refuse(COL_DIED, r))?);
            let g = field(good_c);
            good.push(if g.iter().all(u8::is_ascii_whitespace) {
                GOOD_UNKNOWN
            } else {
                let g = float(&file, line, COL_GOOD_HEALTH, g)?;
                nul_een(g).map_err(|r| refuse(COL_GOOD_HEALTH, r))?
            });
        }
        if age.len() >= BATCH || (!more && !age.is_empty()) {
            let partij = Partij {
                first_row,
                keys: keys.iter().map(Vec::as_slice).collect(),
                age: &age,
                exposure: &exposure,
                died: &died,
                good_health: &good,
            };
            teller.add(&partij)?;
            keys.iter_mut().for_each(Vec::clear);
            age.clear();
            exposure.clear();
            died.clear();
            good.clear();
            progress(read.get(), total);
        }
        if !more {
            break;
        }
    }
    teller.finish()
}

fn text(raw: &[u8]) -> &str {
    std::str::from_utf8(raw)
        .unwrap_or("<geen geldige UTF-8>")
        .trim()
}

fn int(file: &str, line: u64, col: &str, raw: &[u8]) -> Result<i64, IndicatorError> {
    let t = text(raw);
    t.parse::<i64>().map_err(|_| {
        IndicatorError::invoer(InvoerFout::tweetalig(
            file,
            Some(line),
            Some(col),
            format!("'{t}' is geen geheel getal"),
            format!("'{t}' is not a whole number"),
        ))
    })
}

fn float(file: &str, line: u64, col: &str, raw: &[u8]) -> Result<f64, IndicatorError> {
    let t = text(raw);
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(IndicatorError::invoer(InvoerFout::tweetalig(
            file,
            Some(line),
            Some(col),
            format!("'{t}' is geen getal"),
            format!("'{t}' is not a number"),
        ))),
    }
}

pub(crate) fn csv_fout(file: &str, e: csv::Error) -> IndicatorError {
    let line = e.position().map(|p| p.line());
    let (nl, en) = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => ("ongeldige UTF-8".to_owned(), "invalid UTF-8".to_owned()),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (
            format!("{len} velden, de kop heeft er {expected_len}"),
            format!("{len} fields, the header has {expected_len}"),
        ),
        csv::ErrorKind::Io(err) => {
            return IndicatorError::Io {
                file: file.to_owned(),
                source: std::io::Error::new(err.kind(), err.to_string()),
            }
        }
        _ => {
            let t = gemeten_domain::Tweetalig::uit_bibliotheek(&e.to_string());
            (t.nl, t.en)
        }
    };
    IndicatorError::invoer(InvoerFout::tweetalig(file, line, None, nl, en))
}
