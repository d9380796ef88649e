//! KPI definitions, the regions of Dutch health policy, and validated import of observed
//! values from CSV.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use gemeten_domain::{Lang, Meetperiode, Periodesoort, Richting, Tweetalig, Waarneming};

use crate::{IndicatorError, InvoerFout, Leeftijdsklasse};

/// A group column an observation may fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uitsplitsing {
    Sex,
    Ses,
    AgeBand,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiDefinitie {
    pub code: String,
    pub name_nl: String,
    pub name_en: String,
    pub unit: String,
    pub direction: Richting,
    pub source: String,
    pub breakdowns: Vec<Uitsplitsing>,
    /// What is measured: numerator and denominator, or the method.
    #[serde(default)]
    pub definitie_nl: String,
    /// The definition in English, for English pages.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub definitie_en: String,
    /// How often the publisher updates the series (e.g. "jaarlijks").
    #[serde(default)]
    pub frequentie: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub frequentie_en: String,
    /// What a reader must know before comparing values.
    #[serde(default)]
    pub kanttekeningen: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kanttekeningen_en: String,
    /// Where the series is not like-for-like (a new survey method, a new definition).
    #[serde(default)]
    pub breuken: Vec<Reeksbreuk>,
    /// Whether a trend may be drawn across the breaks (only when the publisher says the
    /// series stays comparable).
    #[serde(default)]
    pub trend_over_breuk: bool,
    /// The kinds of period a value may cover; empty means every kind.
    #[serde(default)]
    pub perioden: Vec<Periodesoort>,
    /// The SES breakdowns (codes of [`SesDimensie`]) a value may use; empty means every one.
    #[serde(default)]
    pub ses_dimensies: Vec<String>,
    /// The RIVM monitor or other public series this KPI follows, or why none exists yet.
    #[serde(default)]
    pub meetreeks: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meetreeks_en: String,
    /// The missions (`C`, `I`…`V`) whose monitoring follows this KPI: their pages list it.
    #[serde(default)]
    pub missies: Vec<String>,
    /// For a gap KPI: the KPI and SES breakdown whose highest-minus-lowest group it is,
    /// and why that breakdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verschil_van: Option<VerschilVan>,
}

/// A gap computed from another KPI's values: highest minus lowest group of one SES breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerschilVan {
    pub kpi: String,
    pub ses_dimensie: String,
    pub reden: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reden_en: Option<String>,
}

/// A break in a series (a new questionnaire, a new definition): values from `jaar` on are
/// not comparable with those before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reeksbreuk {
    pub jaar: i32,
    pub reden: String,
    /// The reason in English, for English pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reden_en: Option<String>,
}

impl KpiDefinitie {
    /// The name in `lang`.
    pub fn naam(&self, lang: Lang) -> &str {
        lang.t(&self.name_nl, &self.name_en)
    }

    /// The definition in `lang` (the Dutch one where no English is given, as for a user KPI
    /// defined in Dutch only).
    pub fn definitie(&self, lang: Lang) -> &str {
        in_taal(lang, &self.definitie_nl, &self.definitie_en)
    }

    /// The update frequency in `lang`.
    pub fn frequentie_in(&self, lang: Lang) -> &str {
        in_taal(lang, &self.frequentie, &self.frequentie_en)
    }

    /// The caveats in `lang`.
    pub fn kanttekeningen_in(&self, lang: Lang) -> &str {
        in_taal(lang, &self.kanttekeningen, &self.kanttekeningen_en)
    }

    /// The series that measures the KPI, in `lang`.
    pub fn meetreeks_in(&self, lang: Lang) -> &str {
        in_taal(lang, &self.meetreeks, &self.meetreeks_en)
    }

    /// Whether the text [`KpiDefinitie::definitie`] and its siblings give in `lang` is really
    /// in `lang` (false for an English page showing a Dutch-only text, which it must mark
    /// `lang="nl"`).
    pub fn tekst_is_in(lang: Lang, nl: &str, en: &str) -> bool {
        lang == Lang::Nl || !en.is_empty() || nl.is_empty()
    }

