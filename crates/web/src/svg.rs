//! Server-rendered SVG: the theory of change as five columns of boxes with arrows, and the
//! innovation pipeline as bars by TRL.

use std::collections::HashMap;

use maud::{html, Markup};

use gemeten_domain::{KnoopSoort, ToCKnoop, ToCPijl};
use gemeten_portfolio::Synthese;

use crate::layout::pick_str;
use crate::Lang;

const COL_W: f32 = 200.0;
const COL_GAP: f32 = 60.0;
const NODE_H: f32 = 84.0;
const ROW_GAP: f32 = 14.0;
const TOP: f32 = 44.0;
const MARGIN: f32 = 10.0;
const LINE_H: f32 = 15.0;
const CHARS_PER_LINE: usize = 30;
const MAX_LINES: usize = 4;

const STAGES: [KnoopSoort; 5] = [
    KnoopSoort::Input,
    KnoopSoort::Activiteit,
    KnoopSoort::Output,
    KnoopSoort::Outcome,
    KnoopSoort::Impact,
];

/// Pathway order within a column: by the node's number, so `II-input-2` precedes `II-input-10`.
pub fn toc_order(k: &ToCKnoop) -> (KnoopSoort, u32, &str) {
    let id = k.id.as_str();
    let number = id.rsplit('-').next().and_then(|n| n.parse().ok());
    (k.kind, number.unwrap_or(u32::MAX), id)
}

/// Greedy word wrap into at most `MAX_LINES` lines; `true` when the text was cut.
pub fn wrap(text: &str) -> (Vec<String>, bool) {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut cut = false;
    for word in text.split_whitespace() {
        let mut word: String = word.to_owned();
        if word.chars().count() > CHARS_PER_LINE {
            word = word.chars().take(CHARS_PER_LINE - 1).collect::<String>() + "…";
        }
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > CHARS_PER_LINE {
            lines.push(std::mem::take(&mut current));
            if lines.len() == MAX_LINES {
                cut = true;
                break;
            }
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !cut && !current.is_empty() {
        lines.push(current);
    }
    if cut {
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(CHARS_PER_LINE - 1).collect();
            *last = format!("{}…", keep.trim_end());
        }
    }
    (lines, cut)
}

fn stage_label(k: KnoopSoort, l: Lang) -> &'static str {
    match (k, l) {
        (KnoopSoort::Outcome, Lang::Nl) => "outcome",
        (k, Lang::Nl) => k.label_nl(),
        (KnoopSoort::Outcome, Lang::En) => "outcome",
        (k, Lang::En) => k.label_en(),
    }
}

