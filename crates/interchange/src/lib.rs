//! Reading and writing the register: the curated reference dataset (TOML), JSON and CSV.
//!
//! Every format goes through one pipeline (`raw`): records become JSON values that carry their
//! location, are decoded into domain types that validate themselves, and are then checked as
//! one [`Register`](gemeten_domain::Register). Nothing is returned unless all of the input is
//! valid; every problem names the file, line, record and field.

mod csv;
mod error;
mod json;
mod projecten;
mod raw;
mod reference;
mod rij;

pub use crate::csv::{csv_tables, read_csv_dir, write_csv_dir};
pub use error::{Location, ReadError, ReadErrors, WriteError};
pub use json::{from_json, to_json, FORMAT, VERSION};
pub use projecten::{
    projects_to_csv, read_csv_in_parts, read_csv_in_parts_beside, read_projects, InDelen,
    PROJECT_COLUMNS,
};
pub use reference::{from_toml_files, reference_files, reference_register};
