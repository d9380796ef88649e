//! The register: every entity of the mission system in one value whose cross-references
//! are known to resolve.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::{
    Aanbeveling, Activiteit, Barriere, Criterium, Doel, Fase, Formulering, Id, Innovatie,
    Instrument, Kengetal, KiaVraag, KiesGraaf, KiesKnoop, KiesPijl, KiesSoort, Label, Maatstaf,
    Missie, MissieCode, Organisatie, Prioriteit, Probleem, Programma, ProgrammaBijdrage, ToCKnoop,
    ToCPijl, Trl, Tweetalig,
};

/// The tables of the register in their canonical order: the order of export files and of
/// loading (referenced tables before the ones that refer to them).
pub const TABLES: &[&str] = &[
    "missie",
    "doel",
    "toc_knoop",
    "toc_pijl",
    "kia_vraag",
    "programma",
    "instrument",
    "organisatie",
    "activiteit",
    "barriere",
    "innovatie",
    "criterium",
    "aanbeveling",
    "formulering",
    "prioriteit",
    "programma_bijdrage",
    "kengetal",
    "maatstaf",
    "kies_knoop",
    "kies_pijl",
];

/// The register's content before its cross-references are checked. This is the shape of
/// the reference dataset and of JSON exports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterParts {
    #[serde(default)]
    pub missie: Vec<Missie>,
    #[serde(default)]
    pub doel: Vec<Doel>,
    #[serde(default)]
    pub toc_knoop: Vec<ToCKnoop>,
    #[serde(default)]
    pub toc_pijl: Vec<ToCPijl>,
    #[serde(default)]
    pub kia_vraag: Vec<KiaVraag>,
    #[serde(default)]
    pub programma: Vec<Programma>,
    #[serde(default)]
    pub instrument: Vec<Instrument>,
    #[serde(default)]
    pub organisatie: Vec<Organisatie>,
    #[serde(default)]
    pub activiteit: Vec<Activiteit>,
    #[serde(default)]
    pub barriere: Vec<Barriere>,
    #[serde(default)]
    pub innovatie: Vec<Innovatie>,
    #[serde(default)]
    pub criterium: Vec<Criterium>,
    #[serde(default)]
    pub aanbeveling: Vec<Aanbeveling>,
    #[serde(default)]
    pub formulering: Vec<Formulering>,
    #[serde(default)]
    pub prioriteit: Vec<Prioriteit>,
    #[serde(default)]
    pub programma_bijdrage: Vec<ProgrammaBijdrage>,
    #[serde(default)]
    pub kengetal: Vec<Kengetal>,
    /// The ROCKET principles and the kernelementen.
    #[serde(default)]
    pub maatstaf: Vec<Maatstaf>,
    /// The elements of the knowledge and innovation ecosystem (000 Figure 5).
    #[serde(default)]
    pub kies_knoop: Vec<KiesKnoop>,
    /// Which mission's row of Figure 5 names which element.
    #[serde(default)]
    pub kies_pijl: Vec<KiesPijl>,
}