/// The theory of change of one mission as an SVG diagram.
pub fn toc(knopen: &[&ToCKnoop], pijlen: &[&ToCPijl], l: Lang) -> Markup {
    let columns: Vec<Vec<&ToCKnoop>> = STAGES
        .iter()
        .map(|s| {
            let mut col: Vec<&ToCKnoop> = knopen.iter().copied().filter(|k| k.kind == *s).collect();
            col.sort_by_key(|k| toc_order(k));
            col
        })
        .collect();
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let step = NODE_H + ROW_GAP;
    let width = MARGIN * 2.0 + 5.0 * COL_W + 4.0 * COL_GAP;
    let height = TOP + rows as f32 * step + MARGIN;
    // Box position per node id: (x, y) of the top-left corner and the column.
    let mut pos: HashMap<&str, (f32, f32, usize)> = HashMap::new();
    for (c, col) in columns.iter().enumerate() {
        let x = MARGIN + c as f32 * (COL_W + COL_GAP);
        let offset = (rows - col.len()) as f32 * step / 2.0;
        for (r, k) in col.iter().enumerate() {
            pos.insert(k.id.as_str(), (x, TOP + offset + r as f32 * step, c));
        }
    }
    let links: Vec<String> = pijlen
        .iter()
        .filter_map(|a| {
            let (fx, fy, fc) = *pos.get(a.from.as_str())?;
            let (tx, ty, tc) = *pos.get(a.to.as_str())?;
            let (x1, y1) = (fx + COL_W, fy + NODE_H / 2.0);
            let y2 = ty + NODE_H / 2.0;
            Some(if fc == tc {
                // Within one column: a loop on the right-hand side.
                let bulge = x1 + 28.0;
                format!("M{x1:.1},{y1:.1} C{bulge:.1},{y1:.1} {bulge:.1},{y2:.1} {x1:.1},{y2:.1}")
            } else {
                let x2 = tx;
                let dx = (x2 - x1) / 2.0;
                format!(
                    "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
                    x1 + dx,
                    x2 - dx
                )
            })
        })
        .collect();
    let title = l.t("Theory of change", "Theory of change");
    let desc = l.t(
        "Vijf kolommen van links naar rechts: input, activiteit, output, outcome en impact; pijlen tonen welke stap tot welke leidt. De tekstversie staat onder het diagram.",
        "Five columns from left to right: input, activity, output, outcome and impact; arrows show which step leads to which. The text version is below the diagram.",
    );
    html! {
        svg.toc viewBox=(format!("0 0 {width:.0} {height:.0}")) width=(format!("{width:.0}")) role="img" aria-labelledby="toc-titel toc-desc" {
            title #toc-titel { (title) }
            desc #toc-desc { (desc) }
            defs {
                marker #pijl viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" {
                    path d="M0,0 L10,5 L0,10 z" class="pijlpunt" {}
                }
            }
            @for (c, s) in STAGES.iter().enumerate() {
                text.kolom x=(format!("{:.1}", MARGIN + c as f32 * (COL_W + COL_GAP) + COL_W / 2.0)) y="22" text-anchor="middle" {
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
                    @let text = pick_str(&k.text_nl, &k.text_en, l);
                    @let (lines, _) = wrap(text);
                    @let first = y + (NODE_H - lines.len() as f32 * LINE_H) / 2.0 + LINE_H - 3.0;
                    g.node {
                        title { (k.id) ": " (text) }
                        rect.toc-knoop x=(format!("{x:.1}")) y=(format!("{y:.1}")) width=(format!("{COL_W:.0}")) height=(format!("{NODE_H:.0}")) rx="6" {}
                        text x=(format!("{:.1}", x + 8.0)) y=(format!("{first:.1}")) {
                            @for (i, line) in lines.iter().enumerate() {
                                tspan x=(format!("{:.1}", x + 8.0)) dy=(if i == 0 { "0" } else { "15" }) { (line) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The pipeline of a synthesis as vertical bars per TRL (and unknown), with the threshold.
pub fn trl_chart(s: &Synthese<'_>, l: Lang) -> Markup {
    const BAR_W: f32 = 40.0;
    const GAP: f32 = 14.0;
    const CHART_H: f32 = 160.0;
    const LEFT: f32 = 20.0;
    const TOP: f32 = 34.0;
    let threshold = usize::from(s.threshold.get());
    // Slots: TRL 1..=9, then unknown (index 0 of by_trl).
    let slots: Vec<(String, usize, bool)> = (1..=9)
        .map(|t| (t.to_string(), s.by_trl[t], t >= threshold))
        .chain(std::iter::once(("?".to_owned(), s.by_trl[0], false)))
        .collect();
    let max = slots.iter().map(|s| s.1).max().unwrap_or(0).max(1);
    let width = LEFT * 2.0 + slots.len() as f32 * (BAR_W + GAP);
    let height = TOP + CHART_H + 46.0;
    let base = TOP + CHART_H;
    let tx = LEFT + (threshold as f32 - 1.0) * (BAR_W + GAP) - GAP / 2.0;
    let summary = slots
        .iter()
        .map(|(t, n, _)| format!("TRL {t}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        svg.trl viewBox=(format!("0 0 {width:.0} {height:.0}")) width=(format!("{width:.0}")) role="img" aria-labelledby="trl-titel" {
            title #trl-titel {
                (l.t("Innovaties en projecten per TRL", "Innovations and projects by TRL")) ": " (summary)
            }
            line.as x1=(format!("{LEFT:.0}")) y1=(format!("{base:.1}")) x2=(format!("{:.1}", width - LEFT)) y2=(format!("{base:.1}")) {}
            @for (i, (label, n, beyond)) in slots.iter().enumerate() {
                @let x = LEFT + i as f32 * (BAR_W + GAP);
                @let h = *n as f32 / max as f32 * CHART_H;
                g {
                    title { "TRL " (label) ": " (n) }
                    rect class=(if *beyond { "bar bar-voorbij" } else { "bar" }) x=(format!("{x:.1}")) y=(format!("{:.1}", base - h)) width=(format!("{BAR_W:.0}")) height=(format!("{h:.1}")) {}
                    text.waarde x=(format!("{:.1}", x + BAR_W / 2.0)) y=(format!("{:.1}", base - h - 6.0)) text-anchor="middle" { (n) }
                    text.as-label x=(format!("{:.1}", x + BAR_W / 2.0)) y=(format!("{:.1}", base + 18.0)) text-anchor="middle" { (label) }
                }
            }
            line.drempel x1=(format!("{tx:.1}")) y1=(format!("{:.1}", TOP - 14.0)) x2=(format!("{tx:.1}")) y2=(format!("{base:.1}")) {}
            text.drempel-label x=(format!("{:.1}", tx + 4.0)) y=(format!("{:.1}", TOP - 18.0)) {
                (l.t("drempel TRL ", "threshold TRL ")) (threshold)
            }
            text.as-label x=(format!("{:.1}", width / 2.0)) y=(format!("{:.1}", base + 40.0)) text-anchor="middle" {
                "TRL (" (l.t("? = onbekend", "? = unknown")) ")"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_keeps_short_text_and_cuts_long_text() {
        let (lines, cut) = wrap("Meer mensen wonen thuis");
        assert_eq!(lines, vec!["Meer mensen wonen thuis"]);
        assert!(!cut);
        let long = "woord ".repeat(60);
        let (lines, cut) = wrap(&long);
        assert_eq!(lines.len(), 4);
        assert!(cut);
        assert!(lines[3].ends_with('…'));
        assert!(lines.iter().all(|l| l.chars().count() <= 30));
    }
}
