//! One mission's part of the knowledge and innovation ecosystem (000 Figure 5) as a tree: the
//! mission on top, under it one column per kind of element in the figure's order (the
//! departments' input left, the output and outcome right), each element a box on its column's
//! spine. A dot marks an element that is also an organisation, instrument or programme of the
//! register; a legend under the mission says what colours, lines and dots mean.

use maud::{html, Markup};

use gemeten_domain::{KiesGraaf, KiesKnoop, KiesSoort, Lang};

use crate::schaal::{figuur, Px};
use crate::toc::wrap;

const MARGIN: f64 = 10.0;
const COL_W: f64 = 190.0;
const COL_GAP: f64 = 22.0;
const BANNER_H: f64 = 44.0;
const LEGEND_Y: f64 = BANNER_H + 2.0 * MARGIN + 8.0;
const LEGEND_H: f64 = 66.0;
/// Width of a legend column: room for the longest kind's label ("Key enabling technologies and
/// multi-year programmes") beside its swatch; the six kinds in two columns.
const LEGEND_COL: f64 = 420.0;
const HEAD_Y: f64 = LEGEND_Y + LEGEND_H + 24.0;
const HEAD_H: f64 = 44.0;
const LINE_H: f64 = 15.0;
const NODE_PAD: f64 = 7.0;
const NODE_GAP: f64 = 8.0;
/// Boxes are indented from the spine by this much.
const INDENT: f64 = 14.0;

/// A column heading short enough for its box.
fn kop(k: KiesSoort, l: Lang) -> &'static str {
    match k {
        KiesSoort::Topsector => l.t("Topsectoren (EZK)", "Top sectors (EZK)"),
        KiesSoort::NwaRoute => l.t("NWA-routes (OCW)", "NWA routes (OCW)"),
        KiesSoort::Zorgakkoord => l.t("Zorgakkoorden (VWS)", "Care agreements (VWS)"),
        KiesSoort::Sleuteltechnologie => l.t("Sleuteltechnologieën", "Key technologies"),
        KiesSoort::Sleutelmethodologie => l.t("Sleutelmethodologieën", "Key methodologies"),
        KiesSoort::Partnerschap => l.t("Partnerschappen", "Partnerships"),
    }
}

fn index(k: KiesSoort) -> usize {
    KiesSoort::ALL.iter().position(|x| *x == k).unwrap_or(0)
}

fn in_register(k: &KiesKnoop) -> bool {
    k.organisatie.is_some() || k.instrument.is_some() || k.programma.is_some()
}

/// The element's box height for its wrapped label.
fn hoogte(lines: usize) -> f64 {
    lines.max(1) as f64 * LINE_H + 2.0 * NODE_PAD
}

