//! The search's view model: what `/zoeken` shows and `GET /api/v1/zoeken` gives, built by
//! one function from the index, so the page's counts and the API's agree.

use std::collections::BTreeMap;

use serde::Serialize;

use gemeten_domain::Lang;
use gemeten_zoek::{Soort, StukTreffer, Stukindex};

use crate::error::ApiError;
use crate::zoeken::{href, intern};
use crate::AppState;

/// A hit: the index's hit and the address of its page.
#[derive(Serialize)]
pub(crate) struct Treffer {
    #[serde(flatten)]
    pub hit: StukTreffer,
    pub href: String,
}

/// The hits of one kind, as the page groups them.
pub(crate) struct Groep {
    pub soort: Soort,
    pub total: usize,
    /// More than `total` of this kind match (counted up to the bound).
    pub meer_dan: bool,
    pub hits: Vec<Treffer>,
}

#[derive(Serialize)]
pub(crate) struct Zoekuitslag {
    pub q: String,
    pub soort: Option<Soort>,
    /// How many pieces match (of the chosen kind, or of all): exact, or with
    /// `total_meer_dan` a lower bound.
    pub total: usize,
    /// More than `total` pieces match: a kind was counted up to `telgrens` only.
    pub total_meer_dan: bool,
    /// How many pieces of each kind match, whatever the chosen kind: exact up to
    /// `telgrens`; a kind with more has `telgrens` here and `true` in `per_soort_meer_dan`.
    pub per_soort: BTreeMap<&'static str, usize>,
    /// Per kind: more than `per_soort` pieces of it match.
    pub per_soort_meer_dan: BTreeMap<&'static str, bool>,
    /// Up to how many matches per kind are counted exactly.
    pub telgrens: usize,
    /// The best hits over all kinds (or the chosen one).
    pub hits: Vec<Treffer>,
    /// The best hits per kind with matches (the chosen one only, with a kind): the page's
    /// groups.
    #[serde(skip)]
    pub groepen: Vec<Groep>,
}

/// The search for `q` (of kind `soort`), its words stemmed as words of `taal` (the page's
/// language): the best `limiet` hits over the kinds, and the best `per_groep` of each kind
/// (none with 0: the API does not show groups, the page no list).
pub(crate) fn zoek(
    state: &AppState,
    index: &Stukindex,
    q: String,
    taal: Lang,
    soort: Option<Soort>,
    limiet: usize,
    per_groep: usize,
) -> Result<Zoekuitslag, ApiError> {
    let treffers = |hits: Vec<StukTreffer>| -> Vec<Treffer> {
        hits.into_iter()
            .map(|hit| Treffer {
                href: href(&state.register, hit.soort, &hit.id),
                hit,
            })
            .collect()
    };
    // The counts per kind (matched, not scored), the best overall and per kind (top-k).
    let g = index
        .zoek(&q, taal, soort, limiet, per_groep)
        .map_err(intern)?;
    let per_soort = Soort::ALL
        .into_iter()
        .zip(g.per_soort)
        .map(|(k, n)| (k.code(), n))
        .collect();
    let per_soort_meer_dan = Soort::ALL
        .into_iter()
        .zip(g.meer_dan)
        .map(|(k, m)| (k.code(), m))
        .collect();
    let groepen = g
        .groepen
        .into_iter()
        .map(|(k, hits)| {
            let i = Soort::ALL.iter().position(|s| *s == k).unwrap_or_default();
            Groep {
                soort: k,
                total: g.per_soort[i],
                meer_dan: g.meer_dan[i],
                hits: treffers(hits),
            }
        })
        .collect();
    Ok(Zoekuitslag {
        total: g.total,
        total_meer_dan: g.total_meer_dan,
        per_soort_meer_dan,
        telgrens: index.telgrens(),
        hits: treffers(g.hits),
        q,
        soort,
        per_soort,
        groepen,
    })
}
