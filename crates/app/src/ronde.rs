//! Prioritisation rounds: create one, cast a ballot, store a result; and the practice round a
//! new database starts with.
//!
//! Who may: an administrator, or the mission team of the round's mission. A ballot is the
//! user's own (the participant is the username), or — for a ballot that came in on paper or
//! by e-mail, as in 002's rounds of organisations — entered on behalf of a participant
//! (`namens`), which the audit log records with who entered it.

use serde_json::json;

use gemeten_domain::{Account, Id, MissieCode, Probleem, Register, Rol, Tekst};
use gemeten_prioritering::{
    verify, Deelnemer, Keuze, Ronde, RondeParts, StemSoort, Stembiljet, Uitslag,
};
use gemeten_store::{RondeStore, Store};

use crate::lezen::Herspelen;

use crate::handeling::{gedaan, uitvoeren, SYSTEEM};
use crate::{AppFout, Handeling};

/// The path of the browser's form for a new round; no round may take it as its id, or its
/// page would be hidden behind the form.
pub const NEW_ROUND: &str = "nieuw";

/// The id of the practice round.
pub const PRACTICE_ROUND: &str = "oefen-II";

/// Whether `account` may vote in, and create, rounds of `missie`.
pub fn may_vote(account: &Account, missie: MissieCode) -> bool {
    match account.role() {
        Rol::Admin => true,
        Rol::Missieteam => account.missie() == Some(missie),
        Rol::Bijdrager | Rol::Publiek => false,
    }
}

fn round_not_found(id: &Id) -> AppFout {
    AppFout::niet_gevonden("id", "ronde", "round", id)
}

/// Round `id` when `account` may vote in it (and so store its results): 404 for an unknown
/// round, a refusal (to be recorded) naming what the user may not `do`.
fn round_of_voter(
    s: &Store,
    account: &Account,
    id: &Id,
    object: &str,
    doing: (&str, &str),
) -> Result<gemeten_prioritering::Stembus, AppFout> {
    let bus = s.load_round(id)?.ok_or_else(|| round_not_found(id))?;
    if !may_vote(account, bus.ronde().missie()) {
        let missie = bus.ronde().missie();
        return Err(AppFout::verboden(
            object,
            format!(
                "alleen een beheerder of het missieteam van missie {missie} mag {} in ronde \
                 '{id}'",
                doing.0
            ),
            format!(
                "only an administrator or the mission team of mission {missie} may {} round \
                 '{id}'",
                doing.1
            ),
        ));
    }
    Ok(bus)
}

/// A ballot as accepted: its place in the round's history, and whether it replaced the
/// participant's earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem {
    pub deelnemer: Id,
    pub seq: usize,
    pub replaced: bool,
}

/// Casts a ballot in round `id`: the user's own, or on behalf of participant `namens`. A
/// second ballot of the same participant replaces the first (which stays in the history).
/// Refused: an unknown round (404), a user who may not vote in it (403, recorded), a ballot
/// the round refuses (naming participant, field and reason).
pub fn cast_ballot(
    store: &mut Store,
    account: &Account,
    id: &Id,
    namens: Option<&Id>,
    keuze: Keuze,
) -> Result<Stem, AppFout> {
    let object = format!("ronde {id}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::StembiljetUitbrengen,
        |s| {
            let bus = round_of_voter(s, account, id, &object, ("stemmen", "vote in"))?;
            let deelnemer = namens.unwrap_or(&account.username).clone();
            let earlier = bus
                .counted()
                .into_iter()
                .find(|b| b.deelnemer == deelnemer)
                .map(|b| b.keuze.clone());
            let ballot = Stembiljet {
                deelnemer: deelnemer.clone(),
                keuze,
                replaces: earlier.is_some(),
                illustratief: false,
                cast_at: None,
            };
            bus.check(&ballot).map_err(Probleem::from)?;
            let seq = s.add_ballot(id, &ballot)?;
            gedaan(
                &object,
                earlier.map(|k| json!({ "deelnemer": deelnemer, "keuze": k })),
                Some(json!({
                    "deelnemer": deelnemer,
                    "keuze": ballot.keuze,
                    "seq": seq,
                    "namens": namens.is_some(),
                })),
                Stem {
                    deelnemer,
                    seq,
                    replaced: ballot.replaces,
                },
            )
        },
    )
}

/// Candidates and criteria name register records (by value, see `RondeStore`): a new round
/// may only name ones that exist.
fn check_references(register: &Register, r: &Ronde) -> Result<(), AppFout> {
    let p = register.parts();
    if let Some(k) = r
        .kandidaten()
        .iter()
        .find(|k| !p.innovatie.iter().any(|i| &i.id == *k))
    {
        return Err(AppFout::ongeldig(
            "kandidaten",
            format!("'{k}' is geen innovatie van het register"),
            format!("'{k}' is not an innovation of the register"),
        ));
    }
    if let Some(c) = r
        .criteria()
        .iter()
        .find(|c| register.criterium_tekst(&c.id).is_none())
    {
        return Err(AppFout::ongeldig(
            "criteria",
            format!(
                "'{}' is geen criterium of kernelement van het register",
                c.id
            ),
            format!(
                "'{}' is not a criterion or core element of the register",
                c.id
            ),
        ));
    }
    Ok(())
}

