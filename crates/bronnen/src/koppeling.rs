//! The mapping file: how one publisher's table becomes observations. See the crate
//! documentation for the format; this module reads it and refuses a mapping that cannot be
//! applied unambiguously before any data is read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use gemeten_domain::Tweetalig;

use crate::BronFout;

/// A mapping file, read and checked ([`Koppeling::lees`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Koppeling {
    /// What the mapping reads, for people.
    #[serde(default)]
    pub omschrijving: String,
    /// The file names this mapping is made for (the shipped ones are found by these).
    #[serde(default)]
    pub bestanden: Vec<String>,
    /// The CBS table whose OData `TypedDataSet` this mapping reads (e.g. `71950ned`).
    #[serde(default)]
    pub cbs_tabel: String,
    /// The publication, stamped into every observation's `source`.
    pub bron: String,
    /// The licence under which the figures may be shown again (added to `source`).
    #[serde(default)]
    pub licentie: String,
    #[serde(default)]
    pub formaat: Formaat,
    pub periode: Kolomkoppeling,
    #[serde(default = "nederland")]
    pub regio: Kolomkoppeling,
    #[serde(default = "leeg")]
    pub geslacht: Kolomkoppeling,
    #[serde(default = "leeg")]
    pub leeftijdsklasse: Kolomkoppeling,
    #[serde(default)]
    pub ses: Option<SesKoppeling>,
    /// Named columns that only select rows for a measure (age `0` or `65`, an indicator
    /// name): their codes map to the values the measures' `waar` conditions use.
    #[serde(default)]
    pub kenmerk: BTreeMap<String, Kolomkoppeling>,
    #[serde(default)]
    pub marges: Option<Marges>,
    /// The column with the publisher's significance text, if any.
    #[serde(default)]
    pub significantie: Option<String>,
    /// The column with the publisher's status of the figure, if any.
    #[serde(default)]
    pub publicatiestatus: Option<String>,
    pub maat: Vec<Maat>,
}

/// How the file is written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formaat {
    /// One character: `,` (default) or `;` (StatLine exports, VZinfo downloads).
    #[serde(default = "komma")]
    pub scheidingsteken: String,
    /// Numbers are written `81,35`.
    #[serde(default)]
    pub decimaalkomma: bool,
    /// Cell texts meaning "no value": the row gives no observation for that column.
    #[serde(default = "alleen_leeg")]
    pub ontbrekend: Vec<String>,
    /// Lines starting with this character are comments (one character, e.g. `#`).
    #[serde(default)]
    pub commentaar: Option<String>,
    /// Lines whose first cell starts with one of these are a footer (`Bron: CBS`).
    #[serde(default)]
    pub voettekst: Vec<String>,
}

impl Default for Formaat {
    fn default() -> Self {
        Formaat {
            scheidingsteken: komma(),
            decimaalkomma: false,
            ontbrekend: alleen_leeg(),
            commentaar: None,
            voettekst: Vec::new(),
        }
    }
}

/// One dimension or selecting column: a constant (`waarde`) or a column (`kolom`) whose
/// texts are translated by `codes`. With `codes` every text in the column must be a known
/// code or listed under `negeer` (such rows are skipped); without `codes` the text is taken
/// as it is and checked by the catalogue (a period `2021JJ00`, a region code `GM0363`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kolomkoppeling {
    #[serde(default)]
    pub waarde: Option<String>,
    #[serde(default)]
    pub kolom: Option<String>,
    #[serde(default)]
    pub codes: BTreeMap<String, String>,
    #[serde(default)]
    pub negeer: Vec<String>,
}

/// The socio-economic breakdown: one fixed `dimensie` with the groups in `kolom`, or a
/// `dimensie_kolom` naming the breakdown per row (translated by `dimensies`; `""` = none),
/// with the groups of each breakdown translated by `groepen.<dimensie>`. A group translated
/// to `""` means all groups together.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SesKoppeling {
    #[serde(default)]
    pub dimensie: Option<String>,
    #[serde(default)]
    pub dimensie_kolom: Option<String>,
    #[serde(default)]
    pub dimensies: BTreeMap<String, String>,
    pub kolom: String,
    /// Group codes of the fixed dimension, and of rows without a breakdown.
    #[serde(default)]
    pub codes: BTreeMap<String, String>,
    #[serde(default)]
    pub groepen: BTreeMap<String, BTreeMap<String, String>>,
    /// Codes in the dimension column (or, with a fixed dimension, the group column) whose
    /// rows are skipped.
    #[serde(default)]
    pub negeer: Vec<String>,
}

/// CBS's margin rows: in `kolom`, `waarde` marks a row of values and `marge` a row of
/// 95 % margins, which become `lower = value − margin` and `upper = value + margin` of the
/// value row that matches in every other column.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marges {
    pub kolom: String,
    pub waarde: String,
    pub marge: String,
    #[serde(default)]
    pub negeer: Vec<String>,
}

