//! Settings every gemeten process on one database must share. The small-cell threshold is
//! one: two servers behind one load balancer that withheld different cells would publish
//! together what each withholds alone. It is fixed on the database's first start and every
//! later start must agree with it.

use serde_json::json;

use gemeten_store::Store;

use crate::handeling::{gedaan, uitvoeren, Afloop, SYSTEEM};
use crate::{AppFout, Handeling};

/// The small-cell threshold when the first start does not say otherwise.
pub const DEFAULT_MIN_CELL: u64 = 10;

const MIN_CELL: &str = "min_cell";

/// The database's small-cell threshold: the stored one; on a database without one, `given`
/// (or [`DEFAULT_MIN_CELL`]), stored and recorded as set by gemeten itself. A `given` value
/// that differs from the stored one is refused, naming the option: the threshold of a
/// database does not change with the server that happens to start.
pub fn min_cell(store: &mut Store, given: Option<u64>) -> Result<u64, AppFout> {
    uitvoeren(
        store,
        SYSTEEM,
        Handeling::InstellingVastleggen,
        |s| match s.instelling(MIN_CELL)? {
            Some(stored) => {
                let stored: u64 = stored.parse().map_err(|_| {
                    AppFout::ongeldig(
                        "min-cell",
                        format!("de opgeslagen drempel '{stored}' is geen getal"),
                        format!("the stored threshold '{stored}' is not a number"),
                    )
                })?;
                match given {
                    Some(g) if g != stored => Err(AppFout::ongeldig(
                        "min-cell",
                        format!(
                            "deze database houdt cellen onder {stored} achter; elke server op \
                             deze database gebruikt dezelfde drempel (laat --min-cell weg, of \
                             geef {stored})"
                        ),
                        format!(
                            "this database withholds cells under {stored}; every server on it \
                             must use the same threshold (leave out --min-cell, or give {stored})"
                        ),
                    )),
                    _ => Ok(Afloop::Ongewijzigd(stored)),
                }
            }
            None => {
                let n = given.unwrap_or(DEFAULT_MIN_CELL);
                s.zet_instelling(MIN_CELL, &n.to_string())?;
                gedaan(
                    "instelling min_cell",
                    None,
                    Some(json!({ "min_cell": n })),
                    n,
                )
            }
        },
    )
}

/// The database's small-cell threshold as stored, or the default when none is (a database
/// never served); reads only.
pub fn current_min_cell(store: &Store) -> Result<u64, AppFout> {
    Ok(store
        .instelling(MIN_CELL)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_MIN_CELL))
}
