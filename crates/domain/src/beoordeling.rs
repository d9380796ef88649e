//! Assessments on a framework of the KIA: the ROCKET principles (000 Tabel 3, lines
//! 1764-1780; 001 lines 188-198) and the nine kernelementen (000 lines 5816-5848). The
//! principles are register records ([`Maatstaf`]); an assessment ([`Beoordeling`]) of a
//! project, instrument, call or innovation judges each principle of one framework with a
//! score or a judgement and a justification. A call ([`Oproep`], an instrument opening with a
//! period) can require a ROCKET self-assessment and a stated contribution to a target (such
//! as the "−30", the SES gap) of the projects submitted to it ([`Aanvraag`]).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::monitoring::Datum;
use crate::{Bron, Id, Kader, OnderwerpSoort, Probleem, Problemen, Tekst};

/// The lowest and highest score of a principle: 1 = not met at all, 5 = fully met.
pub const SCORE_MIN: u8 = 1;
pub const SCORE_MAX: u8 = 5;

/// One principle of a framework, as the document words it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Maatstaf {
    pub id: Id,
    pub kader: Kader,
    /// The ROCKET letter ("R"); absent for a kernelement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<Tekst>,
    /// The principle's name as the document writes it ("Raadpleeg", "Baten").
    pub name_nl: Tekst,
    pub name_en: Tekst,
    /// The whole principle, verbatim.
    pub text_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<Tekst>,
    /// Another place that lists the principle (001's footnote for ROCKET, 000's list of
    /// seven kernelementen), verbatim, with its source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub also_nl: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub also_source: Option<Bron>,
    /// Where Figure 5 of 000 names it (its list of eight kernelementen), verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure_nl: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure_source: Option<Bron>,
    pub source: Bron,
}

/// The principles of `kader` in the document's order: ROCKET by its letters, the
/// kernelementen as 000 lists them (alphabetically).
pub fn van_kader(maatstaven: &[Maatstaf], kader: Kader) -> Vec<&Maatstaf> {
    let mut out: Vec<&Maatstaf> = maatstaven.iter().filter(|m| m.kader == kader).collect();
    let pos = |m: &Maatstaf| {
        m.letter
            .as_ref()
            .and_then(|l| "ROCKET".find(l.as_str()))
            .unwrap_or(usize::MAX)
    };
    out.sort_by(|a, b| pos(a).cmp(&pos(b)).then_with(|| a.id.cmp(&b.id)));
    out
}

impl Maatstaf {
    /// The name in `lang`.
    pub fn name(&self, lang: crate::Lang) -> &str {
        lang.t(self.name_nl.as_str(), self.name_en.as_str())
    }
}

/// The judgement of one principle: a score, a judgement in words, or both, and always why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Oordeel {
    pub maatstaf: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oordeel: Option<Tekst>,
    pub toelichting: Tekst,
}

/// An assessment of one subject on one framework, by one assessor on one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Beoordeling {
    pub soort: OnderwerpSoort,
    pub onderwerp: Id,
    pub kader: Kader,
    pub oordelen: Vec<Oordeel>,
    /// The assessor: a username, or the project itself for a self-assessment.
    pub beoordelaar: Id,
    pub datum: Datum,
    /// A project's own assessment, submitted with it to a call.
    #[serde(default)]
    pub zelfbeoordeling: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oproep: Option<Id>,
}

