//! Checking a stored result: it still matches its own fingerprint, and the ballots still give
//! it. (The result itself, [`Uitslag`], is a value of `gemeten-domain`.)

use gemeten_domain::Probleem;
use thiserror::Error;

use crate::{Methode, Stembus, Uitslag};

/// Why a stored result does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Afwijking {
    #[error("round '{ronde}', method {methode}: the stored result was changed after it was computed (fingerprint {stored}, content gives {actual})")]
    Changed {
        ronde: String,
        methode: Methode,
        stored: String,
        actual: String,
    },
    #[error("round '{ronde}', method {methode}: the ballots now give another result (stored {stored}, recomputed {recomputed})")]
    Differs {
        ronde: String,
        methode: Methode,
        stored: String,
        recomputed: String,
    },
}

/// A result the ballots do not give is refused input: the one problem type.
impl From<Afwijking> for Probleem {
    fn from(e: Afwijking) -> Probleem {
        let nl = match &e {
            Afwijking::Changed {
                ronde,
                methode,
                stored,
                actual,
            } => format!(
                "ronde '{ronde}', methode {methode}: de opgeslagen uitslag is veranderd nadat ze \
                 berekend is (controlegetal {stored}, de inhoud geeft {actual})"
            ),
            Afwijking::Differs {
                ronde,
                methode,
                stored,
                recomputed,
            } => format!(
                "ronde '{ronde}', methode {methode}: de stembiljetten geven nu een andere uitslag \
                 (opgeslagen {stored}, opnieuw berekend {recomputed})"
            ),
        };
        Probleem::new(nl, e.to_string())
    }
}

/// Recomputes `stored` from the ballots in `bus` and checks that nothing differs: the stored
/// result still matches its own fingerprint, and the ballots give the same result.
pub fn verify(bus: &Stembus, stored: &Uitslag) -> Result<(), Afwijking> {
    let actual = stored.compute_fingerprint();
    if actual != stored.fingerprint {
        return Err(Afwijking::Changed {
            ronde: stored.ronde.to_string(),
            methode: stored.methode,
            stored: stored.fingerprint.clone(),
            actual,
        });
    }
    let again = crate::uitslag(bus, stored.methode);
    if &again != stored {
        return Err(Afwijking::Differs {
            ronde: stored.ronde.to_string(),
            methode: stored.methode,
            stored: stored.fingerprint.clone(),
            recomputed: again.fingerprint,
        });
    }
    Ok(())
}