impl RegisterParts {
    /// Number of records per table, in the order of [`TABLES`].
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        let n = [
            self.missie.len(),
            self.doel.len(),
            self.toc_knoop.len(),
            self.toc_pijl.len(),
            self.kia_vraag.len(),
            self.programma.len(),
            self.instrument.len(),
            self.organisatie.len(),
            self.activiteit.len(),
            self.barriere.len(),
            self.innovatie.len(),
            self.criterium.len(),
            self.aanbeveling.len(),
            self.formulering.len(),
            self.prioriteit.len(),
            self.programma_bijdrage.len(),
            self.kengetal.len(),
            self.maatstaf.len(),
            self.kies_knoop.len(),
            self.kies_pijl.len(),
        ];
        TABLES.iter().copied().zip(n).collect()
    }

    /// Appends every record of `other`.
    pub fn extend(&mut self, other: RegisterParts) {
        self.missie.extend(other.missie);
        self.doel.extend(other.doel);
        self.toc_knoop.extend(other.toc_knoop);
        self.toc_pijl.extend(other.toc_pijl);
        self.kia_vraag.extend(other.kia_vraag);
        self.programma.extend(other.programma);
        self.instrument.extend(other.instrument);
        self.organisatie.extend(other.organisatie);
        self.activiteit.extend(other.activiteit);
        self.barriere.extend(other.barriere);
        self.innovatie.extend(other.innovatie);
        self.criterium.extend(other.criterium);
        self.aanbeveling.extend(other.aanbeveling);
        self.formulering.extend(other.formulering);
        self.prioriteit.extend(other.prioriteit);
        self.programma_bijdrage.extend(other.programma_bijdrage);
        self.kengetal.extend(other.kengetal);
        self.maatstaf.extend(other.maatstaf);
        self.kies_knoop.extend(other.kies_knoop);
        self.kies_pijl.extend(other.kies_pijl);
    }
}

/// A broken rule that spans records: a duplicate id or a reference to nothing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{table} '{key}', veld `{field}`: {reason}")]
pub struct IntegrityError {
    pub table: &'static str,
    /// Position of the record in its table, as given to [`Register::new`].
    pub index: usize,
    pub key: String,
    pub field: &'static str,
    pub reason: Tweetalig,
}

impl IntegrityError {
    /// The one problem type: the record by its table and key, the field, the reason.
    pub fn probleem(&self) -> Probleem {
        Probleem {
            reason: self.reason.clone(),
            ..Probleem::new("", "")
        }
        .record(format!("{} '{}'", self.table, self.key))
        .veld(self.field)
    }
}

/// The checked register. Tables are sorted by their key so that equal registers are equal
/// value for value, and exports are byte for byte reproducible.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Register {
    parts: RegisterParts,
}

struct Checker {
    errors: Vec<IntegrityError>,
}

impl Checker {
    fn unique<'a, T>(
        &mut self,
        table: &'static str,
        field: &'static str,
        rows: &'a [T],
        key: impl Fn(&'a T) -> String,
    ) -> HashSet<String> {
        let mut seen = HashSet::new();
        for (index, row) in rows.iter().enumerate() {
            let k = key(row);
            if !seen.insert(k.clone()) {
                self.errors.push(IntegrityError {
                    table,
                    index,
                    key: k.clone(),
                    field,
                    reason: Tweetalig::new(
                        format!("{field} '{k}' komt twee keer voor"),
                        format!("duplicate {field} '{k}'"),
                    ),
                });
            }
        }
        seen
    }

    #[allow(clippy::too_many_arguments)]
    fn refers<'a>(
        &mut self,
        table: &'static str,
        index: usize,
        key: &str,
        field: &'static str,
        target: Label,
        known: &HashSet<String>,
        refs: impl IntoIterator<Item = &'a str>,
    ) {
        for r in refs {
            if !known.contains(r) {
                self.errors.push(IntegrityError {
                    table,
                    index,
                    key: key.to_owned(),
                    field,
                    reason: Tweetalig::new(
                        format!("verwijst naar {} '{r}', die niet bestaat", target.0),
                        format!("refers to {} '{r}', which does not exist", target.1),
                    ),
                });
            }
        }
    }

    fn fail(
        &mut self,
        table: &'static str,
        index: usize,
        key: &str,
        field: &'static str,
        reason: Tweetalig,
    ) {
        self.errors.push(IntegrityError {
            table,
            index,
            key: key.to_owned(),
            field,
            reason,
        });
    }
}

fn codes(m: &[MissieCode]) -> impl Iterator<Item = &'static str> + '_ {
    m.iter().map(|c| c.code())
}

fn ids(v: &[Id]) -> impl Iterator<Item = &str> {
    v.iter().map(Id::as_str)
}

