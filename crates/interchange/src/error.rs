use std::fmt;

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

/// One problem found while reading register data.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{location}: {reason}")]
pub struct ReadError {
    /// Boxed: errors travel in `Result`s on hot paths and should stay small.
    pub location: Box<Location>,
    pub reason: String,
}

impl ReadError {
    pub fn new(location: Location, reason: impl Into<String>) -> Self {
        ReadError {
            location: Box::new(location),
            reason: reason.into(),
        }
    }
}

/// Every problem found in an input; nothing of the input is used when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct ReadErrors(pub Vec<ReadError>);

impl fmt::Display for ReadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => f.write_str("no errors"),
            [one] => write!(f, "{one}"),
            [first, rest @ ..] => write!(f, "{first} (and {} more problems)", rest.len()),
        }
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