    /// The Dutch texts that have no English counterpart, by field name: a shipped KPI must
    /// have none (test), a user's KPI may.
    pub fn zonder_engels(&self) -> Vec<&'static str> {
        let mut mist = Vec::new();
        for (veld, nl, en) in [
            ("name_en", self.name_nl.as_str(), self.name_en.as_str()),
            ("definitie_en", &self.definitie_nl, &self.definitie_en),
            ("frequentie_en", &self.frequentie, &self.frequentie_en),
            (
                "kanttekeningen_en",
                &self.kanttekeningen,
                &self.kanttekeningen_en,
            ),
            ("meetreeks_en", &self.meetreeks, &self.meetreeks_en),
        ] {
            if !nl.trim().is_empty() && en.trim().is_empty() {
                mist.push(veld);
            }
        }
        if self
            .breuken
            .iter()
            .any(|b| b.reden_en.as_deref().is_none_or(|e| e.trim().is_empty()))
        {
            mist.push("breuken.reden_en");
        }
        if let Some(v) = &self.verschil_van {
            if v.reden_en.as_deref().is_none_or(|e| e.trim().is_empty()) {
                mist.push("verschil_van.reden_en");
            }
        }
        mist
    }

    /// The year of the last break at or before `year`, if any: a trend that reaches `year`
    /// may start no earlier.
    pub fn laatste_breuk_tot(&self, year: i32) -> Option<&Reeksbreuk> {
        self.breuken
            .iter()
            .filter(|b| b.jaar <= year)
            .max_by_key(|b| b.jaar)
    }

    /// The breaks a trend must respect: none when the publisher says the series stays
    /// comparable across them.
    pub fn breuken_voor_trend(&self) -> &[Reeksbreuk] {
        if self.trend_over_breuk {
            &[]
        } else {
            &self.breuken
        }
    }

    fn allows_period(&self, p: Meetperiode) -> bool {
        self.perioden.is_empty() || self.perioden.contains(&p.soort())
    }
}

fn in_taal<'a>(lang: Lang, nl: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::En && !en.trim().is_empty() {
        en
    } else {
        nl
    }
}

/// A socio-economic breakdown with its groups from the lowest to the highest position, so
/// gaps (highest minus lowest) and gradients can be computed per breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SesDimensie {
    pub code: String,
    pub name_nl: String,
    pub name_en: String,
    pub groepen: Vec<String>,
    /// Labels of the groups, in the order of `groepen`.
    pub labels_nl: Vec<String>,
    /// English labels of the groups, in the order of `groepen` (empty: the Dutch ones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels_en: Vec<String>,
    /// The population share of each group, in the order of `groepen`, when known (quantile
    /// groups: equal by definition); the slope and relative index of inequality need them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aandelen: Vec<f64>,
}

impl SesDimensie {
    pub fn laagste(&self) -> &str {
        self.groepen.first().map_or("", String::as_str)
    }
    pub fn hoogste(&self) -> &str {
        self.groepen.last().map_or("", String::as_str)
    }
    pub fn label_nl<'a>(&'a self, group: &'a str) -> &'a str {
        self.groepen
            .iter()
            .position(|g| g == group)
            .and_then(|i| self.labels_nl.get(i))
            .map_or(group, String::as_str)
    }

    /// The label of `group` in `lang` (the Dutch one where no English is given).
    pub fn label<'a>(&'a self, group: &'a str, lang: Lang) -> &'a str {
        let en = self
            .groepen
            .iter()
            .position(|g| g == group)
            .and_then(|i| self.labels_en.get(i));
        match (lang, en) {
            (Lang::En, Some(e)) => e,
            _ => self.label_nl(group),
        }
    }

    /// The breakdown's name in `lang`.
    pub fn naam(&self, lang: Lang) -> &str {
        lang.t(&self.name_nl, &self.name_en)
    }

