//! The innovation portfolio: what is in the pipeline of each mission and where the gaps
//! are (the "kennis- en innovatiesynthese" the KIA promises), and which financial
//! instruments fit an innovation now and next along its path.
//!
//! This crate computes on values it is given (the register and the projects); it reads and
//! stores nothing.

mod pijplijn;
mod rocket;
mod route;
mod synthese;

pub use pijplijn::{Herkomst, PijplijnItem};
pub use rocket::{rocket_synthese, PrincipeScore, RocketSynthese};
pub use route::{route, Pasvorm, Route, RouteStap};
pub use synthese::{synthese, Synthese, VraagGat};
