//! Life expectancy and healthy life expectancy per group, from microdata aggregates or from
//! aggregated tables, with small cells suppressed and flagged (never dropped).

use serde::Serialize;

use crate::microdata::Telling;
use crate::{
    Aggregaat, Gezondheid, Gezondheidsverwachting, IndicatorError, Leeftijdsklassen, Levenstabel,
    Sterfte, Z95,
};

/// A value of a breakdown: a code from microdata, or the text of an aggregated table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(untagged)]
pub enum Sleutel {
    Code(i64),
    Tekst(String),
}

impl std::fmt::Display for Sleutel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sleutel::Code(c) => write!(f, "{c}"),
            Sleutel::Tekst(t) => f.write_str(t),
        }
    }
}

#[derive(Debug, Clone)]
pub struct HleOpties {
    pub bands: Leeftijdsklassen,
    /// Groups with fewer persons (or person-years, for tables) are suppressed.
    pub min_cell: f64,
}

impl Default for HleOpties {
    fn default() -> Self {
        HleOpties {
            bands: Leeftijdsklassen::abridged(85),
            min_cell: 1000.0,
        }
    }
}

/// Expectancies at the start of one age band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verwachting {
    pub age: u16,
    pub le: f64,
    pub le_se: Option<f64>,
    pub hle: f64,
    pub hle_se: Option<f64>,
}