    /// The population share of `group`, when the breakdown states them.
    pub fn aandeel(&self, group: &str) -> Option<f64> {
        let i = self.groepen.iter().position(|g| g == group)?;
        self.aandelen.get(i).copied()
    }
}

/// A region an observation may name. `level` is one of [`REGIO_NIVEAUS`]; `parent` is the code
/// of the enclosing region (empty only for the country). Codes are CBS's own (`NL01`, `PV26`,
/// `GG3406`, `ZK02`) except for ROAZ regions, which have no official code and carry
/// gemeten's own `ROAZ01`..`ROAZ10` (sources in `data/regios_bronnen.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Regio {
    pub level: String,
    pub code: String,
    pub name_nl: String,
    pub parent: String,
}

/// The region levels of `data/regios.csv`: country, province, GGD region, zorgkantoor region
/// and ROAZ region (acute-care network). The last three cross province borders, so their
/// parent is the country.
pub const REGIO_NIVEAUS: &[&str] = &["land", "provincie", "ggd", "zorgkantoor", "roaz"];

/// The KPI catalogue and region list that ship with gemeten.
#[derive(Debug, Clone)]
pub struct Catalogus {
    pub kpis: BTreeMap<String, KpiDefinitie>,
    pub regios: BTreeMap<String, Regio>,
    pub ses_dimensies: BTreeMap<String, SesDimensie>,
    /// The codes of the KPIs administrators defined (see [`Catalogus::met_eigen`]); the
    /// others ship with gemeten.
    pub eigen: BTreeSet<String>,
    /// The codes of the SES breakdowns administrators defined.
    pub eigen_ses: BTreeSet<String>,
}

const KPIS: &str = include_str!("../data/kpis.toml");
const REGIOS: &str = include_str!("../data/regios.csv");

pub const SEXES: &[&str] = &["man", "vrouw"];

impl Catalogus {
    /// Every SES group of every breakdown (the codes are unique across breakdowns).
    pub fn ses_groepen(&self) -> Vec<&str> {
        self.ses_dimensies
            .values()
            .flat_map(|d| d.groepen.iter().map(String::as_str))
            .collect()
    }

    /// The breakdown a group belongs to, if exactly one.
    pub fn ses_dimensie_van(&self, group: &str) -> Option<&SesDimensie> {
        self.ses_dimensies
            .values()
            .find(|d| d.groepen.iter().any(|g| g == group))
    }

    /// The embedded catalogue; it is checked by the tests, so failure here is a build bug.
    pub fn standaard() -> Result<Self, IndicatorError> {
        #[derive(Deserialize)]
        struct File {
            ses_dimensie: Vec<SesDimensie>,
            kpi: Vec<KpiDefinitie>,
        }
        let file: File =
            toml::from_str(KPIS).map_err(|e| IndicatorError::methode(format!("kpis.toml: {e}")))?;
        let kpis = file.kpi.into_iter().map(|k| (k.code.clone(), k)).collect();
        let ses_dimensies = file
            .ses_dimensie
            .into_iter()
            .map(|d| (d.code.clone(), d))
            .collect();
        let regios = regios_uit(REGIOS)?;
        Ok(Catalogus {
            kpis,
            regios,
            ses_dimensies,
            eigen: BTreeSet::new(),
            eigen_ses: BTreeSet::new(),
        })
    }
}

/// Reads a region list in the form of `data/regios.csv`, refusing unknown levels, a code that
/// occurs twice and a parent that is not in the list.
fn regios_uit(text: &str) -> Result<BTreeMap<String, Regio>, IndicatorError> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut regios = BTreeMap::new();
    for r in rdr.deserialize::<Regio>() {
        let r = r.map_err(|e| IndicatorError::methode(format!("regios.csv: {e}")))?;
        if !REGIO_NIVEAUS.contains(&r.level.as_str()) {
            return Err(IndicatorError::methode(format!(
                "regios.csv: {} heeft onbekend niveau '{}'",
                r.code, r.level
            )));
        }
        if let Some(dubbel) = regios.insert(r.code.clone(), r) {
            return Err(IndicatorError::methode(format!(
                "regios.csv: code {} staat er meer dan eens in",
                dubbel.code
            )));
        }
    }
    for r in regios.values() {
        let root = r.level == "land" && r.parent.is_empty();
        if !root && !regios.contains_key(&r.parent) {
            return Err(IndicatorError::methode(format!(
                "regios.csv: {} verwijst naar onbekende bovenliggende regio '{}'",
                r.code, r.parent
            )));
        }
    }
    Ok(regios)
}

