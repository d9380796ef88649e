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

use crate::kpi::{Catalogus, KpiDefinitie, SesDimensie, Uitsplitsing};
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

/// What an administrator defines in one go: SES breakdowns (`[[ses_dimensie]]`) and KPIs
/// (`[[kpi]]`), in the form of `data/kpis.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definities {
    #[serde(default)]
    pub ses_dimensie: Vec<SesDimensie>,
    #[serde(default)]
    pub kpi: Vec<KpiDefinitie>,
}

impl Definities {
    /// The codes defined, breakdowns first, for messages and audit entries.
    pub fn codes(&self) -> Vec<String> {
        self.ses_dimensie
            .iter()
            .map(|d| d.code.clone())
            .chain(self.kpi.iter().map(|k| k.code.clone()))
            .collect()
    }
}

/// Reads SES breakdowns and KPI definitions in the form of `data/kpis.toml`; at least one of
/// either. `naam` stands for the text in messages.
pub fn definities_uit_toml(text: &str, naam: &str) -> Result<Definities, IndicatorError> {
    let d: Definities = toml::from_str(text)
        .map_err(|e| IndicatorError::methode(format!("{naam}: {}", e.to_string().trim_end())))?;
    if d.kpi.is_empty() && d.ses_dimensie.is_empty() {
        return Err(IndicatorError::methode(format!(
            "{naam}: bevat geen [[kpi]]- of [[ses_dimensie]]-definitie"
        )));
    }
    Ok(d)
}

impl Catalogus {
    /// The shipped catalogue plus the administrators' definitions `defs`, each checked on its
    /// own (code, names, unit, SES breakdowns, breaks) and against the rest (no code twice,
    /// no shipped code, a gap KPI's source KPI known). Every problem is listed; with any,
    /// there is no catalogue.
    pub fn met_eigen(defs: Vec<KpiDefinitie>) -> Result<Catalogus, IndicatorError> {
        Catalogus::met_eigen_definities(Vec::new(), defs)
    }

