//! Area profiles: `/gebieden` lists the regions by kind; `/gebieden/{code}` shows every KPI
//! for one region against the national value, after the spine chart of the UK's Fingertips
//! profiles; `/api/v1/gebieden/{code}` is the same profile as JSON, from the same struct, so
//! page and API cannot disagree.
//!
//! Per KPI the profile takes the region's total (both sexes, no SES or age breakdown) in the
//! latest period for which the country has a total too, and compares the two with
//! [`gemeten_indicators::vergelijk`] at 95 %: the source's own significance flag when it
//! gives one, else the region's 95 % interval against the national value, else "niet
//! vergeleken". Observations come through `kleine_aantallen`, so a withheld value counts
//! as no value; a KPI without a usable value is listed with the reason.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};
use serde::Serialize;

use gemeten_domain::{Meetperiode, Richting};
use gemeten_grafiek::{ruggengraat, Ruggengraat};
use gemeten_indicators::{
    vergelijk, Benchmark, Catalogus, GepubliceerdOordeel, Grondslag, KpiDefinitie, Meting, Regio,
    Tweetalig, Vergelijking, VergelijkingUitkomst, Zekerheid,
};

use crate::error::ApiError;
use crate::extract::Taal;
use crate::kpi::keuze::LAND;
use crate::kpi::kleine_aantallen::{waarnemingen, Openbaar};
use crate::kpi::pagina::niveau_label;
use crate::kpi::{catalogus, getal_in};
use crate::layout::{page, Nav, PageError};
use crate::routes::Routes;
use crate::{AppState, Lang, Weergave};

/// The kinds of region that have a profile. The country is the benchmark, not an area.
const NIVEAUS: [&str; 4] = ["provincie", "ggd", "zorgkantoor", "roaz"];
/// Decimals of the numbers in a comparison's reason: two, as the sample and most published
/// series are given, so the reason's numbers match the table's (one decimal turned a national
/// 64.25 into "64,2" beside it).
const DECIMALEN: usize = 2;
/// Fewer regions of a kind than this make no spread worth drawing (quartiles of two values
/// say nothing).
const MIN_SPREIDING: usize = 3;

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/gebieden", lijst).get("/gebieden/{code}", pagina)
}

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/gebieden/{code}", api_profiel)
}

