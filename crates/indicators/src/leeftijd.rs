//! Age bands of a life table: contiguous, sorted, the last one open ("85+").

use std::fmt;

use gemeten_domain::Tweetalig;

use crate::IndicatorError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Leeftijdsklasse {
    pub start: u16,
    /// Width in years; `None` for the open last band.
    pub width: Option<u16>,
}

impl Leeftijdsklasse {
    pub fn contains(self, age: u16) -> bool {
        age >= self.start && self.width.is_none_or(|w| age < self.start + w)
    }

    /// Parses "0", "1-4", "85+" (inclusive upper bounds, as statistics offices write them).
    /// Ages lie between 0 and [`MAX_AGE`](crate::microdata::MAX_AGE), the oldest age a life
    /// table counts: a band "999-1000" is a typing error, not a group of people.
    pub fn parse(label: &str) -> Result<Self, Tweetalig> {
        let label = label.trim();
        let max = crate::microdata::MAX_AGE;
        let num = |s: &str| {
            let n = s.trim().parse::<u16>().map_err(|_| {
                Tweetalig::new(
                    format!("'{label}' is geen leeftijdsklasse (verwacht bv. 0, 1-4, 85+)"),
                    format!("'{label}' is no age band (expected e.g. 0, 1-4, 85+)"),
                )
            })?;
            if n > max {
                return Err(Tweetalig::new(
                    format!("leeftijdsklasse '{label}': leeftijd {n} ligt niet tussen 0 en {max}"),
                    format!("age band '{label}': age {n} is not between 0 and {max}"),
                ));
            }
            Ok(n)
        };
        if let Some(start) = label.strip_suffix('+') {
            return Ok(Leeftijdsklasse {
                start: num(start)?,
                width: None,
            });
        }
        if let Some((a, b)) = label.split_once('-') {
            let (a, b) = (num(a)?, num(b)?);
            if b < a {
                return Err(Tweetalig::new(
                    format!("leeftijdsklasse '{label}' eindigt voor haar begin"),
                    format!("age band '{label}' ends before it begins"),
                ));
            }
            return Ok(Leeftijdsklasse {
                start: a,
                width: Some(b - a + 1),
            });
        }
        let a = num(label)?;
        Ok(Leeftijdsklasse {
            start: a,
            width: Some(1),
        })
    }
}

impl fmt::Display for Leeftijdsklasse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.width {
            None => write!(f, "{}+", self.start),
            Some(1) => write!(f, "{}", self.start),
            Some(w) => write!(f, "{}-{}", self.start, self.start + w - 1),
        }
    }
}

/// A validated sequence of age bands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leeftijdsklassen(Vec<Leeftijdsklasse>);

