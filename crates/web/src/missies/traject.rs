//! Progress on a mission page: for every target whose KPI has observations, the observed
//! national series against the straight path from baseline to target, with the status
//! `gemeten progress` gives. The computation is the indicator engine's (`voortgang`), the
//! chart the report's (`gemeten_grafiek::verloop`); only visible values go in.

use maud::{html, Markup};

use gemeten_domain::MissieCode;
use gemeten_grafiek::verloop;
use gemeten_indicators::{voortgang, Status};
use gemeten_publicatie::verloop_van;

use crate::error::ApiError;
use crate::kpi::kleine_aantallen::zichtbaar;
use crate::layout::{pick, section_head};
use crate::{AppState, Lang};

/// What the source of gemeten's own made-up sample observations says (`data/voorbeeld/`).
const SYNTHETIC: &str = "synthetisch voorbeeld";

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
    let rows = voortgang(&doelen, &obs);
    let met_data: Vec<_> = doelen
        .iter()
        .zip(&rows)
        .filter_map(|(d, v)| {
            let series: Vec<_> = obs
                .iter()
                .filter(|o| o.kpi == v.indicator && o.is_national_total())
                .collect();
            // Made-up values must say so where they are drawn, not only in a source column:
            // a status computed from them says nothing about the Netherlands.
            let synthetic = series.iter().any(|o| o.source.contains(SYNTHETIC));
            let mut observed: Vec<(i32, f64)> =
                series.iter().map(|o| (o.period, o.value)).collect();
            observed.sort_by_key(|p| p.0);
            (!observed.is_empty()).then_some((d, v, observed, synthetic))
        })
        .collect();
    Ok(html! {
        (section_head("voortgang", l.t("Voortgang naar de doelen", "Progress towards the targets"), met_data.len(), l))
        @for (d, v, observed, synthetic) in &met_data {
            figure.traject id=(format!("traject-{}", v.doel)) {
                @if *synthetic {
                    p.synthetisch { strong { (l.t(
                        "Synthetisch voorbeeld: verzonnen waarden, geen statistiek over Nederland; de status hieronder zegt niets over de missie.",
                        "Synthetic example: made-up values, not statistics about the Netherlands; the status below says nothing about the mission.",
                    )) } }
                }
                div.scroll { (verloop(&verloop_van(v, observed), l)) }
                figcaption {
                    strong { (pick(&d.indicator_nl, &d.indicator_en, l)) } ": "
                    span class=(status_class(v.status)) {
                        (status_label(v.status, l))
                    }
                    " — " span lang="nl" { (v.reason) }
                    " " a href=(format!("/kpi?kpi={}", v.indicator)) { (l.t("Naar de KPI-verkenner", "To the KPI explorer")) }
                }
            }
            // The chart's numbers as text, for screen readers and for reading off values.
            details {
                summary { (l.t("Waarnemingen als tabel", "Observations as a table")) }
                table {
                    thead { tr {
                        th scope="col" { (l.t("Jaar", "Year")) }
                        th scope="col" .num { (l.t("Waarde", "Value")) }
                    } }
                    tbody { @for (year, value) in observed { tr {
                        th scope="row" { (year) }
                        td.num { (crate::kpi::getal(*value)) }
                    } } }
                }
            }
        }
    })
}
