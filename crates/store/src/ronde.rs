//! Prioritisation rounds: definitions, every ballot (replaced ones included) and
//! computed results with their fingerprints.
//!
//! Records only: whether a ballot fits its round and the ballots before it, and whether a
//! result is what the ballots give, are `gemeten-prioritering`'s rules, which the use cases
//! in `gemeten-app` apply inside the same transaction before they call these methods.

use gemeten_domain::ronde::{Keuze, Ronde, Stembiljet};
use gemeten_domain::uitslag::Uitslag;
use gemeten_domain::Id;

use crate::db::params;
use crate::{RondeStore, Store, StoreError};

/// A round as stored: its definition and every ballot it received, replaced ones included, in
/// the order they were cast (a replacing ballot says so itself, `replaces`).
#[derive(Debug, Clone, PartialEq)]
pub struct OpgeslagenRonde {
    pub ronde: Ronde,
    pub ballots: Vec<Stembiljet>,
}

/// A result as stored: when it was computed, and the result itself.
#[derive(Debug, Clone, PartialEq)]
pub struct OpgeslagenUitslag {
    pub computed_at: String,
    pub uitslag: Uitslag,
}

fn corrupt(path: &str, table: &str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt {
        path: path.to_owned(),
        table: table.to_owned(),
        reason: reason.to_string(),
    }
}

fn keuze_kind(k: &Keuze) -> &'static str {
    match k {
        Keuze::Top(_) => "top",
        Keuze::Rangorde(_) => "rangorde",
        Keuze::Scores(_) => "scores",
    }
}

/// The round with its ballots in casting order.
fn load(store: &Store, id: &str) -> Result<Option<OpgeslagenRonde>, StoreError> {
    let path = store.path.as_str();
    let Some(record) = store.row("SELECT record FROM ronde WHERE id = ?1", params![id], |r| {
        r.get::<String>(0)
    })?
    else {
        return Ok(None);
    };
    let ronde: Ronde = serde_json::from_str(&record)
        .map_err(|e| corrupt(path, "ronde", format!("'{id}': {e}")))?;
    let rows = store.rows(
        "SELECT seq, deelnemer, keuze, replaces, illustratief, cast_at \
         FROM stembiljet WHERE ronde = ?1 ORDER BY seq",
        params![id],
        |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<bool>(3)?,
                r.get::<bool>(4)?,
                r.get::<String>(5)?,
            ))
        },
    )?;
    let mut ballots = Vec::with_capacity(rows.len());
    for (seq, deelnemer, keuze, replaces, illustratief, cast_at) in rows {
        let bad = |reason: String| corrupt(path, "stembiljet", format!("#{seq}: {reason}"));
        let biljet = Stembiljet {
            deelnemer: deelnemer.parse().map_err(|e| bad(format!("{e}")))?,
            keuze: serde_json::from_str(&keuze).map_err(|e| bad(e.to_string()))?,
            replaces,
            illustratief,
            cast_at: Some(cast_at),
        };
        ballots.push(biljet);
    }
    Ok(Some(OpgeslagenRonde { ronde, ballots }))
}

/// A ballot or a result for a round that is not stored is refused as not found (rather than
/// as the foreign key's SQL error).
fn round_exists(store: &Store, id: &Id) -> Result<(), StoreError> {
    match store.row(
        "SELECT 1 FROM ronde WHERE id = ?1",
        params![id.as_str()],
        |_| Ok(()),
    )? {
        Some(()) => Ok(()),
        None => Err(StoreError::NotFound {
            path: store.path.clone(),
            what: format!("ronde '{id}'"),
        }),
    }
}

