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
//! ([`AppFout::Ongeldig`]).

use std::collections::{BTreeMap, HashSet};

use serde_json::json;

use gemeten_domain::{Account, Activiteit, Id, RapportStatus, Register, Rol};
use gemeten_monitoring::{
    ActiviteitStand, ActiviteitUpdate, Datum, Periode, PeriodeId, Probleem, Problemen, Rapport,
};
use gemeten_store::{Beoordeling, MonitoringStore, ProjectStore, Store};

use crate::handeling::{gedaan, uitvoeren};
use crate::{may_edit, AppFout, Handeling};

/// Whether `account` may update `activiteit`: an administrator, or the mission team of one of
/// its missions (a cross-cutting activity, without a mission, administrators only).
pub fn may_update_activity(account: &Account, activiteit: &Activiteit) -> bool {
    match account.role() {
        Rol::Admin => true,
        Rol::Missieteam => account
            .missie()
            .is_some_and(|m| activiteit.missies.contains(&m)),
        Rol::Bijdrager | Rol::Publiek => false,
    }
}

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
                .ok_or_else(|| AppFout::niet_gevonden("id", "activiteit", "activity", id))?;
            if !may_update_activity(account, activiteit) {
                return Err(AppFout::verboden(
                    &object,
                    format!(
                        "alleen een beheerder of het missieteam van de missie van de activiteit \
                         mag '{id}' bijwerken"
                    ),
                    format!(
                        "only an administrator or the mission team of the activity's mission \
                         may update '{id}'"
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

/// Administrators only; `what` is what they may do, in Dutch and English.
fn admin_only(account: &Account, object: &str, what: (&str, &str)) -> Result<(), AppFout> {
    if account.role() == Rol::Admin {
        Ok(())
    } else {
        Err(AppFout::verboden(
            object,
            format!("alleen een beheerder mag {}", what.0),
            format!("only an administrator may {}", what.1),
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
            admin_only(
                account,
                &object,
                ("rapportageperiodes openen", "open reporting periods"),
            )?;
            if s.periods()?.iter().any(|p| p.id == period.id) {
                return Err(Probleem::bij_veld(
                    "id",
                    format!("periode {} bestaat al", period.id),
                    format!("period {} exists already", period.id),
                )
                .into());
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
            admin_only(
                account,
                &object,
                ("rapportageperiodes sluiten", "close reporting periods"),
            )?;
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
                            format!(
                                "deze gebruiker mag niet rapporteren voor project '{}'",
                                r.project
                            ),
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
            problems.push(
                Probleem::bij_veld(
                    "project",
                    format!(
                        "project '{project}' staat niet in de portefeuille (gemeten projects import)"
                    ),
                    format!("no project '{project}' in the portfolio (gemeten projects import)"),
                )
                .record(rec),
            );
        }
        match periods.get(&r.period) {
            None => problems.push(
                Probleem::bij_veld(
                    "period",
                    format!(
                        "rapportageperiode '{period}' bestaat niet (gemeten reports period add \
                         {period} --due …)"
                    ),
                    format!(
                        "no reporting period '{period}' (gemeten reports period add {period} \
                         --due …)"
                    ),
                )
                .record(rec),
            ),
            Some(true) => problems.push(
                Probleem::bij_veld(
                    "period",
                    format!("periode '{period}' is gesloten; er kunnen geen rapportages meer bij"),
                    format!("period '{period}' is closed; it takes no more reports"),
                )
                .record(rec),
            ),
            Some(false) => {}
        }
        if !in_batch.insert((project, period)) {
            problems.push(
                Probleem::bij_veld(
                    "project",
                    format!(
                        "een tweede rapportage van '{project}' over {period} in dezelfde invoer"
                    ),
                    format!("a second report of '{project}' for {period} in the same input"),
                )
                .record(rec),
            );
        }
        match s.report_status(&r.project, &r.period)? {
            None => {}
            Some(RapportStatus::Afgewezen) if replace => {}
            Some(status) => {
                let (hoe, how) = if status == RapportStatus::Afgewezen {
                    (
                        "; ze is afgewezen: dien opnieuw in met --replace om ze te vervangen",
                        "; it was rejected: submit again with --replace to replace it",
                    )
                } else {
                    (
                        "; alleen een afgewezen rapportage kan vervangen worden",
                        "; only a rejected report can be replaced",
                    )
                };
                let status = status.code();
                problems.push(
                    Probleem::bij_veld(
                        "project",
                        format!(
                            "'{project}' heeft al gerapporteerd over {period} (status {status}){hoe}"
                        ),
                        format!("'{project}' already reported for {period} (status {status}){how}"),
                    )
                    .record(rec),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppFout::Ongeldig(Problemen(problems)))
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
                    "alleen een beheerder of het missieteam van het project mag de rapportages \
                     ervan beoordelen",
                    "only an administrator or the project's mission team may review its reports",
                ));
            }
            let rec = format!("rapportage ({project}, {period})");
            // Without a live report the store's review says it is not found.
            if let Some(status) = s.report_status(project, period)? {
                if status != RapportStatus::Ingediend {
                    return Err(Probleem::bij_veld(
                        "status",
                        format!(
                            "al {}; alleen een ingediende rapportage wordt beoordeeld",
                            status.label_nl()
                        ),
                        format!(
                            "already {}; only a submitted report is reviewed",
                            status.code()
                        ),
                    )
                    .record(rec)
                    .into());
                }
                if matches!(decision, Beoordeling::Afwijzen(r) if r.trim().is_empty()) {
                    return Err(Probleem::bij_veld(
                        "reason",
                        "bij een afwijzing hoort een reden",
                        "a rejection needs a reason",
                    )
                    .record(rec)
                    .into());
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
