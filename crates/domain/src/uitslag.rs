//! The result of a prioritisation round as a value: the method ([`Methode`], with its names and
//! what its score means), the full order with scores and explicit ties, the winners, the
//! agreement between ballots, and a fingerprint that lets anyone check that a stored result is
//! what it was when computed.
//!
//! Here, not in `gemeten-prioritering`, because the store persists results and knows no
//! computing crate; computing a result and checking it against the ballots (`verify`) stay
//! there.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ronde::StemSoort;
use crate::Id;

/// An aggregation method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Methode {
    /// Number of ballots naming the candidate (top-N ballots).
    Approval,
    /// Sum of Borda points (`m - midrank`) over the ballots.
    Borda,
    /// Mean over ballots of the weighted mean criterion rating (rating ballots).
    Mean,
    /// Median of the ballot scores, with the quartiles and the interquartile range.
    Median,
}

impl Methode {
    pub const ALL: [Methode; 4] = [
        Methode::Approval,
        Methode::Borda,
        Methode::Mean,
        Methode::Median,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Methode::Approval => "approval",
            Methode::Borda => "borda",
            Methode::Mean => "mean",
            Methode::Median => "median",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Methode::Approval => "Aantal stemmen (approval)",
            Methode::Borda => "Borda-telling",
            Methode::Mean => "Gewogen gemiddelde score",
            Methode::Median => "Mediaan met interkwartielafstand",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Methode::Approval => "Approval count",
            Methode::Borda => "Borda count",
            Methode::Mean => "Weighted mean rating",
            Methode::Median => "Median with interquartile range",
        }
    }

    /// Whether the method can be computed from ballots of this kind, and if not, why not.
    pub fn not_applicable(self, kind: StemSoort) -> Option<&'static str> {
        match (self, kind) {
            (Methode::Approval, StemSoort::TopN { .. }) => None,
            (Methode::Approval, _) => Some("approval counts need top-N ballots"),
            (Methode::Mean, StemSoort::Scores { .. }) => None,
            (Methode::Mean, _) => Some("a mean rating needs rating ballots"),
            _ => None,
        }
    }

    /// What the score of this method means for ballots of this kind.
    pub fn convention(self, kind: StemSoort) -> &'static str {
        match (self, kind) {
            (Methode::Approval, _) => "number of ballots that name the candidate",
            (Methode::Borda, StemSoort::TopN { ordered: true, .. }) => {
                "Borda points m-1-i for the i-th named candidate (0-based); the unnamed share the remaining points equally"
            }
            (Methode::Borda, StemSoort::TopN { ordered: false, .. }) => {
                "Borda points for a partial ranking: the k named tie for places 1..k, the unnamed for k+1..m; points = m - midrank"
            }
            (Methode::Borda, StemSoort::Rangorde) => "Borda points m-1 for first place down to 0 for last",
            (Methode::Borda, StemSoort::Scores { .. }) => {
                "Borda points from each ballot's order by weighted mean rating (ties share); points = m - midrank"
            }
            (Methode::Mean, _) => "mean over ballots of the weighted mean of the criterion ratings",
            (Methode::Median, StemSoort::Scores { .. }) => {
                "median over ballots of the weighted mean rating; quartiles by linear interpolation (type 7)"
            }
            (Methode::Median, _) => {
                "median over ballots of the Borda points; quartiles by linear interpolation (type 7)"
            }
        }
    }
}

impl Methode {
    /// [`Methode::not_applicable`] in Dutch.
    pub fn not_applicable_nl(self, kind: StemSoort) -> Option<&'static str> {
        self.not_applicable(kind).map(|_| match self {
            Methode::Approval => "stemaantallen vragen om top-N-stembiljetten",
            _ => "een gemiddelde score vraagt om stembiljetten met scores",
        })
    }

    /// [`Methode::convention`] in Dutch.
    pub fn convention_nl(self, kind: StemSoort) -> &'static str {
        match (self, kind) {
            (Methode::Approval, _) => "aantal stembiljetten dat de kandidaat noemt",
            (Methode::Borda, StemSoort::TopN { ordered: true, .. }) => {
                "Borda-punten m-1-i voor de i-de genoemde (vanaf 0); de niet-genoemden delen de overige punten gelijk"
            }
            (Methode::Borda, StemSoort::TopN { ordered: false, .. }) => {
                "Borda-punten voor een gedeeltelijke rangorde: de k genoemden delen plaats 1..k, de overigen k+1..m; punten = m - middenrang"
            }
            (Methode::Borda, StemSoort::Rangorde) => "Borda-punten: m-1 voor de eerste plaats tot 0 voor de laatste",
            (Methode::Borda, StemSoort::Scores { .. }) => {
                "Borda-punten uit de volgorde van elk stembiljet naar gewogen gemiddelde score (gelijken delen); punten = m - middenrang"
            }
            (Methode::Mean, _) => "gemiddelde over de stembiljetten van het gewogen gemiddelde van de criteriumscores",
            (Methode::Median, StemSoort::Scores { .. }) => {
                "mediaan over de stembiljetten van de gewogen gemiddelde score; kwartielen met lineaire interpolatie (type 7)"
            }
            (Methode::Median, _) => {
                "mediaan over de stembiljetten van de Borda-punten; kwartielen met lineaire interpolatie (type 7)"
            }
        }
    }
}

