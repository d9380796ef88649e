//! Reporting periods, reports as stored, their aggregation into MTIB KPIs, and the reports
//! that are missing or late.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use gemeten_domain::{Id, Project, ProjectStatus, RapportStatus};

use crate::{Datum, OpgeslagenRapport, Periode, PeriodeId, Rapport};

/// How the KPIs are broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uitsplitsing {
    Mission,
    Region,
    PartnerType,
    Year,
}

/// The KPI totals of a set of approved reports.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct KpiRij {
    /// The breakdown value (mission code, region code, partner kind, year); `totaal` for
    /// the total, `onbekend` for reports without a region.
    pub key: String,
    pub reports: usize,
    pub projects: usize,
    pub public_eur: u64,
    pub private_eur: u64,
    pub in_kind_eur: u64,
    pub fte: f64,
    /// SMEs involved (sum over reports of the number of mkb partners).
    pub mkb: u64,
    /// Partners (of this kind, in a partner-type breakdown).
    pub partners: u64,
    pub publications: u64,
    pub products: u64,
    pub patents: u64,
    pub spinoffs: u64,
    /// People in a low socio-economic position reached (reports that give a number).
    pub reach_low_ses: u64,
}

impl KpiRij {
    fn add(&mut self, r: &Rapport, projects: &mut BTreeSet<Id>) {
        self.reports += 1;
        if projects.insert(r.project.clone()) {
            self.projects += 1;
        }
        self.public_eur += r.public_eur;
        self.private_eur += r.private_eur;
        self.in_kind_eur += r.in_kind_eur;
        self.fte += r.fte;
        self.mkb += r.mkb();
        self.partners += r.partner_count();
        self.publications += r.outputs.publications;
        self.products += r.outputs.products;
        self.patents += r.outputs.patents;
        self.spinoffs += r.outputs.spinoffs;
        self.reach_low_ses += r.reach_low_ses.and_then(|b| b.number).unwrap_or(0);
    }
}

/// The MTIB KPIs from the reports: only approved ones count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    pub period: Option<PeriodeId>,
    pub total: KpiRij,
    pub by: Option<Uitsplitsing>,
    pub rows: Vec<KpiRij>,
    /// Whether the rows add up to the total. A project serving two missions counts in both;
    /// a report counts in the row of every kind of partner it has.
    pub rows_add_up: bool,
    /// Reports not counted: still submitted (awaiting review) and rejected.
    pub not_counted_submitted: usize,
    pub not_counted_rejected: usize,
}

/// Aggregates the approved reports (of one period, or all) into KPIs, broken down by `by`.
pub fn mtib(
    reports: &[OpgeslagenRapport],
    period: Option<&PeriodeId>,
    by: Option<Uitsplitsing>,
) -> Kpis {
    let in_scope: Vec<&OpgeslagenRapport> = reports
        .iter()
        .filter(|r| period.is_none_or(|p| &r.rapport.period == p) && !r.replaced)
        .collect();
    let counted: Vec<&Rapport> = in_scope
        .iter()
        .filter(|r| r.counts())
        .map(|r| &r.rapport)
        .collect();
    let mut total = KpiRij {
        key: "totaal".into(),
        ..KpiRij::default()
    };
    let mut seen = BTreeSet::new();
    for r in &counted {
        total.add(r, &mut seen);
    }
    let mut rows: BTreeMap<String, (KpiRij, BTreeSet<Id>)> = BTreeMap::new();
    let mut add = |key: String, r: &Rapport, partners: Option<u64>| {
        let (row, seen) = rows.entry(key.clone()).or_insert_with(|| {
            (
                KpiRij {
                    key,
                    ..KpiRij::default()
                },
                BTreeSet::new(),
            )
        });
        row.add(r, seen);
        if let Some(n) = partners {
            // In a partner-type row, the partners are those of that kind.
            row.partners = row.partners - r.partner_count() + n;
        }
    };
    for r in &counted {
        match by {
            None => {}
            Some(Uitsplitsing::Mission) => {
                for m in &r.missions {
                    add(m.code().to_owned(), r, None);
                }
            }
            Some(Uitsplitsing::Region) => add(
                r.region.clone().unwrap_or_else(|| "onbekend".into()),
                r,
                None,
            ),
            Some(Uitsplitsing::Year) => add(r.period.year().to_string(), r, None),
            Some(Uitsplitsing::PartnerType) => {
                for (kind, n) in r.partners.iter().filter(|(_, n)| **n > 0) {
                    add(kind.code().to_owned(), r, Some(*n));
                }
            }
        }
    }
    Kpis {
        period: period.cloned(),
        total,
        by,
        rows: rows.into_values().map(|(r, _)| r).collect(),
        rows_add_up: matches!(by, Some(Uitsplitsing::Region | Uitsplitsing::Year)),
        not_counted_submitted: in_scope
            .iter()
            .filter(|r| r.status == RapportStatus::Ingediend)
            .count(),
        not_counted_rejected: in_scope
            .iter()
            .filter(|r| r.status == RapportStatus::Afgewezen)
            .count(),
    }
}

