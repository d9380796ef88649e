//! Publishing: the FAIR package (`gemeten fair export`) and the progress report (`gemeten
//! report`) leave gemeten as files that others take as gemeten's word, so publishing is a use
//! case like a write: its role is checked, a refusal is recorded, and what was published is
//! in the audit log — kind, target, every file with its SHA-256 checksum and size, and how
//! many records went in.
//!
//! Who may: administrators only. A package or report covers every mission and every
//! project, and is published in the name of the organisation (its publisher and licence), so
//! no mission team or contributor speaks for all of it; reading the same data needs no role.
//!
//! The adapter writes the files (this crate knows no files): [`publiceren`] checks the role
//! first, then lets the adapter write — outside any transaction, so a slow write (a PDF
//! through a browser) holds no lock on the database — and records the entry only when the
//! writing succeeded.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::json;

use gemeten_domain::{Account, Rol};
use gemeten_store::Store;

use crate::handeling::{gedaan, uitvoeren, Afloop};
use crate::{AppFout, Handeling};

/// What is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicatieSoort {
    /// The FAIR package: every published dataset with its DCAT-AP style catalogue.
    FairPakket,
    /// The progress report (HTML, and PDF when asked).
    Voortgangsrapport,
}

impl PublicatieSoort {
    pub fn code(self) -> &'static str {
        match self {
            PublicatieSoort::FairPakket => "fair_pakket",
            PublicatieSoort::Voortgangsrapport => "voortgangsrapport",
        }
    }
}

impl fmt::Display for PublicatieSoort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One written file: its path as the adapter wrote it, its SHA-256 (hex) and its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GepubliceerdBestand {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// What the adapter wrote: the files, and counts of what went in (e.g. `datasets`,
/// `projects`, `targets`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Geschreven {
    pub bestanden: Vec<GepubliceerdBestand>,
    pub records: BTreeMap<String, usize>,
}

/// Whether `account` may publish.
pub fn may_publish(account: &Account) -> bool {
    account.role() == Rol::Admin
}

/// Publishes `soort` to `doel` (a directory or file, as the user named it) as `account`:
/// refused (and recorded) unless [`may_publish`], before `schrijf` runs; then `schrijf`
/// writes the files from the store it is handed and says what it wrote; only when it
/// succeeds is the entry written. The outer result is the use case's (a refusal, a store
/// failure), the inner one the writing's, which leaves no entry when it fails.
pub fn publiceren<T, E>(
    store: &mut Store,
    account: &Account,
    soort: PublicatieSoort,
    doel: &str,
    schrijf: impl FnOnce(&Store) -> Result<(T, Geschreven), E>,
) -> Result<Result<T, E>, AppFout> {
    let object = format!("{soort} {doel}");
    let by = account.username.as_str();
    uitvoeren(store, by, Handeling::Publiceren, |_| {
        if !may_publish(account) {
            return Err(AppFout::verboden(
                &object,
                "alleen een beheerder mag het FAIR-pakket of de voortgangsrapportage publiceren",
                "only an administrator may publish the FAIR package or the progress report",
            ));
        }
        Ok(Afloop::Ongewijzigd(()))
    })?;
    let (uitkomst, geschreven) = match schrijf(store) {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    uitvoeren(store, by, Handeling::Publiceren, |_| {
        gedaan(
            &object,
            None,
            Some(json!({
                "soort": soort,
                "doel": doel,
                "bestanden": geschreven.bestanden,
                "records": geschreven.records,
            })),
            (),
        )
    })?;
    Ok(Ok(uitkomst))
}