/// One observation as text, before it is checked: the columns of the plain observation CSV
/// (see [`read_observations`]). Importers of other formats (`gemeten-bronnen`) fill one per
/// published value and hand it to [`valideer_waarnemingen`], so every way in is held to the
/// same rules. Writers of that CSV serialise it too (`csv::Writer::serialize`), so the
/// file's columns are this struct's fields, in this order, in every file gemeten writes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuweWaarneming {
    pub kpi: String,
    pub period: String,
    pub region: String,
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub ses_dimensie: String,
    #[serde(default)]
    pub ses: String,
    #[serde(default)]
    pub age_band: String,
    pub value: String,
    #[serde(default)]
    pub lower: String,
    #[serde(default)]
    pub upper: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub n: String,
    #[serde(default)]
    pub significantie: String,
    #[serde(default)]
    pub publicatiestatus: String,
    #[serde(default)]
    pub synthetisch: String,
}

impl From<&Waarneming> for RuweWaarneming {
    /// An observation as the text of its CSV row; reading that row back gives it again.
    fn from(o: &Waarneming) -> Self {
        let getal = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        RuweWaarneming {
            kpi: o.kpi.clone(),
            period: o.period.to_string(),
            region: o.region.clone(),
            sex: o.sex.clone(),
            ses_dimensie: o.ses_dimensie.clone(),
            ses: o.ses.clone(),
            age_band: o.age_band.clone(),
            value: o.value.to_string(),
            lower: getal(o.lower),
            upper: getal(o.upper),
            source: o.source.clone(),
            n: o.n.map(|n| n.to_string()).unwrap_or_default(),
            significantie: o.significantie.clone().unwrap_or_default(),
            publicatiestatus: o.publicatiestatus.clone().unwrap_or_default(),
            synthetisch: if o.synthetisch { "ja" } else { "nee" }.to_owned(),
        }
    }
}

/// A [`RuweWaarneming`] with where it was read: its line, and for a field read from a column
/// of another name (an import through a mapping: `value` from `LevensverwachtingLV_1`) that
/// column's name, so that a refusal names the column the user sees in the file.
#[derive(Debug, Clone, Default)]
pub struct GelezenWaarneming {
    pub line: u64,
    pub rij: RuweWaarneming,
    /// Field name → column name in the file, where they differ.
    pub kolommen: BTreeMap<String, String>,
}

const COLUMNS: &[&str] = &["kpi", "period", "region", "value"];
const MAX_ERRORS: usize = 50;

/// Reads observations from a CSV file with columns kpi, period, region, sex, ses_dimensie,
/// ses, age_band, value, lower, upper, source, n, significantie, publicatiestatus,
/// synthetisch (all but kpi, period, region and value optional; `n` is the number of persons
/// or cases behind the value; `synthetisch` is `ja` for a made-up value). Every row is checked; with any problem the whole file
/// is refused.
pub fn read_observations(path: &Path, cat: &Catalogus) -> Result<Vec<Waarneming>, IndicatorError> {
    let file = path.display().to_string();
    let rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| crate::microdata::csv_fout(&file, e))?;
    observations_from(rdr, file, cat)
}

/// [`read_observations`] on CSV text already in memory (e.g. sample files embedded in the
/// binary); `name` stands for the file in messages and as the default source.
pub fn read_observations_text(
    text: &str,
    name: &str,
    cat: &Catalogus,
) -> Result<Vec<Waarneming>, IndicatorError> {
    let rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    observations_from(rdr, name.to_owned(), cat)
}

