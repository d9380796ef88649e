//! `gemeten fair export` (every published dataset with DCAT-AP style metadata) and
//! `gemeten report` (the mission progress report as HTML, and PDF where Chromium is at hand).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde_json::json;

use gemeten_domain::{Register, Trl, Waarneming};
use gemeten_indicators::{sha256_hex, voortgang, Catalogus};
use gemeten_interchange::{projects_to_csv, to_json, write_csv_dir};
use gemeten_portfolio::synthese;
use gemeten_publicatie::{
    catalogus, rapport, ActiviteitTelling, Dataset, Distributie, RapportInvoer, Uitgever,
};
use gemeten_store::{MonitoringStore, ProjectStore, SqliteStore, WaarnemingStore};

use crate::i18n::Lang;
use crate::show::{print_json, Output};

/// Writes `bytes` to `out/rel` and describes the file for the catalogue.
fn put(
    out: &Path,
    rel: &str,
    bytes: &[u8],
    media_type: &'static str,
) -> anyhow::Result<Distributie> {
    let path = out.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    }
    std::fs::write(&path, bytes).with_context(|| path.display().to_string())?;
    Ok(Distributie {
        path: rel.to_owned(),
        media_type,
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    })
}

fn version(distributions: &[Distributie]) -> String {
    let all: String = distributions.iter().map(|d| d.sha256.as_str()).collect();
    sha256_hex(all.as_bytes())[..12].to_owned()
}

fn today() -> String {
    crate::monitoring::today(None).map_or_else(|_| "onbekend".to_owned(), |d| d.to_string())
}

fn observations_csv(obs: &[&Waarneming]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kpi", "period", "region", "sex", "ses", "age_band", "value", "lower", "upper", "source",
    ])?;
    for o in obs {
        let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        w.write_record([
            o.kpi.clone(),
            o.period.to_string(),
            o.region.clone(),
            o.sex.clone(),
            o.ses.clone(),
            o.age_band.clone(),
            o.value.to_string(),
            opt(o.lower),
            opt(o.upper),
            o.source.clone(),
        ])?;
    }
    Ok(w.into_inner()?)
}

pub fn fair_export(
    store: &SqliteStore,
    register: &Register,
    out: &Path,
    uitgever: Uitgever,
    o: Output,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| out.display().to_string())?;
    let mut datasets = Vec::new();

    // The register: one JSON document and a CSV file per table.
    let mut files = vec![put(
        out,
        "register/register.json",
        to_json(register).as_bytes(),
        "application/json",
    )?];
    let csv_dir = out.join("register/csv");
    write_csv_dir(register, &csv_dir)?;
    let mut names: Vec<PathBuf> = std::fs::read_dir(&csv_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    for p in names {
        let bytes = std::fs::read(&p)?;
        let rel = format!(
            "register/csv/{}",
            p.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        files.push(Distributie {
            path: rel,
            media_type: "text/csv",
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
        });
    }
    datasets.push(Dataset {
        key: "register".into(),
        title_nl: "Register van de missies Gezondheid & Zorg".into(),
        title_en: "Register of the Health & Care missions".into(),
        description_nl: "Missies, doelen, veranderingstheorie, kennis- en innovatievragen, \
                         activiteiten met initiatiefnemers, programma's en instrumenten, \
                         innovaties, criteria, barrières en aanbevelingen."
            .into(),
        temporal: None,
        spatial: vec!["NL01".into()],
        provenance: "Gecureerd uit de KIA Gezondheid & Zorg 2024-2027 (000), het missiedocument \
                     (001), het rapport over prioritering (002), de factsheet 2019 (003) en de \
                     brief over de topsector LSH (004); elk record noemt document, sectie en regels."
            .into(),
        version: version(&files),
        distributions: files,
    });

    // The portfolio.
    let projects = store.projects()?;
    let files = vec![
        put(
            out,
            "portfolio/projecten.csv",
            &projects_to_csv(&projects, "projecten.csv")?,
            "text/csv",
        )?,
        put(
            out,
            "portfolio/projecten.json",
            &serde_json::to_vec_pretty(&projects)?,
            "application/json",
        )?,
    ];
    datasets.push(Dataset {
        key: "portfolio".into(),
        title_nl: "Portefeuille van projecten en innovaties".into(),
        title_en: "Portfolio of projects and innovations".into(),
        description_nl: format!(
            "{} projecten met partners, missies, kennisvragen, TRL/SEL/BRL, fasen en financiering.",
            projects.len()
        ),
        temporal: None,
        spatial: vec!["NL01".into()],
        provenance: "Projectlijsten van financiers, ingevoerd en gecontroleerd met `gemeten projects import`."
            .into(),
        version: version(&files),
        distributions: files,
    });

    // Every published KPI series (observations are aggregates; nothing person-level).
    let cat = Catalogus::standaard()?;
    let obs = store.observations(None)?;
    let mut by_kpi: BTreeMap<&str, Vec<&Waarneming>> = BTreeMap::new();
    for w in &obs {
        by_kpi.entry(w.kpi.as_str()).or_default().push(w);
    }
    for (code, series) in &by_kpi {
        let def = cat.kpis.get(*code);
        let files = vec![
            put(
                out,
                &format!("kpi/{code}.csv"),
                &observations_csv(series)?,
                "text/csv",
            )?,
            put(
                out,
                &format!("kpi/{code}.json"),
                &serde_json::to_vec_pretty(series)?,
                "application/json",
            )?,
        ];
        let periods = series.iter().map(|w| w.period);
        let mut regions: Vec<String> = series.iter().map(|w| w.region.clone()).collect();
        regions.sort();
        regions.dedup();
        let mut sources: Vec<&str> = series
            .iter()
            .map(|w| w.source.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        sources.sort();
        sources.dedup();
        datasets.push(Dataset {
            key: format!("kpi:{code}"),
            title_nl: def.map_or_else(|| (*code).to_owned(), |d| d.name_nl.clone()),
            title_en: def.map_or_else(|| (*code).to_owned(), |d| d.name_en.clone()),
            description_nl: def.map_or_else(String::new, |d| {
                format!("Eenheid: {}; {}.", d.unit, d.direction.label_nl())
            }),
            temporal: periods.clone().min().zip(periods.max()),
            spatial: regions,
            provenance: format!(
                "Definitie: {}. Waarnemingen: {}.",
                def.map_or("onbekend", |d| d.source.as_str()),
                sources.join("; ")
            ),
            version: version(&files),
            distributions: files,
        });
    }

    let doc = catalogus(&uitgever, &datasets, &today());
    let bytes = serde_json::to_vec_pretty(&doc)?;
    put(out, "catalogus.jsonld", &bytes, "application/ld+json")?;
    if o.json {
        return print_json(&json!({
            "out": out.display().to_string(),
            "datasets": datasets.iter().map(|d| &d.key).collect::<Vec<_>>(),
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

pub fn report(
    store: &SqliteStore,
    register: &Register,
    activiteiten: &[ActiviteitTelling],
    a: &RapportArgs,
    o: Output,
) -> anyhow::Result<()> {
    let obs = store.observations(None)?;
    let doelen: Vec<_> = register.parts().doel.iter().collect();
    let v = voortgang(&doelen, &obs);
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
        en: o.lang == Lang::En,
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
