//! Bottom-up monitoring: update a KIA activity, open and close reporting periods, submit and
//! review project reports.
//!
//! Who may: an activity is updated by an administrator or the mission team of one of its
//! missions (cross-cutting activities, without a mission, by administrators); periods are
//! opened and closed by administrators; a report is submitted by whoever may edit its project
//! (see [`may_edit`]) and reviewed by an administrator or the project's mission team — not by
//! the contributor who wrote it.

use serde_json::json;

use gemeten_domain::{Account, Id, RapportStatus, Register, Rol};
use gemeten_monitoring::{ActiviteitStand, ActiviteitUpdate, Datum, Periode, PeriodeId, Rapport};
use gemeten_store::{Beoordeling, MonitoringStore, ProjectStore, Store};

use crate::handeling::{gedaan, uitvoeren};
use crate::{may_edit, AppFout, Handeling};

/// Records an update of activity `id`; the store checks it against the register's activity
/// and its history (owner among the initiators, known milestones, a note with its period).
pub fn update_activity(
    store: &mut Store,
    register: &Register,
    account: &Account,
    id: &Id,
    update: &ActiviteitUpdate,
) -> Result<ActiviteitStand, AppFout> {
    let object = format!("activiteit {id}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::ActiviteitBijwerken,
        |s| {
            let activiteit = register
                .parts()
                .activiteit
                .iter()
                .find(|a| &a.id == id)
                .ok_or_else(|| AppFout::NietGevonden {
                    what: "activity",
                    field: "id",
                    key: id.to_string(),
                })?;
            let allowed = match account.role() {
                Rol::Admin => true,
                Rol::Missieteam => account
                    .missie()
                    .is_some_and(|m| activiteit.missies.contains(&m)),
                Rol::Bijdrager | Rol::Publiek => false,
            };
            if !allowed {
                return Err(AppFout::verboden(
                    &object,
                    format!(
                        "only an administrator or the mission team of the activity's mission may update '{id}'"
                    ),
                ));
            }
            let before = s.activity_states()?.remove(id);
            let stand = s.update_activity(register, id, update, account.username.as_str())?;
            gedaan(
                &object,
                before.and_then(|b| serde_json::to_value(b).ok()),
                serde_json::to_value(&stand).ok(),
                stand,
            )
        },
    )
}

fn admin_only(account: &Account, object: &str, what: &str) -> Result<(), AppFout> {
    if account.role() == Rol::Admin {
        Ok(())
    } else {
        Err(AppFout::verboden(
            object,
            format!("only an administrator may {what}"),
        ))
    }
}

/// Opens a reporting period: administrators only; a known id is refused.
pub fn add_period(store: &mut Store, account: &Account, period: &Periode) -> Result<(), AppFout> {
    let object = format!("rapportageperiode {}", period.id);
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::PeriodeOpenen,
        |s| {
            admin_only(account, &object, "open reporting periods")?;
            s.add_period(period)?;
            gedaan(&object, None, serde_json::to_value(period).ok(), ())
        },
    )
}

/// Closes a reporting period: administrators only.
pub fn close_period(store: &mut Store, account: &Account, id: &PeriodeId) -> Result<(), AppFout> {
    let object = format!("rapportageperiode {id}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::PeriodeSluiten,
        |s| {
            admin_only(account, &object, "close reporting periods")?;
            s.close_period(id)?;
            gedaan(
                &object,
                Some(json!({ "closed": false })),
                Some(json!({ "closed": true })),
                (),
            )
        },
    )
}

/// Stores checked reports (each with the name of its record, for messages) submitted on
/// `on`, all or none: every report's project must be one `account` may edit.
pub fn submit_reports(
    store: &mut Store,
    account: &Account,
    reports: &[(String, Rapport)],
    on: Datum,
    replace: bool,
) -> Result<usize, AppFout> {
    let object = format!("rapportages ({})", reports.len());
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::RapportenIndienen,
        |s| {
            for (_, r) in reports {
                // An unknown project is the store's refusal, with all others.
                if let Some(p) = s.project(&r.project)? {
                    if !may_edit(account, &p) {
                        return Err(AppFout::verboden(
                            &object,
                            format!("this user may not report for project '{}'", r.project),
                        ));
                    }
                }
            }
            let n = s.submit_reports(reports, account.username.as_str(), on, replace)?;
            let keys: Vec<_> = reports
                .iter()
                .map(|(_, r)| json!({ "project": r.project, "period": r.period }))
                .collect();
            gedaan(
                &object,
                None,
                Some(json!({ "reports": keys, "on": on, "replace": replace })),
                n,
            )
        },
    )
}

/// Approves or rejects (with a reason) a submitted report: an administrator or the mission
/// team of one of the project's missions.
pub fn review_report(
    store: &mut Store,
    account: &Account,
    project: &Id,
    period: &PeriodeId,
    decision: &Beoordeling,
) -> Result<RapportStatus, AppFout> {
    let object = format!("rapportage {project} {period}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::RapportBeoordelen,
        |s| {
            let missies = s.project(project)?.map(|p| p.missies).unwrap_or_default();
            let allowed = match account.role() {
                Rol::Admin => true,
                Rol::Missieteam => account.missie().is_some_and(|m| missies.contains(&m)),
                Rol::Bijdrager | Rol::Publiek => false,
            };
            if !allowed {
                return Err(AppFout::verboden(
                    &object,
                    "only an administrator or the project's mission team may review its reports",
                ));
            }
            let status = s.review_report(project, period, decision, account.username.as_str())?;
            let decision = match decision {
                Beoordeling::Goedkeuren => json!({ "status": status }),
                Beoordeling::Afwijzen(reason) => json!({ "status": status, "reason": reason }),
            };
            gedaan(&object, None, Some(decision), status)
        },
    )
}
