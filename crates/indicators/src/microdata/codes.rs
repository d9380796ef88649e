//! The codes the definition allows in the breakdown columns it knows (part of
//! [`DEFINITIE_VERSIE`](crate::federatie::DEFINITIE_VERSIE)): a code outside them is a
//! mistake in the data (a `3` for sex, a `0` or `99` for "unknown"), and counting it would
//! give a group nobody asked for, or be added at another holder to a group of another
//! meaning. Other breakdown columns (`year`, a holder's own) take any code `0..CODE_LIMIT`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::CODE_LIMIT;
use crate::Catalogus;

/// What one known breakdown column allows.
#[derive(Debug)]
pub(crate) struct Codes {
    allowed: BTreeSet<i64>,
    /// What the column holds, for the refusal: Dutch, English.
    nl: String,
    en: String,
}

impl Codes {
    pub(crate) fn allows(&self, code: i64) -> bool {
        self.allowed.contains(&code)
    }

    /// Why `code` is refused in `column`: Dutch, English.
    pub(crate) fn reden(&self, column: &str, code: i64) -> (String, String) {
        (
            format!(
                "code {code} staat niet in de definitie van '{column}': {}",
                self.nl
            ),
            format!(
                "code {code} is not in the definition of '{column}': {}",
                self.en
            ),
        )
    }
}

/// Highest SES group: the finest SES breakdown of the catalogue (income deciles). Which
/// breakdown the codes belong to is said when observations are written (`--ses-dimension`);
/// a code above that breakdown's groups is refused there.
pub const SES_MAX: i64 = 10;

/// The definition of `column`, if the definition knows it.
pub(crate) fn van(column: &str) -> Option<&'static Codes> {
    static SEX: OnceLock<Codes> = OnceLock::new();
    static SES: OnceLock<Codes> = OnceLock::new();
    static REGION: OnceLock<Codes> = OnceLock::new();
    match column {
        "sex" => Some(SEX.get_or_init(|| Codes {
            allowed: [1, 2].into(),
            nl: "1 (man) of 2 (vrouw)".into(),
            en: "1 (man) or 2 (woman)".into(),
        })),
        "ses" => Some(SES.get_or_init(|| Codes {
            allowed: (1..=SES_MAX).collect(),
            nl: format!("een groep van 1 (laagste) tot en met {SES_MAX}"),
            en: format!("a group from 1 (lowest) to {SES_MAX}"),
        })),
        "region" => Some(REGION.get_or_init(regios)),
        _ => None,
    }
}

/// Region codes: the number of a zorgkantoor region (`ZK02` → 2) or of a GGD region
/// (`GG3406` → 3406) of the catalogue. The two ranges do not overlap (1–33, 111 and up).
fn regios() -> Codes {
    let mut allowed = BTreeSet::new();
    if let Ok(cat) = Catalogus::standaard() {
        for code in cat.regios.keys() {
            for prefix in ["ZK", "GG"] {
                if let Some(n) = code
                    .strip_prefix(prefix)
                    .and_then(|n| n.parse::<i64>().ok())
                {
                    if (0..CODE_LIMIT).contains(&n) {
                        allowed.insert(n);
                    }
                }
            }
        }
    }
    Codes {
        allowed,
        nl: "het nummer van een zorgkantoorregio (ZK02 → 2) of GGD-regio (GG3406 → 3406) uit \
             de catalogus"
            .into(),
        en: "the number of a zorgkantoor region (ZK02 → 2) or GGD region (GG3406 → 3406) of \
             the catalogue"
            .into(),
    }
}
