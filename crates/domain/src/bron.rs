use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{BronDocument, Probleem, Tekst};

/// Where a record comes from: document, section heading and the line range in the
/// document's text (the seed texts carry no page numbers, so lines are the exact citation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bron {
    pub doc: BronDocument,
    pub section: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Regels>,
}

impl fmt::Display for Bron {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} — {}", self.doc.code(), self.section)?;
        if let Some(lines) = &self.lines {
            write!(f, " (r. {lines})")?;
        }
        Ok(())
    }
}

/// An inclusive, 1-based line range `from-to` with `from <= to`; one line is written as its
/// number alone (`1772`, read from `1772` or `1772-1772`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Regels {
    from: u32,
    to: u32,
}

impl Regels {
    pub fn from(self) -> u32 {
        self.from
    }

    pub fn to(self) -> u32 {
        self.to
    }
}

impl TryFrom<String> for Regels {
    type Error = Probleem;
    fn try_from(s: String) -> Result<Self, Probleem> {
        let bad = || {
            Probleem::new(
                format!("regelbereik '{s}' heeft niet de vorm 12-34 (of 12 voor één regel)"),
                format!("line range '{s}' is not of the form 12-34 (or 12 for one line)"),
            )
        };
        let (a, b) = s.split_once('-').unwrap_or((&s, &s));
        let from: u32 = a.trim().parse().map_err(|_| bad())?;
        let to: u32 = b.trim().parse().map_err(|_| bad())?;
        if from == 0 || from > to {
            return Err(Probleem::new(
                format!("regelbereik '{s}' begint bij 1 of later en eindigt niet voor het begint"),
                format!("line range '{s}' must start at 1 or later and not end before it starts"),
            ));
        }
        Ok(Regels { from, to })
    }
}

impl From<Regels> for String {
    fn from(r: Regels) -> String {
        r.to_string()
    }
}

impl fmt::Display for Regels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Regels;

    fn regels(s: &str) -> Result<Regels, String> {
        Regels::try_from(s.to_owned()).map_err(|p| p.reden(crate::Lang::En).to_owned())
    }

    #[test]
    fn one_line_is_written_as_its_number_and_read_in_both_forms() {
        let een = regels("1772").unwrap();
        assert_eq!(een, regels("1772-1772").unwrap());
        assert_eq!((een.from(), een.to()), (1772, 1772));
        assert_eq!(een.to_string(), "1772");
        assert_eq!(regels("1764-1780").unwrap().to_string(), "1764-1780");
    }

    #[test]
    fn malformed_and_backward_ranges_are_refused() {
        for s in ["", "r. 12", "12-", "0-3", "40-12", "12-34-56"] {
            assert!(regels(s).is_err(), "{s}");
        }
    }
}
