//! The innovation portfolio: what is in the pipeline of each mission and where the gaps
//! are (the "kennis- en innovatiesynthese" the KIA promises), and which financial
//! instruments fit an innovation now and next along its path; per target, the chain from
//! the projects that claim to contribute to it to the instruments and the barriers.
//!
//! This crate computes on values it is given (the register and the projects); it reads and
//! stores nothing.

mod keten;
mod pijplijn;
mod rocket;
mod route;
mod synthese;

pub use keten::{keten, Keten, KetenBarriere, KetenInnovatie, KetenInstrument, KetenProject};
pub use pijplijn::{Herkomst, PijplijnItem};
pub use rocket::{rocket_synthese, PrincipeScore, RocketSynthese};
pub use route::{route, Pasvorm, Route, RouteStap};
pub use synthese::{synthese, DoelGat, Synthese, VraagGat};