impl fmt::Display for Methode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Methode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Methode::ALL
            .into_iter()
            .find(|m| m.code() == s.trim().to_lowercase())
            .ok_or_else(|| {
                format!("unknown method '{s}' (expected one of: approval, borda, mean, median)")
            })
    }
}

/// One candidate's place in a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plaats {
    /// Competition rank: 1 + the number of candidates with a strictly higher score, so tied
    /// candidates share a rank and the next rank is skipped (1, 1, 3).
    pub rank: usize,
    pub kandidaat: Id,
    pub score: f64,
    /// Shares its score (and rank) with at least one other candidate.
    pub tied: bool,
    /// Quartiles of the ballot scores (median method only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<Spreiding>,
}

/// The spread of a candidate's ballot scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spreiding {
    pub q1: f64,
    pub q3: f64,
    pub iqr: f64,
}

/// Kendall's coefficient of concordance with its ingredients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KendallW {
    /// Corrected for ties; 0 = no agreement, 1 = all ballots order the candidates alike.
    pub w: f64,
    /// Ballots (m).
    pub raters: usize,
    /// Candidates (n).
    pub objects: usize,
    /// Sum of squared deviations of the rank sums from their mean.
    pub s: f64,
    /// Σ(t³ - t) over the tie groups of all ballots.
    pub ties: f64,
}

/// How many ballots name a winner (top-N rounds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Steun {
    pub kandidaat: Id,
    pub ballots: usize,
    /// `ballots` / number of counted ballots.
    pub share: f64,
}

/// Agreement between the counted ballots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overeenstemming {
    /// For ranking and rating ballots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kendall_w: Option<KendallW>,
    /// Why W is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kendall_w_note: Option<String>,
    /// For top-N ballots: the share of ballots that name each winner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub winner_support: Vec<Steun>,
}

/// The result of one method for one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Uitslag {
    pub ronde: Id,
    pub methode: Methode,
    /// Ballots counted (the latest of each participant).
    pub ballots: usize,
    /// Ballots in the history that a later ballot replaced (not counted).
    pub replaced: usize,
    /// Computed from illustrative ballots (made up, not cast): never a real outcome.
    pub illustratief: bool,
    /// How many candidates the round selects.
    pub seats: usize,
    /// What the score means.
    pub convention: String,
    /// Why this method gives no result for this round (then `ranking` is empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    /// Every candidate, best first.
    pub ranking: Vec<Plaats>,
    /// Candidates ranked within the seats; more than `seats` when a tie straddles the cut.
    pub winners: Vec<Id>,
    pub tie_at_cutoff: bool,
    pub agreement: Overeenstemming,
    /// `fnv1a64:` + 16 hex digits of the result's JSON without this field.
    pub fingerprint: String,
}

/// 64-bit FNV-1a: small, fast and stable across platforms and versions. It detects changes,
/// not forgery; nothing here needs more.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Uitslag {
    /// The fingerprint of the content: the compact JSON of the result (fields in declaration
    /// order, as serde writes them) with an empty `fingerprint`.
    pub fn compute_fingerprint(&self) -> String {
        let mut copy = self.clone();
        copy.fingerprint = String::new();
        let json = serde_json::to_vec(&copy).expect("a result always serialises");
        format!("fnv1a64:{:016x}", fnv1a64(&json))
    }

    /// The place of a candidate.
    pub fn plaats(&self, kandidaat: &Id) -> Option<&Plaats> {
        self.ranking.iter().find(|p| &p.kandidaat == kandidaat)
    }
}

#[cfg(test)]
mod tests {
    use super::fnv1a64;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        // From the FNV reference test suite (Fowler/Noll/Vo, fnv_test.c, FNV-1a 64-bit).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
