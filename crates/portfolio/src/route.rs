//! Financing routes: which instruments fit an innovation now, and which come next as it
//! matures along the TRLs — the "doorgeleiden van instrument naar instrument" of the KIA.

use serde::Serialize;

use gemeten_domain::{Instrument, Register};

use crate::PijplijnItem;

#[derive(Debug, Clone, Serialize)]
pub struct Route<'a> {
    pub item: PijplijnItem,
    /// Instruments that fit the item's missions, readiness and kind of organisation now,
    /// the best fits first (see [`Pasvorm`]).
    pub now: Vec<RouteStap<'a>>,
    /// Instruments for a later stage, in the order the item would meet them.
    pub next: Vec<RouteStap<'a>>,
    /// What would make the route sharper (unknown TRL, BRL or lead organisation).
    pub unknowns: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteStap<'a> {
    pub instrument: &'a Instrument,
    /// Why it fits or why it is next.
    pub reason: String,
    /// How closely it fits: what `now` is ranked by.
    pub fit: Pasvorm,
}

/// How closely an instrument fits an item, from what both are known to be. An instrument
/// that the sources say little about is never excluded, but it ranks below one that is
/// known to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pasvorm {
    /// The item's TRL is known and inside the instrument's known TRL range.
    pub trl_known_fit: bool,
    /// The instrument names the kinds of organisation it admits, and the item's lead is one.
    pub lead_known_fit: bool,
    /// The item's BRL is known and inside the instrument's known BRL range.
    pub brl_known_fit: bool,
    /// The item's missions that the instrument serves.
    pub shared_missions: usize,
    /// The missions the instrument serves in all: fewer is more focused.
    pub instrument_missions: usize,
    /// The number of TRLs the instrument's range spans, when known: fewer is more targeted.
    pub trl_span: Option<u8>,
}

impl Pasvorm {
    fn of(i: &Instrument, item: &PijplijnItem) -> Pasvorm {
        Pasvorm {
            trl_known_fit: matches!((item.trl, i.trl), (Some(t), Some(r)) if r.contains(t)),
            lead_known_fit: !i.eligible.is_empty()
                && item.lead_kind.is_some_and(|k| i.eligible.contains(&k)),
            brl_known_fit: matches!((item.brl, i.brl), (Some(b), Some((lo, hi))) if lo <= b && b <= hi),
            shared_missions: i
                .missies
                .iter()
                .filter(|m| item.missies.contains(m))
                .count(),
            instrument_missions: i.missies.len(),
            trl_span: i.trl.map(|r| r.max().get() - r.min().get() + 1),
        }
    }

    /// The order of `now`: a greater key fits better. Known fits first (TRL, then lead
    /// organisation, then BRL), then more of the item's missions, then the more focused
    /// instrument (fewer missions, a narrower TRL range).
    pub fn key(&self) -> impl Ord {
        (
            self.trl_known_fit,
            self.lead_known_fit,
            self.brl_known_fit,
            self.shared_missions,
            std::cmp::Reverse(self.instrument_missions),
            std::cmp::Reverse(self.trl_span.unwrap_or(u8::MAX)),
        )
    }
}

/// The financing route of one item over the register's instruments.
pub fn route<'a>(register: &'a Register, item: PijplijnItem) -> Route<'a> {
    let serves = |i: &Instrument| i.missies.iter().any(|m| item.missies.contains(m));
    let admits = |i: &Instrument| item.lead_kind.is_none_or(|k| i.admits(k));
    let fits_brl = |i: &Instrument| item.brl.is_none_or(|b| i.fits_brl(b));
    let mut now = Vec::new();
    let mut next = Vec::new();
    for i in &register.parts().instrument {
        if !serves(i) || !admits(i) {
            continue;
        }
        match (item.trl, i.trl) {
            (Some(trl), Some(range)) if range.contains(trl) && fits_brl(i) => now.push(RouteStap {
                instrument: i,
                reason: format!("TRL {trl} valt binnen {}-{}", range.min(), range.max()),
                fit: Pasvorm::of(i, &item),
            }),
            (Some(trl), Some(range)) if range.min() > trl => next.push(RouteStap {
                instrument: i,
                reason: format!("vanaf TRL {}", range.min()),
                fit: Pasvorm::of(i, &item),
            }),
            (Some(_), Some(_)) => {}
            (_, None) if fits_brl(i) => now.push(RouteStap {
                instrument: i,
                reason: "missie past; TRL-bereik van het instrument onbekend".into(),
                fit: Pasvorm::of(i, &item),
            }),
            (None, Some(range)) => now.push(RouteStap {
                instrument: i,
                reason: format!(
                    "missie past; TRL {}-{} (TRL van de innovatie onbekend)",
                    range.min(),
                    range.max()
                ),
                fit: Pasvorm::of(i, &item),
            }),
            _ => {}
        }
    }
    // Stable: equal fits keep the register's order.
    now.sort_by_key(|s| std::cmp::Reverse(s.fit.key()));
    next.sort_by_key(|s| s.instrument.trl.map(|r| (r.min(), r.max())));
    let mut unknowns = Vec::new();
    if item.trl.is_none() {
        unknowns.push("trl");
    }
    if item.brl.is_none() {
        unknowns.push("brl");
    }
    if item.lead_kind.is_none() {
        unknowns.push("lead_kind");
    }
    Route {
        item,
        now,
        next,
        unknowns,
    }
}
