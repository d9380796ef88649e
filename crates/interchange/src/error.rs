use std::fmt;

use gemeten_domain::{Probleem, Problemen, Tweetalig};
use thiserror::Error;

/// Where in the input a problem is: file, line, record and field, as far as known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub table: Option<String>,
    /// 1-based position of the record in its table within the file.
    pub record: Option<usize>,
    /// The record's id (or code), where it could be read.
    pub key: Option<String>,
    pub field: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(table) = &self.table {
            write!(f, ", {table}")?;
            if let Some(n) = self.record {
                write!(f, " #{n}")?;
            }
            if let Some(key) = &self.key {
                write!(f, " '{key}'")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        Ok(())
    }
}

/// One problem found while reading register data: where, and why in Dutch and English.
/// Front ends show it as the one problem type ([`ReadError::probleem`]) in the user's
/// language; `Display` is Dutch, the default.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.probleem())]
pub struct ReadError {
    /// Boxed: errors travel in `Result`s on hot paths and should stay small.
    pub location: Box<Location>,
    pub reason: Tweetalig,
}

impl ReadError {
    pub fn new(location: Location, reason: Tweetalig) -> Self {
        ReadError {
            location: Box::new(location),
            reason,
        }
    }

    /// The one problem type: the file, line, record (its table, position and key) and field.
    pub fn probleem(&self) -> Probleem {
        let l = &self.location;
        let mut p = Probleem {
            reason: self.reason.clone(),
            ..Probleem::new("", "")
        };
        if !l.file.is_empty() {
            p = p.bestand(l.file.as_str());
        }
        if let Some(n) = l.line {
            p = p.regel(n);
        }
        if let Some(table) = &l.table {
            let mut record = table.clone();
            if let Some(n) = l.record {
                record.push_str(&format!(" #{n}"));
            }
            if let Some(key) = &l.key {
                record.push_str(&format!(" '{key}'"));
            }
            p = p.record(record);
        }
        if let Some(f) = &l.field {
            p = p.veld(f.clone());
        }
        p
    }
}

/// Every problem found in an input; nothing of the input is used when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct ReadErrors(pub Vec<ReadError>);

impl ReadErrors {
    /// Every problem as the one problem type, in the order found.
    pub fn problemen(&self) -> Problemen {
        Problemen(self.0.iter().map(ReadError::probleem).collect())
    }
}

impl From<ReadErrors> for Problemen {
    fn from(e: ReadErrors) -> Problemen {
        e.problemen()
    }
}

/// In Dutch, as [`Problemen`]; front ends render [`ReadErrors::problemen`] in the user's
/// language.
impl fmt::Display for ReadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.problemen())
    }
}

impl From<ReadError> for ReadErrors {
    fn from(e: ReadError) -> Self {
        ReadErrors(vec![e])
    }
}

/// A problem writing an export.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Encode { path: String, reason: String },
}