fn observations_from<R: std::io::Read>(
    mut rdr: csv::Reader<R>,
    file: String,
    cat: &Catalogus,
) -> Result<Vec<Waarneming>, IndicatorError> {
    let headers = rdr
        .headers()
        .map_err(|e| crate::microdata::csv_fout(&file, e))?
        .clone();
    let missing: Vec<InvoerFout> = COLUMNS
        .iter()
        .filter(|c| !headers.iter().any(|h| h == **c))
        .map(|c| {
            InvoerFout::tweetalig(
                &file,
                Some(1),
                Some(c),
                "kolom ontbreekt in de kop",
                "column missing from the header",
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(IndicatorError::Invoer(missing));
    }
    // A broken record (a quote left open, a short row) ends the reading: what follows it
    // cannot be located reliably.
    let mut broken = false;
    let rows = rdr.records().map_while(|rec| {
        if broken {
            return None;
        }
        Some(match rec {
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line());
                rec.deserialize::<RuweWaarneming>(Some(&headers))
                    .map(|rij| GelezenWaarneming {
                        line,
                        rij,
                        kolommen: BTreeMap::new(),
                    })
                    .map_err(|e| {
                        // csv's serde message (a field it could not read) in both languages.
                        let e = Tweetalig::uit_bibliotheek(&e.to_string());
                        vec![InvoerFout::tweetalig(&file, Some(line), None, e.nl, e.en)]
                    })
            }
            Err(e) => {
                broken = true;
                match crate::microdata::csv_fout(&file, e) {
                    IndicatorError::Invoer(v) => Err(v),
                    // A read failing halfway must not pass for a shorter file.
                    other => Err(vec![InvoerFout::new(&file, None, None, other.to_string())]),
                }
            }
        })
    });
    valideer_waarnemingen(&file, cat, rows)
}

