//! `gemeten fair export` (every published dataset with DCAT-AP style metadata) and
//! `gemeten report` (the mission progress report as HTML, and PDF where Chromium is at hand).
//! Both publish, so both are the use case `gemeten_app::publiceren`: they act as a user
//! (`--as`, like every write), and the audit log names what was written.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::json;

use gemeten_app::{GepubliceerdBestand, Geschreven, PublicatieSoort};
use gemeten_domain::{Account, Register, Trl};
use gemeten_indicators::{sha256_hex, voortgang};
use gemeten_portfolio::synthese;
use gemeten_publicatie::{
    catalogus, fair_pakket, rapport, ActiviteitTelling, RapportInvoer, Uitgever,
};
use gemeten_store::{MonitoringStore, ProjectStore, Store, WaarnemingStore};

use crate::i18n::Lang;
use crate::show::{print_json, Output};

/// The stored observations that may be published: those on fewer persons than the
/// database's small-cell threshold (the web application's), and their complements, are left
/// out of every published file.
fn publishable(store: &Store) -> anyhow::Result<Vec<gemeten_domain::Waarneming>> {
    let min_cell = gemeten_app::current_min_cell(store)?;
    let obs = store.observations(None)?;
    // The small cells, and those they could be computed from by subtraction.
    let weg = gemeten_domain::onderdrukking::te_onderdrukken(&obs, min_cell);
    Ok(obs
        .into_iter()
        .zip(weg)
        .filter(|(_, weg)| !weg)
        .map(|(o, _)| o)
        .collect())
}

fn today() -> String {
    crate::monitoring::today(None).map_or_else(|_| "onbekend".to_owned(), |d| d.to_string())
}

/// A written file as the audit entry names it: path, SHA-256 and size.
fn bestand(path: &Path, bytes: &[u8]) -> GepubliceerdBestand {
    GepubliceerdBestand {
        path: path.display().to_string(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
    }
}

/// Writes the FAIR package to `out` as `account` (a use case: administrators only, recorded
/// with every file's checksum once all are written).
pub fn fair_export(
    store: &mut Store,
    account: &Account,
    register: &Register,
    out: &Path,
    uitgever: Uitgever,
    o: Output,
) -> anyhow::Result<()> {
    let doel = out.display().to_string();
    let datasets = gemeten_app::publiceren(
        store,
        account,
        PublicatieSoort::FairPakket,
        &doel,
        |store| -> anyhow::Result<_> {
            let projects = store.projects()?;
            let observations = publishable(store)?;
            let pakket = fair_pakket(
                register,
                &projects,
                &observations,
                &gemeten_app::catalogus(store)?,
            )?;
            let mut geschreven = Geschreven::default();
            for b in &pakket.bestanden {
                let path = out.join(&b.path);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
                }
                std::fs::write(&path, &b.bytes).with_context(|| path.display().to_string())?;
                geschreven.bestanden.push(bestand(&path, &b.bytes));
            }
            let doc = catalogus(&uitgever, &pakket.datasets, &today());
            let path = out.join("catalogus.jsonld");
            let bytes = serde_json::to_vec_pretty(&doc)?;
            std::fs::write(&path, &bytes).with_context(|| path.display().to_string())?;
            geschreven.bestanden.push(bestand(&path, &bytes));
            geschreven.records = [
                ("datasets".to_owned(), pakket.datasets.len()),
                ("projects".to_owned(), projects.len()),
                ("observations".to_owned(), observations.len()),
            ]
            .into();
            let keys: Vec<String> = pakket.datasets.iter().map(|d| d.key.clone()).collect();
            Ok((keys, geschreven))
        },
    )??;
    if o.json {
        return print_json(&json!({
            "out": out.display().to_string(),
            "datasets": datasets,
        }));
    }
    println!(
        "{}: {} datasets, catalogus.jsonld ({})",
        out.display(),
        datasets.len(),
        match o.lang {
            Lang::Nl => "DCAT-AP-metadata",
            Lang::En => "DCAT-AP metadata",
        }
    );
    Ok(())
}

