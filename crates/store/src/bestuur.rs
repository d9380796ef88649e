//! The meetings of the governance bodies with their decisions and actions (migration
//! `0019_bestuur.sql`). A meeting is kept whole as the domain's JSON; each action is a row of
//! its own so its status can change. The store checks none of their rules: the application
//! core does, before it writes.

use gemeten_domain::monitoring::Datum;
use gemeten_domain::{Actie, ActieStatus, Id, Vergadering};

use crate::db::params;
use crate::{Store, StoreError};

/// One stored meeting: its actions carry their current status, with the action ids beside.
#[derive(Debug, Clone, PartialEq)]
pub struct OpgeslagenVergadering {
    pub id: i64,
    pub vergadering: Vergadering,
    /// The id of each action, in the order of `vergadering.acties`.
    pub actie_ids: Vec<i64>,
    pub door: String,
    pub opgeslagen_op: String,
}

impl Store {
    /// Adds a meeting and its actions; the meeting's id.
    pub fn add_meeting(&mut self, v: &Vergadering, door: &str) -> Result<i64, StoreError> {
        let json = self.encode("vergadering", v)?;
        self.unit(|| {
            self.exec(
                &format!(
                    "INSERT INTO vergadering (orgaan, datum, vergadering, door, opgeslagen_op) \
                     VALUES (?1, ?2, ?3, ?4, {now})",
                    now = self.db.now()
                ),
                params![
                    v.orgaan.as_str(),
                    v.datum.to_string().as_str(),
                    json.as_str(),
                    door
                ],
            )?;
            let id: i64 = self.one("SELECT MAX(id) FROM vergadering", &[])?;
            for (pos, a) in v.acties.iter().enumerate() {
                let aj = self.encode("vergadering_actie", a)?;
                self.exec(
                    "INSERT INTO vergadering_actie (vergadering, pos, status, actie) \
                     VALUES (?1, ?2, ?3, ?4)",
                    params![
                        id,
                        i64::try_from(pos).unwrap_or(i64::MAX),
                        a.status.code(),
                        aj.as_str()
                    ],
                )?;
            }
            Ok(id)
        })
    }

    /// The meetings of one body, or of all, by date (then as recorded).
    pub fn meetings(&self, orgaan: Option<&Id>) -> Result<Vec<OpgeslagenVergadering>, StoreError> {
        let read =
            |r: &crate::db::Row| -> Result<(i64, String, String, String), crate::db::DbError> {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            };
        let rows = match orgaan {
            Some(o) => self.rows(
                "SELECT id, vergadering, door, opgeslagen_op FROM vergadering \
                 WHERE orgaan = ?1 ORDER BY datum, id",
                params![o.as_str()],
                read,
            )?,
            None => self.rows(
                "SELECT id, vergadering, door, opgeslagen_op FROM vergadering \
                 ORDER BY datum, id",
                &[],
                read,
            )?,
        };
        rows.into_iter()
            .map(|(id, json, door, opgeslagen_op)| {
                let mut vergadering: Vergadering = self.decode("vergadering", &json)?;
                let acties = self.rows(
                    "SELECT id, status, actie FROM vergadering_actie WHERE vergadering = ?1 \
                     ORDER BY pos",
                    params![id],
                    |r| -> Result<(i64, String, String), crate::db::DbError> {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    },
                )?;
                let mut actie_ids = Vec::new();
                vergadering.acties = acties
                    .into_iter()
                    .map(|(aid, status, json)| {
                        actie_ids.push(aid);
                        let mut a: Actie = self.decode("vergadering_actie", &json)?;
                        a.status = status.parse().map_err(|_| StoreError::Corrupt {
                            path: self.path.clone(),
                            table: "vergadering_actie".into(),
                            reason: format!("status '{status}'"),
                        })?;
                        Ok(a)
                    })
                    .collect::<Result<_, StoreError>>()?;
                Ok(OpgeslagenVergadering {
                    id,
                    vergadering,
                    actie_ids,
                    door,
                    opgeslagen_op,
                })
            })
            .collect()
    }

    /// One action with its meeting's body and date, if it exists.
    pub fn action(&self, id: i64) -> Result<Option<(Id, Datum, Actie)>, StoreError> {
        let row = self.row(
            "SELECT v.orgaan, v.datum, a.status, a.actie FROM vergadering_actie a \
             JOIN vergadering v ON v.id = a.vergadering WHERE a.id = ?1",
            params![id],
            |r| -> Result<(String, String, String, String), crate::db::DbError> {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            },
        )?;
        let corrupt = |reason: String| StoreError::Corrupt {
            path: self.path.clone(),
            table: "vergadering_actie".into(),
            reason,
        };
        row.map(|(orgaan, datum, status, json)| {
            let mut a: Actie = self.decode("vergadering_actie", &json)?;
            a.status = status
                .parse()
                .map_err(|_| corrupt(format!("status '{status}'")))?;
            Ok((
                orgaan
                    .parse()
                    .map_err(|_| corrupt(format!("orgaan '{orgaan}'")))?,
                datum
                    .parse()
                    .map_err(|_| corrupt(format!("datum '{datum}'")))?,
                a,
            ))
        })
        .transpose()
    }

    /// Sets an action's status.
    pub fn set_action_status(&mut self, id: i64, status: ActieStatus) -> Result<(), StoreError> {
        self.exec(
            "UPDATE vergadering_actie SET status = ?1 WHERE id = ?2",
            params![status.code(), id],
        )?;
        Ok(())
    }
}
