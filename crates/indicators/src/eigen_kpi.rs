//! KPIs that administrators define: read from the `[[kpi]]` form of `data/kpis.toml`, checked
//! on their own and together with the shipped catalogue ([`Catalogus::met_eigen`]), and
//! checked against the observations already stored under their code
//! ([`tegenstrijdigheden`]), so that a definition never says something its own values
//! contradict.
//!
//! A user definition may add a KPI, not replace a shipped one: the shipped definitions are
//! what the register's targets, the gap KPIs and the computed series are built on and are
//! checked by this crate's tests; a copy stored in one database would also silently shadow
//! the corrected definition a later release ships. A shipped KPI changes with a release.

use std::collections::BTreeSet;

use serde::Deserialize;

use gemeten_domain::{Probleem, Waarneming};

use crate::kpi::{Catalogus, KpiDefinitie, Uitsplitsing};
use crate::IndicatorError;

/// One thing wrong with a KPI definition: the KPI as the record, the field and why, in Dutch
/// and English (the one problem type).
fn fout(code: &str, veld: &'static str, nl: impl Into<String>, en: impl Into<String>) -> Probleem {
    Probleem::bij_veld(veld, nl, en).record(format!("KPI '{code}'"))
}

/// The longest code a KPI may have: it is part of URLs and file names.
const MAX_CODE: usize = 64;

/// Whether `code` is a KPI code: lower-case ASCII letters, digits and `_`, starting with a
/// letter (the form of the shipped codes, safe in a URL path and a CSV cell).
fn code_ok(code: &str) -> bool {
    code.len() <= MAX_CODE
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Reads KPI definitions in the `[[kpi]]` form of `data/kpis.toml`; `naam` stands for the
/// text in messages.
pub fn kpis_uit_toml(text: &str, naam: &str) -> Result<Vec<KpiDefinitie>, IndicatorError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Bestand {
        #[serde(default)]
        kpi: Vec<KpiDefinitie>,
    }
    let bestand: Bestand = toml::from_str(text)
        .map_err(|e| IndicatorError::methode(format!("{naam}: {}", e.to_string().trim_end())))?;
    if bestand.kpi.is_empty() {
        return Err(IndicatorError::methode(format!(
            "{naam}: bevat geen [[kpi]]-definitie"
        )));
    }
    Ok(bestand.kpi)
}

impl Catalogus {
    /// The shipped catalogue plus the administrators' definitions `defs`, each checked on its
    /// own (code, names, unit, SES breakdowns, breaks) and against the rest (no code twice,
    /// no shipped code, a gap KPI's source KPI known). Every problem is listed; with any,
    /// there is no catalogue.
    pub fn met_eigen(defs: Vec<KpiDefinitie>) -> Result<Catalogus, IndicatorError> {
        let mut cat = Catalogus::standaard()?;
        let mut fouten = Vec::new();
        let mut gezien = BTreeSet::new();
        for def in &defs {
            if cat.kpis.contains_key(&def.code) {
                fouten.push(fout(
                    &def.code,
                    "code",
                    "deze KPI wordt met gemeten meegeleverd en verandert alleen met een nieuwe versie; kies een eigen code",
                    "this KPI ships with gemeten and changes only with a new release; choose a code of your own",
                ));
            } else if !gezien.insert(def.code.as_str()) {
                fouten.push(fout(
                    &def.code,
                    "code",
                    "staat meer dan eens in de definities",
                    "is given more than once in the definitions",
                ));
            }
            fouten.extend(cat.controleer(def));
        }
        let codes: BTreeSet<&str> = cat
            .kpis
            .keys()
            .map(String::as_str)
            .chain(defs.iter().map(|d| d.code.as_str()))
            .collect();
        for def in &defs {
            if let Some(v) = &def.verschil_van {
                if !codes.contains(v.kpi.as_str()) || v.kpi == def.code {
                    fouten.push(fout(
                        &def.code,
                        "verschil_van",
                        format!("'{}' is geen andere bekende KPI", v.kpi),
                        format!("'{}' is not another known KPI", v.kpi),
                    ));
                }
            }
        }
        if !fouten.is_empty() {
            return Err(IndicatorError::Definitie(fouten));
        }
        for def in defs {
            cat.eigen.insert(def.code.clone());
            cat.kpis.insert(def.code.clone(), def);
        }
        Ok(cat)
    }

