//! The knowledge and innovation ecosystem of Health & Care (KIES-G&Z, 000 Figure 5, lines
//! 6181-6327, legend 6496-6535): per mission the key enabling technologies and multi-year
//! programmes, key enabling methodologies, public-private partnerships, NWA routes, top
//! sectors and care agreements. An element ([`KiesKnoop`]) is one thing the legend or the
//! figure names; a link ([`KiesPijl`]) says that the figure's row of a mission names it. An
//! element may be the same thing as an organisation, instrument or programme of the register;
//! the register checks that every such link and every mission exists.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::{Bron, Id, KiesSoort, Lang, MissieCode, Project, ProjectStatus, Register, Tekst};

/// One element of the KIES, as the document names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KiesKnoop {
    pub id: Id,
    pub kind: KiesSoort,
    /// The name as the legend writes it (or the figure, for an element only the figure names).
    pub name_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<Tekst>,
    /// The document (Dutch) gives the name in English ("Building Blocks of Life (MJP2)"):
    /// pages mark it `lang="en"` among Dutch text and need no translation of it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub name_is_english: bool,
    /// The short word the figure writes in its cells ("LSH", "Co-creatie", "MJP16").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_nl: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_source: Option<Bron>,
    /// The same thing as an organisation of the register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisatie: Option<Id>,
    /// The same thing as an instrument of the register (a Nationaal Groeifonds project).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<Id>,
    /// The same thing as a care agreement or programme of the register (its code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programma: Option<Id>,
    pub source: Bron,
}

impl KiesKnoop {
    /// The short label drawn in the graph: the figure's word, else the name.
    pub fn label(&self) -> &str {
        self.label_nl.as_ref().unwrap_or(&self.name_nl).as_str()
    }

    /// The language of the document's name (and label) of the element.
    pub fn name_lang(&self) -> Lang {
        if self.name_is_english {
            Lang::En
        } else {
            Lang::Nl
        }
    }

    /// The name for a page in `lang`, and the `lang` attribute it needs there (the language
    /// of the name where it differs from the page's).
    pub fn name(&self, lang: Lang) -> (&str, Option<&'static str>) {
        match (lang, &self.name_en) {
            (Lang::En, Some(en)) => (en.as_str(), None),
            _ => (
                self.name_nl.as_str(),
                (self.name_lang() != lang).then_some(self.name_lang().code()),
            ),
        }
    }
}

/// "The figure's row of mission `to` names element `from`": `text_nl` is how that row's cell
/// writes it, verbatim, with the cell's lines (for a care agreement: the row of Tabel 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KiesPijl {
    pub from: Id,
    pub to: MissieCode,
    pub text_nl: Tekst,
    pub source: Bron,
}

/// The part of the KIES a query asks for: the elements and the links among them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KiesGraaf<'a> {
    /// Elements in the order of their kind, then of their id.
    pub knopen: Vec<&'a KiesKnoop>,
    /// Links to missions whose element is among `knopen`, by mission then element.
    pub pijlen: Vec<&'a KiesPijl>,
    /// Every link of the register, also those outside the query (for an element's missions).
    #[serde(skip)]
    pub alle_pijlen: &'a [KiesPijl],
}

impl KiesGraaf<'_> {
    /// All missions `id` is linked to (not only the queried one), in mission order.
    pub fn missies_van(&self, id: &Id) -> Vec<MissieCode> {
        let mut m: Vec<MissieCode> = self
            .alle_pijlen
            .iter()
            .filter(|p| &p.from == id)
            .map(|p| p.to)
            .collect();
        m.sort();
        m.dedup();
        m
    }

    /// The elements of `kind`.
    pub fn van_soort(&self, kind: KiesSoort) -> Vec<&KiesKnoop> {
        self.knopen
            .iter()
            .copied()
            .filter(|k| k.kind == kind)
            .collect()
    }
}

/// How many projects link an element (their `kies` list): real ones and made-up examples
/// (ids `vb-…`) apart, as every page that counts projects keeps them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KiesProjecten {
    pub echt: usize,
    pub voorbeeld: usize,
}

impl KiesProjecten {
    pub fn totaal(&self) -> usize {
        self.echt + self.voorbeeld
    }
}

/// Whether a project is a made-up example (id `vb-…`), not a real one.
pub fn is_voorbeeld(id: &Id) -> bool {
    id.as_str().starts_with("vb-")
}

/// Per element, the projects that link it (elements no project links are not in the map).
pub fn kies_tellingen<'a>(
    projects: impl IntoIterator<Item = &'a Project>,
) -> BTreeMap<Id, KiesProjecten> {
    let mut out: BTreeMap<Id, KiesProjecten> = BTreeMap::new();
    for p in projects {
        for k in &p.kies {
            let t = out.entry(k.clone()).or_default();
            if is_voorbeeld(&p.id) {
                t.voorbeeld += 1;
            } else {
                t.echt += 1;
            }
        }
    }
    out
}

