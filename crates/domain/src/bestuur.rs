//! Governance and the yearly cycle (000, "Governance" and "Internationalisering"): the bodies
//! of the MT G&Z with their norm of meetings a year, the international commitments as yearly
//! minimums (both curated, `data/bestuur/bestuur.toml`), and what people record: a body's
//! meeting with its decisions and actions, each action linked to the activities, KPIs or
//! projects it is about.

use serde::{Deserialize, Serialize};

use crate::monitoring::Datum;
use crate::{ActieStatus, Bron, Id, MissieCode, OrgaanSoort, Probleem, Tekst, ToezeggingSoort};

/// A governance body: the Themateam, the Kernteam, a Missieteam per mission, the working
/// group Monitoring & Evaluatie.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Orgaan {
    pub id: Id,
    pub kind: OrgaanSoort,
    /// The mission of a Missieteam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missie: Option<MissieCode>,
    pub name_nl: Tekst,
    pub name_en: Tekst,
    pub role_nl: Tekst,
    pub role_en: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_nl: Option<Tekst>,
    /// The norm: at least this many meetings a year (none where the document gives none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings_max: Option<u32>,
    /// False for a body the document says is still to be installed (Missieteam V).
    #[serde(default = "waar")]
    pub installed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_nl: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_en: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_source: Option<Bron>,
    pub source: Bron,
}

fn waar() -> bool {
    true
}

/// How a year's number of meetings stands against a body's norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Norm {
    /// Fewer than the minimum.
    Onder,
    Binnen,
    /// More than the maximum.
    Boven,
    /// The document gives no norm.
    Geen,
}

impl Norm {
    pub fn label_nl(self) -> &'static str {
        match self {
            Norm::Onder => "onder de norm",
            Norm::Binnen => "binnen de norm",
            Norm::Boven => "boven de norm",
            Norm::Geen => "geen norm",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Norm::Onder => "below the norm",
            Norm::Binnen => "within the norm",
            Norm::Boven => "above the norm",
            Norm::Geen => "no norm",
        }
    }
}

impl Orgaan {
    /// The body's name as the pages show it: a Missieteam with its mission.
    pub fn naam(&self, lang: crate::Lang) -> String {
        let n = lang.t(self.name_nl.as_str(), self.name_en.as_str());
        match self.missie {
            Some(m) => format!("{n} {}", m.code()),
            None => n.to_owned(),
        }
    }

    /// `n` meetings in a year against the norm.
    pub fn norm(&self, n: u32) -> Norm {
        match (self.meetings_min, self.meetings_max) {
            (None, None) => Norm::Geen,
            (Some(lo), _) if n < lo => Norm::Onder,
            (_, Some(hi)) if n > hi => Norm::Boven,
            _ => Norm::Binnen,
        }
    }
}

/// An international commitment: at least `minimum` of `kind` a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toezegging {
    pub id: Id,
    pub kind: ToezeggingSoort,
    /// The KIA activity the commitment is part of.
    pub activiteit: Id,
    pub text_nl: Tekst,
    pub text_en: Tekst,
    pub minimum: u32,
    /// Whether the document itself says "per jaar" (it does not for the PPPs; gemeten counts
    /// them per year all the same).
    pub per_jaar_tekst: bool,
    pub source: Bron,
}

/// An activity update's claim that it counts toward a commitment: what took place, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeltVoor {
    pub kind: ToezeggingSoort,
    pub date: Datum,
}

/// An action agreed in a meeting. It is about at least one activity, KPI or project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actie {
    pub text: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Datum>,
    #[serde(default = "open")]
    pub status: ActieStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activiteiten: Vec<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projecten: Vec<Id>,
}

fn open() -> ActieStatus {
    ActieStatus::Open
}

/// A meeting of a body: its date, title, notes, decisions and actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vergadering {
    pub orgaan: Id,
    pub datum: Datum,
    pub titel: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notities: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub besluiten: Vec<Tekst>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acties: Vec<Actie>,
}

impl Vergadering {
    /// The rules that need nothing but the meeting: every action links to something.
    /// (Whether the links exist is the application core's check.)
    pub fn check(&self) -> Result<(), crate::Problemen> {
        let problems: Vec<Probleem> = self
            .acties
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.activiteiten.is_empty() && a.kpis.is_empty() && a.projecten.is_empty()
            })
            .map(|(i, _)| {
                Probleem::bij_veld(
                    format!("acties[{i}]"),
                    "een actie hoort bij ten minste één activiteit, KPI of project",
                    "an action belongs to at least one activity, KPI or project",
                )
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(crate::Problemen(problems))
        }
    }
}
