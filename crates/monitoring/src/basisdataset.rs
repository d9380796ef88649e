//! The minimal basic dataset: its versioned definition (a data file) and the check of a
//! project's report against it. A report is checked field by field and every failing field
//! is listed; only a report without problems becomes a [`Rapport`].

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use gemeten_domain::{Bron, Id, MissieCode, OrganisatieSoort};

use crate::{Indicator, PeriodeId, Probleem, Rapport, Tweetalig};

/// Version 1 of the definition, as shipped.
pub const DEFINITIE_V1: &str = include_str!("../../../data/monitoring/basisdataset_v1.toml");

/// The kind of a field: decides how its value is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VeldSoort {
    Project,
    Periode,
    Versie,
    Regio,
    Euro,
    Fte,
    Aantal,
    Trl,
    Sel,
    Missies,
    KiaVragen,
    Partners,
    Outputs,
    Bereik,
    Indicatoren,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Veld {
    pub name: String,
    pub kind: VeldSoort,
    pub required: bool,
    pub label_nl: String,
    pub label_en: String,
}

/// A version of the basic dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definitie {
    pub version: u32,
    pub title_nl: String,
    pub title_en: String,
    pub source: Bron,
    #[serde(rename = "veld")]
    pub fields: Vec<Veld>,
}

/// The fields the code knows, with their kind. A definition may use a subset (beyond the
/// three identifying ones) and choose which are required; it cannot invent fields.
const KNOWN: &[(&str, VeldSoort)] = &[
    ("project", VeldSoort::Project),
    ("period", VeldSoort::Periode),
    ("version", VeldSoort::Versie),
    ("region", VeldSoort::Regio),
    ("public_eur", VeldSoort::Euro),
    ("private_eur", VeldSoort::Euro),
    ("in_kind_eur", VeldSoort::Euro),
    ("fte", VeldSoort::Fte),
    ("partners", VeldSoort::Partners),
    ("missions", VeldSoort::Missies),
    ("kia_questions", VeldSoort::KiaVragen),
    ("trl_start", VeldSoort::Trl),
    ("trl_now", VeldSoort::Trl),
    ("sel_start", VeldSoort::Sel),
    ("sel_now", VeldSoort::Sel),
    ("outputs", VeldSoort::Outputs),
    ("reach_low_ses", VeldSoort::Bereik),
    ("indicators", VeldSoort::Indicatoren),
];

const OUTPUTS: &[&str] = &["publications", "products", "patents", "spinoffs"];

impl Definitie {
    /// Parses and checks a definition file: known fields with their kind, no field twice,
    /// project, period and version required.
    pub fn parse(text: &str) -> Result<Definitie, String> {
        let d: Definitie = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut seen = HashSet::new();
        for f in &d.fields {
            if !seen.insert(f.name.as_str()) {
                return Err(format!("field '{}' is defined twice", f.name));
            }
            match KNOWN.iter().find(|(n, _)| *n == f.name) {
                None => return Err(format!("field '{}' is unknown to gemeten", f.name)),
                Some((_, k)) if *k != f.kind => {
                    return Err(format!("field '{}' must be of kind {:?}", f.name, k))
                }
                _ => {}
            }
        }
        for must in ["project", "period", "version"] {
            if !d.fields.iter().any(|f| f.name == must && f.required) {
                return Err(format!("field '{must}' must be defined and required"));
            }
        }
        Ok(d)
    }

    /// The shipped definitions, newest last.
    pub fn all() -> Vec<Definitie> {
        vec![Definitie::parse(DEFINITIE_V1).expect("the shipped definition is valid (tested)")]
    }

    /// The shipped definition of a version.
    pub fn version(v: u32) -> Option<Definitie> {
        Definitie::all().into_iter().find(|d| d.version == v)
    }

