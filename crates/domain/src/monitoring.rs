//! Bottom-up monitoring as values: dates and reporting periods, the update of a KIA activity
//! as made and as stored, a project's report for a period and the report as stored with its
//! review.
//!
//! They live here, not in `gemeten-monitoring`, because the store persists them and knows no
//! computing crate. The checks (an update against the activity's history, a report against
//! the basic dataset) and the aggregation stay in `gemeten-monitoring`, which re-exports these
//! types.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{ActiviteitStatus, Id, MissieCode, OrganisatieSoort, Probleem, RapportStatus, Tekst};

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Datum {
    year: i32,
    month: u8,
    day: u8,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Datum {
    pub fn new(year: i32, month: u8, day: u8) -> Result<Self, Probleem> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) {
            return Err(Probleem::new(
                format!("{year:04}-{month:02}-{day:02} is geen datum (schrijf JJJJ-MM-DD)"),
                format!("date {year:04}-{month:02}-{day:02} is not a date (expected YYYY-MM-DD)"),
            ));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(Probleem::new(
                format!("de datum {year:04}-{month:02}-{day:02} bestaat niet"),
                format!("date {year:04}-{month:02}-{day:02} does not exist"),
            ));
        }
        Ok(Datum { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// Days since 1970-01-01 (days-from-civil).
    pub fn unix_days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Datum::from_unix_days((secs / 86_400) as i64)
    }

    /// The date `days` days after 1970-01-01 (civil-from-days, proleptic Gregorian).
    pub fn from_unix_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Datum { year, month, day }
    }
}

impl FromStr for Datum {
    type Err = Probleem;
    fn from_str(s: &str) -> Result<Self, Probleem> {
        let bad = || {
            Probleem::new(
                format!("'{s}' is geen datum (schrijf JJJJ-MM-DD)"),
                format!("'{s}' is not a date (expected YYYY-MM-DD)"),
            )
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let year = s[0..4].parse().map_err(|_| bad())?;
        let month = s[5..7].parse().map_err(|_| bad())?;
        let day = s[8..10].parse().map_err(|_| bad())?;
        Datum::new(year, month, day)
    }
}

impl TryFrom<String> for Datum {
    type Error = Probleem;
    fn try_from(s: String) -> Result<Self, Probleem> {
        s.parse()
    }
}

impl From<Datum> for String {
    fn from(d: Datum) -> String {
        d.to_string()
    }
}

impl fmt::Display for Datum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A reporting period: a year (`2025`), a half year (`2025-H1`, `2025-H2`) or a quarter
/// (`2025-Q1` … `2025-Q4`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PeriodeId(String);

impl PeriodeId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn year(&self) -> i32 {
        self.0[0..4].parse().expect("checked at construction")
    }
}

impl FromStr for PeriodeId {
    type Err = Probleem;
    fn from_str(s: &str) -> Result<Self, Probleem> {
        let bad = || {
            Probleem::new(
                format!(
                    "'{s}' is geen rapportageperiode (schrijf een jaar zoals 2025, een half jaar \
                     2025-H1 of 2025-H2, of een kwartaal 2025-Q1 … 2025-Q4)"
                ),
                format!(
                    "'{s}' is not a reporting period (expected a year such as 2025, a half year \
                     2025-H1 or 2025-H2, or a quarter 2025-Q1 … 2025-Q4)"
                ),
            )
        };
        let (year, rest) = s.split_at_checked(4).ok_or_else(bad)?;
        let y: i32 = year
            .parse()
            .ok()
            .filter(|_| year.bytes().all(|c| c.is_ascii_digit()))
            .ok_or_else(bad)?;
        if !(2000..=2100).contains(&y) {
            return Err(bad());
        }
        match rest {
            "" | "-H1" | "-H2" | "-Q1" | "-Q2" | "-Q3" | "-Q4" => Ok(PeriodeId(s.to_owned())),
            _ => Err(bad()),
        }
    }
}

impl TryFrom<String> for PeriodeId {
    type Error = Probleem;
    fn try_from(s: String) -> Result<Self, Probleem> {
        s.parse()
    }
}

impl From<PeriodeId> for String {
    fn from(p: PeriodeId) -> String {
        p.0
    }
}