    /// [`Catalogus::met_eigen`] with SES breakdowns administrators defined as well: each is
    /// checked (code, names, at least two distinct groups, labels and shares per group, no
    /// group code another breakdown uses, no shipped breakdown replaced) before the KPIs,
    /// which may then name it.
    pub fn met_eigen_definities(
        dims: Vec<SesDimensie>,
        defs: Vec<KpiDefinitie>,
    ) -> Result<Catalogus, IndicatorError> {
        let mut cat = Catalogus::standaard()?;
        let mut fouten = Vec::new();
        for (i, dim) in dims.iter().enumerate() {
            if cat.ses_dimensies.contains_key(&dim.code) {
                let reden = if dims[..i].iter().any(|d| d.code == dim.code) {
                    (
                        "staat meer dan eens in de definities",
                        "appears more than once in the definitions",
                    )
                } else {
                    (
                        "deze SES-indeling wordt met gemeten meegeleverd en verandert alleen met een nieuwe versie; kies een eigen code",
                        "this SES breakdown ships with gemeten and changes only with a new version; choose a code of your own",
                    )
                };
                fouten.push(dim_fout(&dim.code, "code", reden.0, reden.1));
                continue;
            }
            let fout_hier = controleer_dimensie(&cat, dim);
            if fout_hier.is_empty() {
                cat.eigen_ses.insert(dim.code.clone());
                cat.ses_dimensies.insert(dim.code.clone(), dim.clone());
            }
            fouten.extend(fout_hier);
        }
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

/// The problems of one SES breakdown an administrator defines, against the breakdowns
/// already in `cat` (whose group codes it may not reuse: an observation's group names its
/// breakdown).
/// A refused field of SES breakdown `code`.
fn dim_fout(
    code: &str,
    veld: &'static str,
    nl: impl Into<String>,
    en: impl Into<String>,
) -> Probleem {
    Probleem::bij_veld(veld, nl, en).record(format!("SES-indeling '{code}'"))
}

fn controleer_dimensie(cat: &Catalogus, dim: &SesDimensie) -> Vec<Probleem> {
    let mut f = Vec::new();
    let code = dim.code.as_str();
    if !code_ok(code) {
        f.push(dim_fout(
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
    for (veld, waarde) in [("name_nl", &dim.name_nl), ("name_en", &dim.name_en)] {
        if waarde.trim().is_empty() {
            f.push(dim_fout(
                code,
                veld,
                "mag niet leeg zijn",
                "may not be empty",
            ));
        }
    }
    if dim.groepen.len() < 2 {
        f.push(dim_fout(
            code,
            "groepen",
            "een indeling heeft ten minste twee groepen, van de laagste naar de hoogste positie",
            "a breakdown has at least two groups, from the lowest to the highest position",
        ));
    }
    let mut gezien = BTreeSet::new();
    for g in &dim.groepen {
        if !code_ok(g) {
            f.push(dim_fout(
                code,
                "groepen",
                format!(
                    "'{g}' is geen code (kleine letters, cijfers en '_', begint met een letter)"
                ),
                format!(
                    "'{g}' is not a code (lower-case letters, digits and '_', starting with a letter)"
                ),
            ));
        }
        if !gezien.insert(g.as_str()) {
            f.push(dim_fout(
                code,
                "groepen",
                format!("'{g}' staat meer dan eens in de groepen"),
                format!("'{g}' appears more than once among the groups"),
            ));
        }
        if let Some(ander) = cat.ses_dimensie_van(g) {
            f.push(dim_fout(
                code,
                "groepen",
                format!(
                    "de groepcode '{g}' hoort al bij de indeling '{}'; een groepcode noemt precies één indeling",
                    ander.code
                ),
                format!(
                    "the group code '{g}' already belongs to the breakdown '{}'; a group code names exactly one breakdown",
                    ander.code
                ),
            ));
        }
    }
    let n = dim.groepen.len();
    for (veld, len) in [
        ("labels_nl", dim.labels_nl.len()),
        ("labels_en", dim.labels_en.len()),
        ("aandelen", dim.aandelen.len()),
    ] {
        if len != n && !(len == 0 && veld != "labels_nl") {
            f.push(dim_fout(
                code,
                veld,
                format!(
                    "{len} waarden voor {n} groepen; geef er één per groep, in dezelfde volgorde"
                ),
                format!("{len} values for {n} groups; give one per group, in the same order"),
            ));
        }
    }
    if !dim.aandelen.is_empty() {
        let som: f64 = dim.aandelen.iter().sum();
        if dim.aandelen.iter().any(|a| !(*a > 0.0 && *a < 1.0)) || (som - 1.0).abs() > 0.01 {
            f.push(dim_fout(
                code,
                "aandelen",
                format!("bevolkingsaandelen liggen tussen 0 en 1 en tellen op tot 1 (nu {som})"),
                format!("population shares lie between 0 and 1 and add up to 1 (now {som})"),
            ));
        }
    }
    f
}

/// What in the breakdown `nieuw` contradicts the observations stored with it (`waarnemingen`,
/// of any KPI) or the definition they were stored under (`oud`): a group they use that is
/// gone or renamed, or two groups they use put in the other order (the order, low to high,
/// is what the gap and the SII are computed by). New groups may be added.
pub fn dimensie_tegenstrijdigheden(
    oud: Option<&SesDimensie>,
    nieuw: &SesDimensie,
    waarnemingen: &[Waarneming],
) -> Vec<Probleem> {
    let mut f = Vec::new();
    let code = nieuw.code.as_str();
    let mut gebruikt = BTreeSet::new();
    for w in waarnemingen.iter().filter(|w| w.ses_dimensie == code) {
        if gebruikt.insert(w.ses.as_str()) && !nieuw.groepen.contains(&w.ses) {
            f.push(dim_fout(
                code,
                "groepen",
                format!(
                    "de groep '{}' kan niet weg of van naam veranderen: opgeslagen waarnemingen gebruiken haar (bv. {} {} {})",
                    w.ses, w.kpi, w.period, w.region
                ),
                format!(
                    "the group '{}' cannot be removed or renamed: stored observations use it (e.g. {} {} {})",
                    w.ses, w.kpi, w.period, w.region
                ),
            ));
        }
    }
    let Some(oud) = oud else {
        return f;
    };
    let oud_in_gebruik: Vec<&String> = oud
        .groepen
        .iter()
        .filter(|g| gebruikt.contains(g.as_str()))
        .collect();
    let plaats = |g: &str| nieuw.groepen.iter().position(|x| x == g);
    for paar in oud_in_gebruik.windows(2) {
        if let (Some(a), Some(b)) = (plaats(paar[0]), plaats(paar[1])) {
            if a > b {
                f.push(dim_fout(
                    code,
                    "groepen",
                    format!(
                        "de volgorde van '{}' en '{}' kan niet omdraaien: opgeslagen waarnemingen gebruiken beide, en de volgorde (laag naar hoog) bepaalt het verschil en de SII",
                        paar[0], paar[1]
                    ),
                    format!(
                        "the order of '{}' and '{}' cannot be reversed: stored observations use both, and the order (low to high) determines the gap and the SII",
                        paar[0], paar[1]
                    ),
                ));
            }
        }
    }
    f
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

    const WIJK: &str = r#"
[[ses_dimensie]]
code = "wijkstatus"
name_nl = "Sociaaleconomische status van de wijk (tertielen)"
name_en = "Socio-economic status of the neighbourhood (tertiles)"
groepen = ["wijk_laag", "wijk_midden", "wijk_hoog"]
labels_nl = ["laag", "midden", "hoog"]
labels_en = ["low", "middle", "high"]
aandelen = [0.3333, 0.3333, 0.3334]

[[kpi]]
code = "rokers_wijk"
name_nl = "Rokers naar wijkstatus"
name_en = "Smokers by neighbourhood status"
unit = "%"
direction = "lower"
source = "GGD"
breakdowns = ["ses"]
ses_dimensies = ["wijkstatus"]
"#;

    fn wijk() -> Definities {
        definities_uit_toml(WIJK, "test").unwrap()
    }

    #[test]
    fn an_administrator_breakdown_joins_and_a_user_kpi_and_observations_may_use_it() {
        let d = wijk();
        let cat = Catalogus::met_eigen_definities(d.ses_dimensie, d.kpi).unwrap();
        let dim = &cat.ses_dimensies["wijkstatus"];
        assert_eq!(dim.laagste(), "wijk_laag");
        assert_eq!(dim.label("wijk_hoog", gemeten_domain::Lang::En), "high");
        assert!(cat.eigen_ses.contains("wijkstatus") && cat.eigen.contains("rokers_wijk"));
        let csv = "kpi,period,region,ses_dimensie,ses,value\n\
                   rokers_wijk,2022,NL01,wijkstatus,wijk_laag,24.5\n\
                   rokers_wijk,2022,NL01,wijkstatus,wijk_hoog,11.0\n";
        let obs = crate::read_observations_text(csv, "wijk.csv", &cat).unwrap();
        assert_eq!(obs.len(), 2);
        assert_eq!(obs[0].ses, "wijk_laag");
        // Without the breakdown, the same file is refused.
        let zonder = Catalogus::standaard().unwrap();
        assert!(crate::read_observations_text(csv, "wijk.csv", &zonder).is_err());
    }

    #[test]
    fn bad_breakdowns_are_refused_with_every_problem_named() {
        let mut d = wijk();
        let mut dim = d.ses_dimensie.remove(0);
        dim.groepen = vec!["laag".into(), "laag".into()];
        dim.name_en.clear();
        dim.aandelen = vec![0.5];
        let mut shipped = dim.clone();
        shipped.code = "opleiding".into();
        let Err(IndicatorError::Definitie(f)) =
            Catalogus::met_eigen_definities(vec![dim, shipped], vec![])
        else {
            panic!("accepted");
        };
        let velden: Vec<(String, String)> = f
            .iter()
            .map(|e| {
                (
                    e.record.as_deref().unwrap_or("").to_owned(),
                    e.field.as_deref().unwrap_or("").to_owned(),
                )
            })
            .collect();
        for (code, veld) in [
            ("wijkstatus", "name_en"),
            ("wijkstatus", "groepen"),
            ("wijkstatus", "labels_nl"),
            ("wijkstatus", "aandelen"),
            ("opleiding", "code"),
        ] {
            let want = (format!("SES-indeling '{code}'"), veld.to_owned());
            assert!(velden.contains(&want), "{want:?} not in {f:?}");
        }
        assert!(
            f.iter().any(|e| e
                .reason
                .nl
                .contains("'laag' hoort al bij de indeling 'opleiding'")),
            "{f:?}"
        );
    }

    #[test]
    fn a_breakdown_change_that_stored_observations_contradict_is_named() {
        let oud = wijk().ses_dimensie.remove(0);
        let w = |g: &str| {
            let mut w =
                Waarneming::national("rokers_wijk", Meetperiode::jaar(2022).unwrap(), 10.0, "t");
            w.ses_dimensie = "wijkstatus".into();
            w.ses = g.into();
            w
        };
        let obs = vec![w("wijk_laag"), w("wijk_hoog")];
        assert!(dimensie_tegenstrijdigheden(Some(&oud), &oud, &obs).is_empty());
        // Adding a group is fine.
        let mut meer = oud.clone();
        meer.groepen.insert(1, "wijk_laag_midden".into());
        meer.labels_nl.insert(1, "laag-midden".into());
        assert!(dimensie_tegenstrijdigheden(Some(&oud), &meer, &obs).is_empty());
        // Renaming a used group, or swapping two used groups, is not.
        let mut hernoemd = oud.clone();
        hernoemd.groepen[0] = "wijk_l".into();
        let f = dimensie_tegenstrijdigheden(Some(&oud), &hernoemd, &obs);
        assert!(
            f.len() == 1 && f[0].reason.nl.contains("'wijk_laag' kan niet weg"),
            "{f:?}"
        );
        let mut omgedraaid = oud.clone();
        omgedraaid.groepen.swap(0, 2);
        let f = dimensie_tegenstrijdigheden(Some(&oud), &omgedraaid, &obs);
        assert!(f.len() == 1 && f[0].reason.nl.contains("volgorde"), "{f:?}");
        // Reordering groups no observation uses is fine.
        let mut vrij = oud.clone();
        vrij.groepen.swap(0, 1);
        vrij.groepen.swap(1, 2);
        let alleen_midden = vec![w("wijk_midden")];
        assert!(dimensie_tegenstrijdigheden(Some(&oud), &vrij, &alleen_midden).is_empty());
    }
}
