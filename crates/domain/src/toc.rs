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

/// A link from one node to a later one in the same mission's pathway. The register checks
/// that both ends exist, belong to the same mission and that the link does not point back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToCPijl {
    pub from: Id,
    pub to: Id,
    pub source: Bron,
}
