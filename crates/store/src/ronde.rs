//! Prioritisation rounds in SQLite: definitions, every ballot (replaced ones included) and
//! computed results with their fingerprints.

use rusqlite::{params, Connection, OptionalExtension};

use gemeten_domain::Id;
use gemeten_prioritering::{verify, Keuze, Ronde, Stembiljet, Stembus, Uitslag};

use crate::{RondeStore, SqliteStore, StoreError};

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

fn round_exists(tx: &Connection, id: &str) -> rusqlite::Result<bool> {
    tx.query_row("SELECT 1 FROM ronde WHERE id = ?1", [id], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

/// The round with its ballots in casting order, replayed through the ballot box so that the
/// stored history obeys the same rules as new ballots.
fn load(conn: &rusqlite::Connection, path: &str, id: &str) -> Result<Option<Stembus>, StoreError> {
    let sql = |source| StoreError::Sql {
        path: path.to_owned(),
        source,
    };
    let Some(record) = conn
        .query_row("SELECT record FROM ronde WHERE id = ?1", [id], |r| {
            r.get::<_, String>(0)
        })
        .optional()
        .map_err(sql)?
    else {
        return Ok(None);
    };
    let ronde: Ronde = serde_json::from_str(&record)
        .map_err(|e| corrupt(path, "ronde", format!("'{id}': {e}")))?;
    let mut stmt = conn
        .prepare(
            "SELECT seq, deelnemer, keuze, replaces, illustratief, cast_at \
             FROM stembiljet WHERE ronde = ?1 ORDER BY seq",
        )
        .map_err(sql)?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .map_err(sql)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql)?;
    let mut bus = Stembus::new(ronde);
    for (seq, deelnemer, keuze, replaces, illustratief, cast_at) in rows {
        let bad = |reason: String| corrupt(path, "stembiljet", format!("#{seq}: {reason}"));
        let biljet = Stembiljet {
            deelnemer: deelnemer.parse().map_err(|e| bad(format!("{e}")))?,
            keuze: serde_json::from_str(&keuze).map_err(|e| bad(e.to_string()))?,
            replaces,
            illustratief,
            cast_at: Some(cast_at),
        };
        bus.add(biljet).map_err(|e| bad(e.to_string()))?;
    }
    Ok(Some(bus))
}

impl RondeStore for SqliteStore {
    fn save_round(&mut self, ronde: &Ronde, replace: bool) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        let id = ronde.id().as_str();
        // A savepoint, not a transaction, so a caller can put the round and its audit entry
        // in one unit (`SqliteStore::atomically`).
        let tx = self.conn.savepoint().map_err(sql)?;
        if round_exists(&tx, id).map_err(sql)? {
            if !replace {
                return Err(StoreError::RoundExists {
                    path: path.clone(),
                    id: id.to_owned(),
                });
            }
            // Ballots first: they refer to the participants that go with the round.
            tx.execute("DELETE FROM stembiljet WHERE ronde = ?1", [id])
                .map_err(sql)?;
            tx.execute("DELETE FROM ronde WHERE id = ?1", [id])
                .map_err(sql)?;
        }
        let record = serde_json::to_string(ronde).expect("a round always serialises");
        tx.execute(
            "INSERT INTO ronde (id, missie, title_nl, kind, record) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id,
                ronde.missie().code(),
                ronde.parts().title_nl.as_str(),
                ronde.kind().code(),
                record
            ],
        )
        .map_err(sql)?;
        for (pos, d) in ronde.deelnemers().iter().enumerate() {
            tx.execute(
                "INSERT INTO ronde_deelnemer (ronde, deelnemer, pos, name, organisatie) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    d.id.as_str(),
                    pos as i64,
                    d.name.as_str(),
                    d.organisatie.as_ref().map(Id::as_str)
                ],
            )
            .map_err(sql)?;
        }
        for (pos, k) in ronde.kandidaten().iter().enumerate() {
            tx.execute(
                "INSERT INTO ronde_kandidaat (ronde, innovatie, pos, selected) VALUES (?1, ?2, ?3, ?4)",
                params![id, k.as_str(), pos as i64, ronde.selected().contains(k)],
            )
            .map_err(sql)?;
        }
        for (pos, c) in ronde.criteria().iter().enumerate() {
            tx.execute(
                "INSERT INTO ronde_criterium (ronde, criterium, pos, weight) VALUES (?1, ?2, ?3, ?4)",
                params![id, c.id.as_str(), pos as i64, c.weight],
            )
            .map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    fn add_ballot(&mut self, ronde: &Id, ballot: &Stembiljet) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        // A savepoint, so the ballot and its audit entry can land together (see save_round).
        let tx = self.conn.savepoint().map_err(sql)?;
        let bus = load(&tx, &path, ronde.as_str())?.ok_or_else(|| StoreError::NotFound {
            path: path.clone(),
            what: format!("ronde '{ronde}'"),
        })?;
        bus.check(ballot).map_err(StoreError::Ballot)?;
        let keuze = serde_json::to_string(&ballot.keuze).expect("a ballot always serialises");
        // The earlier ballot stops counting before the new one is written (one counting ballot
        // per participant is a unique index); it points at itself until the new seq is known.
        let earlier: Option<i64> = if ballot.replaces {
            tx.query_row(
                "UPDATE stembiljet SET replaced_by = seq \
                 WHERE ronde = ?1 AND deelnemer = ?2 AND replaced_by IS NULL RETURNING seq",
                params![ronde.as_str(), ballot.deelnemer.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?
        } else {
            None
        };
        tx.execute(
            "INSERT INTO stembiljet (ronde, deelnemer, kind, keuze, replaces, illustratief, cast_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, \
                     COALESCE(?7, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
            params![
                ronde.as_str(),
                ballot.deelnemer.as_str(),
                keuze_kind(&ballot.keuze),
                keuze,
                ballot.replaces,
                ballot.illustratief,
                ballot.cast_at
            ],
        )
        .map_err(sql)?;
        let seq = tx.last_insert_rowid();
        if let Some(earlier) = earlier {
            tx.execute(
                "UPDATE stembiljet SET replaced_by = ?1 WHERE seq = ?2",
                params![seq, earlier],
            )
            .map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        Ok(bus.history().len() + 1)
    }

    fn load_round(&self, id: &Id) -> Result<Option<Stembus>, StoreError> {
        load(&self.conn, &self.path, id.as_str())
    }

    fn rounds(&self) -> Result<Vec<Stembus>, StoreError> {
        let ids: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id FROM ronde ORDER BY id")
                .map_err(|source| StoreError::Sql {
                    path: self.path.clone(),
                    source,
                })?;
            let ids = stmt
                .query_map([], |r| r.get(0))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|source| StoreError::Sql {
                    path: self.path.clone(),
                    source,
                })?;
            ids
        };
        let mut all = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(bus) = load(&self.conn, &self.path, &id)? {
                all.push(bus);
            }
        }
        Ok(all)
    }

    fn store_result(&mut self, result: &Uitslag) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sql {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(sql)?;
        let bus = load(&tx, &path, result.ronde.as_str())?.ok_or_else(|| StoreError::NotFound {
            path: path.clone(),
            what: format!("ronde '{}'", result.ronde),
        })?;
        verify(&bus, result).map_err(StoreError::Result)?;
        tx.execute(
            "INSERT INTO ronde_uitslag (ronde, methode, ballots, illustratief, fingerprint, result) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                result.ronde.as_str(),
                result.methode.code(),
                result.ballots as i64,
                result.illustratief,
                result.fingerprint,
                serde_json::to_string(result).expect("a result always serialises")
            ],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    fn results(&self, ronde: &Id) -> Result<Vec<OpgeslagenUitslag>, StoreError> {
        let sql = |source| StoreError::Sql {
            path: self.path.clone(),
            source,
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, computed_at, result FROM ronde_uitslag WHERE ronde = ?1 ORDER BY id",
            )
            .map_err(sql)?;
        let rows = stmt
            .query_map([ronde.as_str()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use gemeten_prioritering::{referentie_rondes, uitslag, BiljetReden, Methode};

    fn id(s: &str) -> Id {
        s.parse().unwrap()
    }

    fn fresh() -> (SqliteStore, Stembus) {
        let mut store = SqliteStore::in_memory().unwrap();
        let bus = referentie_rondes()
            .unwrap()
            .into_iter()
            .find(|b| b.ronde().id().as_str() == "002-II")
            .unwrap();
        store.save_round(bus.ronde(), false).unwrap();
        (store, bus)
    }

    fn top(p: &str, v: &[&str]) -> Stembiljet {
        Stembiljet {
            deelnemer: id(p),
            keuze: Keuze::Top(v.iter().map(|s| id(s)).collect()),
            replaces: false,
            illustratief: false,
            cast_at: None,
        }
    }

    #[test]
    fn a_round_with_its_ballots_round_trips() {
        use crate::RegisterStore;
        let (mut store, bus) = fresh();
        assert!(store.schema_version().unwrap() >= 4);
        for b in bus.history() {
            store.add_ballot(bus.ronde().id(), &b.biljet).unwrap();
        }
        let back = store.load_round(bus.ronde().id()).unwrap().unwrap();
        assert_eq!(back.ronde(), bus.ronde());
        assert_eq!(back.history().len(), 16);
        // Same ballots, so the same results (cast_at does not enter a result).
        for m in Methode::ALL {
            assert_eq!(uitslag(&back, m), uitslag(&bus, m));
        }
        assert_eq!(store.rounds().unwrap().len(), 1);
        assert!(store.load_round(&id("nope")).unwrap().is_none());
    }

    #[test]
    fn ballots_are_checked_before_they_are_written() {
        let (mut store, bus) = fresh();
        let r = bus.ronde().id().clone();
        store
            .add_ballot(&r, &top("pharos", &["cva-portaal"]))
            .unwrap();
        let err = store
            .add_ballot(&r, &top("pharos", &["peri-operatief"]))
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Ballot(e) if e.reason == BiljetReden::AlreadyVoted),
            "{err}"
        );
        let err = store
            .add_ballot(&r, &top("eve", &["cva-portaal"]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "ballot of 'eve', field `participant`: 'eve' is not a participant of this round"
        );
        let err = store
            .add_ballot(&id("nope"), &top("pharos", &["x"]))
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
        // Nothing of the refused ballots was written.
        assert_eq!(store.load_round(&r).unwrap().unwrap().history().len(), 1);

        // An explicit replacement keeps the first in the history.
        let mut again = top("pharos", &["peri-operatief"]);
        again.replaces = true;
        assert_eq!(store.add_ballot(&r, &again).unwrap(), 2);
        let back = store.load_round(&r).unwrap().unwrap();
        assert_eq!(back.history().len(), 2);
        assert!(back.history()[0].replaced);
        assert_eq!(back.counted().len(), 1);
        let replaced_by: Option<i64> = store
            .conn
            .query_row(
                "SELECT replaced_by FROM stembiljet WHERE seq = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(replaced_by, Some(2));
    }

    #[test]
    fn the_database_allows_one_counting_ballot_per_participant() {
        let (mut store, bus) = fresh();
        let r = bus.ronde().id().clone();
        store
            .add_ballot(&r, &top("nivel", &["cva-portaal"]))
            .unwrap();
        let err = store
            .conn
            .execute(
                "INSERT INTO stembiljet (ronde, deelnemer, kind, keuze) \
                 VALUES ('002-II', 'nivel', 'top', '{\"top\":[\"cva-portaal\"]}')",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("UNIQUE"), "{err}");
        let err = store
            .conn
            .execute(
                "INSERT INTO stembiljet (ronde, deelnemer, kind, keuze) \
                 VALUES ('002-II', 'eve', 'top', '{\"top\":[\"cva-portaal\"]}')",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    }

    #[test]
    fn results_are_stored_only_when_the_ballots_give_them() {
        let (mut store, bus) = fresh();
        let r = bus.ronde().id().clone();
        for b in bus.history() {
            store.add_ballot(&r, &b.biljet).unwrap();
        }
        let result = uitslag(&bus, Methode::Borda);
        store.store_result(&result).unwrap();
        let stored = store.results(&r).unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].uitslag, result);
        let bus_back = store.load_round(&r).unwrap().unwrap();
        assert_eq!(verify(&bus_back, &stored[0].uitslag), Ok(()));

        // A result that the stored ballots do not give is refused.
        let mut other = bus.clone();
        let mut b = top("vws-1", &["monitoring-fotonische-detectie"]);
        b.replaces = true;
        other.add(b).unwrap();
        let err = store
            .store_result(&uitslag(&other, Methode::Borda))
            .unwrap_err();
        assert!(matches!(err, StoreError::Result(_)), "{err}");
        assert_eq!(store.results(&r).unwrap().len(), 1);
    }

    #[test]
    fn saving_a_round_twice_needs_replace_which_drops_its_ballots() {
        let (mut store, bus) = fresh();
        let r = bus.ronde().id().clone();
        store
            .add_ballot(&r, &top("nivel", &["cva-portaal"]))
            .unwrap();
        let err = store.save_round(bus.ronde(), false).unwrap_err();
        assert!(matches!(err, StoreError::RoundExists { .. }), "{err}");
        store.save_round(bus.ronde(), true).unwrap();
        assert!(store.load_round(&r).unwrap().unwrap().history().is_empty());
    }

    #[test]
    fn replacing_the_register_leaves_rounds_alone() {
        use crate::RegisterStore;
        let (mut store, bus) = fresh();
        let register = gemeten_interchange::reference_register().unwrap();
        store.replace(&register).unwrap();
        store.replace(&gemeten_domain::Register::default()).unwrap();
        assert!(store.load_round(bus.ronde().id()).unwrap().is_some());
        assert_eq!(store.load().unwrap(), gemeten_domain::Register::default());
    }
}
