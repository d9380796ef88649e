//! The knowledge and innovation agenda: its questions, its concrete activities and the
//! organisations that take them up.

use serde::{Deserialize, Serialize};

use crate::{Bron, Id, MissieCode, OrganisatieSoort, Tekst, VraagSoort};

/// A knowledge and innovation question, linked to one or more missions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KiaVraag {
    pub id: Id,
    pub missies: Vec<MissieCode>,
    pub kind: VraagSoort,
    pub text_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<Tekst>,
    pub source: Bron,
}

/// A concrete activity of the KIA with its intended primary initiators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activiteit {
    pub id: Id,
    /// Empty for the cross-cutting chapters (valorisation, monitoring, ...).
    pub missies: Vec<MissieCode>,
    pub chapter: Tekst,
    /// Numbering as in the document ("4", "4a").
    pub number: Tekst,
    pub text_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<Tekst>,
    #[serde(default)]
    pub initiatiefnemers: Vec<Id>,
    /// The document names "allen": every covenant partner.
    #[serde(default)]
    pub all_partners: bool,
    pub source: Bron,
}

/// One of the KIA's priorities: 000 lists them, apart from the concrete activities, under
/// "Onze prioriteiten (en hun beoogde primaire initiatiefnemers)".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prioriteit {
    pub id: Id,
    /// Empty where the priority serves the whole KIA.
    #[serde(default)]
    pub missies: Vec<MissieCode>,
    pub chapter: Tekst,
    /// Numbering as in the document ("1a"); absent where the document lists bullets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Tekst>,
    pub text_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<Tekst>,
    #[serde(default)]
    pub initiatiefnemers: Vec<Id>,
    /// The document names "allen": every covenant partner.
    #[serde(default)]
    pub all_partners: bool,
    pub source: Bron,
}

/// An organisation: partner, initiator, funder or helper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisatie {
    pub id: Id,
    pub name: Tekst,
    pub kind: OrganisatieSoort,
    pub source: Bron,
}