/// One region's profile: what the page shows and the API returns.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Profiel {
    pub regio: RegioKop,
    /// The benchmark's region code (the country).
    pub benchmark: &'static str,
    /// The confidence level of the comparisons, in percent.
    pub zekerheid: f64,
    pub min_cell: u64,
    /// Some value shown (the region's or the national) is a made-up example.
    pub synthetisch: bool,
    pub kpis: Vec<ProfielRij>,
    /// The KPIs without a value to compare for this region, with the reason.
    pub ontbrekend: Vec<Ontbrekend>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RegioKop {
    pub code: String,
    pub naam: String,
    pub niveau: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProfielRij {
    pub kpi: String,
    pub naam_nl: String,
    pub naam_en: String,
    pub unit: String,
    pub direction: Richting,
    pub period: Meetperiode,
    pub value: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub n: Option<u64>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub significantie: Option<String>,
    pub synthetisch: bool,
    pub landelijk: Landelijk,
    pub vergelijking: VergelijkingUitkomst,
    /// The regions of the same kind in the same period, for the spine chart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spreiding: Option<Spreiding>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Landelijk {
    pub value: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub source: String,
    pub synthetisch: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Spreiding {
    /// How many regions of this kind have a value in this period (this one included).
    pub regios: usize,
    pub min: f64,
    pub q1: f64,
    pub q3: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Ontbrekend {
    pub kpi: String,
    pub naam_nl: String,
    pub naam_en: String,
    pub reden: Ontbreekreden,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Ontbreekreden {
    /// No total for this region at all.
    GeenWaarde,
    /// Every total of this region is withheld (small numbers).
    Onderdrukt,
    /// The region has values, but the country none for the same period.
    GeenLandelijkeWaarde,
}

impl Ontbreekreden {
    fn label(self, l: Lang) -> &'static str {
        match self {
            Ontbreekreden::GeenWaarde => {
                l.t("geen waarde voor deze regio", "no value for this region")
            }
            Ontbreekreden::Onderdrukt => l.t(
                "waarde onderdrukt (kleine aantallen)",
                "value suppressed (small numbers)",
            ),
            Ontbreekreden::GeenLandelijkeWaarde => l.t(
                "geen landelijke waarde voor dezelfde periode",
                "no national value for the same period",
            ),
        }
    }
}

/// The total of a KPI: both sexes, no SES group, no age band.
fn is_totaal(o: &Openbaar) -> bool {
    o.sex.is_empty() && o.ses_dimensie.is_empty() && o.ses.is_empty() && o.age_band.is_empty()
}

/// A region with a profile, or `None` (unknown code, or the country itself).
fn gebied<'a>(cat: &'a Catalogus, code: &str) -> Option<&'a Regio> {
    cat.regios
        .get(&code.to_ascii_uppercase())
        .filter(|r| NIVEAUS.contains(&r.level.as_str()))
}

/// A published significance flag as VZinfo writes it ("onder, 99% zeker", "hoger, 95%
/// zeker", "niet significant, 95% zeker"). A flag without its confidence level is not used:
/// the level would be a guess; the comparison then rests on the interval.
fn gepubliceerd(flag: &str) -> Option<(GepubliceerdOordeel, Zekerheid)> {
    gemeten_indicators::GepubliceerdeToets::lees(flag).map(|t| (t.oordeel, t.zekerheid))
}

/// The comparison of one region value with the national value. An input `vergelijk` refuses
/// (an interval that does not contain its value) is "niet vergeleken" with the reason, not
/// an error page: the other KPIs still show.
fn vergelijking(
    o: &Openbaar,
    waarde: f64,
    nl: &Openbaar,
    nl_waarde: f64,
    def: &KpiDefinitie,
) -> VergelijkingUitkomst {
    // A made-up value against a published one (or the reverse) says nothing: not compared.
    if o.synthetisch != nl.synthetisch {
        return VergelijkingUitkomst {
            oordeel: Vergelijking::NietVergeleken,
            grondslag: Grondslag::Geen,
            zekerheid: None,
            interval: None,
            reden: Tweetalig::new(
                "niet vergeleken: een synthetische waarde naast een gepubliceerde zegt niets",
                "not compared: a synthetic value next to a published one says nothing",
            ),
        };
    }
    let nl = nl_waarde;
    let mut meting = Meting::new(waarde);
    if let (Some(lo), Some(hi)) = (o.lower, o.upper) {
        meting = meting.met_interval(lo, hi);
    }
    if let Some((oordeel, z)) = o.significantie.as_deref().and_then(gepubliceerd) {
        meting = meting.met_oordeel(oordeel, z);
    }
    vergelijk(
        &meting,
        &Benchmark::landelijk(nl),
        def.direction,
        Zekerheid::P95,
        DECIMALEN,
    )
    .unwrap_or_else(|e| VergelijkingUitkomst {
        oordeel: Vergelijking::NietVergeleken,
        grondslag: Grondslag::Geen,
        zekerheid: None,
        interval: None,
        reden: Tweetalig::new(
            format!("niet vergeleken: {e}"),
            format!("not compared: {e}"),
        ),
    })
}

/// The quantile `p` of sorted values, interpolated linearly between neighbours.
fn kwantiel(sorted: &[f64], p: f64) -> f64 {
    let pos = p * (sorted.len() - 1) as f64;
    let (i, f) = (pos.floor() as usize, pos.fract());
    match sorted.get(i + 1) {
        Some(next) => sorted[i] + f * (next - sorted[i]),
        None => sorted[i],
    }
}

fn spreiding(
    alle: &[Openbaar],
    cat: &Catalogus,
    kpi: &str,
    level: &str,
    p: Meetperiode,
) -> Option<Spreiding> {
    let mut v: Vec<f64> = alle
        .iter()
        .filter(|o| o.kpi == kpi && o.period == p && is_totaal(o))
        .filter(|o| cat.regios.get(&o.region).is_some_and(|r| r.level == level))
        .filter_map(Openbaar::waarde)
        .filter(|v| v.is_finite())
        .collect();
    if v.len() < MIN_SPREIDING {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(Spreiding {
        regios: v.len(),
        min: v[0],
        q1: kwantiel(&v, 0.25),
        q3: kwantiel(&v, 0.75),
        max: v[v.len() - 1],
    })
}

/// The profile of `regio` over the public observations `alle`.
fn profiel(cat: &Catalogus, regio: &Regio, alle: &[Openbaar], min_cell: u64) -> Profiel {
    let mut kpis = Vec::new();
    let mut ontbrekend = Vec::new();
    for def in cat.kpis.values() {
        let eigen: Vec<&Openbaar> = alle
            .iter()
            .filter(|o| o.kpi == def.code && o.region == regio.code && is_totaal(o))
            .collect();
        // The national totals with a value, by period.
        let landelijk: BTreeMap<Meetperiode, (&Openbaar, f64)> = alle
            .iter()
            .filter(|o| o.kpi == def.code && o.region == LAND && is_totaal(o))
            .filter_map(|o| Some((o.period, (o, o.waarde()?))))
            .collect();
        let gekozen = eigen
            .iter()
            .filter_map(|o| Some((*o, o.waarde()?)))
            .filter(|(o, _)| landelijk.contains_key(&o.period))
            .max_by_key(|(o, _)| o.period);
        let Some((o, waarde)) = gekozen else {
            let reden = if eigen.is_empty() {
                Ontbreekreden::GeenWaarde
            } else if eigen.iter().all(|o| o.waarde().is_none()) {
                Ontbreekreden::Onderdrukt
            } else {
                Ontbreekreden::GeenLandelijkeWaarde
            };
            ontbrekend.push(Ontbrekend {
                kpi: def.code.clone(),
                naam_nl: def.name_nl.clone(),
                naam_en: def.name_en.clone(),
                reden,
            });
            continue;
        };
        let Some(&(nl, nl_waarde)) = landelijk.get(&o.period) else {
            continue;
        };
        kpis.push(ProfielRij {
            kpi: def.code.clone(),
            naam_nl: def.name_nl.clone(),
            naam_en: def.name_en.clone(),
            unit: def.unit.clone(),
            direction: def.direction,
            period: o.period,
            value: waarde,
            lower: o.lower,
            upper: o.upper,
            n: o.n,
            source: o.source.clone(),
            significantie: o.significantie.clone(),
            synthetisch: o.synthetisch,
            landelijk: Landelijk {
                value: nl_waarde,
                lower: nl.lower,
                upper: nl.upper,
                source: nl.source.clone(),
                synthetisch: nl.synthetisch,
            },
            vergelijking: vergelijking(o, waarde, nl, nl_waarde, def),
            spreiding: spreiding(alle, cat, &def.code, &regio.level, o.period),
        });
    }
    Profiel {
        regio: RegioKop {
            code: regio.code.clone(),
            naam: regio.name_nl.clone(),
            niveau: regio.level.clone(),
        },
        benchmark: LAND,
        zekerheid: Zekerheid::P95.procent(),
        min_cell,
        synthetisch: kpis
            .iter()
            .any(|r| r.synthetisch || r.landelijk.synthetisch),
        kpis,
        ontbrekend,
    }
}

async fn laad(state: &AppState, code: &str) -> Result<Option<Profiel>, ApiError> {
    let cat = catalogus(state).await?;
    let cat = &*cat;
    let Some(regio) = gebied(cat, code) else {
        return Ok(None);
    };
    let alle = waarnemingen(state, None).await?;
    Ok(Some(profiel(cat, regio, &alle, state.min_cell)))
}

/// `GET /api/v1/gebieden/{code}`: computed once per version of the observations.
async fn api_profiel(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let key = format!("gebied-json/{code}");
    let w = state
        .weergave(key, || async {
            let p = laad(&state, &code)
                .await?
                .ok_or_else(|| ApiError::niet_gevonden("code", "regio", "region", &code))?;
            Ok(Weergave {
                title: String::new(),
                body: serde_json::to_string(&p).map_err(|e| ApiError::Internal(e.to_string()))?,
            })
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], w.body.clone()).into_response())
}

fn badge(l: Lang) -> Markup {
    html! {
        span.badge-synthetisch title=(l.t("verzonnen voorbeeldwaarde, geen echt cijfer", "made-up example value, not a real statistic")) {
            (l.t("synthetisch", "synthetic"))
        }
    }
}

fn interval(lo: Option<f64>, hi: Option<f64>, l: Lang) -> Markup {
    html! {
        @if let (Some(a), Some(b)) = (lo, hi) { (getal_in(a, l)) "–" (getal_in(b, l)) } @else { "—" }
    }
}

fn oordeel_klasse(v: Vergelijking) -> &'static str {
    match v {
        Vergelijking::Beter => "beter",
        Vergelijking::Vergelijkbaar => "vergelijkbaar",
        Vergelijking::Slechter => "slechter",
        Vergelijking::NietVergeleken => "niet-vergeleken",
    }
}

