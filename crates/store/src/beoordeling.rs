//! Assessments on the ROCKET principles and the kernelementen, calls with their requirements,
//! and projects' stated contributions to targets (migration `0016_beoordeling.sql`). Each is
//! kept whole as the domain's JSON; the store persists and lists them and checks none of
//! their rules, which the application core applies before it writes.

use serde::de::DeserializeOwned;

use gemeten_domain::{Beoordeling, Bijdrage, Id, OnderwerpSoort, Oproep};

use crate::db::params;
use crate::{Store, StoreError};

/// One stored assessment with its place in the log of assessments.
#[derive(Debug, Clone, PartialEq)]
pub struct OpgeslagenBeoordeling {
    pub seq: i64,
    pub beoordeling: Beoordeling,
    /// Who stored it (for a self-assessment: who imported the project list).
    pub door: String,
    pub opgeslagen_op: String,
}

impl Store {
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        table: &str,
        json: &str,
    ) -> Result<T, StoreError> {
        serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            table: table.into(),
            reason: e.to_string(),
        })
    }

    pub(crate) fn encode<T: serde::Serialize>(
        &self,
        table: &str,
        v: &T,
    ) -> Result<String, StoreError> {
        serde_json::to_string(v).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            table: table.into(),
            reason: e.to_string(),
        })
    }

    /// Adds an assessment; its sequence number.
    pub fn add_assessment(&mut self, b: &Beoordeling, door: &str) -> Result<i64, StoreError> {
        let json = self.encode("beoordeling", b)?;
        self.unit(|| {
            self.exec(
                &format!(
                    "INSERT INTO beoordeling (soort, onderwerp, kader, beoordeling, door, \
                     opgeslagen_op) VALUES (?1, ?2, ?3, ?4, ?5, {now})",
                    now = self.db.now()
                ),
                params![
                    b.soort.code(),
                    b.onderwerp.as_str(),
                    b.kader.code(),
                    json.as_str(),
                    door
                ],
            )?;
            self.one("SELECT MAX(seq) FROM beoordeling", &[])
        })
    }

    /// The assessments of one subject, or all, oldest first.
    pub fn assessments(
        &self,
        of: Option<(OnderwerpSoort, &Id)>,
    ) -> Result<Vec<OpgeslagenBeoordeling>, StoreError> {
        let read =
            |r: &crate::db::Row| -> Result<(i64, String, String, String), crate::db::DbError> {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            };
        let rows = match of {
            Some((soort, id)) => self.rows(
                "SELECT seq, beoordeling, door, opgeslagen_op FROM beoordeling \
                 WHERE soort = ?1 AND onderwerp = ?2 ORDER BY seq",
                params![soort.code(), id.as_str()],
                read,
            )?,
            None => self.rows(
                "SELECT seq, beoordeling, door, opgeslagen_op FROM beoordeling ORDER BY seq",
                &[],
                read,
            )?,
        };
        rows.into_iter()
            .map(|(seq, json, door, opgeslagen_op)| {
                Ok(OpgeslagenBeoordeling {
                    seq,
                    beoordeling: self.decode("beoordeling", &json)?,
                    door,
                    opgeslagen_op,
                })
            })
            .collect()
    }

    /// Adds a call; false (and nothing written) when its id is known.
    pub fn add_call(&mut self, o: &Oproep, door: &str) -> Result<bool, StoreError> {
        if self.call(&o.id)?.is_some() {
            return Ok(false);
        }
        let json = self.encode("oproep", o)?;
        self.exec(
            &format!(
                "INSERT INTO oproep (id, definitie, door, opgeslagen_op) VALUES (?1, ?2, ?3, {now})",
                now = self.db.now()
            ),
            params![o.id.as_str(), json.as_str(), door],
        )?;
        Ok(true)
    }

    /// One call.
    pub fn call(&self, id: &Id) -> Result<Option<Oproep>, StoreError> {
        let json: Option<String> = self.row(
            "SELECT definitie FROM oproep WHERE id = ?1",
            params![id.as_str()],
            |r| r.get(0),
        )?;
        json.map(|j| self.decode("oproep", &j)).transpose()
    }

    /// Every call, by id.
    pub fn calls(&self) -> Result<Vec<Oproep>, StoreError> {
        let rows: Vec<String> =
            self.rows("SELECT definitie FROM oproep ORDER BY id", &[], |r| {
                r.get(0)
            })?;
        rows.iter().map(|j| self.decode("oproep", j)).collect()
    }

    /// Stores a project's stated contribution to a target (a later statement replaces it).
    pub fn add_contribution(&mut self, b: &Bijdrage, door: &str) -> Result<(), StoreError> {
        self.exec(
            &format!(
                "INSERT INTO bijdrage (project, doel, toelichting, oproep, door, opgeslagen_op) \
                 VALUES (?1, ?2, ?3, ?4, ?5, {now}) ON CONFLICT (project, doel) DO UPDATE SET \
                 toelichting = excluded.toelichting, oproep = excluded.oproep, \
                 door = excluded.door, opgeslagen_op = excluded.opgeslagen_op",
                now = self.db.now()
            ),
            params![
                b.project.as_str(),
                b.doel.as_str(),
                b.toelichting.as_str(),
                b.oproep.as_ref().map(Id::as_str),
                door
            ],
        )?;
        Ok(())
    }

    /// Every stated contribution, by project and target.
    pub fn contributions(&self) -> Result<Vec<Bijdrage>, StoreError> {
        let rows: Vec<(String, String, String, Option<String>)> = self.rows(
            "SELECT project, doel, toelichting, oproep FROM bijdrage ORDER BY project, doel",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        rows.into_iter()
            .map(|(project, doel, toelichting, oproep)| {
                self.decode(
                    "bijdrage",
                    &serde_json::json!({
                        "project": project, "doel": doel, "toelichting": toelichting,
                        "oproep": oproep,
                    })
                    .to_string(),
                )
            })
            .collect()
    }
}