    /// The problems of one definition on its own, against this catalogue's SES breakdowns.
    fn controleer(&self, def: &KpiDefinitie) -> Vec<Probleem> {
        let mut f = Vec::new();
        let code = def.code.as_str();
        if !code_ok(code) {
            f.push(fout(
                code,
                "code",
                format!(
                    "een code bestaat uit kleine letters, cijfers en '_', begint met een letter en is hoogstens {MAX_CODE} tekens lang"
                ),
                format!(
                    "a code consists of lower-case letters, digits and '_', starts with a letter and is at most {MAX_CODE} characters long"
                ),
            ));
        }
        for (veld, waarde) in [
            ("name_nl", &def.name_nl),
            ("name_en", &def.name_en),
            ("unit", &def.unit),
            ("source", &def.source),
        ] {
            if waarde.trim().is_empty() {
                f.push(fout(code, veld, "mag niet leeg zijn", "must not be empty"));
            }
        }
        for dim in &def.ses_dimensies {
            if !self.ses_dimensies.contains_key(dim) {
                let bekend: Vec<&str> = self.ses_dimensies.keys().map(String::as_str).collect();
                f.push(fout(
                    code,
                    "ses_dimensies",
                    format!(
                        "onbekende SES-indeling '{dim}' (bekend: {})",
                        bekend.join(", ")
                    ),
                    format!(
                        "unknown SES classification '{dim}' (known: {})",
                        bekend.join(", ")
                    ),
                ));
            }
        }
        if !def.ses_dimensies.is_empty() && !def.breakdowns.contains(&Uitsplitsing::Ses) {
            f.push(fout(
                code,
                "ses_dimensies",
                "SES-indelingen zonder 'ses' in breakdowns",
                "SES classifications without 'ses' in breakdowns",
            ));
        }
        if let Some(v) = &def.verschil_van {
            if !self.ses_dimensies.contains_key(&v.ses_dimensie) {
                f.push(fout(
                    code,
                    "verschil_van",
                    format!("onbekende SES-indeling '{}'", v.ses_dimensie),
                    format!("unknown SES classification '{}'", v.ses_dimensie),
                ));
            }
        }
        let mut jaren = BTreeSet::new();
        for b in &def.breuken {
            if b.reden.trim().is_empty() {
                f.push(fout(
                    code,
                    "breuken",
                    format!("de breuk in {} heeft geen reden", b.jaar),
                    format!("the break in {} has no reason", b.jaar),
                ));
            }
            if !(1800..=2200).contains(&b.jaar) {
                f.push(fout(
                    code,
                    "breuken",
                    format!("{} is geen plausibel jaar voor een breuk", b.jaar),
                    format!("{} is not a plausible year for a break", b.jaar),
                ));
            }
            if !jaren.insert(b.jaar) {
                f.push(fout(
                    code,
                    "breuken",
                    format!("{} staat meer dan eens als breuk", b.jaar),
                    format!("{} is given more than once as a break", b.jaar),
                ));
            }
        }
        f
    }
}

