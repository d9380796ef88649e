//! The chain of one target (issue 12, item 6): the projects that claim to contribute to it
//! (their `doelen`), the innovations that claim it themselves (linked to the target directly)
//! and those the projects develop, the instruments that fund them or fit
//! them now or next (the financing route of each project), and the barriers and
//! recommendations in the way — those of the innovations on the chain and of the
//! innovations of the target's mission. The target's KPI status is the indicator engine's;
//! the web and the CLI put it beside this.

use std::collections::BTreeSet;

use serde::Serialize;

use gemeten_domain::{
    Aanbeveling, Barriere, Doel, Id, Innovatie, Instrument, MissieCode, Project, ProjectStatus,
    Register, Tekst, Trl,
};

use crate::{route, PijplijnItem};

/// A project on the chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KetenProject {
    pub id: Id,
    pub title: Tekst,
    pub funder: Tekst,
    pub status: ProjectStatus,
    pub missies: Vec<MissieCode>,
    pub trl: Option<Trl>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub innovatie: Option<Id>,
    /// A made-up example project (id `vb-…`), not a real one.
    pub voorbeeld: bool,
}

/// An instrument on the chain, with the projects it funds, fits now or fits next.
#[derive(Debug, Clone, Serialize)]
pub struct KetenInstrument<'a> {
    pub instrument: &'a Instrument,
    /// Projects on the chain this instrument funds (their funding names it).
    pub funds: Vec<Id>,
    /// Projects whose financing route has it among the best three fits now.
    pub fits_now: Vec<Id>,
    /// Projects whose financing route has it for a later stage.
    pub next: Vec<Id>,
}

/// A barrier on the chain, with the innovations it holds back.
#[derive(Debug, Clone, Serialize)]
pub struct KetenBarriere<'a> {
    pub barriere: &'a Barriere,
    pub innovaties: Vec<Id>,
    /// It holds back an innovation that a project on the chain develops (not only an
    /// innovation of the mission).
    pub on_chain: bool,
}

/// An innovation on the chain: linked to the target itself (`direct`), developed by projects
/// on the chain (`via_projecten`), or both.
#[derive(Debug, Clone, Serialize)]
pub struct KetenInnovatie<'a> {
    #[serde(flatten)]
    pub innovatie: &'a Innovatie,
    /// The innovation claims the target itself (an innovation–target link).
    pub direct: bool,
    /// The projects on the chain that develop it, by id.
    pub via_projecten: Vec<Id>,
}

/// The chain of one target.
#[derive(Debug, Clone, Serialize)]
pub struct Keten<'a> {
    pub doel: &'a Doel,
    pub projecten: Vec<KetenProject>,
    /// How many of `projecten` are made-up examples.
    pub voorbeelden: usize,
    /// The register's innovations that claim the target themselves or that projects on the
    /// chain develop, in the register's order.
    pub innovaties: Vec<KetenInnovatie<'a>>,
    pub instrumenten: Vec<KetenInstrument<'a>>,
    pub barrieres: Vec<KetenBarriere<'a>>,
    pub aanbevelingen: Vec<&'a Aanbeveling>,
}

/// How many of a route's fits now count as fitting (the best, as the route ranks them).
const NU: usize = 3;

