use serde::{Deserialize, Serialize};

use crate::{Bron, Id, KnoopSoort, MissieCode, Tekst};

/// A node of a mission's theory of change (impact pathway).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToCKnoop {
    pub id: Id,
    pub missie: MissieCode,
    pub kind: KnoopSoort,
    pub text_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<Tekst>,
    pub source: Bron,
}

impl ToCKnoop {
    /// Pathway order: by stage, then by the node's number, so `II-input-2` precedes
    /// `II-input-10`; the diagram and its text version list nodes in this order.
    pub fn pathway_order(&self) -> (KnoopSoort, u32, &str) {
        let id = self.id.as_str();
        let number = id.rsplit('-').next().and_then(|n| n.parse().ok());
        (self.kind, number.unwrap_or(u32::MAX), id)
    }
}

/// A link from one node to a later one in the same mission's pathway. The register checks
/// that both ends exist, belong to the same mission and that the link does not point back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToCPijl {
    pub from: Id,
    pub to: Id,
    pub source: Bron,
}
