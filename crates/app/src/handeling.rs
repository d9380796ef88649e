//! The use cases by name, and the one way each runs: in one transaction with its audit entry,
//! or refused and recorded as refused.

use serde_json::{json, Value};

use gemeten_store::{AccountStore, Store};

use crate::AppFout;

/// Who the audit log names for what gemeten does by itself: filling a new database on its
/// first start (the reference register, the first administrator, the examples).
pub const SYSTEEM: &str = "gemeten (eerste start)";

/// Every use case that changes gemeten's data. The audit log names each by [`Handeling::actie`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Handeling {
    /// A new database filled with the reference register.
    RegisterGezaaid,
    RegisterVervangen,
    ProjectBijwerken,
    ProjectenImporteren,
    WaarnemingenImporteren,
    RondeAanmaken,
    StembiljetUitbrengen,
    UitslagOpslaan,
    GebruikerAanmaken,
    Inloggen,
    /// Ending a session: recorded by its user, so a session's end is in the log too.
    Uitloggen,
    TokenAanmaken,
    TokenIntrekken,
    ActiviteitBijwerken,
    PeriodeOpenen,
    PeriodeSluiten,
    RapportenIndienen,
    RapportBeoordelen,
    /// A setting every process on the database shares, fixed on its first start.
    InstellingVastleggen,
    /// The FAIR package or the progress report written for others to take.
    Publiceren,
    /// KPI definitions an administrator added or changed.
    KpiDefinitiesVastleggen,
    /// A login with a wrong password, or of an unknown or disabled account (never the
    /// password; an unknown username is not named).
    InloggenMislukt,
    /// A user's name or role changed.
    GebruikerWijzigen,
    /// A user disabled: sessions ended, tokens revoked.
    GebruikerUitschakelen,
    GebruikerInschakelen,
    /// A user anonymised; the username stays in the log.
    GebruikerVerwijderen,
    WachtwoordWijzigen,
    /// Every session of a user ended.
    SessiesIntrekken,
    /// An assessment on the ROCKET principles or the kernelementen.
    Beoordelen,
    /// A call (an instrument opening with a period) and its requirements.
    OproepAanmaken,
    /// A meeting of a governance body with its decisions and actions.
    VergaderingVastleggen,
    /// The status of an action of a meeting changed.
    ActieBijwerken,
    /// An innovation of the register linked to a target it claims to contribute to.
    InnovatieDoelKoppelen,
    /// That link taken back.
    InnovatieDoelOntkoppelen,
}

impl Handeling {
    pub const ALL: [Handeling; 34] = [
        Handeling::RegisterGezaaid,
        Handeling::RegisterVervangen,
        Handeling::ProjectBijwerken,
        Handeling::ProjectenImporteren,
        Handeling::WaarnemingenImporteren,
        Handeling::RondeAanmaken,
        Handeling::StembiljetUitbrengen,
        Handeling::UitslagOpslaan,
        Handeling::GebruikerAanmaken,
        Handeling::Inloggen,
        Handeling::Uitloggen,
        Handeling::TokenAanmaken,
        Handeling::TokenIntrekken,
        Handeling::ActiviteitBijwerken,
        Handeling::PeriodeOpenen,
        Handeling::PeriodeSluiten,
        Handeling::RapportenIndienen,
        Handeling::RapportBeoordelen,
        Handeling::InstellingVastleggen,
        Handeling::Publiceren,
        Handeling::KpiDefinitiesVastleggen,
        Handeling::InloggenMislukt,
        Handeling::GebruikerWijzigen,
        Handeling::GebruikerUitschakelen,
        Handeling::GebruikerInschakelen,
        Handeling::GebruikerVerwijderen,
        Handeling::WachtwoordWijzigen,
        Handeling::SessiesIntrekken,
        Handeling::Beoordelen,
        Handeling::OproepAanmaken,
        Handeling::VergaderingVastleggen,
        Handeling::ActieBijwerken,
        Handeling::InnovatieDoelKoppelen,
        Handeling::InnovatieDoelOntkoppelen,
    ];

