//! The choice behind the KPI explorer, its CSV download and the observations API:
//! `?kpi=&regio=&geslacht=&ses=&leeftijd=&periode=`, checked against the KPI catalogue and
//! the region list. Every bad value is a [`Probleem`] naming its parameter.
//!
//! One meaning for every front end: an absent or empty group parameter is the total (the
//! column empty: everyone together); `alle` is every value of that group, the total included;
//! anything else is
//! that one group. An absent region is the country (`NL01`); `alle-ggd`, `alle-zorgkantoor`,
//! `alle-roaz` and `alle-provincie` are every region of that kind (a regional comparison).

use gemeten_domain::{Meetperiode, Probleem};
use gemeten_indicators::{Catalogus, KpiDefinitie, Uitsplitsing, REGIO_NIVEAUS, SEXES};

use crate::extract::param;
use crate::kpi::kleine_aantallen::Openbaar;

pub const LAND: &str = "NL01";
pub const ALLE: &str = "alle";
/// The prefix of a region choice that means every region of one kind.
pub const ALLE_VAN: &str = "alle-";
/// The KPI the explorer opens with: the central mission's first target.
pub const STANDAARD_KPI: &str = "gezonde_levensverwachting";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regio {
    Een(String),
    /// Every region of this level (`ggd`, `zorgkantoor`, `roaz`, `provincie`).
    Soort(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Groep {
    Totaal,
    Alle,
    Waarde(String),
}

impl Groep {
    fn past(&self, v: &str) -> bool {
        match self {
            Groep::Totaal => v.is_empty(),
            Groep::Alle => true,
            Groep::Waarde(w) => v == w,
        }
    }

    /// The value as a query parameter (empty for the total).
    pub fn param(&self) -> &str {
        match self {
            Groep::Totaal => "",
            Groep::Alle => ALLE,
            Groep::Waarde(w) => w,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Keuze {
    pub kpi: KpiDefinitie,
    pub regio: Regio,
    pub geslacht: Groep,
    pub ses: Groep,
    pub leeftijd: Groep,
    pub periode: Option<Meetperiode>,
    /// The level at which regions are compared with the country (`?zekerheid=95|99.8`).
    pub zekerheid: Niveau,
}

/// The two comparison levels of the national monitors (Fingertips): 95 % by default, 99.8 %
/// for fewer chance differences among many regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Niveau {
    #[default]
    P95,
    P99_8,
}

impl Niveau {
    pub const ALLE: [Niveau; 2] = [Niveau::P95, Niveau::P99_8];

    pub fn zekerheid(self) -> gemeten_indicators::Zekerheid {
        match self {
            Niveau::P95 => gemeten_indicators::Zekerheid::P95,
            Niveau::P99_8 => gemeten_indicators::Zekerheid::P99_8,
        }
    }

    /// As in the query string.
    pub fn param(self) -> &'static str {
        match self {
            Niveau::P95 => "95",
            Niveau::P99_8 => "99.8",
        }
    }

    /// As a reader writes it: "95 %", "99,8 %" in Dutch.
    pub fn label(self, l: crate::Lang) -> String {
        let z = self.zekerheid();
        match l {
            crate::Lang::Nl => z.nl(),
            crate::Lang::En => format!("{} %", self.param()),
        }
    }

    /// The level in the query `pairs` (`zekerheid`), 95 % when absent.
    pub fn uit(pairs: &[(String, String)]) -> Result<Niveau, Probleem> {
        Niveau::lees(param(pairs, "zekerheid"))
    }

    fn lees(s: Option<&str>) -> Result<Niveau, Probleem> {
        match s.map(str::trim) {
            None | Some("") | Some("95") => Ok(Niveau::P95),
            Some("99.8") | Some("99,8") => Ok(Niveau::P99_8),
            Some(x) => Err(Probleem::bij_veld(
                "zekerheid",
                format!("'{x}' is niet 95 of 99,8"),
                format!("'{x}' is not 95 or 99.8"),
            )),
        }
    }
}

/// The KPI of `code`, or the reason it is unknown (listing the known ones).
pub fn kpi(cat: &Catalogus, field: &'static str, code: &str) -> Result<KpiDefinitie, Probleem> {
    cat.kpis.get(code).cloned().ok_or_else(|| {
        let known: Vec<&str> = cat.kpis.keys().map(String::as_str).collect();
        let known = known.join(", ");
        Probleem::bij_veld(
            field,
            format!("onbekende KPI '{code}'; bekend zijn: {known}"),
            format!("unknown KPI '{code}'; known: {known}"),
        )
    })
}

fn regio(cat: &Catalogus, s: Option<&str>) -> Result<Regio, Probleem> {
    let Some(s) = s else {
        return Ok(Regio::Een(LAND.to_owned()));
    };
    if let Some(level) = s.strip_prefix(ALLE_VAN) {
        if level != "land" && REGIO_NIVEAUS.contains(&level) {
            return Ok(Regio::Soort(level.to_owned()));
        }
        return Err(Probleem::bij_veld(
            "regio",
            format!("'{s}' is geen soort regio; kies alle-ggd, alle-zorgkantoor, alle-roaz of alle-provincie"),
            format!("'{s}' is no kind of region; use alle-ggd, alle-zorgkantoor, alle-roaz or alle-provincie"),
        ));
    }
    let code = s.to_ascii_uppercase();
    if cat.regios.contains_key(&code) {
        Ok(Regio::Een(code))
    } else {
        Err(Probleem::bij_veld(
            "regio",
            format!("onbekende regiocode '{s}' (NL01, een provincie PV20-PV31, een GGD-regio bv. GG3406, een zorgkantoorregio bv. ZK02, ROAZ01-ROAZ10, of alle-ggd, alle-zorgkantoor, alle-roaz)"),
            format!("unknown region code '{s}' (NL01, a province PV20-PV31, a GGD region e.g. GG3406, a zorgkantoor region e.g. ZK02, ROAZ01-ROAZ10, or alle-ggd, alle-zorgkantoor, alle-roaz)"),
        ))
    }
}

fn groep(
    def: &KpiDefinitie,
    field: &'static str,
    soort: Uitsplitsing,
    s: Option<&str>,
    geldig: impl Fn(&str) -> Result<(), (String, String)>,
) -> Result<Groep, Probleem> {
    let Some(s) = s else {
        return Ok(Groep::Totaal);
    };
    if s == ALLE {
        return Ok(Groep::Alle);
    }
    if !def.breakdowns.contains(&soort) {
        return Err(Probleem::bij_veld(
            field,
            format!("KPI '{}' heeft geen uitsplitsing naar {field}", def.code),
            format!("KPI '{}' has no breakdown by {field}", def.code),
        ));
    }
    geldig(s).map_err(|(nl, en)| Probleem::bij_veld(field, nl, en))?;
    Ok(Groep::Waarde(s.to_owned()))
}

fn periode(s: Option<&str>) -> Result<Option<Meetperiode>, Probleem> {
    s.map(|s| s.parse::<Meetperiode>().map_err(|e| e.als_veld("periode")))
        .transpose()
}

/// The choice in `pairs` for the KPI `def` (from the path or the `kpi` parameter).
pub fn keuze(
    cat: &Catalogus,
    def: KpiDefinitie,
    pairs: &[(String, String)],
) -> Result<Keuze, Probleem> {
    let ses_groepen = cat.ses_groepen();
    let one_of = |list: &[&str]| {
        let list: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        move |s: &str| {
            if list.iter().any(|l| l == s) {
                Ok(())
            } else {
                let list = list.join(", ");
                Err((
                    format!("'{s}' is niet een van {list}, {ALLE}"),
                    format!("'{s}' is not one of {list}, {ALLE}"),
                ))
            }
        }
    };
    Ok(Keuze {
        regio: regio(cat, param(pairs, "regio"))?,
        geslacht: groep(
            &def,
            "geslacht",
            Uitsplitsing::Sex,
            param(pairs, "geslacht"),
            one_of(SEXES),
        )?,
        ses: groep(
            &def,
            "ses",
            Uitsplitsing::Ses,
            param(pairs, "ses"),
            one_of(&ses_groepen),
        )?,
        leeftijd: groep(
            &def,
            "leeftijd",
            Uitsplitsing::AgeBand,
            param(pairs, "leeftijd"),
            |s| {
                gemeten_indicators::Leeftijdsklasse::parse(s)
                    .map(|_| ())
                    .map_err(|e| (e.nl, e.en))
            },
        )?,
        periode: periode(param(pairs, "periode"))?,
        zekerheid: Niveau::lees(param(pairs, "zekerheid"))?,
        kpi: def,
    })
}

/// The page's choice: the `kpi` parameter, or the central mission's KPI when absent. A group
/// the KPI is not broken down by counts as the total here (not a 400 as in the API): the form
/// keeps the last choice's groups when only the KPI is changed.
pub fn pagina_keuze(cat: &Catalogus, pairs: &[(String, String)]) -> Result<Keuze, Probleem> {
    let code = param(pairs, "kpi").unwrap_or(STANDAARD_KPI);
    let def = kpi(cat, "kpi", code)?;
    let groups = [
        ("geslacht", Uitsplitsing::Sex),
        ("ses", Uitsplitsing::Ses),
        ("leeftijd", Uitsplitsing::AgeBand),
    ];
    let kept: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, v)| {
            v == ALLE
                || groups
                    .iter()
                    .all(|(name, u)| k != name || def.breakdowns.contains(u))
        })
        .cloned()
        .collect();
    keuze(cat, def, &kept)
}

impl Keuze {
    /// Whether `o` belongs to this choice (its KPI is already the choice's).
    pub fn past(&self, cat: &Catalogus, o: &Openbaar) -> bool {
        let regio = match &self.regio {
            Regio::Een(code) => &o.region == code,
            Regio::Soort(level) => cat.regios.get(&o.region).is_some_and(|r| &r.level == level),
        };
        regio
            && o.kpi == self.kpi.code
            && self.geslacht.past(&o.sex)
            && self.ses.past(&o.ses)
            && self.leeftijd.past(&o.age_band)
            && self.periode.is_none_or(|p| o.period == p)
    }

    /// The choice as a query string (for the CSV link), without `lang`.
    pub fn query(&self) -> String {
        let regio = match &self.regio {
            Regio::Een(c) => c.clone(),
            Regio::Soort(l) => format!("{ALLE_VAN}{l}"),
        };
        let mut q = vec![("kpi", self.kpi.code.clone()), ("regio", regio)];
        for (k, g) in [
            ("geslacht", &self.geslacht),
            ("ses", &self.ses),
            ("leeftijd", &self.leeftijd),
        ] {
            if *g != Groep::Totaal {
                q.push((k, g.param().to_owned()));
            }
        }
        if let Some(p) = self.periode {
            q.push(("periode", p.to_string()));
        }
        if self.zekerheid != Niveau::P95 {
            q.push(("zekerheid", self.zekerheid.param().to_owned()));
        }
        serde_urlencoded::to_string(q).unwrap_or_default()
    }
}
