//! Prioritisation rounds: the way 002 chose innovations for missions II and III (participants
//! agree on criteria, then everyone votes individually), made explicit and reproducible.
//!
//! - [`Ronde`]: who votes, on which candidates (innovation ids), by which criteria (with
//!   optional weights), with which kind of ballot ([`StemSoort`]: top-N, full ranking, or
//!   ratings per criterion on a [`Schaal`]).
//! - [`Stembiljet`]: a ballot, checked against its round when it enters the [`Stembus`]
//!   (ballot box); refusals are [`BiljetFout`]s naming participant, field and reason. A second
//!   ballot of a participant must say it replaces the first; the first stays in the history.
//! - [`uitslag`]: the result of a [`Methode`] (approval, Borda, weighted mean, median with IQR):
//!   every candidate in order with its score and explicit ties, the winners, the agreement
//!   (Kendall's W with the tie correction, or the share of ballots naming each winner) and a
//!   fingerprint; [`verify`] recomputes a stored result from the ballots.
//! - [`referentie_rondes`]: the rounds of 002 from `data/rondes/`, with illustrative ballots.
//!
//! No I/O: the data files are embedded at build time.

//!
//! The values — [`Ronde`], [`Stembiljet`], [`Methode`], [`Uitslag`] and their parts — are
//! `gemeten-domain`'s (the store persists them and knows no computing crate) and re-exported
//! here; the rules and computations on them are this crate's.

mod bestand;
mod biljet;
mod methode;
mod uitslag;

pub use bestand::{lees_rondes, referentie_rondes, BestandFout, REFERENTIE_BESTANDEN};
pub use biljet::{BiljetFout, BiljetReden, Ingediend, Stembus};
pub use gemeten_domain::ronde::{
    Aanwezigheid, Deelnemer, Keuze, Ronde, RondeCriterium, RondeParts, Schaal, Score, StemSoort,
    Stembiljet,
};
pub use gemeten_domain::uitslag::{
    KendallW, Methode, Overeenstemming, Plaats, Spreiding, Steun, Uitslag,
};
pub use methode::{kendall_w_of_scores, uitslag, uitslagen};
pub use uitslag::{verify, Afwijking};
