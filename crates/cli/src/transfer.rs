//! Moving the register in and out: seeding, import and export.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Context;

use gemeten_domain::Register;
use gemeten_interchange as interchange;
use gemeten_store::{RegisterStore, Store};

use crate::cli::Format;
use crate::show::Output;

fn reference() -> anyhow::Result<Register> {
    interchange::reference_register()
        .map_err(anyhow::Error::new)
        .context("the built-in reference dataset is invalid")
}

fn total(register: &Register) -> usize {
    register.parts().counts().iter().map(|(_, n)| n).sum()
}

/// Fills a new (empty) store with the reference dataset; says so on stderr.
pub fn seed_if_new(store: &mut Store, db: &str, out: Output) -> anyhow::Result<bool> {
    if !store.is_empty()? {
        return Ok(false);
    }
    let register = reference()?;
    store.replace(&register)?;
    crate::ronde::seed(store, false)?;
    let msg = match out.lang {
        crate::i18n::Lang::Nl => format!(
            "{}: nieuwe database, gevuld met de referentiedataset ({} records)",
            gemeten_store::redact(db),
            total(&register)
        ),
        crate::i18n::Lang::En => format!(
            "{}: new database, filled with the reference dataset ({} records)",
            gemeten_store::redact(db),
            total(&register)
        ),
    };
    eprintln!("{msg}");
    Ok(true)
}

pub fn init(store: &mut Store, db: &str, reset: bool, out: Output) -> anyhow::Result<()> {
    if reset {
        store.replace(&reference()?)?;
        crate::ronde::seed(store, true)?;
    } else {
        seed_if_new(store, db, out)?;
    }
    let register = store.load()?;
    crate::show::counts(&register, store.schema_version()?, out)
}

pub fn import(
    store: &mut Store,
    path: &Path,
    format: Option<Format>,
    out: Output,
) -> anyhow::Result<()> {
    let format = format.unwrap_or(if path.is_dir() {
        Format::Csv
    } else {
        Format::Json
    });
    let register = match format {
        Format::Json => {
            let bytes =
                fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
            interchange::from_json(&bytes, &path.display().to_string())?
        }
        Format::Csv => interchange::read_csv_dir(path)?,
    };
    store.replace(&register)?;
    crate::show::counts(&store.load()?, store.schema_version()?, out)
}

pub fn export(register: &Register, format: Format, path: &Path) -> anyhow::Result<()> {
    let to_stdout = path.as_os_str() == "-";
    match format {
        Format::Json if to_stdout => {
            std::io::stdout()
                .write_all(interchange::to_json(register).as_bytes())
                .context("writing to stdout")?;
        }
        Format::Json => {
            fs::write(path, interchange::to_json(register))
                .with_context(|| format!("{}: cannot write", path.display()))?;
        }
        Format::Csv if to_stdout => {
            anyhow::bail!("CSV export writes one file per table; give a folder with --out")
        }
        Format::Csv => interchange::write_csv_dir(register, path)?,
    }
    Ok(())
}
