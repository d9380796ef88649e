//! The register and the observations: seed a new database, replace the register, import
//! observations; and what the first start of a database stores so a newcomer finds content.

use serde_json::{json, Value};

use gemeten_domain::{Account, Project, Register, Rol, Waarneming};
use gemeten_prioritering::Stembus;
use gemeten_store::{
    AccountStore, ProjectStore, RegisterStore, RondeStore, Store, WaarnemingStore,
};

use crate::account::first_admin;
use crate::handeling::{gedaan, uitvoeren, Afloop, SYSTEEM};
use crate::{AppFout, Handeling, NieuwAccount};

/// Records per table, for the audit entry of a register change (the register itself is in
/// the store and in every export; the log keeps what changed in size).
fn counts(register: &Register) -> Value {
    Value::Object(
        register
            .parts()
            .counts()
            .iter()
            .map(|(table, n)| ((*table).to_owned(), json!(n)))
            .collect(),
    )
}

/// Fills a new, empty store with the reference register and the rounds that ship with it
/// (their illustrative ballots included), recorded as done by gemeten itself. False when the
/// store holds anything already, or held a register once: a register an administrator
/// emptied on purpose (`import --allow-empty`) stays empty rather than coming back as the
/// reference dataset at the next command.
pub fn seed_register(
    store: &mut Store,
    reference: &Register,
    rondes: &[Stembus],
) -> Result<bool, AppFout> {
    uitvoeren(store, SYSTEEM, Handeling::RegisterGezaaid, |s| {
        let ooit_gevuld = || -> Result<bool, AppFout> {
            let acties = [
                Handeling::RegisterGezaaid.actie(),
                Handeling::RegisterVervangen.actie(),
            ];
            Ok(s.audit_log()?
                .iter()
                .any(|r| acties.contains(&r.action.as_str())))
        };
        if !s.is_empty()? || ooit_gevuld()? {
            return Ok(Afloop::Ongewijzigd(false));
        }
        s.replace(reference)?;
        store_rounds(s, rondes, false)?;
        gedaan("register", None, Some(counts(reference)), true)
    })
}

/// The setting migration `0021` sets on a database it brings up to date: open to add the
/// reference's KIES once (see [`kies_aanvullen`]).
pub const KIES_AANVULLEN: &str = "kies_aanvullen";

/// A database filled before the knowledge and innovation ecosystem (000 Figure 5) was in the
/// reference dataset has a register without it. Run on every opening after seeding: when
/// migration `0021` marked the database and its register has missions but no KIES elements,
/// the reference's elements and links are added in one transaction with the audit entry (by
/// gemeten itself, as seeding is); the mark is then cleared in that same transaction, so this
/// happens once and a register an administrator later emptied of KIES on purpose stays so.
/// A customised register keeps everything it has: an element's link to an organisation,
/// instrument or programme it lacks is left out, as is a link to a mission it lacks. Returns
/// the number of elements added.
pub fn kies_aanvullen(store: &mut Store, reference: &Register) -> Result<usize, AppFout> {
    uitvoeren(store, SYSTEEM, Handeling::RegisterGezaaid, |s| {
        if s.instelling(KIES_AANVULLEN)?.as_deref() != Some("ja") {
            return Ok(Afloop::Ongewijzigd(0));
        }
        s.zet_instelling(KIES_AANVULLEN, "gedaan")?;
        let huidig = s.load()?;
        let p = huidig.parts();
        if p.missie.is_empty() || !p.kies_knoop.is_empty() || !p.kies_pijl.is_empty() {
            // A new database is seeded whole; one with an ecosystem keeps its own.
            return Ok(Afloop::Ongewijzigd(0));
        }
        let mut parts = p.clone();
        let heeft = |ids: Vec<&gemeten_domain::Id>, id: &Option<gemeten_domain::Id>| {
            id.as_ref().filter(|i| ids.contains(i)).cloned()
        };
        for k in &reference.parts().kies_knoop {
            let mut k = k.clone();
            k.organisatie = heeft(
                p.organisatie.iter().map(|o| &o.id).collect(),
                &k.organisatie,
            );
            k.instrument = heeft(p.instrument.iter().map(|i| &i.id).collect(), &k.instrument);
            k.programma = heeft(p.programma.iter().map(|x| &x.code).collect(), &k.programma);
            parts.kies_knoop.push(k);
        }
        parts.kies_pijl.extend(
            reference
                .parts()
                .kies_pijl
                .iter()
                .filter(|a| p.missie.iter().any(|m| m.code == a.to))
                .cloned(),
        );
        let n = parts.kies_knoop.len();
        let pijlen = parts.kies_pijl.len();
        let register = Register::new(parts).map_err(|e| {
            AppFout::Ongeldig(gemeten_domain::Problemen(
                e.iter().map(|x| x.probleem()).collect(),
            ))
        })?;
        s.replace(&register)?;
        gedaan(
            "register: KIES (000 Figuur 5) aangevuld uit de referentiedataset",
            None,
            Some(json!({ "kies_knoop": n, "kies_pijl": pijlen })),
            n,
        )
    })
}

