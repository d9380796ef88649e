//! Care agreements, programmes and the financial instruments under them.

use serde::{Deserialize, Serialize};

use std::collections::HashSet;

use crate::{
    Brl, Bron, BudgetPeriode, Euro, Id, Jaar, MissieCode, OrganisatieSoort, Probleem, Tekst, Trl,
    TrlBereik,
};

/// A care agreement or programme (IZA, GALA, WOZO, TAZ, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programma {
    pub code: Id,
    pub name_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<Tekst>,
    pub source: Bron,
}

/// A row of 000's Tabel 2: which missions a care agreement or programme contributes to,
/// in the table's words ("Voornamelijk missie I en II").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammaBijdrage {
    pub id: Id,
    pub programma: Id,
    pub missies: Vec<MissieCode>,
    /// The cell as written.
    pub text_nl: Tekst,
    pub source: Bron,
}

/// A financial instrument. The budget is kept as written, and as an amount where the text
/// gives one, because the documents mix structural, one-off and per-region amounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "InstrumentRecord", into = "InstrumentRecord")]
pub struct Instrument {
    pub id: Id,
    pub programmas: Vec<Id>,
    pub name_nl: Tekst,
    pub description_nl: Option<Tekst>,
    pub budget_text: Tekst,
    pub budget: Option<(Euro, BudgetPeriode)>,
    /// The year through which `budget` holds, where the text gives a later amount after it
    /// ("26 mln t/m 2025 en daarna € 16 mln"), and that later amount (same period).
    pub budget_later: Option<(Jaar, Option<Euro>)>,
    /// The instrument whose budget this one's is part of ("betreft zelfde SPUK als hiervoor
    /// genoemd"): a sum counts the money once.
    pub part_of: Option<Id>,
    pub missies: Vec<MissieCode>,
    pub contribution_nl: Option<Tekst>,
    pub trl: Option<TrlBereik>,
    /// Business readiness range (inclusive) the instrument funds, where known.
    pub brl: Option<(Brl, Brl)>,
    /// Kinds of organisation that can apply (as lead); empty when the source does not say.
    pub eligible: Vec<OrganisatieSoort>,
    /// Where the TRL/BRL range and eligibility come from, when not from `source`.
    pub eligibility_nl: Option<Tekst>,
    pub source: Bron,
}

impl Instrument {
    /// The amount and period for `year`: the later amount after `budget_until_year`.
    pub fn budget_in(&self, year: Jaar) -> Option<(Euro, BudgetPeriode)> {
        let (eur, period) = self.budget?;
        match self.budget_later {
            Some((until, later)) if year > until => later.map(|e| (e, period)),
            _ => Some((eur, period)),
        }
    }

    /// The yearly budgets of `instrumenten` in `year`, summed so that money is counted once:
    /// an instrument that is part of another one in the list adds nothing of its own.
    /// Amounts of another period (total, per region, unknown) are not yearly and left out.
    pub fn per_jaar_samen(instrumenten: &[&Instrument], year: Jaar) -> Euro {
        let listed: HashSet<&Id> = instrumenten.iter().map(|i| &i.id).collect();
        let sum = instrumenten
            .iter()
            .filter(|i| i.part_of.as_ref().is_none_or(|p| !listed.contains(p)))
            .filter_map(|i| i.budget_in(year))
            .filter(|(_, p)| *p == BudgetPeriode::PerJaar)
            .map(|(e, _)| e.get())
            .sum::<u64>();
        Euro::try_from(i64::try_from(sum).unwrap_or(i64::MAX))
            .expect("a sum of amounts is not negative")
    }

    /// Whether the instrument funds work at this BRL; unknown ranges do not exclude.
    pub fn fits_brl(&self, brl: Brl) -> bool {
        self.brl.is_none_or(|(min, max)| min <= brl && brl <= max)
    }

    /// Whether an organisation of this kind can apply; unknown eligibility does not exclude.
    pub fn admits(&self, kind: OrganisatieSoort) -> bool {
        self.eligible.is_empty() || self.eligible.contains(&kind)
    }

