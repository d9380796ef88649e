//! Assessments on the ROCKET principles and the kernelementen, calls with their requirements,
//! and the import of a project list into a call.
//!
//! Who may assess: an administrator anything; a mission team what belongs to its mission (a
//! project, instrument or innovation of the mission, a call of such an instrument); a
//! contributor the projects it may edit (its own assessment of its own project). A call is
//! made by an administrator or a mission team of one of its instrument's missions; a
//! project list is imported into a call by an administrator.

use serde_json::{json, Value};

use gemeten_domain::monitoring::Datum;
use gemeten_domain::{
    check_oordelen, doel_van_missies, Aanvraag, Account, Beoordeling, Bijdrage, Id, Kader,
    MissieCode, OnderwerpSoort, Oordeel, Oproep, Probleem, Problemen, Project, Register, Rol,
};
use gemeten_store::{ImportTelling, ProjectStore, Store};

use crate::handeling::{gedaan, uitvoeren};
use crate::project::may_edit;
use crate::{AppFout, Handeling};

/// An assessment as a user submits it: the assessor is the user, the date today unless given.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NieuweBeoordeling {
    pub soort: OnderwerpSoort,
    pub onderwerp: Id,
    pub kader: Kader,
    pub oordelen: Vec<Oordeel>,
    #[serde(default)]
    pub datum: Option<Datum>,
}

impl NieuweBeoordeling {
    /// An assessment from a JSON body; an unreadable one names the member (`body` when it
    /// cannot tell).
    pub fn from_json(v: Value) -> Result<NieuweBeoordeling, AppFout> {
        serde_json::from_value(v).map_err(|e| {
            AppFout::ongeldig(
                "body",
                format!("de beoordeling is niet te lezen: {e}"),
                format!("the assessment cannot be read: {e}"),
            )
        })
    }
}

/// An assessment's subject as the role check needs it: its missions, and the project when it
/// is one.
type Onderwerp = (Vec<MissieCode>, Option<Project>);

/// The missions of an assessment's subject, and whether it exists.
fn missies_van(
    s: &Store,
    register: &Register,
    soort: OnderwerpSoort,
    id: &Id,
) -> Result<Option<Onderwerp>, AppFout> {
    let p = register.parts();
    Ok(match soort {
        OnderwerpSoort::Project => s.project(id)?.map(|x| (x.missies.clone(), Some(x))),
        OnderwerpSoort::Instrument => p
            .instrument
            .iter()
            .find(|i| &i.id == id)
            .map(|i| (i.missies.clone(), None)),
        OnderwerpSoort::Innovatie => p
            .innovatie
            .iter()
            .find(|i| &i.id == id)
            .map(|i| (i.missies.clone(), None)),
        OnderwerpSoort::Oproep => s.call(id)?.map(|o| {
            let m = p
                .instrument
                .iter()
                .find(|i| i.id == o.instrument)
                .map(|i| i.missies.clone())
                .unwrap_or_default();
            (m, None)
        }),
    })
}

/// Whether `account` may assess a subject of `missies` (`project` when it is one).
pub fn may_assess(account: &Account, missies: &[MissieCode], project: Option<&Project>) -> bool {
    match account.role() {
        Rol::Admin => true,
        Rol::Missieteam => account.missie().is_some_and(|m| missies.contains(&m)),
        Rol::Bijdrager => project.is_some_and(|p| may_edit(account, p)),
        Rol::Publiek => false,
    }
}

/// Records an assessment by `account`: an unknown subject (404), a user who may not assess
/// it (refused and recorded), judgements the rules refuse (every problem, each naming its
/// field: a principle unknown or of the other framework, one missing or twice, a score
/// outside 1-5, neither score nor judgement, no justification) change nothing. Returns the
/// assessment's sequence number.
pub fn beoordelen(
    store: &mut Store,
    register: &Register,
    account: &Account,
    nieuw: NieuweBeoordeling,
) -> Result<i64, AppFout> {
    let object = format!("{} {}", nieuw.soort.code(), nieuw.onderwerp);
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::Beoordelen,
        |s| {
            let (missies, project) = missies_van(s, register, nieuw.soort, &nieuw.onderwerp)?
                .ok_or_else(|| {
                    AppFout::niet_gevonden(
                        "onderwerp",
                        nieuw.soort.label_nl(),
                        nieuw.soort.label_en(),
                        &nieuw.onderwerp,
                    )
                })?;
            if !may_assess(account, &missies, project.as_ref()) {
                return Err(AppFout::verboden(
                    &object,
                    format!("deze gebruiker mag {object} niet beoordelen"),
                    format!("this user may not assess {object}"),
                ));
            }
            let b = Beoordeling {
                soort: nieuw.soort,
                onderwerp: nieuw.onderwerp.clone(),
                kader: nieuw.kader,
                oordelen: nieuw.oordelen.clone(),
                beoordelaar: account.username.clone(),
                datum: nieuw.datum.unwrap_or_else(Datum::today),
                zelfbeoordeling: false,
                oproep: None,
            };
            b.check(&register.parts().maatstaf)?;
            let seq = s.add_assessment(&b, account.username.as_str())?;
            gedaan(
                &object,
                None,
                Some(json!({ "seq": seq, "beoordeling": b })),
                seq,
            )
        },
    )
}

