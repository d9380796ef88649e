use std::path::Path;

use super::{Aggregaat, Partij, Teller, COL_AGE, COL_DIED, COL_EXPOSURE, COL_GOOD_HEALTH};
use crate::{IndicatorError, InvoerFout};

const BATCH: usize = 65_536;

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
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| csv_fout(&file, e))?;
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
    let mut keys: Vec<Vec<i64>> = vec![Vec::with_capacity(BATCH); by.len()];
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
            for (d, &c) in key_cols.iter().enumerate() {
                keys[d].push(int(&file, line, &by[d], field(c))?);
            }
            age.push(int(&file, line, COL_AGE, field(age_c))?);
            exposure.push(float(&file, line, COL_EXPOSURE, field(exp_c))?);
            died.push(float(&file, line, COL_DIED, field(died_c))?);
            let g = field(good_c);
            good.push(if g.iter().all(u8::is_ascii_whitespace) {
                f64::NAN
            } else {
                float(&file, line, COL_GOOD_HEALTH, g)?
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
            teller.add(&partij).map_err(IndicatorError::invoer)?;
            keys.iter_mut().for_each(Vec::clear);
            age.clear();
            exposure.clear();
            died.clear();
            good.clear();
            progress(rdr.position().byte(), total);
        }
        if !more {
            break;
        }
    }
    let agg = teller.finish();
    if agg.groups.is_empty() {
        return Err(IndicatorError::invoer(InvoerFout::new(
            &file,
            None,
            None,
            "het bestand bevat geen rijen",
        )));
    }
    Ok(agg)
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
    let reason = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "ongeldige UTF-8".to_owned(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} velden, de kop heeft er {expected_len}")
        }
        csv::ErrorKind::Io(err) => {
            return IndicatorError::Io {
                file: file.to_owned(),
                source: std::io::Error::new(err.kind(), err.to_string()),
            }
        }
        _ => e.to_string(),
    };
    IndicatorError::invoer(InvoerFout::new(file, line, None, reason))
}