    /// Whether the instrument can fund work at this TRL. Instruments without a known range
    /// are not excluded: the documents simply do not say.
    pub fn fits_trl(&self, trl: Trl) -> bool {
        self.trl.is_none_or(|r| r.contains(trl))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentRecord {
    pub id: Id,
    pub programmas: Vec<Id>,
    pub name_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_nl: Option<Tekst>,
    pub budget_text: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_eur: Option<Euro>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_period: Option<BudgetPeriode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_until_year: Option<Jaar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_after_eur: Option<Euro>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<Id>,
    pub missies: Vec<MissieCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contribution_nl: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trl_min: Option<Trl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trl_max: Option<Trl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brl_min: Option<Brl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brl_max: Option<Brl>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eligible: Vec<OrganisatieSoort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility_nl: Option<Tekst>,
    pub source: Bron,
}

impl TryFrom<InstrumentRecord> for Instrument {
    type Error = Probleem;
    fn try_from(r: InstrumentRecord) -> Result<Self, Probleem> {
        if r.programmas.is_empty() {
            return Err(Probleem::bij_veld(
                "programmas",
                "een instrument hoort bij minstens één programma",
                "an instrument belongs to at least one programme",
            ));
        }
        let budget = match (r.budget_eur, r.budget_period) {
            (Some(eur), period) => Some((eur, period.unwrap_or(BudgetPeriode::Onbekend))),
            (None, None) => None,
            (None, Some(_)) => {
                return Err(Probleem::bij_veld(
                    "budget_eur",
                    "er is een budgetperiode gegeven zonder bedrag",
                    "a budget period is given without an amount",
                ))
            }
        };
        let budget_later = match (r.budget_until_year, r.budget_after_eur, budget) {
            (None, None, _) => None,
            (None, Some(_), _) => {
                return Err(Probleem::bij_veld(
                    "budget_until_year",
                    "een later bedrag heeft het jaar nodig tot en met wanneer budget_eur geldt",
                    "a later amount needs the year through which budget_eur holds",
                ))
            }
            (Some(_), _, None) => {
                return Err(Probleem::bij_veld(
                    "budget_eur",
                    "een jaar tot en met wanneer het budget geldt, zonder bedrag",
                    "a year through which the budget holds, without an amount",
                ))
            }
            (Some(y), later, Some(_)) => Some((y, later)),
        };
        if r.part_of.as_ref() == Some(&r.id) {
            return Err(Probleem::bij_veld(
                "part_of",
                "een instrument kan geen deel van zichzelf zijn",
                "an instrument cannot be part of itself",
            ));
        }
        let trl = match (r.trl_min, r.trl_max) {
            (None, None) => None,
            (min, max) => Some(TrlBereik::new(
                min.unwrap_or(Trl::try_from(1).expect("1 is a valid TRL")),
                max.unwrap_or(Trl::try_from(9).expect("9 is a valid TRL")),
            )?),
        };
        let brl = match (r.brl_min, r.brl_max) {
            (None, None) => None,
            (min, max) => {
                let min = min.unwrap_or(Brl::try_from(1).expect("1 is a valid BRL"));
                let max = max.unwrap_or(Brl::try_from(9).expect("9 is a valid BRL"));
                if min > max {
                    return Err(Probleem::bij_veld(
                        "brl_max",
                        format!("het BRL-bereik {min}-{max} eindigt voor het begint"),
                        format!("BRL range {min}-{max} ends before it starts"),
                    ));
                }
                Some((min, max))
            }
        };
        let mut eligible = r.eligible;
        let n = eligible.len();
        eligible.sort();
        eligible.dedup();
        if eligible.len() != n {
            return Err(Probleem::bij_veld(
                "eligible",
                "een soort organisatie staat er twee keer in",
                "an organisation kind is listed twice",
            ));
        }
        Ok(Instrument {
            id: r.id,
            programmas: r.programmas,
            name_nl: r.name_nl,
            description_nl: r.description_nl,
            budget_text: r.budget_text,
            budget,
            budget_later,
            part_of: r.part_of,
            missies: r.missies,
            contribution_nl: r.contribution_nl,
            trl,
            brl,
            eligible,
            eligibility_nl: r.eligibility_nl,
            source: r.source,
        })
    }
}

impl From<Instrument> for InstrumentRecord {
    fn from(i: Instrument) -> InstrumentRecord {
        InstrumentRecord {
            id: i.id,
            programmas: i.programmas,
            name_nl: i.name_nl,
            description_nl: i.description_nl,
            budget_text: i.budget_text,
            budget_eur: i.budget.map(|b| b.0),
            budget_period: i.budget.map(|b| b.1),
            budget_until_year: i.budget_later.map(|b| b.0),
            budget_after_eur: i.budget_later.and_then(|b| b.1),
            part_of: i.part_of,
            missies: i.missies,
            contribution_nl: i.contribution_nl,
            trl_min: i.trl.map(|r| r.min()),
            trl_max: i.trl.map(|r| r.max()),
            brl_min: i.brl.map(|r| r.0),
            brl_max: i.brl.map(|r| r.1),
            eligible: i.eligible,
            eligibility_nl: i.eligibility_nl,
            source: i.source,
        }
    }
}
