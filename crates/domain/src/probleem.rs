//! One problem type for refused input, in every crate: where the refused value is (file,
//! line or record, field — each only when known) and why, in Dutch and English. Front ends
//! render it in the user's language (the web page's, the API request's, the CLI's `--lang`);
//! the field stays a machine-readable name (`trl`, `keuze.top[1]`) in both.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Label, Lang};

/// A text in Dutch (the users' language) and English: a reason, a judgement, a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Tweetalig {
    pub nl: String,
    pub en: String,
}

impl Tweetalig {
    pub fn new(nl: impl Into<String>, en: impl Into<String>) -> Self {
        Tweetalig {
            nl: nl.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.t(&self.nl, &self.en)
    }

    /// A library's English message (serde's, axum's rejections) with a Dutch rendering of
    /// the common forms; a message of another form keeps its English words in Dutch too,
    /// because a guess at a translation would hide what the library said.
    pub fn uit_bibliotheek(en: &str) -> Tweetalig {
        Tweetalig::new(nederlands(en), en)
    }
}

/// The Dutch rendering behind [`Tweetalig::uit_bibliotheek`]: axum's rejection prefixes,
/// then serde's messages.
fn nederlands(en: &str) -> String {
    const VOORVOEGSELS: [(&str, &str); 8] = [
        (
            "Failed to deserialize form body: ",
            "formulier niet te lezen: ",
        ),
        ("Failed to deserialize form: ", "formulier niet te lezen: "),
        (
            "Failed to deserialize query string: ",
            "zoekvraag (query) niet te lezen: ",
        ),
        (
            "Failed to buffer the request body: ",
            "de inhoud van het verzoek is niet te lezen: ",
        ),
        (
            "Failed to parse the request body as JSON: ",
            "geen geldige JSON: ",
        ),
        (
            "Failed to deserialize the JSON body into the target type: ",
            "JSON niet te lezen: ",
        ),
        ("Invalid URL: ", "ongeldig adres: "),
        (
            "Wrong number of path arguments",
            "verkeerd aantal delen in het adres",
        ),
    ];
    for (voor, nl) in VOORVOEGSELS {
        if let Some(rest) = en.strip_prefix(voor) {
            return format!("{nl}{}", nederlands(rest));
        }
    }
    // serde_json places a syntax error "at line 3 column 7".
    if let Some((wat, plek)) = en.rsplit_once(" at line ") {
        if let Some((regel, kolom)) = plek.split_once(" column ") {
            if regel.parse::<u64>().is_ok() && kolom.parse::<u64>().is_ok() {
                return format!("{} op regel {regel}, kolom {kolom}", nederlands(wat));
            }
        }
    }
    const JSON: [(&str, &str); 8] = [
        ("expected value", "waarde verwacht"),
        (
            "EOF while parsing a value",
            "de tekst houdt op midden in een waarde",
        ),
        (
            "EOF while parsing an object",
            "de tekst houdt op midden in een object",
        ),
        (
            "EOF while parsing a list",
            "de tekst houdt op midden in een lijst",
        ),
        (
            "EOF while parsing a string",
            "de tekst houdt op midden in een tekenreeks",
        ),
        ("trailing characters", "tekens na het einde van de JSON"),
        (
            "key must be a string",
            "een sleutel moet een tekenreeks zijn",
        ),
        ("expected `,` or `}`", "`,` of `}` verwacht"),
    ];
    if let Some((_, nl)) = JSON.iter().find(|(e, _)| *e == en) {
        return (*nl).to_owned();
    }
    let verwacht = |rest: &str| {
        rest.replace(", expected", ", verwacht")
            .replace("` or `", "` of `")
            .replace("verwacht one of", "verwacht een van")
    };
    if en.starts_with("Form requests must have `Content-Type: application/x-www-form-urlencoded`") {
        "een formulier moet `Content-Type: application/x-www-form-urlencoded` hebben".into()
    } else if en.starts_with("Expected request with `Content-Type: application/json`") {
        "verwacht een verzoek met `Content-Type: application/json`".into()
    } else if let Some(rest) = en.strip_prefix("missing field ") {
        format!("veld {rest} ontbreekt")
    } else if let Some(rest) = en.strip_prefix("unknown field ") {
        format!("onbekend veld {}", verwacht(rest))
    } else if let Some(rest) = en.strip_prefix("invalid type: ") {
        format!("ongeldig type: {}", verwacht(rest))
    } else if let Some(rest) = en.strip_prefix("unknown variant ") {
        format!("onbekende waarde {}", verwacht(rest))
    } else if let Some(rest) = en.strip_prefix("invalid value: ") {
        format!("ongeldige waarde: {}", verwacht(rest))
    } else if let Some(rest) = en.strip_prefix("invalid length ") {
        format!("ongeldige lengte {}", verwacht(rest))
    } else if let Some(rest) = en.strip_prefix("duplicate field ") {
        format!("veld {rest} staat er twee keer")
    } else if let Some(rest) = en.strip_prefix("invalid digit found in string") {
        format!("ongeldig cijfer in de tekst{rest}")
    } else if en == "cannot parse integer from empty string" {
        "een leeg veld is geen geheel getal".into()
    } else if en == "invalid float literal" {
        "geen getal".into()
    } else if en == "number too large to fit in target type" {
        "getal te groot".into()
    } else {
        en.to_owned()
    }
}

impl From<Label> for Tweetalig {
    fn from(l: Label) -> Tweetalig {
        Tweetalig::new(l.0, l.1)
    }
}

/// Dutch, the default language; a front end that knows the user's language uses [`get`].
///
/// [`get`]: Tweetalig::get
impl fmt::Display for Tweetalig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.nl)
    }
}

