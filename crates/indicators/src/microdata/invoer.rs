//! Which files a microdata argument stands for: one file, a directory of files (national
//! microdata come as one file per year or per holder), or a glob pattern.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{IndicatorError, InvoerFout};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Soort {
    Parquet,
    /// gzip-compressed CSV (`.gz`).
    CsvGz,
    Csv,
}

pub(super) fn soort(path: &Path) -> Soort {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("parquet" | "pq") => Soort::Parquet,
        Some("gz") => Soort::CsvGz,
        _ => Soort::Csv,
    }
}

fn is_pattern(path: &Path) -> bool {
    path.to_str().is_some_and(|s| s.contains(['*', '?', '[']))
}

/// A refusal of the file set as a whole: Dutch, English.
fn fout(path: &Path, nl: impl Into<String>, en: impl Into<String>) -> IndicatorError {
    IndicatorError::invoer(InvoerFout::tweetalig(
        &path.display().to_string(),
        None,
        None,
        nl,
        en,
    ))
}

/// The files that `path` stands for, in name order: the file itself; every `.parquet`,
/// `.pq`, `.csv` and `.csv.gz` file directly in a directory; or the files a glob pattern
/// matches (`*`, `?`, `[…]`; `**` for any depth). A directory or pattern that yields no
/// file is refused rather than read as an empty population.
pub fn microdata_bestanden(path: &Path) -> Result<Vec<PathBuf>, IndicatorError> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|source| IndicatorError::Io {
            file: path.display().to_string(),
            source,
        })?;
        let mut files = Vec::new();
        for entry in entries {
            let p = entry
                .map_err(|source| IndicatorError::Io {
                    file: path.display().to_string(),
                    source,
                })?
                .path();
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            let wanted = [".parquet", ".pq", ".csv", ".csv.gz"]
                .iter()
                .any(|e| name.ends_with(e));
            if wanted && p.is_file() {
                files.push(p);
            }
        }
        files.sort();
        if files.is_empty() {
            return Err(fout(
                path,
                "de map bevat geen microdatabestanden (.parquet, .pq, .csv of .csv.gz)",
                "the folder holds no microdata files (.parquet, .pq, .csv or .csv.gz)",
            ));
        }
        return Ok(files);
    }
    if path.exists() || !is_pattern(path) {
        // A missing plain file is refused when it is opened, with the system's reason.
        return Ok(vec![path.to_owned()]);
    }
    let pattern = path.to_string_lossy();
    let paths = glob::glob(&pattern).map_err(|e| {
        fout(
            path,
            format!("ongeldig patroon: {e}"),
            format!("invalid pattern: {e}"),
        )
    })?;
    let mut files = Vec::new();
    for p in paths {
        let p = p.map_err(|e| IndicatorError::Io {
            file: e.path().display().to_string(),
            source: std::io::Error::new(e.error().kind(), e.error().to_string()),
        })?;
        if p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(fout(
            path,
            "het patroon past op geen enkel bestand",
            "the pattern matches no file",
        ));
    }
    Ok(files)
}

/// Opens a CSV file, decompressing it if it is gzip-compressed (streaming: memory does
/// not grow with the file). `wrap` wraps the file as it is on disk.
pub(super) fn open_csv_met<R: Read + 'static>(
    path: &Path,
    wrap: impl FnOnce(File) -> R,
) -> Result<Box<dyn Read>, IndicatorError> {
    let f = File::open(path).map_err(|source| IndicatorError::Io {
        file: path.display().to_string(),
        source,
    })?;
    let f = wrap(f);
    Ok(match soort(path) {
        Soort::CsvGz => Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(f))),
        _ => Box::new(f),
    })
}

/// Whether `path` holds person-level microdata rather than an aggregated table: Parquet,
/// a directory or pattern, or a CSV file (gzip-compressed or not) with a `died` column.
pub fn is_microdata(path: &Path) -> Result<bool, IndicatorError> {
    if !path.is_file() {
        return Ok(true);
    }
    if soort(path) == Soort::Parquet {
        return Ok(true);
    }
    let file = path.display().to_string();
    let mut rdr = csv::Reader::from_reader(open_csv_met(path, |f| f)?);
    let headers = rdr.headers().map_err(|e| super::csv_fout(&file, e))?;
    Ok(headers.iter().any(|h| h.trim() == "died"))
}

/// SHA-256 of the input, read in pieces (memory does not grow with the file): of the file
/// itself when `path` is one file, otherwise of the list of each file's SHA-256 and name
/// (as `sha256sum` prints it), in name order.
pub fn sha256_bestanden(path: &Path) -> Result<String, IndicatorError> {
    let files = microdata_bestanden(path)?;
    let one = |p: &Path| -> Result<String, IndicatorError> {
        let io = |source| IndicatorError::Io {
            file: p.display().to_string(),
            source,
        };
        let mut f = File::open(p).map_err(io)?;
        let mut h = Sha256::new();
        std::io::copy(&mut f, &mut h).map_err(io)?;
        Ok(hex(&h.finalize()))
    };
    if let [single] = files.as_slice() {
        if single == path {
            return one(single);
        }
    }
    let mut list = String::new();
    for f in &files {
        let name = f.file_name().map_or_else(
            || f.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        list.push_str(&format!("{}  {name}\n", one(f)?));
    }
    Ok(hex(&Sha256::digest(list.as_bytes())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