fn grafiek_vergelijking(v: Vergelijking) -> gemeten_grafiek::Vergelijking {
    match v {
        Vergelijking::Beter => gemeten_grafiek::Vergelijking::Beter,
        Vergelijking::Vergelijkbaar => gemeten_grafiek::Vergelijking::Vergelijkbaar,
        Vergelijking::Slechter => gemeten_grafiek::Vergelijking::Slechter,
        Vergelijking::NietVergeleken => gemeten_grafiek::Vergelijking::NietVergeleken,
    }
}

fn oordeel_label(v: Vergelijking, l: Lang) -> &'static str {
    match l {
        Lang::Nl => v.label_nl(),
        Lang::En => v.label_en(),
    }
}

fn rij(p: &Profiel, r: &ProfielRij, l: Lang) -> Markup {
    let naam = l.t(r.naam_nl.as_str(), r.naam_en.as_str());
    let reden = l.t(
        r.vergelijking.reden.nl.as_str(),
        r.vergelijking.reden.en.as_str(),
    );
    let oordeel = oordeel_label(r.vergelijking.oordeel, l);
    let figuur = Ruggengraat {
        waarde: r.value,
        interval: r.lower.zip(r.upper),
        landelijk: r.landelijk.value,
        spreiding: r.spreiding.as_ref().map(|s| [s.min, s.q1, s.q3, s.max]),
        richting: r.direction,
        vergelijking: grafiek_vergelijking(r.vergelijking.oordeel),
    };
    let mut desc = format!(
        "{}: {} {}; {}: {}; {}",
        p.regio.naam,
        getal_in(r.value, l),
        r.unit,
        l.t("Nederland", "Netherlands"),
        getal_in(r.landelijk.value, l),
        oordeel
    );
    if let Some(s) = &r.spreiding {
        desc.push_str(&format!(
            "; {} {}: {}–{}",
            s.regios,
            l.t("regio's van deze soort", "regions of this kind"),
            getal_in(s.min, l),
            getal_in(s.max, l)
        ));
    }
    let explorer = format!("/kpi?kpi={}&regio={}", r.kpi, p.regio.code);
    html! {
        tr {
            th scope="row" {
                a href=(explorer) { (naam) } " "
                span.meta { "(" (r.unit) ")" }
            }
            td { (r.period) }
            td.num {
                (getal_in(r.value, l))
                @if r.synthetisch { " " (badge(l)) }
            }
            td.num { (interval(r.lower, r.upper, l)) }
            td.num {
                (getal_in(r.landelijk.value, l))
                @if r.landelijk.synthetisch { " " (badge(l)) }
            }
            td {
                span class={"oordeel " (oordeel_klasse(r.vergelijking.oordeel))} { (oordeel) }
                @if let Some(sig) = &r.significantie {
                    " " span.significantie lang="nl" { "(" (l.t("bron", "source")) ": " (sig) ")" }
                }
                small.reden { (reden) }
            }
            td {
                (ruggengraat(&figuur, &format!("{naam}: {} {oordeel}", p.regio.naam), &desc, l))
            }
        }
    }
}