/// One refused value: where it is and why. Build it with the reason and add what the code
/// that found it knows of the place (`Probleem::new(nl, en).veld("trl").regel(3)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probleem {
    /// The file (or upload) read, as the user named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Box<str>>,
    /// The line of that file, counted from 1 (the header is line 1 of a CSV file). Small
    /// types here keep a `Result<_, Probleem>` small on the hot path that does not fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The record as the user knows it, when there is no line: a key (`M1-A3`,
    /// `vb-valdetectie-thuis 2025-H1`) or a position (`#4`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Box<str>>,
    /// The field, option, parameter or JSON member, machine-readable (`trl`,
    /// `keuze.top[1]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Cow<'static, str>>,
    pub reason: Tweetalig,
}

impl Probleem {
    /// A reason, not yet placed.
    pub fn new(nl: impl Into<String>, en: impl Into<String>) -> Probleem {
        Probleem {
            file: None,
            line: None,
            record: None,
            field: None,
            reason: Tweetalig::new(nl, en),
        }
    }

    /// A refused field with its reason.
    pub fn bij_veld(
        field: impl Into<Cow<'static, str>>,
        nl: impl Into<String>,
        en: impl Into<String>,
    ) -> Probleem {
        Probleem::new(nl, en).veld(field)
    }

    /// A key that names nothing: `project 'x' bestaat niet` / `project 'x' does not exist`,
    /// at the field that gave the key.
    pub fn onbekend(
        field: impl Into<Cow<'static, str>>,
        wat_nl: &str,
        wat_en: &str,
        key: impl fmt::Display,
    ) -> Probleem {
        Probleem::bij_veld(
            field,
            format!("{wat_nl} '{key}' bestaat niet"),
            format!("{wat_en} '{key}' does not exist"),
        )
    }

    /// The field, unless an inner decoder named one already (it knows the deeper path).
    pub fn veld(mut self, field: impl Into<Cow<'static, str>>) -> Probleem {
        if self.field.is_none() {
            self.field = Some(field.into());
        }
        self
    }

    /// The field, replacing one named before (a form names its own input).
    pub fn als_veld(mut self, field: impl Into<Cow<'static, str>>) -> Probleem {
        self.field = Some(field.into());
        self
    }

    pub fn record(mut self, record: impl Into<String>) -> Probleem {
        self.record = Some(record.into().into_boxed_str());
        self
    }

    pub fn regel(mut self, line: usize) -> Probleem {
        self.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
        self
    }

    pub fn bestand(mut self, file: impl Into<String>) -> Probleem {
        self.file = Some(file.into().into_boxed_str());
        self
    }

    /// The field as given, or the empty string.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The reason in `lang`, without the place.
    pub fn reden(&self, lang: Lang) -> &str {
        self.reason.get(lang)
    }

    /// Where the value is, in `lang` (`bestand a.csv, regel 3, veld `trl``); empty when
    /// nothing of the place is known.
    pub fn plek(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if let Some(f) = &self.file {
            parts.push(format!("{} {f}", lang.t("bestand", "file")));
        }
        if let Some(n) = self.line {
            parts.push(format!("{} {n}", lang.t("regel", "line")));
        }
        if let Some(r) = &self.record {
            parts.push(r.to_string());
        }
        if let Some(f) = &self.field {
            parts.push(format!("{} `{f}`", lang.t("veld", "field")));
        }
        parts.join(", ")
    }

    /// The place and the reason in `lang`, one line.
    pub fn tekst(&self, lang: Lang) -> String {
        let plek = self.plek(lang);
        if plek.is_empty() {
            self.reden(lang).to_owned()
        } else {
            format!("{plek}: {}", self.reden(lang))
        }
    }
}

/// In Dutch, the default language; front ends that know the user's use [`Probleem::tekst`].
impl fmt::Display for Probleem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        GEVANGEN.with(|g| {
            if let Some(v) = g.borrow_mut().as_mut() {
                v.push(self.clone());
            }
        });
        f.write_str(&self.tekst(Lang::Nl))
    }
}

