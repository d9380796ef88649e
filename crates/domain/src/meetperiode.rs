//! The period an observed value covers: a year, a pooled run of years, a quarter or a month.
//!
//! Publishers write periods in several ways: a plain year (`2021`), CBS's period codes
//! (`2021JJ00` a year, `2021KW02` a quarter, `2021MM03` a month) and pooled multi-year
//! periods (CBS `2019/2022`, RIVM `2015-2018`). A pooled value is not a value for any one of
//! its years, so a period is kept as its first and last month, never as one year.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Probleem;

/// Years outside this range are typing errors in health statistics.
const EERSTE_JAAR: i32 = 1800;
const LAATSTE_JAAR: i32 = 2200;

/// A period from the first day of `begin` to the last day of `eind` (months counted as
/// `year * 12 + month - 1`). Ordered by beginning, then end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Meetperiode {
    begin: i32,
    eind: i32,
}

/// What kind of period, for KPIs that allow only some kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Periodesoort {
    Jaar,
    Meerjarig,
    Kwartaal,
    Maand,
}

impl Periodesoort {
    pub fn label_nl(self) -> &'static str {
        match self {
            Periodesoort::Jaar => "jaar",
            Periodesoort::Meerjarig => "meerjarige periode",
            Periodesoort::Kwartaal => "kwartaal",
            Periodesoort::Maand => "maand",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Periodesoort::Jaar => "year",
            Periodesoort::Meerjarig => "period of several years",
            Periodesoort::Kwartaal => "quarter",
            Periodesoort::Maand => "month",
        }
    }
}

impl Meetperiode {
    /// One calendar year.
    pub fn jaar(year: i32) -> Result<Self, Probleem> {
        Self::jaren(year, year)
    }

    /// The calendar years `first` to `last`, both included.
    pub fn jaren(first: i32, last: i32) -> Result<Self, Probleem> {
        for y in [first, last] {
            if !(EERSTE_JAAR..=LAATSTE_JAAR).contains(&y) {
                return Err(Probleem::bij_veld(
                    "period",
                    format!("{y} is geen jaar tussen {EERSTE_JAAR} en {LAATSTE_JAAR}"),
                    format!("{y} is not a year between {EERSTE_JAAR} and {LAATSTE_JAAR}"),
                ));
            }
        }
        if last < first {
            return Err(Probleem::bij_veld(
                "period",
                format!("de periode {first}-{last} eindigt voor ze begint"),
                format!("the period {first}-{last} ends before it begins"),
            ));
        }
        Ok(Meetperiode {
            begin: first * 12,
            eind: last * 12 + 11,
        })
    }

    fn maanden(year: i32, first_month: i32, last_month: i32) -> Result<Self, Probleem> {
        let y = Self::jaar(year)?;
        Ok(Meetperiode {
            begin: y.begin + first_month - 1,
            eind: y.begin + last_month - 1,
        })
    }

    /// The period from its stored form (first and last month, as [`Self::begin_maand`] and
    /// [`Self::eind_maand`] give them).
    pub fn uit_maanden(begin: i32, eind: i32) -> Result<Self, Probleem> {
        let p = Meetperiode { begin, eind };
        if eind < begin
            || !(EERSTE_JAAR..=LAATSTE_JAAR).contains(&p.begin_jaar())
            || !(EERSTE_JAAR..=LAATSTE_JAAR).contains(&p.eind_jaar())
        {
            return Err(Probleem::bij_veld(
                "period",
                format!("maanden {begin}-{eind} vormen geen periode"),
                format!("months {begin}-{eind} do not form a period"),
            ));
        }
        Ok(p)
    }

    pub fn begin_maand(self) -> i32 {
        self.begin
    }

    pub fn eind_maand(self) -> i32 {
        self.eind
    }

    pub fn begin_jaar(self) -> i32 {
        self.begin.div_euclid(12)
    }

    pub fn eind_jaar(self) -> i32 {
        self.eind.div_euclid(12)
    }