/// The tree of `graaf` (one mission's part) under the banner `missie`.
pub fn kies(missie: &str, graaf: &KiesGraaf, l: Lang) -> Markup {
    let kolommen: Vec<(KiesSoort, Vec<&KiesKnoop>)> = KiesSoort::ALL
        .iter()
        .map(|s| (*s, graaf.van_soort(*s)))
        .collect();
    let col_x = |c: usize| MARGIN + c as f64 * (COL_W + COL_GAP);
    let width = col_x(KiesSoort::ALL.len()) - COL_GAP + MARGIN;
    // Every node's box: (x, y, wrapped label).
    let mut boxes: Vec<Vec<(f64, f64, Vec<String>)>> = Vec::new();
    let mut bottom = HEAD_Y + HEAD_H;
    for (c, (_, col)) in kolommen.iter().enumerate() {
        let mut y = HEAD_Y + HEAD_H + 16.0;
        let mut b = Vec::new();
        for k in col {
            let lines = wrap(k.label());
            let h = hoogte(lines.len());
            b.push((col_x(c) + INDENT, y, lines));
            y += h + NODE_GAP;
        }
        bottom = bottom.max(y);
        boxes.push(b);
    }
    let height = bottom + MARGIN;
    let n = graaf.knopen.len();
    let desc = match l {
        Lang::Nl => format!(
            "{missie} bovenaan; daaronder zes kolommen, een per soort element van het kennis- en innovatie-ecosysteem (000, Figuur 5): links de inbreng van de departementen (topsectoren, NWA-routes, zorgakkoorden), rechts sleuteltechnologieën, sleutelmethodologieën en partnerschappen; {n} elementen. Een stip: ook in het register. De tekstversie staat onder de figuur."
        ),
        Lang::En => format!(
            "{missie} at the top; below it six columns, one per kind of element of the knowledge and innovation ecosystem (000, Figure 5): left the departments' input (top sectors, NWA routes, care agreements), right key technologies, key methodologies and partnerships; {n} elements. A dot: also in the register. The text version is below the figure."
        ),
    };
    let mid = width / 2.0;
    let spine_top = HEAD_Y - 12.0;
    let inhoud = html! {
        g.kies-missie {
            rect.kies-banner x=(Px(MARGIN)) y=(Px(MARGIN)) width=(Px(width - 2.0 * MARGIN)) height=(Px(BANNER_H)) rx="8" {}
            text.kies-banner-tekst x=(Px(mid)) y=(Px(MARGIN + BANNER_H / 2.0 + 6.0)) text-anchor="middle" { (missie) }
        }
        g.kies-legenda {
            @for (c, s) in KiesSoort::ALL.iter().enumerate() {
                @let x = MARGIN + (c % 2) as f64 * LEGEND_COL;
                @let y = LEGEND_Y + (c / 2) as f64 * 20.0;
                rect class=(format!("kies-knoop kies-{}", index(*s))) x=(Px(x)) y=(Px(y)) width="14" height="14" rx="3" {}
                text.kies-legenda-tekst x=(Px(x + 20.0)) y=(Px(y + 11.5)) { (s.label(l)) }
            }
            circle.kies-register cx=(Px(MARGIN + 2.0 * LEGEND_COL + 7.0)) cy=(Px(LEGEND_Y + 7.0)) r="4.5" {}
            text.kies-legenda-tekst x=(Px(MARGIN + 2.0 * LEGEND_COL + 20.0)) y=(Px(LEGEND_Y + 11.5)) {
                (l.t("ook in het register", "also in the register"))
            }
            line.kies-lijn x1=(Px(MARGIN + 2.0 * LEGEND_COL)) y1=(Px(LEGEND_Y + 27.0)) x2=(Px(MARGIN + 2.0 * LEGEND_COL + 14.0)) y2=(Px(LEGEND_Y + 27.0)) {}
            text.kies-legenda-tekst x=(Px(MARGIN + 2.0 * LEGEND_COL + 20.0)) y=(Px(LEGEND_Y + 31.5)) {
                (l.t("de rij van de missie noemt het", "the mission's row names it"))
            }
        }
        // From the banner down to every column's heading.
        line.kies-lijn x1=(Px(mid)) y1=(Px(MARGIN + BANNER_H)) x2=(Px(mid)) y2=(Px(spine_top)) {}
        line.kies-lijn x1=(Px(col_x(0) + 6.0)) y1=(Px(spine_top)) x2=(Px(col_x(KiesSoort::ALL.len() - 1) + 6.0)) y2=(Px(spine_top)) {}
        @for (c, (s, col)) in kolommen.iter().enumerate() {
            @let x = col_x(c);
            @let last = boxes[c].last().map(|(_, y, lines)| y + hoogte(lines.len()) / 2.0);
            g class=(format!("kies-kolom kies-kolom-{}", s.code())) {
                line.kies-lijn x1=(Px(x + 6.0)) y1=(Px(spine_top)) x2=(Px(x + 6.0)) y2=(Px(HEAD_Y)) {}
                rect class=(format!("kies-kop kies-{}", index(*s))) x=(Px(x)) y=(Px(HEAD_Y)) width=(Px(COL_W)) height=(Px(HEAD_H)) rx="6" {}
                text.kies-kop-tekst x=(Px(x + 8.0)) y=(Px(HEAD_Y + 18.0)) { (kop(*s, l)) }
                text.kies-kop-aantal x=(Px(x + 8.0)) y=(Px(HEAD_Y + 35.0)) {
                    (col.len()) " " (if col.len() == 1 { l.t("element", "element") } else { l.t("elementen", "elements") })
                }
                @if let Some(end) = last {
                    line.kies-lijn x1=(Px(x + 6.0)) y1=(Px(HEAD_Y + HEAD_H)) x2=(Px(x + 6.0)) y2=(Px(end)) {}
                }
                g {
                    @for (k, (bx, by, lines)) in col.iter().zip(&boxes[c]) {
                        @let h = hoogte(lines.len());
                        // The figure's words, in the name's language where it is not the page's.
                        g.kies-element lang=[(k.name_lang() != l).then_some(k.name_lang().code())] {
                            title { (k.name_nl) " — 000 r. " (k.source.lines.as_ref().map_or("?".to_owned(), |r| r.to_string())) }
                            line.kies-lijn x1=(Px(x + 6.0)) y1=(Px(by + h / 2.0)) x2=(Px(*bx)) y2=(Px(by + h / 2.0)) {}
                            rect class=(format!("kies-knoop kies-{}", index(*s))) x=(Px(*bx)) y=(Px(*by)) width=(Px(COL_W - INDENT)) height=(Px(h)) rx="5" {}
                            text.kies-tekst x=(Px(bx + 7.0)) y=(Px(by + NODE_PAD + LINE_H - 3.0)) {
                                @for (i, line) in lines.iter().enumerate() {
                                    tspan x=(Px(bx + 7.0)) dy=(if i == 0 { "0" } else { "15" }) { (line) }
                                }
                            }
                            @if in_register(k) {
                                circle.kies-register cx=(Px(bx + COL_W - INDENT - 8.0)) cy=(Px(by + 8.0)) r="4.5" {}
                            }
                        }
                    }
                }
            }
        }
    };
    figuur(
        "kies",
        (width, height),
        true,
        &match l {
            Lang::Nl => format!("Kennis- en innovatie-ecosysteem van {missie}"),
            Lang::En => format!("Knowledge and innovation ecosystem of {missie}"),
        },
        &desc,
        inhoud,
    )
}