impl RondeStore for Store {
    fn save_round(&mut self, ronde: &Ronde, replace: bool) -> Result<(), StoreError> {
        let id = ronde.id().as_str();
        self.unit(|| {
            let exists = self
                .row("SELECT 1 FROM ronde WHERE id = ?1", params![id], |_| Ok(()))?
                .is_some();
            if exists {
                if !replace {
                    return Err(StoreError::RoundExists {
                        path: self.path.clone(),
                        id: id.to_owned(),
                    });
                }
                // Ballots first: they refer to the participants that go with the round.
                self.exec("DELETE FROM stembiljet WHERE ronde = ?1", params![id])?;
                self.exec("DELETE FROM ronde WHERE id = ?1", params![id])?;
            }
            let record = serde_json::to_string(ronde).expect("a round always serialises");
            self.exec(
                "INSERT INTO ronde (id, missie, title_nl, kind, record) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    ronde.missie().code(),
                    ronde.parts().title_nl.as_str(),
                    ronde.kind().code(),
                    record
                ],
            )?;
            for (pos, d) in ronde.deelnemers().iter().enumerate() {
                self.exec(
                    "INSERT INTO ronde_deelnemer (ronde, deelnemer, pos, name, organisatie) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id,
                        d.id.as_str(),
                        pos,
                        d.name.as_str(),
                        d.organisatie.as_ref().map(Id::as_str)
                    ],
                )?;
            }
            for (pos, k) in ronde.kandidaten().iter().enumerate() {
                self.exec(
                    "INSERT INTO ronde_kandidaat (ronde, innovatie, pos, selected) \
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, k.as_str(), pos, ronde.selected().contains(k)],
                )?;
            }
            for (pos, c) in ronde.criteria().iter().enumerate() {
                self.exec(
                    "INSERT INTO ronde_criterium (ronde, criterium, pos, weight) \
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, c.id.as_str(), pos, c.weight],
                )?;
            }
            Ok(())
        })
    }

    fn add_ballot(&mut self, ronde: &Id, ballot: &Stembiljet) -> Result<usize, StoreError> {
        self.unit(|| {
            round_exists(self, ronde)?;
            let keuze = serde_json::to_string(&ballot.keuze).expect("a ballot always serialises");
            // The earlier ballot stops counting before the new one is written (one counting
            // ballot per participant is a unique index); it points at itself until the new
            // seq is known.
            let earlier: Option<i64> = if ballot.replaces {
                self.row(
                    "UPDATE stembiljet SET replaced_by = seq \
                     WHERE ronde = ?1 AND deelnemer = ?2 AND replaced_by IS NULL RETURNING seq",
                    params![ronde.as_str(), ballot.deelnemer.as_str()],
                    |r| r.get(0),
                )?
            } else {
                None
            };
            let seq: i64 = self.one(
                &format!(
                    "INSERT INTO stembiljet \
                     (ronde, deelnemer, kind, keuze, replaces, illustratief, cast_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, COALESCE(?7, {})) RETURNING seq",
                    self.db.now()
                ),
                params![
                    ronde.as_str(),
                    ballot.deelnemer.as_str(),
                    keuze_kind(&ballot.keuze),
                    keuze,
                    ballot.replaces,
                    ballot.illustratief,
                    ballot.cast_at.as_deref()
                ],
            )?;
            if let Some(earlier) = earlier {
                self.exec(
                    "UPDATE stembiljet SET replaced_by = ?1 WHERE seq = ?2",
                    params![seq, earlier],
                )?;
            }
            let position: i64 = self.one(
                "SELECT count(*) FROM stembiljet WHERE ronde = ?1",
                params![ronde.as_str()],
            )?;
            Ok(usize::try_from(position).unwrap_or_default())
        })
    }

    fn stored_round(&self, id: &Id) -> Result<Option<OpgeslagenRonde>, StoreError> {
        load(self, id.as_str())
    }

    fn stored_rounds(&self) -> Result<Vec<OpgeslagenRonde>, StoreError> {
        let ids: Vec<String> =
            self.rows("SELECT id FROM ronde ORDER BY id", params![], |r| r.get(0))?;
        let mut all = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(bus) = load(self, &id)? {
                all.push(bus);
            }
        }
        Ok(all)
    }

    fn store_result(&mut self, result: &Uitslag) -> Result<(), StoreError> {
        self.unit(|| {
            round_exists(self, &result.ronde)?;
            self.exec(
                "INSERT INTO ronde_uitslag \
                 (ronde, methode, ballots, illustratief, fingerprint, result) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    result.ronde.as_str(),
                    result.methode.code(),
                    result.ballots,
                    result.illustratief,
                    result.fingerprint.as_str(),
                    serde_json::to_string(result).expect("a result always serialises")
                ],
            )?;
            Ok(())
        })
    }

    fn results(&self, ronde: &Id) -> Result<Vec<OpgeslagenUitslag>, StoreError> {
        let rows = self.rows(
            "SELECT id, computed_at, result FROM ronde_uitslag WHERE ronde = ?1 ORDER BY id",
            params![ronde.as_str()],
            |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?, r.get::<String>(2)?)),
        )?;
        rows.into_iter()
            .map(|(id, computed_at, json)| {
                let uitslag = serde_json::from_str(&json)
                    .map_err(|e| corrupt(&self.path, "ronde_uitslag", format!("#{id}: {e}")))?;
                Ok(OpgeslagenUitslag {
                    computed_at,
                    uitslag,
                })
            })
            .collect()
    }
}
