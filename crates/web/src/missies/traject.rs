//! Progress on a mission page: for every target its status and reason; where its KPI has
//! observations, the observed national series against the straight path from baseline to
//! target, with the status `gemeten progress` gives; where it has none, which series would
//! measure it. The computation is the indicator engine's (`voortgang`), the
//! chart the report's (`gemeten_grafiek::verloop`); only visible values go in.

use maud::{html, Markup};

use gemeten_domain::MissieCode;
use gemeten_grafiek::verloop;
use gemeten_indicators::{toets_trend, voortgang, Status, TrendPunt, Voortgang, Zekerheid};

use gemeten_indicators::Catalogus;

use crate::kpi::catalogus;
use gemeten_publicatie::verloop_van;

use crate::error::ApiError;
use crate::kpi::kleine_aantallen::zichtbaar;
use crate::layout::{pick, section_head};
use crate::{AppState, Lang};

fn status_label(s: Status, l: Lang) -> &'static str {
    match l {
        Lang::Nl => s.label_nl(),
        Lang::En => s.label_en(),
    }
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::OpKoers => "status op-koers",
        Status::Achter => "status achter",
        Status::Onzeker => "status onzeker",
        Status::OnvoldoendeGegevens => "status onvoldoende",
    }
}

/// The tested trend label of a target's series (after its last series break), in the
/// page's language, or `None` without a catalogued KPI or values.
fn trendlabel(cat: &Catalogus, v: &Voortgang, l: Lang) -> Option<(String, String)> {
    let kpi = cat.kpis.get(&v.indicator)?;
    let punten: Vec<TrendPunt> = v
        .reeks
        .iter()
        .map(|&(p, x)| TrendPunt::van_periode(p, x))
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
    Some((
        l.t(t.oordeel.label_nl(), t.oordeel.label_en()).to_owned(),
        l.t(&t.reden.nl, &t.reden.en).to_owned(),
    ))
}

/// The overview's list: every mission's targets with their status and reason, each linking
/// to its trajectory on the mission page; a status from made-up values says so.
pub(crate) async fn statussen(state: &AppState, l: Lang) -> Result<Markup, ApiError> {
    let obs = zichtbaar(state, None).await?;
    let doelen: Vec<_> = state.register.parts().doel.iter().collect();
    let cat = catalogus(state).await?;
    let rows = voortgang(&doelen, &obs, &cat);
    Ok(html! {
        h2 { (l.t("Doelen en hun status", "Targets and their status")) }
        p { (l.t(
            "Op koers of achter alleen als het hele 95 %-interval van de projectie aan één kant van de streefwaarde ligt; onzeker als het die bevat; onvoldoende gegevens met de reden.",
            "On track or behind only when the projection's whole 95 % interval lies on one side of the target; uncertain when it contains it; not enough data with the reason.",
        )) }
        div.scroll { table.doelstatus {
            thead { tr {
                th scope="col" { (l.t("Missie", "Mission")) }
                th scope="col" { (l.t("Doel", "Target")) }
                th scope="col" { (l.t("Status", "Status")) }
                th scope="col" { (l.t("Waarom", "Why")) }
            } }
            tbody { @for (d, v) in doelen.iter().zip(&rows) { tr {
                td { a href=(format!("/missies/{}", v.missie)) { (v.missie) } }
                th scope="row" { a href=(format!("/missies/{}#traject-{}", v.missie, v.doel)) { (pick(&d.indicator_nl, &d.indicator_en, l)) } }
                td {
                    span class=(status_class(v.status)) { (status_label(v.status, l)) }
                    @if v.synthetisch { " " strong.synthetisch { (l.t("synthetisch voorbeeld", "synthetic example")) } }
                }
                td { small { (l.t(&v.reason, &v.reason_en)) } }
            } } }
        } }
    })
}