#[cfg(test)]
mod tests {
    use gemeten_domain::{KiesPijl, MissieCode};

    use super::*;
    use crate::test_support::{attr, elements};

    fn knoop(id: &str, kind: &str, label: &str, org: bool) -> KiesKnoop {
        serde_json::from_value(serde_json::json!({
            "id": id, "kind": kind, "name_nl": format!("{label} (lang)"), "label_nl": label,
            "organisatie": if org { Some("org") } else { None },
            "source": { "doc": "000", "section": "Bijlagen", "lines": "6200-6200" }
        }))
        .unwrap()
    }

    #[test]
    fn every_element_stands_in_its_kinds_column_with_its_label() {
        let knopen = [
            knoop("a", "topsector", "LSH", true),
            knoop("b", "partnerschap", "Health-RI", false),
            knoop(
                "c",
                "partnerschap",
                "Een zeer lange naam van een partnerschap met veel woorden",
                false,
            ),
        ];
        let pijlen: Vec<KiesPijl> = Vec::new();
        let graaf = KiesGraaf {
            knopen: knopen.iter().collect(),
            pijlen: Vec::new(),
            alle_pijlen: &pijlen,
        };
        let svg = kies("Missie II", &graaf, Lang::Nl).into_string();
        assert!(svg.starts_with("<svg class=\"kies\""), "{svg}");
        assert!(svg.contains("<title>Kennis- en innovatie-ecosysteem van Missie II</title>"));
        assert!(svg.contains("3 elementen"));
        // One box per element plus one legend swatch per kind.
        let boxes = elements(&svg, "rect", "kies-knoop");
        assert_eq!(boxes.len(), 3 + KiesSoort::ALL.len());
        // Partnerships are the sixth column: their boxes sit right of the top sectors'.
        let x = |i: usize| attr(&boxes[i], "x").unwrap().parse::<f64>().unwrap();
        let n = KiesSoort::ALL.len();
        assert!(x(n) < x(n + 1), "{:?}", &boxes[n..]);
        assert_eq!(x(n + 1), x(n + 2));
        // The long label wraps over two lines and the second box grows for it.
        assert!(svg.contains(">Een zeer lange naam van een<"), "{svg}");
        let h = |i: usize| attr(&boxes[i], "height").unwrap().parse::<f64>().unwrap();
        assert!(h(n + 2) > h(n + 1));
        // The element in the register has its dot; with the legend's: two.
        assert_eq!(elements(&svg, "circle", "kies-register").len(), 2);
        assert_eq!(svg.matches("<title>").count(), 1 + 3);
        // Empty columns still say so.
        assert!(svg.contains(">0 elementen<"));
        let _ = MissieCode::II;
    }

    #[test]
    fn english_labels_of_the_dutch_figure_are_marked_dutch() {
        let knopen = [knoop("a", "sleutelmethodologie", "Co-creatie", false)];
        let pijlen: Vec<KiesPijl> = Vec::new();
        let graaf = KiesGraaf {
            knopen: knopen.iter().collect(),
            pijlen: Vec::new(),
            alle_pijlen: &pijlen,
        };
        let svg = kies("Mission III", &graaf, Lang::En).into_string();
        assert!(
            svg.contains("<g class=\"kies-element\" lang=\"nl\">"),
            "{svg}"
        );
        assert!(svg.contains(">Key methodologies<") && svg.contains(">1 element<"));
        assert!(svg.contains("also in the register"));
    }
}
