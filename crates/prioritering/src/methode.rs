//! Aggregation: from the counted ballots of a round to an ordered result per method, and the
//! agreement between the ballots.
//!
//! Every ballot is first turned into *midranks* (1 = best; tied candidates share the mean of
//! the places they occupy) and a *ballot score* per candidate:
//!
//! | ballot | ballot score | midranks |
//! |---|---|---|
//! | ranking | Borda points `m-1, m-2, …, 0` | position |
//! | ordered top-N, `k` named | named at position `i`: `m-1-i`; unnamed share `(m-k-1)/2` | named by position, unnamed tie for places `k+1..m` |
//! | unordered top-N, `k` named | named share `m-(k+1)/2`; unnamed share `(m-k-1)/2` | named tie for places `1..k`, unnamed for `k+1..m` |
//! | ratings | weighted mean of the candidate's criterion ratings | by that mean, ties averaged |
//!
//! So Borda points are always `m - midrank`: a partial ranking (top-N) is completed by letting
//! the unnamed candidates tie for the remaining places, which keeps every ballot's total at
//! `m(m-1)/2` points. Ballots are taken in participant order, so results do not depend on the
//! order ballots were cast (sums of floating-point means would otherwise differ in the last
//! bit).

use gemeten_domain::Id;

use crate::{
    KendallW, Keuze, Methode, Overeenstemming, Plaats, Ronde, Spreiding, StemSoort, Stembiljet,
    Stembus, Steun, Uitslag,
};

/// Scores closer than this (relative) are equal: means of the same ratings summed in another
/// order differ only in the last bits.
const EPS: f64 = 1e-9;

pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= EPS * a.abs().max(b.abs()).max(1.0)
}

/// One counted ballot, turned into numbers per candidate (in the round's candidate order).
struct Rij {
    /// 1 = best; ties share the mean place.
    midranks: Vec<f64>,
    /// The method-neutral score of the ballot: Borda points or weighted mean rating.
    score: Vec<f64>,
    /// Named on a top-N ballot.
    named: Vec<bool>,
}

/// Midranks of `values` where higher is better: 1 + the number strictly better + half the
/// number of others that are equal.
pub(crate) fn midranks(values: &[f64]) -> Vec<f64> {
    values
        .iter()
        .map(|&v| {
            let better = values.iter().filter(|&&o| o > v && !same(o, v)).count();
            let equal = values.iter().filter(|&&o| same(o, v)).count();
            better as f64 + (equal as f64 + 1.0) / 2.0
        })
        .collect()
}

/// Sum over tie groups of `t^3 - t` (`t` = number of tied places), for Kendall's W.
pub(crate) fn tie_term(midranks: &[f64]) -> f64 {
    let mut sorted = midranks.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut total = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i + 1;
        while j < sorted.len() && same(sorted[j], sorted[i]) {
            j += 1;
        }
        let t = (j - i) as f64;
        total += t * t * t - t;
        i = j;
    }
    total
}

fn rij(ronde: &Ronde, keuze: &Keuze) -> Rij {
    let kandidaten = ronde.kandidaten();
    let m = kandidaten.len();
    let position = |ids: &[Id], k: &Id| ids.iter().position(|x| x == k);
    let raw: Vec<f64> = match (keuze, ronde.kind()) {
        (Keuze::Top(ids), StemSoort::TopN { ordered, .. }) => kandidaten
            .iter()
            .map(|k| match position(ids, k) {
                Some(i) if ordered => (m - 1 - i) as f64,
                Some(_) => 1.0,
                None => -1.0,
            })
            .collect(),
        (Keuze::Rangorde(ids), _) => kandidaten
            .iter()
            .map(|k| position(ids, k).map_or(-1.0, |i| (m - 1 - i) as f64))
            .collect(),
        (Keuze::Scores(scores), _) => {
            let weights = ronde.weights();
            let total: f64 = weights.iter().sum();
            kandidaten
                .iter()
                .map(|k| {
                    ronde
                        .criteria()
                        .iter()
                        .zip(&weights)
                        .map(|(c, w)| {
                            let s = scores
                                .iter()
                                .find(|s| &s.kandidaat == k && s.criterium == c.id)
                                .map_or(0, |s| s.score);
                            w * s as f64
                        })
                        .sum::<f64>()
                        / total
                })
                .collect()
        }
        // A ballot of another kind cannot be in a checked ballot box.
        _ => vec![0.0; m],
    };
    let midranks = midranks(&raw);
    let named = match keuze {
        Keuze::Top(ids) => kandidaten.iter().map(|k| ids.contains(k)).collect(),
        _ => vec![false; m],
    };
    let score = match keuze {
        Keuze::Scores(_) => raw,
        _ => midranks.iter().map(|r| m as f64 - r).collect(),
    };
    Rij {
        midranks,
        score,
        named,
    }
}

