//! The targets innovations of the register claim to contribute to (migration
//! `0022_innovatie_doel.sql`): one row per innovation and target, with who linked them and
//! when. The store checks none of the rules: the application core does, before it writes.

use gemeten_domain::Id;
use serde::Serialize;

use crate::db::params;
use crate::{Store, StoreError};

/// One stored link of an innovation to a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InnovatieDoel {
    pub innovatie: Id,
    pub doel: Id,
    pub door: String,
    pub opgeslagen_op: String,
}

impl Store {
    /// Links innovation `innovatie` to target `doel`, by `door`.
    pub fn add_innovation_target(
        &mut self,
        innovatie: &Id,
        doel: &Id,
        door: &str,
    ) -> Result<(), StoreError> {
        self.exec(
            &format!(
                "INSERT INTO innovatie_doel (innovatie, doel, door, opgeslagen_op) \
                 VALUES (?1, ?2, ?3, {now})",
                now = self.db.now()
            ),
            params![innovatie.as_str(), doel.as_str(), door],
        )?;
        Ok(())
    }

    /// Removes the link of innovation `innovatie` to target `doel`; whether there was one.
    pub fn remove_innovation_target(
        &mut self,
        innovatie: &Id,
        doel: &Id,
    ) -> Result<bool, StoreError> {
        let n = self.exec(
            "DELETE FROM innovatie_doel WHERE innovatie = ?1 AND doel = ?2",
            params![innovatie.as_str(), doel.as_str()],
        )?;
        Ok(n > 0)
    }

    /// The links of one innovation (`Some`), or of one target (`None`, `doel` given), or
    /// all; ordered by innovation and target.
    pub fn innovation_targets(
        &self,
        innovatie: Option<&Id>,
        doel: Option<&Id>,
    ) -> Result<Vec<InnovatieDoel>, StoreError> {
        let read =
            |r: &crate::db::Row| -> Result<(String, String, String, String), crate::db::DbError> {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            };
        const SELECT: &str = "SELECT innovatie, doel, door, opgeslagen_op FROM innovatie_doel";
        let rows = match (innovatie, doel) {
            (Some(i), Some(d)) => self.rows(
                &format!("{SELECT} WHERE innovatie = ?1 AND doel = ?2"),
                params![i.as_str(), d.as_str()],
                read,
            )?,
            (Some(i), None) => self.rows(
                &format!("{SELECT} WHERE innovatie = ?1 ORDER BY doel"),
                params![i.as_str()],
                read,
            )?,
            (None, Some(d)) => self.rows(
                &format!("{SELECT} WHERE doel = ?1 ORDER BY innovatie"),
                params![d.as_str()],
                read,
            )?,
            (None, None) => self.rows(&format!("{SELECT} ORDER BY innovatie, doel"), &[], read)?,
        };
        let corrupt = |reason: String| StoreError::Corrupt {
            path: self.path.clone(),
            table: "innovatie_doel".into(),
            reason,
        };
        rows.into_iter()
            .map(|(i, d, door, opgeslagen_op)| {
                Ok(InnovatieDoel {
                    innovatie: i.parse().map_err(|_| corrupt(format!("innovatie '{i}'")))?,
                    doel: d.parse().map_err(|_| corrupt(format!("doel '{d}'")))?,
                    door,
                    opgeslagen_op,
                })
            })
            .collect()
    }
}