    pub fn field(&self, name: &str) -> Option<&Veld> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// What a report is checked against beyond its own fields.
#[derive(Debug, Clone, Default)]
pub struct Bekend {
    /// KIA question ids of the register; `None` skips the check.
    pub kia_vragen: Option<BTreeSet<String>>,
    /// Region codes (`crates/indicators/data/regios.csv`); `None` skips the check.
    pub regios: Option<BTreeSet<String>>,
}

/// Checking a report against the basic dataset. A trait because [`Rapport`] is a value of
/// `gemeten-domain` (the store persists it); the check is this crate's rule.
pub trait RapportCheck: Sized {
    /// Checks one report (as read from a file) against its definition; `record` names it in
    /// the problems ("rapportages.json #2"). Every failing field is listed.
    fn check(value: &Value, record: &str, bekend: &Bekend) -> Result<Self, Vec<Probleem>>;
}

impl RapportCheck for Rapport {
    fn check(value: &Value, record: &str, bekend: &Bekend) -> Result<Rapport, Vec<Probleem>> {
        let Some(obj) = value.as_object() else {
            return Err(vec![Probleem::new(
                "een rapportage moet een object zijn",
                "a report must be an object",
            )
            .record(record)]);
        };
        // Name the record by project and period where they are readable.
        let rec = match (
            obj.get("project").and_then(Value::as_str),
            obj.get("period").and_then(Value::as_str),
        ) {
            (Some(p), Some(t)) => format!("{record} ({p}, {t})"),
            (Some(p), None) => format!("{record} ({p})"),
            _ => record.to_owned(),
        };
        let version = match obj.get("version") {
            None => {
                return Err(vec![Probleem::bij_veld(
                    "version",
                    "ontbreekt: de versie van de basisdataset die de rapportage volgt (1)",
                    "missing: the version of the basic dataset the report follows (1)",
                )
                .record(rec)])
            }
            Some(v) => match v.as_u64().and_then(|v| Definitie::version(v as u32)) {
                Some(d) => d,
                None => {
                    let known: Vec<String> = Definitie::all()
                        .iter()
                        .map(|d| d.version.to_string())
                        .collect();
                    let known = known.join(", ");
                    return Err(vec![Probleem::bij_veld(
                        "version",
                        format!("onbekende versie {v} (bekend: {known})"),
                        format!("unknown version {v} (known: {known})"),
                    )
                    .record(rec)]);
                }
            },
        };
        let mut p = Vec::new();
        for key in obj.keys() {
            if version.field(key).is_none() {
                p.push(
                    Probleem::bij_veld(
                        key.clone(),
                        format!("geen veld van de basisdataset versie {}", version.version),
                        format!("not a field of basic dataset version {}", version.version),
                    )
                    .record(&rec),
                );
            }
        }
        for f in &version.fields {
            match obj.get(&f.name) {
                None | Some(Value::Null) => {
                    if f.required {
                        p.push(
                            Probleem::bij_veld(
                                f.name.clone(),
                                format!("ontbreekt ({})", f.label_nl),
                                format!("missing ({})", f.label_en),
                            )
                            .record(&rec),
                        );
                    }
                }
                Some(v) => {
                    if let Err(reason) = check_value(f.kind, v, bekend) {
                        p.push(Probleem {
                            record: Some(rec.clone().into_boxed_str()),
                            field: Some(f.name.clone().into()),
                            ..Probleem::new(reason.nl, reason.en)
                        });
                    }
                }
            }
        }
        if !p.is_empty() {
            return Err(p);
        }
        serde_json::from_value(value.clone()).map_err(|e| {
            vec![Probleem::new(
                format!("de rapportage is niet te lezen: {e}"),
                format!("the report cannot be read: {e}"),
            )
            .record(rec)]
        })
    }
}

fn t(nl: impl Into<String>, en: impl Into<String>) -> Tweetalig {
    Tweetalig::new(nl, en)
}

/// Several reasons about one field as one, in each language.
fn samen(bad: Vec<Tweetalig>) -> Result<(), Tweetalig> {
    if bad.is_empty() {
        return Ok(());
    }
    let join = |f: fn(&Tweetalig) -> &str| bad.iter().map(f).collect::<Vec<_>>().join("; ");
    Err(t(join(|x| &x.nl), join(|x| &x.en)))
}

fn count(v: &Value) -> Result<u64, Tweetalig> {
    v.as_u64().ok_or_else(|| {
        t(
            format!("{v} is geen geheel getal van 0 of meer"),
            format!("{v} is not a whole number of 0 or more"),
        )
    })
}

/// `prefix: reason` in each language.
fn bij(prefix: &str, e: Tweetalig) -> Tweetalig {
    t(format!("{prefix}: {}", e.nl), format!("{prefix}: {}", e.en))
}

fn check_value(kind: VeldSoort, v: &Value, bekend: &Bekend) -> Result<(), Tweetalig> {
    match kind {
        VeldSoort::Project => v
            .as_str()
            .ok_or_else(|| {
                t(
                    "moet een project-id zijn (tekst)",
                    "must be a project id (text)",
                )
            })
            .and_then(|s| s.parse::<Id>().map(|_| ()).map_err(|e| e.reason)),
        VeldSoort::Periode => v
            .as_str()
            .ok_or_else(|| {
                t(
                    "moet een periode zijn zoals \"2025\" (tekst)",
                    "must be a period such as \"2025\" (text)",
                )
            })
            .and_then(|s| s.parse::<PeriodeId>().map(|_| ()).map_err(|e| e.reason)),
        VeldSoort::Versie => Ok(()),
        VeldSoort::Regio => {
            let s = v.as_str().ok_or_else(|| {
                t(
                    "moet een regiocode zijn (tekst)",
                    "must be a region code (text)",
                )
            })?;
            match &bekend.regios {
                Some(r) if !r.contains(s) => Err(t(
                    format!(
                        "onbekende regio '{s}' (een code uit regios.csv: NL01, PV20-PV31, GG…, \
                         ZK…, ROAZ01-ROAZ10)"
                    ),
                    format!(
                        "unknown region '{s}' (a code of regios.csv: NL01, PV20-PV31, GG…, ZK…, \
                         ROAZ01-ROAZ10)"
                    ),
                )),
                _ => Ok(()),
            }
        }
        VeldSoort::Euro | VeldSoort::Aantal => count(v).map(|_| ()),
        VeldSoort::Fte => match v.as_f64() {
            Some(x) if (0.0..=100_000.0).contains(&x) => Ok(()),
            _ => Err(t(
                format!("{v} is geen aantal fte (0 of meer)"),
                format!("{v} is not a number of FTEs (0 or more)"),
            )),
        },
        VeldSoort::Trl | VeldSoort::Sel => match v.as_u64() {
            Some(1..=9) => Ok(()),
            _ => Err(t(
                format!("{v} ligt niet tussen 1 en 9"),
                format!("{v} is outside 1-9"),
            )),
        },
        VeldSoort::Missies => {
            let list = v.as_array().ok_or_else(|| {
                t(
                    "moet een lijst van missiecodes zijn",
                    "must be a list of mission codes",
                )
            })?;
            if list.is_empty() {
                return Err(t(
                    "noemt geen missie; een project dient er minstens één",
                    "names no mission; a project serves at least one",
                ));
            }
            let mut seen = BTreeSet::new();
            for m in list {
                let code = m
                    .as_str()
                    .ok_or_else(|| {
                        t(
                            format!("{m} is geen missiecode"),
                            format!("{m} is not a mission code"),
                        )
                    })?
                    .parse::<MissieCode>()
                    .map_err(|e| e.reason)?;
                if !seen.insert(code) {
                    return Err(t(
                        format!("missie {code} staat er twee keer in"),
                        format!("mission {code} is listed twice"),
                    ));
                }
            }
            Ok(())
        }
        VeldSoort::KiaVragen => {
            let list = v.as_array().ok_or_else(|| {
                t(
                    "moet een lijst van id's van KIA-vragen zijn",
                    "must be a list of KIA question ids",
                )
            })?;
            let mut unknown = Vec::new();
            for q in list {
                let s = q
                    .as_str()
                    .ok_or_else(|| t(format!("{q} is geen id"), format!("{q} is not an id")))?;
                s.parse::<Id>().map_err(|e| e.reason)?;
                if bekend.kia_vragen.as_ref().is_some_and(|k| !k.contains(s)) {
                    unknown.push(s);
                }
            }
            if unknown.is_empty() {
                Ok(())
            } else {
                Err(t(
                    format!("onbekende KIA-vraag of -vragen: {}", unknown.join(", ")),
                    format!("unknown KIA question(s): {}", unknown.join(", ")),
                ))
            }
        }
        VeldSoort::Partners => {
            let map = v.as_object().ok_or_else(|| {
                t(
                    "moet een tabel zijn van soort organisatie = aantal partners",
                    "must be a table of organisation kind = number of partners",
                )
            })?;
            let mut bad = Vec::new();
            let mut total = 0;
            for (k, n) in map {
                if let Err(e) = k.parse::<OrganisatieSoort>() {
                    bad.push(e.reason);
                }
                match count(n) {
                    Ok(n) => total += n,
                    Err(e) => bad.push(bij(k, e)),
                }
            }
            if bad.is_empty() && total == 0 {
                bad.push(t(
                    "geen partners; een project heeft er minstens één",
                    "no partners; a project has at least one",
                ));
            }
            samen(bad)
        }
        VeldSoort::Outputs => {
            let map = v.as_object().ok_or_else(|| {
                t(
                    "moet een tabel zijn met publications, products, patents, spinoffs",
                    "must be a table with publications, products, patents, spinoffs",
                )
            })?;
            let mut bad = Vec::new();
            for k in OUTPUTS {
                match map.get(*k) {
                    None => bad.push(t(format!("{k} ontbreekt"), format!("{k} missing"))),
                    Some(n) => {
                        if let Err(e) = count(n) {
                            bad.push(bij(k, e));
                        }
                    }
                }
            }
            for k in map.keys().filter(|k| !OUTPUTS.contains(&k.as_str())) {
                bad.push(t(
                    format!("'{k}' is geen opbrengst (publications, products, patents, spinoffs)"),
                    format!("'{k}' is not an output (publications, products, patents, spinoffs)"),
                ));
            }
            samen(bad)
        }
        VeldSoort::Bereik => {
            let map = v.as_object().ok_or_else(|| {
                t(
                    "moet een tabel zijn met number en/of share",
                    "must be a table with number and/or share",
                )
            })?;
            let mut bad = Vec::new();
            if let Some(n) = map.get("number") {
                if let Err(e) = count(n) {
                    bad.push(bij("number", e));
                }
            }
            if let Some(s) = map.get("share") {
                if !s.as_f64().is_some_and(|x| (0.0..=1.0).contains(&x)) {
                    bad.push(t(
                        format!("share: {s} is geen aandeel tussen 0 en 1"),
                        format!("share: {s} is not a share between 0 and 1"),
                    ));
                }
            }
            for k in map.keys().filter(|k| *k != "number" && *k != "share") {
                bad.push(t(
                    format!("'{k}' is geen number of share"),
                    format!("'{k}' is not number or share"),
                ));
            }
            if map.is_empty() {
                bad.push(t(
                    "geef een aantal (number), een aandeel 0-1 (share) of beide",
                    "give a number, a share (0-1) or both",
                ));
            }
            samen(bad)
        }
        VeldSoort::Indicatoren => {
            let list = v.as_array().ok_or_else(|| {
                t(
                    "moet een lijst van {name, value, unit} zijn",
                    "must be a list of {name, value, unit}",
                )
            })?;
            let mut bad = Vec::new();
            for (i, ind) in list.iter().enumerate() {
                if let Err(e) = serde_json::from_value::<Indicator>(ind.clone()) {
                    bad.push(t(format!("#{}: {e}", i + 1), format!("#{}: {e}", i + 1)));
                }
            }
            samen(bad)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({
            "project": "vb-a", "period": "2025", "version": 1, "region": "PV26",
            "public_eur": 100000, "private_eur": 20000, "in_kind_eur": 5000, "fte": 1.5,
            "partners": {"umc": 1, "mkb": 2}, "missions": ["II"], "kia_questions": ["q1"],
            "trl_start": 4, "trl_now": 5,
            "outputs": {"publications": 1, "products": 0, "patents": 0, "spinoffs": 0},
            "reach_low_ses": {"number": 40, "share": 0.3},
            "indicators": [{"name": "deelnemers", "value": 120, "unit": "personen"}]
        })
    }

    fn bekend() -> Bekend {
        Bekend {
            kia_vragen: Some(["q1".to_owned()].into()),
            regios: Some(["PV26".to_owned(), "NL01".to_owned()].into()),
        }
    }

    #[test]
    fn the_shipped_definition_is_valid_and_version_1() {
        let d = Definitie::parse(DEFINITIE_V1).unwrap();
        assert_eq!(d.version, 1);
        assert_eq!(d.fields.len(), KNOWN.len());
        assert!(Definitie::parse(
            &DEFINITIE_V1.replace("\"fte\"\nkind = \"fte\"", "\"fte\"\nkind = \"euro\"")
        )
        .is_err());
    }

    #[test]
    fn a_good_report_is_read() {
        let r = Rapport::check(&good(), "f #1", &bekend()).unwrap();
        assert_eq!(r.mkb(), 2);
        assert_eq!(r.partner_count(), 3);
        assert_eq!(r.region.as_deref(), Some("PV26"));
    }

    #[test]
    fn every_failing_field_is_listed() {
        let mut v = good();
        let o = v.as_object_mut().unwrap();
        o.remove("public_eur");
        o.insert("fte".into(), json!(-1));
        o.insert("trl_now".into(), json!(12));
        o.insert("region".into(), json!("XX99"));
        o.insert("missions".into(), json!([]));
        o.insert("partners".into(), json!({"bakkerij": 1}));
        o.insert("outputs".into(), json!({"publications": 1}));
        o.insert("reach_low_ses".into(), json!({"share": 1.5}));
        o.insert("kia_questions".into(), json!(["nope"]));
        o.insert("colour".into(), json!("blue"));
        let p = Rapport::check(&v, "f #1", &bekend()).unwrap_err();
        let fields: BTreeSet<&str> = p.iter().filter_map(|p| p.field()).collect();
        assert_eq!(
            fields,
            [
                "public_eur",
                "fte",
                "trl_now",
                "region",
                "missions",
                "partners",
                "outputs",
                "reach_low_ses",
                "kia_questions",
                "colour"
            ]
            .into(),
            "{p:#?}"
        );
        assert!(
            p[0].to_string().starts_with("f #1 (vb-a, 2025), veld"),
            "{}",
            p[0]
        );
        assert!(
            p[0].tekst(gemeten_domain::Lang::En)
                .starts_with("f #1 (vb-a, 2025), field"),
            "{}",
            p[0]
        );
    }

    #[test]
    fn an_unknown_version_is_refused() {
        let mut v = good();
        v["version"] = json!(7);
        let p = Rapport::check(&v, "f #1", &bekend()).unwrap_err();
        assert_eq!(p.len(), 1);
        assert!(p[0].reason.en.contains("unknown version 7"), "{}", p[0]);
        assert!(p[0].reason.nl.contains("onbekende versie 7"), "{}", p[0]);
    }
}
