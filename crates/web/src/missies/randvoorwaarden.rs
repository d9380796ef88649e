//! The KIA's cross-cutting activities (chapters such as 'Financiers & Investeerders' that
//! serve no single mission). They are shown on the central mission's page, which contains
//! all others, so that every activity of the register has a page and an anchor to link to.

use maud::{html, Markup};

use gemeten_domain::{Activiteit, Register};

use crate::layout::{bron, pick};
use crate::Lang;

pub(crate) fn activiteiten(register: &Register, l: Lang) -> Markup {
    let list: Vec<&Activiteit> = register
        .parts()
        .activiteit
        .iter()
        .filter(|a| a.missies.is_empty())
        .collect();
    let mut chapters: Vec<&str> = Vec::new();
    for a in &list {
        if !chapters.contains(&a.chapter.as_str()) {
            chapters.push(a.chapter.as_str());
        }
    }
    html! {
        @if !list.is_empty() {
            h3 #randvoorwaarden { (l.t("Randvoorwaarden: activiteiten voor alle missies", "Preconditions: activities for all missions")) " " span.count { "(" (list.len()) ")" } }
            @for c in &chapters {
                div.scroll { table {
                    caption lang="nl" { (c) }
                    thead { tr {
                        th scope="col" { (l.t("Nr.", "No.")) }
                        th scope="col" { (l.t("Activiteit", "Activity")) }
                        th scope="col" { (l.t("Initiatiefnemers", "Initiators")) }
                        th scope="col" { (l.t("Bron", "Source")) }
                    } }
                    tbody { @for a in list.iter().filter(|a| a.chapter.as_str() == *c) {
                        tr #(format!("activiteit-{}", a.id)) {
                            th scope="row" { a href=(format!("/activiteiten/{}", a.id)) { (a.number) } }
                            td { (pick(&a.text_nl, &a.text_en, l)) }
                            td { ul.plain {
                                @if a.all_partners { li { (l.t("alle partners", "all partners")) } }
                                @for id in &a.initiatiefnemers {
                                    li { (register.organisatie(id).map_or(id.to_string(), |o| o.name.to_string())) }
                                }
                            } }
                            td { (bron(&a.source)) }
                        }
                    } }
                } }
            }
        }
    }
}