/// Creates a round without ballots: 403 unless [`may_vote`] in its mission (recorded), a
/// definition the round's rules or the register refuse (naming the field), a known id.
pub fn create_round(
    store: &mut Store,
    register: &Register,
    account: &Account,
    parts: RondeParts,
) -> Result<Id, AppFout> {
    let object = format!("ronde {}", parts.id);
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::RondeAanmaken,
        |s| {
            if !may_vote(account, parts.missie) {
                let missie = parts.missie;
                return Err(AppFout::verboden(
                    &object,
                    format!(
                        "alleen een beheerder of het missieteam van missie {missie} mag er rondes \
                         voor maken"
                    ),
                    format!(
                        "only an administrator or the mission team of mission {missie} may \
                         create its rounds"
                    ),
                ));
            }
            if parts.id.as_str() == NEW_ROUND {
                return Err(AppFout::ongeldig(
                    "id",
                    format!(
                        "'{NEW_ROUND}' is gereserveerd (de pagina /rondes/{NEW_ROUND} is het \
                         formulier)"
                    ),
                    format!("'{NEW_ROUND}' is reserved (the page /rondes/{NEW_ROUND} is the form)"),
                ));
            }
            let ronde = Ronde::new(parts)?;
            check_references(register, &ronde)?;
            if s.stored_round(ronde.id())?.is_some() {
                return Err(AppFout::bestaat(
                    format!("ronde '{}' bestaat al", ronde.id()),
                    format!("round '{}' exists already", ronde.id()),
                ));
            }
            s.save_round(&ronde, false)?;
            let record = serde_json::to_value(&ronde).ok();
            gedaan(&object, None, record, ronde.id().clone())
        },
    )
}

/// Stores a round's result, computed by `uitslag`: an administrator or the round's mission
/// team. It is recomputed from the stored ballots in the same transaction, and refused when
/// they do not give it (or its fingerprint does not match its content).
pub fn store_result(
    store: &mut Store,
    account: &Account,
    uitslag: &Uitslag,
) -> Result<(), AppFout> {
    let id = &uitslag.ronde;
    let object = format!("ronde {id}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::UitslagOpslaan,
        |s| {
            let bus = round_of_voter(
                s,
                account,
                id,
                &object,
                ("uitslagen opslaan", "store results of"),
            )?;
            verify(&bus, uitslag).map_err(|e| Probleem::from(e).veld("body"))?;
            s.store_result(uitslag)?;
            gedaan(
                &object,
                None,
                Some(json!({
                    "methode": uitslag.methode,
                    "fingerprint": uitslag.fingerprint,
                    "winners": uitslag.winners,
                })),
                (),
            )
        },
    )
}

/// The practice round: an example made up by gemeten, not taken from any document. Mission
/// II, a top 3 (unordered) over the register's innovations of mission II, with the first
/// administrator `admin` as its only participant. `None` when mission II has no innovations
/// (a register imported without them).
pub fn oefenronde(register: &Register) -> Option<Ronde> {
    let kandidaten: Vec<Id> = register
        .parts()
        .innovatie
        .iter()
        .filter(|i| i.missies.contains(&MissieCode::II))
        .map(|i| i.id.clone())
        .collect();
    let text = |s: &str| s.parse::<Tekst>().ok();
    Ronde::new(RondeParts {
        id: PRACTICE_ROUND.parse().ok()?,
        missie: MissieCode::II,
        title_nl: text(
            "Oefenronde (voorbeeld, niet uit een document): welke innovaties voor Missie II eerst?",
        )?,
        title_en: text(
            "Practice round (an example, not from any document): which innovations first for Mission II?",
        ),
        kind: StemSoort::TopN {
            n: 3,
            ordered: false,
        },
        criteria: Vec::new(),
        deelnemers: vec![Deelnemer {
            id: "admin".parse().ok()?,
            name: text("Beheerder")?,
            organisatie: None,
            source: None,
        }],
        kandidaten,
        seats: None,
        selected: Vec::new(),
        attendance: None,
        source: None,
        attendance_source: None,
        kind_source: None,
        criteria_source: None,
        deelnemers_source: None,
        kandidaten_source: None,
        selected_source: None,
    })
    .ok()
}

/// Stores [`oefenronde`] on a database's first start, recorded as done by gemeten itself;
/// true when it was stored (not when a round with its id exists or it cannot be made).
pub fn store_practice_round(store: &mut Store, register: &Register) -> Result<bool, AppFout> {
    let Some(ronde) = oefenronde(register) else {
        return Ok(false);
    };
    let object = format!("ronde {}", ronde.id());
    uitvoeren(store, SYSTEEM, Handeling::RondeAanmaken, |s| {
        if s.stored_round(ronde.id())?.is_some() {
            return Ok(crate::handeling::Afloop::Ongewijzigd(false));
        }
        s.save_round(&ronde, false)?;
        gedaan(&object, None, serde_json::to_value(&ronde).ok(), true)
    })
}
