//! Moving the register in and out: seeding, import and export.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Context;

use gemeten_domain::{Account, Register};
use gemeten_interchange as interchange;
use gemeten_prioritering::referentie_rondes;
use gemeten_store::{RegisterStore, Store};

use crate::cli::Format;
use crate::i18n::Lang;
use crate::show::Output;

fn reference() -> anyhow::Result<Register> {
    interchange::reference_register()
        .map_err(anyhow::Error::new)
        .context("the built-in reference dataset is invalid")
}

fn total(register: &Register) -> usize {
    register.parts().counts().iter().map(|(_, n)| n).sum()
}

/// Fills a new (empty) store with the reference dataset and the rounds that ship with it
/// (recorded as done by gemeten itself); says so on stderr.
pub fn seed_if_new(store: &mut Store, db: &str, out: Output) -> anyhow::Result<bool> {
    if !store.is_empty()? {
        return Ok(false);
    }
    let register = reference()?;
    if !gemeten_app::seed_register(store, &register, &referentie_rondes()?)? {
        return Ok(false);
    }
    let msg = match out.lang {
        Lang::Nl => format!(
            "{}: nieuwe database, gevuld met de referentiedataset ({} records)",
            gemeten_store::redact(db),
            total(&register)
        ),
        Lang::En => format!(
            "{}: new database, filled with the reference dataset ({} records)",
            gemeten_store::redact(db),
            total(&register)
        ),
    };
    eprintln!("{msg}");
    Ok(true)
}

/// A database filled before the knowledge and innovation ecosystem was in the reference
/// dataset gets it once (see [`gemeten_app::kies_aanvullen`]); says so on stderr.
pub fn kies_aanvullen(store: &mut Store, db: &str, out: Output) -> anyhow::Result<()> {
    let n = gemeten_app::kies_aanvullen(store, &reference()?)?;
    if n > 0 {
        let db = gemeten_store::redact(db);
        match out.lang {
            Lang::Nl => eprintln!(
                "{db}: {n} elementen van het kennis- en innovatie-ecosysteem (000 Figuur 5) \
                 toegevoegd uit de referentiedataset"
            ),
            Lang::En => eprintln!(
                "{db}: {n} elements of the knowledge and innovation ecosystem (000 Figure 5) \
                 added from the reference dataset"
            ),
        }
    }
    Ok(())
}

/// Shows the password of a first administrator gemeten made up, once.
pub fn show_admin_password(admin: &gemeten_app::NieuwAccount, lang: Lang) {
    if admin.generated {
        match lang {
            Lang::Nl => eprintln!(
                "beheerder: admin / {} — bewaar dit wachtwoord; het wordt niet opnieuw getoond",
                admin.password
            ),
            Lang::En => eprintln!(
                "administrator: admin / {} — keep this password; it is not shown again",
                admin.password
            ),
        }
    }
}

/// A database without users gets its administrator `admin` (with the given password, or a
/// random one shown once on stderr), so that someone can write with `--as admin`.
pub fn ensure_admin(
    store: &mut Store,
    admin_password: Option<String>,
    lang: Lang,
) -> anyhow::Result<()> {
    if let Some(admin) = gemeten_app::ensure_admin(store, admin_password)? {
        show_admin_password(&admin, lang);
    }
    Ok(())
}

/// `gemeten init [--reset]`: a new database is seeded (and gets its administrator); with
/// `--reset` the register and the shipped rounds are put back as they ship, by `als`.
pub fn init(store: &mut Store, reset: Option<&Account>, out: Output) -> anyhow::Result<()> {
    if let Some(account) = reset {
        gemeten_app::import_register(
            store,
            account,
            &reference()?,
            "referentiedataset",
            &referentie_rondes()?,
            false,
        )?;
    }
    let register = store.load()?;
    crate::show::counts(&register, store.schema_version()?, out)
}

/// `gemeten import`: replaces the register by `account` (administrators only).
pub fn import(
    store: &mut Store,
    account: &Account,
    path: &Path,
    format: Option<Format>,
    allow_empty: bool,
    out: Output,
) -> anyhow::Result<()> {
    let format = format.unwrap_or(if path.is_dir() {
        Format::Csv
    } else {
        Format::Json
    });
    let register = match format {
        Format::Json => {
            let bytes = fs::read(path).with_context(|| path.display().to_string())?;
            interchange::from_json(&bytes, &path.display().to_string())?
        }
        Format::Csv => interchange::read_csv_dir(path)?,
    };
    gemeten_app::import_register(
        store,
        account,
        &register,
        &path.display().to_string(),
        &[],
        allow_empty,
    )?;
    crate::show::counts(&store.load()?, store.schema_version()?, out)
}

pub fn export(register: &Register, format: Format, path: &Path) -> anyhow::Result<()> {
    let to_stdout = path.as_os_str() == "-";
    match format {
        Format::Json if to_stdout => {
            std::io::stdout()
                .write_all(interchange::to_json(register).as_bytes())
                .context("stdout")?;
        }
        Format::Json => {
            fs::write(path, interchange::to_json(register))
                .with_context(|| path.display().to_string())?;
        }
        Format::Csv if to_stdout => {
            return Err(gemeten_domain::Probleem::bij_veld(
                "--out",
                "CSV-export schrijft één bestand per tabel; geef een map",
                "CSV export writes one file per table; give a folder",
            )
            .into())
        }
        Format::Csv => interchange::write_csv_dir(register, path)?,
    }
    Ok(())
}
