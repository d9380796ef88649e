//! Applying a mapping to a table: every cell of a mapped column translated or refused, one
//! raw observation per measure and row, margins joined to their value rows, and then the
//! indicator engine's own checks.

use std::collections::{BTreeMap, HashMap, HashSet};

use gemeten_domain::Waarneming;
use gemeten_indicators::{
    valideer_waarnemingen, Catalogus, GelezenWaarneming, IndicatorError, InvoerFout, RuweWaarneming,
};

use crate::{BronFout, Kolomkoppeling, Koppeling, Rij, Tabel};

/// What a mapped cell says about its row.
enum Uitkomst {
    Waarde(String),
    /// The code is listed under `negeer`: the row is not imported.
    Overslaan,
}

/// Applies `koppeling` to `tabel` and checks the result against the catalogue. All problems
/// come back together, each naming file, line, column and the code or text; with any
/// problem nothing is returned.
pub fn koppel(
    tabel: &Tabel,
    koppeling: &Koppeling,
    cat: &Catalogus,
) -> Result<Vec<Waarneming>, BronFout> {
    let file = tabel.naam.as_str();
    let mut fouten: Vec<InvoerFout> = Vec::new();
    let mut pos: HashMap<String, usize> = HashMap::new();
    for k in koppeling.kolommen() {
        match tabel.kolom(&k) {
            Some(i) => {
                pos.insert(k, i);
            }
            None => {
                let kop = tabel.kolommen.join(", ");
                fouten.push(InvoerFout::tweetalig(
                    file,
                    tabel.kopregel,
                    Some(&k),
                    format!("kolom ontbreekt in de kop (de kop heeft: {kop})"),
                    format!("column missing from the header (the header has: {kop})"),
                ))
            }
        }
    }
    if !fouten.is_empty() {
        return Err(BronFout::Invoer(IndicatorError::Invoer(fouten)));
    }
    let fmt = &koppeling.formaat;
    let ontbreekt = |t: &str| fmt.ontbrekend.iter().any(|o| o == t);
    let getal = |t: &str| {
        if fmt.decimaalkomma {
            t.replace(',', ".")
        } else {
            t.to_owned()
        }
    };
    let bron = koppeling.bron_tekst();

    let mut waarden: Vec<GelezenWaarneming> = Vec::new();
    // Row key and measure → index in `waarden`; keys of value rows whose cell was missing.
    let mut waarde_index: HashMap<(String, usize), usize> = HashMap::new();
    let mut waarde_rijen: HashSet<(String, usize)> = HashSet::new();
    // Margin cells: key and measure → (text, line, column).
    let mut marges: Vec<((String, usize), String, u64, String)> = Vec::new();

    for rij in &tabel.rijen {
        let cel = |kolom: &str| cel_van(&pos, rij, kolom);
        let mut overslaan = false;
        let mut onbekend = |kolom: &str, code: &str, bekend: Vec<&String>| {
            fouten.push(onbekende_code(file, rij.regel, kolom, code, &bekend));
        };
        let mut los = |d: &Kolomkoppeling, overslaan: &mut bool| -> Option<String> {
            match vertaal(d, &pos, rij) {
                Ok(Uitkomst::Waarde(w)) => Some(w),
                Ok(Uitkomst::Overslaan) => {
                    *overslaan = true;
                    None
                }
                Err(code) => {
                    let kolom = d.kolom.as_deref().unwrap_or_default();
                    onbekend(kolom, &code, d.codes.keys().collect());
                    None
                }
            }
        };
        let period = los(&koppeling.periode, &mut overslaan);
        let region = los(&koppeling.regio, &mut overslaan);
        let sex = los(&koppeling.geslacht, &mut overslaan);
        let age_band = los(&koppeling.leeftijdsklasse, &mut overslaan);
        let mut kenmerken: BTreeMap<&str, String> = BTreeMap::new();
        for (naam, k) in &koppeling.kenmerk {
            if let Some(w) = los(k, &mut overslaan) {
                kenmerken.insert(naam, w);
            }
        }
        let mut ses = Some((String::new(), String::new()));
        if let Some(s) = &koppeling.ses {
            ses = None;
            let dimensie = match (&s.dimensie, &s.dimensie_kolom) {
                (Some(d), _) => Some(d.clone()),
                (None, Some(kolom)) => {
                    let code = cel(kolom);
                    if s.negeer.iter().any(|n| n == code) {
                        overslaan = true;
                        None
                    } else if let Some(d) = s.dimensies.get(code) {
                        Some(d.clone())
                    } else {
                        onbekend(kolom, code, s.dimensies.keys().collect());
                        None
                    }
                }
                (None, None) => None,
            };
            if let Some(dim) = dimensie {
                let code = cel(&s.kolom);
                let groepen = s.groepen.get(&dim).unwrap_or(&s.codes);
                if s.dimensie.is_some() && s.negeer.iter().any(|n| n == code) {
                    overslaan = true;
                } else if let Some(g) = groepen.get(code) {
                    // A group translated to "" is all groups together: no breakdown.
                    let dim = if g.is_empty() { String::new() } else { dim };
                    ses = Some((dim, g.clone()));
                } else {
                    onbekend(&s.kolom, code, groepen.keys().collect());
                }
            }
        }
        let soort = match &koppeling.marges {
            None => Some(false),
            Some(m) => {
                let code = cel(&m.kolom);
                if code == m.waarde {
                    Some(false)
                } else if code == m.marge {
                    Some(true)
                } else if m.negeer.iter().any(|n| n == code) {
                    overslaan = true;
                    None
                } else {
                    onbekend(&m.kolom, code, vec![&m.waarde, &m.marge]);
                    None
                }
            }
        };
        let (
            Some(period),
            Some(region),
            Some(sex),
            Some(age_band),
            Some((ses_dimensie, ses)),
            Some(is_marge),
        ) = (period, region, sex, age_band, ses, soort)
        else {
            continue;
        };
        if overslaan || kenmerken.len() != koppeling.kenmerk.len() {
            continue;
        }
        // StatLine marks provisional figures in the period label: 2023* voorlopig, 2023**
        // nader voorlopig. The mark is the figure's status, not part of the period.
        let (period, status_in_periode) = match period.strip_suffix("**") {
            Some(p) => (p.trim_end().to_owned(), "nader voorlopig"),
            None => match period.strip_suffix('*') {
                Some(p) => (p.trim_end().to_owned(), "voorlopig"),
                None => (period, ""),
            },
        };
        let rijsleutel = [
            period.as_str(),
            &region,
            &sex,
            &age_band,
            &ses_dimensie,
            &ses,
        ]
        .join("|")
            + "|"
            + &kenmerken.values().cloned().collect::<Vec<_>>().join("|");
        for (m_i, maat) in koppeling.maat.iter().enumerate() {
            if !maat
                .waar
                .iter()
                .all(|(k, v)| kenmerken.get(k.as_str()) == Some(v))
            {
                continue;
            }
            let tekst = cel(&maat.kolom);
            let sleutel = (rijsleutel.clone(), m_i);
            if is_marge {
                if !ontbreekt(tekst) {
                    marges.push((sleutel, getal(tekst), rij.regel, maat.kolom.clone()));
                }
                continue;
            }
            waarde_rijen.insert(sleutel.clone());
            if ontbreekt(tekst) {
                continue;
            }
            let tekstkolom = |k: &Option<String>| -> String {
                k.as_deref()
                    .map(cel)
                    .filter(|t| !ontbreekt(t))
                    .unwrap_or_default()
                    .to_owned()
            };
            let mut kolommen = BTreeMap::new();
            for (veld, kolom) in [
                ("kpi", Some(&maat.kolom)),
                ("value", Some(&maat.kolom)),
                ("lower", Some(&maat.kolom)),
                ("upper", Some(&maat.kolom)),
                ("period", koppeling.periode.kolom.as_ref()),
                ("region", koppeling.regio.kolom.as_ref()),
                ("sex", koppeling.geslacht.kolom.as_ref()),
                ("age_band", koppeling.leeftijdsklasse.kolom.as_ref()),
                ("ses", koppeling.ses.as_ref().map(|s| &s.kolom)),
                (
                    "ses_dimensie",
                    koppeling
                        .ses
                        .as_ref()
                        .map(|s| s.dimensie_kolom.as_ref().unwrap_or(&s.kolom)),
                ),
                ("significantie", koppeling.significantie.as_ref()),
                ("publicatiestatus", koppeling.publicatiestatus.as_ref()),
            ] {
                if let Some(k) = kolom {
                    kolommen.insert(veld.to_owned(), k.clone());
                }
            }
            waarde_index.insert(sleutel, waarden.len());
            waarden.push(GelezenWaarneming {
                line: rij.regel,
                rij: RuweWaarneming {
                    kpi: maat.kpi.clone(),
                    period: period.clone(),
                    region: region.clone(),
                    sex: sex.clone(),
                    ses_dimensie: ses_dimensie.clone(),
                    ses: ses.clone(),
                    age_band: age_band.clone(),
                    value: getal(tekst),
                    source: bron.clone(),
                    significantie: tekstkolom(&koppeling.significantie),
                    publicatiestatus: match &koppeling.publicatiestatus {
                        Some(_) => tekstkolom(&koppeling.publicatiestatus),
                        None => status_in_periode.to_owned(),
                    },
                    ..RuweWaarneming::default()
                },
                kolommen,
            });
        }
    }

    for (sleutel, marge, regel, kolom) in marges {
        let Some(&i) = waarde_index.get(&sleutel) else {
            if !waarde_rijen.contains(&sleutel) {
                fouten.push(InvoerFout::tweetalig(
                    file,
                    Some(regel),
                    Some(&kolom),
                    format!("marge {marge} zonder bijbehorende waarderij"),
                    format!("margin {marge} without its value row"),
                ));
            }
            // A margin on a missing value has nothing to bound.
            continue;
        };
        let w = &mut waarden[i].rij;
        match (w.value.parse::<f64>(), marge.parse::<f64>()) {
            (Ok(v), Ok(m)) if m.is_finite() && m >= 0.0 => {
                let d = decimalen(&w.value).max(decimalen(&marge));
                w.lower = afgerond(v - m, d);
                w.upper = afgerond(v + m, d);
            }
            // An unreadable value is reported by the validation below.
            (Err(_), _) => {}
            _ => fouten.push(InvoerFout::tweetalig(
                file,
                Some(regel),
                Some(&kolom),
                format!("marge '{marge}' is geen getal van 0 of meer"),
                format!("margin '{marge}' is not a number of 0 or more"),
            )),
        }
    }

    let gevalideerd = if waarden.is_empty() && !fouten.is_empty() {
        // Every row was refused already; "no observations" would only repeat that.
        Ok(Vec::new())
    } else {
        valideer_waarnemingen(file, cat, waarden.into_iter().map(Ok))
    };
    match gevalideerd {
        Ok(w) if fouten.is_empty() => Ok(w),
        Ok(_) => Err(BronFout::Invoer(IndicatorError::Invoer(fouten))),
        Err(IndicatorError::Invoer(v)) => {
            fouten.extend(v);
            Err(BronFout::Invoer(IndicatorError::Invoer(fouten)))
        }
        Err(e) => Err(BronFout::Invoer(e)),
    }
}