fn store_rounds(s: &mut Store, rondes: &[Stembus], reset: bool) -> Result<(), AppFout> {
    for bus in rondes {
        if !reset && s.stored_round(bus.ronde().id())?.is_some() {
            continue;
        }
        s.save_round(bus.ronde(), reset)?;
        for ingediend in bus.history() {
            s.add_ballot(bus.ronde().id(), &ingediend.biljet)?;
        }
    }
    Ok(())
}

/// Replaces the whole register (an import, or the reference dataset again with its rounds
/// for `init --reset`): administrators only. Projects, observations and rounds refer to the
/// register by value and stay. An import that would leave a table empty which holds records
/// now is refused unless `leegmaken` says that is meant (a document with a table cut out
/// once emptied a customised register silently); when it is, the audit entry names the
/// tables emptied.
pub fn import_register(
    store: &mut Store,
    account: &Account,
    register: &Register,
    bron: &str,
    rondes: &[Stembus],
    leegmaken: bool,
) -> Result<(), AppFout> {
    let object = format!("register ({bron})");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::RegisterVervangen,
        |s| {
            if account.role() != Rol::Admin {
                return Err(AppFout::verboden(
                    &object,
                    "alleen een beheerder mag het register vervangen",
                    "only an administrator may replace the register",
                ));
            }
            let huidig = s.load()?;
            let nieuw = register.parts().counts();
            let geleegd: Vec<String> = huidig
                .parts()
                .counts()
                .iter()
                .zip(&nieuw)
                .filter(|((_, voor), (_, na))| *voor > 0 && *na == 0)
                .map(|((tabel, voor), _)| format!("{tabel} ({voor})"))
                .collect();
            if !geleegd.is_empty() && !leegmaken {
                return Err(AppFout::ongeldig(
                    "leegmaken",
                    format!(
                        "de import zou tabellen leegmaken die nu records hebben: {}; is \
                         dat de bedoeling, zeg het dan uitdrukkelijk (gemeten import \
                         --allow-empty)",
                        geleegd.join(", ")
                    ),
                    format!(
                        "the import would empty tables that now hold records: {}; if that \
                         is intended, say so explicitly (gemeten import --allow-empty)",
                        geleegd.join(", ")
                    ),
                ));
            }
            let before = counts(&huidig);
            s.replace(register)?;
            store_rounds(s, rondes, true)?;
            let mut after = counts(register);
            if !geleegd.is_empty() {
                after["geleegd"] = json!(geleegd);
            }
            gedaan(&object, Some(before), Some(after), ())
        },
    )
}

/// Stores observations (read and checked against the KPI catalogue by the adapter):
/// administrators only. Known keys are refused unless `replace`.
pub fn import_observations(
    store: &mut Store,
    account: &Account,
    bron: &str,
    observations: &[Waarneming],
    replace: bool,
) -> Result<usize, AppFout> {
    let object = format!("waarnemingen ({bron})");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::WaarnemingenImporteren,
        |s| {
            if account.role() != Rol::Admin {
                return Err(AppFout::verboden(
                    &object,
                    "alleen een beheerder mag waarnemingen importeren",
                    "only an administrator may import observations",
                ));
            }
            let n = s.add_observations(observations, replace)?;
            gedaan(
                &object,
                None,
                Some(json!({ "observations": n, "replace": replace })),
                n,
            )
        },
    )
}