/// Quantile by linear interpolation between order statistics (Hyndman & Fan type 7, the
/// default of R and numpy): `h = (N-1)p`.
pub(crate) fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Orders candidates by score (highest first; equal scores by id) and gives competition
/// ranks: 1 + the number of candidates with a strictly higher score.
fn order(kandidaten: &[Id], scores: &[f64], spread: Option<Vec<Spreiding>>) -> Vec<Plaats> {
    let mut idx: Vec<usize> = (0..kandidaten.len()).collect();
    idx.sort_by(|&a, &b| {
        if same(scores[a], scores[b]) {
            kandidaten[a].cmp(&kandidaten[b])
        } else {
            scores[b].total_cmp(&scores[a])
        }
    });
    idx.iter()
        .map(|&i| {
            let better = scores
                .iter()
                .filter(|&&o| o > scores[i] && !same(o, scores[i]))
                .count();
            let equal = scores.iter().filter(|&&o| same(o, scores[i])).count();
            Plaats {
                rank: better + 1,
                kandidaat: kandidaten[i].clone(),
                score: scores[i],
                tied: equal > 1,
                spread: spread.as_ref().map(|s| s[i]),
            }
        })
        .collect()
}

fn kendall_w(rows: &[Rij], n: usize) -> Result<KendallW, &'static str> {
    let m = rows.len();
    if m < 2 {
        return Err("Kendall's W needs at least two ballots");
    }
    if n < 2 {
        return Err("Kendall's W needs at least two candidates");
    }
    let sums: Vec<f64> = (0..n)
        .map(|j| rows.iter().map(|r| r.midranks[j]).sum())
        .collect();
    let mean = m as f64 * (n as f64 + 1.0) / 2.0;
    let s: f64 = sums.iter().map(|r| (r - mean).powi(2)).sum();
    let ties: f64 = rows.iter().map(|r| tie_term(&r.midranks)).sum();
    let (mf, nf) = (m as f64, n as f64);
    let denominator = mf * mf * (nf.powi(3) - nf) - mf * ties;
    if denominator <= 0.0 {
        return Err("every ballot ties all candidates, so agreement is undefined");
    }
    Ok(KendallW {
        w: (12.0 * s / denominator).clamp(0.0, 1.0),
        raters: m,
        objects: n,
        s,
        ties,
    })
}