/// Opens a call: an administrator, or the mission team of one of its instrument's missions.
/// Refused, naming the field: an unknown instrument, a required target the register does
/// not know, a call that closes before it opens, a known id.
pub fn oproep_aanmaken(
    store: &mut Store,
    register: &Register,
    account: &Account,
    oproep: Oproep,
) -> Result<(), AppFout> {
    let object = format!("oproep {}", oproep.id);
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::OproepAanmaken,
        |s| {
            let p = register.parts();
            let instrument = p
                .instrument
                .iter()
                .find(|i| i.id == oproep.instrument)
                .ok_or_else(|| {
                    AppFout::from(Probleem::onbekend(
                        "instrument",
                        "instrument",
                        "instrument",
                        &oproep.instrument,
                    ))
                })?;
            if !may_assess(account, &instrument.missies, None) {
                return Err(AppFout::verboden(
                    &object,
                    format!(
                        "alleen een beheerder of een missieteam van instrument '{}' mag er een \
                         oproep voor openen",
                        instrument.id
                    ),
                    format!(
                        "only an administrator or a mission team of instrument '{}' may open a \
                         call for it",
                        instrument.id
                    ),
                ));
            }
            if let Some(d) = &oproep.requires_target {
                if !p.doel.iter().any(|x| &x.id == d) {
                    return Err(Probleem::onbekend("requires_target", "doel", "target", d).into());
                }
            }
            oproep.check()?;
            if !s.add_call(&oproep, account.username.as_str())? {
                return Err(AppFout::bestaat(
                    format!("oproep '{}' bestaat al", oproep.id),
                    format!("call '{}' exists already", oproep.id),
                ));
            }
            gedaan(&object, None, Some(json!(oproep)), ())
        },
    )
}

