//! The application core of gemeten: every change to its data is one function here — a use
//! case — that takes the acting user, checks the role, validates, writes, and records the
//! audit entry (who, when, what, before, after) in the same transaction. The web application
//! and the command line are adapters: they turn a form, a JSON body or arguments into the
//! use case's input and its outcome or [`AppFout`] into a page, a status or an exit code.
//!
//! A use case refused for lack of a role changes nothing and is itself recorded (an entry
//! `geweigerd: <action>`), so attempts are evidence an administrator can read.
//!
//! What this crate deliberately does not know: HTTP, HTML, arguments, files and their
//! formats (adapters decode them with `gemeten-interchange` and hand over domain values),
//! and which database the store talks to.

mod account;
mod beoordeling;
mod bestuur;
mod fout;
mod gebruikersbeheer;
mod handeling;
mod inloggen;
mod innovatie;
mod instelling;
mod kpi;
mod lezen;
mod monitoring;
mod project;
mod publiceren;
mod register;
mod ronde;

pub use account::{
    aanmelden, create_token, create_user, create_user_with, revoke_token, token_account, uitloggen,
    NieuwAccount, NieuwToken, NieuweGebruiker, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS,
};
pub use beoordeling::{
    beoordelen, check_aanvragen, import_into_call, may_assess, oproep_aanmaken, Inzending,
    NieuweBeoordeling,
};
pub use bestuur::{
    actie_bijwerken, may_record_meeting, vergadering_uit_json, vergadering_vastleggen,
};
pub use fout::AppFout;
pub use gebruikersbeheer::{
    change_password, change_user, delete_user, disable_user, enable_user, revoke_sessions,
    GebruikerWijziging, NieuwWachtwoord, Uitgeschakeld,
};
pub use handeling::{Handeling, SYSTEEM};
pub use inloggen::{
    inloggen, inloggen_afronden, inloggen_voorbereiden, Drempels, Inlogcontrole, Inlogd,
    Inlogpoging, Wachtwoordbewijs, DREMPELS, NIET_INGELOGD,
};
pub use innovatie::{innovatie_doel_koppelen, innovatie_doel_ontkoppelen, may_link_innovation};
pub use instelling::{current_min_cell, min_cell, DEFAULT_MIN_CELL};
pub use kpi::{
    catalogus, definities_vastleggen, eigen_kpis, eigen_ses_dimensies, kpi_definities_vastleggen,
};
pub use lezen::Herspelen;
pub use monitoring::{
    add_period, close_period, may_update_activity, review_report, submit_reports, update_activity,
};
pub use project::{
    change_project, check_doelen, check_kies, import_projects, import_projects_in_parts, may_edit,
    project_to_change, ImportGestopt, ProjectPatch, EDITABLE,
};
pub use publiceren::{may_publish, publiceren, GepubliceerdBestand, Geschreven, PublicatieSoort};
pub use register::{
    ensure_admin, first_start, import_observations, import_register, is_first_start,
    kies_aanvullen, seed_register, EersteStart, Voorbeelden, KIES_AANVULLEN,
};
pub use ronde::{
    cast_ballot, create_round, may_vote, oefenronde, store_practice_round, store_result, Stem,
    NEW_ROUND, PRACTICE_ROUND,
};
