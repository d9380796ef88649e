//! Aggregated input: one row per group and age band with deaths and population (or a
//! mortality rate) and the prevalence of good perceived health.
//!
//! Columns: the breakdown columns, `age` ("0", "1-4", ..., "85+"), `deaths` and
//! `population` (person-years) or `mx`, `good_health` (a proportion in [0, 1]) and
//! optionally `health_n` (persons the prevalence was measured on; gives standard errors).

use std::collections::BTreeMap;
use std::path::Path;

use gemeten_domain::Tweetalig;

use crate::hle::{compute, Groepsinvoer, Sleutel};
use crate::microdata::Telling;
use crate::{
    HleOpties, HleUitkomst, IndicatorError, InvoerFout, Leeftijdsklasse, Leeftijdsklassen,
};

const MAX_ERRORS: usize = 50;

struct Rij {
    line: u64,
    band: Leeftijdsklasse,
    deaths: f64,
    population: f64,
    mx: Option<f64>,
    prevalence: f64,
    health_n: Option<f64>,
}

/// Reads and validates the whole table first; computes only when every row is valid.
pub fn from_table(
    path: &Path,
    by: &[String],
    opties: &HleOpties,
) -> Result<HleUitkomst, IndicatorError> {
    let file = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| crate::microdata::csv_fout(&file, e))?;
    let headers = rdr
        .headers()
        .map_err(|e| crate::microdata::csv_fout(&file, e))?
        .clone();
    let find = |n: &str| headers.iter().position(|h| h.trim() == n);
    let mut errors = Vec::new();
    let mut need = |n: &str| {
        find(n).or_else(|| {
            errors.push(InvoerFout::tweetalig(
                &file,
                Some(1),
                Some(n),
                "kolom ontbreekt in de kop",
                "column missing from the header",
            ));
            None
        })
    };
    let keys: Vec<Option<usize>> = by.iter().map(|b| need(b)).collect();
    let age_c = need("age");
    let prev_c = need("good_health");
    let (deaths_c, pop_c, mx_c, hn_c) = (
        find("deaths"),
        find("population"),
        find("mx"),
        find("health_n"),
    );
    if mx_c.is_none() && (deaths_c.is_none() || pop_c.is_none()) {
        errors.push(InvoerFout::tweetalig(
            &file,
            Some(1),
            Some(if deaths_c.is_none() {
                "deaths"
            } else {
                "population"
            }),
            "kolom ontbreekt: geef 'deaths' en 'population', of 'mx'",
            "column missing: give 'deaths' and 'population', or 'mx'",
        ));
    }
    if !errors.is_empty() {
        return Err(IndicatorError::Invoer(errors));
    }
    let (age_c, prev_c) = (age_c.unwrap_or(0), prev_c.unwrap_or(0));

    let mut groups: BTreeMap<Vec<Sleutel>, Vec<Rij>> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                push_all(&mut errors, crate::microdata::csv_fout(&file, e));
                break;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let mut bad = |col: &str, reason: Tweetalig| {
            if errors.len() < MAX_ERRORS {
                let Tweetalig { nl, en } = reason;
                errors.push(InvoerFout::tweetalig(&file, Some(line), Some(col), nl, en));
            }
        };
        let get = |c: usize| rec.get(c).unwrap_or("").trim();
        let mut key = Vec::with_capacity(by.len());
        for (b, c) in by.iter().zip(&keys) {
            let v = get(c.unwrap_or(0));
            if v.is_empty() {
                bad(b, Tweetalig::new("lege groepswaarde", "empty group value"));
            }
            key.push(
                v.parse::<i64>()
                    .map_or_else(|_| Sleutel::Tekst(v.to_owned()), Sleutel::Code),
            );
        }
        let band = match Leeftijdsklasse::parse(get(age_c)) {
            Ok(b) => Some(b),
            Err(e) => {
                bad("age", e);
                None
            }
        };
        let mut num = |col: &str, c: Option<usize>| -> Option<f64> {
            let c = c?;
            let t = get(c);
            match t.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                Ok(v) if v.is_finite() => {
                    bad(
                        col,
                        Tweetalig::new(format!("{v} is negatief"), format!("{v} is negative")),
                    );
                    None
                }
                _ => {
                    bad(
                        col,
                        Tweetalig::new(
                            format!("'{t}' is geen getal"),
                            format!("'{t}' is not a number"),
                        ),
                    );
                    None
                }
            }
        };
        let deaths = num("deaths", deaths_c);
        let population = num("population", pop_c);
        let mx = num("mx", mx_c);
        let prevalence = num("good_health", Some(prev_c));
        let health_n = num("health_n", hn_c);
        if let (Some(d), Some(p)) = (deaths, population) {
            if d > p {
                bad(
                    "deaths",
                    Tweetalig::new(
                        format!("{d} sterfgevallen bij een bevolking van {p}"),
                        format!("{d} deaths in a population of {p}"),
                    ),
                );
            }
        }
        if let Some(p) = prevalence {
            if p > 1.0 {
                bad(
                    "good_health",
                    Tweetalig::new(
                        format!("prevalentie {p} ligt niet tussen 0 en 1"),
                        format!("prevalence {p} is not between 0 and 1"),
                    ),
                );
            }
        }
        let complete = band.is_some()
            && prevalence.is_some()
            && (mx.is_some() || (deaths.is_some() && population.is_some()));
        if let (true, Some(band)) = (complete, band) {
            groups.entry(key).or_default().push(Rij {
                line,
                band,
                deaths: deaths.unwrap_or(0.0),
                population: population.unwrap_or(0.0),
                mx,
                prevalence: prevalence.unwrap_or(0.0),
                health_n,
            });
        }
    }
    if groups.is_empty() && errors.is_empty() {
        errors.push(InvoerFout::tweetalig(
            &file,
            None,
            None,
            "het bestand bevat geen rijen",
            "the file holds no rows",
        ));
    }
    // Columns left out of `by` are summed over: rows of one group with the same band are
    // combined (prevalences weighted by their sample, or by population without one).
    for rows in groups.values_mut() {
        *rows = combine_bands(std::mem::take(rows));
    }
    // Every group must have exactly the bands of the others, in order.
    let mut bands: Option<Leeftijdsklassen> = None;
    for (key, rows) in &groups {
        let first = rows[0].line;
        let these: Vec<_> = rows.iter().map(|r| r.band).collect();
        match Leeftijdsklassen::new(these) {
            Err(e) => {
                let line = rows
                    .windows(2)
                    .find(|w| {
                        w[0].band
                            .width
                            .is_none_or(|wd| w[0].band.start + wd != w[1].band.start)
                    })
                    .map_or(first, |w| w[1].line);
                errors.push(InvoerFout::tweetalig(
                    &file,
                    Some(line),
                    Some("age"),
                    format!("groep {}: {e}", show(key)),
                    format!("group {}: {e}", show(key)),
                ));
            }
            Ok(b) => match &bands {
                None => bands = Some(b),
                Some(prev) if *prev != b => errors.push(InvoerFout::tweetalig(
                    &file,
                    Some(first),
                    Some("age"),
                    format!(
                        "groep {} heeft andere leeftijdsklassen dan de eerste groep",
                        show(key)
                    ),
                    format!(
                        "group {} has other age bands than the first group",
                        show(key)
                    ),
                )),
                Some(_) => {}
            },
        }
        if mx_c.is_none() && rows.iter().all(|r| r.population == 0.0) {
            errors.push(InvoerFout::tweetalig(
                &file,
                Some(first),
                Some("population"),
                format!("groep {} is leeg (bevolking 0)", show(key)),
                format!("group {} is empty (population 0)", show(key)),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(IndicatorError::Invoer(errors));
    }
    let opties = HleOpties {
        bands: bands.unwrap_or_else(|| opties.bands.clone()),
        ..opties.clone()
    };
    let inputs = groups.into_iter().map(|(key, rows)| {
        let counts = rows
            .iter()
            .map(|r| Telling {
                deaths: r.deaths,
                exposure: r.population,
                persons: r.population,
                health_n: r.health_n.unwrap_or(0.0),
                good: r.prevalence * r.health_n.unwrap_or(0.0),
            })
            .collect();
        // Rates alone only when the table gives rates: with deaths and population the life
        // table comes from the counts (and life expectancy keeps its standard error) even when
        // the survey's numbers are missing.
        let prevalence_only = (mx_c.is_none() && rows.iter().any(|r| r.health_n.is_none()))
            .then(|| rows.iter().map(|r| r.prevalence).collect());
        let rates = if mx_c.is_some() {
            let mx = rows
                .iter()
                .map(|r| {
                    r.mx.unwrap_or(if r.population > 0.0 {
                        r.deaths / r.population
                    } else {
                        0.0
                    })
                })
                .collect();
            Some((mx, rows.iter().map(|r| r.prevalence).collect()))
        } else {
            None
        };
        Groepsinvoer {
            key,
            counts,
            rates,
            prevalence_only,
        }
    });
    Ok(compute(by.to_vec(), inputs, &opties))
}

fn combine_bands(rows: Vec<Rij>) -> Vec<Rij> {
    let mut out: Vec<Rij> = Vec::with_capacity(rows.len());
    for r in rows {
        match out.iter_mut().find(|o| o.band == r.band) {
            None => out.push(r),
            Some(o) => {
                let weight = |x: &Rij| x.health_n.unwrap_or(x.population);
                let (wo, wr) = (weight(o), weight(&r));
                if wo + wr > 0.0 {
                    o.prevalence = (o.prevalence * wo + r.prevalence * wr) / (wo + wr);
                }
                o.mx = match (o.mx, r.mx) {
                    (Some(a), Some(b)) if o.population + r.population > 0.0 => {
                        Some((a * o.population + b * r.population) / (o.population + r.population))
                    }
                    _ => None,
                };
                o.deaths += r.deaths;
                o.population += r.population;
                o.health_n = o.health_n.zip(r.health_n).map(|(a, b)| a + b);
            }
        }
    }
    out
}

fn show(key: &[Sleutel]) -> String {
    let parts: Vec<String> = key.iter().map(ToString::to_string).collect();
    if parts.is_empty() {
        "(totaal)".to_owned()
    } else {
        parts.join("/")
    }
}

fn push_all(errors: &mut Vec<InvoerFout>, e: IndicatorError) {
    match e {
        IndicatorError::Invoer(v) => errors.extend(v),
        other => errors.push(InvoerFout::new("", None, None, other.to_string())),
    }
}