/// What a call requires of each project that is not in its application: every problem, each
/// naming the project (record) and the field.
pub fn check_aanvragen(
    register: &Register,
    oproep: &Oproep,
    projects: &[Project],
    aanvragen: &[Aanvraag],
) -> Result<(), Problemen> {
    let p = register.parts();
    let mut problems = Vec::new();
    for a in aanvragen {
        if !projects.iter().any(|x| x.id == a.project) {
            problems.push(
                Probleem::bij_veld(
                    "project",
                    format!(
                        "de aanvraag noemt project '{}', dat niet in de lijst staat",
                        a.project
                    ),
                    format!(
                        "the application names project '{}', which is not in the list",
                        a.project
                    ),
                )
                .record(a.project.to_string()),
            );
        }
        // A stated contribution is to a target of one of the project's missions (or of the
        // central mission), as a linked target is: checked once the project is known.
        let missies = projects
            .iter()
            .find(|x| x.id == a.project)
            .map(|x| x.missies.as_slice());
        for (i, b) in a.bijdragen.iter().enumerate() {
            let field = format!("bijdragen[{i}].doel");
            let problem = match missies {
                Some(m) => doel_van_missies(register, m, &b.doel, field).err(),
                None if !p.doel.iter().any(|d| d.id == b.doel) => {
                    Some(Probleem::onbekend(field, "doel", "target", &b.doel))
                }
                None => None,
            };
            if let Some(x) = problem {
                problems.push(x.record(a.project.to_string()));
            }
        }
    }
    for project in projects {
        let id = project.id.as_str();
        let aanvraag = aanvragen.iter().find(|a| a.project == project.id);
        if oproep.requires_rocket {
            match aanvraag.filter(|a| !a.rocket.is_empty()) {
                None => problems.push(
                    Probleem::bij_veld(
                        "rocket",
                        format!(
                            "oproep '{}' vraagt een ROCKET-zelfbeoordeling en project '{id}' \
                             heeft er geen",
                            oproep.id
                        ),
                        format!(
                            "call '{}' requires a ROCKET self-assessment and project '{id}' \
                             has none",
                            oproep.id
                        ),
                    )
                    .record(id),
                ),
                Some(a) => {
                    if let Err(e) = check_oordelen(Kader::Rocket, &a.rocket, &p.maatstaf) {
                        problems.extend(e.0.into_iter().map(|x| {
                            let veld = format!("rocket.{}", x.field().unwrap_or("oordelen"));
                            x.als_veld(veld).record(id)
                        }));
                    }
                }
            }
        }
        if let Some(doel) = &oproep.requires_target {
            let stated = aanvraag.is_some_and(|a| {
                a.bijdragen
                    .iter()
                    .any(|b| &b.doel == doel && !b.toelichting.as_str().trim().is_empty())
            });
            if !stated {
                problems.push(
                    Probleem::bij_veld(
                        "bijdragen",
                        format!(
                            "oproep '{}' vraagt een bijdrage aan doel '{doel}' en project '{id}' \
                             noemt die niet",
                            oproep.id
                        ),
                        format!(
                            "call '{}' requires a stated contribution to target '{doel}' and \
                             project '{id}' states none",
                            oproep.id
                        ),
                    )
                    .record(id),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problemen(problems))
    }
}

/// A project list submitted to a call, with the applications that go with it.
#[derive(Debug, Clone, Copy)]
pub struct Inzending<'a> {
    pub projects: &'a [Project],
    pub aanvragen: &'a [Aanvraag],
}

/// Imports a funder's project list into call `oproep` (administrators only): refused, with
/// every project and what it lacks, when the call requires a ROCKET self-assessment or a
/// stated contribution to a target that a project's application does not give; then nothing
/// is written. Otherwise the projects, their self-assessments and their contributions land
/// together with one audit entry.
pub fn import_into_call(
    store: &mut Store,
    register: &Register,
    account: &Account,
    oproep: &Id,
    bron: &str,
    inzending: Inzending<'_>,
    replace: bool,
) -> Result<ImportTelling, AppFout> {
    let Inzending {
        projects,
        aanvragen,
    } = inzending;
    let object = format!("projectlijst {bron} (oproep {oproep})");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::ProjectenImporteren,
        |s| {
            crate::project::mag_projectlijst_importeren(account, &object)?;
            let call = s
                .call(oproep)?
                .ok_or_else(|| AppFout::niet_gevonden("oproep", "oproep", "call", oproep))?;
            check_aanvragen(register, &call, projects, aanvragen)?;
            crate::project::check_projectlijst(register, projects)?;
            let telling = s.add_projects(projects, account.username.as_str(), replace)?;
            let today = Datum::today();
            let (mut beoordeeld, mut bijdragen) = (0, 0);
            for a in aanvragen {
                if !a.rocket.is_empty() {
                    let b = Beoordeling {
                        soort: OnderwerpSoort::Project,
                        onderwerp: a.project.clone(),
                        kader: Kader::Rocket,
                        oordelen: a.rocket.clone(),
                        beoordelaar: a.project.clone(),
                        datum: today,
                        zelfbeoordeling: true,
                        oproep: Some(call.id.clone()),
                    };
                    b.check(&register.parts().maatstaf)?;
                    s.add_assessment(&b, account.username.as_str())?;
                    beoordeeld += 1;
                }
                for g in &a.bijdragen {
                    s.add_contribution(
                        &Bijdrage {
                            project: a.project.clone(),
                            doel: g.doel.clone(),
                            toelichting: g.toelichting.clone(),
                            oproep: Some(call.id.clone()),
                        },
                        account.username.as_str(),
                    )?;
                    bijdragen += 1;
                }
            }
            gedaan(
                &object,
                None,
                Some(json!({
                    "oproep": call.id,
                    "projects": projects.len(),
                    "added": telling.added,
                    "replaced": telling.replaced,
                    "unchanged": telling.unchanged,
                    "self_assessments": beoordeeld,
                    "contributions": bijdragen,
                    "replace": replace,
                })),
                telling,
            )
        },
    )
}
