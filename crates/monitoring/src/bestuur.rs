//! Governance and the yearly cycle: the bodies of the MT G&Z and the international
//! commitments, read from the embedded curated file (`data/bestuur/bestuur.toml`, cited in
//! 000 and checked by `tools/check_reference.py`); a body's meetings in a year against its
//! norm; the commitments' yearly count from the activity updates that count toward them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use gemeten_domain::monitoring::{Datum, GelogdeUpdate};
use gemeten_domain::{Id, Norm, Orgaan, Toezegging, ToezeggingSoort, Vergadering};

/// The curated governance file, as shipped.
pub const BESTUUR: &str = include_str!("../../../data/bestuur/bestuur.toml");

/// The bodies and commitments of the curated file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bestuur {
    pub orgaan: Vec<Orgaan>,
    pub toezegging: Vec<Toezegging>,
}

impl Bestuur {
    /// Reads a governance file; the reason when it cannot be read.
    pub fn lees(text: &str) -> Result<Bestuur, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    pub fn orgaan(&self, id: &str) -> Option<&Orgaan> {
        self.orgaan.iter().find(|o| o.id == id)
    }
}

/// The shipped governance data (read once; the file is checked by the crate's tests, so
/// reading it cannot fail in a build that passed them).
pub fn bestuur() -> &'static Bestuur {
    static B: OnceLock<Bestuur> = OnceLock::new();
    B.get_or_init(|| Bestuur::lees(BESTUUR).unwrap_or_else(|e| panic!("data/bestuur: {e}")))
}

/// A body's meetings in one year against its norm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vergadernorm {
    pub orgaan: Id,
    pub year: i32,
    pub meetings: u32,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub norm: Norm,
}

impl Vergadernorm {
    /// The norm's range as people write it: `6–8`, `≥ 4`, `≤ 3`, or `—` without one.
    pub fn bereik(&self) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("{a}–{b}"),
            (Some(a), None) => format!("≥ {a}"),
            (None, Some(b)) => format!("≤ {b}"),
            (None, None) => "—".to_owned(),
        }
    }
}

/// A body with its meetings in one year against its norm.
#[derive(Debug, Clone, Serialize)]
pub struct OrgaanRij {
    #[serde(flatten)]
    pub orgaan: Orgaan,
    pub jaar: Vergadernorm,
}

/// The governance of one year: every body with its meetings against its norm, and every
/// international commitment's count — what `/bestuur`, `GET /api/v1/bestuur` and `gemeten
/// governance` show.
#[derive(Debug, Clone, Serialize)]
pub struct Jaaroverzicht {
    pub jaar: i32,
    pub organen: Vec<OrgaanRij>,
    pub toezeggingen: Vec<ToezeggingStand>,
}

/// The governance of `jaar` from the recorded `meetings` and the activities' update
/// `histories`.
pub fn jaaroverzicht<'a>(
    meetings: impl IntoIterator<Item = &'a Vergadering>,
    histories: &BTreeMap<Id, Vec<GelogdeUpdate>>,
    jaar: i32,
) -> Jaaroverzicht {
    let meetings: Vec<&Vergadering> = meetings.into_iter().collect();
    let b = bestuur();
    let organen = b
        .orgaan
        .iter()
        .map(|o| {
            let dates: Vec<Datum> = meetings
                .iter()
                .filter(|m| m.orgaan == o.id)
                .map(|m| m.datum)
                .collect();
            OrgaanRij {
                orgaan: o.clone(),
                jaar: vergadernorm(o, jaar, &dates),
            }
        })
        .collect();
    Jaaroverzicht {
        jaar,
        organen,
        toezeggingen: toezeggingen(&b.toezegging, histories, jaar),
    }
}

/// `meetings` (the dates' years) of `orgaan` in `year` against its norm.
pub fn vergadernorm(
    orgaan: &Orgaan,
    year: i32,
    dates: &[gemeten_domain::monitoring::Datum],
) -> Vergadernorm {
    let n = u32::try_from(dates.iter().filter(|d| d.year() == year).count()).unwrap_or(u32::MAX);
    Vergadernorm {
        orgaan: orgaan.id.clone(),
        year,
        meetings: n,
        min: orgaan.meetings_min,
        max: orgaan.meetings_max,
        norm: orgaan.norm(n),
    }
}

/// One commitment's count in a year: the activity updates that count toward its kind with a
/// date in the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToezeggingStand {
    pub toezegging: Toezegging,
    pub year: i32,
    pub count: u32,
    pub met: bool,
    /// The activities whose updates were counted, each with how many.
    pub from: BTreeMap<Id, u32>,
}

