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
    /// Targets of the mission that no project linked to the target (a project's `doelen`)
    /// reaches at or beyond the threshold: a target nobody claims to work on is a gap, and
    /// so is one whose projects are all below the threshold (or of unknown TRL).
    pub target_gaps: Vec<DoelGat<'a>>,
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

#[derive(Debug, Clone, Serialize)]
pub struct DoelGat<'a> {
    pub doel: &'a Doel,
    /// Projects that link the target, all below the threshold (or of unknown TRL).
    pub projects_below: usize,
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
    let target_gaps = register
        .parts()
        .doel
        .iter()
        .filter(|d| d.missie == missie)
        .filter_map(|d| {
            let linked: Vec<&Project> = projects
                .iter()
                .filter(|p| p.doelen.contains(&d.id))
                .collect();
            let reached = linked.iter().any(|p| p.trl.is_some_and(|t| t >= threshold));
            (!reached).then(|| DoelGat {
                doel: d,
                projects_below: linked.len(),
                highest_trl: linked.iter().filter_map(|p| p.trl).max(),
            })
        })
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> Register {
        let mut parts = gemeten_domain::RegisterParts::default();
        parts.missie.push(
            serde_json::from_value(serde_json::json!({
                "code": "II", "title_nl": "Zorg", "text_nl": "t", "deadline": 2030,
                "source": { "doc": "001", "section": "s", "lines": "1-1" },
            }))
            .unwrap(),
        );
        for id in ["II-a", "II-b", "II-c"] {
            parts.doel.push(
                serde_json::from_value(serde_json::json!({
                    "id": id, "missie": "II", "indicator": "x", "indicator_nl": id,
                    "kind": "qualitative", "unit": "-", "direction": "higher",
                    "deadline": 2030,
                    "source": { "doc": "001", "section": "s", "lines": "1-1" },
                }))
                .unwrap(),
            );
        }
        Register::new(parts).unwrap()
    }

    fn project(id: &str, trl: u8, doelen: &[&str]) -> Project {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": id, "funder": "ZonMw", "status": "lopend", "missies": ["II"],
            "trl": trl, "doelen": doelen,
        }))
        .unwrap()
    }

    /// A project of the mission at TRL 8 closes only the gaps of the targets it links: a
    /// target nobody links is a gap, and so is one linked only below the threshold.
    #[test]
    fn target_gaps_follow_the_project_target_links() {
        let reg = register();
        let projects = [
            project("hoog", 8, &["II-a"]),
            project("laag", 5, &["II-b"]),
            project("los", 9, &[]),
        ];
        let s = synthese(&reg, &projects, MissieCode::II, Trl::try_from(7).unwrap());
        let gaps: Vec<(&str, usize, Option<u8>)> = s
            .target_gaps
            .iter()
            .map(|g| {
                (
                    g.doel.id.as_str(),
                    g.projects_below,
                    g.highest_trl.map(|t| t.get()),
                )
            })
            .collect();
        assert_eq!(gaps, [("II-b", 1, Some(5)), ("II-c", 0, None)]);
        // Without any link every target is a gap, though the mission has a TRL-9 project.
        let s = synthese(
            &reg,
            &projects[2..],
            MissieCode::II,
            Trl::try_from(7).unwrap(),
        );
        assert_eq!(s.target_gaps.len(), 3);
    }
}
