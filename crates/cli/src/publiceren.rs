//! `gemeten fair export` (every published dataset with DCAT-AP style metadata) and
//! `gemeten report` (the mission progress report as HTML, and PDF where Chromium is at hand).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde_json::json;

use gemeten_domain::{Register, Trl};
use gemeten_indicators::{voortgang, Catalogus};
use gemeten_portfolio::synthese;
use gemeten_publicatie::{
    catalogus, fair_pakket, rapport, ActiviteitTelling, RapportInvoer, Uitgever,
};
use gemeten_store::{MonitoringStore, ProjectStore, Store, WaarnemingStore};

use crate::i18n::Lang;
use crate::show::{print_json, Output};

/// The stored observations that may be published: those on fewer persons than the
/// database's small-cell threshold (the web application's) are left out of every published
/// file.
fn publishable(store: &Store) -> anyhow::Result<Vec<gemeten_domain::Waarneming>> {
    let min_cell = gemeten_app::current_min_cell(store)?;
    Ok(store
        .observations(None)?
        .into_iter()
        .filter(|o| !o.is_small_cell(min_cell))
        .collect())
}

fn today() -> String {
    crate::monitoring::today(None).map_or_else(|_| "onbekend".to_owned(), |d| d.to_string())
}

pub fn fair_export(
    store: &Store,
    register: &Register,
    out: &Path,
    uitgever: Uitgever,
    o: Output,
) -> anyhow::Result<()> {
    let pakket = fair_pakket(
        register,
        &store.projects()?,
        &publishable(store)?,
        &Catalogus::standaard()?,
    )?;
    for b in &pakket.bestanden {
        let path = out.join(&b.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
        }
        std::fs::write(&path, &b.bytes).with_context(|| path.display().to_string())?;
    }
    let doc = catalogus(&uitgever, &pakket.datasets, &today());
    let path = out.join("catalogus.jsonld");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc)?)
        .with_context(|| path.display().to_string())?;
    if o.json {
        return print_json(&json!({
            "out": out.display().to_string(),
            "datasets": pakket.datasets.iter().map(|d| &d.key).collect::<Vec<_>>(),
        }));
    }
    println!(
        "{}: {} datasets, catalogus.jsonld ({})",
        out.display(),
        pakket.datasets.len(),
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

pub fn report(
    store: &Store,
    register: &Register,
    activiteiten: &[ActiviteitTelling],
    a: &RapportArgs,
    o: Output,
) -> anyhow::Result<()> {
    let obs = publishable(store)?;
    let doelen: Vec<_> = register.parts().doel.iter().collect();
    let v = voortgang(&doelen, &obs, &Catalogus::standaard()?);
    let projects = store.projects()?;
    let threshold = Trl::try_from(7).context("TRL 7")?;
    let synthesen: Vec<_> = register
        .missies()
        .iter()
        .map(|m| synthese(register, &projects, m.code, threshold))
        .collect();
    // Project aggregates over the approved reports of the period (or of all periods when
    // the report's period is not a reporting period).
    let period: Option<gemeten_monitoring::PeriodeId> = a.period.parse().ok();
    let kpis = gemeten_monitoring::mtib(
        &store.reports(None)?,
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
    if let Some(pdf) = &a.pdf {
        print_pdf(&a.out, pdf)?;
    }
    if o.json {
        return print_json(&json!({
            "html": a.out.display().to_string(),
            "pdf": a.pdf.as_ref().map(|p| p.display().to_string()),
            "targets": v.len(),
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
        bail!("--pdf: Chromium is niet gevonden (Debian: apt install chromium); het HTML-rapport staat klaar");
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
        .context("Chromium starten")?;
    let _ = std::fs::remove_dir_all(&profile);
    if !status.status.success() || !pdf.exists() {
        bail!(
            "--pdf: Chromium kon geen PDF maken: {}",
            String::from_utf8_lossy(&status.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
    }
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("gemeten-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
