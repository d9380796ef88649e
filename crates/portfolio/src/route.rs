//! Financing routes: which instruments fit an innovation now, and which come next as it
//! matures along the TRLs — the "doorgeleiden van instrument naar instrument" of the KIA.

use serde::Serialize;

use gemeten_domain::{Instrument, Register};

use crate::PijplijnItem;

#[derive(Debug, Clone, Serialize)]
pub struct Route<'a> {
    pub item: PijplijnItem,
    /// Instruments that fit the item's missions, readiness and kind of organisation now.
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
            }),
            (Some(trl), Some(range)) if range.min() > trl => next.push(RouteStap {
                instrument: i,
                reason: format!("vanaf TRL {}", range.min()),
            }),
            (Some(_), Some(_)) => {}
            (_, None) if fits_brl(i) => now.push(RouteStap {
                instrument: i,
                reason: "missie past; TRL-bereik van het instrument onbekend".into(),
            }),
            (None, Some(range)) => now.push(RouteStap {
                instrument: i,
                reason: format!(
                    "missie past; TRL {}-{} (TRL van de innovatie onbekend)",
                    range.min(),
                    range.max()
                ),
            }),
            _ => {}
        }
    }
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
