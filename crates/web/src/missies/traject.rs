//! Progress on a mission page: for every target its status and reason; where its KPI has
//! observations, the observed national series against the straight path from baseline to
//! target, with the status `gemeten progress` gives; where it has none, which series would
//! measure it. The computation is the indicator engine's (`voortgang`), the
//! chart the report's (`gemeten_grafiek::verloop`); only visible values go in.

use maud::{html, Markup};

use gemeten_domain::MissieCode;
use gemeten_grafiek::verloop;
use gemeten_indicators::{voortgang, Status};

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
    Ok(html! {
        (section_head("voortgang", l.t("Voortgang naar de doelen", "Progress towards the targets"), met_data.len(), l))
        @if !zonder.is_empty() {
            ul.zonder-reeks {
                @for (d, v, _) in &zonder {
                    li {
                        strong { (pick(&d.indicator_nl, &d.indicator_en, l)) } ": "
                        span class=(status_class(v.status)) { (status_label(v.status, l)) }
                        " — " (l.t("geen openbare meetreeks in gemeten", "no public series in gemeten"))
                        @if let Some(m) = cat.kpis.get(&v.indicator).map(|k| k.meetreeks.as_str()).filter(|m| !m.is_empty()) {
                            ". " (l.t("Meetreeks", "Series")) ": " span lang="nl" { (m) }
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
                    " — " span lang="nl" { (v.reason) }
                    @if let Some(k) = cat.kpis.get(&v.indicator).and_then(|k| k.verschil_van.as_ref()) {
                        " " span.keuze lang="nl" { "(" (k.reden) ")" }
                    }
                    " " a href=(format!("/kpi?kpi={}", v.indicator)) { (l.t("Naar de KPI-verkenner", "To the KPI explorer")) }
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
        }
    })
}
