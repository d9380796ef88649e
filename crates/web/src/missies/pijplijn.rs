//! The innovation pipeline on a mission page: the TRL chart, the register's innovations and
//! the most advanced projects, and the gaps of the synthesis.

use maud::{html, Markup};

use gemeten_domain::{Id, Register};
use gemeten_portfolio::{Herkomst, PijplijnItem, Synthese};

use crate::layout::{pick, section_head, waarom, WAAROM_002, WAAROM_PROJECT};
use crate::Lang;

/// Projects listed by name in a mission's pipeline table and gap lists; the chart counts them all.
const PROJECTS_IN_PIPELINE_TABLE: usize = 25;

pub(super) fn sectie(s: &Synthese<'_>, register: &Register, l: Lang) -> Markup {
    let is_innovatie = |id: &Id| register.parts().innovatie.iter().any(|i| &i.id == id);
    // A national portfolio puts tens of thousands of projects under one mission: the table
    // shows the register's innovations and the most advanced projects, the rest is a link.
    let mut projects: Vec<&PijplijnItem> = s
        .items
        .iter()
        .filter(|i| i.herkomst == Herkomst::Project)
        .collect();
    projects.sort_by_key(|i| std::cmp::Reverse(i.trl));
    let hidden = projects.len().saturating_sub(PROJECTS_IN_PIPELINE_TABLE);
    let shown: Vec<&PijplijnItem> = s
        .items
        .iter()
        .filter(|i| i.herkomst == Herkomst::Innovatie)
        .chain(projects.into_iter().take(PROJECTS_IN_PIPELINE_TABLE))
        .collect();
    html! {
        (section_head("pijplijn", l.t("Innovatiepijplijn", "Innovation pipeline"), s.items.len(), l))
        @if !s.items.is_empty() {
            figure.trl-figuur {
                div.scroll { (gemeten_grafiek::trl(&s.by_trl, s.threshold, l)) }
                figcaption { (l.t(
                    "Innovaties uit het register en projecten uit de portefeuille per TRL; groen: op of voorbij de drempel.",
                    "Innovations of the register and projects of the portfolio by TRL; green: at or beyond the threshold.",
                )) }
            }
            div.scroll { table {
                caption { (l.t("Innovaties en projecten", "Innovations and projects")) }
                thead { tr {
                    th scope="col" { (l.t("Naam", "Name")) }
                    th scope="col" { (l.t("Herkomst", "Origin")) }
                    th scope="col" { "TRL" }
                    th scope="col" { "SEL" }
                    th scope="col" { (l.t("Fasen (innovatie / stakeholders / omgeving)", "Phases (innovation / stakeholders / environment)")) }
                } }
                tbody { @for i in &shown { tr { (crate::missies::synthese::item_cellen(i, l)) } } }
            } }
            @for (herkomst, why) in [(Herkomst::Innovatie, WAAROM_002), (Herkomst::Project, WAAROM_PROJECT)] {
                @if shown.iter().any(|i| i.herkomst == herkomst && unknown(i)) {
                    p.meta { (match herkomst {
                        Herkomst::Innovatie => l.t("Innovaties uit 002 ", "Innovations from 002 "),
                        Herkomst::Project => l.t("Projecten ", "Projects "),
                    }) (waarom(why, l)) }
                }
            }
        }
        @if hidden > 0 {
            p { a href=(format!("/projecten?missie={}", s.missie)) {
                (hidden) " " (l.t("projecten meer, met de hoogste TRL eerst hierboven: alle projecten van deze missie", "more projects, the highest TRL first above: all projects of this mission"))
            } }
        }
        p { a href=(format!("/missies/{}/synthese", s.missie)) { (l.t("De volledige synthese: alle items per pagina, met de tellingen en lacunes", "The full synthesis: all items page by page, with the counts and gaps")) } }
        p { a href="/innovaties" { (l.t("Alle innovaties met hun barrières en financieringsroute", "All innovations with their barriers and financing route")) } }
        h3 { (l.t("Lacunes", "Gaps")) }
        p { (l.t("Drempel", "Threshold")) ": TRL " (s.threshold) "." }
        h4 { (l.t("Kennisvragen zonder innovatie op of voorbij de drempel", "Questions without an innovation at or beyond the threshold")) " (" (s.question_gaps.len()) ")" }
        @if s.question_gaps.is_empty() {
            p { (l.t("Geen.", "None.")) }
        } @else {
            ul.gaten { @for g in &s.question_gaps {
                li {
                    a href=(format!("#vraag-{}", g.vraag.id)) { strong { (g.vraag.id) } } ": " (pick(&g.vraag.text_nl, &g.vraag.text_en, l))
                    " (" (g.items_below) " " (l.t("eronder", "below"))
                    @if let Some(t) = g.highest_trl { ", " (l.t("hoogste TRL", "highest TRL")) " " (t) }
                    ")"
                }
            } }
        }
        h4 { (l.t("Doelen zonder gekoppeld project op of voorbij de drempel", "Targets without a linked project at or beyond the threshold")) " (" (s.target_gaps.len()) ")" }
        @if s.target_gaps.is_empty() {
            p { (l.t("Geen.", "None.")) }
        } @else {
            ul.gaten { @for g in &s.target_gaps { li {
                a href=(format!("/doelen/{}", g.doel.id)) { (pick(&g.doel.indicator_nl, &g.doel.indicator_en, l)) }
                " — "
                @if g.projects_below == 0 {
                    (l.t("geen project noemt dit doel", "no project names this target"))
                } @else {
                    (g.projects_below) " " (l.t("gekoppelde projecten, hoogste TRL", "linked projects, highest TRL")) " "
                    (g.highest_trl.map_or_else(|| l.t("onbekend", "unknown").to_owned(), |t| t.to_string()))
                }
            } } }
        }
        @if !s.technology_ahead.is_empty() {
            h4 { (l.t("Techniek loopt voor op stakeholders of gebruiksomgeving", "Technology ahead of stakeholders or use environment")) " (" (s.technology_ahead.len()) ")" }
            ul.gaten { @for id in s.technology_ahead.iter().take(PROJECTS_IN_PIPELINE_TABLE) { li {
                a href=(if is_innovatie(id) { format!("/innovaties/{id}") } else { format!("/projecten/{id}") }) { (id) }
            } } }
            @if s.technology_ahead.len() > PROJECTS_IN_PIPELINE_TABLE {
                p { (s.technology_ahead.len() - PROJECTS_IN_PIPELINE_TABLE) " " (l.t("meer; de volledige lijst staat in", "more; the full list is in")) " "
                    a href=(format!("/missies/{}/synthese?techniek_voor=true", s.missie)) { (l.t("de synthese", "the synthesis")) } "." }
            }
        }
    }
}

/// Whether a row of the pipeline has an empty TRL, SEL or phase.
fn unknown(i: &PijplijnItem) -> bool {
    i.trl.is_none()
        || i.sel.is_none()
        || i.phases.innovation.is_none()
        || i.phases.stakeholders.is_none()
        || i.phases.environment.is_none()
}
