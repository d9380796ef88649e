//! The DCAT-AP 3.0.1 catalogue (JSON-LD) of the exported datasets.
//!
//! Every catalogue, dataset and distribution is an `https` IRI under the publisher's base
//! URL, at the address where the web application answers with its metadata (and the file
//! itself for a download URL), so a harvester such as data.overheid.nl can follow each one.
//! Controlled values come from the EU vocabularies DCAT-AP prescribes (data themes,
//! languages, file types) and IANA media types; each is typed with the class the DCAT-AP
//! range shapes expect, because a validator without inference sees only what is written.

use serde::Serialize;
use serde_json::{json, Value};

/// Who publishes, under which licence, and where the catalogue lives.
#[derive(Debug, Clone, Serialize)]
pub struct Uitgever {
    pub name: String,
    /// A licence URI, e.g. `http://creativecommons.org/licenses/by/4.0/`.
    pub license: String,
    /// The public address of the web application (`https://…`, no trailing slash); every
    /// identifier is minted under it.
    pub base_url: String,
    /// An e-mail address for questions about the data, if the publisher gives one.
    pub contact_email: Option<String>,
}

/// One file of a dataset.
#[derive(Debug, Clone, Serialize)]
pub struct Distributie {
    /// Path relative to the catalogue.
    pub path: String,
    pub media_type: &'static str,
    pub bytes: u64,
    pub sha256: String,
    /// What the file is, in Dutch (e.g. "Waarnemingen als CSV").
    pub title_nl: String,
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
    /// Dutch search words (`dcat:keyword`).
    pub keywords: Vec<String>,
    /// Synthetic example values, not statistics: published under their own licence and
    /// rights statement, never mixed with published values.
    pub synthetisch: bool,
}

/// The licence of synthetic example values: public domain (there is nothing to attribute),
/// with a rights statement that says they are made up.
pub const LICENTIE_SYNTHETISCH: &str = "http://creativecommons.org/publicdomain/zero/1.0/";

const THEMA_GEZONDHEID: &str = "http://publications.europa.eu/resource/authority/data-theme/HEAL";
const THEMA_TAXONOMIE: &str = "http://publications.europa.eu/resource/authority/data-theme";
const TAAL_NL: &str = "http://publications.europa.eu/resource/authority/language/NLD";
const TAAL_EN: &str = "http://publications.europa.eu/resource/authority/language/ENG";
const LAND_NL: &str = "http://publications.europa.eu/resource/authority/country/NLD";

impl Uitgever {
    /// The publisher and licence `gemeten fair export` uses unless told otherwise; the base
    /// URL is the web application's own default address until the deployment sets its
    /// public one (`--base-url`, `GEMETEN_BASE_URL`).
    pub fn standaard() -> Self {
        Uitgever {
            name: "KIC Gezondheid & Zorg".into(),
            license: "http://creativecommons.org/licenses/by/4.0/".into(),
            base_url: "http://127.0.0.1:8080".into(),
            contact_email: None,
        }
    }

    fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// The catalogue's IRI: where the web application serves it.
    pub fn catalogus_iri(&self) -> String {
        format!("{}/api/v1/fair/catalogus.jsonld", self.base())
    }

    /// A dataset's IRI: where the web application answers with its metadata.
    pub fn dataset_iri(&self, key: &str) -> String {
        format!(
            "{}/api/v1/fair/datasets/{}",
            self.base(),
            dataset_segment(key)
        )
    }

    /// A distribution's IRI, below its dataset's.
    pub fn distributie_iri(&self, key: &str, path: &str) -> String {
        format!(
            "{}/distributies/{}",
            self.dataset_iri(key),
            bestand_segment(path)
        )
    }

    /// Where the file itself is downloaded.
    pub fn download_url(&self, path: &str) -> String {
        format!(
            "{}/api/v1/fair/bestanden/{}",
            self.base(),
            bestand_segment(path)
        )
    }
}

/// A dataset key as one URL segment: `kpi:x` becomes `kpi.x` (keys and KPI codes hold no
/// dots).
pub fn dataset_segment(key: &str) -> String {
    key.replace(':', ".")
}

/// A file's path in the package as one URL segment: `register/csv/missie.csv` becomes
/// `register~csv~missie.csv`.
pub fn bestand_segment(path: &str) -> String {
    path.replace('/', "~")
}

/// An IANA media type as the IRI DCAT-AP asks for.
fn media_type(m: &str) -> Value {
    json!({"@id": format!("https://www.iana.org/assignments/media-types/{m}"), "@type": "dct:MediaType"})
}

/// The EU file-type vocabulary's entry for a media type.
fn format(m: &str) -> Value {
    let code = match m {
        "text/csv" => "CSV",
        "application/ld+json" => "JSON_LD",
        _ => "JSON",
    };
    json!({
        "@id": format!("http://publications.europa.eu/resource/authority/file-type/{code}"),
        "@type": "dct:MediaTypeOrExtent"
    })
}

fn licentie(uri: &str) -> Value {
    json!({"@id": uri, "@type": "dct:LicenseDocument"})
}

fn taal(uri: &str) -> Value {
    json!({"@id": uri, "@type": "dct:LinguisticSystem"})
}

fn publisher(u: &Uitgever) -> Value {
    json!({"@type": "foaf:Agent", "foaf:name": u.name})
}

fn contact(u: &Uitgever) -> Value {
    let mut v = json!({
        "@type": ["vcard:Kind", "vcard:Organization"],
        "vcard:fn": u.name,
        "vcard:hasURL": {"@id": format!("{}/", u.base())}
    });
    if let Some(mail) = &u.contact_email {
        v["vcard:hasEmail"] = json!({"@id": format!("mailto:{mail}")});
    }
    v
}