/// The indicators the mission's monitoring follows (the catalogue's `missies`), each with its
/// latest national value for both sexes together and a link to its page: what is measured
/// around the mission, also where no series measures a target exactly.
fn monitor(
    cat: &Catalogus,
    code: MissieCode,
    obs: &[gemeten_domain::Waarneming],
    l: Lang,
) -> Markup {
    let kpis: Vec<_> = cat
        .kpis
        .values()
        .filter(|k| k.missies.iter().any(|m| m == code.code()))
        .collect();
    if kpis.is_empty() {
        return html! {};
    }
    let laatste = |kpi: &str| {
        obs.iter()
            .filter(|o| o.kpi == kpi && o.is_national_total())
            .max_by_key(|o| o.period)
    };
    // Where both sexes together are not published (RIVM's mean age at death), the latest
    // values for men and for women of one period.
    let per_geslacht = |kpi: &str| {
        let of = |sex: &str| {
            obs.iter()
                .filter(|o| {
                    o.kpi == kpi
                        && o.region == "NL01"
                        && o.sex == sex
                        && o.ses.is_empty()
                        && o.age_band.is_empty()
                })
                .max_by_key(|o| o.period)
        };
        of("man")
            .zip(of("vrouw"))
            .filter(|(m, v)| m.period == v.period)
    };
    html! {
        h3 { (l.t("Indicatoren van de monitor", "Monitoring indicators")) }
        div.scroll { table.monitor {
            thead { tr {
                th scope="col" { (l.t("Indicator", "Indicator")) }
                th scope="col" { (l.t("Periode", "Period")) }
                th scope="col" .num { (l.t("Laatste landelijke waarde", "Latest national value")) }
            } }
            tbody { @for k in &kpis { tr {
                th scope="row" { a href=(format!("/kpi/{}", k.code)) { (l.t(&k.name_nl, &k.name_en)) } }
                @match laatste(&k.code) {
                    Some(o) => {
                        td { (o.period) }
                        td.num {
                            (crate::kpi::getal_in(o.value, l)) " " (k.unit)
                            @if o.synthetisch { " " strong.synthetisch { (l.t("synthetisch", "synthetic")) } }
                        }
                    }
                    None => {
                        @match per_geslacht(&k.code) {
                            Some((m, v)) => {
                                td { (m.period) }
                                td.num {
                                    (l.t("mannen", "men")) " " (crate::kpi::getal_in(m.value, l)) ", "
                                    (l.t("vrouwen", "women")) " " (crate::kpi::getal_in(v.value, l)) " " (k.unit)
                                }
                            }
                            None => { td colspan="2" { (l.t("nog geen landelijke waarde", "no national value yet")) } }
                        }
                    }
                }
            } } }
        } }
    }
}

/// The baseline year and value progress reads for each target of mission `code` (from the
/// nearest published period, as its reason says), by target id.
pub(crate) async fn uitgangswaarden(
    state: &AppState,
    code: MissieCode,
) -> Result<std::collections::BTreeMap<String, (i32, f64)>, ApiError> {
    let obs = zichtbaar(state, None).await?;
    let doelen: Vec<_> = state
        .register
        .parts()
        .doel
        .iter()
        .filter(|d| d.missie == code)
        .collect();
    let cat = catalogus(state).await?;
    Ok(voortgang(&doelen, &obs, &cat)
        .into_iter()
        .filter_map(|v| Some((v.doel.clone(), v.baseline?)))
        .collect())
}