/// A report that came after its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeLaat {
    pub project: Id,
    pub submitted_on: Datum,
    pub days_late: i64,
}

/// Which projects owe a report for a period and have none, and which reported late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ontbrekend {
    pub period: PeriodeId,
    pub due: Datum,
    pub closed: bool,
    pub today: Datum,
    /// Whether the due date has passed on `today`.
    pub overdue: bool,
    /// Projects expected to report: running during the period.
    pub expected: usize,
    /// Expected projects without a report (a rejected one that was not resubmitted counts as
    /// none).
    pub missing: Vec<Id>,
    pub late: Vec<TeLaat>,
}

/// Whether a project was running during the period's year: running now (or finished or
/// stopped since), and its start and end years (where known) include the year. The store
/// keeps only the current status, so a project that was applied for then and runs now is
/// judged by its years.
pub fn expected_to_report(p: &Project, year: i32) -> bool {
    let status_ok = matches!(
        p.status,
        ProjectStatus::Lopend | ProjectStatus::Afgerond | ProjectStatus::Gestopt
    );
    let y = i64::from(year);
    let started = p.start.is_none_or(|s| i64::from(s.get()) <= y);
    let not_ended = p.end.is_none_or(|e| i64::from(e.get()) >= y);
    let ended_before = p.status != ProjectStatus::Lopend && p.end.is_none();
    status_ok && started && not_ended && !ended_before
}

/// Missing and late reports of `periode` on `today`.
pub fn ontbrekend(
    periode: &Periode,
    projects: &[Project],
    reports: &[OpgeslagenRapport],
    today: Datum,
) -> Ontbrekend {
    let of_period: Vec<&OpgeslagenRapport> = reports
        .iter()
        .filter(|r| r.rapport.period == periode.id && !r.replaced)
        .collect();
    let year = periode.id.year();
    let expected: Vec<&Project> = projects
        .iter()
        .filter(|p| expected_to_report(p, year))
        .collect();
    let missing = expected
        .iter()
        .filter(|p| {
            !of_period
                .iter()
                .any(|r| r.rapport.project == p.id && r.status != RapportStatus::Afgewezen)
        })
        .map(|p| p.id.clone())
        .collect();
    let mut late: Vec<TeLaat> = of_period
        .iter()
        .filter(|r| r.submitted_on > periode.due)
        .map(|r| TeLaat {
            project: r.rapport.project.clone(),
            submitted_on: r.submitted_on,
            days_late: r.submitted_on.unix_days() - periode.due.unix_days(),
        })
        .collect();
    late.sort_by(|a, b| a.project.cmp(&b.project));
    Ontbrekend {
        period: periode.id.clone(),
        due: periode.due,
        closed: periode.closed,
        today,
        overdue: today > periode.due,
        expected: expected.len(),
        missing,
        late,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_match_the_calendar() {
        for n in [0, 19_782, 20_088, 20_500] {
            assert_eq!(Datum::from_unix_days(n).unix_days(), n);
        }
    }
}
