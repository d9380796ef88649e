//! Reading what the store keeps as histories, as the rules see them: a round is its ballots
//! replayed through the ballot box, an activity's state the replay of its updates. The store
//! keeps only the records (it knows no computing crate); the use cases, the web application
//! and the command line read rounds and activity states through [`Herspelen`].

use std::collections::BTreeMap;

use gemeten_domain::Id;
use gemeten_monitoring::ActiviteitStand;
use gemeten_prioritering::Stembus;
use gemeten_store::{MonitoringStore, OpgeslagenRonde, RondeStore, Store, StoreError};

/// Stored histories replayed through their rules.
pub trait Herspelen {
    /// A round with all its ballots, or `None`. Every stored ballot passes the ballot box
    /// again, so a history changed outside gemeten is reported as corrupt, not counted.
    fn load_round(&self, id: &Id) -> Result<Option<Stembus>, StoreError>;

    /// Every round with its ballots, ordered by id.
    fn rounds(&self) -> Result<Vec<Stembus>, StoreError>;

    /// The state of every activity that has updates.
    fn activity_states(&self) -> Result<BTreeMap<Id, ActiviteitStand>, StoreError>;
}

fn stembus(store: &Store, stored: OpgeslagenRonde) -> Result<Stembus, StoreError> {
    let id = stored.ronde.id().clone();
    let mut bus = Stembus::new(stored.ronde);
    for (i, ballot) in stored.ballots.into_iter().enumerate() {
        bus.add(ballot)
            .map_err(|e| store.corrupt("stembiljet", format!("ronde '{id}' #{}: {e}", i + 1)))?;
    }
    Ok(bus)
}

impl Herspelen for Store {
    fn load_round(&self, id: &Id) -> Result<Option<Stembus>, StoreError> {
        self.stored_round(id)?.map(|r| stembus(self, r)).transpose()
    }

    fn rounds(&self) -> Result<Vec<Stembus>, StoreError> {
        self.stored_rounds()?
            .into_iter()
            .map(|r| stembus(self, r))
            .collect()
    }

    fn activity_states(&self) -> Result<BTreeMap<Id, ActiviteitStand>, StoreError> {
        Ok(self
            .activity_histories()?
            .into_iter()
            .map(|(a, h)| (a.clone(), ActiviteitStand::replay(a, h)))
            .collect())
    }
}
