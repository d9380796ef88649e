//! Governance and the yearly cycle: recording a body's meeting with its decisions and actions,
//! and changing an action's status.
//!
//! Who may: an administrator for every body; a mission team for its own mission's
//! Missieteam. Every action of a meeting must name at least one activity, KPI or project, and
//! each must exist (an activity of the register, a KPI of the catalogue or the users' KPIs, a
//! stored project); otherwise the meeting is refused with every problem, each naming its
//! field (`acties[0].kpis[1]`), and nothing is written.

use serde_json::{json, Value};

use gemeten_domain::{Account, ActieStatus, Id, Orgaan, Probleem, Register, Rol, Vergadering};
use gemeten_monitoring::bestuur::bestuur;
use gemeten_store::{ProjectStore, Store};

use crate::handeling::{gedaan, uitvoeren};
use crate::{AppFout, Handeling};

/// Whether `account` may record meetings of `orgaan` (and change their actions).
pub fn may_record_meeting(account: &Account, orgaan: &Orgaan) -> bool {
    match account.role() {
        Rol::Admin => true,
        Rol::Missieteam => orgaan.missie.is_some() && account.missie() == orgaan.missie,
        Rol::Bijdrager | Rol::Publiek => false,
    }
}

/// A meeting from a JSON body; an unreadable one names the member (`body` when it cannot
/// tell).
pub fn vergadering_uit_json(v: Value) -> Result<Vergadering, AppFout> {
    serde_json::from_value(v).map_err(|e| {
        AppFout::ongeldig(
            "body",
            format!("de vergadering is niet te lezen: {e}"),
            format!("the meeting cannot be read: {e}"),
        )
    })
}

fn orgaan_van(id: &Id) -> Result<&'static Orgaan, AppFout> {
    bestuur()
        .orgaan(id)
        .ok_or_else(|| Probleem::onbekend("orgaan", "gremium", "body", id).into())
}

/// Records a meeting of a body by `account`; the meeting's id. Refused, changing nothing: an
/// unknown body or one not yet installed (field `orgaan`), a user who may not (recorded as
/// refused), an action without links or with a link to nothing (every problem, each naming
/// its field).
pub fn vergadering_vastleggen(
    store: &mut Store,
    register: &Register,
    account: &Account,
    v: Vergadering,
) -> Result<i64, AppFout> {
    let object = format!("vergadering {} {}", v.orgaan, v.datum);
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::VergaderingVastleggen,
        |s| {
            let orgaan = orgaan_van(&v.orgaan)?;
            if !may_record_meeting(account, orgaan) {
                return Err(AppFout::verboden(
                    &object,
                    format!(
                        "alleen een beheerder of het missieteam van de missie mag vergaderingen \
                         van '{}' vastleggen",
                        orgaan.id
                    ),
                    format!(
                        "only an administrator or the mission's team may record meetings of '{}'",
                        orgaan.id
                    ),
                ));
            }
            if !orgaan.installed {
                return Err(Probleem::bij_veld(
                    "orgaan",
                    format!("'{}' is nog niet geïnstalleerd", orgaan.id),
                    format!("'{}' is not installed yet", orgaan.id),
                )
                .into());
            }
            v.check()?;
            let kpis = crate::kpi::catalogus(s)?;
            let p = register.parts();
            let mut problems = Vec::new();
            for (i, a) in v.acties.iter().enumerate() {
                for (j, x) in a.activiteiten.iter().enumerate() {
                    if !p.activiteit.iter().any(|y| &y.id == x) {
                        problems.push(Probleem::onbekend(
                            format!("acties[{i}].activiteiten[{j}]"),
                            "activiteit",
                            "activity",
                            x,
                        ));
                    }
                }
                for (j, x) in a.kpis.iter().enumerate() {
                    if !kpis.kpis.contains_key(x.as_str()) {
                        problems.push(Probleem::onbekend(
                            format!("acties[{i}].kpis[{j}]"),
                            "KPI",
                            "KPI",
                            x,
                        ));
                    }
                }
                for (j, x) in a.projecten.iter().enumerate() {
                    if s.project(x)?.is_none() {
                        problems.push(Probleem::onbekend(
                            format!("acties[{i}].projecten[{j}]"),
                            "project",
                            "project",
                            x,
                        ));
                    }
                }
            }
            if !problems.is_empty() {
                return Err(gemeten_domain::Problemen(problems).into());
            }
            let id = s.add_meeting(&v, account.username.as_str())?;
            gedaan(
                format!("vergadering {id}"),
                None,
                Some(json!({ "id": id, "vergadering": v })),
                id,
            )
        },
    )
}

/// Sets the status of action `id` (of a meeting of a body `account` may record): 404 for an
/// unknown action; no entry when the status is unchanged.
pub fn actie_bijwerken(
    store: &mut Store,
    account: &Account,
    id: i64,
    status: ActieStatus,
) -> Result<(), AppFout> {
    let object = format!("actie {id}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::ActieBijwerken,
        |s| {
            // Who may change no action at all is refused before the action is looked up:
            // a reader learns nothing about which actions exist.
            if matches!(account.role(), Rol::Bijdrager | Rol::Publiek) {
                return Err(AppFout::verboden(
                    &object,
                    "alleen een beheerder of een missieteam mag acties bijwerken",
                    "only an administrator or a mission team may update actions",
                ));
            }
            let (orgaan, _, actie) = s.action(id)?.ok_or_else(|| {
                AppFout::niet_gevonden("actie", "actie", "action", id.to_string())
            })?;
            let orgaan = orgaan_van(&orgaan)?;
            if !may_record_meeting(account, orgaan) {
                return Err(AppFout::verboden(
                    &object,
                    format!(
                        "deze gebruiker mag acties van '{}' niet bijwerken",
                        orgaan.id
                    ),
                    format!("this user may not update actions of '{}'", orgaan.id),
                ));
            }
            if actie.status == status {
                return Ok(crate::handeling::Afloop::Ongewijzigd(()));
            }
            s.set_action_status(id, status)?;
            gedaan(
                object.clone(),
                Some(json!({ "status": actie.status })),
                Some(json!({ "status": status })),
                (),
            )
        },
    )
}