    pub fn soort(self) -> Periodesoort {
        let whole_years = self.begin.rem_euclid(12) == 0 && self.eind.rem_euclid(12) == 11;
        match (whole_years, self.eind - self.begin + 1) {
            (true, 12) => Periodesoort::Jaar,
            (true, _) => Periodesoort::Meerjarig,
            (false, 3) if self.begin.rem_euclid(3) == 0 => Periodesoort::Kwartaal,
            _ => Periodesoort::Maand,
        }
    }

    /// The year, when the period is exactly one calendar year.
    pub fn als_jaar(self) -> Option<i32> {
        (self.soort() == Periodesoort::Jaar).then(|| self.begin_jaar())
    }

    pub fn is_meerjarig(self) -> bool {
        self.soort() == Periodesoort::Meerjarig
    }

    /// The middle of the period in years, with a calendar year `Y` at `Y` (so single years
    /// plot where they always did) and `2019/2022` at 2020.5.
    pub fn midden(self) -> f64 {
        f64::from(self.begin + self.eind) / 24.0 - 11.0 / 24.0
    }

    /// Whether the two periods share a month: values of overlapping pooled periods rest on
    /// the same survey years and are not independent.
    pub fn overlapt(self, other: Meetperiode) -> bool {
        self.begin <= other.eind && other.begin <= self.eind
    }

    pub fn bevat_jaar(self, year: i32) -> bool {
        self.begin_jaar() <= year && year <= self.eind_jaar()
    }
}

impl fmt::Display for Meetperiode {
    /// CBS's own notation where it has one: `2021`, `2019/2022`; quarters `2021 K2`, months
    /// `2021-03`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let y = self.begin_jaar();
        match self.soort() {
            Periodesoort::Jaar => write!(f, "{y}"),
            Periodesoort::Meerjarig => write!(f, "{y}/{}", self.eind_jaar()),
            Periodesoort::Kwartaal => write!(f, "{y} K{}", self.begin.rem_euclid(12) / 3 + 1),
            Periodesoort::Maand if self.begin == self.eind => {
                write!(f, "{y}-{:02}", self.begin.rem_euclid(12) + 1)
            }
            Periodesoort::Maand => write!(
                f,
                "{y}-{:02}/{}-{:02}",
                self.begin.rem_euclid(12) + 1,
                self.eind_jaar(),
                self.eind.rem_euclid(12) + 1
            ),
        }
    }
}

impl std::str::FromStr for Meetperiode {
    type Err = Probleem;

    /// Reads `2021`, `2021JJ00`, `2021KW02`, `2021MM03`, `2019/2022`, `2015-2018`,
    /// `2021 K2`, `2021-03` and `2021-01/2021-06` (what [`fmt::Display`] writes).
    fn from_str(text: &str) -> Result<Self, Probleem> {
        let t = text.trim();
        let fout = || {
            Probleem::bij_veld(
                "period",
                format!(
                    "'{t}' is geen periode (een jaar zoals 2021, een CBS-periodecode zoals \
                     2021JJ00, 2021KW02 of 2021MM03, of een meerjarige periode zoals 2019/2022)"
                ),
                format!(
                    "'{t}' is not a period (a year such as 2021, a CBS period code such as \
                     2021JJ00, 2021KW02 or 2021MM03, or a period of years such as 2019/2022)"
                ),
            )
        };
        let num = |s: &str| -> Result<i32, Probleem> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(fout());
            }
            s.parse::<i32>().map_err(|_| fout())
        };
        if t.len() == 4 {
            return Self::jaar(num(t)?);
        }
        if t.len() == 8 && t.is_char_boundary(4) && t.is_char_boundary(6) {
            let (y, code, n) = (&t[..4], &t[4..6], &t[6..]);
            let (y, n) = (num(y)?, num(n)?);
            return match code {
                "JJ" if n == 0 => Self::jaar(y),
                "KW" if (1..=4).contains(&n) => Self::maanden(y, n * 3 - 2, n * 3),
                "MM" if (1..=12).contains(&n) => Self::maanden(y, n, n),
                _ => Err(fout()),
            };
        }
        if let Some((a, b)) = t.split_once('/').or_else(|| t.split_once('-')) {
            if a.len() == 4 && b.len() == 4 {
                return Self::jaren(num(a)?, num(b)?);
            }
            if a.len() == 4 && b.len() == 2 && t.contains('-') {
                let m = num(b)?;
                if (1..=12).contains(&m) {
                    return Self::maanden(num(a)?, m, m);
                }
            }
            if a.len() == 7 && b.len() == 7 && t.contains('/') {
                let (pa, pb): (Meetperiode, Meetperiode) = (a.parse()?, b.parse()?);
                return Self::uit_maanden(pa.begin, pb.eind);
            }
        }
        if let Some((y, q)) = t.split_once(" K") {
            let q = num(q)?;
            if (1..=4).contains(&q) {
                return Self::maanden(num(y)?, q * 3 - 2, q * 3);
            }
        }
        Err(fout())
    }
}