/// What the first start of a database without users stores, made by the adapter from what
/// ships with gemeten: the real published series (CBS, RIVM), and made-up projects and
/// synthetic observations where nothing real exists (marked `synthetisch`).
pub struct Voorbeelden {
    /// Real published observations, as their publishers put them out.
    pub echte: Vec<Waarneming>,
    /// Where the real ones come from, for the audit log.
    pub echte_bron: String,
    pub projects: Vec<Project>,
    /// Synthetic observations: only for series nothing real measures.
    pub observations: Vec<Waarneming>,
    /// Where the examples come from, for the audit log.
    pub bron: String,
}

/// What the first start stored.
#[derive(Debug)]
pub struct EersteStart {
    /// The first administrator, with the password to show once when gemeten made it up.
    pub admin: NieuwAccount,
    pub projects: usize,
    /// Real published observations stored.
    pub echte: usize,
    /// Synthetic observations stored.
    pub observations: usize,
    pub practice_round: bool,
}

/// The first administrator `admin` of a database without users (with `admin_password`, or a
/// random one to show once), recorded as made by gemeten itself; `None` when there are users.
pub fn ensure_admin(
    store: &mut Store,
    admin_password: Option<String>,
) -> Result<Option<NieuwAccount>, AppFout> {
    uitvoeren(store, SYSTEEM, Handeling::GebruikerAanmaken, |s| {
        let Some(admin) = first_admin(s, admin_password)? else {
            return Ok(Afloop::Ongewijzigd(None));
        };
        let after = admin.account.to_json();
        gedaan("gebruiker admin", None, Some(after), Some(admin))
    })
}

/// Whether the database has no users yet: its first start as a web application.
pub fn is_first_start(store: &Store) -> Result<bool, AppFout> {
    Ok(store.user_count()? == 0)
}

/// The first start of a database without users: the examples (only into an empty portfolio,
/// only when there are no observations), the administrator `admin` (with `admin_password`, or
/// a random one), and the practice round — each recorded as done by gemeten itself. `None`
/// when the database has users.
pub fn first_start(
    store: &mut Store,
    register: &Register,
    voorbeelden: &Voorbeelden,
    admin_password: Option<String>,
) -> Result<Option<EersteStart>, AppFout> {
    if !is_first_start(store)? {
        return Ok(None);
    }
    // Real and synthetic observations go only into a database without any, so a made-up
    // value never joins a series someone imported; each import is its own audit entry.
    let leeg = store.observations(None)?.is_empty();
    let echte = uitvoeren(store, SYSTEEM, Handeling::WaarnemingenImporteren, |s| {
        if !leeg || voorbeelden.echte.is_empty() {
            return Ok(Afloop::Ongewijzigd(0));
        }
        let n = s.add_observations(&voorbeelden.echte, false)?;
        gedaan(
            format!("waarnemingen ({})", voorbeelden.echte_bron),
            None,
            Some(json!({ "observations": n, "synthetic": false })),
            n,
        )
    })?;
    let observations = uitvoeren(store, SYSTEEM, Handeling::WaarnemingenImporteren, |s| {
        if !leeg || voorbeelden.observations.is_empty() {
            return Ok(Afloop::Ongewijzigd(0));
        }
        let n = s.add_observations(&voorbeelden.observations, false)?;
        gedaan(
            format!("waarnemingen ({})", voorbeelden.bron),
            None,
            Some(json!({ "observations": n, "synthetic": true })),
            n,
        )
    })?;
    let projects = uitvoeren(store, SYSTEEM, Handeling::ProjectenImporteren, |s| {
        if s.project_count()? > 0 || voorbeelden.projects.is_empty() {
            return Ok(Afloop::Ongewijzigd(0));
        }
        s.add_projects(&voorbeelden.projects, "voorbeeld", false)?;
        gedaan(
            format!("projectlijst ({})", voorbeelden.bron),
            None,
            Some(json!({ "projects": voorbeelden.projects.len(), "examples": true })),
            voorbeelden.projects.len(),
        )
    })?;
    let Some(admin) = ensure_admin(store, admin_password)? else {
        return Err(AppFout::bestaat(
            "de database heeft al gebruikers",
            "the database has users already",
        ));
    };
    let practice_round = crate::ronde::store_practice_round(store, register)?;
    Ok(Some(EersteStart {
        admin,
        projects,
        echte,
        observations,
        practice_round,
    }))
}
