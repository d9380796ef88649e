//! Checking a stored result: it still matches its own fingerprint, and the ballots still give
//! it. (The result itself, [`Uitslag`], is a value of `gemeten-domain`.)

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
