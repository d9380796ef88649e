//! `/kpi/{code}`: one indicator's page — its definition, method, source, update frequency,
//! caveats and series breaks; the targets it measures; the national series with intervals
//! and a tested trend label; the gap between SES groups per breakdown; the latest regional
//! map; downloads. `GET /api/v1/kpi/{code}` gives the same view model as JSON.

use axum::extract::{Path, State};
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};
use serde::Serialize;

use gemeten_domain::{Meetperiode, Richting};
use gemeten_grafiek::lijn_met_breuken;

use crate::kpi::pagina::breukjaren;
use gemeten_indicators::{
    ongelijkheid, toets_trend, Catalogus, KpiDefinitie, Schatting, SesGroep, TrendPunt, Zekerheid,
};

use crate::error::ApiError;
use crate::extract::{query_pairs, Taal};
use crate::kpi::keuze::{pagina_keuze, Niveau, ALLE, ALLE_VAN};
use crate::kpi::kleine_aantallen::{waarnemingen, Openbaar};
use crate::kpi::pagina::{reeksen, waarde_cellen};
use crate::kpi::{catalogus, getal_in, kaart, selectie};
use crate::layout::{page, Nav, PageError};
use crate::{AppState, Lang, Weergave};

/// A target this KPI measures, with its mission.
#[derive(Debug, Serialize)]
pub(crate) struct Doelregel {
    pub id: String,
    pub missie: String,
    pub naam_nl: String,
}

/// The trend of the national series, as tested.
#[derive(Debug, Serialize)]
pub(crate) struct Trend {
    pub oordeel_nl: String,
    pub oordeel_en: String,
    pub reden_nl: String,
    pub reden_en: String,
}

/// The gap between the lowest and the highest group of one SES breakdown, in the latest
/// period that has both.
#[derive(Debug, Serialize)]
pub(crate) struct Verschil {
    pub dimensie: String,
    pub dimensie_nl: String,
    pub periode: Meetperiode,
    pub geslacht: String,
    pub laagste: f64,
    pub hoogste: f64,
    /// Highest minus lowest group.
    pub absoluut: f64,
    /// Highest over lowest group.
    pub relatief: f64,
    /// SII and RII with their 95 % intervals, when the groups' population shares are known.
    pub sii: Option<Schatting>,
    pub rii: Option<Schatting>,
    /// Why no SII, or how it was computed.
    pub toelichting_nl: String,
    pub synthetisch: bool,
}

/// The catalogue's texts in the language asked for (`?lang=`), so an API client need not pick
/// between `_nl` and `_en` fields; `taal` says which, and a text given only in Dutch stays
/// Dutch.
#[derive(Debug, Serialize)]
pub(crate) struct Teksten {
    pub taal: Lang,
    pub naam: String,
    pub definitie: String,
    pub frequentie: String,
    pub kanttekeningen: String,
    pub meetreeks: String,
}

impl Teksten {
    fn van(k: &KpiDefinitie, l: Lang) -> Self {
        Teksten {
            taal: l,
            naam: k.naam(l).to_owned(),
            definitie: k.definitie(l).to_owned(),
            frequentie: k.frequentie_in(l).to_owned(),
            kanttekeningen: k.kanttekeningen_in(l).to_owned(),
            meetreeks: k.meetreeks_in(l).to_owned(),
        }
    }
}

/// Everything the page and the JSON show.
#[derive(Debug, Serialize)]
pub(crate) struct Indicator {
    pub kpi: KpiDefinitie,
    pub teksten: Teksten,
    pub doelen: Vec<Doelregel>,
    /// The national values of both sexes together and per sex, by period.
    pub landelijk: Vec<Openbaar>,
    pub trend: Option<Trend>,
    pub verschillen: Vec<Verschil>,
}

