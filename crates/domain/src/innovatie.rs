//! Innovations and what 002 learned about getting them into practice: selection criteria,
//! barriers and recommended next steps.

use serde::{Deserialize, Serialize};

use crate::{Bron, Fase, Fasen, Id, MissieCode, Regel, Sel, Tekst, Trl};

/// An innovation with its impact, phases and readiness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Innovatie {
    pub id: Id,
    pub name: Tekst,
    pub missies: Vec<MissieCode>,
    pub description_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_user_impact_nl: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub societal_impact_nl: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economic_impact_nl: Option<Tekst>,
    /// In the top selection of a prioritisation round.
    #[serde(default)]
    pub selected: bool,
    #[serde(default)]
    pub interviewed: bool,
    /// Phase of the innovation itself (technical development).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_innovation: Option<Fase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_stakeholders: Option<Fase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_environment: Option<Fase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trl: Option<Trl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sel: Option<Sel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impact_output: Vec<Regel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impact_outcome: Vec<Regel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impact_impact: Vec<Regel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub barrieres: Vec<Id>,
    pub source: Bron,
}

impl Innovatie {
    /// The phase of each of its three elements.
    pub fn fasen(&self) -> Fasen {
        Fasen {
            innovation: self.phase_innovation,
            stakeholders: self.phase_stakeholders,
            environment: self.phase_environment,
        }
    }
}

/// A criterion by which a prioritisation round selected innovations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterium {
    pub id: Id,
    pub missie: MissieCode,
    pub text_nl: Tekst,
    pub source: Bron,
}

/// A barrier that keeps innovations from further development, scaling or implementation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Barriere {
    pub id: Id,
    pub title_nl: Tekst,
    pub description_nl: Tekst,
    pub source: Bron,
}

/// A recommendation or next step: what, the first step, and who can help.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aanbeveling {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barriere: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innovatie: Option<Id>,
    pub what_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_step_nl: Option<Tekst>,
    #[serde(default)]
    pub organisaties: Vec<Id>,
    pub source: Bron,
}