pub struct RapportArgs {
    pub period: String,
    pub out: PathBuf,
    pub pdf: Option<PathBuf>,
}

/// Writes the progress report (and its PDF when asked) as `account` (a use case:
/// administrators only, recorded with the files' checksums once they are written).
pub fn report(
    store: &mut Store,
    account: &Account,
    register: &Register,
    activiteiten: &[ActiviteitTelling],
    a: &RapportArgs,
    o: Output,
) -> anyhow::Result<()> {
    let doel = a.out.display().to_string();
    let targets = gemeten_app::publiceren(
        store,
        account,
        PublicatieSoort::Voortgangsrapport,
        &doel,
        |store| -> anyhow::Result<_> {
            let obs = publishable(store)?;
            let doelen: Vec<_> = register.parts().doel.iter().collect();
            let v = voortgang(&doelen, &obs, &gemeten_app::catalogus(store)?);
            let projects = store.projects()?;
            let threshold = Trl::try_from(7).context("TRL 7")?;
            let synthesen: Vec<_> = register
                .missies()
                .iter()
                .map(|m| synthese(register, &projects, m.code, threshold))
                .collect();
            // Project aggregates over the approved reports of the period (or of all periods
            // when the report's period is not a reporting period).
            let period: Option<gemeten_monitoring::PeriodeId> = a.period.parse().ok();
            let reports = store.reports(None)?;
            let kpis = gemeten_monitoring::mtib(
                &reports,
                period.as_ref(),
                Some(gemeten_monitoring::Uitsplitsing::Mission),
            );
            let html = rapport(&RapportInvoer {
                project_kpis: Some(&kpis),
                register,
                voortgang: &v,
                observaties: &obs,
                synthesen: &synthesen,
                activiteiten,
                periode: &a.period,
                gemaakt: &today(),
                lang: o.lang,
            });
            std::fs::write(&a.out, &html).with_context(|| a.out.display().to_string())?;
            let mut geschreven = Geschreven::default();
            geschreven.bestanden.push(bestand(&a.out, html.as_bytes()));
            if let Some(pdf) = &a.pdf {
                print_pdf(&a.out, pdf)?;
                let bytes = std::fs::read(pdf).with_context(|| pdf.display().to_string())?;
                geschreven.bestanden.push(bestand(pdf, &bytes));
            }
            geschreven.records = [
                ("targets".to_owned(), v.len()),
                ("projects".to_owned(), projects.len()),
                ("observations".to_owned(), obs.len()),
                (
                    "reports".to_owned(),
                    reports.iter().filter(|r| r.counts()).count(),
                ),
            ]
            .into();
            Ok((v.len(), geschreven))
        },
    )??;
    if o.json {
        return print_json(&json!({
            "html": a.out.display().to_string(),
            "pdf": a.pdf.as_ref().map(|p| p.display().to_string()),
            "targets": targets,
        }));
    }
    println!("{}", a.out.display());
    if let Some(pdf) = &a.pdf {
        println!("{}", pdf.display());
    }
    Ok(())
}

/// PDF through headless Chromium (Debian's package), which renders the same HTML.
fn print_pdf(html: &Path, pdf: &Path) -> anyhow::Result<()> {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    let Some(browser) = browser else {
        return Err(gemeten_domain::Probleem::bij_veld(
            "--pdf",
            "Chromium is niet gevonden (Debian: apt install chromium); het HTML-rapport staat klaar",
            "Chromium was not found (Debian: apt install chromium); the HTML report is ready",
        )
        .into());
    };
    let html = std::fs::canonicalize(html)?;
    let profile = tempfile_dir()?;
    let status = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .context("--pdf: Chromium")?;
    let _ = std::fs::remove_dir_all(&profile);
    if !status.status.success() || !pdf.exists() {
        let uitvoer = String::from_utf8_lossy(&status.stderr);
        let laatste = uitvoer.lines().last().unwrap_or("");
        return Err(gemeten_domain::Probleem::bij_veld(
            "--pdf",
            format!("Chromium kon geen PDF maken: {laatste}"),
            format!("Chromium could not make a PDF: {laatste}"),
        )
        .into());
    }
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("gemeten-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
