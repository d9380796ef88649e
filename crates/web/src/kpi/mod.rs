//! The KPI explorer's data: what a choice selects (a series over the periods, or every
//! region of one kind in one period), its CSV download `/kpi.csv` and the JSON API
//! (`/api/v1/kpi`, `/api/v1/kpi/{code}/waarnemingen`). The page itself is in `pagina`.
//! Every observation comes through `kleine_aantallen`, so withheld values stay withheld.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;

use gemeten_domain::Meetperiode;
use gemeten_indicators::{Catalogus, SEXES};

use crate::error::ApiError;
use crate::extract::query_pairs;
use crate::extract::Taal;
use crate::kpi::keuze::{keuze, pagina_keuze, Keuze, Regio, LAND};
use crate::kpi::kleine_aantallen::{onderdrukt_label, waarnemingen, Openbaar};
use crate::layout::PageError;
use crate::routes::Routes;
use crate::{AppState, Lang};

pub(crate) mod definities;
pub(crate) mod indicator;
pub(crate) mod kaart;
pub(crate) mod keuze;
pub(crate) mod kleine_aantallen;
pub(crate) mod pagina;

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/kpi", pagina::pagina)
        .get("/kpi/{code}", indicator::pagina)
        .get("/kpi.csv", csv_download)
        .get("/kpi.svg", kaart::svg_download)
        .get("/kpi-lijn.svg", pagina::lijn_download)
}

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/kpi", api_catalogus)
        .post("/kpi", definities::api_vastleggen)
        .get("/kpi/{code}", indicator::api)
        .get("/kpi/{code}/waarnemingen", api_waarnemingen)
}

/// The catalogue as last read and the store's `kpi` change counter it was read at: the
/// shipped KPIs plus those administrators defined, reread when any process changes those.
#[derive(Default)]
pub struct Kpis {
    last: std::sync::Mutex<Option<(u64, Arc<Catalogus>)>>,
}

/// The combined catalogue (shipped plus the administrators' KPIs) at the store's current
/// `kpi` version; read once per change, like the observations in `kleine_aantallen`.
pub(crate) async fn catalogus(state: &AppState) -> Result<Arc<Catalogus>, ApiError> {
    let version = state.versies().await?.kpi;
    let cached = |v: u64| -> Option<Arc<Catalogus>> {
        let last = state.kpis.last.lock().ok()?;
        last.as_ref()
            .filter(|(at, _)| *at >= v)
            .map(|(_, c)| Arc::clone(c))
    };
    if let Some(cat) = cached(version) {
        return Ok(cat);
    }
    let (version, cat) = state
        .with_store(|s| {
            // The application's refusal (a stored definition the rules now refuse) is a
            // server error here: the page cannot be made without its catalogue.
            let cat = gemeten_app::catalogus(s).map_err(|e| e.to_string());
            Ok((s.versies()?.kpi, cat))
        })
        .await?;
    let cat = Arc::new(cat.map_err(ApiError::Internal)?);
    if let Ok(mut last) = state.kpis.last.lock() {
        *last = Some((version, Arc::clone(&cat)));
    }
    Ok(cat)
}

/// What a choice shows: the rows (sorted for a comparison), the national reference value of
/// a comparison, and every observation of the KPI (for the empty state and the form).
pub(crate) struct Selectie {
    pub keuze: Keuze,
    pub rijen: Vec<Openbaar>,
    pub landelijk: Option<Openbaar>,
    pub alle: Vec<Openbaar>,
    /// The catalogue the choice was made in.
    pub cat: Arc<Catalogus>,
}

pub(crate) async fn selectie(state: &AppState, mut keuze: Keuze) -> Result<Selectie, ApiError> {
    let cat = catalogus(state).await?;
    let cat_arc = Arc::clone(&cat);
    let cat = &*cat;
    let alle = waarnemingen(state, Some(keuze.kpi.code.clone())).await?;
    if let (Regio::Soort(_), None) = (&keuze.regio, keuze.periode) {
        // A comparison is of one period: the latest that has values for this choice.
        keuze.periode = alle
            .iter()
            .filter(|o| keuze.past(cat, o))
            .map(|o| o.period)
            .max();
    }
    let mut rijen: Vec<Openbaar> = alle
        .iter()
        .filter(|o| keuze.past(cat, o))
        .cloned()
        .collect();
    let mut landelijk = None;
    if let Regio::Soort(_) = keuze.regio {
        // Highest first; withheld values last, by region code.
        rijen.sort_by(|a, b| match (a.waarde(), b.waarde()) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.region.cmp(&b.region),
        });
        let mut nl = keuze.clone();
        nl.regio = Regio::Een(LAND.to_owned());
        landelijk = alle.iter().find(|o| nl.past(cat, o)).cloned();
    }
    Ok(Selectie {
        keuze,
        rijen,
        landelijk,
        alle,
        cat: cat_arc,
    })
}

