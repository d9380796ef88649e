//! The pieces of text a site-wide search looks through: every record of the register a
//! reader may look for (missions, targets, KIA questions, activities, instruments,
//! innovations) and every project, each as one [`Stuk`] of a known [`Soort`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use gemeten_domain::{Project, Register, Tekst};

/// What a piece is. The order is the order in which a results page groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Soort {
    Missie,
    Doel,
    KiaVraag,
    Activiteit,
    Instrument,
    Innovatie,
    Project,
    /// A ROCKET principle or a kernelement.
    Maatstaf,
    /// An element of the knowledge and innovation ecosystem (000 Figure 5).
    KiesKnoop,
}

impl Soort {
    pub const ALL: [Soort; 9] = [
        Soort::Missie,
        Soort::Doel,
        Soort::KiaVraag,
        Soort::Activiteit,
        Soort::Instrument,
        Soort::Innovatie,
        Soort::Project,
        Soort::Maatstaf,
        Soort::KiesKnoop,
    ];

    /// The name in URLs, JSON and the index (the register's table names).
    pub fn code(self) -> &'static str {
        match self {
            Soort::Missie => "missie",
            Soort::Doel => "doel",
            Soort::KiaVraag => "kia_vraag",
            Soort::Activiteit => "activiteit",
            Soort::Instrument => "instrument",
            Soort::Innovatie => "innovatie",
            Soort::Project => "project",
            Soort::Maatstaf => "maatstaf",
            Soort::KiesKnoop => "kies_knoop",
        }
    }

    /// The comma-separated codes, for error messages.
    pub fn codes() -> String {
        Soort::ALL.map(Soort::code).join(", ")
    }
}

impl fmt::Display for Soort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A name that is no [`Soort`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind '{0}'; known kinds: {codes}", codes = Soort::codes())]
pub struct OnbekendeSoort(pub String);

impl FromStr for Soort {
    type Err = OnbekendeSoort;
    fn from_str(s: &str) -> Result<Self, OnbekendeSoort> {
        let wanted = s.trim().to_ascii_lowercase();
        Soort::ALL
            .into_iter()
            .find(|k| k.code() == wanted)
            .ok_or_else(|| OnbekendeSoort(s.to_owned()))
    }
}

/// One searchable piece: its kind and key, a title, and the texts to search and quote: the
/// Dutch one (with what has no language, such as names and amounts) and the English wording
/// where the register has one. Both are searched on every page; a fragment is quoted from
/// the page's language where it can be, so that a page does not mix the two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stuk {
    pub soort: Soort,
    pub id: String,
    pub title: String,
    pub text: String,
    /// Empty when the piece has no English wording (projects, innovations, instruments).
    pub text_en: String,
}

/// Joins the parts that are there, one per line.
fn lines<'a>(parts: impl IntoIterator<Item = Option<&'a Tekst>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(Tekst::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every record of the register a reader may look for. English texts are indexed as well,
/// so a question found by its English wording leads to the same page.
pub fn register_stukken(register: &Register) -> Vec<Stuk> {
    let p = register.parts();
    let mut out = Vec::new();
    for m in &p.missie {
        out.push(Stuk {
            soort: Soort::Missie,
            id: m.code.code().to_owned(),
            title: m.title_nl.to_string(),
            text: m.text_nl.to_string(),
            text_en: lines([m.title_en.as_ref(), m.text_en.as_ref()]),
        });
    }
    for d in &p.doel {
        out.push(Stuk {
            soort: Soort::Doel,
            id: d.id.to_string(),
            title: d.indicator_nl.to_string(),
            text: d.indicator_nl.to_string(),
            text_en: lines([d.indicator_en.as_ref()]),
        });
    }
    for v in &p.kia_vraag {
        out.push(Stuk {
            soort: Soort::KiaVraag,
            id: v.id.to_string(),
            title: v.id.to_string(),
            text: v.text_nl.to_string(),
            text_en: lines([v.text_en.as_ref()]),
        });
    }
    for a in &p.activiteit {
        out.push(Stuk {
            soort: Soort::Activiteit,
            id: a.id.to_string(),
            title: format!("{} {}", a.chapter, a.number),
            text: a.text_nl.to_string(),
            text_en: lines([a.text_en.as_ref()]),
        });
    }
    for i in &p.instrument {
        out.push(Stuk {
            soort: Soort::Instrument,
            id: i.id.to_string(),
            title: i.name_nl.to_string(),
            text: lines([
                i.description_nl.as_ref(),
                i.contribution_nl.as_ref(),
                i.eligibility_nl.as_ref(),
                Some(&i.budget_text),
            ]),
            text_en: String::new(),
        });
    }
    for i in &p.innovatie {
        out.push(Stuk {
            soort: Soort::Innovatie,
            id: i.id.to_string(),
            title: i.name.to_string(),
            text: lines([
                Some(&i.description_nl),
                i.end_user_impact_nl.as_ref(),
                i.societal_impact_nl.as_ref(),
                i.economic_impact_nl.as_ref(),
            ]),
            text_en: String::new(),
        });
    }
    for m in &p.maatstaf {
        out.push(Stuk {
            soort: Soort::Maatstaf,
            id: m.id.to_string(),
            title: format!("{} ({})", m.name_nl, m.kader.label_nl()),
            text: lines([Some(&m.text_nl), m.also_nl.as_ref()]),
            text_en: lines([Some(&m.name_en), m.text_en.as_ref()]),
        });
    }
    // An element by its name, the figure's word, its kind and how each mission's row writes
    // it; in English by its English name and kind.
    for k in &p.kies_knoop {
        let mut text = vec![k.name_nl.to_string()];
        text.extend(k.label_nl.as_ref().map(|n| n.to_string()));
        text.push(k.kind.label_nl().to_string());
        for a in p.kies_pijl.iter().filter(|a| a.from == k.id) {
            text.push(a.text_nl.to_string());
        }
        text.dedup();
        let mut text_en: Vec<String> = k.name_en.iter().map(|n| n.to_string()).collect();
        text_en.push(k.kind.label_en().to_string());
        out.push(Stuk {
            soort: Soort::KiesKnoop,
            id: k.id.to_string(),
            title: k.name_nl.to_string(),
            text: text.join("\n"),
            text_en: text_en.join("\n"),
        });
    }
    out
}

/// A project as a piece: title and summary, then funder and partners, so a search for an
/// organisation finds the projects it takes part in.
pub fn project_stuk(p: &Project) -> Stuk {
    let mut text = p
        .summary
        .as_ref()
        .map(|s| s.to_string())
        .unwrap_or_default();
    for name in std::iter::once(&p.funder).chain(p.partners.iter().map(|x| &x.name)) {
        text.push('\n');
        text.push_str(name.as_str());
    }
    Stuk {
        soort: Soort::Project,
        id: p.id.to_string(),
        title: p.title.to_string(),
        text: text.trim_start().to_owned(),
        text_en: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_their_codes_only() {
        for k in Soort::ALL {
            assert_eq!(k.code().parse::<Soort>().unwrap(), k);
        }
        assert_eq!(" KIA_VRAAG ".parse::<Soort>().unwrap(), Soort::KiaVraag);
        assert_eq!("kies_knoop".parse::<Soort>().unwrap(), Soort::KiesKnoop);
        let e = "vraag".parse::<Soort>().unwrap_err().to_string();
        assert!(e.contains("'vraag'") && e.contains("kia_vraag"), "{e}");
    }
}