impl Register {
    /// Checks every cross-reference and uniqueness rule, and returns all violations at once
    /// so that a file can be fixed in one go.
    pub fn new(parts: RegisterParts) -> Result<Register, Vec<IntegrityError>> {
        let mut c = Checker { errors: Vec::new() };
        let p = &parts;
        let missies = c.unique("missie", "code", &p.missie, |m| m.code.code().to_owned());
        c.unique("doel", "id", &p.doel, |d| d.id.to_string());
        let knopen = c.unique("toc_knoop", "id", &p.toc_knoop, |k| k.id.to_string());
        c.unique("toc_pijl", "from", &p.toc_pijl, |a| {
            format!("{}->{}", a.from, a.to)
        });
        c.unique("kia_vraag", "id", &p.kia_vraag, |v| v.id.to_string());
        let programmas = c.unique("programma", "code", &p.programma, |x| x.code.to_string());
        let instrumenten = c.unique("instrument", "id", &p.instrument, |i| i.id.to_string());
        let orgs = c.unique("organisatie", "id", &p.organisatie, |o| o.id.to_string());
        c.unique("activiteit", "id", &p.activiteit, |a| a.id.to_string());
        let barrieres = c.unique("barriere", "id", &p.barriere, |b| b.id.to_string());
        let innovaties = c.unique("innovatie", "id", &p.innovatie, |i| i.id.to_string());
        c.unique("criterium", "id", &p.criterium, |x| x.id.to_string());
        c.unique("aanbeveling", "id", &p.aanbeveling, |a| a.id.to_string());
        c.unique("formulering", "id", &p.formulering, |f| f.id.to_string());
        c.unique("prioriteit", "id", &p.prioriteit, |x| x.id.to_string());
        c.unique("programma_bijdrage", "id", &p.programma_bijdrage, |x| {
            x.id.to_string()
        });
        c.unique("kengetal", "id", &p.kengetal, |k| k.id.to_string());
        c.unique("maatstaf", "id", &p.maatstaf, |m| m.id.to_string());
        let kies = c.unique("kies_knoop", "id", &p.kies_knoop, |k| k.id.to_string());
        c.unique("kies_pijl", "from", &p.kies_pijl, |a| {
            format!("{}->{}", a.from, a.to)
        });

        for (i, d) in p.doel.iter().enumerate() {
            let k = d.id.as_str();
            c.refers(
                "doel",
                i,
                k,
                "missie",
                Label("missie", "mission"),
                &missies,
                [d.missie.code()],
            );
            if let Some(m) = p.missie.iter().find(|m| m.code == d.missie) {
                if d.tijdpad.deadline() > m.deadline {
                    c.fail(
                        "doel",
                        i,
                        k,
                        "deadline",
                        Tweetalig::new(
                            format!(
                                "deadline {} ligt na de deadline {} van missie {}",
                                d.tijdpad.deadline(),
                                m.deadline,
                                m.code
                            ),
                            format!(
                                "deadline {} lies after the deadline {} of mission {}",
                                d.tijdpad.deadline(),
                                m.deadline,
                                m.code
                            ),
                        ),
                    );
                }
            }
        }
        let knoop_by_id: HashMap<&str, &ToCKnoop> =
            p.toc_knoop.iter().map(|k| (k.id.as_str(), k)).collect();
        for (i, k) in p.toc_knoop.iter().enumerate() {
            c.refers(
                "toc_knoop",
                i,
                k.id.as_str(),
                "missie",
                Label("missie", "mission"),
                &missies,
                [k.missie.code()],
            );
        }
        for (i, a) in p.toc_pijl.iter().enumerate() {
            let key = format!("{}->{}", a.from, a.to);
            c.refers(
                "toc_pijl",
                i,
                &key,
                "from",
                Label("knoop van de veranderingstheorie", "theory-of-change node"),
                &knopen,
                [a.from.as_str()],
            );
            c.refers(
                "toc_pijl",
                i,
                &key,
                "to",
                Label("knoop van de veranderingstheorie", "theory-of-change node"),
                &knopen,
                [a.to.as_str()],
            );
            if let (Some(f), Some(t)) = (
                knoop_by_id.get(a.from.as_str()),
                knoop_by_id.get(a.to.as_str()),
            ) {
                if f.missie != t.missie {
                    c.fail(
                        "toc_pijl",
                        i,
                        &key,
                        "to",
                        Tweetalig::new(
                            format!(
                                "verbindt missie {} met missie {}; een pad blijft binnen één missie",
                                f.missie, t.missie
                            ),
                            format!(
                                "links mission {} to mission {}; a pathway stays within one mission",
                                f.missie, t.missie
                            ),
                        ),
                    );
                } else if t.kind.stage() <= f.kind.stage() && t.kind != f.kind {
                    c.fail(
                        "toc_pijl",
                        i,
                        &key,
                        "to",
                        Tweetalig::new(
                            format!("wijst terug van {} naar {}", f.kind.code(), t.kind.code()),
                            format!("points back from {} to {}", f.kind.code(), t.kind.code()),
                        ),
                    );
                }
            }
        }
        for (i, v) in p.kia_vraag.iter().enumerate() {
            if v.missies.is_empty() {
                c.fail(
                    "kia_vraag",
                    i,
                    v.id.as_str(),
                    "missies",
                    Tweetalig::new(
                        "een vraag dient minstens één missie",
                        "a question serves at least one mission",
                    ),
                );
            }
            c.refers(
                "kia_vraag",
                i,
                v.id.as_str(),
                "missies",
                Label("missie", "mission"),
                &missies,
                codes(&v.missies),
            );
        }
        for (i, x) in p.instrument.iter().enumerate() {
            let k = x.id.as_str();
            c.refers(
                "instrument",
                i,
                k,
                "programmas",
                Label("programma", "programme"),
                &programmas,
                ids(&x.programmas),
            );
            c.refers(
                "instrument",
                i,
                k,
                "missies",
                Label("missie", "mission"),
                &missies,
                codes(&x.missies),
            );
            c.refers(
                "instrument",
                i,
                k,
                "part_of",
                Label("instrument", "instrument"),
                &instrumenten,
                x.part_of.iter().map(Id::as_str),
            );
        }
        for (i, f) in p.formulering.iter().enumerate() {
            c.refers(
                "formulering",
                i,
                f.id.as_str(),
                "missie",
                Label("missie", "mission"),
                &missies,
                [f.missie.code()],
            );
        }
        for (i, x) in p.prioriteit.iter().enumerate() {
            let k = x.id.as_str();
            c.refers(
                "prioriteit",
                i,
                k,
                "missies",
                Label("missie", "mission"),
                &missies,
                codes(&x.missies),
            );
            c.refers(
                "prioriteit",
                i,
                k,
                "initiatiefnemers",
                Label("organisatie", "organisation"),
                &orgs,
                ids(&x.initiatiefnemers),
            );
        }
        for (i, x) in p.programma_bijdrage.iter().enumerate() {
            let k = x.id.as_str();
            c.refers(
                "programma_bijdrage",
                i,
                k,
                "programma",
                Label("programma", "programme"),
                &programmas,
                [x.programma.as_str()],
            );
            if x.missies.is_empty() {
                c.fail(
                    "programma_bijdrage",
                    i,
                    k,
                    "missies",
                    Tweetalig::new(
                        "een bijdrage noemt minstens één missie",
                        "a contribution names at least one mission",
                    ),
                );
            }
            c.refers(
                "programma_bijdrage",
                i,
                k,
                "missies",
                Label("missie", "mission"),
                &missies,
                codes(&x.missies),
            );
        }
        for (i, a) in p.activiteit.iter().enumerate() {
            let k = a.id.as_str();
            c.refers(
                "activiteit",
                i,
                k,
                "missies",
                Label("missie", "mission"),
                &missies,
                codes(&a.missies),
            );
            c.refers(
                "activiteit",
                i,
                k,
                "initiatiefnemers",
                Label("organisatie", "organisation"),
                &orgs,
                ids(&a.initiatiefnemers),
            );
        }
        for (i, x) in p.innovatie.iter().enumerate() {
            let k = x.id.as_str();
            if x.missies.is_empty() {
                c.fail(
                    "innovatie",
                    i,
                    k,
                    "missies",
                    Tweetalig::new(
                        "een innovatie dient minstens één missie",
                        "an innovation serves at least one mission",
                    ),
                );
            }
            c.refers(
                "innovatie",
                i,
                k,
                "missies",
                Label("missie", "mission"),
                &missies,
                codes(&x.missies),
            );
            c.refers(
                "innovatie",
                i,
                k,
                "barrieres",
                Label("barrière", "barrier"),
                &barrieres,
                ids(&x.barrieres),
            );
        }
        for (i, x) in p.criterium.iter().enumerate() {
            c.refers(
                "criterium",
                i,
                x.id.as_str(),
                "missie",
                Label("missie", "mission"),
                &missies,
                [x.missie.code()],
            );
        }
        for (i, a) in p.aanbeveling.iter().enumerate() {
            let k = a.id.as_str();
            c.refers(
                "aanbeveling",
                i,
                k,
                "barriere",
                Label("barrière", "barrier"),
                &barrieres,
                a.barriere.iter().map(Id::as_str),
            );
            c.refers(
                "aanbeveling",
                i,
                k,
                "innovatie",
                Label("innovatie", "innovation"),
                &innovaties,
                a.innovatie.iter().map(Id::as_str),
            );
            c.refers(
                "aanbeveling",
                i,
                k,
                "organisaties",
                Label("organisatie", "organisation"),
                &orgs,
                ids(&a.organisaties),
            );
        }
        for (i, k) in p.kies_knoop.iter().enumerate() {
            let key = k.id.as_str();
            c.refers(
                "kies_knoop",
                i,
                key,
                "organisatie",
                Label("organisatie", "organisation"),
                &orgs,
                k.organisatie.iter().map(Id::as_str),
            );
            c.refers(
                "kies_knoop",
                i,
                key,
                "instrument",
                Label("instrument", "instrument"),
                &instrumenten,
                k.instrument.iter().map(Id::as_str),
            );
            c.refers(
                "kies_knoop",
                i,
                key,
                "programma",
                Label("programma", "programme"),
                &programmas,
                k.programma.iter().map(Id::as_str),
            );
        }
        for (i, a) in p.kies_pijl.iter().enumerate() {
            let key = format!("{}->{}", a.from, a.to);
            c.refers(
                "kies_pijl",
                i,
                &key,
                "from",
                Label("KIES-element", "KIES element"),
                &kies,
                [a.from.as_str()],
            );
            c.refers(
                "kies_pijl",
                i,
                &key,
                "to",
                Label("missie", "mission"),
                &missies,
                [a.to.code()],
            );
        }

        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        let mut parts = parts;
        parts.missie.sort_by_key(|m| m.code);
        parts
            .doel
            .sort_by(|a, b| (a.missie, &a.id).cmp(&(b.missie, &b.id)));
        parts
            .toc_knoop
            .sort_by(|a, b| (a.missie, a.kind, &a.id).cmp(&(b.missie, b.kind, &b.id)));
        parts
            .toc_pijl
            .sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
        parts.kia_vraag.sort_by(|a, b| a.id.cmp(&b.id));
        parts.programma.sort_by(|a, b| a.code.cmp(&b.code));
        parts.instrument.sort_by(|a, b| a.id.cmp(&b.id));
        parts.organisatie.sort_by(|a, b| a.id.cmp(&b.id));
        parts.activiteit.sort_by(|a, b| a.id.cmp(&b.id));
        parts.barriere.sort_by(|a, b| a.id.cmp(&b.id));
        parts.innovatie.sort_by(|a, b| a.id.cmp(&b.id));
        parts.criterium.sort_by(|a, b| a.id.cmp(&b.id));
        parts.aanbeveling.sort_by(|a, b| a.id.cmp(&b.id));
        parts.formulering.sort_by(|a, b| a.id.cmp(&b.id));
        parts.prioriteit.sort_by(|a, b| a.id.cmp(&b.id));
        parts.programma_bijdrage.sort_by(|a, b| a.id.cmp(&b.id));
        parts.kengetal.sort_by(|a, b| a.id.cmp(&b.id));
        parts.maatstaf.sort_by(|a, b| a.id.cmp(&b.id));
        parts
            .kies_knoop
            .sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
        parts
            .kies_pijl
            .sort_by(|a, b| (a.to, &a.from).cmp(&(b.to, &b.from)));
        Ok(Register { parts })
    }