/// The section "Voortgang" for mission `code`.
pub(crate) async fn sectie(
    state: &AppState,
    code: MissieCode,
    l: Lang,
) -> Result<Markup, ApiError> {
    let obs = zichtbaar(state, None).await?;
    let doelen: Vec<_> = state
        .register
        .parts()
        .doel
        .iter()
        .filter(|d| d.missie == code)
        .collect();
    let cat = catalogus(state).await?;
    let cat = &*cat;
    let rows = voortgang(&doelen, &obs, cat);
    let alle: Vec<_> = doelen
        .iter()
        .zip(&rows)
        .map(|(d, v)| {
            // The trajectory is drawn per year; pooled periods are in the table and the
            // reason, not joined into the line.
            let observed: Vec<(i32, f64)> = v
                .reeks
                .iter()
                .filter_map(|(p, x)| Some((p.als_jaar()?, *x)))
                .collect();
            (d, v, observed)
        })
        .collect();
    let zonder: Vec<_> = alle.iter().filter(|(_, v, _)| v.reeks.is_empty()).collect();
    let met_data: Vec<_> = alle
        .iter()
        .filter(|(_, v, _)| !v.reeks.is_empty())
        .collect();
    let monitor = monitor(cat, code, &obs, l);
    // A small map per target where regional values exist: the indicator page's map.
    let mut kaarten = std::collections::BTreeMap::new();
    for (_, v, _) in &met_data {
        let kaart = crate::kpi::indicator::regiokaart(state, &v.indicator, Default::default(), l);
        if let Some(k) = kaart.await? {
            kaarten.insert(v.doel.clone(), k);
        }
    }
    Ok(html! {
        (section_head("voortgang", l.t("Voortgang naar de doelen", "Progress towards the targets"), met_data.len(), l))
        (monitor)
        @if !zonder.is_empty() {
            ul.zonder-reeks {
                @for (d, v, _) in &zonder {
                    li {
                        strong { (pick(&d.indicator_nl, &d.indicator_en, l)) } ": "
                        span class=(status_class(v.status)) { (status_label(v.status, l)) }
                        " — " (l.t("geen openbare meetreeks in gemeten", "no public series in gemeten"))
                        @if let Some(k) = cat.kpis.get(&v.indicator).filter(|k| !k.meetreeks.is_empty()) {
                            ". " (l.t("Meetreeks", "Series")) ": "
                            span lang=(if k.meetreeks_en.is_empty() { "nl" } else { l.code() }) { (k.meetreeks_in(l)) }
                        }
                    }
                }
            }
        }
        @for (d, v, observed) in &met_data {
            figure.traject id=(format!("traject-{}", v.doel)) {
                // Made-up values must say so where they are drawn, not only in a source
                // column: a status computed from them says nothing about the Netherlands.
                @if v.synthetisch {
                    p.synthetisch { strong { (l.t(
                        "Synthetisch voorbeeld: verzonnen waarden, geen statistiek over Nederland; de status hieronder zegt niets over de missie.",
                        "Synthetic example: made-up values, not statistics about the Netherlands; the status below says nothing about the mission.",
                    )) } }
                }
                @if !observed.is_empty() {
                    div.scroll { (verloop(&verloop_van(v, observed), l)) }
                }
                figcaption {
                    strong { (pick(&d.indicator_nl, &d.indicator_en, l)) } ": "
                    span class=(status_class(v.status)) {
                        (status_label(v.status, l))
                    }
                    " — " span { (l.t(&v.reason, &v.reason_en)) }
                    @if let Some(k) = cat.kpis.get(&v.indicator).and_then(|k| k.verschil_van.as_ref()) {
                        " " span.keuze { "(" (l.t(k.reden.as_str(), k.reden_en.as_deref().unwrap_or(&k.reden))) ")" }
                    }
                    @if let Some((label, reden)) = trendlabel(cat, v, l) {
                        br; strong { (l.t("Trend", "Trend")) ": " (label) } " — " small { (reden) }
                    }
                    br; a href=(format!("/kpi/{}", v.indicator)) { (l.t("Indicatorpagina", "Indicator page")) }
                    " · " a href=(format!("/kpi?kpi={}", v.indicator)) { (l.t("Naar de KPI-verkenner", "To the KPI explorer")) }
                }
            }
            // The chart's numbers as text, for screen readers and for reading off values.
            details {
                summary { (l.t("Waarnemingen als tabel", "Observations as a table")) }
                table {
                    thead { tr {
                        th scope="col" { (l.t("Periode", "Period")) }
                        th scope="col" .num { (l.t("Waarde", "Value")) }
                    } }
                    tbody { @for (period, value) in &v.reeks { tr {
                        th scope="row" { (period) }
                        td.num { (crate::kpi::getal(*value)) }
                    } } }
                }
            }
            @if let Some(kaart) = kaarten.get(&v.doel) { div.doelkaart { (kaart) } }
        }
    })
}