/// Computes the result of `methode` for the ballots that count in `bus`.
pub fn uitslag(bus: &Stembus, methode: Methode) -> Uitslag {
    let ronde = bus.ronde();
    let kandidaten = ronde.kandidaten();
    let n = kandidaten.len();
    let mut counted: Vec<&Stembiljet> = bus.counted();
    counted.sort_by(|a, b| a.deelnemer.cmp(&b.deelnemer));
    let rows: Vec<Rij> = counted.iter().map(|b| rij(ronde, &b.keuze)).collect();
    let replaced = bus.history().len() - counted.len();

    let not_applicable = methode
        .not_applicable(ronde.kind())
        .map(str::to_owned)
        .or_else(|| rows.is_empty().then(|| "no ballots yet".to_owned()));

    let ranking = if not_applicable.is_some() {
        Vec::new()
    } else {
        match methode {
            Methode::Approval => {
                let counts: Vec<f64> = (0..n)
                    .map(|j| rows.iter().filter(|r| r.named[j]).count() as f64)
                    .collect();
                order(kandidaten, &counts, None)
            }
            Methode::Borda => {
                let points: Vec<f64> = (0..n)
                    .map(|j| rows.iter().map(|r| n as f64 - r.midranks[j]).sum())
                    .collect();
                order(kandidaten, &points, None)
            }
            Methode::Mean => {
                let means: Vec<f64> = (0..n)
                    .map(|j| rows.iter().map(|r| r.score[j]).sum::<f64>() / rows.len() as f64)
                    .collect();
                order(kandidaten, &means, None)
            }
            Methode::Median => {
                let mut medians = Vec::with_capacity(n);
                let mut spreads = Vec::with_capacity(n);
                for j in 0..n {
                    let mut v: Vec<f64> = rows.iter().map(|r| r.score[j]).collect();
                    v.sort_by(f64::total_cmp);
                    let (q1, q3) = (quantile(&v, 0.25), quantile(&v, 0.75));
                    medians.push(quantile(&v, 0.5));
                    spreads.push(Spreiding {
                        q1,
                        q3,
                        iqr: q3 - q1,
                    });
                }
                order(kandidaten, &medians, Some(spreads))
            }
        }
    };

    let seats = ronde.seats();
    let winners: Vec<Id> = ranking
        .iter()
        .filter(|p| p.rank <= seats)
        .map(|p| p.kandidaat.clone())
        .collect();
    let tie_at_cutoff = winners.len() > seats;

    let mut agreement = Overeenstemming::default();
    match ronde.kind() {
        StemSoort::TopN { .. } => {
            agreement.kendall_w_note = Some(
                "not computed for top-N ballots; see the share of ballots naming each winner"
                    .into(),
            );
            if !rows.is_empty() {
                agreement.winner_support = winners
                    .iter()
                    .map(|w| {
                        let j = kandidaten.iter().position(|k| k == w).unwrap_or_default();
                        let count = rows.iter().filter(|r| r.named[j]).count();
                        Steun {
                            kandidaat: w.clone(),
                            ballots: count,
                            share: count as f64 / rows.len() as f64,
                        }
                    })
                    .collect();
            }
        }
        _ => match kendall_w(&rows, n) {
            Ok(w) => agreement.kendall_w = Some(w),
            Err(why) => agreement.kendall_w_note = Some(why.into()),
        },
    }

    let mut u = Uitslag {
        ronde: ronde.id().clone(),
        methode,
        ballots: rows.len(),
        replaced,
        illustratief: counted.iter().any(|b| b.illustratief),
        seats,
        convention: methode.convention(ronde.kind()).to_owned(),
        not_applicable,
        ranking,
        winners,
        tie_at_cutoff,
        agreement,
        fingerprint: String::new(),
    };
    u.fingerprint = u.compute_fingerprint();
    u
}

/// The result of every method, in the order of [`Methode::ALL`].
pub fn uitslagen(bus: &Stembus) -> Vec<Uitslag> {
    Methode::ALL.iter().map(|&m| uitslag(bus, m)).collect()
}

/// Kendall's coefficient of concordance with the correction for ties, for `m` raters who each
/// give a score per object (higher = better; equal scores tie):
/// `W = 12 S / (m²(n³ - n) - m Σ(t³ - t))`, where `S` is the sum of squared deviations of
/// the objects' rank sums from their mean `m(n+1)/2` and `t` runs over the tie groups of each
/// rater. `None` when fewer than two raters or objects, or when every rater ties everything.
pub fn kendall_w_of_scores(scores: &[Vec<f64>]) -> Option<KendallW> {
    let n = scores.first().map_or(0, Vec::len);
    let rows: Vec<Rij> = scores
        .iter()
        .map(|s| Rij {
            midranks: midranks(s),
            score: s.clone(),
            named: vec![false; s.len()],
        })
        .collect();
    kendall_w(&rows, n).ok()
}
