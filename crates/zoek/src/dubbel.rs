//! Near-duplicate projects: the same work registered with several funders, or twice with
//! one. MinHash signatures over word-pair shingles of the stemmed title and summary,
//! banded (locality-sensitive hashing) so that only likely pairs are compared, then the
//! exact Jaccard similarity of the shingle sets decides.
//!
//! Written here rather than taken from a crate: it is a few dozen lines of arithmetic that
//! must share the stemming of the rest of this crate, and the MinHash crates on crates.io
//! are either unmaintained or pull in a numeric stack this workspace does not need.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

use gemeten_domain::{Id, Project};

use crate::taal::{analyzer, stems};
use gemeten_domain::Lang;

const BANDS: usize = 20;
const ROWS: usize = 4;
const HASHES: usize = BANDS * ROWS;
/// Buckets larger than this hold boilerplate shared by many projects, not duplicates.
const MAX_BUCKET: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicaat {
    pub a: Id,
    pub b: Id,
    pub funder_a: String,
    pub funder_b: String,
    /// Jaccard similarity of the two projects' shingle sets, in [0, 1].
    pub similarity: f32,
}

fn hash64<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// SplitMix64: turns one shingle hash into the i-th of the independent hash values.
fn mix(x: u64, i: u64) -> u64 {
    let mut z = x ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn shingles(analyzer: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> Vec<u64> {
    let s = stems(analyzer, text);
    let mut out: Vec<u64> = if s.len() < 2 {
        s.iter().map(hash64).collect()
    } else {
        s.windows(2).map(hash64).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f32 / union as f32
    }
}

/// Each project's shingle set and the hash of each band of its MinHash signature.
fn signatures(projects: &[Project]) -> Vec<(Vec<u64>, [u64; BANDS])> {
    let mut analyzer = analyzer(Lang::Nl);
    projects
        .iter()
        .map(|p| {
            let set = shingles(&mut analyzer, &p.text());
            let mut sig = [u64::MAX; HASHES];
            for &x in &set {
                for (i, s) in sig.iter_mut().enumerate() {
                    *s = (*s).min(mix(x, i as u64));
                }
            }
            let mut bands = [0u64; BANDS];
            for (b, rows) in sig.chunks(ROWS).enumerate() {
                bands[b] = hash64(rows);
            }
            (set, bands)
        })
        .collect()
}

/// Pairs of projects whose text is at least `threshold` similar (Jaccard), best first.
/// With `across_funders`, only pairs registered by different funders.
pub fn near_duplicates(
    projects: &[Project],
    threshold: f32,
    across_funders: bool,
) -> Vec<Duplicaat> {
    // Shingles and signatures per project are independent: computed on all cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = projects.len().div_ceil(threads).max(1);
    let parts: Vec<Vec<(Vec<u64>, [u64; BANDS])>> = std::thread::scope(|scope| {
        let handles: Vec<_> = projects
            .chunks(chunk)
            .map(|part| scope.spawn(move || signatures(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut sets = Vec::with_capacity(projects.len());
    let mut buckets: HashMap<(usize, u64), Vec<u32>> = HashMap::new();
    for (set, bands) in parts.into_iter().flatten() {
        let n = sets.len() as u32;
        if !set.is_empty() {
            for (band, key) in bands.iter().enumerate() {
                buckets.entry((band, *key)).or_default().push(n);
            }
        }
        sets.push(set);
    }
    let mut pairs: Vec<(u32, u32)> = buckets
        .into_values()
        .filter(|b| b.len() > 1 && b.len() <= MAX_BUCKET)
        .flat_map(|b| {
            let mut v = Vec::new();
            for i in 0..b.len() {
                for j in i + 1..b.len() {
                    v.push((b[i].min(b[j]), b[i].max(b[j])));
                }
            }
            v
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut out: Vec<Duplicaat> = pairs
        .into_iter()
        .filter_map(|(i, j)| {
            let (a, b) = (&projects[i as usize], &projects[j as usize]);
            if across_funders && a.funder == b.funder {
                return None;
            }
            let similarity = jaccard(&sets[i as usize], &sets[j as usize]);
            (similarity >= threshold).then(|| Duplicaat {
                a: a.id.clone(),
                b: b.id.clone(),
                funder_a: a.funder.to_string(),
                funder_b: b.funder.to_string(),
                similarity,
            })
        })
        .collect();
    out.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_of_sets() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[1], &[1]), 1.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }
}