/// A value column and the KPI it measures, only on rows meeting `waar` (kenmerk → value).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Maat {
    pub kolom: String,
    pub kpi: String,
    #[serde(default)]
    pub waar: BTreeMap<String, String>,
}

fn komma() -> String {
    ",".to_owned()
}
fn alleen_leeg() -> Vec<String> {
    vec![String::new()]
}
fn nederland() -> Kolomkoppeling {
    Kolomkoppeling {
        waarde: Some("NL01".to_owned()),
        ..Kolomkoppeling::default()
    }
}
fn leeg() -> Kolomkoppeling {
    Kolomkoppeling {
        waarde: Some(String::new()),
        ..Kolomkoppeling::default()
    }
}

impl Koppeling {
    /// Reads a mapping from TOML text; `naam` names it in messages. Refuses what could not be
    /// applied unambiguously: a dimension that is neither constant nor a column, a code both
    /// translated and ignored, a condition on an unknown kenmerk or value, and two measures
    /// that could send two columns to one observation.
    pub fn lees(tekst: &str, naam: &str) -> Result<Koppeling, BronFout> {
        let k: Koppeling = toml::from_str(tekst).map_err(|e| BronFout::Koppeling {
            koppeling: naam.to_owned(),
            reden: toml_reden(tekst, &e),
        })?;
        k.controleer().map_err(|reden| BronFout::Koppeling {
            koppeling: naam.to_owned(),
            reden,
        })?;
        Ok(k)
    }

    /// [`Koppeling::lees`] on a file.
    pub fn lees_bestand(pad: &Path) -> Result<Koppeling, BronFout> {
        let naam = pad.display().to_string();
        let tekst = std::fs::read_to_string(pad).map_err(|bron| BronFout::Io {
            bestand: naam.clone(),
            bron,
        })?;
        Koppeling::lees(&tekst, &naam)
    }

    /// The text stamped into each observation's `source`: the publication and its licence.
    pub fn bron_tekst(&self) -> String {
        if self.licentie.is_empty() {
            self.bron.clone()
        } else {
            format!("{} ({})", self.bron, self.licentie)
        }
    }

    /// Every column the mapping reads, with what it is for (for the header check).
    pub fn kolommen(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let dims = [
            &self.periode,
            &self.regio,
            &self.geslacht,
            &self.leeftijdsklasse,
        ];
        out.extend(dims.iter().filter_map(|d| d.kolom.clone()));
        out.extend(self.kenmerk.values().filter_map(|d| d.kolom.clone()));
        if let Some(s) = &self.ses {
            out.push(s.kolom.clone());
            out.extend(s.dimensie_kolom.clone());
        }
        if let Some(m) = &self.marges {
            out.push(m.kolom.clone());
        }
        out.extend(self.significantie.clone());
        out.extend(self.publicatiestatus.clone());
        out.extend(self.maat.iter().map(|m| m.kolom.clone()));
        let mut seen = BTreeSet::new();
        out.retain(|c| seen.insert(c.clone()));
        out
    }

