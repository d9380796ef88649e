//! The portfolio's use cases: change a project, import a funder's project list.

use std::str::FromStr;

use serde_json::{json, Map, Value};

use gemeten_domain::{
    doel_van_missies, kies_van_missies, Account, Brl, Fase, Id, Jaar, Probleem, Problemen, Project,
    ProjectStatus, Register, Rol, Sel, Trl,
};
use gemeten_store::{ImportTelling, ProjectStore, Store};

use crate::fout::in_veld;
use crate::handeling::{gedaan, uitvoeren, Afloop};
use crate::{AppFout, Handeling};

/// The fields of a project that may be changed one by one (the web's form and `PUT`, the
/// CLI's `projects set`).
pub const EDITABLE: &[&str] = &[
    "trl",
    "sel",
    "brl",
    "status",
    "phase_innovation",
    "phase_stakeholders",
    "phase_environment",
    "expected_in_practice",
    "doelen",
    "kies",
];

/// A checked change of editable fields; `null` clears an optional field.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectPatch(Vec<(&'static str, Value)>);

/// A level or year (`null` clears it), checked by its domain type so the reason is in both
/// languages.
fn geheel<T: TryFrom<i64, Error = Probleem>>(
    field: &'static str,
    v: &Value,
) -> Result<(), AppFout> {
    match v {
        Value::Null => Ok(()),
        v => match v.as_i64() {
            Some(n) => T::try_from(n).map(|_| ()).map_err(in_veld(field)),
            None => Err(AppFout::ongeldig(
                field,
                format!("{v} is geen geheel getal"),
                format!("{v} is not a whole number"),
            )),
        },
    }
}

/// A code of a closed vocabulary (`null` clears it where `leeg_mag`).
fn code<T: FromStr<Err = Probleem>>(
    field: &'static str,
    v: &Value,
    leeg_mag: bool,
) -> Result<(), AppFout> {
    match v {
        Value::Null if leeg_mag => Ok(()),
        Value::String(s) => s.parse::<T>().map(|_| ()).map_err(in_veld(field)),
        v => Err(AppFout::ongeldig(
            field,
            format!("{v} is geen code (tekst)"),
            format!("{v} is not a code (text)"),
        )),
    }
}

/// A list of ids (`null` or `[]` clears it), each named by its place (`doelen[1]`).
fn ids(field: &'static str, v: &Value) -> Result<(), AppFout> {
    let items = match v {
        Value::Null => return Ok(()),
        Value::Array(items) => items,
        v => {
            return Err(AppFout::ongeldig(
                field,
                format!("{v} is geen lijst van id's"),
                format!("{v} is not a list of ids"),
            ))
        }
    };
    let problems: Vec<Probleem> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let at = format!("{field}[{i}]");
            match item {
                Value::String(s) => s.parse::<Id>().err().map(|p| p.als_veld(at)),
                other => Some(Probleem::bij_veld(
                    at,
                    format!("{other} is geen id (tekst)"),
                    format!("{other} is not an id (text)"),
                )),
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppFout::Ongeldig(Problemen(problems)))
    }
}

/// The project's linked targets against the register: each must exist and belong to one
/// of the project's missions (see [`doel_van_missies`]). Every problem, each naming its
/// place (`doelen[1]`).
pub fn check_doelen(register: &Register, project: &Project) -> Result<(), Problemen> {
    let problems: Vec<Probleem> = project
        .doelen
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            doel_van_missies(register, &project.missies, d, format!("doelen[{i}]")).err()
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problemen(problems))
    }
}

/// The project's linked KIES elements against the register: each must exist and be named in
/// the row of Figure 5 of one of the project's missions or the central mission (see
/// [`kies_van_missies`]). Every problem, each naming its place (`kies[1]`).
pub fn check_kies(register: &Register, project: &Project) -> Result<(), Problemen> {
    let problems: Vec<Probleem> = project
        .kies
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            kies_van_missies(register, &project.missies, k, format!("kies[{i}]")).err()
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problemen(problems))
    }
}

