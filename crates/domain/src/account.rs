//! The people who use gemeten: accounts with a role, and the append-only audit log's
//! entries. A role carries what it is bound to — a contributor its organisation, a mission
//! team its mission — so an account without them cannot be built.

use serde::Serialize;
use serde_json::Value;

use crate::{Id, MissieCode, Probleem};

/// The kind of role: what [`Taak`] is without what it is bound to. Route guards and the
/// audit log name roles by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rol {
    /// Reads.
    Publiek,
    /// Edits the projects its organisation is a partner of.
    Bijdrager,
    /// Edits its mission's projects, creates its rounds and votes in them.
    Missieteam,
    /// Does everything.
    Admin,
}

impl Rol {
    pub const ALL: [Rol; 4] = [Rol::Publiek, Rol::Bijdrager, Rol::Missieteam, Rol::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Rol::Publiek => "publiek",
            Rol::Bijdrager => "bijdrager",
            Rol::Missieteam => "missieteam",
            Rol::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Rol> {
        Rol::ALL.into_iter().find(|r| r.code() == s.trim())
    }
}

impl std::fmt::Display for Rol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A role with what it is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taak {
    Publiek,
    /// Writes for this organisation (as projects name their partners).
    Bijdrager {
        organisatie: String,
    },
    Missieteam {
        missie: MissieCode,
    },
    Admin,
}

impl Taak {
    pub fn rol(&self) -> Rol {
        match self {
            Taak::Publiek => Rol::Publiek,
            Taak::Bijdrager { .. } => Rol::Bijdrager,
            Taak::Missieteam { .. } => Rol::Missieteam,
            Taak::Admin => Rol::Admin,
        }
    }

    /// A role from its parts as stored or entered: a contributor needs an organisation, a
    /// mission team a mission code, the other roles neither. Errors name the field.
    pub fn new(
        rol: Rol,
        organisatie: Option<&str>,
        missie: Option<&str>,
    ) -> Result<Taak, Probleem> {
        let organisatie = organisatie.map(str::trim).filter(|s| !s.is_empty());
        let missie = missie.map(str::trim).filter(|s| !s.is_empty());
        if rol != Rol::Bijdrager && organisatie.is_some() {
            return Err(Probleem::bij_veld(
                "organisation",
                "alleen een bijdrager heeft een organisatie",
                "only a contributor (bijdrager) has an organisation",
            ));
        }
        if rol != Rol::Missieteam && missie.is_some() {
            return Err(Probleem::bij_veld(
                "missie",
                "alleen een missieteam heeft een missie",
                "only a mission team (missieteam) has a mission",
            ));
        }
        Ok(match rol {
            Rol::Publiek => Taak::Publiek,
            Rol::Admin => Taak::Admin,
            Rol::Bijdrager => Taak::Bijdrager {
                organisatie: organisatie
                    .ok_or_else(|| {
                        Probleem::bij_veld(
                            "organisation",
                            "een bijdrager heeft de organisatie nodig waarvoor hij schrijft, zoals projecten hun partners noemen",
                            "a contributor (bijdrager) needs the organisation it writes for, as projects name their partners",
                        )
                    })?
                    .to_owned(),
            },
            Rol::Missieteam => Taak::Missieteam {
                missie: MissieCode::parse_lenient(missie.ok_or_else(|| {
                    Probleem::bij_veld(
                        "missie",
                        "een missieteam heeft de code van zijn missie nodig",
                        "a mission team (missieteam) needs its mission code",
                    )
                })?)
                .map_err(|e| e.als_veld("missie"))?,
            },
        })
    }
}

/// A user, without secrets. The username is an [`Id`], so it can be a round's participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub username: Id,
    pub display_name: String,
    pub taak: Taak,
}

impl Account {
    pub fn role(&self) -> Rol {
        self.taak.rol()
    }

    /// The mission a mission team works for.
    pub fn missie(&self) -> Option<MissieCode> {
        match &self.taak {
            Taak::Missieteam { missie } => Some(*missie),
            _ => None,
        }
    }

    /// The organisation a contributor writes for.
    pub fn organisation(&self) -> Option<&str> {
        match &self.taak {
            Taak::Bijdrager { organisatie } => Some(organisatie),
            _ => None,
        }
    }

    /// The account as the API and the audit log show it (never a secret).
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role().code(),
            "organisation": self.organisation(),
            "missie": self.missie().map(|m| m.code()),
        })
    }
}

/// A new session: the token goes into the cookie (only its hash is stored), the CSRF token
/// into every form.
#[derive(Debug, Clone)]
pub struct Sessie {
    pub token: String,
    pub csrf: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// An API token as listed: never the token, only an id taken from its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// The first 12 hex digits of the token's SHA-256: enough to name it, useless to use it.
    pub id: String,
    pub username: String,
    pub created_by: String,
    pub created_at: String,
    /// When it stops working (UTC, `YYYY-MM-DDTHH:MM:SSZ`); none for a token that never does.
    pub expires_at: Option<String>,
}

/// An account as its administrator sees it: when it was made, and whether it is disabled
/// (it can neither log in nor use its sessions or tokens) or deleted (anonymised: the row
/// stays so the audit log's username stays unique, without name, role or password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountStand {
    pub account: Account,
    pub created_at: String,
    pub disabled_at: Option<String>,
    pub deleted_at: Option<String>,
}

impl AccountStand {
    pub fn actief(&self) -> bool {
        self.disabled_at.is_none() && self.deleted_at.is_none()
    }

    /// The account with its state, as the API and the audit log show it.
    pub fn to_json(&self) -> Value {
        let mut v = self.account.to_json();
        v["created_at"] = self.created_at.clone().into();
        v["disabled_at"] = self.disabled_at.clone().into();
        v["deleted_at"] = self.deleted_at.clone().into();
        v
    }
}

/// One entry of the audit log: who did what to which object, with the object before and
/// after. A refused attempt is an entry too (its action says so, `after` is empty).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRegel {
    pub seq: i64,
    pub at: String,
    pub by: String,
    pub action: String,
    pub object: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_carries_what_it_is_bound_to() {
        let t = Taak::new(Rol::Missieteam, None, Some("ii")).unwrap();
        assert_eq!(
            t,
            Taak::Missieteam {
                missie: MissieCode::II
            }
        );
        assert_eq!(t.rol(), Rol::Missieteam);
        let e = Taak::new(Rol::Bijdrager, Some("  "), None).unwrap_err();
        assert_eq!(e.field(), Some("organisation"));
        let e = Taak::new(Rol::Missieteam, None, None).unwrap_err();
        assert_eq!(e.field(), Some("missie"));
        let e = Taak::new(Rol::Missieteam, None, Some("XIV")).unwrap_err();
        assert_eq!(e.field(), Some("missie"));
        let e = Taak::new(Rol::Admin, Some("RIVM"), None).unwrap_err();
        assert_eq!(e.field(), Some("organisation"));
        let e = Taak::new(Rol::Publiek, None, Some("II")).unwrap_err();
        assert_eq!(e.field(), Some("missie"));
    }
}