fn profiel_pagina(l: Lang, p: &Profiel) -> Weergave {
    let title = format!("{} ({})", p.regio.naam, p.regio.code);
    let body = html! {
        p.meta { a href="/gebieden" { (l.t("Alle gebieden", "All areas")) } " › " (niveau_label(&p.regio.niveau, l)) }
        h1 { span lang=[crate::layout::nl(l)] { (p.regio.naam) } " " span.code { "(" (p.regio.code) ")" } }
        p.intro { (l.t(
            "Elke KPI met een waarde voor deze regio, vergeleken met de landelijke waarde in dezelfde periode (de laatste waarvoor beide er zijn), voor iedereen samen (geen uitsplitsing naar geslacht, SES of leeftijd).",
            "Every KPI with a value for this region, compared with the national value in the same period (the latest for which both exist), for everyone together (no breakdown by sex, SES or age).",
        )) }
        @if p.synthetisch {
            p.synthetisch-melding.synthetisch role="note" { strong { (l.t(
                "Let op: (een deel van) deze waarden is synthetisch — verzonnen voorbeelden, geen echte cijfers. Ze zijn per waarde gemarkeerd.",
                "Note: (some of) these values are synthetic — made-up examples, not real statistics. Each is marked.",
            )) } }
        }
        @if p.kpis.is_empty() {
            p.leeg { (l.t(
                "Voor deze regio is nog geen KPI-waarde met een landelijke waarde in dezelfde periode.",
                "This region has no KPI value yet with a national value in the same period.",
            )) }
        } @else {
            h2 { (l.t("Vergelijking met Nederland", "Comparison with the Netherlands")) }
            div.scroll { table.gebied-profiel {
                caption { (p.regio.naam) " — " (l.t("KPI's tegen de landelijke waarde", "KPIs against the national value")) }
                thead { tr {
                    th scope="col" { "KPI" }
                    th scope="col" { (l.t("Periode", "Period")) }
                    th scope="col" .num { (l.t("Waarde", "Value")) }
                    th scope="col" .num { (l.t("95 %-interval", "95 % interval")) }
                    th scope="col" .num { (l.t("Nederland", "Netherlands")) }
                    th scope="col" { (l.t("Vergelijking", "Comparison")) }
                    th scope="col" { (l.t("Ten opzichte van Nederland", "Relative to the Netherlands")) }
                } }
                tbody { @for r in &p.kpis { (rij(p, r, l)) } }
            } }
            p.legenda { (l.t(
                "Zo lees je de laatste kolom: de verticale lijn is Nederland; de stip is deze regio met haar 95 %-interval, gekleurd naar de vergelijking (blauw beter, geel vergelijkbaar, rood slechter, wit niet vergeleken). Rechts is altijd beter, ook bij een KPI waar lager beter is. De grijze band loopt van de laagste tot de hoogste regio van dezelfde soort in dezelfde periode, donkerder voor de middelste helft. Elke rij heeft haar eigen schaal.",
                "How to read the last column: the vertical line is the Netherlands; the dot is this region with its 95 % interval, coloured by the comparison (blue better, yellow similar, red worse, white not compared). Right is always better, also for a KPI where lower is better. The grey band runs from the lowest to the highest region of the same kind in the same period, darker for the middle half. Each row has its own scale.",
            )) }
            p.meta { (l.t(
                "Vergelijking op 95 %: een significantieoordeel van de bron wordt gebruikt zoals gepubliceerd; anders ligt het 95 %-interval van de regio geheel boven of onder de landelijke waarde, of omvat het die (methode van Fingertips). Zonder interval of oordeel: niet vergeleken. Waarden op minder dan ",
                "Comparison at 95 %: a significance judgement by the source is used as published; otherwise the region's 95 % interval lies entirely above or below the national value, or contains it (the Fingertips method). Without interval or judgement: not compared. Values resting on fewer than ",
            )) (p.min_cell) (l.t(" personen worden niet getoond.", " persons are not shown.")) " "
                a href={"/api/v1/gebieden/" (p.regio.code)} { (l.t("Dezelfde gegevens als JSON", "The same data as JSON")) }
            }
        }
        @if !p.ontbrekend.is_empty() {
            h2 #ontbrekend { (l.t("KPI's zonder vergelijking", "KPIs without a comparison")) " " span.count { "(" (p.ontbrekend.len()) ")" } }
            ul.ontbrekend { @for o in &p.ontbrekend {
                li { (l.t(o.naam_nl.as_str(), o.naam_en.as_str())) " — " span.meta { (o.reden.label(l)) } }
            } }
        }
    };
    Weergave {
        title,
        body: body.into_string(),
    }
}