impl Serialize for Meetperiode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Meetperiode {
    /// A string in any form [`std::str::FromStr`] reads, or a bare year number as files
    /// from before pooled periods wrote it.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Vorm {
            Jaar(i32),
            Tekst(String),
        }
        match Vorm::deserialize(d)? {
            Vorm::Jaar(y) => Meetperiode::jaar(y),
            Vorm::Tekst(t) => t.parse(),
        }
        .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(t: &str) -> Meetperiode {
        t.parse().unwrap_or_else(|e| panic!("{t}: {e}"))
    }

    #[test]
    fn every_published_form_reads_to_its_span() {
        assert_eq!(p("2021"), p("2021JJ00"));
        assert_eq!(p("2021").als_jaar(), Some(2021));
        let pooled = p("2019/2022");
        assert_eq!(pooled, p("2019-2022"));
        assert_eq!((pooled.begin_jaar(), pooled.eind_jaar()), (2019, 2022));
        assert_eq!(pooled.als_jaar(), None, "a pooled value is no year's value");
        assert_eq!(pooled.soort(), Periodesoort::Meerjarig);
        assert_eq!(p("2021KW02").soort(), Periodesoort::Kwartaal);
        assert_eq!(p("2021KW02").to_string(), "2021 K2");
        assert_eq!(p("2021MM03").to_string(), "2021-03");
        assert_eq!(p("2021-03"), p("2021MM03"));
        assert_eq!(pooled.to_string(), "2019/2022");
        assert_eq!(pooled.midden(), 2020.5);
        assert_eq!(p("2021").midden(), 2021.0);
    }

    #[test]
    fn typing_errors_are_refused_with_the_text() {
        for bad in [
            "21",
            "2021JJ01",
            "2021KW05",
            "2021MM13",
            "2022/2019",
            "1066",
            "twee",
            "2021-3",
        ] {
            let e = bad.parse::<Meetperiode>().unwrap_err().to_string();
            assert!(e.contains("period"), "{bad}: {e}");
        }
    }

    #[test]
    fn overlap_is_shared_months() {
        assert!(p("2015-2018").overlapt(p("2017-2020")));
        assert!(!p("2015-2018").overlapt(p("2019-2022")));
        assert!(p("2019/2022").overlapt(p("2021")));
    }

    #[test]
    fn old_files_with_a_bare_year_still_read() {
        let y: Meetperiode = serde_json::from_str("2020").unwrap();
        assert_eq!(y, p("2020"));
        let z: Meetperiode = serde_json::from_str("\"2019/2022\"").unwrap();
        assert_eq!(serde_json::to_string(&z).unwrap(), "\"2019/2022\"");
    }

    proptest! {
        #[test]
        fn display_reads_back(first in 1900i32..2100, len in 0i32..6, q in 0i32..6) {
            let per = match q {
                0 => Meetperiode::jaren(first, first + len).unwrap(),
                1..=4 => p(&format!("{first}KW0{q}")),
                _ => p(&format!("{first}MM{:02}", len + 1)),
            };
            prop_assert_eq!(per.to_string().parse::<Meetperiode>().unwrap(), per);
            let stored = Meetperiode::uit_maanden(per.begin_maand(), per.eind_maand()).unwrap();
            prop_assert_eq!(stored, per);
        }
    }
}