async fn view_model(state: &AppState, code: &str, l: Lang) -> Result<Indicator, ApiError> {
    let cat = catalogus(state).await?;
    let cat = &*cat;
    let kpi = cat
        .kpis
        .get(code)
        .cloned()
        .ok_or_else(|| ApiError::niet_gevonden("code", "KPI", "KPI", code))?;
    let doelen = state
        .register
        .parts()
        .doel
        .iter()
        .filter(|d| d.indicator.as_str() == code)
        .map(|d| Doelregel {
            id: d.id.as_str().to_owned(),
            missie: d.missie.code().to_owned(),
            naam_nl: d.indicator_nl.to_string(),
        })
        .collect();
    let alle = waarnemingen(state, Some(code.to_owned())).await?;
    let national = |o: &&Openbaar| o.region == "NL01" && o.age_band.is_empty();
    let landelijk: Vec<Openbaar> = alle
        .iter()
        .filter(national)
        .filter(|o| o.ses.is_empty())
        .cloned()
        .collect();
    let trend = trend(&kpi, &landelijk);
    let mut verschillen = Vec::new();
    for dim in cat.ses_dimensies.values() {
        let groups: Vec<&Openbaar> = alle
            .iter()
            .filter(national)
            .filter(|o| o.ses_dimensie == dim.code && o.waarde().is_some())
            .collect();
        // The latest period with every group, both sexes together if published, else men.
        let mut periods: Vec<(Meetperiode, &str)> =
            groups.iter().map(|o| (o.period, o.sex.as_str())).collect();
        periods.sort();
        periods.dedup();
        let complete = |p: Meetperiode, sex: &str| {
            dim.groepen.iter().all(|g| {
                groups
                    .iter()
                    .any(|o| o.period == p && o.sex == sex && &o.ses == g)
            })
        };
        let Some(&(p, sex)) = periods
            .iter()
            .filter(|(p, s)| complete(*p, s))
            .max_by_key(|(p, s)| (*p, s.is_empty()))
        else {
            continue;
        };
        let of = |g: &str| {
            groups
                .iter()
                .find(|o| o.period == p && o.sex == sex && o.ses == g)
                .copied()
        };
        let (Some(lo), Some(hi)) = (of(dim.laagste()), of(dim.hoogste())) else {
            continue;
        };
        let (lv, hv) = (lo.waarde().unwrap_or(0.0), hi.waarde().unwrap_or(0.0));
        let mut v = Verschil {
            dimensie: dim.code.clone(),
            dimensie_nl: dim.name_nl.clone(),
            periode: p,
            geslacht: sex.to_owned(),
            laagste: lv,
            hoogste: hv,
            absoluut: hv - lv,
            relatief: hv / lv,
            sii: None,
            rii: None,
            toelichting_nl: String::new(),
            synthetisch: lo.synthetisch || hi.synthetisch,
        };
        // The SII needs the population share of each group: quantile groups hold equal
        // shares by definition (the catalogue states them); for other breakdowns gemeten
        // ships none, and an administrator's breakdown may state them.
        if dim.aandelen.is_empty() {
            v.toelichting_nl = format!(
                "SII en RII niet berekend: de bevolkingsaandelen per groep van '{}' zijn niet \
                 bekend; alleen het verschil tussen de uiterste groepen",
                dim.name_nl
            );
        } else {
            let ses: Vec<SesGroep> = dim
                .groepen
                .iter()
                .filter_map(|g| of(g))
                .map(|o| {
                    let a = dim.aandeel(&o.ses).unwrap_or(0.0);
                    SesGroep::new(&o.ses, a, o.waarde().unwrap_or(0.0))
                })
                .collect();
            match ongelijkheid(&ses, Zekerheid::P95) {
                Ok(o) => {
                    v.sii = Some(o.sii);
                    v.rii = o.rii;
                    v.toelichting_nl = o.toelichting.nl.clone();
                }
                Err(e) => v.toelichting_nl = format!("SII niet berekend: {e}"),
            }
        }
        verschillen.push(v);
    }
    Ok(Indicator {
        teksten: Teksten::van(&kpi, l),
        kpi,
        doelen,
        landelijk,
        trend,
        verschillen,
    })
}

