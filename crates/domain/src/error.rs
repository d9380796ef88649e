use thiserror::Error;

/// A value or record that breaks a rule of the domain model.
///
/// Messages are written for the person who fixes the data: they say what was found and what
/// is allowed. The location (file, record, field path) is added by whoever decodes the data.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("{0}")]
    Invalid(String),
    #[error("field `{field}`: {reason}")]
    Field { field: &'static str, reason: String },
}

impl DomainError {
    pub fn invalid(reason: impl Into<String>) -> Self {
        DomainError::Invalid(reason.into())
    }

    pub fn field(field: &'static str, reason: impl Into<String>) -> Self {
        DomainError::Field {
            field,
            reason: reason.into(),
        }
    }

    /// The reason alone, for messages that name the field themselves.
    pub fn reason(&self) -> &str {
        match self {
            DomainError::Invalid(r) | DomainError::Field { reason: r, .. } => r,
        }
    }
}
