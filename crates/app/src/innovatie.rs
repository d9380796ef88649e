//! The targets an innovation of the register claims to contribute to (issue 12, item 6: the
//! chain of a target shows the projects and the innovations that claim to contribute).
//!
//! Who may: an administrator, or the mission team of one of the innovation's missions. The
//! target must be in the register and belong to one of the innovation's missions or to the
//! central mission C (the rule projects follow, [`doel_van`]); a target already linked is
//! refused. Who may link may take a link back; a target not linked is refused. Refusals name
//! the field (`innovatie`, `doel`) and write nothing.

use serde_json::json;

use gemeten_domain::{doel_van, Account, Id, Innovatie, Probleem, Register, Rol};
use gemeten_store::Store;

use crate::handeling::{gedaan, uitvoeren};
use crate::{AppFout, Handeling};

/// Whether `account` may link targets to innovation `i`.
pub fn may_link_innovation(account: &Account, i: &Innovatie) -> bool {
    match account.role() {
        Rol::Admin => true,
        Rol::Missieteam => account.missie().is_some_and(|m| i.missies.contains(&m)),
        Rol::Bijdrager | Rol::Publiek => false,
    }
}

/// The innovation `innovatie` of the register, if `account` may link it to targets (and
/// take links back): else not found (field `innovatie`) or refused.
fn mag_koppelen<'r>(
    register: &'r Register,
    account: &Account,
    innovatie: &Id,
    object: &str,
) -> Result<&'r Innovatie, AppFout> {
    let i = register
        .parts()
        .innovatie
        .iter()
        .find(|i| &i.id == innovatie)
        .ok_or_else(|| AppFout::niet_gevonden("innovatie", "innovatie", "innovation", innovatie))?;
    if !may_link_innovation(account, i) {
        return Err(AppFout::verboden(
            object,
            format!(
                "alleen een beheerder of het missieteam van een missie van de innovatie \
                 mag '{innovatie}' aan doelen koppelen of ontkoppelen"
            ),
            format!(
                "only an administrator or the mission team of one of the innovation's \
                 missions may link '{innovatie}' to targets or unlink it"
            ),
        ));
    }
    Ok(i)
}

/// Links innovation `innovatie` to target `doel` by `account`. Refused, changing nothing: an
/// innovation not in the register (404, field `innovatie`), a user who may not (recorded as
/// refused), a target not in the register or of a mission the innovation is not linked to, or
/// already linked (field `doel`).
pub fn innovatie_doel_koppelen(
    store: &mut Store,
    register: &Register,
    account: &Account,
    innovatie: &Id,
    doel: &Id,
) -> Result<(), AppFout> {
    let object = format!("innovatie {innovatie}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::InnovatieDoelKoppelen,
        |s| {
            let i = mag_koppelen(register, account, innovatie, &object)?;
            doel_van(
                register,
                ("de innovatie", "the innovation"),
                &i.missies,
                doel,
                "doel",
            )?;
            let before = s.innovation_targets(Some(innovatie), None)?;
            if before.iter().any(|x| &x.doel == doel) {
                return Err(Probleem::bij_veld(
                    "doel",
                    format!("'{innovatie}' is al aan doel '{doel}' gekoppeld"),
                    format!("'{innovatie}' is linked to target '{doel}' already"),
                )
                .into());
            }
            s.add_innovation_target(innovatie, doel, account.username.as_str())?;
            let mut doelen: Vec<String> = before.iter().map(|x| x.doel.to_string()).collect();
            let voor = json!({ "doelen": doelen });
            doelen.push(doel.to_string());
            doelen.sort_unstable();
            gedaan(&object, Some(voor), Some(json!({ "doelen": doelen })), ())
        },
    )
}

/// Takes back the link of innovation `innovatie` to target `doel`, by `account` (who may
/// link it: [`may_link_innovation`]). Refused, changing nothing: an innovation not in the
/// register (404, field `innovatie`), a user who may not (recorded as refused), or a target
/// the innovation is not linked to (field `doel`).
pub fn innovatie_doel_ontkoppelen(
    store: &mut Store,
    register: &Register,
    account: &Account,
    innovatie: &Id,
    doel: &Id,
) -> Result<(), AppFout> {
    let object = format!("innovatie {innovatie}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::InnovatieDoelOntkoppelen,
        |s| {
            mag_koppelen(register, account, innovatie, &object)?;
            let before = s.innovation_targets(Some(innovatie), None)?;
            if !s.remove_innovation_target(innovatie, doel)? {
                return Err(Probleem::bij_veld(
                    "doel",
                    format!("'{innovatie}' is niet aan doel '{doel}' gekoppeld"),
                    format!("'{innovatie}' is not linked to target '{doel}'"),
                )
                .into());
            }
            let doelen: Vec<String> = before.iter().map(|x| x.doel.to_string()).collect();
            let na: Vec<&String> = doelen
                .iter()
                .filter(|d| d.as_str() != doel.as_str())
                .collect();
            gedaan(
                &object,
                Some(json!({ "doelen": doelen })),
                Some(json!({ "doelen": na })),
                (),
            )
        },
    )
}
