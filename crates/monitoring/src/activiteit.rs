//! Tracking the concrete activities of the KIA: status over time, an owner among the
//! initiators, milestones, evidence and a progress note per reporting period. The state of
//! an activity is the replay of its updates, oldest first; updates are never changed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use gemeten_domain::{Activiteit, ActiviteitStatus, Id, MissieCode, Register, Tekst};

use crate::{ActiviteitUpdate, Bewijs, Datum, GelogdeUpdate, PeriodeId, Probleem};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mijlpaal {
    pub title: Tekst,
    pub due: Datum,
    pub done: Option<Datum>,
}

impl Mijlpaal {
    /// Past its due date and not done.
    pub fn overdue(&self, today: Datum) -> bool {
        self.done.is_none() && self.due < today
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Voortgangsnotitie {
    pub period: PeriodeId,
    pub note: Tekst,
    pub by: String,
    pub at: String,
}

/// Where an activity stands after all its updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActiviteitStand {
    pub activiteit: Id,
    pub status: ActiviteitStatus,
    pub owner: Option<Id>,
    pub milestones: Vec<Mijlpaal>,
    pub evidence: Vec<Bewijs>,
    pub notes: Vec<Voortgangsnotitie>,
    pub history: Vec<GelogdeUpdate>,
}

impl ActiviteitStand {
    /// An activity nobody has updated yet: planned, without owner.
    pub fn nieuw(activiteit: Id) -> Self {
        ActiviteitStand {
            activiteit,
            status: ActiviteitStatus::Gepland,
            owner: None,
            milestones: Vec::new(),
            evidence: Vec::new(),
            notes: Vec::new(),
            history: Vec::new(),
        }
    }

    /// The state after replaying stored updates (which were checked when they were made).
    pub fn replay(activiteit: Id, history: Vec<GelogdeUpdate>) -> Self {
        let mut s = ActiviteitStand::nieuw(activiteit);
        for h in history {
            s.apply_unchecked(h);
        }
        s
    }