/// 404 in the page's language, naming the code and pointing at the list.
fn onbekend(taal: &Taal, code: &str) -> Response {
    let l = taal.lang;
    let title = l.t("Gebied niet gevonden", "Area not found");
    let body = html! {
        h1 { (title) }
        p { (l.t("Er is geen gebied met de code", "There is no area with the code")) " " code { (code) } "." }
        p { (l.t(
            "Een gebied is een provincie (PV20–PV31), een GGD-regio (bijv. GG3406), een zorgkantoorregio (bijv. ZK02) of een ROAZ-regio; Nederland zelf (NL01) is de maat waartegen vergeleken wordt.",
            "An area is a province (PV20–PV31), a GGD region (e.g. GG3406), a zorgkantoor region (e.g. ZK02) or a ROAZ region; the Netherlands itself (NL01) is the benchmark everything is compared with.",
        )) }
        p { a href="/gebieden" { (l.t("Naar alle gebieden", "To all areas")) } }
    };
    let mut response = page(taal, title, Nav::Gebieden, body);
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

/// `GET /gebieden/{code}`: computed once per version of the observations (see `Weergaven`).
async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let key = format!("gebied/{}/{code}", l.code());
    let w = state
        .weergave(key, || async {
            Ok(match laad(&state, &code).await? {
                Some(p) => profiel_pagina(l, &p),
                // Unknown: an empty title marks the 404 page.
                None => Weergave {
                    title: String::new(),
                    body: String::new(),
                },
            })
        })
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    if w.title.is_empty() {
        return Ok(onbekend(&taal, &code));
    }
    Ok(page(
        &taal,
        &w.title,
        Nav::Gebieden,
        PreEscaped(w.body.clone()),
    ))
}

