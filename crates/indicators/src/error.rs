use std::fmt;

use gemeten_domain::{Lang, Probleem};
use thiserror::Error;

/// Where in an input file a problem was found. Rows are 1-based data lines as an editor
/// shows them (the header is line 1 of a CSV file; a Parquet "row" is the record number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plaats {
    pub file: String,
    pub row: Option<u64>,
    pub column: Option<String>,
}

impl fmt::Display for Plaats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ", regel {row}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ", kolom '{col}'")?;
        }
        Ok(())
    }
}

impl Plaats {
    /// The place in `lang` (`a.csv, regel 3, kolom 'sex'` / `a.csv, line 3, column 'sex'`).
    pub fn tekst(&self, lang: Lang) -> String {
        let mut out = self.file.clone();
        if let Some(row) = self.row {
            out.push_str(&format!(", {} {row}", lang.t("regel", "line")));
        }
        if let Some(col) = &self.column {
            out.push_str(&format!(", {} '{col}'", lang.t("kolom", "column")));
        }
        out
    }
}

/// One thing wrong with the input, with its place.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{plaats}: {reason}")]
pub struct InvoerFout {
    pub plaats: Plaats,
    /// Dutch, the users' language.
    pub reason: String,
    /// The same in English, where the code that found the problem gives it; otherwise the
    /// English front end shows the Dutch reason.
    pub reason_en: Option<String>,
}

impl InvoerFout {
    pub fn new(
        file: &str,
        row: Option<u64>,
        column: Option<&str>,
        reason: impl Into<String>,
    ) -> Self {
        InvoerFout {
            plaats: Plaats {
                file: file.to_owned(),
                row,
                column: column.map(str::to_owned),
            },
            reason: reason.into(),
            reason_en: None,
        }
    }

    /// A problem with its reason in Dutch and English.
    pub fn tweetalig(
        file: &str,
        row: Option<u64>,
        column: Option<&str>,
        nl: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        InvoerFout {
            reason_en: Some(en.into()),
            ..InvoerFout::new(file, row, column, nl)
        }
    }

    /// The one problem type: the file, the line, the column as its field, the reason in
    /// both languages (Dutch in both where the finder gave no English).
    pub fn probleem(&self) -> Probleem {
        let en = self
            .reason_en
            .clone()
            .unwrap_or_else(|| self.reason.clone());
        let mut p = Probleem::new(self.reason.clone(), en).bestand(self.plaats.file.clone());
        if let Some(row) = self.plaats.row {
            p = p.regel(usize::try_from(row).unwrap_or(usize::MAX));
        }
        if let Some(column) = &self.plaats.column {
            p = p.veld(column.clone());
        }
        p
    }

    /// Place and reason in `lang`.
    pub fn tekst(&self, lang: Lang) -> String {
        let reason = match (lang, &self.reason_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.reason,
        };
        format!("{}: {reason}", self.plaats.tekst(lang))
    }
}

/// Errors of the indicator engine.
#[derive(Debug, Error)]
pub enum IndicatorError {
    /// The input breaks one or more rules; nothing was computed or written.
    #[error("{}", list(.0))]
    Invoer(Vec<InvoerFout>),
    /// A computation was asked for something the method cannot give.
    #[error("{0}")]
    Methode(String),
    /// A number handed to a statistical method is unusable (NaN, infinite, negative where a
    /// share or standard error is meant, an empty list); the method refuses rather than guess.
    #[error("ongeldige waarde: {0}")]
    OngeldigeWaarde(String),
    /// KPI definitions that break the rules, each problem naming its KPI (the record) and
    /// field, in Dutch and English.
    #[error("{}", definitie_lijst(.0))]
    Definitie(Vec<gemeten_domain::Probleem>),
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

impl IndicatorError {
    pub fn invoer(fout: InvoerFout) -> Self {
        IndicatorError::Invoer(vec![fout])
    }

    pub fn methode(reason: impl Into<String>) -> Self {
        IndicatorError::Methode(reason.into())
    }

    pub fn ongeldig(reason: impl Into<String>) -> Self {
        IndicatorError::OngeldigeWaarde(reason.into())
    }
}

fn list(fouten: &[InvoerFout]) -> String {
    let mut out = String::new();
    for (i, f) in fouten.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&f.to_string());
    }
    out
}

fn definitie_lijst(fouten: &[gemeten_domain::Probleem]) -> String {
    fouten
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