/// A number as it was stored, always with a decimal point (`63.0`, `71.234`), to 12
/// significant digits: a value computed from published ones (a gap, 70.1 − 56.4) carries
/// binary noise in its last digits (13.699999999999996), and no published figure has that
/// many digits.
pub(crate) fn getal(v: f64) -> String {
    let zonder_ruis = format!("{v:.11e}").parse::<f64>().unwrap_or(v);
    format!("{zonder_ruis:?}")
}

/// How a region's value compares with the national value of the same period and group (the
/// Fingertips method at the chosen level, 95 % or 99.8 %; a published significance judgement
/// as published). `None` when either value is withheld or missing: nothing is compared then,
/// never guessed.
pub(crate) fn vergelijking(
    o: &Openbaar,
    landelijk: Option<&Openbaar>,
    richting: gemeten_domain::Richting,
    niveau: keuze::Niveau,
) -> Option<gemeten_indicators::VergelijkingUitkomst> {
    use gemeten_indicators::{vergelijk, Benchmark, GepubliceerdeToets, Meting};
    let mut m = Meting::new(o.waarde()?);
    if let (Some(a), Some(b)) = (o.lower, o.upper) {
        m = m.met_interval(a, b);
    }
    if let Some(t) = o
        .significantie
        .as_deref()
        .and_then(GepubliceerdeToets::lees)
    {
        m = m.met_oordeel(t.oordeel, t.zekerheid);
    }
    let landelijk = landelijk?;
    // A made-up value against a published one (or the reverse) says nothing: not compared.
    if o.synthetisch != landelijk.synthetisch {
        return None;
    }
    let nl = landelijk.waarde()?;
    vergelijk(
        &m,
        &Benchmark::landelijk(nl),
        richting,
        niveau.zekerheid(),
        1,
    )
    .ok()
}

/// A number as a reader of the page's language writes it: a decimal comma in Dutch.
pub(crate) fn getal_in(v: f64, l: Lang) -> String {
    match l {
        Lang::Nl => getal(v).replace('.', ","),
        Lang::En => getal(v),
    }
}

/// How a CSV is written: the standard (`,` and a decimal point), or as Dutch Excel opens it
/// without an import dialogue (`;`, a decimal comma, and a UTF-8 byte-order mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CsvVorm {
    Standaard,
    Excel,
}

pub(crate) fn regio_naam(cat: &Catalogus, code: &str) -> String {
    cat.regios
        .get(code)
        .map_or_else(|| code.to_owned(), |r| r.name_nl.clone())
}