/// One dataset's metadata, as the catalogue holds it and as its own IRI answers.
pub fn dataset_metadata(u: &Uitgever, d: &Dataset, issued: &str) -> Value {
    let license = if d.synthetisch {
        LICENTIE_SYNTHETISCH
    } else {
        u.license.as_str()
    };
    let mut v = json!({
        "@id": u.dataset_iri(&d.key),
        "@type": "dcat:Dataset",
        "dct:identifier": u.dataset_iri(&d.key),
        "dct:title": [
            {"@value": d.title_nl, "@language": "nl"},
            {"@value": d.title_en, "@language": "en"}
        ],
        "dct:description": {"@value": d.description_nl, "@language": "nl"},
        "dct:publisher": publisher(u),
        "dcat:contactPoint": contact(u),
        "dcat:theme": {
            "@id": THEMA_GEZONDHEID,
            "@type": "skos:Concept",
            "skos:prefLabel": [
                {"@value": "Gezondheid", "@language": "nl"},
                {"@value": "Health", "@language": "en"}
            ]
        },
        "dcat:keyword": d.keywords.iter().map(|k| json!({"@value": k, "@language": "nl"})).collect::<Vec<_>>(),
        "dct:language": taal(TAAL_NL),
        "dct:license": licentie(license),
        "dct:issued": {"@value": issued, "@type": "xsd:date"},
        "dct:modified": {"@value": issued, "@type": "xsd:date"},
        "dct:provenance": {"@type": "dct:ProvenanceStatement", "rdfs:label": d.provenance},
        "owl:versionInfo": d.version,
        "dcat:landingPage": {"@id": u.dataset_iri(&d.key), "@type": "foaf:Document"},
        "dcat:distribution": d.distributions.iter().map(|f| json!({
            "@id": u.distributie_iri(&d.key, &f.path),
            "@type": "dcat:Distribution",
            "dct:title": {"@value": f.title_nl, "@language": "nl"},
            "dct:description": {"@value": f.title_nl, "@language": "nl"},
            // Each export replaces the files; the address stays.
            "dcatap:availability": {
                "@id": "http://publications.europa.eu/resource/authority/planned-availability/STABLE",
                "@type": "skos:Concept",
                "skos:prefLabel": {"@value": "stable", "@language": "en"}
            },
            "dcat:accessURL": {"@id": u.download_url(&f.path)},
            "dcat:downloadURL": {"@id": u.download_url(&f.path)},
            "dcat:mediaType": media_type(f.media_type),
            "dct:format": format(f.media_type),
            "dcat:byteSize": {"@value": f.bytes.to_string(), "@type": "xsd:nonNegativeInteger"},
            "spdx:checksum": {
                "@type": "spdx:Checksum",
                "spdx:algorithm": {"@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256", "@type": "spdx:ChecksumAlgorithm"},
                "spdx:checksumValue": {"@value": f.sha256, "@type": "xsd:hexBinary"}
            },
            "dct:license": licentie(license)
        })).collect::<Vec<_>>(),
    });
    if d.synthetisch {
        v["dct:rights"] = json!({
            "@type": "dct:RightsStatement",
            "rdfs:label": [
                {"@value": "Synthetische voorbeeldwaarden, door gemeten gemaakt om de software te tonen: geen statistiek, niet gebruiken als feit.", "@language": "nl"},
                {"@value": "Synthetic example values made by gemeten to demonstrate the software: not statistics, not to be used as fact.", "@language": "en"}
            ]
        });
    }
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
}

/// The `@context` every document of the catalogue uses.
pub fn context() -> Value {
    json!({
        "dcat": "http://www.w3.org/ns/dcat#",
        "dcatap": "http://data.europa.eu/r5r/",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "owl": "http://www.w3.org/2002/07/owl#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "spdx": "http://spdx.org/rdf/terms#",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#"
    })
}

/// The catalogue as JSON-LD; `issued` is the export date (YYYY-MM-DD).
pub fn catalogus(uitgever: &Uitgever, datasets: &[Dataset], issued: &str) -> Value {
    let sets: Vec<Value> = datasets
        .iter()
        .map(|d| dataset_metadata(uitgever, d, issued))
        .collect();
    json!({
        "@context": context(),
        "@id": uitgever.catalogus_iri(),
        "@type": "dcat:Catalog",
        "dct:title": [
            {"@value": "gemeten — missies Gezondheid & Zorg", "@language": "nl"},
            {"@value": "gemeten — Health & Care missions", "@language": "en"}
        ],
        "dct:description": [
            {"@value": "Het register van de missies Gezondheid & Zorg (missies, doelen, kennisvragen, activiteiten, instrumenten), de portefeuille van projecten en de meetreeksen waarmee de missies gevolgd worden, met herkomst en controlegetallen.", "@language": "nl"},
            {"@value": "The register of the Dutch Health & Care missions (missions, targets, knowledge questions, activities, instruments), the project portfolio and the series the missions are monitored by, with provenance and checksums.", "@language": "en"}
        ],
        "dct:publisher": publisher(uitgever),
        "dct:license": licentie(&uitgever.license),
        "dct:language": [taal(TAAL_NL), taal(TAAL_EN)],
        "dct:spatial": {"@id": LAND_NL, "@type": "dct:Location"},
        "dct:issued": {"@value": issued, "@type": "xsd:date"},
        "dct:modified": {"@value": issued, "@type": "xsd:date"},
        "foaf:homepage": {"@id": format!("{}/", uitgever.base()), "@type": "foaf:Document"},
        "dcat:themeTaxonomy": {
            "@id": THEMA_TAXONOMIE,
            "@type": "skos:ConceptScheme",
            "dct:title": {"@value": "Data theme", "@language": "en"}
        },
        "dcat:dataset": sets,
    })
}