thread_local! {
    /// The problems written out while [`vang_problemen`] runs, on this thread.
    static GEVANGEN: std::cell::RefCell<Option<Vec<Probleem>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` and hands back, with its result, every problem it wrote out as text. serde
/// carries a constructor's refusal only as its `Display` (in Dutch); a decoder that wants the
/// refusal in both languages reads the record inside this and takes the problem back.
pub fn vang_problemen<T>(f: impl FnOnce() -> T) -> (T, Vec<Probleem>) {
    let eerder = GEVANGEN.with(|g| g.borrow_mut().replace(Vec::new()));
    let uit = f();
    let gevangen = GEVANGEN.with(|g| std::mem::replace(&mut *g.borrow_mut(), eerder));
    (uit, gevangen.unwrap_or_default())
}

impl std::error::Error for Probleem {}

/// Every problem of a refused input (at least one); nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Problemen(pub Vec<Probleem>);

impl Problemen {
    /// Every line of the refusal in `lang`: one per problem.
    pub fn regels(&self, lang: Lang) -> Vec<String> {
        self.0.iter().map(|p| p.tekst(lang)).collect()
    }

    /// The refusal in `lang`: the one problem, or the count and the first.
    pub fn tekst(&self, lang: Lang) -> String {
        match self.0.as_slice() {
            [] => lang.t("ongeldige invoer", "invalid input").to_owned(),
            [one] => one.tekst(lang),
            [first, ..] => format!(
                "{} {}; {} {}",
                self.0.len(),
                lang.t("problemen", "problems"),
                lang.t("eerste:", "first:"),
                first.tekst(lang)
            ),
        }
    }

    /// The field of the first problem: the one an API names in its `field` member.
    pub fn field(&self) -> Option<&str> {
        self.0.first().and_then(Probleem::field)
    }
}

impl From<Probleem> for Problemen {
    fn from(p: Probleem) -> Problemen {
        Problemen(vec![p])
    }
}

impl fmt::Display for Problemen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tekst(Lang::Nl))
    }
}

impl std::error::Error for Problemen {}

#[cfg(test)]
mod tests {
    #[test]
    fn a_library_s_english_gets_a_dutch_rendering() {
        let t = Tweetalig::uit_bibliotheek("Failed to deserialize form body: missing field `trl`");
        assert_eq!(t.nl, "formulier niet te lezen: veld `trl` ontbreekt");
        assert_eq!(t.en, "Failed to deserialize form body: missing field `trl`");
        let t = Tweetalig::uit_bibliotheek("expected value at line 1 column 7");
        assert_eq!(t.nl, "waarde verwacht op regel 1, kolom 7");
        let t = Tweetalig::uit_bibliotheek("unknown variant `x`, expected `a` or `b`");
        assert_eq!(t.nl, "onbekende waarde `x`, verwacht `a` of `b`");
        // A message of no known form is not guessed at.
        assert_eq!(
            Tweetalig::uit_bibliotheek("something new").nl,
            "something new"
        );
    }

    use super::*;

    #[test]
    fn a_refusal_through_serde_comes_back_in_both_languages() {
        let (r, gevangen) = vang_problemen(|| serde_json::from_str::<crate::Trl>("12"));
        let e = r.unwrap_err().to_string();
        assert_eq!(gevangen.len(), 1, "{e}");
        assert!(e.starts_with(&gevangen[0].to_string()), "{e}");
        assert_ne!(gevangen[0].reason.nl, gevangen[0].reason.en);
        // Outside it nothing is kept.
        let _ = gevangen[0].to_string();
        assert!(GEVANGEN.with(|g| g.borrow().is_none()));
    }

    #[test]
    fn a_refusal_stays_small() {
        // clippy's `result_large_err` limit: every `Result<_, Probleem>` carries this size.
        // `AppFout` and `ApiError` hold one beside their discriminant.
        assert!(std::mem::size_of::<Probleem>() <= 112);
    }

    #[test]
    fn renders_place_and_reason_in_each_language() {
        let p = Probleem::bij_veld(
            "trl",
            "moet tussen 1 en 9 liggen",
            "must be between 1 and 9",
        )
        .bestand("projecten.csv")
        .regel(4);
        assert_eq!(
            p.tekst(Lang::Nl),
            "bestand projecten.csv, regel 4, veld `trl`: moet tussen 1 en 9 liggen"
        );
        assert_eq!(
            p.tekst(Lang::En),
            "file projecten.csv, line 4, field `trl`: must be between 1 and 9"
        );
        assert_eq!(p.to_string(), p.tekst(Lang::Nl));
    }

    #[test]
    fn an_inner_field_is_kept_unless_replaced() {
        let p = Probleem::bij_veld("keuze.top[1]", "x", "x").veld("keuze");
        assert_eq!(p.field(), Some("keuze.top[1]"));
        assert_eq!(p.als_veld("top").field(), Some("top"));
    }

    #[test]
    fn several_problems_count_and_show_the_first() {
        let p = Problemen(vec![
            Probleem::new("een", "one").record("M1-A3"),
            Probleem::new("twee", "two"),
        ]);
        assert_eq!(p.tekst(Lang::Nl), "2 problemen; eerste: M1-A3: een");
        assert_eq!(p.tekst(Lang::En), "2 problems; first: M1-A3: one");
        assert_eq!(p.regels(Lang::En), vec!["M1-A3: one", "two"]);
    }

    #[test]
    fn json_has_the_place_and_both_texts() {
        let p = Probleem::bij_veld("trl", "nl", "en");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"field": "trl", "reason": {"nl": "nl", "en": "en"}})
        );
    }
}