    fn controleer(&self) -> Result<(), Tweetalig> {
        if self.bron.trim().is_empty() {
            return Err(Tweetalig::new(
                "'bron' is leeg: elke waarneming moet zeggen waar ze vandaan komt",
                "'bron' is empty: every observation must say where it comes from",
            ));
        }
        if self.formaat.scheidingsteken.len() != 1 {
            let t = &self.formaat.scheidingsteken;
            return Err(Tweetalig::new(
                format!("formaat.scheidingsteken '{t}' moet één teken zijn, zoals , of ;"),
                format!("formaat.scheidingsteken '{t}' must be one character, such as , or ;"),
            ));
        }
        if let Some(c) = &self.formaat.commentaar {
            if c.len() != 1 {
                return Err(Tweetalig::new(
                    format!("formaat.commentaar '{c}' moet één teken zijn, zoals #"),
                    format!("formaat.commentaar '{c}' must be one character, such as #"),
                ));
            }
        }
        let mut dims: Vec<(String, &Kolomkoppeling)> = vec![
            ("periode".into(), &self.periode),
            ("regio".into(), &self.regio),
            ("geslacht".into(), &self.geslacht),
            ("leeftijdsklasse".into(), &self.leeftijdsklasse),
        ];
        dims.extend(
            self.kenmerk
                .iter()
                .map(|(n, k)| (format!("kenmerk.{n}"), k)),
        );
        for (naam, d) in &dims {
            match (&d.waarde, &d.kolom) {
                (Some(_), None) | (None, Some(_)) => {}
                _ => {
                    return Err(Tweetalig::new(
                        format!("[{naam}] moet óf 'waarde' (vast) óf 'kolom' hebben"),
                        format!("[{naam}] must have either 'waarde' (fixed) or 'kolom'"),
                    ))
                }
            }
            dubbel_genegeerd(naam, &d.codes, &d.negeer)?;
        }
        for (naam, k) in &self.kenmerk {
            if k.kolom.is_some() && k.codes.is_empty() {
                return Err(Tweetalig::new(
                    format!(
                        "[kenmerk.{naam}] heeft geen 'codes': noem elke code van de kolom en de \
                         waarde die de maten in 'waar' gebruiken"
                    ),
                    format!(
                        "[kenmerk.{naam}] has no 'codes': name every code of the column and \
                         the value the measures use in 'waar'"
                    ),
                ));
            }
        }
        if let Some(s) = &self.ses {
            match (&s.dimensie, &s.dimensie_kolom) {
                (Some(_), None) | (None, Some(_)) => {}
                _ => {
                    return Err(Tweetalig::new(
                        "[ses] moet óf 'dimensie' (vast) óf 'dimensie_kolom' hebben",
                        "[ses] must have either 'dimensie' (fixed) or 'dimensie_kolom'",
                    ))
                }
            }
            if s.dimensie_kolom.is_some() && s.dimensies.is_empty() {
                return Err(Tweetalig::new(
                    "[ses] met 'dimensie_kolom' heeft 'dimensies' nodig (code → SES-indeling)",
                    "[ses] with 'dimensie_kolom' needs 'dimensies' (code → SES breakdown)",
                ));
            }
            dubbel_genegeerd("ses", &s.dimensies, &s.negeer)?;
            if s.dimensie.is_some() {
                dubbel_genegeerd("ses", &s.codes, &s.negeer)?;
            }
        }
        if self.maat.is_empty() {
            return Err(Tweetalig::new(
                "geen [[maat]]: noem minstens één waardekolom en zijn KPI",
                "no [[maat]]: name at least one value column and its KPI",
            ));
        }
        for m in &self.maat {
            for (kenmerk, waarde) in &m.waar {
                let Some(k) = self.kenmerk.get(kenmerk) else {
                    let bekend = self.kenmerk.keys().cloned().collect::<Vec<_>>().join(", ");
                    return Err(Tweetalig::new(
                        format!(
                            "maat '{}' ({}) stelt een voorwaarde op onbekend kenmerk \
                             '{kenmerk}' (bekend: {bekend})",
                            m.kolom, m.kpi
                        ),
                        format!(
                            "measure '{}' ({}) sets a condition on unknown feature \
                             '{kenmerk}' (known: {bekend})",
                            m.kolom, m.kpi
                        ),
                    ));
                };
                let mogelijk = match (&k.waarde, k.codes.is_empty()) {
                    (Some(w), _) => w == waarde,
                    (None, false) => k.codes.values().any(|v| v == waarde),
                    (None, true) => true,
                };
                if !mogelijk {
                    return Err(Tweetalig::new(
                        format!(
                            "maat '{}' ({}) vraagt {kenmerk} = '{waarde}', maar geen code van \
                             kenmerk '{kenmerk}' geeft die waarde",
                            m.kolom, m.kpi
                        ),
                        format!(
                            "measure '{}' ({}) asks {kenmerk} = '{waarde}', but no code of \
                             feature '{kenmerk}' gives that value",
                            m.kolom, m.kpi
                        ),
                    ));
                }
            }
        }
        // Two measures of one KPI whose conditions can hold on the same row would put two
        // values on one observation; which one is meant is the mapping's to say.
        for (i, a) in self.maat.iter().enumerate() {
            for b in &self.maat[i + 1..] {
                let verenigbaar = a
                    .waar
                    .iter()
                    .all(|(k, v)| b.waar.get(k).is_none_or(|w| w == v));
                if a.kpi == b.kpi && verenigbaar {
                    return Err(Tweetalig::new(
                        format!(
                            "kolom '{}' en kolom '{}' geven allebei KPI '{}' op dezelfde rijen: \
                             één waarneming kan maar één waarde hebben (onderscheid ze met \
                             'waar')",
                            a.kolom, b.kolom, a.kpi
                        ),
                        format!(
                            "columns '{}' and '{}' both give KPI '{}' on the same rows: an \
                             observation has only one value (tell them apart with 'waar')",
                            a.kolom, b.kolom, a.kpi
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// TOML's refusal as its message and line, in both languages (its own text is English and
/// draws the line with ASCII art).
fn toml_reden(tekst: &str, e: &toml::de::Error) -> Tweetalig {
    let reden = Tweetalig::uit_bibliotheek(e.message().trim());
    match e.span() {
        Some(span) => {
            let regel = tekst[..span.start.min(tekst.len())].matches('\n').count() + 1;
            Tweetalig::new(
                format!("regel {regel}: {}", reden.nl),
                format!("line {regel}: {}", reden.en),
            )
        }
        None => reden,
    }
}

fn dubbel_genegeerd(
    naam: &str,
    codes: &BTreeMap<String, String>,
    negeer: &[String],
) -> Result<(), Tweetalig> {
    match negeer.iter().find(|n| codes.contains_key(*n)) {
        Some(n) => Err(Tweetalig::new(
            format!("[{naam}]: code '{n}' staat zowel onder 'codes' als onder 'negeer'"),
            format!("[{naam}]: code '{n}' is under both 'codes' and 'negeer'"),
        )),
        None => Ok(()),
    }
}