/// The trend test on the national series of both sexes together.
fn trend(kpi: &KpiDefinitie, landelijk: &[Openbaar]) -> Option<Trend> {
    let punten: Vec<TrendPunt> = landelijk
        .iter()
        .filter(|o| o.sex.is_empty())
        .filter_map(|o| {
            let p = TrendPunt::van_periode(o.period, o.waarde()?);
            // A published 95 % interval gives the standard error the regression weighs by.
            Some(match (o.lower, o.upper) {
                (Some(a), Some(b)) if b > a => p.met_se((b - a) / (2.0 * Zekerheid::P95.z())),
                _ => p,
            })
        })
        .collect();
    if punten.is_empty() {
        return None;
    }
    let t = toets_trend(
        &punten,
        kpi.breuken_voor_trend(),
        kpi.direction,
        Zekerheid::P95,
    )
    .ok()?;
    Some(Trend {
        oordeel_nl: t.oordeel.label_nl().to_owned(),
        oordeel_en: t.oordeel.label_en().to_owned(),
        reden_nl: t.reden.nl.clone(),
        reden_en: t.reden.en.clone(),
    })
}

fn schatting(s: Option<&Schatting>, l: Lang) -> String {
    let g = |x: f64| getal_in((x * 100.0).round() / 100.0, l);
    match s {
        None => "–".to_owned(),
        Some(s) => match s.interval {
            Some(i) => format!("{} ({}–{})", g(s.waarde), g(i.onder), g(i.boven)),
            None => g(s.waarde),
        },
    }
}

fn richting(r: Richting, l: Lang) -> &'static str {
    match r {
        Richting::Hoger => l.t("hoger is beter", "higher is better"),
        Richting::Lager => l.t("lager is beter", "lower is better"),
    }
}

/// A catalogue text in the page's language, marked Dutch where only Dutch was given.
fn tekst_dd(nl: &str, en: &str, l: Lang) -> Markup {
    let t = if l == Lang::En && !en.trim().is_empty() {
        en
    } else {
        nl
    };
    html! {
        @if t.is_empty() {
            dd { (l.t("niet vastgelegd", "not recorded")) }
        } @else if KpiDefinitie::tekst_is_in(l, nl, en) {
            dd { (t) }
        } @else {
            dd lang="nl" { (t) }
        }
    }
}

