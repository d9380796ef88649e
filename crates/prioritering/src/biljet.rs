//! Ballots and the ballot box. A ballot is checked against its round before it is accepted;
//! a participant's second ballot is refused unless it says it replaces the first, and then
//! the first stays in the history but no longer counts.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use gemeten_domain::{Id, Probleem};

use crate::{Keuze, Ronde, StemSoort, Stembiljet};

/// Why a ballot was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BiljetReden {
    #[error("'{0}' is not a participant of this round")]
    UnknownParticipant(Id),
    #[error("'{0}' is not a candidate of this round")]
    UnknownCandidate(Id),
    #[error("'{0}' is not a criterion of this round")]
    UnknownCriterion(Id),
    #[error("this round takes {expected} ballots, not `{got}`")]
    WrongKind { expected: String, got: &'static str },
    #[error("the ballot names no candidate")]
    Empty,
    #[error("{got} candidates named, at most {n} allowed")]
    TooMany { n: usize, got: usize },
    #[error("'{0}' is named more than once")]
    Duplicate(Id),
    #[error("score {score} for '{kandidaat}' on '{criterium}' is outside the scale {min}-{max}")]
    OutOfScale {
        kandidaat: Id,
        criterium: Id,
        score: i64,
        min: i64,
        max: i64,
    },
    #[error("'{kandidaat}' is rated twice on '{criterium}'")]
    DuplicateScore { kandidaat: Id, criterium: Id },
    #[error(
        "no score for '{kandidaat}' on '{criterium}'; rate every candidate on every criterion"
    )]
    MissingScore { kandidaat: Id, criterium: Id },
    #[error("not a ranking of all {expected} candidates: {detail}")]
    NotAPermutation { expected: usize, detail: String },
    #[error("already voted in this round; replace the earlier ballot explicitly (--replace)")]
    AlreadyVoted,
    #[error("there is no earlier ballot to replace")]
    NothingToReplace,
}

/// A refused ballot: whose, which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("ballot of '{deelnemer}', field `{field}`: {reason}")]
pub struct BiljetFout {
    pub deelnemer: Id,
    pub field: &'static str,
    pub reason: BiljetReden,
}

impl BiljetReden {
    /// The reason in Dutch (`Display` is the English one).
    pub fn nl(&self) -> String {
        use BiljetReden::*;
        match self {
            UnknownParticipant(d) => format!("'{d}' is geen deelnemer van deze ronde"),
            UnknownCandidate(k) => format!("'{k}' is geen kandidaat van deze ronde"),
            UnknownCriterion(c) => format!("'{c}' is geen criterium van deze ronde"),
            WrongKind { expected, got } => {
                format!("deze ronde neemt stembiljetten van de soort {expected}, niet `{got}`")
            }
            Empty => "het stembiljet noemt geen kandidaat".into(),
            TooMany { n, got } => {
                format!("{got} kandidaten gekozen, er mogen er hoogstens {n} zijn")
            }
            Duplicate(k) => format!("'{k}' is meer dan eens gekozen"),
            OutOfScale {
                kandidaat,
                criterium,
                score,
                min,
                max,
            } => format!(
                "score {score} voor '{kandidaat}' op '{criterium}' ligt buiten de schaal \
                 {min}-{max}"
            ),
            DuplicateScore {
                kandidaat,
                criterium,
            } => format!("'{kandidaat}' heeft twee scores op '{criterium}'"),
            MissingScore {
                kandidaat,
                criterium,
            } => format!(
                "geen score voor '{kandidaat}' op '{criterium}'; geef elke kandidaat een score \
                 op elk criterium"
            ),
            NotAPermutation { expected, detail } => {
                format!("geen rangorde van alle {expected} kandidaten: {detail}")
            }
            AlreadyVoted => "al gestemd in deze ronde; vervang het eerdere stembiljet \
                             uitdrukkelijk (--replace)"
                .into(),
            NothingToReplace => "er is geen eerder stembiljet om te vervangen".into(),
        }
    }
}

/// A refused ballot is refused input like any other: the one problem type, with the
/// participant as the record.
impl From<BiljetFout> for Probleem {
    fn from(e: BiljetFout) -> Probleem {
        Probleem::bij_veld(e.field, e.reason.nl(), e.reason.to_string())
            .record(format!("'{}'", e.deelnemer))
    }
}

/// A ballot as accepted, with its place in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ingediend {
    /// 1-based position in the round's history.
    pub seq: usize,
    pub biljet: Stembiljet,
    /// A later ballot of the same participant replaced this one; it no longer counts.
    pub replaced: bool,
}

/// A round with every ballot it received, in the order they were cast.
#[derive(Debug, Clone, PartialEq)]
pub struct Stembus {
    ronde: Ronde,
    history: Vec<Ingediend>,
}

impl Stembus {
    pub fn new(ronde: Ronde) -> Self {
        Stembus {
            ronde,
            history: Vec::new(),
        }
    }

    /// A round with ballots, accepted one after the other as [`Stembus::add`] does.
    pub fn with_ballots(
        ronde: Ronde,
        ballots: impl IntoIterator<Item = Stembiljet>,
    ) -> Result<Self, BiljetFout> {
        let mut bus = Stembus::new(ronde);
        for b in ballots {
            bus.add(b)?;
        }
        Ok(bus)
    }

    pub fn ronde(&self) -> &Ronde {
        &self.ronde
    }

