//! One view over the two kinds of things in a mission's pipeline: the register's curated
//! innovations (from the prioritisation report) and the projects of the portfolio.

use serde::Serialize;

use gemeten_domain::{
    Brl, Fasen, Id, Innovatie, Jaar, MissieCode, OrganisatieSoort, Project, Sel, Tekst, Trl,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Herkomst {
    /// An innovation of the register (curated from the documents).
    Innovatie,
    /// A project of the portfolio (imported from a funder's list).
    Project,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PijplijnItem {
    pub id: Id,
    pub title: Tekst,
    pub herkomst: Herkomst,
    pub missies: Vec<MissieCode>,
    pub kia_vragen: Vec<Id>,
    pub trl: Option<Trl>,
    pub sel: Option<Sel>,
    pub brl: Option<Brl>,
    pub phases: Fasen,
    pub expected_in_practice: Option<Jaar>,
    pub lead_kind: Option<OrganisatieSoort>,
}

impl From<&Innovatie> for PijplijnItem {
    fn from(i: &Innovatie) -> Self {
        PijplijnItem {
            id: i.id.clone(),
            title: i.name.clone(),
            herkomst: Herkomst::Innovatie,
            missies: i.missies.clone(),
            kia_vragen: Vec::new(),
            trl: i.trl,
            sel: i.sel,
            brl: None,
            phases: i.fasen(),
            expected_in_practice: None,
            lead_kind: None,
        }
    }
}

impl From<&Project> for PijplijnItem {
    fn from(p: &Project) -> Self {
        PijplijnItem {
            id: p.id.clone(),
            title: p.title.clone(),
            herkomst: Herkomst::Project,
            missies: p.missies.clone(),
            kia_vragen: p.kia_vragen.clone(),
            trl: p.trl,
            sel: p.sel,
            brl: p.brl,
            phases: p.fasen(),
            expected_in_practice: p.expected_in_practice,
            lead_kind: p.lead_kind(),
        }
    }
}
