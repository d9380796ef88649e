//! Key figures of the KIA as a whole: the inputs its impact pathway names (000 Figure 4:
//! money from the KIC partners, the National Growth Fund and the EU) and the results it
//! reports of the previous strategy period — numbers with their source, to read beside the
//! KPIs that monitoring computes.

use serde::{Deserialize, Serialize};

use crate::{Bron, BudgetPeriode, Id, Jaar, KengetalSoort, Probleem, Tekst};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "KengetalRecord", into = "KengetalRecord")]
pub struct Kengetal {
    pub id: Id,
    pub kind: KengetalSoort,
    /// The figure as the document writes it.
    pub text_nl: Tekst,
    pub text_en: Option<Tekst>,
    /// The number, where the text gives one, in `unit` ("EUR" for amounts).
    pub value: Option<(f64, Tekst)>,
    /// What an amount covers (a year, the total).
    pub budget_period: Option<BudgetPeriode>,
    /// The period the figure is about, where the text names one.
    pub years: Option<(Jaar, Jaar)>,
    pub source: Bron,
}

/// The flat form of a key figure in files and exports.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KengetalRecord {
    pub id: Id,
    pub kind: KengetalSoort,
    pub text_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_period: Option<BudgetPeriode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_from: Option<Jaar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_to: Option<Jaar>,
    pub source: Bron,
}

impl TryFrom<KengetalRecord> for Kengetal {
    type Error = Probleem;
    fn try_from(r: KengetalRecord) -> Result<Self, Probleem> {
        let value = match (r.value, r.unit) {
            (None, None) => None,
            (Some(v), Some(u)) if v.is_finite() => Some((v, u)),
            (Some(v), Some(_)) => {
                return Err(Probleem::bij_veld(
                    "value",
                    format!("{v} is geen eindig getal"),
                    format!("{v} is not a finite number"),
                ))
            }
            (Some(_), None) => {
                return Err(Probleem::bij_veld(
                    "unit",
                    "een getal heeft een eenheid nodig",
                    "a number needs a unit",
                ))
            }
            (None, Some(_)) => {
                return Err(Probleem::bij_veld(
                    "value",
                    "een eenheid zonder getal",
                    "a unit without a number",
                ))
            }
        };
        if r.budget_period.is_some() && value.as_ref().is_none_or(|(_, u)| u.as_str() != "EUR") {
            return Err(Probleem::bij_veld(
                "budget_period",
                "een budgetperiode hoort bij een bedrag (eenheid EUR)",
                "a budget period belongs to an amount (unit EUR)",
            ));
        }
        let years = match (r.year_from, r.year_to) {
            (None, None) => None,
            (Some(a), None) => Some((a, a)),
            (None, Some(b)) => Some((b, b)),
            (Some(a), Some(b)) if a <= b => Some((a, b)),
            (Some(a), Some(b)) => {
                return Err(Probleem::bij_veld(
                    "year_to",
                    format!("de periode {a}-{b} eindigt voor ze begint"),
                    format!("the period {a}-{b} ends before it starts"),
                ))
            }
        };
        Ok(Kengetal {
            id: r.id,
            kind: r.kind,
            text_nl: r.text_nl,
            text_en: r.text_en,
            value,
            budget_period: r.budget_period,
            years,
            source: r.source,
        })
    }
}

impl From<Kengetal> for KengetalRecord {
    fn from(k: Kengetal) -> KengetalRecord {
        let (value, unit) = match k.value {
            Some((v, u)) => (Some(v), Some(u)),
            None => (None, None),
        };
        KengetalRecord {
            id: k.id,
            kind: k.kind,
            text_nl: k.text_nl,
            text_en: k.text_en,
            value,
            unit,
            budget_period: k.budget_period,
            year_from: k.years.map(|y| y.0),
            year_to: k.years.map(|y| y.1),
            source: k.source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(
        value: Option<f64>,
        unit: Option<&str>,
        period: Option<BudgetPeriode>,
    ) -> KengetalRecord {
        KengetalRecord {
            id: Id::try_from("k".to_owned()).unwrap(),
            kind: KengetalSoort::Input,
            text_nl: Tekst::try_from("€250 miljoen per jaar".to_owned()).unwrap(),
            text_en: None,
            value,
            unit: unit.map(|u| Tekst::try_from(u.to_owned()).unwrap()),
            budget_period: period,
            year_from: None,
            year_to: None,
            source: serde_json::from_str(r#"{"doc":"000","section":"s","lines":"1-2"}"#).unwrap(),
        }
    }

    #[test]
    fn a_number_needs_a_unit_and_a_period_needs_an_amount() {
        assert!(Kengetal::try_from(record(
            Some(250e6),
            Some("EUR"),
            Some(BudgetPeriode::PerJaar)
        ))
        .is_ok());
        let e = Kengetal::try_from(record(Some(250e6), None, None)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "veld `unit`: een getal heeft een eenheid nodig"
        );
        let e = Kengetal::try_from(record(
            Some(70.0),
            Some("aantal"),
            Some(BudgetPeriode::PerJaar),
        ))
        .unwrap_err();
        assert!(e.to_string().starts_with("veld `budget_period`"), "{e}");
        assert!(Kengetal::try_from(record(None, None, None)).is_ok());
    }

    #[test]
    fn a_period_may_not_end_before_it_starts() {
        let mut r = record(None, None, None);
        r.year_from = Some(Jaar::try_from(2023).unwrap());
        r.year_to = Some(Jaar::try_from(2020).unwrap());
        assert!(Kengetal::try_from(r).is_err());
    }
}