    /// Checks an update against the activity (owner among its initiators, known milestones,
    /// note with a period) and this state. Every problem is listed.
    pub fn check(
        &self,
        activiteit: &Activiteit,
        register: &Register,
        u: &ActiviteitUpdate,
    ) -> Result<(), Vec<Probleem>> {
        let rec = format!("activiteit '{}'", activiteit.id);
        let mut p = Vec::new();
        if *u == ActiviteitUpdate::default() {
            p.push(
                Probleem::new(
                    "de wijziging verandert niets: geef een status, een eigenaar, een notitie met \
                     haar periode, een mijlpaal, een gehaalde mijlpaal, bewijs of wat meetelt \
                     voor een toezegging (gemeten activity: --status, --owner, --note met \
                     --period, --milestone, --done, --evidence of --counts-toward)",
                    "the update changes nothing: give a status, an owner, a note with its \
                     period, a milestone, a milestone done, evidence or what counts toward a \
                     commitment (gemeten activity: --status, --owner, --note with --period, \
                     --milestone, --done, --evidence or --counts-toward)",
                )
                .record(&rec),
            );
        }
        if let Some(owner) = &u.owner {
            let allowed = if activiteit.initiatiefnemers.contains(owner) {
                true
            } else {
                activiteit.all_partners && register.organisatie(owner).is_some()
            };
            if !allowed {
                let names: Vec<&str> = activiteit.initiatiefnemers.iter().map(Id::as_str).collect();
                let (nl, en) = match (names.is_empty(), activiteit.all_partners) {
                    (true, false) => (
                        format!(
                            "'{owner}' kan geen eigenaar zijn: de activiteit noemt geen \
                             initiatiefnemers, dus er is niemand uit te kiezen"
                        ),
                        format!(
                            "'{owner}' cannot own it: the activity names no initiators, so no \
                             owner can be chosen among them"
                        ),
                    ),
                    (_, true) => (
                        format!(
                            "'{owner}' is geen organisatie van het register (de initiatiefnemer is \
                             'allen': elke partner)"
                        ),
                        format!(
                            "'{owner}' is not an organisation of the register (the initiator is \
                             'allen': any partner)"
                        ),
                    ),
                    (false, false) => (
                        format!(
                            "'{owner}' is niet een van de initiatiefnemers ({})",
                            names.join(", ")
                        ),
                        format!(
                            "'{owner}' is not among its initiators ({})",
                            names.join(", ")
                        ),
                    ),
                };
                p.push(Probleem::bij_veld("owner", nl, en).record(&rec));
            }
        }
        match (&u.period, &u.note) {
            (Some(_), None) => p.push(
                Probleem::bij_veld(
                    "note",
                    "bij een periode hoort een notitie",
                    "a period needs a note",
                )
                .record(&rec),
            ),
            (None, Some(_)) => p.push(
                Probleem::bij_veld(
                    "period",
                    "bij een notitie hoort de rapportageperiode waar ze over gaat (bv. 2025-H1)",
                    "a note needs the reporting period it is about (e.g. 2025-H1)",
                )
                .record(&rec),
            ),
            _ => {}
        }
        let mut titles: BTreeSet<&str> = self.milestones.iter().map(|m| m.title.as_str()).collect();
        for m in &u.milestones {
            if !titles.insert(m.title.as_str()) {
                p.push(
                    Probleem::bij_veld(
                        "milestone",
                        format!("mijlpaal '{}' bestaat al", m.title),
                        format!("milestone '{}' exists already", m.title),
                    )
                    .record(&rec),
                );
            }
        }
        for d in &u.done {
            match self.milestones.iter().find(|m| m.title == d.title) {
                Some(m) if m.done.is_some() => p.push(
                    Probleem::bij_veld(
                        "done",
                        format!("mijlpaal '{}' is al gehaald", d.title),
                        format!("milestone '{}' is already done", d.title),
                    )
                    .record(&rec),
                ),
                Some(_) => {}
                None if u.milestones.iter().any(|m| m.title == d.title) => {}
                None => {
                    let bekend = self
                        .milestones
                        .iter()
                        .map(|m| m.title.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let (geen, none) = if bekend.is_empty() {
                        ("geen", "none")
                    } else {
                        (bekend.as_str(), bekend.as_str())
                    };
                    p.push(
                        Probleem::bij_veld(
                            "done",
                            format!("geen mijlpaal '{}' (bekend: {geen})", d.title),
                            format!("no milestone '{}' (known: {none})", d.title),
                        )
                        .record(&rec),
                    )
                }
            }
        }
        if p.is_empty() {
            Ok(())
        } else {
            Err(p)
        }
    }

    /// Applies a checked update.
    pub fn apply_unchecked(&mut self, h: GelogdeUpdate) {
        let u = &h.update;
        if let Some(s) = u.status {
            self.status = s;
        }
        if let Some(o) = &u.owner {
            self.owner = Some(o.clone());
        }
        if let (Some(period), Some(note)) = (&u.period, &u.note) {
            self.notes.push(Voortgangsnotitie {
                period: period.clone(),
                note: note.clone(),
                by: h.by.clone(),
                at: h.at.clone(),
            });
        }
        for m in &u.milestones {
            self.milestones.push(Mijlpaal {
                title: m.title.clone(),
                due: m.due,
                done: None,
            });
        }
        for d in &u.done {
            if let Some(m) = self.milestones.iter_mut().find(|m| m.title == d.title) {
                m.done = Some(d.on);
            }
        }
        self.evidence.extend(u.evidence.iter().cloned());
        self.history.push(h);
    }

    /// Why the activity is behind on `today`: stuck, or milestones overdue. Dropped
    /// activities are never behind.
    pub fn behind(&self, today: Datum) -> Vec<String> {
        if self.status == ActiviteitStatus::Vervallen {
            return Vec::new();
        }
        let mut why = Vec::new();
        if self.status == ActiviteitStatus::Vastgelopen {
            why.push("vastgelopen".to_owned());
        }
        for m in self.milestones.iter().filter(|m| m.overdue(today)) {
            why.push(format!("{} ({})", m.title, m.due));
        }
        why
    }
}

/// An activity that is behind, with the reasons: `vastgelopen` and each overdue milestone
/// as `title (due date)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Achterstand {
    pub activiteit: Id,
    pub number: String,
    pub chapter: String,
    pub reasons: Vec<String>,
}

/// An organisation and how many activities in scope it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drager {
    pub organisatie: Id,
    pub name: String,
    /// Activities it owns.
    pub owner: usize,
    /// Activities that name it as initiator.
    pub initiator: usize,
    /// Activities where it is owner or initiator (each counted once).
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverzichtRegel {
    pub activiteit: Id,
    pub missies: Vec<MissieCode>,
    pub number: String,
    pub chapter: String,
    pub text_nl: String,
    pub status: ActiviteitStatus,
    pub owner: Option<Id>,
    pub milestones_open: usize,
    pub milestones_overdue: usize,
    pub last_note: Option<PeriodeId>,
    pub updates: usize,
}

/// The monitoring overview of the KIA activities, for one mission or the whole KIA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overzicht {
    pub mission: Option<MissieCode>,
    pub today: Datum,
    pub total: usize,
    /// Every status with its count (zero counts included).
    pub per_status: BTreeMap<ActiviteitStatus, usize>,
    /// Activities in scope that have never been updated.
    pub never_updated: usize,
    pub behind: Vec<Achterstand>,
    pub without_owner: Vec<Id>,
    /// Organisations ordered by the number of activities they carry, most first.
    pub carriers: Vec<Drager>,
    /// The activities, filtered by status when asked.
    pub rows: Vec<OverzichtRegel>,
}

