//! Small validated values shared by every entity. Each type can only hold an allowed value,
//! so the entities built from them need no further checks for these rules.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Probleem;

/// A stable identifier: ASCII letters, digits, `-`, `_` and `.`, at most 120 characters.
/// The restricted alphabet keeps ids safe in URLs, file names and `;`-separated CSV cells.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An id reads as the text it is (a username is passed where a name is asked for).
impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl TryFrom<String> for Id {
    type Error = Probleem;
    fn try_from(s: String) -> Result<Self, Probleem> {
        if s.is_empty() {
            return Err(Probleem::new("de id is leeg", "id is empty"));
        }
        if s.len() > 120 {
            return Err(Probleem::new(
                format!(
                    "de id is {} tekens lang; er mogen er hoogstens 120 zijn",
                    s.len()
                ),
                format!("id is {} characters long, at most 120 allowed", s.len()),
            ));
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return Err(Probleem::new(
                format!(
                    "de id '{s}' bevat '{c}'; toegestaan zijn letters a-z, cijfers, '-', '_' en '.'"
                ),
                format!(
                    "id '{s}' contains '{c}'; allowed are letters a-z, digits, '-', '_' and '.'"
                ),
            ));
        }
        Ok(Id(s))
    }
}

impl FromStr for Id {
    type Err = Probleem;
    fn from_str(s: &str) -> Result<Self, Probleem> {
        Id::try_from(s.to_owned())
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The first character of `s` that has no place in stored text: a control character (C0,
/// DEL or C1: NUL, the escape that starts a terminal control sequence, …) other than a tab,
/// a line feed, or a carriage return before a line feed. Such characters come from broken or
/// hostile files; printed raw they can rewrite a terminal, and some databases and formats
/// cannot hold them at all.
pub fn stuurteken(s: &str) -> Option<char> {
    // Most texts have no byte below a space, no DEL and no 0xC2 (the lead byte of the C1
    // controls U+0080–U+009F): nothing to look for, checked a byte at a time (an import
    // checks every text of every record). Otherwise the characters are looked at.
    if s.bytes().all(|b| b >= 0x20 && b != 0x7f && b != 0xc2) {
        return None;
    }
    stuurteken_per_teken(s)
}

/// The rule itself, a character at a time: tab and newline are allowed, a carriage return
/// only before a newline, no other control character.
fn stuurteken_per_teken(s: &str) -> Option<char> {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = match c {
            '\t' | '\n' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !c.is_control(),
        };
        if !allowed {
            return Some(c);
        }
    }
    None
}

fn zonder_stuurteken(s: &str) -> Result<(), Probleem> {
    match stuurteken(s) {
        Some(c) => Err(Probleem::new(
            format!(
                "de tekst bevat het stuurteken {}; haal het weg",
                c.escape_unicode()
            ),
            format!(
                "text contains the control character {}; remove it",
                c.escape_unicode()
            ),
        )),
        None => Ok(()),
    }
}

/// Text that is not empty or only white space, without control characters ([`stuurteken`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tekst(String);

impl Tekst {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Tekst {
    type Error = Probleem;
    fn try_from(s: String) -> Result<Self, Probleem> {
        if s.trim().is_empty() {
            return Err(Probleem::new("de tekst is leeg", "text is empty"));
        }
        zonder_stuurteken(&s)?;
        Ok(Tekst(s))
    }
}

impl FromStr for Tekst {
    type Err = Probleem;
    fn from_str(s: &str) -> Result<Self, Probleem> {
        Tekst::try_from(s.to_owned())
    }
}

impl From<Tekst> for String {
    fn from(t: Tekst) -> String {
        t.0
    }
}

impl fmt::Display for Tekst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One line of text in a list (an impact-plan item, say). A single line keeps lists
/// representable as one CSV cell with one item per line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Regel(String);

impl Regel {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Regel {
    type Error = Probleem;
    fn try_from(s: String) -> Result<Self, Probleem> {
        if s.trim().is_empty() {
            return Err(Probleem::new(
                "een punt van de lijst is leeg",
                "list item is empty",
            ));
        }
        if s.contains(['\n', '\r']) {
            return Err(Probleem::new(
                "een punt van de lijst loopt over meer regels; schrijf één punt per regel",
                "list item contains a line break; write one item per entry",
            ));
        }
        zonder_stuurteken(&s)?;
        Ok(Regel(s))
    }
}

impl From<Regel> for String {
    fn from(r: Regel) -> String {
        r.0
    }
}

/// A calendar year in the range the missions and their baselines can sensibly use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Jaar(u16);

impl Jaar {
    pub const MIN: u16 = 1900;
    pub const MAX: u16 = 2100;

    pub fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<i64> for Jaar {
    type Error = Probleem;
    fn try_from(y: i64) -> Result<Self, Probleem> {
        if !(Jaar::MIN as i64..=Jaar::MAX as i64).contains(&y) {
            return Err(Probleem::new(
                format!("jaar {y} ligt niet tussen {} en {}", Jaar::MIN, Jaar::MAX),
                format!("year {y} is outside {}-{}", Jaar::MIN, Jaar::MAX),
            ));
        }
        Ok(Jaar(y as u16))
    }
}

impl From<Jaar> for i64 {
    fn from(y: Jaar) -> i64 {
        y.0 as i64
    }
}

impl fmt::Display for Jaar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

macro_rules! bounded_level {
    ($(#[$doc:meta])* $name:ident, $label:literal, $min:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub struct $name(u8);

        impl $name {
            pub const MIN: u8 = $min;
            pub const MAX: u8 = $max;

            pub fn get(self) -> u8 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = Probleem;
            fn try_from(v: i64) -> Result<Self, Probleem> {
                if !($min..=$max).contains(&v) {
                    return Err(Probleem::new(
                        format!("{} {v} ligt niet tussen {} en {}", $label, $min, $max),
                        format!("{} {v} is outside {}-{}", $label, $min, $max),
                    ));
                }
                Ok($name(v as u8))
            }
        }

        impl From<$name> for i64 {
            fn from(v: $name) -> i64 {
                v.0 as i64
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

bounded_level!(
    /// Technology readiness level, 1 (basic principles) to 9 (proven in operation).
    Trl, "TRL", 1, 9
);
bounded_level!(
    /// Societal readiness level as 002 uses it, 1 to 4.
    Sel, "SEL", 1, 4
);
bounded_level!(
    /// Business readiness level, 1 (no business idea yet) to 9 (proven business model),
    /// the scale the KIA uses for portfolio management beyond the TRLs.
    Brl, "BRL", 1, 9
);

/// An inclusive TRL range, `min <= max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrlBereik {
    min: Trl,
    max: Trl,
}

impl TrlBereik {
    pub fn new(min: Trl, max: Trl) -> Result<Self, Probleem> {
        if min > max {
            return Err(Probleem::bij_veld(
                "trl_max",
                format!("het TRL-bereik {min}-{max} eindigt voor het begint"),
                format!("TRL range {min}-{max} ends before it starts"),
            ));
        }
        Ok(TrlBereik { min, max })
    }

    pub fn min(self) -> Trl {
        self.min
    }

    pub fn max(self) -> Trl {
        self.max
    }

    pub fn contains(self, trl: Trl) -> bool {
        self.min <= trl && trl <= self.max
    }
}

/// An amount in whole euros, never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Euro(u64);

impl Euro {
    pub fn get(self) -> u64 {
        self.0
    }
}

impl TryFrom<i64> for Euro {
    type Error = Probleem;
    fn try_from(v: i64) -> Result<Self, Probleem> {
        u64::try_from(v).map(Euro).map_err(|_| {
            Probleem::new(
                format!("bedrag {v} is negatief"),
                format!("amount {v} is negative"),
            )
        })
    }
}

impl From<Euro> for i64 {
    fn from(v: Euro) -> i64 {
        // Amounts above i64::MAX euro do not occur; saturate rather than wrap.
        i64::try_from(v.0).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_characters_are_found_with_or_without_the_fast_path() {
        for (s, found) in [
            ("Valdetectie thuis", None),
            ("Zorg één-op-één, ĳs en €", None),
            ("tab\there\nnew line\r\n", None),
            ("bel\u{7}", Some('\u{7}')),
            ("del\u{7f}", Some('\u{7f}')),
            ("c1 \u{85} next line", Some('\u{85}')),
            ("c1 \u{9f}", Some('\u{9f}')),
            ("¢ and ©, not controls", None),
            ("cr alone\r", Some('\r')),
        ] {
            assert_eq!(stuurteken(s), found, "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn the_fast_path_agrees_with_the_rule(s in any::<String>()) {
            prop_assert_eq!(stuurteken(&s), stuurteken_per_teken(&s));
        }
    }

    #[test]
    fn trl_accepts_one_to_nine_only() {
        assert!(Trl::try_from(0).is_err());
        assert!(Trl::try_from(10).is_err());
        let e = Trl::try_from(12).unwrap_err();
        assert_eq!(e.to_string(), "TRL 12 ligt niet tussen 1 en 9");
        assert_eq!(e.tekst(crate::Lang::En), "TRL 12 is outside 1-9");
        assert_eq!(Trl::try_from(9).unwrap().get(), 9);
        assert!(Sel::try_from(5).is_err());
        assert_eq!(Sel::try_from(4).unwrap().get(), 4);
    }

    #[test]
    fn trl_range_must_not_be_reversed() {
        let t = |v| Trl::try_from(v).unwrap();
        assert!(TrlBereik::new(t(7), t(3)).is_err());
        let r = TrlBereik::new(t(3), t(7)).unwrap();
        assert!(r.contains(t(3)) && r.contains(t(7)) && !r.contains(t(8)));
    }

    #[test]
    fn ids_refuse_separators_and_spaces() {
        assert!("II-zorg.thuis_1".parse::<Id>().is_ok());
        for bad in ["", "met spatie", "a;b", "a/b", "é"] {
            assert!(bad.parse::<Id>().is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn list_items_are_single_lines() {
        assert!(Regel::try_from("een\ntwee".to_owned()).is_err());
        assert!(Regel::try_from("  ".to_owned()).is_err());
    }

    #[test]
    fn serde_applies_the_same_rules() {
        assert!(serde_json::from_str::<Trl>("0").is_err());
        assert!(serde_json::from_str::<Jaar>("1850").is_err());
        assert!(serde_json::from_str::<Euro>("-1").is_err());
        assert!(serde_json::from_str::<Tekst>("\"   \"").is_err());
        // Control characters: a terminal escape, NUL, a C1 CSI, a lone carriage return.
        for bad in ["a\u{1b}[2Jb", "a\0b", "a\u{9b}31m", "regel\rover"] {
            assert!(Tekst::try_from(bad.to_owned()).is_err(), "{bad:?}");
            assert!(Regel::try_from(bad.to_owned()).is_err(), "{bad:?}");
        }
        assert!(Tekst::try_from("twee\r\nregels\tmet tab".to_owned()).is_ok());
    }

    proptest! {
        #[test]
        fn trl_is_valid_exactly_in_range(v in -100i64..100) {
            prop_assert_eq!(Trl::try_from(v).is_ok(), (1..=9).contains(&v));
        }

        #[test]
        fn valid_ids_round_trip_through_json(s in "[A-Za-z0-9._-]{1,40}") {
            let id: Id = s.parse().unwrap();
            let json = serde_json::to_string(&id).unwrap();
            prop_assert_eq!(serde_json::from_str::<Id>(&json).unwrap(), id);
        }
    }
}