impl Verwachting {
    pub fn le_ci(&self) -> Option<(f64, f64)> {
        self.le_se.map(|s| (self.le - Z95 * s, self.le + Z95 * s))
    }
    pub fn hle_ci(&self) -> Option<(f64, f64)> {
        self.hle_se
            .map(|s| (self.hle - Z95 * s, self.hle + Z95 * s))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroepUitkomst {
    pub key: Vec<Sleutel>,
    pub persons: f64,
    pub deaths: f64,
    pub exposure: f64,
    /// Why no values are shown, if they are suppressed.
    pub suppressed: Option<String>,
    pub ages: Vec<Verwachting>,
}

impl GroepUitkomst {
    pub fn at(&self, age: u16) -> Option<&Verwachting> {
        self.ages.iter().find(|v| v.age == age)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HleUitkomst {
    pub by: Vec<String>,
    pub bands: Vec<String>,
    pub min_cell: f64,
    pub groups: Vec<GroepUitkomst>,
}

/// Input of one group in band form, from either source.
pub(crate) struct Groepsinvoer {
    pub key: Vec<Sleutel>,
    pub counts: Vec<Telling>,
    /// Rates and prevalences given directly (tables without counts): no standard errors.
    pub rates: Option<(Vec<f64>, Vec<f64>)>,
    /// Prevalences without the number of persons they were measured on (a table with deaths
    /// and population but no `health_n`): the life table still comes from the counts, so
    /// life expectancy keeps its standard error (Chiang); only the healthy part has none.
    pub prevalence_only: Option<Vec<f64>>,
}

pub fn from_microdata(agg: &Aggregaat, opties: &HleOpties) -> HleUitkomst {
    from_microdata_met(agg, opties, 1)
}

/// Groups a thread computes at the least: below this, one thread does them all.
const GROEPEN_PER_DRAAD: usize = 32;

/// [`from_microdata`] with the groups' life tables computed on up to `threads` threads,
/// each a run of consecutive groups; the result is the same whatever the threads.
pub fn from_microdata_met(agg: &Aggregaat, opties: &HleOpties, threads: usize) -> HleUitkomst {
    let lookup = opties.bands.lookup(crate::MAX_AGE);
    let invoer = |(key, ages): (&Vec<i64>, &Vec<crate::Celtelling>)| {
        let mut counts = vec![Telling::default(); opties.bands.len()];
        for (age, t) in ages.iter().enumerate() {
            let b = lookup[age];
            if b != u16::MAX {
                counts[b as usize].add(&t.telling());
            }
        }
        Groepsinvoer {
            key: key.iter().map(|&c| Sleutel::Code(c)).collect(),
            counts,
            rates: None,
            prevalence_only: None,
        }
    };
    let n = agg.groups.len();
    let runs = threads.min(n / GROEPEN_PER_DRAAD).max(1);
    if runs == 1 {
        return compute(agg.by.clone(), agg.groups.iter().map(invoer), opties);
    }
    let per = n.div_ceil(runs);
    let run = |skip: usize| -> Vec<GroepUitkomst> {
        agg.groups
            .iter()
            .skip(skip)
            .take(per)
            .map(|g| group(invoer(g), opties))
            .collect()
    };
    let groups = std::thread::scope(|scope| {
        let rest: Vec<_> = (1..runs)
            .map(|i| scope.spawn(move || run(i * per)))
            .collect();
        let mut groups = run(0);
        for h in rest {
            groups.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        groups
    });
    uitkomst(agg.by.clone(), groups, opties)
}

pub(crate) fn compute(
    by: Vec<String>,
    inputs: impl Iterator<Item = Groepsinvoer>,
    opties: &HleOpties,
) -> HleUitkomst {
    uitkomst(by, inputs.map(|g| group(g, opties)).collect(), opties)
}

fn uitkomst(by: Vec<String>, groups: Vec<GroepUitkomst>, opties: &HleOpties) -> HleUitkomst {
    HleUitkomst {
        by,
        bands: opties
            .bands
            .as_slice()
            .iter()
            .map(ToString::to_string)
            .collect(),
        min_cell: opties.min_cell,
        groups,
    }
}

fn group(g: Groepsinvoer, opties: &HleOpties) -> GroepUitkomst {
    let mut total = Telling::default();
    for t in &g.counts {
        total.add(t);
    }
    let mut out = GroepUitkomst {
        key: g.key,
        persons: total.persons,
        deaths: total.deaths,
        exposure: total.exposure,
        suppressed: None,
        ages: Vec::new(),
    };
    match expectancies(
        &g.counts,
        g.rates.as_ref(),
        g.prevalence_only.as_deref(),
        opties,
    ) {
        Ok(ages) => out.ages = ages,
        Err(reason) => out.suppressed = Some(reason),
    }
    out
}

fn expectancies(
    counts: &[Telling],
    rates: Option<&(Vec<f64>, Vec<f64>)>,
    prevalence_only: Option<&[f64]>,
    opties: &HleOpties,
) -> Result<Vec<Verwachting>, String> {
    let bands = &opties.bands;
    let (table, health) = match rates {
        Some((mx, prev)) => {
            let table = Levenstabel::from_rates(bands, mx, None).map_err(|e| e.to_string())?;
            let health: Vec<_> = prev
                .iter()
                .map(|&p| Gezondheid {
                    prevalence: p,
                    sample: None,
                })
                .collect();
            (table, health)
        }
        None => {
            let size: f64 = counts.iter().map(|t| t.persons.max(t.exposure)).sum();
            if size < opties.min_cell {
                return Err(format!(
                    "kleine cel: {size:.0} personen, minimaal {:.0} nodig",
                    opties.min_cell
                ));
            }
            for (b, t) in bands.as_slice().iter().zip(counts) {
                if t.exposure <= 0.0 {
                    return Err(format!("leeftijdsklasse {b} zonder blootstelling"));
                }
                if t.health_n <= 0.0 && prevalence_only.is_none() {
                    return Err(format!(
                        "leeftijdsklasse {b} zonder gegevens over ervaren gezondheid"
                    ));
                }
            }
            let last = counts[counts.len() - 1];
            if last.deaths <= 0.0 {
                return Err(format!(
                    "geen sterfte in de open leeftijdsklasse {}",
                    bands.as_slice()[bands.len() - 1]
                ));
            }
            let sterfte: Vec<Sterfte> = counts
                .iter()
                .map(|t| Sterfte {
                    deaths: t.deaths,
                    exposure: t.exposure,
                })
                .collect();
            let table =
                Levenstabel::from_counts(bands, &sterfte, None).map_err(|e| e.to_string())?;
            let health: Vec<_> = match prevalence_only {
                Some(prev) => prev
                    .iter()
                    .map(|&p| Gezondheid {
                        prevalence: p,
                        sample: None,
                    })
                    .collect(),
                None => counts
                    .iter()
                    .map(|t| Gezondheid {
                        prevalence: t.good / t.health_n,
                        sample: Some(t.health_n),
                    })
                    .collect(),
            };
            (table, health)
        }
    };
    let he = Gezondheidsverwachting::compute(&table, &health).map_err(|e| e.to_string())?;
    Ok(table
        .rows()
        .iter()
        .enumerate()
        .map(|(i, r)| Verwachting {
            age: r.start,
            le: r.ex,
            le_se: table.ex_se(i),
            hle: he.hle(i),
            hle_se: he.hle_se(i),
        })
        .collect())
}

/// The gap in healthy life expectancy at `age` between the highest and the lowest code of
/// the SES breakdown, within every combination of the other breakdowns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SesVerschil {
    /// The other breakdowns' values.
    pub key: Vec<Sleutel>,
    pub lowest: Sleutel,
    pub highest: Sleutel,
    pub age: u16,
    pub gap: Option<f64>,
    pub gap_se: Option<f64>,
    pub suppressed: Option<String>,
}

pub fn ses_gaps(
    uitkomst: &HleUitkomst,
    ses_column: &str,
    age: u16,
) -> Result<Vec<SesVerschil>, IndicatorError> {
    let Some(pos) = uitkomst.by.iter().position(|b| b == ses_column) else {
        return Err(IndicatorError::methode(format!(
            "voor het SES-verschil moet '{ses_column}' in de indeling staan"
        )));
    };
    let mut per_rest: std::collections::BTreeMap<Vec<Sleutel>, Vec<&GroepUitkomst>> =
        Default::default();
    for g in &uitkomst.groups {
        let mut rest = g.key.clone();
        rest.remove(pos);
        per_rest.entry(rest).or_default().push(g);
    }
    let mut out = Vec::new();
    for (key, groups) in per_rest {
        let low = groups.iter().min_by(|a, b| a.key[pos].cmp(&b.key[pos]));
        let high = groups.iter().max_by(|a, b| a.key[pos].cmp(&b.key[pos]));
        let (Some(low), Some(high)) = (low, high) else {
            continue;
        };
        if low.key[pos] == high.key[pos] {
            continue;
        }
        let mut v = SesVerschil {
            key,
            lowest: low.key[pos].clone(),
            highest: high.key[pos].clone(),
            age,
            gap: None,
            gap_se: None,
            suppressed: None,
        };
        match (low.at(age), high.at(age)) {
            (Some(l), Some(h)) => {
                v.gap = Some(h.hle - l.hle);
                v.gap_se = l.hle_se.zip(h.hle_se).map(|(a, b)| (a * a + b * b).sqrt());
            }
            _ => {
                let reason = low.suppressed.clone().or(high.suppressed.clone());
                v.suppressed =
                    Some(reason.unwrap_or_else(|| format!("geen waarde op leeftijd {age}")));
            }
        }
        out.push(v);
    }
    Ok(out)
}
