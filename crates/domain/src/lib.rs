//! The domain model of gemeten: the Dutch Health & Care missions and everything linked to
//! them. Every type is validated when it is built (or deserialised), so code that holds one
//! can rely on its rules; the [`Register`] adds the rules that span records.
//!
//! Naming: entities carry the users' Dutch nouns (`Missie`, `KiaVraag`, `Activiteit`);
//! fields are English.

mod account;
mod agenda;
mod beoordeling;
pub mod bestuur;
mod bron;
mod code;
mod financiering;
mod innovatie;
mod kengetal;
mod kies;
mod meetperiode;
mod missie;
pub mod monitoring;
pub mod onderdrukking;
mod probleem;
mod project;
mod register;
pub mod ronde;
mod taal;
mod toc;
pub mod uitslag;
mod value;
mod waarneming;

pub use account::{Account, AccountStand, ApiToken, AuditRegel, Rol, Sessie, Taak};
pub use agenda::{Activiteit, KiaVraag, Organisatie, Prioriteit};
pub use beoordeling::{
    check_oordelen, van_kader, Aanvraag, Beoordeling, Bijdrage, GesteldeBijdrage, Maatstaf,
    Oordeel, Oproep, SCORE_MAX, SCORE_MIN,
};
pub use bestuur::{Actie, Norm, Orgaan, TeltVoor, Toezegging, Vergadering};
pub use bron::{Bron, Regels};
pub use code::{
    ActieStatus, ActiviteitStatus, BronDocument, BudgetPeriode, DoelSoort, Fase, Fasen, Kader,
    KengetalSoort, KiesSoort, KnoopSoort, MissieCode, OnderwerpSoort, OrgaanSoort,
    OrganisatieSoort, PartnerRol, ProjectStatus, RapportStatus, Richting, ToezeggingSoort,
    VraagSoort,
};
pub use financiering::{Instrument, InstrumentRecord, Programma, ProgrammaBijdrage};
pub use innovatie::{Aanbeveling, Barriere, Criterium, Innovatie};
pub use kengetal::{Kengetal, KengetalRecord};
pub use kies::{
    is_voorbeeld, kies_tellingen, KiesElement, KiesGraaf, KiesKnoop, KiesKnoopMetMissies,
    KiesOverzicht, KiesPijl, KiesProjectRegel, KiesProjecten, KiesVerwijzing,
};
pub use meetperiode::{Meetperiode, Periodesoort};
pub use missie::{Doel, DoelRecord, Formulering, Missie, Streefwaarde, Tijdpad};
pub use probleem::{vang_problemen, Probleem, Problemen, Tweetalig};
pub use project::{
    doel_van_missies, kies_van_missies, Financiering, FinancieringRecord, Partner, Project,
    ProjectRecord, Wijziging,
};
pub use register::{IntegrityError, MissieOverzicht, Register, RegisterParts, TABLES};
pub use taal::{Label, Lang, OnbekendeTaal};
pub use toc::{ToCKnoop, ToCPijl};
pub use value::{stuurteken, Brl, Euro, Id, Jaar, Regel, Sel, Tekst, Trl, TrlBereik};
pub use waarneming::{Waarneming, WaarnemingSleutel};