/// `GET /gebieden`: the regions by kind, each with how many KPIs it has a value for.
async fn lijst(State(state): State<AppState>, taal: Taal) -> Result<Response, PageError> {
    let l = taal.lang;
    let fout = |e: ApiError| PageError::new(&taal, e);
    let cat = catalogus(&state).await.map_err(fout)?;
    let cat = &*cat;
    let alle = waarnemingen(&state, None).await.map_err(fout)?;
    let mut met_waarde: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for o in alle.iter().filter(|o| is_totaal(o) && o.waarde().is_some()) {
        met_waarde
            .entry(o.region.as_str())
            .or_default()
            .insert(o.kpi.as_str());
    }
    let body = html! {
        h1 { (l.t("Gebieden", "Areas")) }
        p.intro { (l.t(
            "Kies een regio voor haar profiel: elke KPI met een waarde voor die regio naast de landelijke waarde, met de vergelijking (beter, vergelijkbaar, slechter) en een regel per KPI zoals de spine chart van Fingertips. Tussen haakjes: voor hoeveel KPI's de regio een waarde heeft.",
            "Choose a region for its profile: every KPI with a value for that region beside the national value, with the comparison (better, similar, worse) and one row per KPI like the spine chart of Fingertips. In brackets: for how many KPIs the region has a value.",
        )) }
        @for level in NIVEAUS {
            @let regios: Vec<&Regio> = cat.regios.values().filter(|r| r.level == level).collect();
            @if !regios.is_empty() {
                h2 #(level) { (niveau_label(level, l)) " " span.count { "(" (regios.len()) ")" } }
                ul.gebieden { @for r in regios {
                    @let n = met_waarde.get(r.code.as_str()).map_or(0, |s| s.len());
                    li {
                        a href={"/gebieden/" (r.code)} lang=[crate::layout::nl(l)] { (r.name_nl) } " "
                        span.meta { "(" (r.code) ", "
                            @if n == 0 { (l.t("geen gegevens", "no data")) }
                            @else { (n) " " (l.t("KPI", "KPI")) @if n != 1 { (l.t("'s", "s")) } }
                            ")" }
                    }
                } }
            }
        }
    };
    Ok(page(&taal, l.t("Gebieden", "Areas"), Nav::Gebieden, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_flag_is_read_with_its_level() {
        let z99 = Zekerheid::new(99.0).unwrap();
        assert_eq!(
            gepubliceerd("onder, 99% zeker"),
            Some((GepubliceerdOordeel::Lager, z99))
        );
        assert_eq!(
            gepubliceerd("Hoger, 99,8 % zeker"),
            Some((GepubliceerdOordeel::Hoger, Zekerheid::P99_8))
        );
        assert_eq!(
            gepubliceerd("niet significant, 95% zeker"),
            Some((GepubliceerdOordeel::NietVerschillend, Zekerheid::P95))
        );
        // Without a level, or in words we do not know, the flag is not used.
        assert_eq!(gepubliceerd("hoger"), None);
        assert_eq!(gepubliceerd("anders, 95% zeker"), None);
        assert_eq!(gepubliceerd("hoger, é%"), None);
    }

    #[test]
    fn quartiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(kwantiel(&v, 0.25), 2.0);
        assert_eq!(kwantiel(&v, 0.75), 4.0);
        assert_eq!(kwantiel(&[1.0, 2.0], 0.5), 1.5);
        assert_eq!(kwantiel(&[7.0], 0.75), 7.0);
    }
}
