//! The mission progress report: per mission its targets with status and trajectory chart,
//! the innovation pipeline and its gaps, and (when given) the status of the KIA activities.
//! One self-contained HTML file: styles inline, charts as SVG, printable to PDF.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use gemeten_domain::{Lang, MissieCode, Register, Waarneming};
use gemeten_grafiek::{trl, verloop, Projectie, Verloop};
use gemeten_indicators::{Status, Voortgang};
use gemeten_monitoring::Kpis;
use gemeten_portfolio::Synthese;

/// Activity status counts of one mission: (status label, number of activities).
pub type ActiviteitTelling = (MissieCode, Vec<(String, usize)>);

pub struct RapportInvoer<'a> {
    pub register: &'a Register,
    pub voortgang: &'a [Voortgang],
    pub observaties: &'a [Waarneming],
    pub synthesen: &'a [Synthese<'a>],
    /// Per mission: (status label, number of activities), where activity tracking has data.
    pub activiteiten: &'a [ActiviteitTelling],
    /// MTIB KPIs from the approved project reports, broken down by mission.
    pub project_kpis: Option<&'a Kpis>,
    /// The reporting period the report is for, as the user names it (e.g. "2025").
    pub periode: &'a str,
    /// When the report was made (YYYY-MM-DD).
    pub gemaakt: &'a str,
    pub lang: Lang,
}

