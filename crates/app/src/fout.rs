//! The one error type of the use cases. Adapters map it: the web to 403 / 404 / 400 / 409 /
//! 500, the command line to a one-line message and exit code 1. Every refusal carries its
//! reason in Dutch and English (the domain's [`Probleem`]), so each adapter says it in the
//! user's language.

use gemeten_domain::{Lang, Probleem, Problemen, Tweetalig};
use gemeten_store::StoreError;
use thiserror::Error;

/// `Display` is Dutch (the default language); adapters that know the user's language use
/// [`AppFout::tekst`].
#[derive(Debug, Error)]
pub enum AppFout {
    /// The user's role does not allow this; the attempt is in the audit log.
    #[error("{reden}")]
    Verboden { object: String, reden: Tweetalig },
    /// The object of the use case does not exist; the problem names the input field that
    /// named it.
    #[error("{0}")]
    NietGevonden(Probleem),
    /// Input the rules refuse: every problem, each naming what it can of its place (file,
    /// record, field: the adapter says the field as its own form, option or JSON member).
    #[error("{0}")]
    Ongeldig(Problemen),
    /// The object exists already.
    #[error("{0}")]
    Bestaat(Probleem),
    /// The store failed (its refusals of input are [`AppFout::Ongeldig`]).
    #[error(transparent)]
    Store(StoreError),
}

impl AppFout {
    /// A refused field with its reason in Dutch and English.
    pub fn ongeldig(field: &'static str, nl: impl Into<String>, en: impl Into<String>) -> AppFout {
        AppFout::Ongeldig(Probleem::bij_veld(field, nl, en).into())
    }

    /// A key that names nothing (`project 'x' bestaat niet`), at the field that gave it.
    pub fn niet_gevonden(
        field: &'static str,
        wat_nl: &str,
        wat_en: &str,
        key: impl std::fmt::Display,
    ) -> AppFout {
        AppFout::NietGevonden(Probleem::onbekend(field, wat_nl, wat_en, key))
    }

    pub(crate) fn verboden(
        object: impl Into<String>,
        nl: impl Into<String>,
        en: impl Into<String>,
    ) -> AppFout {
        AppFout::Verboden {
            object: object.into(),
            reden: Tweetalig::new(nl, en),
        }
    }

    pub(crate) fn bestaat(nl: impl Into<String>, en: impl Into<String>) -> AppFout {
        AppFout::Bestaat(Probleem::new(nl, en))
    }

    /// The refusal in `lang`, one line (the store's failures as they are: they are for the
    /// operator, not a reason for the user).
    pub fn tekst(&self, lang: Lang) -> String {
        match self {
            AppFout::Verboden { reden, .. } => reden.get(lang).to_owned(),
            AppFout::NietGevonden(p) | AppFout::Bestaat(p) => p.tekst(lang),
            AppFout::Ongeldig(p) => p.tekst(lang),
            AppFout::Store(e) => e.to_string(),
        }
    }

    /// The problems of refused input, if this is one.
    pub fn problemen(&self) -> Option<&Problemen> {
        match self {
            AppFout::Ongeldig(p) => Some(p),
            _ => None,
        }
    }
}

impl From<Probleem> for AppFout {
    fn from(p: Probleem) -> Self {
        AppFout::Ongeldig(p.into())
    }
}

impl From<Problemen> for AppFout {
    fn from(p: Problemen) -> Self {
        AppFout::Ongeldig(p)
    }
}

/// The store's refusals of input (known keys, a missing record) become refused input in both
/// languages; only its failures stay [`AppFout::Store`].
impl From<StoreError> for AppFout {
    fn from(e: StoreError) -> Self {
        let geweigerd = |nl: String, en: String| AppFout::from(Probleem::new(nl, en).veld("body"));
        match e {
            StoreError::Exists { count, example, .. } => geweigerd(
                format!(
                    "{count} waarneming(en) bestaan al, bv. {example}; vervang ze (--replace) of \
                     laat ze weg"
                ),
                format!(
                    "{count} observation(s) exist already, e.g. {example}; replace them \
                     (--replace) or leave them out"
                ),
            ),
            StoreError::ProjectExists { count, example, .. } => geweigerd(
                format!(
                    "{count} project(en) bestaan al, bv. '{example}'; vervang ze (--replace) of \
                     laat ze weg"
                ),
                format!(
                    "{count} project(s) exist already, e.g. '{example}'; replace them \
                     (--replace) or leave them out"
                ),
            ),
            StoreError::RoundExists { id, .. } => geweigerd(
                format!("ronde '{id}' bestaat al"),
                format!("round '{id}' exists already"),
            ),
            StoreError::NotFound { what, .. } => geweigerd(
                format!("{what} bestaat niet"),
                format!("{} does not exist", engels(&what)),
            ),
            StoreError::AccountRefused { reason, .. } => geweigerd(
                reason.clone(),
                format!("the account was refused: {}", engels(&reason)),
            ),
            e => AppFout::Store(e),
        }
    }
}

/// The store names its records with Dutch nouns (`periode '2025-H1'`); the English message
/// names them in English.
fn engels(what: &str) -> String {
    const WOORDEN: [(&str, &str); 6] = [
        ("rapportageperiode", "reporting period"),
        ("periode", "period"),
        ("rapportage", "report"),
        ("ronde", "round"),
        ("gebruiker", "user"),
        (" bestaat al", " exists already"),
    ];
    WOORDEN
        .iter()
        .fold(what.to_owned(), |s, (nl, en)| s.replace(nl, en))
}

/// The domain's refusal of the value of input field `field` (the use case names its input;
/// the domain type does not know which field it was parsed from).
pub(crate) fn in_veld(field: &'static str) -> impl Fn(Probleem) -> AppFout {
    move |p| AppFout::from(p.als_veld(field))
}
