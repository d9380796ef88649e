//! The rounds' view models: the list (`/rondes`, `GET /api/v1/rondes`) and one round with
//! its results (`/rondes/{id}`, `GET /api/v1/rondes/{id}`), each built by one function from
//! the ballot box. The pages render them, the API serialises them.

use serde::Serialize;

use gemeten_app::Herspelen;

use gemeten_domain::{Id, MissieCode, Tekst};
use gemeten_prioritering::{uitslagen, Methode, Ronde, StemSoort, Stembus, Uitslag};

use crate::error::ApiError;
use crate::extract::Filter;
use crate::rondes::methods;
use crate::AppState;

/// What the list shows of a round.
#[derive(Serialize)]
pub(crate) struct Samenvatting<'a> {
    pub id: &'a Id,
    pub missie: MissieCode,
    pub title_nl: &'a Tekst,
    pub title_en: &'a Option<Tekst>,
    pub kind: StemSoort,
    /// The methods that give a result for this kind of ballot.
    pub methods: Vec<Methode>,
    pub seats: usize,
    pub participants: usize,
    pub candidates: &'a [Id],
    pub selected: &'a [Id],
    /// Ballots counted (each participant's last).
    pub ballots: usize,
    /// Ballots replaced by a later one of the same participant.
    pub replaced: usize,
    pub illustratief: bool,
    pub status: Status,
}

/// Where a round stands: its published selection is known, ballots are coming in, or none yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    Published,
    NoBallots,
    Voting,
}

impl Status {
    pub fn of(bus: &Stembus) -> Status {
        if !bus.ronde().selected().is_empty() {
            Status::Published
        } else if bus.counted().is_empty() {
            Status::NoBallots
        } else {
            Status::Voting
        }
    }
}

pub(crate) fn samenvatting(bus: &Stembus) -> Samenvatting<'_> {
    let r = bus.ronde();
    let counted = bus.counted().len();
    Samenvatting {
        id: r.id(),
        missie: r.missie(),
        title_nl: &r.parts().title_nl,
        title_en: &r.parts().title_en,
        kind: r.kind(),
        methods: methods(r.kind()),
        seats: r.seats(),
        participants: r.deelnemers().len(),
        candidates: r.kandidaten(),
        selected: r.selected(),
        ballots: counted,
        replaced: bus.history().len() - counted,
        illustratief: bus.illustratief(),
        status: Status::of(bus),
    }
}

/// One round: its definition, what the list shows, and the result of every method that
/// applies to its kind of ballot.
#[derive(Serialize)]
pub(crate) struct Detail<'a> {
    pub ronde: &'a Ronde,
    pub summary: Samenvatting<'a>,
    pub results: Vec<Uitslag>,
}

pub(crate) fn detail(bus: &Stembus) -> Detail<'_> {
    let r = bus.ronde();
    Detail {
        ronde: r,
        summary: samenvatting(bus),
        results: uitslagen(bus)
            .into_iter()
            .filter(|u| u.methode.not_applicable(r.kind()).is_none())
            .collect(),
    }
}

/// The rounds of the list (of one mission, with `?missie=`), in the store's order.
pub(crate) async fn rondes(state: &AppState, filter: Filter) -> Result<Vec<Stembus>, ApiError> {
    let rounds = state.with_store(|s| s.rounds()).await?;
    Ok(rounds
        .into_iter()
        .filter(|b| filter.missie.is_none_or(|m| b.ronde().missie() == m))
        .collect())
}
