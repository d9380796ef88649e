//! The result of a method: the full order with scores and explicit ties, the winners, the
//! agreement between ballots, and a fingerprint that lets anyone check that a stored result
//! is what the stored ballots give.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use gemeten_domain::Id;

use crate::{Methode, Stembus};

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

/// Why a stored result does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Afwijking {
    #[error("round '{ronde}', method {methode}: the stored result was changed after it was computed (fingerprint {stored}, content gives {actual})")]
    Changed {
        ronde: String,
        methode: Methode,
        stored: String,
        actual: String,
    },
    #[error("round '{ronde}', method {methode}: the ballots now give another result (stored {stored}, recomputed {recomputed})")]
    Differs {
        ronde: String,
        methode: Methode,
        stored: String,
        recomputed: String,
    },
}

/// Recomputes `stored` from the ballots in `bus` and checks that nothing differs: the stored
/// result still matches its own fingerprint, and the ballots give the same result.
pub fn verify(bus: &Stembus, stored: &Uitslag) -> Result<(), Afwijking> {
    let actual = stored.compute_fingerprint();
    if actual != stored.fingerprint {
        return Err(Afwijking::Changed {
            ronde: stored.ronde.to_string(),
            methode: stored.methode,
            stored: stored.fingerprint.clone(),
            actual,
        });
    }
    let again = crate::uitslag(bus, stored.methode);
    if &again != stored {
        return Err(Afwijking::Differs {
            ronde: stored.ronde.to_string(),
            methode: stored.methode,
            stored: stored.fingerprint.clone(),
            recomputed: again.fingerprint,
        });
    }
    Ok(())
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
