//! A DCAT-AP style catalogue (JSON-LD) of the exported datasets. Identifiers are URNs in
//! gemeten's own namespace: stable across exports and honest about not being resolvable
//! web addresses until a publisher gives them one.

use serde::Serialize;
use serde_json::{json, Value};

/// Who publishes, under which licence.
#[derive(Debug, Clone, Serialize)]
pub struct Uitgever {
    pub name: String,
    /// A licence URI, e.g. `http://creativecommons.org/licenses/by/4.0/`.
    pub license: String,
}

/// One file of a dataset.
#[derive(Debug, Clone, Serialize)]
pub struct Distributie {
    /// Path relative to the catalogue.
    pub path: String,
    pub media_type: &'static str,
    pub bytes: u64,
    pub sha256: String,
}

/// One dataset: a KPI series, the register, the portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct Dataset {
    /// Stable local name, e.g. `kpi:gezonde_levensverwachting`, `register`, `portfolio`.
    pub key: String,
    pub title_nl: String,
    pub title_en: String,
    pub description_nl: String,
    /// First and last period covered, where the dataset is a time series.
    pub temporal: Option<(i32, i32)>,
    /// Region codes covered (CBS codes where they exist).
    pub spatial: Vec<String>,
    pub provenance: String,
    /// Content version: the first 12 hex digits of the SHA-256 over the distributions.
    pub version: String,
    pub distributions: Vec<Distributie>,
}

impl Uitgever {
    /// The publisher and licence `gemeten fair export` uses unless told otherwise.
    pub fn standaard() -> Self {
        Uitgever {
            name: "KIC Gezondheid & Zorg".into(),
            license: "http://creativecommons.org/licenses/by/4.0/".into(),
        }
    }
}

pub fn urn(key: &str) -> String {
    format!("urn:gemeten:dataset:{key}")
}

/// The catalogue as JSON-LD; `issued` is the export date (YYYY-MM-DD).
pub fn catalogus(uitgever: &Uitgever, datasets: &[Dataset], issued: &str) -> Value {
    let publisher = json!({"@type": "foaf:Agent", "foaf:name": uitgever.name});
    let sets: Vec<Value> = datasets
        .iter()
        .map(|d| {
            let mut v = json!({
                "@id": urn(&d.key),
                "@type": "dcat:Dataset",
                "dct:identifier": urn(&d.key),
                "dct:title": [
                    {"@value": d.title_nl, "@language": "nl"},
                    {"@value": d.title_en, "@language": "en"}
                ],
                "dct:description": {"@value": d.description_nl, "@language": "nl"},
                "dct:publisher": publisher,
                "dct:license": {"@id": uitgever.license},
                "dct:issued": {"@value": issued, "@type": "xsd:date"},
                "dct:provenance": {"@type": "dct:ProvenanceStatement", "rdfs:label": d.provenance},
                "owl:versionInfo": d.version,
                "dcat:distribution": d.distributions.iter().map(|f| json!({
                    "@type": "dcat:Distribution",
                    "dcat:downloadURL": {"@id": f.path},
                    "dcat:mediaType": f.media_type,
                    "dcat:byteSize": f.bytes,
                    "spdx:checksum": {
                        "@type": "spdx:Checksum",
                        "spdx:algorithm": "spdx:checksumAlgorithm_sha256",
                        "spdx:checksumValue": f.sha256
                    },
                    "dct:license": {"@id": uitgever.license}
                })).collect::<Vec<_>>(),
            });
            if let Some((from, to)) = d.temporal {
                v["dct:temporal"] = json!({
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": {"@value": from.to_string(), "@type": "xsd:gYear"},
                    "dcat:endDate": {"@value": to.to_string(), "@type": "xsd:gYear"}
                });
            }
            if !d.spatial.is_empty() {
                v["dct:spatial"] = json!(d
                    .spatial
                    .iter()
                    .map(|r| json!({"@type": "dct:Location", "skos:notation": r}))
                    .collect::<Vec<_>>());
            }
            v
        })
        .collect();
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "owl": "http://www.w3.org/2002/07/owl#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "spdx": "http://spdx.org/rdf/terms#",
            "xsd": "http://www.w3.org/2001/XMLSchema#"
        },
        "@id": "urn:gemeten:catalogus",
        "@type": "dcat:Catalog",
        "dct:title": [
            {"@value": "gemeten — missies Gezondheid & Zorg", "@language": "nl"},
            {"@value": "gemeten — Health & Care missions", "@language": "en"}
        ],
        "dct:publisher": publisher,
        "dct:license": {"@id": uitgever.license},
        "dct:issued": {"@value": issued, "@type": "xsd:date"},
        "dcat:dataset": sets,
    })
}