fn pagina_inhoud(cat: &Catalogus, v: &Indicator, kaart: Markup, l: Lang) -> Markup {
    let k = &v.kpi;
    let naam = match l {
        Lang::Nl => &k.name_nl,
        Lang::En => &k.name_en,
    };
    let synthetisch = v.landelijk.iter().any(|o| o.synthetisch);
    html! {
        h1 { (naam) }
        p.intro { span.code { (k.code) } " · " (k.unit) " · " (richting(k.direction, l)) }
        @if synthetisch {
            p.synthetisch-melding { strong { (l.t(
                "Let op: (een deel van) de waarden hieronder is synthetisch — verzonnen voorbeelden, geen echte cijfers.",
                "Note: (some of) the values below are synthetic — made-up examples, not real statistics.",
            )) } }
        }
        h2 { (l.t("Definitie en bron", "Definition and source")) }
        // A user's KPI may be defined in Dutch only; such a text keeps `lang="nl"`.
        dl.definitie {
            dt { (l.t("Definitie", "Definition")) } (tekst_dd(&k.definitie_nl, &k.definitie_en, l))
            dt { (l.t("Bron", "Source")) } dd lang="nl" { (k.source) }
            dt { (l.t("Meetreeks", "Series")) } (tekst_dd(&k.meetreeks, &k.meetreeks_en, l))
            dt { (l.t("Frequentie", "Frequency")) } (tekst_dd(&k.frequentie, &k.frequentie_en, l))
            dt { (l.t("Kanttekeningen", "Caveats")) } (tekst_dd(&k.kanttekeningen, &k.kanttekeningen_en, l))
            dt { (l.t("Reeksbreuken", "Series breaks")) }
            dd {
                @if k.breuken.is_empty() { (l.t("geen bekend", "none known")) }
                @for b in &k.breuken { (b.jaar) ": " (l.t(b.reden.as_str(), b.reden_en.as_deref().unwrap_or(&b.reden))) br; }
            }
            @if let Some(vv) = &k.verschil_van {
                dt { (l.t("Berekend uit", "Computed from")) }
                dd { a href=(format!("/kpi/{}", vv.kpi)) { (vv.kpi) } " (" (vv.ses_dimensie) "): " (l.t(vv.reden.as_str(), vv.reden_en.as_deref().unwrap_or(&vv.reden))) }
            }
        }
        @if !v.doelen.is_empty() {
            h2 { (l.t("Doelen die deze indicator meet", "Targets this indicator measures")) }
            ul { @for d in &v.doelen {
                li { a href=(format!("/missies/{}#traject-{}", d.missie, d.id)) lang="nl" { (d.naam_nl) } " (" (l.t("missie", "mission")) " " (d.missie) ")" }
            } }
        }
        h2 { (l.t("Landelijke reeks", "National series")) }
        @if v.landelijk.is_empty() {
            p.leeg { (l.t("Nog geen landelijke waarden.", "No national values yet.")) }
        } @else {
            figure.kpi-figuur {
                div.scroll { (lijn_met_breuken(&reeksen(cat, &v.landelijk, l), &breukjaren(k), &k.unit, naam, l)) }
                figcaption { (l.t(
                    "Landelijke waarden met hun 95 %-interval; samengenomen perioden zijn een eigen reeks, getekend bij hun middelste jaar.",
                    "National values with their 95 % interval; pooled periods are a series of their own, drawn at their middle year.",
                )) }
            }
            @if let Some(t) = &v.trend {
                p.trend {
                    strong { (l.t("Trend", "Trend")) ": " (l.t(&t.oordeel_nl, &t.oordeel_en)) }
                    " — " (l.t(&t.reden_nl, &t.reden_en))
                }
            }
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Periode", "Period")) }
                    th scope="col" { (l.t("Geslacht", "Sex")) }
                    th scope="col" .num { (l.t("Waarde", "Value")) }
                    th scope="col" .num { (l.t("95 %-interval", "95 % interval")) }
                    th scope="col" .num { "n" }
                    th scope="col" { (l.t("Bron", "Source")) }
                } }
                tbody { @for o in &v.landelijk { tr {
                    th scope="row" { (o.period) }
                    td { (match o.sex.as_str() { "man" => l.t("mannen", "men"), "vrouw" => l.t("vrouwen", "women"), _ => l.t("totaal", "total") }) }
                    (waarde_cellen(o, l))
                    td {
                        @if o.synthetisch { strong.synthetisch { (l.t("synthetisch", "synthetic")) } " " }
                        cite.bron { (o.source) }
                    }
                } } }
            } }
        }
        h2 { (l.t("Verschil tussen sociaaleconomische groepen", "Gap between socio-economic groups")) }
        @if v.verschillen.is_empty() {
            p.leeg { (l.t("Geen landelijke waarden naar opleiding of inkomen.", "No national values by education or income.")) }
        } @else {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Indeling", "Breakdown")) }
                    th scope="col" { (l.t("Periode", "Period")) }
                    th scope="col" .num { (l.t("Laagste groep", "Lowest group")) }
                    th scope="col" .num { (l.t("Hoogste groep", "Highest group")) }
                    th scope="col" .num { (l.t("Verschil", "Gap")) }
                    th scope="col" .num { (l.t("Verhouding", "Ratio")) }
                    th scope="col" .num { "SII (95 %)" }
                    th scope="col" .num { "RII (95 %)" }
                } }
                tbody { @for g in &v.verschillen { tr {
                    th scope="row" {
                        (cat.ses_dimensies.get(&g.dimensie).map_or(g.dimensie_nl.as_str(), |d| d.naam(l)))
                        @if !g.geslacht.is_empty() { " (" (g.geslacht) ")" }
                        @if g.synthetisch { " " strong.synthetisch { (l.t("synthetisch", "synthetic")) } }
                    }
                    td { (g.periode) }
                    td.num { (getal_in(g.laagste, l)) }
                    td.num { (getal_in(g.hoogste, l)) }
                    td.num { (getal_in((g.absoluut * 100.0).round() / 100.0, l)) }
                    td.num { (getal_in((g.relatief * 1000.0).round() / 1000.0, l)) }
                    td.num { (schatting(g.sii.as_ref(), l)) }
                    td.num { (schatting(g.rii.as_ref(), l)) }
                } } }
            } }
            ul.toelichting lang="nl" { @for g in &v.verschillen { li { (g.dimensie_nl) ": " (g.toelichting_nl) } } }
        }
        h2 { (l.t("Regio's", "Regions")) }
        (kaart)
        h2 { (l.t("Downloads", "Downloads")) }
        ul.downloads {
            li { a href=(format!("/kpi.csv?kpi={}&regio=NL01&geslacht={ALLE}&ses={ALLE}", k.code)) download { (l.t("CSV (standaard)", "CSV (standard)")) } }
            li { a href=(format!("/kpi.csv?kpi={}&regio=NL01&geslacht={ALLE}&ses={ALLE}&excel=1", k.code)) download { (l.t("CSV voor Excel (puntkomma, decimale komma)", "CSV for Excel (semicolon, decimal comma)")) } }
            li { a href=(format!("/api/v1/kpi/{}", k.code)) { "JSON" } }
        }
    }
}