    pub fn parts(&self) -> &RegisterParts {
        &self.parts
    }

    pub fn into_parts(self) -> RegisterParts {
        self.parts
    }

    pub fn is_empty(&self) -> bool {
        self.parts.counts().iter().all(|(_, n)| *n == 0)
    }

    pub fn missies(&self) -> &[Missie] {
        &self.parts.missie
    }

    pub fn missie(&self, code: MissieCode) -> Option<&Missie> {
        self.parts.missie.iter().find(|m| m.code == code)
    }

    pub fn organisatie(&self, id: &Id) -> Option<&Organisatie> {
        self.parts.organisatie.iter().find(|o| &o.id == id)
    }

    pub fn barriere(&self, id: &Id) -> Option<&Barriere> {
        self.parts.barriere.iter().find(|b| &b.id == id)
    }

    /// Instruments serving `missie` (if given) that can fund work at `trl` (if given).
    pub fn instrumenten(&self, missie: Option<MissieCode>, trl: Option<Trl>) -> Vec<&Instrument> {
        self.parts
            .instrument
            .iter()
            .filter(|i| missie.is_none_or(|m| i.missies.contains(&m)))
            .filter(|i| trl.is_none_or(|t| i.fits_trl(t)))
            .collect()
    }

    /// The text of a rating criterion a round may use: a criterion of 002's rounds, or one of
    /// the nine kernelementen (000 lines 5816-5848) as its name and definition; `None` for
    /// an id that is neither.
    pub fn criterium_tekst(&self, id: &Id) -> Option<String> {
        let p = &self.parts;
        if let Some(c) = p.criterium.iter().find(|c| &c.id == id) {
            return Some(c.text_nl.to_string());
        }
        p.maatstaf
            .iter()
            .find(|m| &m.id == id && m.kader == crate::Kader::Kernelement)
            .map(|m| format!("{}: {}", m.name_nl, m.text_nl))
    }

