//! Everything a FAIR export publishes, in memory: the files and the datasets that describe
//! them. The CLI writes the files to a folder; the web application serves them.

use std::collections::BTreeMap;

use gemeten_domain::{Project, Register, Waarneming};
use gemeten_indicators::{sha256_hex as hex, Catalogus, RuweWaarneming};
use gemeten_interchange::{csv_tables, projects_to_csv, to_json, WriteError};
use sha2::{Digest, Sha256};

use crate::{csvw, Dataset, Distributie};

/// One published file, by its path relative to the catalogue.
#[derive(Debug, Clone)]
pub struct Bestand {
    pub path: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
    /// What the file is, in Dutch.
    pub title_nl: String,
}

pub struct FairPakket {
    pub bestanden: Vec<Bestand>,
    pub datasets: Vec<Dataset>,
}

/// Collects files and describes them; `files` gets the new ones, the result their metadata.
fn bestanden(files: &mut Vec<Bestand>, new: Vec<Bestand>) -> Vec<Distributie> {
    let d = new
        .iter()
        .map(|b| Distributie {
            path: b.path.clone(),
            media_type: b.media_type,
            bytes: b.bytes.len() as u64,
            sha256: hex(&b.bytes),
            title_nl: b.title_nl.clone(),
        })
        .collect();
    files.extend(new);
    d
}

fn version(distributions: &[Distributie]) -> String {
    let all: String = distributions.iter().map(|d| d.sha256.as_str()).collect();
    hex(all.as_bytes())[..12].to_owned()
}

/// A file of the package. A CSV file is public: its formula cells are neutralised
/// ([`crate::formule_veilig`]). Re-reading CSV that the writers above produced cannot fail
/// (it is UTF-8 and well-formed); should it ever, the file goes out as written.
fn file(path: String, media_type: &'static str, bytes: Vec<u8>) -> Bestand {
    let title_nl = match media_type {
        "text/csv" => format!("{path} (CSV)"),
        "application/csvm+json" => format!("{path}: beschrijving van de CSV-kolommen (CSVW)"),
        _ => format!("{path} (JSON)"),
    };
    let bytes = if media_type == "text/csv" {
        crate::csv_formule_veilig(&bytes).unwrap_or(bytes)
    } else {
        bytes
    };
    Bestand {
        path,
        media_type,
        bytes,
        title_nl,
    }
}

