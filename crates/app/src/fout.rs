//! The one error type of the use cases. Adapters map it: the web to 403 / 404 / 400 / 409 /
//! 500, the command line to a one-line message and exit code 1.

use gemeten_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppFout {
    /// The user's role does not allow this; the attempt is in the audit log.
    #[error("{reason}")]
    Verboden { object: String, reason: String },
    /// The object of the use case does not exist.
    #[error("{what} '{key}' does not exist")]
    NietGevonden {
        what: &'static str,
        /// The input field that named it.
        field: &'static str,
        key: String,
    },
    /// Input the rules refuse, naming the field (the adapter says it as its own form, option
    /// or JSON member; the reason reads on its own).
    #[error("{reason}")]
    Ongeldig { field: &'static str, reason: String },
    /// Input refused with every problem listed, each naming its record and field (monitoring
    /// input: activity updates, periods, reports, reviews).
    #[error(transparent)]
    Problemen(#[from] gemeten_monitoring::Problemen),
    /// The object exists already.
    #[error("{0}")]
    Bestaat(String),
    /// The store refused or failed; its own refusals (known observations or projects, a
    /// missing record) say what and where.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppFout {
    pub fn ongeldig(field: &'static str, reason: impl std::fmt::Display) -> AppFout {
        AppFout::Ongeldig {
            field,
            reason: reason.to_string(),
        }
    }

    pub(crate) fn verboden(object: impl Into<String>, reason: impl Into<String>) -> AppFout {
        AppFout::Verboden {
            object: object.into(),
            reason: reason.into(),
        }
    }
}

impl From<gemeten_domain::DomainError> for AppFout {
    fn from(e: gemeten_domain::DomainError) -> Self {
        match e {
            gemeten_domain::DomainError::Field { field, reason } => {
                AppFout::Ongeldig { field, reason }
            }
            gemeten_domain::DomainError::Invalid(reason) => AppFout::Ongeldig {
                field: "body",
                reason,
            },
        }
    }
}
