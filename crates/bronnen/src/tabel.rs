//! A publisher's table as rows of text cells with their line numbers, from a CSV file
//! (here) or from CBS's OData service (`cbs.rs`); the mapping is applied to either alike.

use gemeten_indicators::{IndicatorError, InvoerFout};

use crate::{BronFout, Formaat};

/// A table as published: its column names and its data rows, each with the line (or, for
/// OData, the record number) where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Tabel {
    /// The file or URL, for messages.
    pub naam: String,
    pub kolommen: Vec<String>,
    /// The line of the header, for a missing column (none for OData).
    pub kopregel: Option<u64>,
    pub rijen: Vec<Rij>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rij {
    pub regel: u64,
    /// Trimmed cell texts; a short row is padded with empty cells.
    pub cellen: Vec<String>,
}

impl Tabel {
    /// The position of a column, if the table has it.
    pub fn kolom(&self, naam: &str) -> Option<usize> {
        self.kolommen.iter().position(|k| k == naam)
    }
}

/// Reads CSV text as downloaded: a UTF-8 byte order mark is dropped, comment lines and
/// footer lines are skipped (line numbers still count them, so messages match an editor),
/// cells are trimmed. The first line that is neither is the header.
pub fn lees_tabel(tekst: &str, naam: &str, formaat: &Formaat) -> Result<Tabel, BronFout> {
    // StatLine's exports begin with a BOM; left in, it would become part of the first
    // column's name.
    let tekst = tekst.strip_prefix('\u{feff}').unwrap_or(tekst);
    let mut b = csv::ReaderBuilder::new();
    b.has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(formaat.scheidingsteken.as_bytes()[0]);
    if let Some(c) = &formaat.commentaar {
        b.comment(c.as_bytes().first().copied());
    }
    let mut rdr = b.from_reader(tekst.as_bytes());
    let mut kop: Option<(u64, Vec<String>)> = None;
    let mut rijen = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line());
            BronFout::Invoer(IndicatorError::invoer(InvoerFout::tweetalig(
                naam,
                line,
                None,
                format!("onleesbare CSV: {e}"),
                format!("unreadable CSV: {e}"),
            )))
        })?;
        let regel = rec.position().map_or(0, |p| p.line());
        let cellen: Vec<String> = rec.iter().map(str::to_owned).collect();
        if cellen.iter().all(String::is_empty) {
            continue;
        }
        let eerste = cellen.first().map_or("", String::as_str);
        if formaat
            .voettekst
            .iter()
            .any(|v| eerste.starts_with(v.as_str()))
        {
            continue;
        }
        match &kop {
            None => kop = Some((regel, cellen)),
            Some((_, k)) => {
                if cellen.len() > k.len() && cellen[k.len()..].iter().any(|c| !c.is_empty()) {
                    let (n, kop, t) = (cellen.len(), k.len(), &formaat.scheidingsteken);
                    return Err(BronFout::Invoer(IndicatorError::invoer(
                        InvoerFout::tweetalig(
                            naam,
                            Some(regel),
                            None,
                            format!(
                                "{n} velden, de kop heeft er {kop} (klopt het scheidingsteken \
                                 '{t}'?)"
                            ),
                            format!(
                                "{n} fields, the header has {kop} (is the separator '{t}' \
                                 right?)"
                            ),
                        ),
                    )));
                }
                let mut cellen = cellen;
                cellen.resize(k.len(), String::new());
                rijen.push(Rij { regel, cellen });
            }
        }
    }
    let Some((kopregel, kolommen)) = kop else {
        return Err(BronFout::Invoer(IndicatorError::invoer(
            InvoerFout::tweetalig(
                naam,
                None,
                None,
                "het bestand heeft geen kopregel",
                "the file has no header line",
            ),
        )));
    };
    Ok(Tabel {
        naam: naam.to_owned(),
        kolommen,
        kopregel: Some(kopregel),
        rijen,
    })
}