    /// The knowledge and innovation ecosystem, or the part of it linked to `missie` (if
    /// given) of `kind` (if given): its elements and their links to missions. Without a
    /// mission, elements no row of the figure names (the legend's alone) are included.
    pub fn kies(&self, missie: Option<MissieCode>, kind: Option<KiesSoort>) -> KiesGraaf<'_> {
        let p = &self.parts;
        let knopen: Vec<&KiesKnoop> = p
            .kies_knoop
            .iter()
            .filter(|k| kind.is_none_or(|s| k.kind == s))
            .filter(|k| {
                missie.is_none_or(|m| p.kies_pijl.iter().any(|a| a.from == k.id && a.to == m))
            })
            .collect();
        let ids: HashSet<&Id> = knopen.iter().map(|k| &k.id).collect();
        let pijlen = p
            .kies_pijl
            .iter()
            .filter(|a| ids.contains(&a.from))
            .filter(|a| missie.is_none_or(|m| a.to == m))
            .collect();
        KiesGraaf {
            knopen,
            pijlen,
            alle_pijlen: &p.kies_pijl,
        }
    }

    /// The KIES element `id`.
    pub fn kies_knoop(&self, id: &Id) -> Option<&KiesKnoop> {
        self.parts.kies_knoop.iter().find(|k| &k.id == id)
    }

    /// The name of innovation `id`, or the id itself when the register has no such innovation
    /// (a round or project may name one that was never curated).
    pub fn innovatie_naam<'a>(&'a self, id: &'a Id) -> &'a str {
        self.parts
            .innovatie
            .iter()
            .find(|i| &i.id == id)
            .map_or(id.as_str(), |i| i.name.as_str())
    }

    /// Innovations serving `missie` (if given) whose own element is in `fase` (if given).
    pub fn innovaties(&self, missie: Option<MissieCode>, fase: Option<Fase>) -> Vec<&Innovatie> {
        self.parts
            .innovatie
            .iter()
            .filter(|i| missie.is_none_or(|m| i.missies.contains(&m)))
            .filter(|i| fase.is_none_or(|f| i.phase_innovation == Some(f)))
            .collect()
    }

    /// Everything linked to one mission, for its page and `gemeten mission`.
    pub fn overzicht(&self, code: MissieCode) -> Option<MissieOverzicht<'_>> {
        let missie = self.missie(code)?;
        let p = &self.parts;
        let knopen: Vec<&ToCKnoop> = p.toc_knoop.iter().filter(|k| k.missie == code).collect();
        let knoop_ids: HashSet<&Id> = knopen.iter().map(|k| &k.id).collect();
        Some(MissieOverzicht {
            missie,
            doelen: p.doel.iter().filter(|d| d.missie == code).collect(),
            toc_pijlen: p
                .toc_pijl
                .iter()
                .filter(|a| knoop_ids.contains(&a.from))
                .collect(),
            toc_knopen: knopen,
            kia_vragen: p
                .kia_vraag
                .iter()
                .filter(|v| v.missies.contains(&code))
                .collect(),
            activiteiten: p
                .activiteit
                .iter()
                .filter(|a| a.missies.contains(&code))
                .collect(),
            instrumenten: self.instrumenten(Some(code), None),
            innovaties: self.innovaties(Some(code), None),
            criteria: p.criterium.iter().filter(|c| c.missie == code).collect(),
            formuleringen: p.formulering.iter().filter(|f| f.missie == code).collect(),
            prioriteiten: p
                .prioriteit
                .iter()
                .filter(|x| x.missies.contains(&code))
                .collect(),
            programma_bijdragen: p
                .programma_bijdrage
                .iter()
                .filter(|x| x.missies.contains(&code))
                .collect(),
        })
    }
}

/// A mission with everything the register links to it.
#[derive(Debug, Clone, Serialize)]
pub struct MissieOverzicht<'a> {
    pub missie: &'a Missie,
    pub doelen: Vec<&'a Doel>,
    pub toc_knopen: Vec<&'a ToCKnoop>,
    pub toc_pijlen: Vec<&'a ToCPijl>,
    pub kia_vragen: Vec<&'a KiaVraag>,
    pub activiteiten: Vec<&'a Activiteit>,
    pub instrumenten: Vec<&'a Instrument>,
    pub innovaties: Vec<&'a Innovatie>,
    pub criteria: Vec<&'a Criterium>,
    /// Other wordings of the mission, each with its source.
    pub formuleringen: Vec<&'a Formulering>,
    /// The KIA's priorities that name this mission (most serve the whole KIA).
    pub prioriteiten: Vec<&'a Prioriteit>,
    /// The care agreements and programmes that 000's Tabel 2 links to this mission.
    pub programma_bijdragen: Vec<&'a ProgrammaBijdrage>,
}