impl Leeftijdsklassen {
    pub fn new(bands: Vec<Leeftijdsklasse>) -> Result<Self, IndicatorError> {
        let Some(last) = bands.last() else {
            return Err(IndicatorError::methode(
                "een levenstabel heeft minstens één leeftijdsklasse nodig",
            ));
        };
        if last.width.is_some() {
            return Err(IndicatorError::methode(format!(
                "de laatste leeftijdsklasse ({last}) moet open zijn, bv. 85+"
            )));
        }
        if let Some(pair) = bands.windows(2).find(|p| p[1].start <= p[0].start) {
            return Err(IndicatorError::methode(format!(
                "leeftijdsklassen {} en {} staan niet op volgorde",
                pair[0], pair[1]
            )));
        }
        for pair in bands.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            match a.width {
                None => {
                    return Err(IndicatorError::methode(format!(
                        "open leeftijdsklasse {a} staat niet achteraan"
                    )))
                }
                Some(0) => {
                    return Err(IndicatorError::methode(format!(
                        "leeftijdsklasse {a} is leeg"
                    )))
                }
                Some(w) if a.start + w > b.start => {
                    return Err(IndicatorError::methode(format!(
                        "leeftijdsklassen {a} en {b} overlappen"
                    )))
                }
                Some(w) if a.start + w < b.start => {
                    return Err(IndicatorError::methode(format!(
                        "tussen leeftijdsklassen {a} en {b} ontbreken leeftijden"
                    )))
                }
                Some(_) => {}
            }
        }
        Ok(Leeftijdsklassen(bands))
    }

    /// The standard abridged bands 0, 1-4, 5-9, ..., with the open band at `open_at`
    /// (a multiple of five).
    pub fn abridged(open_at: u16) -> Self {
        let mut v = vec![
            Leeftijdsklasse {
                start: 0,
                width: Some(1),
            },
            Leeftijdsklasse {
                start: 1,
                width: Some(4),
            },
        ];
        let mut x = 5;
        while x < open_at {
            v.push(Leeftijdsklasse {
                start: x,
                width: Some(5),
            });
            x += 5;
        }
        v.push(Leeftijdsklasse {
            start: open_at.max(5),
            width: None,
        });
        Leeftijdsklassen(v)
    }

    /// Single-year bands 0, 1, ..., `open_at - 1` and `open_at+`.
    pub fn single_year(open_at: u16) -> Self {
        let mut v: Vec<_> = (0..open_at)
            .map(|x| Leeftijdsklasse {
                start: x,
                width: Some(1),
            })
            .collect();
        v.push(Leeftijdsklasse {
            start: open_at,
            width: None,
        });
        Leeftijdsklassen(v)
    }

    pub fn as_slice(&self) -> &[Leeftijdsklasse] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Index of the band holding `age`; ages below the first band have none.
    pub fn index_of(&self, age: u16) -> Option<usize> {
        if age < self.0[0].start {
            return None;
        }
        Some(self.0.partition_point(|b| b.start <= age) - 1)
    }

    /// For every single age `0..=max_age`, the index of its band (`u16::MAX` if none), so
    /// that hot loops map ages with one array lookup.
    pub fn lookup(&self, max_age: u16) -> Vec<u16> {
        (0..=max_age)
            .map(|a| self.index_of(a).map_or(u16::MAX, |i| i as u16))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for label in ["0", "1-4", "85+", "5-9"] {
            assert_eq!(Leeftijdsklasse::parse(label).unwrap().to_string(), label);
        }
        assert!(Leeftijdsklasse::parse("9-5").is_err());
        assert!(Leeftijdsklasse::parse("oud").is_err());
    }

    #[test]
    fn abridged_bands_are_valid_and_cover_all_ages() {
        let b = Leeftijdsklassen::abridged(85);
        assert_eq!(b.len(), 19);
        assert!(Leeftijdsklassen::new(b.as_slice().to_vec()).is_ok());
        assert_eq!(b.index_of(0), Some(0));
        assert_eq!(b.index_of(4), Some(1));
        assert_eq!(b.index_of(84), Some(17));
        assert_eq!(b.index_of(104), Some(18));
    }

    #[test]
    fn overlapping_gapped_and_closed_bands_are_refused() {
        let p = |s: &str| Leeftijdsklasse::parse(s).unwrap();
        let overlap = Leeftijdsklassen::new(vec![p("0-4"), p("3-9"), p("10+")]).unwrap_err();
        assert!(overlap.to_string().contains("overlappen"), "{overlap}");
        let gap = Leeftijdsklassen::new(vec![p("0-4"), p("6-9"), p("10+")]).unwrap_err();
        assert!(gap.to_string().contains("ontbreken"), "{gap}");
        let closed = Leeftijdsklassen::new(vec![p("0-4"), p("5-9")]).unwrap_err();
        assert!(closed.to_string().contains("open"), "{closed}");
        let unsorted = Leeftijdsklassen::new(vec![p("5-9"), p("0-4"), p("10+")]).unwrap_err();
        assert!(unsorted.to_string().contains("volgorde"), "{unsorted}");
    }
}