/// The CSV of a selection: a header row, the national reference first in a comparison, then
/// every row; withheld values have empty value, interval and n and say so in `status`.
pub(crate) fn csv_bytes(s: &Selectie, l: Lang, vorm: CsvVorm) -> Result<Vec<u8>, ApiError> {
    let cat = &*s.cat;
    let fout = |e: csv::Error| ApiError::Internal(format!("writing CSV: {e}"));
    let (delimiter, start): (u8, &[u8]) = match vorm {
        CsvVorm::Standaard => (b',', b""),
        CsvVorm::Excel => (b';', "\u{feff}".as_bytes()),
    };
    let getal = |v: f64| match vorm {
        CsvVorm::Standaard => getal(v),
        CsvVorm::Excel => getal_in(v, Lang::Nl),
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(start.to_vec());
    w.write_record([
        "kpi",
        "period",
        "region",
        "region_name",
        "sex",
        "ses_dimensie",
        "ses",
        "age_band",
        "value",
        "lower",
        "upper",
        "n",
        "unit",
        "source",
        "status",
        "synthetisch",
    ])
    .map_err(fout)?;
    for o in s.landelijk.iter().chain(&s.rijen) {
        let opt = |x: Option<f64>| x.map(getal).unwrap_or_default();
        // A public download: a cell a spreadsheet would run as a formula is neutralised.
        let record = [
            o.kpi.clone(),
            o.period.to_string(),
            o.region.clone(),
            regio_naam(cat, &o.region),
            o.sex.clone(),
            o.ses_dimensie.clone(),
            o.ses.clone(),
            o.age_band.clone(),
            opt(o.waarde()),
            opt(o.lower),
            opt(o.upper),
            o.n.map(|n| n.to_string()).unwrap_or_default(),
            s.keuze.kpi.unit.clone(),
            o.source.clone(),
            if o.suppressed {
                onderdrukt_label(l).to_owned()
            } else {
                String::new()
            },
            if o.synthetisch {
                l.t("ja: verzonnen voorbeeld", "yes: made-up example")
            } else {
                l.t("nee", "no")
            }
            .to_owned(),
        ];
        w.write_record(
            record
                .iter()
                .map(|c| gemeten_publicatie::formule_veilig(c).into_owned()),
        )
        .map_err(fout)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::Internal(format!("writing CSV: {e}")))
}

async fn csv_download(
    State(state): State<AppState>,
    taal: Taal,
    uri: Uri,
) -> Result<Response, PageError> {
    let fout = |e: ApiError| PageError::new(&taal, e);
    let pairs = query_pairs(&uri).map_err(|e| fout(e.into()))?;
    let cat = catalogus(&state).await.map_err(fout)?;
    let keuze = pagina_keuze(&cat, &pairs).map_err(|e| fout(e.into()))?;
    let s = selectie(&state, keuze).await.map_err(fout)?;
    let excel = pairs.iter().any(|(k, v)| k == "excel" && v == "1");
    let vorm = if excel {
        CsvVorm::Excel
    } else {
        CsvVorm::Standaard
    };
    let bytes = csv_bytes(&s, taal.lang, vorm).map_err(fout)?;
    let name = format!(
        "attachment; filename=\"kpi-{}{}.csv\"",
        s.keuze.kpi.code,
        if excel { "-excel" } else { "" }
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /api/v1/kpi`: the KPI catalogue, the regions and the groups a choice may name.
pub(crate) async fn api_catalogus(State(state): State<AppState>) -> Result<Response, ApiError> {
    let cat = catalogus(&state).await?;
    let cat = &*cat;
    Ok(Json(serde_json::json!({
        "kpis": cat.kpis.values().collect::<Vec<_>>(),
        "regios": cat.regios.values().collect::<Vec<_>>(),
        "geslacht": SEXES,
        "ses": cat.ses_groepen(),
        "ses_dimensies": cat.ses_dimensies.values().collect::<Vec<_>>(),
        "min_cell": state.min_cell,
    }))
    .into_response())
}

/// `GET /api/v1/kpi/{code}/waarnemingen`: the observations of one KPI for a choice, in the
/// store's order (period, region, groups); withheld values as `suppressed: true` without
/// value, interval or n.
pub(crate) async fn api_waarnemingen(
    State(state): State<AppState>,
    Path(code): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let cat = catalogus(&state).await?;
    let cat = &*cat;
    let def = cat
        .kpis
        .get(&code)
        .cloned()
        .ok_or_else(|| ApiError::niet_gevonden("code", "KPI", "KPI", &code))?;
    let pairs = query_pairs(&uri)?;
    let k = keuze(cat, def, &pairs).map_err(ApiError::from)?;
    let rows: Vec<Openbaar> = waarnemingen(&state, Some(code))
        .await?
        .into_iter()
        .filter(|o| k.past(cat, o))
        .collect();
    Ok(Json(serde_json::json!({
        "kpi": k.kpi,
        "min_cell": state.min_cell,
        "observations": rows,
    }))
    .into_response())
}

/// A page-side check that the chosen period exists, so a comparison of a year without data
/// says which years there are instead of showing nothing.
pub(crate) fn jaren(alle: &[Openbaar]) -> Vec<Meetperiode> {
    let mut j: Vec<Meetperiode> = alle.iter().map(|o| o.period).collect();
    j.sort_unstable();
    j.dedup();
    j
}

#[cfg(test)]
mod tests {
    use super::{getal, getal_in};
    use crate::Lang;

    #[test]
    fn numbers_show_without_binary_noise_and_keep_their_digits() {
        assert_eq!(getal(70.1 - 56.4), "13.7");
        assert_eq!(getal(63.0), "63.0");
        assert_eq!(getal(71.234), "71.234");
        assert_eq!(getal(0.000_123_4), "0.0001234");
        assert_eq!(getal(-2.5), "-2.5");
        assert_eq!(getal(17_800_000.0), "17800000.0");
        assert_eq!(getal_in(70.1 - 56.4, Lang::Nl), "13,7");
    }
}
