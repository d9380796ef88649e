//! The knowledge and innovation synthesis of one mission: the pipeline by readiness and
//! phase, when innovations are expected in practice, and the gaps.

use std::collections::BTreeMap;

use serde::Serialize;

use gemeten_domain::{Doel, Fase, Id, KiaVraag, MissieCode, Project, Register, Trl};

use crate::PijplijnItem;

#[derive(Debug, Clone, Serialize)]
pub struct Synthese<'a> {
    pub missie: MissieCode,
    /// The TRL from which an item counts as "beyond" for the gaps.
    pub threshold: Trl,
    pub items: Vec<PijplijnItem>,
    /// Count per TRL 1..=9; index 0 counts items whose TRL is unknown.
    pub by_trl: [usize; 10],
    /// Count per SEL 1..=4; index 0 counts unknown.
    pub by_sel: [usize; 5],
    /// Per element (innovation, stakeholders, use environment): count per phase, in the
    /// order of `Fase::ALL`, then unknown.
    pub by_phase: [[usize; 6]; 3],
    /// Expected year of use in practice -> item ids.
    pub arrivals: BTreeMap<u16, Vec<Id>>,
    /// Items without an expected year of use in practice.
    pub arrivals_unknown: usize,
    /// KIA questions of the mission that no item at or beyond the threshold serves.
    pub question_gaps: Vec<VraagGat<'a>>,
    /// Targets of the mission when no item of the mission is at or beyond the threshold.
    pub target_gaps: Vec<&'a Doel>,
    /// Items whose technology is ahead of their stakeholders or use environment (002).
    pub technology_ahead: Vec<Id>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VraagGat<'a> {
    pub vraag: &'a KiaVraag,
    /// Items that serve the question, all below the threshold (or of unknown TRL).
    pub items_below: usize,
    pub highest_trl: Option<Trl>,
}

/// The synthesis of mission `missie` over the register's innovations and `projects`.
pub fn synthese<'a>(
    register: &'a Register,
    projects: &[Project],
    missie: MissieCode,
    threshold: Trl,
) -> Synthese<'a> {
    let mut items: Vec<PijplijnItem> = register
        .innovaties(Some(missie), None)
        .into_iter()
        .map(PijplijnItem::from)
        .chain(
            projects
                .iter()
                .filter(|p| p.missies.contains(&missie))
                .map(PijplijnItem::from),
        )
        .collect();
    items.sort_by(|a, b| b.trl.cmp(&a.trl).then_with(|| a.id.cmp(&b.id)));

    let mut by_trl = [0; 10];
    let mut by_sel = [0; 5];
    let mut by_phase = [[0; 6]; 3];
    let mut arrivals: BTreeMap<u16, Vec<Id>> = BTreeMap::new();
    let mut arrivals_unknown = 0;
    for item in &items {
        by_trl[item.trl.map_or(0, |t| usize::from(t.get()))] += 1;
        by_sel[item.sel.map_or(0, |s| usize::from(s.get()))] += 1;
        for (element, phase) in item.phases.elements().iter().enumerate() {
            let slot = phase.map_or(Fase::ALL.len(), |f| {
                Fase::ALL.iter().position(|x| *x == f).unwrap_or(0)
            });
            by_phase[element][slot] += 1;
        }
        match item.expected_in_practice {
            Some(y) => arrivals.entry(y.get()).or_default().push(item.id.clone()),
            None => arrivals_unknown += 1,
        }
    }

    let beyond = |i: &PijplijnItem| i.trl.is_some_and(|t| t >= threshold);
    let question_gaps = register
        .parts()
        .kia_vraag
        .iter()
        .filter(|v| v.missies.contains(&missie))
        .filter_map(|v| {
            let serving: Vec<&PijplijnItem> = items
                .iter()
                .filter(|i| i.kia_vragen.contains(&v.id))
                .collect();
            (!serving.iter().any(|i| beyond(i))).then(|| VraagGat {
                vraag: v,
                items_below: serving.len(),
                highest_trl: serving.iter().filter_map(|i| i.trl).max(),
            })
        })
        .collect();
    let target_gaps = if items.iter().any(beyond) {
        Vec::new()
    } else {
        register
            .parts()
            .doel
            .iter()
            .filter(|d| d.missie == missie)
            .collect()
    };
    let technology_ahead = items
        .iter()
        .filter(|i| i.phases.technology_ahead())
        .map(|i| i.id.clone())
        .collect();
    Synthese {
        missie,
        threshold,
        items,
        by_trl,
        by_sel,
        by_phase,
        arrivals,
        arrivals_unknown,
        question_gaps,
        target_gaps,
        technology_ahead,
    }
}