/// The latest map of GGD regions, or of provinces, or of zorgkantoor regions, when this KPI
/// has regional values there, coloured by the comparison with the country at `niveau`. Also
/// the map of a target on its mission page.
pub(crate) async fn regiokaart(
    state: &AppState,
    code: &str,
    niveau: Niveau,
    l: Lang,
) -> Result<Option<Markup>, ApiError> {
    let cat = catalogus(state).await?;
    let cat = &*cat;
    for level in ["ggd", "provincie", "zorgkantoor"] {
        let pairs = vec![
            ("kpi".to_owned(), code.to_owned()),
            ("regio".to_owned(), format!("{ALLE_VAN}{level}")),
            ("zekerheid".to_owned(), niveau.param().to_owned()),
        ];
        let Ok(keuze) = pagina_keuze(cat, &pairs) else {
            continue;
        };
        let s = selectie(state, keuze).await?;
        if s.rijen.iter().any(|o| o.waarde().is_some()) {
            return Ok(Some(kaart::figuur(&s, l)));
        }
    }
    Ok(None)
}

async fn kaart_van(
    state: &AppState,
    code: &str,
    niveau: Niveau,
    l: Lang,
) -> Result<Markup, ApiError> {
    Ok(match regiokaart(state, code, niveau, l).await? {
        Some(kaart) => html! {
            p.niveaukeuze {
                (l.t("Vergelijking met Nederland bij", "Comparison with the Netherlands at"))
                @for n in Niveau::ALLE {
                    " "
                    @if n == niveau { strong { (n.label(l)) } }
                    @else { a href=(format!("/kpi/{code}?zekerheid={}", n.param())) { (n.label(l)) } }
                }
                " " (l.t("betrouwbaarheid", "confidence"))
            }
            (kaart)
        },
        None => {
            html! { p.leeg { (l.t("Geen regionale waarden voor deze indicator.", "No regional values for this indicator.")) } }
        }
    })
}

pub(crate) async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    Path(code): Path<String>,
    uri: Uri,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let fout = |e: ApiError| PageError::new(&taal, e);
    // Computed once per version of the observations and the catalogue (see `Weergaven`).
    let key = format!("indicator/{}/{}", l.code(), taal.here);
    let w = state
        .weergave(key, || async {
            let pairs = query_pairs(&uri)?;
            let niveau = Niveau::uit(&pairs)?;
            let v = view_model(&state, &code, l).await?;
            let kaart = kaart_van(&state, &code, niveau, l).await?;
            let title = match l {
                Lang::Nl => v.kpi.name_nl.clone(),
                Lang::En => v.kpi.name_en.clone(),
            };
            let cat = catalogus(&state).await?;
            Ok(Weergave {
                title,
                body: pagina_inhoud(&cat, &v, kaart, l).into_string(),
            })
        })
        .await
        .map_err(fout)?;
    Ok(page(&taal, &w.title, Nav::Kpi, PreEscaped(w.body.clone())))
}

/// `GET /api/v1/kpi/{code}[?lang=en]`: the indicator page's view model, its texts in the
/// language asked for; computed once per version of the observations and the catalogue.
pub(crate) async fn api(
    State(state): State<AppState>,
    taal: Taal,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let l = taal.lang;
    let key = format!("indicator-json/{}/{code}", l.code());
    let w = state
        .weergave(key, || async {
            let v = view_model(&state, &code, l).await?;
            Ok(Weergave {
                title: String::new(),
                body: serde_json::to_string(&v).map_err(|e| ApiError::Internal(e.to_string()))?,
            })
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], w.body.clone()).into_response())
}