const CSS: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;\
padding:0 1rem;color:#1a1a1a;line-height:1.45}h1,h2,h3{line-height:1.2}table{border-collapse:\
collapse;width:100%;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #bbb;padding:.3rem .4rem;\
text-align:left;vertical-align:top}th{background:#eef1f5}.op_koers{color:#0b6b2b;font-weight:600}\
.achter{color:#a10d0d;font-weight:600}.onvoldoende_gegevens{color:#5b5b5b}.grafiek,.trl{width:100%;\
max-width:47.5rem;height:auto}.as{stroke:#555}.label{font-size:11px;fill:#333}.pad{fill:none;\
stroke:#1f5fa8;stroke-dasharray:5 4;stroke-width:2}.waarneming{fill:none;stroke:#1a1a1a;\
stroke-width:2}.punt{fill:#1a1a1a}.doel{fill:#1f5fa8}.projectie{fill:#a15c00}.interval{stroke:\
#a15c00;stroke-width:3}.balk{fill:#1f5fa8}.trl text{font-size:13px;fill:#333}.bar{fill:#154273}\
.bar-voorbij{fill:#1d6b3a}.drempel{stroke:#b35200;stroke-width:2;stroke-dasharray:5 4}\
.drempel-label{fill:#8a3f00;font-weight:600}section{page-break-inside:avoid}.bron{color:#555;\
font-size:.9em}@media print{body{margin:0}}";

fn status_class(s: Status) -> &'static str {
    match s {
        Status::OpKoers => "op_koers",
        Status::Achter => "achter",
        Status::Onzeker => "onzeker",
        Status::OnvoldoendeGegevens => "onvoldoende_gegevens",
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

pub fn rapport(r: &RapportInvoer<'_>) -> String {
    let l = r.lang;
    let page: Markup = html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (l.t("Voortgangsrapportage missies Gezondheid & Zorg", "Progress report Health & Care missions")) " — " (r.periode) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (l.t("Voortgangsrapportage missies Gezondheid & Zorg", "Progress report Health & Care missions")) }
                    p { (l.t("Periode", "Period")) ": " (r.periode) " · " (l.t("gemaakt op", "made on")) " " (r.gemaakt) " · gemeten" }
                }
                main {
                    section {
                        h2 { (l.t("Overzicht", "Overview")) }
                        table {
                            thead { tr {
                                th scope="col" { (l.t("Missie", "Mission")) }
                                th scope="col" { (l.t("Doelen", "Targets")) }
                                th scope="col" { (l.t("op koers", "on track")) }
                                th scope="col" { (l.t("achter", "behind")) }
                                th scope="col" { (l.t("onvoldoende gegevens", "not enough data")) }
                            } }
                            tbody {
                                @for m in r.register.missies() {
                                    @let mine: Vec<&Voortgang> = r.voortgang.iter().filter(|v| v.missie == m.code.code()).collect();
                                    tr {
                                        th scope="row" { a href={"#missie-" (m.code.code())} { (m.code.label(l)) } }
                                        td { (mine.len()) }
                                        td { (mine.iter().filter(|v| v.status == Status::OpKoers).count()) }
                                        td { (mine.iter().filter(|v| v.status == Status::Achter).count()) }
                                        td { (mine.iter().filter(|v| v.status == Status::OnvoldoendeGegevens).count()) }
                                    }
                                }
                            }
                        }
                    }
                    @if let Some(k) = r.project_kpis {
                        section {
                            h2 { (l.t("Projectrapportages: MTIB-KPI's", "Project reports: MTIB KPIs")) }
                            p { (l.t("Uit de goedgekeurde rapportages van projecten; een project telt mee bij elke missie die het dient.", "From the approved project reports; a project counts for every mission it serves.")) }
                            table {
                                thead { tr {
                                    th scope="col" { (l.t("Missie", "Mission")) }
                                    th scope="col" { (l.t("Rapportages", "Reports")) }
                                    th scope="col" { (l.t("Publiek €", "Public €")) }
                                    th scope="col" { (l.t("Privaat €", "Private €")) }
                                    th scope="col" { (l.t("In natura €", "In kind €")) }
                                    th scope="col" { "FTE" }
                                    th scope="col" { "mkb" }
                                    th scope="col" { (l.t("Publicaties / producten / octrooien / spin-offs", "Publications / products / patents / spin-offs")) }
                                    th scope="col" { (l.t("Bereik lage SEP", "Reach low SES")) }
                                } }
                                tbody {
                                    @for row in k.rows.iter().chain(std::iter::once(&k.total)) {
                                        tr {
                                            th scope="row" { (if row.key == "totaal" { l.t("totaal", "total").to_owned() } else { row.key.clone() }) }
                                            td { (row.reports) }
                                            td { (row.public_eur) }
                                            td { (row.private_eur) }
                                            td { (row.in_kind_eur) }
                                            td { (format!("{:.1}", row.fte)) }
                                            td { (row.mkb) }
                                            td { (row.publications) " / " (row.products) " / " (row.patents) " / " (row.spinoffs) }
                                            td { (row.reach_low_ses) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @for m in r.register.missies() {
                        section id={"missie-" (m.code.code())} {
                            h2 { (m.code.label(l)) " — " (m.title_nl) }
                            p { (m.text_nl) }
                            p.bron { (l.t("Bron", "Source")) ": " (m.source.to_string()) }
                            h3 { (l.t("Doelen en voortgang", "Targets and progress")) }
                            @for v in r.voortgang.iter().filter(|v| v.missie == m.code.code()) {
                                @let observed: Vec<(i32, f64)> = national(r.observaties, &v.indicator);
                                table {
                                    tbody {
                                        tr { th scope="row" { (l.t("Doel", "Target")) } td { (v.doel) " (" (v.indicator) ")" } }
                                        tr { th scope="row" { (l.t("Basis", "Baseline")) } td { (v.baseline.map_or("–".to_owned(), |(y, x)| format!("{x:.2} ({y})"))) } }
                                        tr { th scope="row" { (l.t("Streefwaarde", "Target level")) } td { (num(v.target)) " (" (v.deadline) ")" } }
                                        tr { th scope="row" { (l.t("Laatste waarde", "Latest value")) } td { (v.latest.map_or("–".to_owned(), |(y, x)| format!("{x:.2} ({y})"))) } }
                                        tr { th scope="row" { (l.t("Status", "Status")) } td class=(status_class(v.status)) {
                                            (l.t(v.status.label_nl(), v.status.label_en()))
                                            @if v.synthetisch {
                                                " " strong { (l.t("— synthetisch voorbeeld: verzonnen waarden, de status zegt niets over Nederland", "— synthetic example: made-up values, the status says nothing about the Netherlands")) }
                                            }
                                        } }
                                        tr { th scope="row" { (l.t("Reden", "Reason")) } td { (l.t(&v.reason, &v.reason_en)) } }
                                    }
                                }
                                @if !observed.is_empty() || !v.path.is_empty() {
                                    (verloop(&verloop_van(v, &observed), l))
                                }
                            }
                            @if let Some(s) = r.synthesen.iter().find(|s| s.missie == m.code) {
                                h3 { (l.t("Innovatiepijplijn", "Innovation pipeline")) " (" (s.items.len()) ")" }
                                (trl(&s.by_trl, s.threshold, l))
                                p {
                                    (s.question_gaps.len()) " "
                                    (l.t("kennisvragen zonder innovatie vanaf TRL", "questions without an innovation at or beyond TRL"))
                                    " " (s.threshold) "; "
                                    (s.technology_ahead.len()) " "
                                    (l.t("innovaties waarvan de techniek voorloopt op stakeholders of omgeving", "innovations whose technology is ahead of stakeholders or environment"))
                                    "."
                                }
                            }
                            @if let Some((_, counts)) = r.activiteiten.iter().find(|(c, _)| *c == m.code) {
                                h3 { (l.t("Activiteiten van de KIA", "Activities of the KIA")) }
                                table {
                                    thead { tr { th scope="col" { (l.t("Status", "Status")) } th scope="col" { (l.t("Aantal", "Number")) } } }
                                    tbody { @for (label, n) in counts { tr { td { (label) } td { (n) } } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}

/// A target's progress and its observed national series as the trajectory chart draws it
/// (the mission pages draw it the same way).
pub fn verloop_van<'a>(v: &'a Voortgang, observed: &'a [(i32, f64)]) -> Verloop<'a> {
    Verloop {
        indicator: &v.indicator,
        deadline: v.deadline,
        observed,
        path: &v.path,
        target: v.target,
        latest: v.latest,
        projection: v.linear.map(|p| Projectie {
            value: p.value,
            lower: p.lower,
            upper: p.upper,
        }),
    }
}

/// The national total series of a KPI, by year: the trajectory is drawn per year, so pooled
/// periods stay out of its line (the status reason names them).
fn national(obs: &[Waarneming], kpi: &str) -> Vec<(i32, f64)> {
    let mut v: Vec<(i32, f64)> = obs
        .iter()
        .filter(|o| o.kpi == kpi && o.is_national_total())
        .filter_map(|o| Some((o.period.als_jaar()?, o.value)))
        .collect();
    v.sort_by_key(|p| p.0);
    v
}