/// Every commitment's count in `year` from the activities' update histories.
pub fn toezeggingen(
    commitments: &[Toezegging],
    histories: &BTreeMap<Id, Vec<GelogdeUpdate>>,
    year: i32,
) -> Vec<ToezeggingStand> {
    let mut counted: BTreeMap<ToezeggingSoort, BTreeMap<Id, u32>> = BTreeMap::new();
    for (activiteit, history) in histories {
        for h in history {
            if let Some(t) = &h.update.counts_toward {
                if t.date.year() == year {
                    *counted
                        .entry(t.kind)
                        .or_default()
                        .entry(activiteit.clone())
                        .or_default() += 1;
                }
            }
        }
    }
    commitments
        .iter()
        .map(|t| {
            let from = counted.get(&t.kind).cloned().unwrap_or_default();
            let count = from.values().sum();
            ToezeggingStand {
                toezegging: t.clone(),
                year,
                count,
                met: count >= t.minimum,
                from,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gemeten_domain::monitoring::{ActiviteitUpdate, Datum};
    use gemeten_domain::{MissieCode, OrgaanSoort, TeltVoor};

    #[test]
    fn the_shipped_file_reads_with_every_body_and_commitment() {
        let b = bestuur();
        let kern = b.orgaan("kernteam").expect("kernteam");
        assert_eq!((kern.meetings_min, kern.meetings_max), (Some(6), Some(8)));
        let thema = b.orgaan("themateam").expect("themateam");
        assert_eq!((thema.meetings_min, thema.meetings_max), (Some(2), Some(3)));
        // One Missieteam per mission; only V is still to be installed.
        for m in MissieCode::ALL {
            let t = b
                .orgaan
                .iter()
                .find(|o| o.kind == OrgaanSoort::Missieteam && o.missie == Some(*m))
                .expect("a mission team per mission");
            assert_eq!((t.meetings_min, t.meetings_max), (Some(4), Some(6)));
            assert_eq!(t.installed, *m != MissieCode::V, "{m}");
        }
        let v = b.orgaan("missieteam-v").expect("V");
        assert!(v.status_source.is_some() && v.status_nl.is_some());
        let me = b.orgaan("werkgroep-me").expect("M&E");
        assert_eq!(me.norm(0), Norm::Geen);
        let minima: Vec<(ToezeggingSoort, u32)> =
            b.toezegging.iter().map(|t| (t.kind, t.minimum)).collect();
        assert_eq!(
            minima,
            vec![
                (ToezeggingSoort::Overleg, 4),
                (ToezeggingSoort::Congres, 6),
                (ToezeggingSoort::Ppp, 3),
                (ToezeggingSoort::Call, 2)
            ]
        );
    }

    #[test]
    fn the_norm_counts_the_meetings_of_the_year_only() {
        let kern = bestuur().orgaan("kernteam").expect("kernteam").clone();
        let d = |y, m| Datum::new(y, m, 1).expect("date");
        let dates: Vec<Datum> = (1..=5).map(|m| d(2026, m)).chain([d(2025, 3)]).collect();
        assert_eq!(vergadernorm(&kern, 2026, &dates).norm, Norm::Onder);
        let six: Vec<Datum> = (1..=6).map(|m| d(2026, m)).collect();
        assert_eq!(vergadernorm(&kern, 2026, &six).norm, Norm::Binnen);
        let nine: Vec<Datum> = (1..=9).map(|m| d(2026, m)).collect();
        let n = vergadernorm(&kern, 2026, &nine);
        assert_eq!((n.meetings, n.norm), (9, Norm::Boven));
    }

    #[test]
    fn commitments_count_the_updates_dated_in_the_year() {
        let upd = |kind, y| GelogdeUpdate {
            by: "x".into(),
            at: "2026-01-01T00:00:00Z".into(),
            update: ActiviteitUpdate {
                counts_toward: Some(TeltVoor {
                    kind,
                    date: Datum::new(y, 5, 1).expect("date"),
                }),
                ..ActiviteitUpdate::default()
            },
        };
        let id = |s: &str| s.parse::<Id>().expect("id");
        let mut h = BTreeMap::new();
        h.insert(
            id("000-INT-2"),
            vec![
                upd(ToezeggingSoort::Congres, 2026),
                upd(ToezeggingSoort::Congres, 2026),
                upd(ToezeggingSoort::Congres, 2025),
            ],
        );
        h.insert(id("000-MI-1"), vec![upd(ToezeggingSoort::Congres, 2026)]);
        h.insert(
            id("000-INT-5"),
            vec![
                upd(ToezeggingSoort::Call, 2026),
                upd(ToezeggingSoort::Call, 2026),
            ],
        );
        let s = toezeggingen(&bestuur().toezegging, &h, 2026);
        let congres = s
            .iter()
            .find(|t| t.toezegging.kind == ToezeggingSoort::Congres)
            .expect("c");
        assert_eq!((congres.count, congres.met), (3, false));
        assert_eq!(congres.from.get(&id("000-INT-2")), Some(&2));
        let call = s
            .iter()
            .find(|t| t.toezegging.kind == ToezeggingSoort::Call)
            .expect("c");
        assert_eq!((call.count, call.met), (2, true));
        let overleg = s
            .iter()
            .find(|t| t.toezegging.kind == ToezeggingSoort::Overleg)
            .expect("o");
        assert_eq!((overleg.count, overleg.met), (0, false));
    }
}

#[cfg(test)]
mod register_tests {
    use super::*;

    /// Every commitment names a KIA activity of the reference register, the one whose text
    /// states it.
    #[test]
    fn every_commitment_names_an_activity_of_the_register() {
        let register = gemeten_interchange::reference_register().expect("reference register");
        for t in &bestuur().toezegging {
            let a = register
                .parts()
                .activiteit
                .iter()
                .find(|a| a.id == t.activiteit)
                .unwrap_or_else(|| panic!("{}: no activity {}", t.id, t.activiteit));
            assert!(
                a.source.lines == t.source.lines,
                "{}: cites other lines than {}",
                t.id,
                a.id
            );
        }
    }
}