/// The overview for `mission` (activities serving it; `None` is the whole KIA, the
/// cross-cutting chapters included) on `today`. `status` filters the rows only; the counts
/// are over the whole scope. `standen` holds the activities that have updates.
pub fn overzicht(
    register: &Register,
    standen: &BTreeMap<Id, ActiviteitStand>,
    mission: Option<MissieCode>,
    status: Option<ActiviteitStatus>,
    today: Datum,
) -> Overzicht {
    let mut per_status: BTreeMap<ActiviteitStatus, usize> =
        ActiviteitStatus::ALL.iter().map(|s| (*s, 0)).collect();
    let mut behind = Vec::new();
    let mut without_owner = Vec::new();
    let mut carry: BTreeMap<Id, (usize, usize, usize)> = BTreeMap::new();
    let mut rows = Vec::new();
    let mut total = 0;
    let mut never_updated = 0;
    for a in register
        .parts()
        .activiteit
        .iter()
        .filter(|a| mission.is_none_or(|m| a.missies.contains(&m)))
    {
        total += 1;
        let fresh;
        let stand = match standen.get(&a.id) {
            Some(s) => s,
            None => {
                fresh = ActiviteitStand::nieuw(a.id.clone());
                &fresh
            }
        };
        if stand.history.is_empty() {
            never_updated += 1;
        }
        *per_status.entry(stand.status).or_default() += 1;
        let reasons = stand.behind(today);
        if !reasons.is_empty() {
            behind.push(Achterstand {
                activiteit: a.id.clone(),
                number: a.number.to_string(),
                chapter: a.chapter.to_string(),
                reasons,
            });
        }
        if stand.owner.is_none() && stand.status != ActiviteitStatus::Vervallen {
            without_owner.push(a.id.clone());
        }
        let mut involved: BTreeSet<&Id> = a.initiatiefnemers.iter().collect();
        for i in &a.initiatiefnemers {
            carry.entry(i.clone()).or_default().1 += 1;
        }
        if let Some(o) = &stand.owner {
            carry.entry(o.clone()).or_default().0 += 1;
            involved.insert(o);
        }
        for i in involved {
            carry.entry(i.clone()).or_default().2 += 1;
        }
        if status.is_none_or(|s| s == stand.status) {
            rows.push(OverzichtRegel {
                activiteit: a.id.clone(),
                missies: a.missies.clone(),
                number: a.number.to_string(),
                chapter: a.chapter.to_string(),
                text_nl: a.text_nl.to_string(),
                status: stand.status,
                owner: stand.owner.clone(),
                milestones_open: stand.milestones.iter().filter(|m| m.done.is_none()).count(),
                milestones_overdue: stand.milestones.iter().filter(|m| m.overdue(today)).count(),
                last_note: stand.notes.last().map(|n| n.period.clone()),
                updates: stand.history.len(),
            });
        }
    }
    let mut carriers: Vec<Drager> = carry
        .into_iter()
        .map(|(id, (owner, initiator, total))| Drager {
            name: register
                .organisatie(&id)
                .map(|o| o.name.to_string())
                .unwrap_or_else(|| id.to_string()),
            organisatie: id,
            owner,
            initiator,
            total,
        })
        .collect();
    carriers.sort_by(|a, b| {
        (b.total, b.owner)
            .cmp(&(a.total, a.owner))
            .then(a.organisatie.cmp(&b.organisatie))
    });
    Overzicht {
        mission,
        today,
        total,
        per_status,
        never_updated,
        behind,
        without_owner,
        carriers,
        rows,
    }
}
