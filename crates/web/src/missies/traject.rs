//! Progress on a mission page: for every target its status and reason; where its KPI has
//! observations, the observed national series against the straight path from baseline to
//! target, with the status `gemeten progress` gives; where it has none, which series would
//! measure it. The computation is the indicator engine's (`voortgang`, in the view model
//! `missies::model`), the chart the report's (`gemeten_grafiek::verloop`); only visible
//! values go in.

use maud::{html, Markup};

use gemeten_grafiek::verloop;
use gemeten_indicators::{Status, Tweetalig};
use gemeten_publicatie::verloop_van;

use crate::layout::{pick, section_head};
use crate::missies::model::{DoelVoortgang, MissieRij, MissieView, MonitorRij};
use crate::Lang;

fn status_class(s: Status) -> &'static str {
    match s {
        Status::OpKoers => "status op-koers",
        Status::Achter => "status achter",
        Status::Onzeker => "status onzeker",
        Status::OnvoldoendeGegevens => "status onvoldoende",
    }
}

fn tekst(t: &Tweetalig, l: Lang) -> &str {
    l.t(&t.nl, &t.en)
}

pub(crate) fn status(v: &DoelVoortgang, l: Lang) -> Markup {
    html! { span class=(status_class(v.voortgang.status)) { (tekst(&v.status_label, l)) } }
}

/// The overview's list: every mission's targets with their status and reason, each linking
/// to its trajectory on the mission page; a status from made-up values says so.
pub(crate) fn statussen(missies: &[MissieRij], l: Lang) -> Markup {
    html! {
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
            tbody { @for d in missies.iter().flat_map(|m| &m.voortgang) {
                @let v = &d.voortgang;
                tr {
                    td { a href=(format!("/missies/{}", v.missie)) { (v.missie) } }
                    th scope="row" { a href=(format!("/missies/{}#traject-{}", v.missie, v.doel)) { (pick(&d.indicator_nl, &d.indicator_en, l)) } }
                    td {
                        (status(d, l))
                        @if v.synthetisch { " " strong.synthetisch { (l.t("synthetisch voorbeeld", "synthetic example")) } }
                    }
                    td { small { (l.t(&v.reason, &v.reason_en)) } }
                }
            } }
        } }
    }
}

/// The indicators the mission's monitoring follows (the catalogue's `missies`), each with its
/// latest national value for both sexes together and a link to its page: what is measured
/// around the mission, also where no series measures a target exactly.
fn monitor(kpis: &[MonitorRij], l: Lang) -> Markup {
    if kpis.is_empty() {
        return html! {};
    }
    html! {
        h3 { (l.t("Indicatoren van de monitor", "Monitoring indicators")) }
        div.scroll { table.monitor {
            thead { tr {
                th scope="col" { (l.t("Indicator", "Indicator")) }
                th scope="col" { (l.t("Periode", "Period")) }
                th scope="col" .num { (l.t("Laatste landelijke waarde", "Latest national value")) }
            } }
            tbody { @for k in kpis { tr {
                th scope="row" { a href=(format!("/kpi/{}", k.kpi)) { (tekst(&k.naam, l)) } }
                @match (&k.laatste, &k.mannen_vrouwen) {
                    (Some(o), _) => {
                        td { (o.period) }
                        td.num {
                            (crate::kpi::getal_in(o.value, l)) " " (k.unit)
                            @if o.synthetisch { " " strong.synthetisch { (l.t("synthetisch", "synthetic")) } }
                        }
                    }
                    (None, Some((m, v))) => {
                        td { (m.period) }
                        td.num {
                            (l.t("mannen", "men")) " " (crate::kpi::getal_in(m.value, l)) ", "
                            (l.t("vrouwen", "women")) " " (crate::kpi::getal_in(v.value, l)) " " (k.unit)
                        }
                    }
                    (None, None) => { td colspan="2" { (l.t("nog geen landelijke waarde", "no national value yet")) } }
                }
            } } }
        } }
    }
}

/// The section "Voortgang" of a mission page; `kaarten` holds a small map per target id
/// where regional values exist.
pub(crate) fn sectie(
    m: &MissieView<'_>,
    kaarten: &std::collections::BTreeMap<String, Markup>,
    l: Lang,
) -> Markup {
    let (met_data, zonder): (Vec<&DoelVoortgang>, Vec<&DoelVoortgang>) = m
        .voortgang
        .iter()
        .partition(|d| !d.voortgang.reeks.is_empty());
    html! {
        (section_head("voortgang", l.t("Voortgang naar de doelen", "Progress towards the targets"), met_data.len(), l))
        (monitor(&m.monitor, l))
        @if !zonder.is_empty() {
            ul.zonder-reeks {
                @for d in &zonder {
                    li { (zonder_reeks(d, l)) }
                }
            }
        }
        @for d in &met_data {
            (figuur(d, kaarten.get(&d.voortgang.doel), l))
        }
    }
}

/// A target without a public series: its status and which series would measure it.
pub(crate) fn zonder_reeks(d: &DoelVoortgang, l: Lang) -> Markup {
    html! {
        strong { (pick(&d.indicator_nl, &d.indicator_en, l)) } ": "
        (status(d, l))
        " — " (l.t("geen openbare meetreeks in gemeten", "no public series in gemeten"))
        @if let Some(m) = &d.meetreeks {
            // A series without an English text stays Dutch, and says so.
            ". " (l.t("Meetreeks", "Series")) ": "
            span lang=(if l == Lang::En && m.en == m.nl { "nl" } else { l.code() }) { (tekst(m, l)) }
        }
    }
}

/// A target with observations: the series against the path to the target, its status with
/// the reason (the projection's interval), the trend, the values as a table, and its map.
pub(crate) fn figuur(d: &DoelVoortgang, kaart: Option<&Markup>, l: Lang) -> Markup {
    let v = &d.voortgang;
    html! {
        // The trajectory is drawn per year; pooled periods are in the table and the
        // reason, not joined into the line.
        @let observed: Vec<(i32, f64)> = v.reeks.iter().filter_map(|(p, x)| Some((p.als_jaar()?, *x))).collect();
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
                // Its title and description name the indicator as people read it, not
                // by its code.
                @let naam = crate::layout::pick_str(&d.indicator_nl, &d.indicator_en, l);
                @let chart = gemeten_grafiek::Verloop { indicator: naam, ..verloop_van(v, &observed) };
                div.scroll { (verloop(&chart, l)) }
            }
            figcaption {
                strong { (pick(&d.indicator_nl, &d.indicator_en, l)) } ": "
                (status(d, l))
                " — " span { (l.t(&v.reason, &v.reason_en)) }
                @if let Some(k) = &d.keuze {
                    " " span.keuze { "(" (tekst(k, l)) ")" }
                }
                @if let Some(t) = &d.trend {
                    br; strong { (l.t("Trend", "Trend")) ": " (tekst(&t.oordeel, l)) } " — " small { (tekst(&t.reden, l)) }
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
                    td.num { (crate::kpi::getal_in(*value, l)) }
                } } }
            }
        }
        @if let Some(kaart) = kaart { div.doelkaart { (kaart) } }
    }
}