impl ProjectPatch {
    /// A change as a JSON object of editable fields, each checked by its domain type. Errors
    /// name the field (`body` for the object itself).
    pub fn from_json(value: Value) -> Result<ProjectPatch, AppFout> {
        let Value::Object(map) = value else {
            return Err(AppFout::ongeldig(
                "body",
                "de wijziging moet een JSON-object zijn",
                "expected a JSON object",
            ));
        };
        let mut out = Vec::new();
        for (key, v) in map {
            let Some(field) = EDITABLE.iter().find(|f| **f == key) else {
                let editable = EDITABLE.join(", ");
                return Err(AppFout::ongeldig(
                    "body",
                    format!(
                        "'{key}' is onbekend of niet te wijzigen; te wijzigen zijn: {editable}"
                    ),
                    format!("unknown or read-only field '{key}'; editable: {editable}"),
                ));
            };
            match *field {
                "trl" => geheel::<Trl>(field, &v)?,
                "sel" => geheel::<Sel>(field, &v)?,
                "brl" => geheel::<Brl>(field, &v)?,
                "status" => code::<ProjectStatus>(field, &v, false)?,
                "expected_in_practice" => geheel::<Jaar>(field, &v)?,
                "doelen" | "kies" => ids(field, &v)?,
                _ => code::<Fase>(field, &v, true)?,
            }
            // An empty list is no list: the stored record leaves it out.
            let v = match v {
                Value::Array(items) if items.is_empty() => Value::Null,
                v => v,
            };
            out.push((*field, v));
        }
        if out.is_empty() {
            return Err(AppFout::ongeldig(
                "body",
                "er is geen veld om te wijzigen",
                "no field to change",
            ));
        }
        Ok(ProjectPatch(out))
    }

    /// The fields it sets or clears.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(f, _)| *f)
    }
}

/// Whether `account` may edit `project`: administrators always, a mission team for the
/// projects of its mission, a contributor for the projects its organisation is a partner of.
pub fn may_edit(account: &Account, project: &Project) -> bool {
    let norm = |s: &str| s.trim().to_lowercase();
    match account.role() {
        Rol::Admin => true,
        Rol::Missieteam => account
            .missie()
            .is_some_and(|m| project.missies.contains(&m)),
        Rol::Bijdrager => account.organisation().is_some_and(|o| {
            project
                .partners
                .iter()
                .any(|p| norm(p.name.as_str()) == norm(o))
        }),
        Rol::Publiek => false,
    }
}

/// The stored project when `account` may edit it: 404 for an unknown one, a refusal (to be
/// recorded) for a user who may not.
fn editable(s: &Store, account: &Account, id: &Id, object: &str) -> Result<Project, AppFout> {
    let project = s
        .project(id)?
        .ok_or_else(|| AppFout::niet_gevonden("id", "project", "project", id))?;
    if !may_edit(account, &project) {
        return Err(AppFout::verboden(
            object,
            format!("deze gebruiker mag project '{id}' niet wijzigen"),
            format!("this user may not edit project '{id}'"),
        ));
    }
    Ok(project)
}

/// Changes one project for `account`: unknown project, a user who may not edit it (recorded),
/// or fields that are valid alone and not together (e.g. start after end) are refused. The
/// project's history logs the changed fields and the audit log the change before and after,
/// together. Returns the project and the changed fields (none when every value was the
/// current one: a form sends them all).
pub fn change_project(
    store: &mut Store,
    register: &Register,
    account: &Account,
    id: &Id,
    patch: &ProjectPatch,
) -> Result<(Project, Vec<String>), AppFout> {
    let object = format!("project {id}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::ProjectBijwerken,
        |s| {
            let project = editable(s, account, id, &object)?;
            let Ok(Value::Object(mut record)) = serde_json::to_value(&project) else {
                return Err(AppFout::ongeldig(
                    "id",
                    "het opgeslagen project is geen object",
                    "the stored project is not an object",
                ));
            };
            let (mut before, mut after) = (Map::new(), Map::new());
            for (field, v) in &patch.0 {
                if record.get(*field).unwrap_or(&Value::Null) == v {
                    continue;
                }
                before.insert(
                    (*field).to_owned(),
                    record.get(*field).cloned().unwrap_or(Value::Null),
                );
                after.insert((*field).to_owned(), v.clone());
                if v.is_null() {
                    record.remove(*field);
                } else {
                    record.insert((*field).to_owned(), v.clone());
                }
            }
            let changed: Project = serde_json::from_value(Value::Object(record)).map_err(|e| {
                AppFout::ongeldig(
                    "body",
                    format!("het gewijzigde project klopt niet: {e}"),
                    format!("the changed project is not valid: {e}"),
                )
            })?;
            if before.is_empty() {
                return Ok(Afloop::Ongewijzigd((changed, Vec::new())));
            }
            // The targets are checked when they change: a register that later drops a target
            // does not block the project's other fields.
            if after.contains_key("doelen") {
                check_doelen(register, &changed)?;
            }
            if after.contains_key("kies") {
                check_kies(register, &changed)?;
            }
            let fields = s.update_project(&changed, account.username.as_str())?;
            gedaan(
                &object,
                Some(Value::Object(before)),
                Some(Value::Object(after)),
                (changed, fields),
            )
        },
    )
}

/// The project, when `account` may change it: what an adapter asks before it reads the
/// change itself (a form, a body), so that a user without the right learns nothing from
/// the values and gets the refusal — recorded, as in [`change_project`].
pub fn project_to_change(
    store: &mut Store,
    account: &Account,
    id: &Id,
) -> Result<Project, AppFout> {
    let object = format!("project {id}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::ProjectBijwerken,
        |s| {
            let project = editable(s, account, id, &object)?;
            Ok(Afloop::Ongewijzigd(project))
        },
    )
}

