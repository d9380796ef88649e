//! KPI definitions that administrators add or change (migration `0011_kpi_definitie.sql`),
//! kept as the JSON text the application core hands over: the store persists and lists them
//! and checks none of their rules.

use crate::db::params;
use crate::{Store, StoreError};

/// One stored KPI definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpgeslagenKpi {
    pub code: String,
    /// The definition as JSON text.
    pub definitie: String,
    /// Who stored this version.
    pub door: String,
    /// When, as ISO 8601 UTC text.
    pub gewijzigd_op: String,
}

impl Store {
    /// Every stored KPI definition, ordered by code.
    pub fn kpi_definities(&self) -> Result<Vec<OpgeslagenKpi>, StoreError> {
        self.rows(
            "SELECT code, definitie, door, gewijzigd_op FROM kpi_definitie ORDER BY code",
            &[],
            |r| {
                Ok(OpgeslagenKpi {
                    code: r.get(0)?,
                    definitie: r.get(1)?,
                    door: r.get(2)?,
                    gewijzigd_op: r.get(3)?,
                })
            },
        )
    }

    /// Every stored SES breakdown administrators defined (migration 0014), ordered by code,
    /// in the same form as the KPI definitions.
    pub fn ses_dimensie_definities(&self) -> Result<Vec<OpgeslagenKpi>, StoreError> {
        self.rows(
            "SELECT code, definitie, door, gewijzigd_op FROM ses_dimensie_definitie ORDER BY code",
            &[],
            |r| {
                Ok(OpgeslagenKpi {
                    code: r.get(0)?,
                    definitie: r.get(1)?,
                    door: r.get(2)?,
                    gewijzigd_op: r.get(3)?,
                })
            },
        )
    }

    /// Adds or replaces SES breakdowns in one unit, like [`Store::zet_kpi_definities`].
    pub fn zet_ses_dimensies(
        &mut self,
        definities: &[(String, String)],
        door: &str,
    ) -> Result<(), StoreError> {
        self.unit(|| {
            for (code, definitie) in definities {
                self.exec(
                    &format!(
                        "INSERT INTO ses_dimensie_definitie (code, definitie, door, gewijzigd_op) \
                         VALUES (?1, ?2, ?3, {now}) \
                         ON CONFLICT (code) DO UPDATE SET definitie = excluded.definitie, \
                         door = excluded.door, gewijzigd_op = excluded.gewijzigd_op",
                        now = self.db.now()
                    ),
                    params![code.as_str(), definitie.as_str(), door],
                )?;
            }
            Ok(())
        })
    }

    /// Adds or replaces definitions in one unit: all land or none does. The caller (the
    /// application core) validates and records them.
    pub fn zet_kpi_definities(
        &mut self,
        definities: &[(String, String)],
        door: &str,
    ) -> Result<(), StoreError> {
        self.unit(|| {
            for (code, definitie) in definities {
                self.exec(
                    &format!(
                        "INSERT INTO kpi_definitie (code, definitie, door, gewijzigd_op) \
                         VALUES (?1, ?2, ?3, {now}) \
                         ON CONFLICT (code) DO UPDATE SET definitie = excluded.definitie, \
                         door = excluded.door, gewijzigd_op = excluded.gewijzigd_op",
                        now = self.db.now()
                    ),
                    params![code.as_str(), definitie.as_str(), door],
                )?;
            }
            Ok(())
        })
    }
}