/// Checks observations read from any format against the catalogue: KPI, kind of period,
/// region, sex, SES breakdown and group, age band, numbers, bounds and duplicates. `rows`
/// yields each observation with its place, or the problems of a record that could not be
/// read. With any problem nothing is returned and every problem (up to a limit) comes back
/// together, naming file, line and column; a value without `source` gets `file` as source.
pub fn valideer_waarnemingen<I>(
    file: &str,
    cat: &Catalogus,
    rows: I,
) -> Result<Vec<Waarneming>, IndicatorError>
where
    I: IntoIterator<Item = Result<GelezenWaarneming, Vec<InvoerFout>>>,
{
    let mut out = Vec::new();
    let mut errors = Vec::new();
    // Observation key → line and column of its first occurrence.
    let mut seen: HashMap<String, (u64, String)> = HashMap::new();
    for gelezen in rows {
        let GelezenWaarneming {
            line,
            rij: row,
            kolommen,
        } = match gelezen {
            Ok(g) => g,
            Err(v) => {
                errors.extend(v);
                continue;
            }
        };
        let kolom = |field: &str| -> String {
            kolommen
                .get(field)
                .cloned()
                .unwrap_or_else(|| field.to_owned())
        };
        let mut bad = |col: &str, reason: Tweetalig| {
            if errors.len() < MAX_ERRORS {
                let Tweetalig { nl, en } = reason;
                errors.push(InvoerFout::tweetalig(
                    file,
                    Some(line),
                    Some(&kolom(col)),
                    nl,
                    en,
                ));
            }
        };
        let t = |nl: String, en: String| Tweetalig::new(nl, en);
        let Some(def) = cat.kpis.get(&row.kpi) else {
            bad(
                "kpi",
                t(
                    format!("onbekende KPI '{}'", row.kpi),
                    format!("unknown KPI '{}'", row.kpi),
                ),
            );
            continue;
        };
        let period = match row.period.parse::<Meetperiode>() {
            Ok(p) if def.allows_period(p) => p,
            Ok(p) => {
                let kinds: Vec<&str> = def.perioden.iter().map(|k| k.label_nl()).collect();
                let kinds_en: Vec<&str> = def.perioden.iter().map(|k| k.label_en()).collect();
                bad(
                    "period",
                    t(
                        format!(
                            "'{}' is een {}; KPI '{}' neemt alleen {} aan",
                            row.period,
                            p.soort().label_nl(),
                            def.code,
                            kinds.join(" of ")
                        ),
                        format!(
                            "'{}' is a {}; KPI '{}' takes only {}",
                            row.period,
                            p.soort().label_en(),
                            def.code,
                            kinds_en.join(" or ")
                        ),
                    ),
                );
                continue;
            }
            Err(e) => {
                bad("period", e.reason.clone());
                continue;
            }
        };
        if !cat.regios.contains_key(&row.region) {
            bad(
                "region",
                t(
                    format!(
                        "onbekende regiocode '{}' (land NL01, provincie PV20-PV31, GGD-regio \
                         bv. GG3406, zorgkantoorregio bv. ZK02, ROAZ-regio ROAZ01-ROAZ10)",
                        row.region
                    ),
                    format!(
                        "unknown region code '{}' (country NL01, province PV20-PV31, GGD \
                         region e.g. GG3406, care office region e.g. ZK02, ROAZ region \
                         ROAZ01-ROAZ10)",
                        row.region
                    ),
                ),
            );
        }
        let allowed = |u: Uitsplitsing| def.breakdowns.contains(&u);
        if !row.sex.is_empty() {
            if !allowed(Uitsplitsing::Sex) {
                bad(
                    "sex",
                    t(
                        format!("KPI '{}' wordt niet naar geslacht uitgesplitst", def.code),
                        format!("KPI '{}' is not broken down by sex", def.code),
                    ),
                );
            } else if !SEXES.contains(&row.sex.as_str()) {
                bad(
                    "sex",
                    t(
                        format!("'{}' is geen geslacht (man, vrouw of leeg)", row.sex),
                        format!("'{}' is no sex (man, vrouw or empty)", row.sex),
                    ),
                );
            }
        }
        let mut ses_dimensie = row.ses_dimensie.clone();
        if !row.ses.is_empty() {
            if ses_dimensie.is_empty() {
                // Files from before the breakdowns were named: a group that belongs to one
                // breakdown only names it.
                let owners: Vec<&SesDimensie> = cat
                    .ses_dimensies
                    .values()
                    .filter(|d| d.groepen.contains(&row.ses))
                    .collect();
                if let [one] = owners.as_slice() {
                    ses_dimensie = one.code.clone();
                }
            }
            if !allowed(Uitsplitsing::Ses) {
                bad(
                    "ses",
                    t(
                        format!("KPI '{}' wordt niet naar SES uitgesplitst", def.code),
                        format!("KPI '{}' is not broken down by SES", def.code),
                    ),
                );
            } else if let Some(dim) = cat.ses_dimensies.get(&ses_dimensie) {
                if !def.ses_dimensies.is_empty() && !def.ses_dimensies.contains(&dim.code) {
                    let wel = def.ses_dimensies.join(", ");
                    bad(
                        "ses_dimensie",
                        t(
                            format!(
                                "KPI '{}' wordt niet naar '{}' uitgesplitst (wel naar {wel})",
                                def.code, dim.code
                            ),
                            format!(
                                "KPI '{}' is not broken down by '{}' (it is by {wel})",
                                def.code, dim.code
                            ),
                        ),
                    );
                } else if !dim.groepen.contains(&row.ses) {
                    let groepen = dim.groepen.join(", ");
                    bad(
                        "ses",
                        t(
                            format!("'{}' is geen groep van '{}' ({groepen})", row.ses, dim.code),
                            format!("'{}' is no group of '{}' ({groepen})", row.ses, dim.code),
                        ),
                    );
                }
            } else {
                let known: Vec<&str> = cat.ses_dimensies.keys().map(String::as_str).collect();
                let naam = if ses_dimensie.is_empty() {
                    &row.ses
                } else {
                    &ses_dimensie
                };
                let known = known.join(", ");
                bad(
                    "ses_dimensie",
                    t(
                        format!(
                            "'{naam}' is geen SES-indeling ({known}); vul de kolom ses_dimensie"
                        ),
                        format!(
                            "'{naam}' is no SES breakdown ({known}); fill the column ses_dimensie"
                        ),
                    ),
                );
            }
        } else if !ses_dimensie.is_empty() {
            bad(
                "ses",
                t(
                    format!("SES-indeling '{ses_dimensie}' zonder groep"),
                    format!("SES breakdown '{ses_dimensie}' without a group"),
                ),
            );
        }
        if !row.age_band.is_empty() {
            if !allowed(Uitsplitsing::AgeBand) {
                bad(
                    "age_band",
                    t(
                        format!("KPI '{}' wordt niet naar leeftijd uitgesplitst", def.code),
                        format!("KPI '{}' is not broken down by age", def.code),
                    ),
                );
            } else if !row.age_band.contains(['-', '+']) {
                // "65" reads as a one-year band, and would silently mislabel a value "at
                // age 65" (an expectancy), which is a KPI of its own.
                bad(
                    "age_band",
                    t(
                        format!(
                            "'{}' is één leeftijdsjaar: schrijf een klasse ({0}-{0}, 65-69, \
                             85+); een verwachting op een leeftijd is een eigen KPI, zoals \
                             levensverwachting_65",
                            row.age_band
                        ),
                        format!(
                            "'{}' is a single year of age: write a band ({0}-{0}, 65-69, \
                             85+); an expectancy at an age is a KPI of its own, such as \
                             levensverwachting_65",
                            row.age_band
                        ),
                    ),
                );
            } else if let Err(e) = Leeftijdsklasse::parse(&row.age_band) {
                bad("age_band", e);
            }
        }
        let num = |t: &str| t.parse::<f64>().ok().filter(|v| v.is_finite());
        let Some(value) = num(&row.value) else {
            bad(
                "value",
                t(
                    format!("'{}' is geen getal", row.value),
                    format!("'{}' is not a number", row.value),
                ),
            );
            continue;
        };
        let n = if row.n.is_empty() {
            None
        } else {
            let n = row.n.parse::<u64>().ok();
            if n.is_none() {
                bad(
                    "n",
                    t(
                        format!("'{}' is geen aantal (een geheel getal, 0 of meer)", row.n),
                        format!("'{}' is not a count (a whole number, 0 or more)", row.n),
                    ),
                );
            }
            n
        };
        let mut bound = |col: &str, t: &str| -> Option<f64> {
            if t.is_empty() {
                return None;
            }
            let v = num(t);
            if v.is_none() {
                bad(
                    col,
                    Tweetalig::new(
                        format!("'{t}' is geen getal"),
                        format!("'{t}' is not a number"),
                    ),
                );
            }
            v
        };
        let lower = bound("lower", &row.lower);
        let upper = bound("upper", &row.upper);
        if lower.is_some_and(|l| l > value) || upper.is_some_and(|u| u < value) {
            let (l, u) = (&row.lower, &row.upper);
            bad(
                "value",
                t(
                    format!("{value} ligt buiten het interval [{l}, {u}]"),
                    format!("{value} lies outside the interval [{l}, {u}]"),
                ),
            );
        }
        let key = format!(
            "{}|{period}|{}|{}|{ses_dimensie}|{}|{}",
            row.kpi, row.region, row.sex, row.ses, row.age_band
        );
        let here = kolom("kpi");
        if let Some((first, col)) = seen.insert(key, (line, here.clone())) {
            let reason = if col == here {
                t(
                    format!("dezelfde waarneming staat ook op regel {first}"),
                    format!("the same observation is also on line {first}"),
                )
            } else {
                // Two columns of a mapped file: name both, the mapping is what is wrong.
                t(
                    format!("dezelfde waarneming als regel {first}, kolom '{col}'"),
                    format!("the same observation as line {first}, column '{col}'"),
                )
            };
            bad("kpi", reason);
        }
        let synthetisch = match row.synthetisch.to_lowercase().as_str() {
            "" | "nee" | "no" | "0" | "false" => false,
            "ja" | "yes" | "1" | "true" => true,
            other => {
                bad(
                    "synthetisch",
                    t(
                        format!("'{other}' is geen ja of nee"),
                        format!("'{other}' is not yes or no"),
                    ),
                );
                false
            }
        };
        for (col, t) in [
            ("source", &row.source),
            ("significantie", &row.significantie),
            ("publicatiestatus", &row.publicatiestatus),
        ] {
            if let Some(c) = gemeten_domain::stuurteken(t) {
                let c = c.escape_unicode();
                bad(
                    col,
                    Tweetalig::new(
                        format!("de tekst bevat het stuurteken {c}; haal het weg"),
                        format!("the text holds the control character {c}; remove it"),
                    ),
                );
            }
        }
        let tekst = |t: String| (!t.is_empty()).then_some(t);
        out.push(Waarneming {
            kpi: row.kpi,
            period,
            region: row.region,
            sex: row.sex,
            ses_dimensie,
            ses: row.ses,
            age_band: row.age_band,
            value,
            lower,
            upper,
            source: if row.source.is_empty() {
                file.to_owned()
            } else {
                row.source
            },
            n,
            significantie: tekst(row.significantie),
            publicatiestatus: tekst(row.publicatiestatus),
            synthetisch,
        });
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(InvoerFout::tweetalig(
            file,
            None,
            None,
            "het bestand bevat geen waarnemingen",
            "the file holds no observations",
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(IndicatorError::Invoer(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::regios_uit;

    /// What gemeten writes as an observation row reads back as the same observation: the
    /// writers (`--observations`, the published package) and the reader share one column
    /// list, the fields of `RuweWaarneming`.
    #[test]
    fn an_observation_written_as_a_row_reads_back_unchanged() {
        use gemeten_domain::{Meetperiode, Waarneming};
        let cat = crate::Catalogus::standaard().unwrap();
        let kaal = Waarneming::national(
            "levensverwachting",
            "2019/2022".parse::<Meetperiode>().unwrap(),
            81.7,
            "CBS",
        );
        let vol = Waarneming {
            sex: "vrouw".into(),
            ses_dimensie: "opleiding".into(),
            ses: "laag".into(),
            lower: Some(55.25),
            upper: Some(58.5),
            n: Some(12_345),
            significantie: Some("onder, 99% zeker".into()),
            publicatiestatus: Some("voorlopig".into()),
            synthetisch: true,
            ..Waarneming::national(
                "gezonde_levensverwachting",
                "2023".parse::<Meetperiode>().unwrap(),
                56.875,
                "gemeten hle, test",
            )
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        for o in [&kaal, &vol] {
            w.serialize(super::RuweWaarneming::from(o)).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let terug = crate::read_observations_text(&text, "rij.csv", &cat).unwrap();
        assert_eq!(terug, vec![kaal, vol], "{text}");
    }

    const HEAD: &str = "level,code,name_nl,parent\nland,NL01,Nederland,\n";

    fn fout(rows: &str) -> String {
        regios_uit(&format!("{HEAD}{rows}"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_valid_list_reads() {
        let r = regios_uit(&format!("{HEAD}zorgkantoor,ZK02,Amsterdam,NL01\n")).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r["ZK02"].parent, "NL01");
    }

    #[test]
    fn duplicates_unknown_parents_and_levels_are_refused() {
        let e = fout("ggd,GG3406,GGD Amsterdam,NL01\nggd,GG3406,GGD Amsterdam,NL01\n");
        assert!(e.contains("GG3406") && e.contains("meer dan eens"), "{e}");
        let e = fout("ggd,GG3406,GGD Amsterdam,NL99\n");
        assert!(e.contains("NL99"), "{e}");
        let e = fout("ggd,GG3406,GGD Amsterdam,\n");
        assert!(e.contains("GG3406"), "{e}");
        let e = fout("veiligheidsregio,VR13,Amsterdam-Amstelland,NL01\n");
        assert!(e.contains("veiligheidsregio"), "{e}");
    }
}
