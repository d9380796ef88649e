//! Downloading a table from CBS's open-data service (OData v3) as the same rows a
//! `TypedDataSet` CSV export has, so one mapping serves both.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Map, Value};

use gemeten_domain::Tweetalig;

use crate::{BronFout, Rij, Tabel};

/// CBS's OData v3 service; the tests use a local server instead.
pub const CBS_ODATA: &str = "https://opendata.cbs.nl/ODataApi/odata";

/// CBS gives at most 10,000 records a page; a table of a million records is 100 pages. A
/// server that keeps sending `nextLink` beyond this is not one to trust.
const MAX_PAGINAS: usize = 1_000;

/// One page may be tens of megabytes; beyond this something is wrong.
const MAX_PAGINA_BYTES: u64 = 256 * 1024 * 1024;

/// Downloads `{base_url}/{tabel}/TypedDataSet?$format=json`, following `odata.nextLink`
/// until the last page, and returns its records as a [`Tabel`]: one column per property,
/// one row per record (`regel` is the record number, from 1), numbers as written, `null`
/// as an empty cell. Apply a mapping with [`crate::koppel`]; the shipped one for a table is
/// [`crate::meegeleverde_koppeling_cbs`].
pub fn haal_cbs(base_url: &str, tabel: &str) -> Result<Tabel, BronFout> {
    // The table id goes into a URL path: only CBS's own form (letters and digits).
    if tabel.is_empty() || !tabel.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(BronFout::Ophalen {
            tabel: tabel.to_owned(),
            url: base_url.to_owned(),
            reden: Tweetalig::new(
                "een CBS-tabelnummer bestaat uit letters en cijfers, zoals 71950ned",
                "a CBS table number consists of letters and digits, such as 71950ned",
            ),
        });
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let mut url = format!(
        "{}/{tabel}/TypedDataSet?$format=json",
        base_url.trim_end_matches('/')
    );
    let fout = |url: &str, reden: Tweetalig| BronFout::Ophalen {
        tabel: tabel.to_owned(),
        url: url.to_owned(),
        reden,
    };
    let mut pagina_teksten = Vec::new();
    for _ in 0..MAX_PAGINAS {
        let tekst = agent
            .get(&url)
            .header("Accept", "application/json")
            .call()
            .and_then(|mut r| {
                r.body_mut()
                    .with_config()
                    .limit(MAX_PAGINA_BYTES)
                    .read_to_string()
            })
            .map_err(|e| fout(&url, Tweetalig::uit_bibliotheek(&e.to_string())))?;
        let (records, volgende) = pagina(&tekst).map_err(|r| fout(&url, r))?;
        pagina_teksten.push(records);
        match volgende {
            Some(v) => url = v,
            None => return tabel_uit_records(&format!("CBS OData {tabel}"), pagina_teksten),
        }
    }
    Err(fout(
        &url,
        Tweetalig::new(
            format!("meer dan {MAX_PAGINAS} pagina's; gestopt"),
            format!("more than {MAX_PAGINAS} pages; stopped"),
        ),
    ))
}

type Record = Map<String, Value>;

/// The records and the next page's URL of one OData v3 JSON page
/// (`{"odata.metadata": …, "value": [ … ], "odata.nextLink": …}`).
fn pagina(tekst: &str) -> Result<(Vec<Record>, Option<String>), Tweetalig> {
    let mut v: Value = serde_json::from_str(tekst).map_err(|e| {
        let e = Tweetalig::uit_bibliotheek(&e.to_string());
        Tweetalig::new(
            format!("geen geldige JSON: {}", e.nl),
            format!("not valid JSON: {}", e.en),
        )
    })?;
    let volgende = v
        .get("odata.nextLink")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let Some(Value::Array(records)) = v.get_mut("value").map(Value::take) else {
        return Err(Tweetalig::new(
            "het antwoord heeft geen lijst 'value' (is dit een OData-tabel?)",
            "the answer has no list 'value' (is this an OData table?)",
        ));
    };
    let records = records
        .into_iter()
        .enumerate()
        .map(|(i, r)| match r {
            Value::Object(m) => Ok(m),
            _ => Err(Tweetalig::new(
                format!("record {} is geen object", i + 1),
                format!("record {} is no object", i + 1),
            )),
        })
        .collect::<Result<_, _>>()?;
    Ok((records, volgende))
}

/// The records of all pages as a table (columns: every property that occurs, sorted).
fn tabel_uit_records(naam: &str, paginas: Vec<Vec<Map<String, Value>>>) -> Result<Tabel, BronFout> {
    let kolommen: Vec<String> = paginas
        .iter()
        .flatten()
        .flat_map(|r| r.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let rijen = paginas
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, r)| Rij {
            regel: i as u64 + 1,
            cellen: kolommen
                .iter()
                .map(|k| match r.get(k) {
                    None | Some(Value::Null) => String::new(),
                    // CBS pads codes with spaces ("GM0363  "); the CSV reader trims too.
                    Some(Value::String(s)) => s.trim().to_owned(),
                    Some(other) => other.to_string(),
                })
                .collect(),
        })
        .collect();
    Ok(Tabel {
        naam: naam.to_owned(),
        kolommen,
        kopregel: None,
        rijen,
    })
}