    /// The action as the audit log names it.
    pub fn actie(self) -> &'static str {
        match self {
            Handeling::RegisterGezaaid => "register gezaaid",
            Handeling::RegisterVervangen => "register vervangen",
            Handeling::ProjectBijwerken => "project bijgewerkt",
            Handeling::ProjectenImporteren => "projecten geïmporteerd",
            Handeling::WaarnemingenImporteren => "waarnemingen geïmporteerd",
            Handeling::RondeAanmaken => "ronde aangemaakt",
            Handeling::StembiljetUitbrengen => "stembiljet uitgebracht",
            Handeling::UitslagOpslaan => "uitslag opgeslagen",
            Handeling::GebruikerAanmaken => "gebruiker aangemaakt",
            Handeling::Inloggen => "ingelogd",
            Handeling::Uitloggen => "uitgelogd",
            Handeling::TokenAanmaken => "API-token aangemaakt",
            Handeling::TokenIntrekken => "API-token ingetrokken",
            Handeling::ActiviteitBijwerken => "activiteit bijgewerkt",
            Handeling::PeriodeOpenen => "rapportageperiode geopend",
            Handeling::PeriodeSluiten => "rapportageperiode gesloten",
            Handeling::RapportenIndienen => "rapportages ingediend",
            Handeling::RapportBeoordelen => "rapportage beoordeeld",
            Handeling::InstellingVastleggen => "instelling vastgelegd",
            Handeling::Publiceren => "gepubliceerd",
            Handeling::KpiDefinitiesVastleggen => "KPI-definities vastgelegd",
            Handeling::InloggenMislukt => "inloggen mislukt",
            Handeling::GebruikerWijzigen => "gebruiker gewijzigd",
            Handeling::GebruikerUitschakelen => "gebruiker uitgeschakeld",
            Handeling::GebruikerInschakelen => "gebruiker ingeschakeld",
            Handeling::GebruikerVerwijderen => "gebruiker verwijderd",
            Handeling::WachtwoordWijzigen => "wachtwoord gewijzigd",
            Handeling::SessiesIntrekken => "sessies ingetrokken",
            Handeling::Beoordelen => "beoordeling vastgelegd",
            Handeling::OproepAanmaken => "oproep geopend",
            Handeling::VergaderingVastleggen => "vergadering vastgelegd",
            Handeling::ActieBijwerken => "actie bijgewerkt",
            Handeling::InnovatieDoelKoppelen => "innovatie aan doel gekoppeld",
            Handeling::InnovatieDoelOntkoppelen => "innovatie van doel ontkoppeld",
        }
    }

    /// The action of a refused attempt.
    pub fn geweigerd(self) -> String {
        format!("geweigerd: {}", self.actie())
    }
}

/// What a use case did, for its audit entry: the object and its state before and after.
pub(crate) struct Gedaan<T> {
    pub object: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub uitkomst: T,
}

/// How a use case that was allowed ended: with a change to record, or with nothing changed
/// (a form sent back with the values it showed).
pub(crate) enum Afloop<T> {
    Gedaan(Gedaan<T>),
    Ongewijzigd(T),
}

/// A change to record: `object` before and after.
pub(crate) fn gedaan<T>(
    object: impl Into<String>,
    before: Option<Value>,
    after: Option<Value>,
    uitkomst: T,
) -> Result<Afloop<T>, AppFout> {
    Ok(Afloop::Gedaan(Gedaan {
        object: object.into(),
        before,
        after,
        uitkomst,
    }))
}

/// Runs one use case by `by`: `doe` checks the role, validates and writes; its audit entry is
/// written in the same transaction, so both land or neither does; a change that changes
/// nothing has no entry. A refusal undoes whatever `doe` wrote; a refusal for
/// lack of a role is then recorded in a transaction of its own.
pub(crate) fn uitvoeren<T>(
    store: &mut Store,
    by: &str,
    handeling: Handeling,
    doe: impl FnOnce(&mut Store) -> Result<Afloop<T>, AppFout>,
) -> Result<T, AppFout> {
    let result = store.atomically(|s| match doe(s)? {
        Afloop::Gedaan(g) => {
            s.audit(
                by,
                handeling.actie(),
                &g.object,
                g.before.as_ref(),
                g.after.as_ref(),
            )?;
            Ok(g.uitkomst)
        }
        Afloop::Ongewijzigd(uitkomst) => Ok(uitkomst),
    });
    if let Err(AppFout::Verboden { object, reden }) = &result {
        // Both texts: the log is read in either language.
        store.audit(
            by,
            &handeling.geweigerd(),
            object,
            None,
            Some(&json!({ "reden": reden })),
        )?;
    }
    result
}