/// A constant, or the cell translated by the codes (taken as it is without codes).
/// `Err` carries the unknown code.
fn vertaal(
    d: &Kolomkoppeling,
    pos: &HashMap<String, usize>,
    rij: &Rij,
) -> Result<Uitkomst, String> {
    if let Some(w) = &d.waarde {
        return Ok(Uitkomst::Waarde(w.clone()));
    }
    let Some(kolom) = &d.kolom else {
        return Ok(Uitkomst::Waarde(String::new()));
    };
    let code = cel_van(pos, rij, kolom);
    if d.negeer.iter().any(|n| n == code) {
        return Ok(Uitkomst::Overslaan);
    }
    if d.codes.is_empty() {
        return Ok(Uitkomst::Waarde(code.to_owned()));
    }
    d.codes
        .get(code)
        .map(|w| Uitkomst::Waarde(w.clone()))
        .ok_or_else(|| code.to_owned())
}

fn onbekende_code(
    file: &str,
    regel: u64,
    kolom: &str,
    code: &str,
    bekend: &[&String],
) -> InvoerFout {
    const TOON: usize = 12;
    let mut lijst: Vec<&str> = bekend.iter().take(TOON).map(|s| s.as_str()).collect();
    if bekend.len() > TOON {
        lijst.push("…");
    }
    let (nl, en) = if lijst.is_empty() {
        ("geen codes".to_owned(), "no codes".to_owned())
    } else {
        (lijst.join(", "), lijst.join(", "))
    };
    InvoerFout::tweetalig(
        file,
        Some(regel),
        Some(kolom),
        format!(
            "onbekende code '{code}': de koppeling kent {nl} (voeg de code toe aan de \
             koppeling, of zet hem onder 'negeer')"
        ),
        format!(
            "unknown code '{code}': the mapping knows {en} (add the code to the mapping, \
             or put it under 'negeer')"
        ),
    )
}

/// The trimmed text of `kolom` in `rij` (empty where the row is short).
fn cel_van<'r>(pos: &HashMap<String, usize>, rij: &'r Rij, kolom: &str) -> &'r str {
    pos.get(kolom)
        .and_then(|&i| rij.cellen.get(i))
        .map_or("", String::as_str)
}

/// Digits after the decimal point of a number as written.
fn decimalen(t: &str) -> usize {
    t.split_once('.').map_or(0, |(_, f)| f.len())
}

/// `x` rounded to `d` decimals and written shortest: 65.2 − 0.3 is 64.9, not
/// 64.89999999999999, since both were published to one decimal.
fn afgerond(x: f64, d: usize) -> String {
    format!("{x:.d$}")
        .parse::<f64>()
        .map_or_else(|_| x.to_string(), |v| v.to_string())
}