/// An element with the missions whose rows name it and how many projects link it (the API's
/// and `gemeten kies --json`'s node).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KiesKnoopMetMissies<'a> {
    #[serde(flatten)]
    pub knoop: &'a KiesKnoop,
    pub missies: Vec<MissieCode>,
    pub projecten: KiesProjecten,
}

/// A link from an element to the register record that is the same thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KiesVerwijzing<'a> {
    pub from: &'a Id,
    /// `organisatie`, `instrument` or `programma`.
    pub to_kind: &'static str,
    pub to: &'a Id,
}

/// The graph as the API and the CLI give it: the filter, the elements with their missions,
/// the links to missions and the links to organisations, instruments and programmes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KiesOverzicht<'a> {
    pub missie: Option<MissieCode>,
    pub kind: Option<KiesSoort>,
    pub knopen: Vec<KiesKnoopMetMissies<'a>>,
    pub pijlen: Vec<&'a KiesPijl>,
    pub verwijzingen: Vec<KiesVerwijzing<'a>>,
}

impl<'a> KiesGraaf<'a> {
    /// The links from the elements to organisations, instruments and programmes.
    pub fn verwijzingen(&self) -> Vec<KiesVerwijzing<'a>> {
        let mut out = Vec::new();
        for k in &self.knopen {
            for (to_kind, to) in [
                ("organisatie", &k.organisatie),
                ("instrument", &k.instrument),
                ("programma", &k.programma),
            ] {
                if let Some(to) = to {
                    out.push(KiesVerwijzing {
                        from: &k.id,
                        to_kind,
                        to,
                    });
                }
            }
        }
        out
    }

    /// The graph with its filter and the projects per element (see [`kies_tellingen`]), for
    /// JSON.
    pub fn overzicht(
        &self,
        missie: Option<MissieCode>,
        kind: Option<KiesSoort>,
        tellingen: &BTreeMap<Id, KiesProjecten>,
    ) -> KiesOverzicht<'a> {
        KiesOverzicht {
            missie,
            kind,
            knopen: self
                .knopen
                .iter()
                .map(|k| KiesKnoopMetMissies {
                    knoop: k,
                    missies: self.missies_van(&k.id),
                    projecten: tellingen.get(&k.id).copied().unwrap_or_default(),
                })
                .collect(),
            pijlen: self.pijlen.clone(),
            verwijzingen: self.verwijzingen(),
        }
    }
}

/// A project that links an element, as a row of the element's list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KiesProjectRegel<'a> {
    pub id: &'a Id,
    pub title: &'a Tekst,
    pub funder: &'a Tekst,
    pub status: ProjectStatus,
    pub missies: &'a [MissieCode],
    /// A made-up example (id `vb-…`), not a real project.
    pub voorbeeld: bool,
}

/// One element with everything about it: its missions and project counts, the figure's
/// links to missions (the cells' words), the register's records it is, and the projects
/// that link it, by id (`GET /api/v1/kies/{id}` pages `items`; `gemeten kies ID`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KiesElement<'a> {
    #[serde(flatten)]
    pub knoop: KiesKnoopMetMissies<'a>,
    pub pijlen: Vec<&'a KiesPijl>,
    pub verwijzingen: Vec<KiesVerwijzing<'a>>,
    pub items: Vec<KiesProjectRegel<'a>>,
}

impl Register {
    /// Element `id` of the ecosystem with the projects of `projects` that link it.
    pub fn kies_element<'a>(&'a self, id: &Id, projects: &'a [Project]) -> Option<KiesElement<'a>> {
        let k = self.kies_knoop(id)?;
        let alle = &self.parts().kies_pijl;
        let graaf = KiesGraaf {
            knopen: vec![k],
            pijlen: alle.iter().filter(|a| &a.from == id).collect(),
            alle_pijlen: alle,
        };
        let mut items: Vec<KiesProjectRegel<'a>> = projects
            .iter()
            .filter(|p| p.kies.contains(id))
            .map(|p| KiesProjectRegel {
                id: &p.id,
                title: &p.title,
                funder: &p.funder,
                status: p.status,
                missies: &p.missies,
                voorbeeld: is_voorbeeld(&p.id),
            })
            .collect();
        items.sort_by(|a, b| a.id.cmp(b.id));
        let tellingen = kies_tellingen(projects.iter().filter(|p| p.kies.contains(id)));
        let o = graaf.overzicht(None, None, &tellingen);
        Some(KiesElement {
            knoop: o.knopen.into_iter().next()?,
            pijlen: o.pijlen,
            verwijzingen: o.verwijzingen,
            items,
        })
    }
}