/// The chain of target `doel` over the register, `projects` and the innovations linked to the
/// target directly (`direct`, ids; those not in the register are left out); `None` for an
/// unknown target.
pub fn keten<'a>(
    register: &'a Register,
    projects: &[Project],
    direct: &[Id],
    doel: &Id,
) -> Option<Keten<'a>> {
    let p = register.parts();
    let doel = p.doel.iter().find(|d| &d.id == doel)?;
    let linked: Vec<&Project> = projects
        .iter()
        .filter(|x| x.doelen.contains(&doel.id))
        .collect();
    let projecten: Vec<KetenProject> = linked
        .iter()
        .map(|x| KetenProject {
            id: x.id.clone(),
            title: x.title.clone(),
            funder: x.funder.clone(),
            status: x.status,
            missies: x.missies.clone(),
            trl: x.trl,
            innovatie: x.innovatie.clone(),
            voorbeeld: x.id.as_str().starts_with("vb-"),
        })
        .collect();
    let voorbeelden = projecten.iter().filter(|x| x.voorbeeld).count();

    let eigen: BTreeSet<&Id> = linked
        .iter()
        .filter_map(|x| x.innovatie.as_ref())
        .chain(direct)
        .collect();
    let innovaties: Vec<KetenInnovatie<'a>> = p
        .innovatie
        .iter()
        .filter(|i| eigen.contains(&i.id))
        .map(|i| KetenInnovatie {
            innovatie: i,
            direct: direct.contains(&i.id),
            via_projecten: linked
                .iter()
                .filter(|x| x.innovatie.as_ref() == Some(&i.id))
                .map(|x| x.id.clone())
                .collect(),
        })
        .collect();

    // Instruments in the register's order; those that fund a project first.
    let mut instrumenten: Vec<KetenInstrument<'a>> = Vec::new();
    let mut entry = |i: &'a Instrument| -> usize {
        match instrumenten.iter().position(|k| k.instrument.id == i.id) {
            Some(n) => n,
            None => {
                instrumenten.push(KetenInstrument {
                    instrument: i,
                    funds: Vec::new(),
                    fits_now: Vec::new(),
                    next: Vec::new(),
                });
                instrumenten.len() - 1
            }
        }
    };
    let mut slots: Vec<(usize, Id, u8)> = Vec::new();
    for x in &linked {
        for f in &x.funding {
            if let Some(i) = f
                .instrument
                .as_ref()
                .and_then(|id| p.instrument.iter().find(|i| &i.id == id))
            {
                slots.push((entry(i), x.id.clone(), 0));
            }
        }
        let r = route(register, PijplijnItem::from(*x));
        for s in r.now.iter().take(NU) {
            slots.push((entry(s.instrument), x.id.clone(), 1));
        }
        for s in &r.next {
            slots.push((entry(s.instrument), x.id.clone(), 2));
        }
    }
    for (n, id, kind) in slots {
        let k = &mut instrumenten[n];
        let list = match kind {
            0 => &mut k.funds,
            1 => &mut k.fits_now,
            _ => &mut k.next,
        };
        if !list.contains(&id) {
            list.push(id);
        }
    }
    instrumenten.sort_by_key(|k| {
        (
            std::cmp::Reverse(k.funds.len()),
            std::cmp::Reverse(k.fits_now.len()),
            std::cmp::Reverse(k.next.len()),
        )
    });

    // Barriers of the chain's innovations and of the innovations of the target's mission.
    let van_missie = |i: &Innovatie| i.missies.contains(&doel.missie);
    let mut barrieres: Vec<KetenBarriere<'a>> = Vec::new();
    for i in p
        .innovatie
        .iter()
        .filter(|i| eigen.contains(&i.id) || van_missie(i))
    {
        for b in &i.barrieres {
            let Some(barriere) = register.barriere(b) else {
                continue;
            };
            let n = match barrieres.iter().position(|k| &k.barriere.id == b) {
                Some(n) => n,
                None => {
                    barrieres.push(KetenBarriere {
                        barriere,
                        innovaties: Vec::new(),
                        on_chain: false,
                    });
                    barrieres.len() - 1
                }
            };
            barrieres[n].innovaties.push(i.id.clone());
            barrieres[n].on_chain |= eigen.contains(&i.id);
        }
    }
    barrieres.sort_by_key(|k| (!k.on_chain, std::cmp::Reverse(k.innovaties.len())));
    let op_keten: BTreeSet<&Id> = barrieres.iter().map(|k| &k.barriere.id).collect();
    let innovaties_keten: BTreeSet<&Id> = p
        .innovatie
        .iter()
        .filter(|i| eigen.contains(&i.id) || van_missie(i))
        .map(|i| &i.id)
        .collect();
    let aanbevelingen = p
        .aanbeveling
        .iter()
        .filter(|a| {
            a.barriere.as_ref().is_some_and(|b| op_keten.contains(b))
                || a.innovatie
                    .as_ref()
                    .is_some_and(|i| innovaties_keten.contains(i))
        })
        .collect();
    Some(Keten {
        doel,
        projecten,
        voorbeelden,
        innovaties,
        instrumenten,
        barrieres,
        aanbevelingen,
    })
}