fn observations_csv(obs: &[&Waarneming]) -> Result<Vec<u8>, WriteError> {
    let encode = |e: csv::Error| WriteError::Encode {
        path: "kpi.csv".into(),
        reason: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    for o in obs {
        w.serialize(RuweWaarneming::from(*o)).map_err(encode)?;
    }
    w.into_inner().map_err(|e| WriteError::Encode {
        path: "kpi.csv".into(),
        reason: e.to_string(),
    })
}

fn json<T: serde::Serialize>(v: &T, path: &str) -> Result<Vec<u8>, WriteError> {
    serde_json::to_vec_pretty(v).map_err(|e| WriteError::Encode {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

/// The register, the portfolio and every KPI series that has observations.
pub fn fair_pakket(
    register: &Register,
    projects: &[Project],
    observations: &[Waarneming],
    cat: &Catalogus,
) -> Result<FairPakket, WriteError> {
    fair_pakket_met(
        register,
        portfolio_in_geheugen(projects)?,
        observations,
        cat,
    )
}

/// The portfolio's part of a package, made apart from the rest: its files in memory (none
/// when [`portfolio_naar_map`] wrote them to a folder), their descriptions and the number of
/// projects.
pub struct PortfolioDeel {
    pub bestanden: Vec<Bestand>,
    pub distributies: Vec<Distributie>,
    pub projects: usize,
}

const PORTFOLIO_CSV: &str = "portfolio/projecten.csv";
const PORTFOLIO_JSON: &str = "portfolio/projecten.json";

/// The portfolio's files in memory.
pub fn portfolio_in_geheugen(projects: &[Project]) -> Result<PortfolioDeel, WriteError> {
    let mut bestanden_ = Vec::new();
    let distributies = bestanden(
        &mut bestanden_,
        vec![
            file(
                PORTFOLIO_CSV.into(),
                "text/csv",
                projects_to_csv(projects, "projecten.csv")?,
            ),
            file(
                PORTFOLIO_JSON.into(),
                "application/json",
                json(&projects, "projecten.json")?,
            ),
        ],
    );
    Ok(PortfolioDeel {
        bestanden: bestanden_,
        distributies,
        projects: projects.len(),
    })
}

/// The file name under which [`portfolio_naar_map`] writes a file of the portfolio
/// (`projecten.csv`, `projecten.json`), by the file's path in the package.
pub fn portfolio_bestandsnaam(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// One file being written: its bytes go to disk and through the hash as they come.
struct Schrijver {
    path: std::path::PathBuf,
    out: std::io::BufWriter<std::fs::File>,
    hash: Sha256,
    bytes: u64,
}

impl Schrijver {
    fn new(path: std::path::PathBuf) -> Result<Schrijver, WriteError> {
        let f = std::fs::File::create(&path).map_err(|source| WriteError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Schrijver {
            path,
            out: std::io::BufWriter::new(f),
            hash: Sha256::new(),
            bytes: 0,
        })
    }

    fn write(&mut self, b: &[u8]) -> Result<(), WriteError> {
        use std::io::Write;
        self.hash.update(b);
        self.bytes += b.len() as u64;
        self.out.write_all(b).map_err(|source| WriteError::Io {
            path: self.path.display().to_string(),
            source,
        })
    }

    fn finish(
        self,
        path: &str,
        media_type: &'static str,
        kind: &str,
    ) -> Result<Distributie, WriteError> {
        let io = |source| WriteError::Io {
            path: self.path.display().to_string(),
            source,
        };
        let f = self.out.into_inner().map_err(|e| io(e.into_error()))?;
        f.sync_all().map_err(io)?;
        Ok(Distributie {
            path: path.to_owned(),
            media_type,
            bytes: self.bytes,
            sha256: self
                .hash
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            title_nl: format!("{path} ({kind})"),
        })
    }
}

/// The portfolio's files written into the folder `dir` (which must exist) from the
/// projects in parts, in id order: `next(after)` gives the part after project `after` (from
/// the first when `None`), an empty part at the end. The files are byte for byte those
/// [`portfolio_in_geheugen`] makes of all the projects at once, while only one part is held:
/// a national portfolio's CSV and JSON take gigabytes, more than the server should keep.
pub fn portfolio_naar_map<E: From<WriteError>>(
    dir: &std::path::Path,
    mut next: impl FnMut(Option<&gemeten_domain::Id>) -> Result<Vec<Project>, E>,
) -> Result<PortfolioDeel, E> {
    let mut csv_out = Schrijver::new(dir.join(portfolio_bestandsnaam(PORTFOLIO_CSV)))?;
    let mut json_out = Schrijver::new(dir.join(portfolio_bestandsnaam(PORTFOLIO_JSON)))?;
    let mut n = 0usize;
    let mut last: Option<gemeten_domain::Id> = None;
    loop {
        let part = next(last.as_ref())?;
        // The CSV of a part, as the whole file's would be: its header only in the first.
        let bytes = projects_to_csv(&part, "projecten.csv")?;
        let bytes = crate::csv_formule_veilig(&bytes).unwrap_or(bytes);
        let body = if n == 0 {
            &bytes[..]
        } else {
            let header = bytes.iter().position(|b| *b == b'\n').map_or(0, |i| i + 1);
            &bytes[header..]
        };
        csv_out.write(body)?;
        // The pretty JSON array, element by element, indented as in the whole array.
        for p in &part {
            json_out.write(if n == 0 { b"[\n" } else { b",\n" })?;
            let one = json(p, "projecten.json")?;
            for (i, line) in one.split(|b| *b == b'\n').enumerate() {
                if i > 0 {
                    json_out.write(b"\n")?;
                }
                json_out.write(b"  ")?;
                json_out.write(line)?;
            }
            n += 1;
        }
        match part.last() {
            Some(p) => last = Some(p.id.clone()),
            None => break,
        }
    }
    json_out.write(if n == 0 { b"[]" } else { b"\n]" })?;
    let distributies = vec![
        csv_out.finish(PORTFOLIO_CSV, "text/csv", "CSV")?,
        json_out.finish(PORTFOLIO_JSON, "application/json", "JSON")?,
    ];
    Ok(PortfolioDeel {
        bestanden: Vec::new(),
        distributies,
        projects: n,
    })
}

/// The portfolio's dataset, over its distributions.
fn portfolio_dataset(d: Vec<Distributie>, projects: usize) -> Dataset {
    Dataset {
        key: "portfolio".into(),
        title_nl: "Portefeuille van projecten en innovaties".into(),
        title_en: "Portfolio of projects and innovations".into(),
        description_nl: format!(
            "{} projecten met partners, missies, kennisvragen, TRL/SEL/BRL, fasen en financiering.",
            projects
        ),
        temporal: None,
        spatial: vec!["NL01".into()],
        provenance: "Projectlijsten van financiers, ingevoerd en gecontroleerd met \
                     `gemeten projects import`."
            .into(),
        version: version(&d),
        distributions: d,
        keywords: vec!["gezondheid".into(), "innovatie".into(), "projecten".into()],
        synthetisch: false,
    }
}

/// [`fair_pakket`] with the portfolio's part made apart (in memory or in a folder).
pub fn fair_pakket_met(
    register: &Register,
    portfolio: PortfolioDeel,
    observations: &[Waarneming],
    cat: &Catalogus,
) -> Result<FairPakket, WriteError> {
    let mut files = Vec::new();
    let mut datasets = Vec::new();

    let mut register_files = vec![file(
        "register/register.json".into(),
        "application/json",
        to_json(register).into_bytes(),
    )];
    for (table, bytes) in csv_tables(register)? {
        register_files.push(file(format!("register/csv/{table}.csv"), "text/csv", bytes));
    }
    let d = bestanden(&mut files, register_files);
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
        version: version(&d),
        distributions: d,
        keywords: vec!["gezondheid".into(), "missies".into(), "register".into(), "KIA".into()],
        synthetisch: false,
    });

    files.extend(portfolio.bestanden);
    datasets.push(portfolio_dataset(
        portfolio.distributies,
        portfolio.projects,
    ));

    // Observations are aggregates already; nothing person-level is in them. Synthetic
    // example values go into a dataset of their own, so that no published series carries
    // a made-up value under the publisher's licence.
    let mut by_kpi: BTreeMap<(&str, bool), Vec<&Waarneming>> = BTreeMap::new();
    for w in observations {
        by_kpi
            .entry((w.kpi.as_str(), w.synthetisch))
            .or_default()
            .push(w);
    }
    for ((code, synthetisch), series) in &by_kpi {
        let def = cat.kpis.get(*code);
        let (key, stem) = if *synthetisch {
            (
                format!("kpi:{code}:synthetisch"),
                format!("kpi/{code}.synthetisch"),
            )
        } else {
            (format!("kpi:{code}"), format!("kpi/{code}"))
        };
        let csv_path = format!("{stem}.csv");
        let unit = def.map_or("", |k| k.unit.as_str());
        let d = bestanden(
            &mut files,
            vec![
                file(csv_path.clone(), "text/csv", observations_csv(series)?),
                file(
                    format!("{csv_path}-metadata.json"),
                    "application/csvm+json",
                    json(&csvw::beschrijving(&csv_path, code, def, unit), code)?,
                ),
                file(
                    format!("{stem}.json"),
                    "application/json",
                    json(series, code)?,
                ),
            ],
        );
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
        let name_nl = def.map_or_else(|| (*code).to_owned(), |k| k.name_nl.clone());
        let name_en = def.map_or_else(|| (*code).to_owned(), |k| k.name_en.clone());
        let mut keywords = vec![
            "gezondheid".to_owned(),
            "missies".to_owned(),
            (*code).to_owned(),
        ];
        if *synthetisch {
            keywords.push("synthetisch".into());
        }
        datasets.push(Dataset {
            key,
            title_nl: if *synthetisch {
                format!("SYNTHETISCH VOORBEELD — {name_nl}")
            } else {
                name_nl
            },
            title_en: if *synthetisch {
                format!("SYNTHETIC EXAMPLE — {name_en}")
            } else {
                name_en
            },
            description_nl: {
                let mut t = def.map_or_else(String::new, |k| {
                    format!(
                        "{} Eenheid: {}; {}.",
                        k.definitie_nl,
                        k.unit,
                        k.direction.label_nl()
                    )
                    .trim()
                    .to_owned()
                });
                if *synthetisch {
                    t = format!(
                        "Synthetische voorbeeldwaarden, door gemeten gemaakt waar geen \
                         gepubliceerde waarde bestaat: geen statistiek. {t}"
                    );
                }
                if t.is_empty() {
                    format!("Meetreeks {code}.")
                } else {
                    t
                }
            },
            temporal: periods
                .clone()
                .map(|p| p.begin_jaar())
                .min()
                .zip(periods.map(|p| p.eind_jaar()).max()),
            spatial: regions,
            provenance: format!(
                "Definitie: {}. Waarnemingen: {}.",
                def.map_or("onbekend", |k| k.source.as_str()),
                sources.join("; ")
            ),
            version: version(&d),
            distributions: d,
            keywords,
            synthetisch: *synthetisch,
        });
    }
    Ok(FairPakket {
        bestanden: files,
        datasets,
    })
}