    /// Every ballot ever accepted, replaced ones included, in casting order.
    pub fn history(&self) -> &[Ingediend] {
        &self.history
    }

    /// The ballots that count: the latest of each participant, in casting order.
    pub fn counted(&self) -> Vec<&Stembiljet> {
        self.history
            .iter()
            .filter(|i| !i.replaced)
            .map(|i| &i.biljet)
            .collect()
    }

    /// Whether any counted ballot is illustrative.
    pub fn illustratief(&self) -> bool {
        self.counted().iter().any(|b| b.illustratief)
    }

    fn current_of(&self, deelnemer: &Id) -> Option<usize> {
        self.history
            .iter()
            .position(|i| !i.replaced && &i.biljet.deelnemer == deelnemer)
    }

    /// Checks `b` against the round and the ballots so far, without adding it.
    pub fn check(&self, b: &Stembiljet) -> Result<(), BiljetFout> {
        let fail = |field: &'static str, reason: BiljetReden| BiljetFout {
            deelnemer: b.deelnemer.clone(),
            field,
            reason,
        };
        if !self.ronde.is_participant(&b.deelnemer) {
            return Err(fail(
                "participant",
                BiljetReden::UnknownParticipant(b.deelnemer.clone()),
            ));
        }
        check_keuze(&self.ronde, &b.keuze).map_err(|(field, reason)| fail(field, reason))?;
        match (self.current_of(&b.deelnemer), b.replaces) {
            (Some(_), false) => Err(fail("replace", BiljetReden::AlreadyVoted)),
            (None, true) => Err(fail("replace", BiljetReden::NothingToReplace)),
            _ => Ok(()),
        }
    }

    /// Accepts `b` if it passes [`Stembus::check`]; a replacing ballot marks the participant's
    /// earlier one as replaced.
    pub fn add(&mut self, b: Stembiljet) -> Result<(), BiljetFout> {
        self.check(&b)?;
        if let Some(i) = self.current_of(&b.deelnemer) {
            self.history[i].replaced = true;
        }
        self.history.push(Ingediend {
            seq: self.history.len() + 1,
            biljet: b,
            replaced: false,
        });
        Ok(())
    }
}

fn first_duplicate(ids: &[Id]) -> Option<&Id> {
    let mut seen = HashSet::new();
    ids.iter().find(|id| !seen.insert(*id))
}

fn check_keuze(ronde: &Ronde, keuze: &Keuze) -> Result<(), (&'static str, BiljetReden)> {
    let field = keuze.field();
    let wrong = || {
        (
            field,
            BiljetReden::WrongKind {
                expected: ronde.kind().to_string(),
                got: field,
            },
        )
    };
    let candidates = |ids: &[Id]| {
        if let Some(k) = ids.iter().find(|k| !ronde.is_candidate(k)) {
            return Err((field, BiljetReden::UnknownCandidate(k.clone())));
        }
        if let Some(k) = first_duplicate(ids) {
            return Err((field, BiljetReden::Duplicate(k.clone())));
        }
        Ok(())
    };
    match (ronde.kind(), keuze) {
        (StemSoort::TopN { n, .. }, Keuze::Top(ids)) => {
            if ids.is_empty() {
                return Err((field, BiljetReden::Empty));
            }
            candidates(ids)?;
            if ids.len() > n {
                return Err((field, BiljetReden::TooMany { n, got: ids.len() }));
            }
            Ok(())
        }
        (StemSoort::Rangorde, Keuze::Rangorde(ids)) => {
            candidates(ids)?;
            let missing: Vec<String> = ronde
                .kandidaten()
                .iter()
                .filter(|k| !ids.contains(k))
                .map(|k| format!("'{k}'"))
                .collect();
            if !missing.is_empty() {
                return Err((
                    field,
                    BiljetReden::NotAPermutation {
                        expected: ronde.kandidaten().len(),
                        detail: format!("missing {}", missing.join(", ")),
                    },
                ));
            }
            Ok(())
        }
        (StemSoort::Scores { scale }, Keuze::Scores(scores)) => {
            let mut seen: BTreeMap<(&Id, &Id), ()> = BTreeMap::new();
            for s in scores {
                if !ronde.is_candidate(&s.kandidaat) {
                    return Err((field, BiljetReden::UnknownCandidate(s.kandidaat.clone())));
                }
                if !ronde.criteria().iter().any(|c| c.id == s.criterium) {
                    return Err((field, BiljetReden::UnknownCriterion(s.criterium.clone())));
                }
                if !scale.contains(s.score) {
                    return Err((
                        field,
                        BiljetReden::OutOfScale {
                            kandidaat: s.kandidaat.clone(),
                            criterium: s.criterium.clone(),
                            score: s.score,
                            min: scale.min,
                            max: scale.max,
                        },
                    ));
                }
                if seen.insert((&s.kandidaat, &s.criterium), ()).is_some() {
                    return Err((
                        field,
                        BiljetReden::DuplicateScore {
                            kandidaat: s.kandidaat.clone(),
                            criterium: s.criterium.clone(),
                        },
                    ));
                }
            }
            for k in ronde.kandidaten() {
                for c in ronde.criteria() {
                    if !seen.contains_key(&(k, &c.id)) {
                        return Err((
                            field,
                            BiljetReden::MissingScore {
                                kandidaat: k.clone(),
                                criterium: c.id.clone(),
                            },
                        ));
                    }
                }
            }
            Ok(())
        }
        _ => Err(wrong()),
    }
}