/// What in `nieuw` contradicts the observations stored under its code (`waarnemingen`, all
/// of that KPI) or the definition they were stored under (`oud`): a changed unit, a breakdown
/// or SES breakdown they use that is gone, a kind of period they cover that is no longer
/// allowed. A definition may only widen what stored values rely on.
pub fn tegenstrijdigheden(
    oud: Option<&KpiDefinitie>,
    nieuw: &KpiDefinitie,
    waarnemingen: &[Waarneming],
) -> Vec<Probleem> {
    let mut f = Vec::new();
    let code = nieuw.code.as_str();
    let eigen: Vec<&Waarneming> = waarnemingen.iter().filter(|w| w.kpi == code).collect();
    let Some(eerste) = eigen.first() else {
        return f;
    };
    let n = eigen.len();
    if let Some(oud) = oud {
        if oud.unit != nieuw.unit {
            f.push(fout(
                code,
                "unit",
                format!(
                    "de eenheid '{}' kan niet '{}' worden: er zijn {n} waarneming(en) in '{}' opgeslagen (bv. {} {})",
                    oud.unit, nieuw.unit, oud.unit, eerste.period, eerste.region
                ),
                format!(
                    "the unit '{}' cannot become '{}': {n} observation(s) in '{}' are stored (e.g. {} {})",
                    oud.unit, nieuw.unit, oud.unit, eerste.period, eerste.region
                ),
            ));
        }
    }
    let gebruikt = |pred: &dyn Fn(&Waarneming) -> bool| eigen.iter().copied().find(|w| pred(w));
    for (u, veld, wat, pred) in [
        (
            Uitsplitsing::Sex,
            "breakdowns",
            ("geslacht (sex)", "sex"),
            (&|w: &Waarneming| !w.sex.is_empty()) as &dyn Fn(&Waarneming) -> bool,
        ),
        (
            Uitsplitsing::Ses,
            "breakdowns",
            ("SES (ses)", "SES (ses)"),
            &|w: &Waarneming| !w.ses.is_empty(),
        ),
        (
            Uitsplitsing::AgeBand,
            "breakdowns",
            ("leeftijd (age_band)", "age (age_band)"),
            &|w: &Waarneming| !w.age_band.is_empty(),
        ),
    ] {
        if !nieuw.breakdowns.contains(&u) {
            if let Some(w) = gebruikt(pred) {
                f.push(fout(
                    code,
                    veld,
                    format!(
                        "de uitsplitsing naar {} kan niet weg: opgeslagen waarnemingen gebruiken haar (bv. {} {})",
                        wat.0, w.period, w.region
                    ),
                    format!(
                        "the breakdown by {} cannot go: stored observations use it (e.g. {} {})",
                        wat.1, w.period, w.region
                    ),
                ));
            }
        }
    }
    if !nieuw.ses_dimensies.is_empty() {
        if let Some(w) = gebruikt(&|w| {
            !w.ses_dimensie.is_empty() && !nieuw.ses_dimensies.contains(&w.ses_dimensie)
        }) {
            f.push(fout(
                code,
                "ses_dimensies",
                format!(
                    "de SES-indeling '{}' kan niet weg: opgeslagen waarnemingen gebruiken haar (bv. {} {})",
                    w.ses_dimensie, w.period, w.region
                ),
                format!(
                    "the SES classification '{}' cannot go: stored observations use it (e.g. {} {})",
                    w.ses_dimensie, w.period, w.region
                ),
            ));
        }
    }
    if !nieuw.perioden.is_empty() {
        if let Some(w) = gebruikt(&|w| !nieuw.perioden.contains(&w.period.soort())) {
            f.push(fout(
                code,
                "perioden",
                format!(
                    "opgeslagen waarnemingen beslaan een {} (bv. {} {}), die de nieuwe definitie niet meer toelaat",
                    w.period.soort().label_nl(),
                    w.period,
                    w.region
                ),
                format!(
                    "stored observations cover a {} (e.g. {} {}), which the new definition no longer allows",
                    w.period.soort().label_en(),
                    w.period,
                    w.region
                ),
            ));
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use gemeten_domain::Meetperiode;

    use super::*;

    const ROKEN: &str = r#"
[[kpi]]
code = "rokers_jongeren"
name_nl = "Rokende jongeren"
name_en = "Young smokers"
unit = "%"
direction = "lower"
source = "Trimbos"
breakdowns = ["sex", "ses"]
ses_dimensies = ["opleiding"]
perioden = ["jaar"]
breuken = [{ jaar = 2020, reden = "nieuwe vragenlijst" }]
"#;

    fn roken() -> KpiDefinitie {
        kpis_uit_toml(ROKEN, "test").unwrap().remove(0)
    }

    #[test]
    fn a_user_kpi_joins_the_shipped_catalogue() {
        let cat = Catalogus::met_eigen(vec![roken()]).unwrap();
        assert!(cat.kpis.contains_key("rokers_jongeren"));
        assert!(cat.kpis.contains_key("gezonde_levensverwachting"));
        assert_eq!(cat.eigen.len(), 1);
    }

    #[test]
    fn bad_definitions_are_refused_with_every_problem_named() {
        let mut d = roken();
        d.code = "Rokers!".into();
        d.name_en = " ".into();
        d.ses_dimensies = vec!["postcode".into()];
        d.breuken[0].reden.clear();
        let mut shipped = roken();
        shipped.code = "gezonde_levensverwachting".into();
        let Err(IndicatorError::Definitie(f)) = Catalogus::met_eigen(vec![d, shipped]) else {
            panic!("accepted");
        };
        let velden: Vec<(&str, &str)> = f
            .iter()
            .map(|f| (f.record.as_deref().unwrap_or(""), f.field().unwrap_or("")))
            .collect();
        for want in [
            ("KPI 'Rokers!'", "code"),
            ("KPI 'Rokers!'", "name_en"),
            ("KPI 'Rokers!'", "ses_dimensies"),
            ("KPI 'Rokers!'", "breuken"),
            ("KPI 'gezonde_levensverwachting'", "code"),
        ] {
            assert!(velden.contains(&want), "{want:?} not in {f:?}");
        }
        assert!(Catalogus::met_eigen(vec![roken(), roken()]).is_err());
        assert!(kpis_uit_toml("[[kpi]]\ncode = 1", "x.toml").is_err());
    }

    #[test]
    fn changes_that_stored_values_contradict_are_named() {
        let mut w = Waarneming::national(
            "rokers_jongeren",
            Meetperiode::jaar(2021).unwrap(),
            12.0,
            "t",
        );
        w.sex = "man".into();
        w.ses_dimensie = "opleiding".into();
        w.ses = "laag".into();
        let oud = roken();
        assert!(tegenstrijdigheden(Some(&oud), &oud, std::slice::from_ref(&w)).is_empty());
        let mut nieuw = oud.clone();
        nieuw.unit = "per 1000".into();
        nieuw.breakdowns = vec![Uitsplitsing::Ses];
        nieuw.ses_dimensies = vec!["inkomen5".into()];
        nieuw.perioden = vec![gemeten_domain::Periodesoort::Kwartaal];
        let f = tegenstrijdigheden(Some(&oud), &nieuw, &[w]);
        let velden: Vec<&str> = f.iter().filter_map(|f| f.field()).collect();
        assert_eq!(
            velden,
            ["unit", "breakdowns", "ses_dimensies", "perioden"],
            "{f:?}"
        );
        // Without stored values anything may change.
        assert!(tegenstrijdigheden(Some(&oud), &nieuw, &[]).is_empty());
    }
}
