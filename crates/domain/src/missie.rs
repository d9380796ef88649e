use serde::{Deserialize, Serialize};

use crate::{Bron, DoelSoort, Id, Jaar, MissieCode, Probleem, Richting, Tekst};

/// A mission: the central mission or one of missions I-V.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Missie {
    pub code: MissieCode,
    pub title_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<Tekst>,
    /// The current (2024) wording.
    pub text_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<Tekst>,
    /// The 2019 wording, kept only where it differs from the current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_2019_nl: Option<Tekst>,
    pub deadline: Jaar,
    pub source: Bron,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_2019: Option<Bron>,
    /// Where the short title stands, when not in `source` (000's chapter titles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_source: Option<Bron>,
}

/// Another wording of a mission that a document gives, kept beside the mission's own
/// (`text_nl`) with its source: the documents word mission II differently in 2024.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formulering {
    pub id: Id,
    pub missie: MissieCode,
    pub text_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<Tekst>,
    pub source: Bron,
}

/// What a target asks for. The variants carry exactly the data their kind needs, so a
/// qualitative target cannot have a number and a quantitative one cannot lack it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Streefwaarde {
    /// Change relative to the baseline, in percent (−30 means 30 % lower).
    RelatieveVerandering(f64),
    /// Change in the indicator's own unit (+5 healthy life years).
    AbsoluteVerandering(f64),
    /// A level to reach (80 % access).
    Niveau(f64),
    Kwalitatief,
}

impl Streefwaarde {
    pub fn new(kind: DoelSoort, value: Option<f64>) -> Result<Self, Probleem> {
        let need = |v: Option<f64>| match v {
            Some(x) if x.is_finite() => Ok(x),
            Some(x) => Err(Probleem::bij_veld(
                "value",
                format!("{x} is geen eindig getal"),
                format!("{x} is not a finite number"),
            )),
            None => Err(Probleem::bij_veld(
                "value",
                format!(
                    "een doel van de soort '{}' heeft een waarde nodig",
                    kind.code()
                ),
                format!("a target of kind '{}' needs a value", kind.code()),
            )),
        };
        match kind {
            DoelSoort::RelatieveVerandering => {
                let v = need(value)?;
                if v <= -100.0 {
                    return Err(Probleem::bij_veld(
                        "value",
                        format!("een verandering van {v} % brengt de indicator onder nul"),
                        format!("a relative change of {v} % would take the indicator below zero"),
                    ));
                }
                Ok(Streefwaarde::RelatieveVerandering(v))
            }
            DoelSoort::AbsoluteVerandering => Ok(Streefwaarde::AbsoluteVerandering(need(value)?)),
            DoelSoort::Niveau => Ok(Streefwaarde::Niveau(need(value)?)),
            DoelSoort::Kwalitatief => match value {
                None => Ok(Streefwaarde::Kwalitatief),
                Some(_) => Err(Probleem::bij_veld(
                    "value",
                    "een kwalitatief doel heeft geen waarde",
                    "a qualitative target has no value",
                )),
            },
        }
    }

    pub fn kind(self) -> DoelSoort {
        match self {
            Streefwaarde::RelatieveVerandering(_) => DoelSoort::RelatieveVerandering,
            Streefwaarde::AbsoluteVerandering(_) => DoelSoort::AbsoluteVerandering,
            Streefwaarde::Niveau(_) => DoelSoort::Niveau,
            Streefwaarde::Kwalitatief => DoelSoort::Kwalitatief,
        }
    }

    pub fn value(self) -> Option<f64> {
        match self {
            Streefwaarde::RelatieveVerandering(v)
            | Streefwaarde::AbsoluteVerandering(v)
            | Streefwaarde::Niveau(v) => Some(v),
            Streefwaarde::Kwalitatief => None,
        }
    }

    /// The value the indicator must reach at the deadline, given the baseline value.
    pub fn target_level(self, baseline: Option<f64>) -> Option<f64> {
        match (self, baseline) {
            (Streefwaarde::Niveau(v), _) => Some(v),
            (Streefwaarde::AbsoluteVerandering(d), Some(b)) => Some(b + d),
            (Streefwaarde::RelatieveVerandering(p), Some(b)) => Some(b * (1.0 + p / 100.0)),
            _ => None,
        }
    }
}

/// Baseline and deadline of a target: the deadline never lies before the baseline year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tijdpad {
    baseline_year: Option<Jaar>,
    baseline_value: Option<f64>,
    deadline: Jaar,
}

impl Tijdpad {
    pub fn new(
        baseline_year: Option<Jaar>,
        baseline_value: Option<f64>,
        deadline: Jaar,
    ) -> Result<Self, Probleem> {
        if let Some(b) = baseline_year {
            if deadline < b {
                return Err(Probleem::bij_veld(
                    "deadline",
                    format!("het doeljaar {deadline} ligt voor het basisjaar {b}"),
                    format!("deadline {deadline} lies before the baseline year {b}"),
                ));
            }
        }
        if let Some(v) = baseline_value {
            if baseline_year.is_none() {
                return Err(Probleem::bij_veld(
                    "baseline_year",
                    "bij een basiswaarde hoort het jaar waarin ze gemeten is",
                    "a baseline value needs the year it was measured",
                ));
            }
            if !v.is_finite() {
                return Err(Probleem::bij_veld(
                    "baseline_value",
                    format!("{v} is geen eindig getal"),
                    format!("{v} is not a finite number"),
                ));
            }
        }
        Ok(Tijdpad {
            baseline_year,
            baseline_value,
            deadline,
        })
    }

