//! Bottom-up monitoring: update a KIA activity, open and close reporting periods, submit and
//! review project reports.
//!
//! Who may: an activity is updated by an administrator or the mission team of one of its
//! missions (cross-cutting activities, without a mission, by administrators); periods are
//! opened and closed by administrators; a report is submitted by whoever may edit its project
//! (see [`may_edit`]) and reviewed by an administrator or the project's mission team — not by
//! the contributor who wrote it.
//!
//! What is checked against stored history (an update against the activity's updates so far,
//! a report against the periods and reports stored) is read and checked here, in the use
//! case's transaction, before anything is written; every problem is listed
//! ([`AppFout::Problemen`]).

use std::collections::{BTreeMap, HashSet};

use serde_json::json;

use gemeten_domain::{Account, Id, RapportStatus, Register, Rol};
use gemeten_monitoring::{
    ActiviteitStand, ActiviteitUpdate, Datum, Periode, PeriodeId, Probleem, Problemen, Rapport,
};
use gemeten_store::{Beoordeling, MonitoringStore, ProjectStore, Store};

use crate::handeling::{gedaan, uitvoeren};
use crate::{may_edit, AppFout, Handeling};

/// Records an update of activity `id`, checked against the register's activity and its
/// history (owner among the initiators, known milestones, a note with its period).
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
            let past = s.activity_history(id)?;
            let before = (!past.is_empty()).then(|| ActiviteitStand::replay(id.clone(), past));
            let mut stand = before
                .clone()
                .unwrap_or_else(|| ActiviteitStand::nieuw(id.clone()));
            stand
                .check(activiteit, register, update)
                .map_err(Problemen)?;
            let logged = s.append_activity_update(id, update, account.username.as_str())?;
            stand.apply_unchecked(logged);
            gedaan(
                &object,
                before.and_then(|b| serde_json::to_value(b).ok()),
                serde_json::to_value(&stand).ok(),
                stand,
            )
        },
    )
}

fn refused(p: Probleem) -> AppFout {
    AppFout::Problemen(Problemen(vec![p]))
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
            if s.periods()?.iter().any(|p| p.id == period.id) {
                return Err(refused(Probleem::new(
                    format!("periode {}", period.id),
                    "",
                    "exists already",
                )));
            }
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
/// `on`, all or none: every report's project must be one `account` may edit. Refused, with
/// every problem listed: an unknown project, an unknown or closed period, a second report for
/// the same project and period (unless `replace` and the stored one was rejected; it stays,
/// marked replaced).
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
            let mut projects = HashSet::new();
            for (_, r) in reports {
                // An unknown project is refused below, with all other problems.
                if let Some(p) = s.project(&r.project)? {
                    if !may_edit(account, &p) {
                        return Err(AppFout::verboden(
                            &object,
                            format!("this user may not report for project '{}'", r.project),
                        ));
                    }
                    projects.insert(p.id);
                }
            }
            check_reports(s, reports, &projects, replace)?;
            let checked: Vec<Rapport> = reports.iter().map(|(_, r)| r.clone()).collect();
            let n = s.submit_reports(&checked, account.username.as_str(), on)?;
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

/// The problems of a batch of reports against what is stored: projects (`known`: those of
/// the batch that exist), periods, and the live report of each project and period.
fn check_reports(
    s: &Store,
    reports: &[(String, Rapport)],
    known: &HashSet<Id>,
    replace: bool,
) -> Result<(), AppFout> {
    let periods: BTreeMap<PeriodeId, bool> =
        s.periods()?.into_iter().map(|p| (p.id, p.closed)).collect();
    let mut problems = Vec::new();
    let mut in_batch = HashSet::new();
    for (rec, r) in reports {
        let (project, period) = (r.project.as_str(), r.period.as_str());
        if !known.contains(&r.project) {
            problems.push(Probleem::new(
                rec,
                "project",
                format!("no project '{project}' in the portfolio (gemeten projects import)"),
            ));
        }
        match periods.get(&r.period) {
            None => problems.push(Probleem::new(
                rec,
                "period",
                format!(
                    "no reporting period '{period}' (gemeten reports period add {period} --due …)"
                ),
            )),
            Some(true) => problems.push(Probleem::new(
                rec,
                "period",
                format!("period '{period}' is closed; it takes no more reports"),
            )),
            Some(false) => {}
        }
        if !in_batch.insert((project, period)) {
            problems.push(Probleem::new(
                rec,
                "project",
                format!("a second report of '{project}' for {period} in the same input"),
            ));
        }
        match s.report_status(&r.project, &r.period)? {
            None => {}
            Some(RapportStatus::Afgewezen) if replace => {}
            Some(status) => {
                let how = if status == RapportStatus::Afgewezen {
                    "; it was rejected: submit again with --replace to replace it"
                } else {
                    "; only a rejected report can be replaced"
                };
                problems.push(Probleem::new(
                    rec,
                    "project",
                    format!(
                        "'{project}' already reported for {period} (status {}){how}",
                        status.code()
                    ),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppFout::Problemen(Problemen(problems)))
    }
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
            let rec = format!("rapportage ({project}, {period})");
            // Without a live report the store's review says it is not found.
            if let Some(status) = s.report_status(project, period)? {
                if status != RapportStatus::Ingediend {
                    return Err(refused(Probleem::new(
                        rec,
                        "status",
                        format!(
                            "already {}; only a submitted report is reviewed",
                            status.code()
                        ),
                    )));
                }
                if matches!(decision, Beoordeling::Afwijzen(r) if r.trim().is_empty()) {
                    return Err(refused(Probleem::new(
                        rec,
                        "reason",
                        "a rejection needs a reason",
                    )));
                }
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
