//! A mission's theory of change: five columns (input, activity, output, outcome, impact) of
//! boxes with wrapped labels, and curved arrows between them.

use std::collections::HashMap;

use maud::{html, Markup};

use gemeten_domain::{KnoopSoort, Lang, ToCKnoop, ToCPijl};

use crate::schaal::{figuur, Px};

const COL_W: f64 = 200.0;
const COL_GAP: f64 = 60.0;
const NODE_H: f64 = 84.0;
const ROW_GAP: f64 = 14.0;
const TOP: f64 = 44.0;
const MARGIN: f64 = 10.0;
const LINE_H: f64 = 15.0;
const CHARS_PER_LINE: usize = 30;
/// Space above and below the text in a box.
const PADDING: f64 = 12.0;

const STAGES: [KnoopSoort; 5] = [
    KnoopSoort::Input,
    KnoopSoort::Activiteit,
    KnoopSoort::Output,
    KnoopSoort::Outcome,
    KnoopSoort::Impact,
];

/// Greedy word wrap into lines of at most 30 characters, all of the text: a box grows to
/// hold it, so it can be read without hovering (a word longer than a line is broken).
pub fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        for piece in chars.chunks(CHARS_PER_LINE) {
            let piece: String = piece.iter().collect();
            let len = current.chars().count();
            if len > 0 && len + 1 + piece.chars().count() > CHARS_PER_LINE {
                lines.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(&piece);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// The height of every box: the default, or as tall as the longest text needs.
fn node_height(texts: &[Vec<String>]) -> f64 {
    let most = texts.iter().map(Vec::len).max().unwrap_or(0) as f64;
    NODE_H.max(most * LINE_H + 2.0 * PADDING)
}

/// A column's heading: the short word, also for the outcome column, whose label is long.
fn stage_label(k: KnoopSoort, l: Lang) -> &'static str {
    match k {
        KnoopSoort::Outcome => "outcome",
        k => k.label(l),
    }
}

/// The path of an arrow from the right edge of one box to the left edge of the next; within
/// one column a loop on the right-hand side.
fn pijl((fx, fy, fc): (f64, f64, usize), (tx, ty, tc): (f64, f64, usize), node_h: f64) -> String {
    let (x1, y1) = (fx + COL_W, fy + node_h / 2.0);
    let y2 = ty + node_h / 2.0;
    if fc == tc {
        let bulge = x1 + 28.0;
        format!("M{x1:.1},{y1:.1} C{bulge:.1},{y1:.1} {bulge:.1},{y2:.1} {x1:.1},{y2:.1}")
    } else {
        let dx = (tx - x1) / 2.0;
        format!(
            "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {tx:.1},{y2:.1}",
            x1 + dx,
            tx - dx
        )
    }
}

/// The theory of change of one mission, nodes in pathway order within their column.
pub fn toc(knopen: &[&ToCKnoop], pijlen: &[&ToCPijl], l: Lang) -> Markup {
    let columns: Vec<Vec<&ToCKnoop>> = STAGES
        .iter()
        .map(|s| {
            let mut col: Vec<&ToCKnoop> = knopen.iter().copied().filter(|k| k.kind == *s).collect();
            col.sort_by_key(|k| k.pathway_order());
            col
        })
        .collect();
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let wrapped: HashMap<&str, Vec<String>> = knopen
        .iter()
        .map(|k| {
            let text = l.pick(k.text_nl.as_str(), k.text_en.as_ref().map(|t| t.as_str()));
            (k.id.as_str(), wrap(text))
        })
        .collect();
    let node_h = node_height(&wrapped.values().cloned().collect::<Vec<_>>());
    let step = node_h + ROW_GAP;
    let width = MARGIN * 2.0 + 5.0 * COL_W + 4.0 * COL_GAP;
    let height = TOP + rows as f64 * step + MARGIN;
    // Box position per node id: (x, y) of the top-left corner and the column.
    let mut pos: HashMap<&str, (f64, f64, usize)> = HashMap::new();
    for (c, col) in columns.iter().enumerate() {
        let x = MARGIN + c as f64 * (COL_W + COL_GAP);
        let offset = (rows - col.len()) as f64 * step / 2.0;
        for (r, k) in col.iter().enumerate() {
            pos.insert(k.id.as_str(), (x, TOP + offset + r as f64 * step, c));
        }
    }
    let links: Vec<String> = pijlen
        .iter()
        .filter_map(|a| {
            Some(pijl(
                *pos.get(a.from.as_str())?,
                *pos.get(a.to.as_str())?,
                node_h,
            ))
        })
        .collect();
    let desc = l.t(
        "Vijf kolommen van links naar rechts: input, activiteit, output, outcome en impact; pijlen tonen welke stap tot welke leidt. De tekstversie staat onder het diagram.",
        "Five columns from left to right: input, activity, output, outcome and impact; arrows show which step leads to which. The text version is below the diagram.",
    );
    let inhoud = html! {
        defs {
            marker #pijl viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" {
                path d="M0,0 L10,5 L0,10 z" class="pijlpunt" {}
            }
        }
        @for (c, s) in STAGES.iter().enumerate() {
            text.kolom x=(Px(MARGIN + c as f64 * (COL_W + COL_GAP) + COL_W / 2.0)) y="22" text-anchor="middle" {
                (stage_label(*s, l)) " (" (columns[c].len()) ")"
            }
        }
        g.links {
            @for d in &links {
                path.toc-pijl d=(d) marker-end="url(#pijl)" {}
            }
        }
        @for col in &columns {
            @for k in col {
                @let (x, y, _) = pos[k.id.as_str()];
                @let text = l.pick(k.text_nl.as_str(), k.text_en.as_ref().map(|t| t.as_str()));
                @let lines = &wrapped[k.id.as_str()];
                @let first = y + (node_h - lines.len() as f64 * LINE_H) / 2.0 + LINE_H - 3.0;
                g.node {
                    title { (k.id) ": " (text) }
                    rect.toc-knoop x=(Px(x)) y=(Px(y)) width=(Px(COL_W)) height=(Px(node_h)) rx="6" {}
                    text x=(Px(x + 8.0)) y=(Px(first)) {
                        @for (i, line) in lines.iter().enumerate() {
                            tspan x=(Px(x + 8.0)) dy=(if i == 0 { "0" } else { "15" }) { (line) }
                        }
                    }
                }
            }
        }
    };
    figuur(
        "toc",
        (width, height),
        true,
        l.t("Theory of change", "Theory of change"),
        desc,
        inhoud,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_all_of_the_text() {
        assert_eq!(
            wrap("Meer mensen wonen thuis"),
            vec!["Meer mensen wonen thuis"]
        );
        let long = "woord ".repeat(60);
        let lines = wrap(&long);
        // 60 words of 5 letters, five to a line of 30 characters (29 with the spaces).
        assert_eq!(lines.len(), 12);
        assert_eq!(lines.join(" "), long.trim());
        assert!(lines.iter().all(|l| l.chars().count() <= 30));
        // A word longer than a line is broken, not cut.
        let url = "https://example.org/a/very/long/path/to/a/document";
        assert_eq!(wrap(url).concat(), url);
    }

    #[test]
    fn boxes_grow_to_hold_the_longest_text() {
        assert_eq!(node_height(&[wrap("kort")]), NODE_H);
        let long = wrap(&"woord ".repeat(60));
        assert_eq!(
            node_height(&[wrap("kort"), long]),
            12.0 * LINE_H + 2.0 * PADDING
        );
    }

    #[test]
    fn arrows_run_from_the_right_edge_to_the_next_column() {
        let d = pijl((10.0, 44.0, 0), (270.0, 142.0, 1), NODE_H);
        assert!(d.starts_with("M210.0,86.0 "), "{d}");
        assert!(d.ends_with(" 270.0,184.0"), "{d}");
        // Within a column: back to the same edge.
        let d = pijl((10.0, 44.0, 0), (10.0, 142.0, 0), NODE_H);
        assert!(d.ends_with(" 210.0,184.0"), "{d}");
    }

    #[test]
    fn empty_theory_of_change_still_has_its_title_and_columns() {
        let svg = toc(&[], &[], Lang::En).into_string();
        assert!(svg.starts_with("<svg class=\"toc\""));
        assert!(svg.contains("role=\"img\"") && svg.contains("<title>Theory of change</title>"));
        assert!(svg.contains("Five columns from left to right"));
        assert!(svg.contains(">input (0)<") && svg.contains(">outcome (0)<"));
        let nl = toc(&[], &[], Lang::Nl).into_string();
        assert!(nl.contains(">activiteit (0)<") && nl.contains("Vijf kolommen"));
    }
}