/// Who may import a project list, into the portfolio or into a call: administrators only.
pub(crate) fn mag_projectlijst_importeren(account: &Account, object: &str) -> Result<(), AppFout> {
    if account.role() != Rol::Admin {
        return Err(AppFout::verboden(
            object,
            "alleen een beheerder mag projectlijsten importeren",
            "only an administrator may import project lists",
        ));
    }
    Ok(())
}

/// The linked targets and KIES elements of every project of a list (see [`check_doelen`],
/// [`check_kies`]): every problem, each naming its project (record) and place.
pub(crate) fn check_projectlijst(
    register: &Register,
    projects: &[Project],
) -> Result<(), Problemen> {
    let problems: Vec<Probleem> = projects
        .iter()
        .flat_map(|p| {
            let doelen = check_doelen(register, p)
                .err()
                .map_or_else(Vec::new, |e| e.0);
            let kies = check_kies(register, p).err().map_or_else(Vec::new, |e| e.0);
            doelen
                .into_iter()
                .chain(kies)
                .map(move |x| x.record(p.id.to_string()))
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problemen(problems))
    }
}

/// Imports a funder's checked project list (decoded and checked against the register by
/// `gemeten-interchange`): administrators only. Known ids are refused unless `replace`; a
/// linked target that is unknown or of a mission the project is not of is refused, naming
/// the project and the place (`doelen[1]`), and so is a KIES element that is unknown or of
/// none of its missions' rows (`kies[0]`); then nothing is written.
pub fn import_projects(
    store: &mut Store,
    register: &Register,
    account: &Account,
    bron: &str,
    projects: &[Project],
    replace: bool,
) -> Result<ImportTelling, AppFout> {
    let object = format!("projectlijst {bron}");
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::ProjectenImporteren,
        |s| {
            mag_projectlijst_importeren(account, &object)?;
            check_projectlijst(register, projects)?;
            let telling = s.add_projects(projects, account.username.as_str(), replace)?;
            gedaan(
                &object,
                None,
                Some(json!({
                    "projects": projects.len(),
                    "added": telling.added,
                    "replaced": telling.replaced,
                    "unchanged": telling.unchanged,
                    "replace": replace,
                })),
                telling,
            )
        },
    )
}

/// Why an import read in parts stopped: the reader's problems with the file (`E`), or the
/// use case's refusal (role, known ids, the store).
#[derive(Debug)]
pub enum ImportGestopt<E> {
    Lezen(E),
    App(AppFout),
}

/// Imports a funder's project list as it is read: administrators only. `read` reads and
/// checks the file, handing the checked projects on in parts (see
/// `gemeten_interchange::read_csv_in_parts`); each part is written at once, and all of it is
/// one transaction with the audit entry, so a problem anywhere in the file (the reader
/// reports every one) or a refusal leaves nothing written. Memory is one part, not the file.
/// Known ids are refused unless `replace`; so is a linked target that is unknown or of a
/// mission the project is not of (as in [`import_projects`]).
pub fn import_projects_in_parts<E>(
    store: &mut Store,
    register: &Register,
    account: &Account,
    bron: &str,
    replace: bool,
    read: impl FnOnce(&mut dyn FnMut(Vec<Project>) -> Result<(), AppFout>) -> Result<usize, E>,
) -> Result<ImportTelling, ImportGestopt<E>> {
    let object = format!("projectlijst {bron}");
    let mut gelezen: Option<E> = None;
    let by = account.username.as_str();
    let uitkomst = uitvoeren(store, by, Handeling::ProjectenImporteren, |s| {
        mag_projectlijst_importeren(account, &object)?;
        let mut import = s.begin_project_import(replace)?;
        let store: &Store = s;
        let n = match read(&mut |part: Vec<Project>| {
            // The reader checks the links too; the use case does not rely on it.
            check_projectlijst(register, &part)?;
            store
                .import_part(&mut import, &part, by)
                .map_err(AppFout::from)
        }) {
            Ok(n) => n,
            Err(e) => {
                gelezen = Some(e);
                // Undoes the parts written; the reader's problems are returned below.
                return Err(AppFout::Ongeldig(Problemen(Vec::new())));
            }
        };
        let telling = s.finish_project_import(import)?;
        gedaan(
            &object,
            None,
            Some(json!({
                "projects": n,
                "added": telling.added,
                "replaced": telling.replaced,
                "unchanged": telling.unchanged,
                "replace": replace,
            })),
            telling,
        )
    });
    match (uitkomst, gelezen) {
        (_, Some(e)) => Err(ImportGestopt::Lezen(e)),
        (Ok(t), None) => Ok(t),
        (Err(e), None) => Err(ImportGestopt::App(e)),
    }
}