    pub fn baseline_year(self) -> Option<Jaar> {
        self.baseline_year
    }

    pub fn baseline_value(self) -> Option<f64> {
        self.baseline_value
    }

    pub fn deadline(self) -> Jaar {
        self.deadline
    }
}

/// A measurable target of a mission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "DoelRecord", into = "DoelRecord")]
pub struct Doel {
    pub id: Id,
    pub missie: MissieCode,
    /// Code of the KPI the target is measured by.
    pub indicator: Id,
    pub indicator_nl: Tekst,
    pub indicator_en: Option<Tekst>,
    pub streefwaarde: Streefwaarde,
    pub unit: Tekst,
    pub direction: Richting,
    pub tijdpad: Tijdpad,
    pub source: Bron,
    /// Where the baseline year or value comes from, when not from `source`.
    pub baseline_source: Option<Bron>,
    /// Where the deadline comes from, when not from `source` (a norm without a year of its
    /// own takes the deadline of its mission or agenda).
    pub deadline_source: Option<Bron>,
}

/// The flat form of a target in files and exports.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoelRecord {
    pub id: Id,
    pub missie: MissieCode,
    pub indicator: Id,
    pub indicator_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_en: Option<Tekst>,
    pub kind: DoelSoort,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    pub unit: Tekst,
    pub direction: Richting,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<Jaar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_value: Option<f64>,
    pub deadline: Jaar,
    pub source: Bron,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_source: Option<Bron>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_source: Option<Bron>,
}

impl TryFrom<DoelRecord> for Doel {
    type Error = Probleem;
    fn try_from(r: DoelRecord) -> Result<Self, Probleem> {
        let streefwaarde = Streefwaarde::new(r.kind, r.value)?;
        let tijdpad = Tijdpad::new(r.baseline_year, r.baseline_value, r.deadline)?;
        if let (Streefwaarde::RelatieveVerandering(p), Some(b)) =
            (streefwaarde, tijdpad.baseline_value())
        {
            if b == 0.0 && p != 0.0 {
                return Err(Probleem::bij_veld(
                    "baseline_value",
                    "een relatieve verandering kan niet uitgaan van een basiswaarde 0",
                    "a relative change cannot start from a baseline of 0",
                ));
            }
        }
        Ok(Doel {
            id: r.id,
            missie: r.missie,
            indicator: r.indicator,
            indicator_nl: r.indicator_nl,
            indicator_en: r.indicator_en,
            streefwaarde,
            unit: r.unit,
            direction: r.direction,
            tijdpad,
            source: r.source,
            baseline_source: r.baseline_source,
            deadline_source: r.deadline_source,
        })
    }
}

impl From<Doel> for DoelRecord {
    fn from(d: Doel) -> DoelRecord {
        DoelRecord {
            id: d.id,
            missie: d.missie,
            indicator: d.indicator,
            indicator_nl: d.indicator_nl,
            indicator_en: d.indicator_en,
            kind: d.streefwaarde.kind(),
            value: d.streefwaarde.value(),
            unit: d.unit,
            direction: d.direction,
            baseline_year: d.tijdpad.baseline_year(),
            baseline_value: d.tijdpad.baseline_value(),
            deadline: d.tijdpad.deadline(),
            source: d.source,
            baseline_source: d.baseline_source,
            deadline_source: d.deadline_source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jaar(y: i64) -> Jaar {
        Jaar::try_from(y).unwrap()
    }

    #[test]
    fn target_level_follows_the_kind() {
        let rel = Streefwaarde::new(DoelSoort::RelatieveVerandering, Some(-30.0)).unwrap();
        assert_eq!(rel.target_level(Some(10.0)), Some(7.0));
        assert_eq!(rel.target_level(None), None);
        let abs = Streefwaarde::new(DoelSoort::AbsoluteVerandering, Some(5.0)).unwrap();
        assert_eq!(abs.target_level(Some(62.5)), Some(67.5));
        let lvl = Streefwaarde::new(DoelSoort::Niveau, Some(80.0)).unwrap();
        assert_eq!(lvl.target_level(None), Some(80.0));
    }

    #[test]
    fn quantitative_targets_need_a_finite_value() {
        assert!(Streefwaarde::new(DoelSoort::Niveau, None).is_err());
        assert!(Streefwaarde::new(DoelSoort::Niveau, Some(f64::NAN)).is_err());
        assert!(Streefwaarde::new(DoelSoort::RelatieveVerandering, Some(-100.0)).is_err());
        assert!(Streefwaarde::new(DoelSoort::Kwalitatief, Some(1.0)).is_err());
        assert_eq!(
            Streefwaarde::new(DoelSoort::Kwalitatief, None).unwrap(),
            Streefwaarde::Kwalitatief
        );
    }

    #[test]
    fn deadline_may_not_precede_baseline() {
        let err = Tijdpad::new(Some(jaar(2031)), None, jaar(2030)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "veld `deadline`: het doeljaar 2030 ligt voor het basisjaar 2031"
        );
        assert_eq!(
            err.tekst(crate::Lang::En),
            "field `deadline`: deadline 2030 lies before the baseline year 2031"
        );
        assert!(Tijdpad::new(Some(jaar(2030)), None, jaar(2030)).is_ok());
        assert!(Tijdpad::new(None, Some(1.0), jaar(2030)).is_err());
    }
}