impl fmt::Display for PeriodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A milestone to add: title and due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NieuweMijlpaal {
    pub title: Tekst,
    pub due: Datum,
}

/// A milestone marked done on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MijlpaalGereed {
    pub title: Tekst,
    pub on: Datum,
}

/// Evidence of progress: a title and a URL or a path to a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bewijs {
    pub title: Tekst,
    pub link: Tekst,
}

/// One update of an activity. Every part is optional, but an update changes something.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActiviteitUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActiviteitStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Id>,
    /// The reporting period the note is about; given together with `note`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<NieuweMijlpaal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub done: Vec<MijlpaalGereed>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Bewijs>,
    /// What took place that counts toward an international commitment (a meeting, a
    /// congress, a PPP, a call), and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts_toward: Option<crate::bestuur::TeltVoor>,
}

/// An update as stored: who made it and when (UTC timestamp).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GelogdeUpdate {
    pub by: String,
    pub at: String,
    pub update: ActiviteitUpdate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outputs {
    pub publications: u64,
    pub products: u64,
    pub patents: u64,
    pub spinoffs: u64,
}

/// Reach among people in a low socio-economic position: a number, a share (0-1), or both.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bereik {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub name: Tekst,
    pub value: f64,
    pub unit: Tekst,
}

/// A project's report for one period, checked against its definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rapport {
    pub project: Id,
    pub period: PeriodeId,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default)]
    pub public_eur: u64,
    #[serde(default)]
    pub private_eur: u64,
    #[serde(default)]
    pub in_kind_eur: u64,
    #[serde(default)]
    pub fte: f64,
    #[serde(default)]
    pub partners: BTreeMap<OrganisatieSoort, u64>,
    #[serde(default)]
    pub missions: Vec<MissieCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kia_questions: Vec<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trl_start: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trl_now: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sel_start: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sel_now: Option<u8>,
    #[serde(default)]
    pub outputs: Outputs,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach_low_ses: Option<Bereik>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

impl Rapport {
    /// The number of SMEs (mkb) among the partners.
    pub fn mkb(&self) -> u64 {
        self.partners
            .get(&OrganisatieSoort::Mkb)
            .copied()
            .unwrap_or(0)
    }

    pub fn partner_count(&self) -> u64 {
        self.partners.values().sum()
    }
}

/// A reporting period: reports are due by `due`; a closed period takes no more reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periode {
    pub id: PeriodeId,
    pub due: Datum,
    pub closed: bool,
}

/// A report as stored, with its review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpgeslagenRapport {
    pub rapport: Rapport,
    pub status: RapportStatus,
    pub submitted_on: Datum,
    pub submitted_by: String,
    /// Why it was rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    /// A rejected report that a later submission replaced (kept for the history).
    pub replaced: bool,
}

impl OpgeslagenRapport {
    /// Whether it counts in the KPIs: approved and not replaced.
    pub fn counts(&self) -> bool {
        self.status == RapportStatus::Goedgekeurd && !self.replaced
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_ordered() {
        assert!("2025-02-29".parse::<Datum>().is_err());
        assert!("2024-02-29".parse::<Datum>().is_ok());
        assert!("2025-13-01".parse::<Datum>().is_err());
        assert!("2025-6-30".parse::<Datum>().is_err());
        let a: Datum = "2025-06-30".parse().unwrap();
        let b: Datum = "2025-07-01".parse().unwrap();
        assert!(a < b);
        assert_eq!(a.to_string(), "2025-06-30");
    }

    #[test]
    fn unix_days_give_the_civil_date() {
        assert_eq!(Datum::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Datum::from_unix_days(20_088).to_string(), "2024-12-31");
        assert_eq!(Datum::from_unix_days(19_782).to_string(), "2024-02-29");
    }

    #[test]
    fn periods_have_a_fixed_form() {
        for ok in ["2025", "2025-H1", "2025-H2", "2026-Q4"] {
            assert!(ok.parse::<PeriodeId>().is_ok(), "{ok}");
        }
        for bad in ["25", "2025-H3", "2025H1", "2025-q1", "H1-2025", "", "20x5"] {
            assert!(bad.parse::<PeriodeId>().is_err(), "{bad}");
        }
        assert_eq!("2025-H1".parse::<PeriodeId>().unwrap().year(), 2025);
    }
}
