//! Projects and innovations in the portfolio: who works on what, for which missions and
//! questions, how ready it is, what money it received, and every change to it.

use serde::{Deserialize, Serialize};

use crate::{
    Brl, Euro, Fase, Fasen, Id, Jaar, MissieCode, OrganisatieSoort, PartnerRol, Probleem,
    ProjectStatus, Sel, Tekst, Trl,
};

/// An organisation taking part in a project. Partners are named as the funder exported
/// them; `organisatie` links to the register where the organisation is known there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub name: Tekst,
    pub kind: OrganisatieSoort,
    pub role: PartnerRol,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisatie: Option<Id>,
}

/// Money a project received: from which instrument or funder, how much, over which years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FinancieringRecord", into = "FinancieringRecord")]
pub struct Financiering {
    pub funder: Tekst,
    pub instrument: Option<Id>,
    pub amount: Euro,
    pub from: Jaar,
    pub to: Jaar,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinancieringRecord {
    pub funder: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<Id>,
    pub amount_eur: Euro,
    pub from: Jaar,
    pub to: Jaar,
}

impl TryFrom<FinancieringRecord> for Financiering {
    type Error = Probleem;
    fn try_from(r: FinancieringRecord) -> Result<Self, Probleem> {
        if r.to < r.from {
            return Err(Probleem::bij_veld(
                "to",
                format!(
                    "de financiering eindigt in {} voor ze begint in {}",
                    r.to, r.from
                ),
                format!("funding ends in {} before it starts in {}", r.to, r.from),
            ));
        }
        Ok(Financiering {
            funder: r.funder,
            instrument: r.instrument,
            amount: r.amount_eur,
            from: r.from,
            to: r.to,
        })
    }
}

impl From<Financiering> for FinancieringRecord {
    fn from(f: Financiering) -> Self {
        FinancieringRecord {
            funder: f.funder,
            instrument: f.instrument,
            amount_eur: f.amount,
            from: f.from,
            to: f.to,
        }
    }
}

/// A project or innovation in the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ProjectRecord", into = "ProjectRecord")]
pub struct Project {
    pub id: Id,
    pub title: Tekst,
    pub summary: Option<Tekst>,
    /// The funder whose project list this record came from.
    pub funder: Tekst,
    pub status: ProjectStatus,
    pub partners: Vec<Partner>,
    pub missies: Vec<MissieCode>,
    pub kia_vragen: Vec<Id>,
    /// The targets (doelen) the project claims to contribute to: each a target of one of
    /// its missions (the application core checks that against the register).
    pub doelen: Vec<Id>,
    /// The elements of the knowledge and innovation ecosystem (KIES, 000 Figure 5) the
    /// project works with or in: each linked to one of its missions or the central mission
    /// (the application core checks that against the register, see [`kies_van_missies`]).
    pub kies: Vec<Id>,
    /// The register's innovation this project develops, where there is one.
    pub innovatie: Option<Id>,
    pub trl: Option<Trl>,
    pub sel: Option<Sel>,
    pub brl: Option<Brl>,
    pub phase_innovation: Option<Fase>,
    pub phase_stakeholders: Option<Fase>,
    pub phase_environment: Option<Fase>,
    pub funding: Vec<Financiering>,
    pub start: Option<Jaar>,
    pub end: Option<Jaar>,
    /// The year the innovation is expected to be used in practice.
    pub expected_in_practice: Option<Jaar>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRecord {
    pub id: Id,
    pub title: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Tekst>,
    pub funder: Tekst,
    pub status: ProjectStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<Partner>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missies: Vec<MissieCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kia_vragen: Vec<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doelen: Vec<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kies: Vec<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innovatie: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trl: Option<Trl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sel: Option<Sel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brl: Option<Brl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_innovation: Option<Fase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_stakeholders: Option<Fase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_environment: Option<Fase>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funding: Vec<Financiering>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Jaar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Jaar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_in_practice: Option<Jaar>,
}

impl TryFrom<ProjectRecord> for Project {
    type Error = Probleem;
    fn try_from(r: ProjectRecord) -> Result<Self, Probleem> {
        if let (Some(start), Some(end)) = (r.start, r.end) {
            if end < start {
                return Err(Probleem::bij_veld(
                    "end",
                    format!("het project eindigt in {end} voor het begint in {start}"),
                    format!("project ends in {end} before it starts in {start}"),
                ));
            }
        }
        let leads = r
            .partners
            .iter()
            .filter(|p| p.role == PartnerRol::Penvoerder)
            .count();
        if leads > 1 {
            return Err(Probleem::bij_veld(
                "partners",
                format!("{leads} partners zijn penvoerder; een project heeft er één"),
                format!("{leads} partners are lead applicant (penvoerder); a project has one"),
            ));
        }
        let mut missies = r.missies;
        let n = missies.len();
        missies.sort();
        missies.dedup();
        if missies.len() != n {
            return Err(Probleem::bij_veld(
                "missies",
                "een missie staat er twee keer in",
                "a mission is listed twice",
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, d) in r.doelen.iter().enumerate() {
            if !seen.insert(d) {
                return Err(Probleem::bij_veld(
                    format!("doelen[{i}]"),
                    format!("doel '{d}' staat er twee keer in"),
                    format!("target '{d}' is listed twice"),
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, k) in r.kies.iter().enumerate() {
            if !seen.insert(k) {
                return Err(Probleem::bij_veld(
                    format!("kies[{i}]"),
                    format!("KIES-element '{k}' staat er twee keer in"),
                    format!("KIES element '{k}' is listed twice"),
                ));
            }
        }
        Ok(Project {
            id: r.id,
            title: r.title,
            summary: r.summary,
            funder: r.funder,
            status: r.status,
            partners: r.partners,
            missies,
            kia_vragen: r.kia_vragen,
            doelen: r.doelen,
            kies: r.kies,
            innovatie: r.innovatie,
            trl: r.trl,
            sel: r.sel,
            brl: r.brl,
            phase_innovation: r.phase_innovation,
            phase_stakeholders: r.phase_stakeholders,
            phase_environment: r.phase_environment,
            funding: r.funding,
            start: r.start,
            end: r.end,
            expected_in_practice: r.expected_in_practice,
        })
    }
}

impl From<Project> for ProjectRecord {
    fn from(p: Project) -> Self {
        ProjectRecord {
            id: p.id,
            title: p.title,
            summary: p.summary,
            funder: p.funder,
            status: p.status,
            partners: p.partners,
            missies: p.missies,
            kia_vragen: p.kia_vragen,
            doelen: p.doelen,
            kies: p.kies,
            innovatie: p.innovatie,
            trl: p.trl,
            sel: p.sel,
            brl: p.brl,
            phase_innovation: p.phase_innovation,
            phase_stakeholders: p.phase_stakeholders,
            phase_environment: p.phase_environment,
            funding: p.funding,
            start: p.start,
            end: p.end,
            expected_in_practice: p.expected_in_practice,
        }
    }
}

impl Project {
    /// The phase of each of its three elements.
    pub fn fasen(&self) -> Fasen {
        Fasen {
            innovation: self.phase_innovation,
            stakeholders: self.phase_stakeholders,
            environment: self.phase_environment,
        }
    }

    /// Total funding received, in euros.
    pub fn funding_total(&self) -> u64 {
        self.funding.iter().map(|f| f.amount.get()).sum()
    }

    /// The lead applicant's kind of organisation, or else the first partner's.
    pub fn lead_kind(&self) -> Option<OrganisatieSoort> {
        self.partners
            .iter()
            .find(|p| p.role == PartnerRol::Penvoerder)
            .or(self.partners.first())
            .map(|p| p.kind)
    }

    /// Text that describes the project, for search and classification.
    pub fn text(&self) -> String {
        let mut t = self.title.to_string();
        if let Some(s) = &self.summary {
            t.push('\n');
            t.push_str(s.as_str());
        }
        t
    }
}

/// Whether a project of `missies` may name target `doel` (as a linked target or a stated
/// contribution): the target must be in the register and belong to one of the project's
/// missions. The central mission's targets (C: healthy life years, the −30 SES gap) are
/// every mission's, so any project may name them. The refusal names `field`
/// (`doelen[1]`, `bijdragen[0].doel`).
pub fn doel_van_missies(
    register: &crate::Register,
    missies: &[MissieCode],
    doel: &Id,
    field: impl Into<std::borrow::Cow<'static, str>>,
) -> Result<(), Probleem> {
    let Some(d) = register.parts().doel.iter().find(|d| &d.id == doel) else {
        return Err(Probleem::onbekend(field, "doel", "target", doel));
    };
    if d.missie == MissieCode::C || missies.contains(&d.missie) {
        return Ok(());
    }
    let eigen = missies
        .iter()
        .map(|m| m.code())
        .collect::<Vec<_>>()
        .join(", ");
    let eigen = if eigen.is_empty() {
        "—".to_owned()
    } else {
        eigen
    };
    Err(Probleem::bij_veld(
        field,
        format!(
            "doel '{doel}' hoort bij missie {}, en het project hoort niet bij die missie \
             (missies van het project: {eigen})",
            d.missie.code()
        ),
        format!(
            "target '{doel}' belongs to mission {}, which the project is not linked to \
             (the project's missions: {eigen})",
            d.missie.code()
        ),
    ))
}

/// Whether a project of `missies` may link KIES element `kies` (000 Figure 5): the element
/// must be in the register and the figure's row of one of the project's missions must name
/// it. The central mission's row is every mission's (as its targets are, see
/// [`doel_van_missies`]), so any project may link its elements; an element only the legend
/// names (no row) belongs to no mission and cannot be linked. The refusal names `field`
/// (`kies[1]`).
pub fn kies_van_missies(
    register: &crate::Register,
    missies: &[MissieCode],
    kies: &Id,
    field: impl Into<std::borrow::Cow<'static, str>>,
) -> Result<(), Probleem> {
    if register.kies_knoop(kies).is_none() {
        return Err(Probleem::onbekend(
            field,
            "KIES-element",
            "KIES element",
            kies,
        ));
    }
    let rijen: Vec<MissieCode> = register
        .parts()
        .kies_pijl
        .iter()
        .filter(|p| &p.from == kies)
        .map(|p| p.to)
        .collect();
    if rijen
        .iter()
        .any(|m| *m == MissieCode::C || missies.contains(m))
    {
        return Ok(());
    }
    let lijst = |m: &mut dyn Iterator<Item = &MissieCode>| {
        let s = m.map(|m| m.code()).collect::<Vec<_>>().join(", ");
        if s.is_empty() {
            "—".to_owned()
        } else {
            s
        }
    };
    let eigen = lijst(&mut missies.iter());
    let van = lijst(&mut rijen.iter());
    Err(Probleem::bij_veld(
        field,
        format!(
            "KIES-element '{kies}' staat in Figuur 5 bij missie(s) {van}, en het project hoort \
             bij geen daarvan (missies van het project: {eigen})"
        ),
        format!(
            "KIES element '{kies}' is in Figure 5 for mission(s) {van}, none of which the \
             project is linked to (the project's missions: {eigen})"
        ),
    ))
}

/// One change to a project: who made it, when, and the value before and after. The store
/// keeps these append-only, so a project's history can be read back whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wijziging {
    pub project: Id,
    /// RFC 3339 time in UTC, as the store wrote it.
    pub at: String,
    pub by: String,
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> serde_json::Value {
        serde_json::json!({
            "id": "p-1",
            "title": "Thuismonitoring na een beroerte",
            "funder": "ZonMw",
            "status": "lopend",
            "partners": [
                {"name": "UMC Utrecht", "kind": "umc", "role": "penvoerder"},
                {"name": "Zorgtech BV", "kind": "mkb", "role": "partner"}
            ],
            "missies": ["II"],
            "trl": 5,
            "phase_innovation": "demonstreren",
            "phase_stakeholders": "ontwikkelen",
            "phase_environment": "verkennen",
            "funding": [{"funder": "ZonMw", "amount_eur": 250000, "from": 2024, "to": 2026}],
            "start": 2024,
            "end": 2026
        })
    }

    #[test]
    fn a_valid_project_round_trips_and_knows_its_lead() {
        let p: Project = serde_json::from_value(record()).unwrap();
        assert_eq!(p.lead_kind(), Some(OrganisatieSoort::Umc));
        assert!(p.fasen().technology_ahead());
        assert_eq!(p.funding_total(), 250_000);
        let back = serde_json::to_value(&p).unwrap();
        assert_eq!(back, record());
    }

    #[test]
    fn kies_elements_round_trip_and_a_duplicate_is_refused_by_its_place() {
        let mut r = record();
        r["kies"] = serde_json::json!(["kem-co-creatie", "pps-health-ri"]);
        let p: Project = serde_json::from_value(r.clone()).unwrap();
        assert_eq!(p.kies.len(), 2);
        assert_eq!(serde_json::to_value(&p).unwrap(), r);
        // No list, no member: an empty list is left out.
        let p: Project = serde_json::from_value(record()).unwrap();
        assert!(p.kies.is_empty());
        assert!(serde_json::to_value(&p).unwrap().get("kies").is_none());

        r["kies"] = serde_json::json!(["pps-health-ri", "kem-co-creatie", "pps-health-ri"]);
        let e = serde_json::from_value::<Project>(r.clone())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("kies[2]")
                && e.contains("KIES-element 'pps-health-ri' staat er twee keer in"),
            "{e}"
        );
        let rec: ProjectRecord = serde_json::from_value(r).unwrap();
        let p = Project::try_from(rec).unwrap_err();
        assert_eq!(p.field(), Some("kies[2]"));
        assert!(p.reason.en.contains("listed twice"), "{}", p.reason.en);
    }

    #[test]
    fn years_out_of_order_and_two_leads_are_refused() {
        let mut r = record();
        r["end"] = 2020.into();
        let e = serde_json::from_value::<Project>(r)
            .unwrap_err()
            .to_string();
        assert!(e.contains("eindigt in 2020 voor het begint in 2024"), "{e}");

        let mut r = record();
        r["funding"][0]["to"] = 2023.into();
        let e = serde_json::from_value::<Project>(r)
            .unwrap_err()
            .to_string();
        assert!(e.contains("financiering eindigt in 2023"), "{e}");

        let mut r = record();
        r["partners"][1]["role"] = "penvoerder".into();
        let e = serde_json::from_value::<Project>(r)
            .unwrap_err()
            .to_string();
        assert!(e.contains("2 partners zijn penvoerder"), "{e}");

        let mut r = record();
        r["brl"] = 0.into();
        let e = serde_json::from_value::<Project>(r)
            .unwrap_err()
            .to_string();
        assert!(e.contains("BRL 0 ligt niet tussen 1 en 9"), "{e}");
    }
}
