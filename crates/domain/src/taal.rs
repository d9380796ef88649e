//! The language of what gemeten shows people: labels, pages, the report, messages. One type
//! for every front end, so the CLI's `--lang`, the web's `?lang=` and the report agree on what
//! a language is and how it is written.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Dutch (the users' language, the default) or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

/// A fixed text in Dutch and English — a label, a heading, a word: `Label("Doelen", "Targets")`.
/// The one way a front end names a fixed text in both languages, as a constant: the CLI's
/// labels (`i18n.rs`) and the web's longer fixed texts are `Label`s; a text written once, in
/// place, is picked with [`Lang::t`], and one made at run time (a reason with a value in it) is
/// a [`Tweetalig`](crate::Tweetalig).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Label(pub &'static str, pub &'static str);

impl Label {
    /// The text in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        lang.t(self.0, self.1)
    }
}

/// A language code gemeten does not speak.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown language `{0}` (nl or en)")]
pub struct OnbekendeTaal(pub String);

impl Lang {
    /// Every language, in the order front ends offer them.
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// The ISO 639-1 code, as in `lang="…"`, `?lang=` and `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The language of a code; surrounding blanks and case are ignored (cookies and query
    /// strings are written by hand).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim();
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(s))
    }

    /// The Dutch or the English one of two translations.
    pub fn t<T>(self, nl: T, en: T) -> T {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// A text the register holds in Dutch and maybe in English: the English one when asked
    /// for and present, else the Dutch one.
    pub fn pick<'a>(self, nl: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(en)) => en,
            _ => nl,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = OnbekendeTaal;

    fn from_str(s: &str) -> Result<Lang, OnbekendeTaal> {
        Lang::parse(s).ok_or_else(|| OnbekendeTaal(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
            assert_eq!(l.to_string().parse::<Lang>(), Ok(l));
        }
        assert_eq!(Lang::parse(" EN "), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!("fr".parse::<Lang>(), Err(OnbekendeTaal("fr".into())));
        assert_eq!(Lang::default(), Lang::Nl);
    }

    #[test]
    fn translations_and_fallback() {
        assert_eq!(Lang::Nl.t("doel", "target"), "doel");
        assert_eq!(Lang::En.t(1, 2), 2);
        assert_eq!(Lang::En.pick("Missie", Some("Mission")), "Mission");
        assert_eq!(Lang::En.pick("Missie", None), "Missie");
        assert_eq!(Lang::Nl.pick("Missie", Some("Mission")), "Missie");
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
        let doelen = Label("Doelen", "Targets");
        assert_eq!(doelen.get(Lang::Nl), "Doelen");
        assert_eq!(doelen.get(Lang::En), "Targets");
        assert_eq!(
            crate::Tweetalig::from(doelen),
            crate::Tweetalig::new("Doelen", "Targets")
        );
    }
}