/// The judgements of one framework checked against the register's principles: every
/// principle of `kader` exactly once and no other, a score within
/// [`SCORE_MIN`]..=[`SCORE_MAX`] or a judgement, a justification. Every problem comes back,
/// each naming its field (`oordelen[i].score`) and, where it has one, the principle.
pub fn check_oordelen(
    kader: Kader,
    oordelen: &[Oordeel],
    maatstaven: &[Maatstaf],
) -> Result<(), Problemen> {
    let mut problems = Vec::new();
    let of_kader = van_kader(maatstaven, kader);
    let mut seen = BTreeSet::new();
    for (i, o) in oordelen.iter().enumerate() {
        let at = |f: &str| format!("oordelen[{i}].{f}");
        let key = o.maatstaf.as_str();
        match maatstaven.iter().find(|m| m.id == o.maatstaf) {
            None => problems.push(Probleem::bij_veld(
                at("maatstaf"),
                format!("'{key}' is geen principe of kernelement van het register"),
                format!("'{key}' is not a principle or core element of the register"),
            )),
            Some(m) if m.kader != kader => problems.push(Probleem::bij_veld(
                at("maatstaf"),
                format!(
                    "'{key}' hoort bij de {}, niet bij de {}",
                    m.kader.label_nl(),
                    kader.label_nl()
                ),
                format!(
                    "'{key}' belongs to the {}, not to the {}",
                    m.kader.label_en(),
                    kader.label_en()
                ),
            )),
            Some(_) => {}
        }
        if !seen.insert(key) {
            problems.push(Probleem::bij_veld(
                at("maatstaf"),
                format!("'{key}' is twee keer beoordeeld"),
                format!("'{key}' is assessed twice"),
            ));
        }
        if let Some(s) = o.score {
            if !(SCORE_MIN..=SCORE_MAX).contains(&s) {
                problems.push(Probleem::bij_veld(
                    at("score"),
                    format!("score {s} van '{key}' ligt niet tussen {SCORE_MIN} en {SCORE_MAX}"),
                    format!("score {s} of '{key}' is outside {SCORE_MIN}-{SCORE_MAX}"),
                ));
            }
        }
        if o.score.is_none()
            && o.oordeel
                .as_ref()
                .is_none_or(|t| t.as_str().trim().is_empty())
        {
            problems.push(Probleem::bij_veld(
                at("score"),
                format!("'{key}' heeft een score of een oordeel nodig"),
                format!("'{key}' needs a score or a judgement"),
            ));
        }
        if o.toelichting.as_str().trim().is_empty() {
            problems.push(Probleem::bij_veld(
                at("toelichting"),
                format!("'{key}' heeft een toelichting nodig"),
                format!("'{key}' needs a justification"),
            ));
        }
    }
    let missing: Vec<&str> = of_kader
        .iter()
        .map(|m| m.id.as_str())
        .filter(|k| !seen.contains(k))
        .collect();
    if !missing.is_empty() {
        problems.push(Probleem::bij_veld(
            "oordelen",
            format!(
                "de beoordeling op de {} mist: {}",
                kader.label_nl(),
                missing.join(", ")
            ),
            format!(
                "the assessment on the {} lacks: {}",
                kader.label_en(),
                missing.join(", ")
            ),
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problemen(problems))
    }
}

impl Beoordeling {
    /// See [`check_oordelen`].
    pub fn check(&self, maatstaven: &[Maatstaf]) -> Result<(), Problemen> {
        check_oordelen(self.kader, &self.oordelen, maatstaven)
    }

    /// The mean of the scores given (judgements in words only count for nothing).
    pub fn gemiddelde(&self) -> Option<f64> {
        let scores: Vec<f64> = self
            .oordelen
            .iter()
            .filter_map(|o| o.score.map(f64::from))
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }
}

/// A call: an instrument opening for applications in a period, with what it requires of each
/// project submitted to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Oproep {
    pub id: Id,
    pub instrument: Id,
    pub title_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<Tekst>,
    pub opens: Datum,
    pub closes: Datum,
    /// Every project needs a ROCKET self-assessment.
    #[serde(default)]
    pub requires_rocket: bool,
    /// Every project needs to state its contribution to this target (e.g. `C-ses-verschil`,
    /// the "−30").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_target: Option<Id>,
}

impl Oproep {
    /// A call closes on or after the day it opens.
    pub fn check(&self) -> Result<(), Probleem> {
        if self.closes < self.opens {
            return Err(Probleem::bij_veld(
                "closes",
                format!(
                    "de oproep sluit ({}) vóór hij opent ({})",
                    self.closes, self.opens
                ),
                format!(
                    "the call closes ({}) before it opens ({})",
                    self.closes, self.opens
                ),
            ));
        }
        Ok(())
    }
}

/// A project's stated contribution to a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bijdrage {
    pub project: Id,
    pub doel: Id,
    pub toelichting: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oproep: Option<Id>,
}

/// A contribution as an application states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GesteldeBijdrage {
    pub doel: Id,
    pub toelichting: Tekst,
}

/// What a project brings to a call besides itself: its ROCKET self-assessment and the
/// targets it states it contributes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aanvraag {
    pub project: Id,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rocket: Vec<Oordeel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bijdragen: Vec<GesteldeBijdrage>,
}
