//! The charts' colours, strokes and text sizes as a stylesheet, and a chart as a file of its
//! own. The web stylesheet serves [`GRAFIEK_CSS`] (and the maps' `KAART_CSS`) after its own
//! rules, and [`svg_bestand`] puts both inside a downloaded chart, so a chart looks the same on
//! the page and opened from disk. Sizes on the page (width, max-width) stay in the web
//! stylesheet: they belong to the page's layout, not to the drawing.
//!
//! Colours are literal, not the page's custom properties (`var(--tekst)`), since a downloaded
//! file has no page to take them from.

use maud::Markup;

use crate::kaart::KAART_CSS;

/// The rules for every class the charts draw with, except the maps' (in `KAART_CSS`). Text is
/// #1b1b1b and secondary text #3d4349 or darker (contrast at least 4.5:1 on white); gridlines
/// are light enough not to be read as data.
pub const GRAFIEK_CSS: &str = "\
svg.toc text { font-size: 12px; fill: #1b1b1b; }
svg.toc text.kolom { font-size: 14px; font-weight: 700; text-transform: uppercase; fill: #154273; }
svg.toc .toc-knoop { fill: #ffffff; stroke: #154273; stroke-width: 1.5; }
svg.toc g.node:hover .toc-knoop { fill: #e6eef7; stroke-width: 2.5; }
svg.toc .toc-pijl { fill: none; stroke: #6b7580; stroke-width: 1.2; opacity: 0.75; }
svg.toc .pijlpunt { fill: #6b7580; }
svg.kies text { font-size: 12px; fill: #1b1b1b; }
svg.kies .kies-tekst { font-size: 12px; }
svg.kies .kies-legenda-tekst { font-size: 12px; }
svg.kies .kies-banner { fill: #154273; }
svg.kies .kies-banner-tekst { font-size: 16px; font-weight: 700; fill: #ffffff; }
svg.kies .kies-kop { stroke: #154273; stroke-width: 2; }
svg.kies .kies-kop-tekst { font-size: 13px; font-weight: 700; }
svg.kies .kies-kop-aantal { fill: #3d4349; }
svg.kies .kies-knoop { stroke: #3d4349; stroke-width: 1; }
svg.kies g.kies-element:hover .kies-knoop { stroke-width: 2.5; }
svg.kies .kies-lijn { stroke: #6b7580; stroke-width: 1.2; fill: none; }
svg.kies .kies-register { fill: #1b1b1b; }
svg.kies .kies-0 { fill: #dbe7f3; } svg.kies .kies-1 { fill: #e3f1df; }
svg.kies .kies-2 { fill: #fbe5cf; } svg.kies .kies-3 { fill: #ece1f3; }
svg.kies .kies-4 { fill: #fff3c4; } svg.kies .kies-5 { fill: #f9dede; }
svg.grafiek .reeksbreuk { stroke: #8a3f00; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.grafiek .reeksbreuk-label { fill: #8a3f00; }
svg.trl .bar { fill: #154273; }
svg.trl .bar-voorbij { fill: #1d6b3a; }
svg.trl text { font-size: 13px; fill: #1b1b1b; }
svg.trl .as { stroke: #1b1b1b; stroke-width: 1; }
svg.trl .drempel { stroke: #b35200; stroke-width: 2; stroke-dasharray: 5 4; }
svg.trl .drempel-label { fill: #8a3f00; font-weight: 600; }
svg.grafiek .as { stroke: #1b1b1b; stroke-width: 1; fill: none; }
svg.grafiek .raster { stroke: #dcdfe3; stroke-width: 1; }
svg.grafiek .breuk { stroke-width: 1.5; }
svg.grafiek .label { font-size: 11px; fill: #1b1b1b; stroke: none; }
svg.grafiek .as-noot { font-style: italic; fill: #3d4349; }
svg.grafiek .pad { fill: none; stroke: #1f5fa8; stroke-dasharray: 5 4; stroke-width: 2; }
svg.grafiek .waarneming { fill: none; stroke: #1a1a1a; stroke-width: 2; }
svg.grafiek .punt { fill: #1a1a1a; }
svg.grafiek .doel { fill: #1f5fa8; }
svg.grafiek .projectie { fill: #a15c00; }
svg.grafiek .interval { stroke: #a15c00; stroke-width: 3; }
svg.grafiek .balk { fill: #1f5fa8; }
svg.grafiek .referentie { stroke: #a10d0d; stroke-width: 2; stroke-dasharray: 4 3; }
svg.grafiek .lijn { fill: none; stroke: currentColor; stroke-width: 2; }
svg.grafiek .snor { stroke: currentColor; stroke-width: 1; opacity: 0.6; }
svg.grafiek .stip { fill: currentColor; }
svg.grafiek .onderdrukt { font-style: italic; fill: #5b5b5b; }
svg.grafiek .reeks-0 { color: #1f5fa8; } svg.grafiek .reeks-1 { color: #a15c00; }
svg.grafiek .reeks-2 { color: #2e7d32; } svg.grafiek .reeks-3 { color: #8e24aa; }
svg.grafiek .reeks-4 { color: #a10d0d; } svg.grafiek .reeks-5 { color: #3d4349; }
svg.ruggengraat .rg-bereik { fill: #dcdfe3; }
svg.ruggengraat .rg-kwartielen { fill: #a9afb6; }
svg.ruggengraat .rg-landelijk { stroke: #1b1b1b; stroke-width: 2; }
svg.ruggengraat .rg-interval { stroke: #1b1b1b; stroke-width: 2; }
svg.ruggengraat .rg-stip { stroke: #1b1b1b; stroke-width: 1; }
svg.ruggengraat .rg-beter { fill: #2166ac; }
svg.ruggengraat .rg-vergelijkbaar { fill: #f2d15c; }
svg.ruggengraat .rg-slechter { fill: #b2182b; }
svg.ruggengraat .rg-niet-vergeleken { fill: #ffffff; }
svg.ruggengraat .rg-as { font-size: 7px; fill: #3d4349; }
";

/// What only a file needs: on a page the text inherits the page's font and sits on its white
/// background; opened alone, an SVG would get a serif font and a transparent (often dark)
/// background.
const BESTAND_CSS: &str = "\
svg { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif; background: #ffffff; }
";

/// Any chart of this crate as a file of its own (a download): the XML declaration, the SVG
/// namespace (which inline SVG does without) and a `<style>` with [`GRAFIEK_CSS`] and the
/// maps' rules, since no page stylesheet comes along. Markup that is not an `<svg>` is
/// returned unchanged.
pub fn svg_bestand(grafiek: &Markup) -> String {
    let svg = grafiek.0.as_str();
    let Some(rest) = svg.strip_prefix("<svg ") else {
        return svg.to_owned();
    };
    let open = rest.find('>').map_or(rest.len(), |i| i + 1);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" {}<style>{BESTAND_CSS}{GRAFIEK_CSS}{KAART_CSS}</style>{}",
        &rest[..open],
        &rest[open..]
    )
}

#[cfg(test)]
mod tests {
    use gemeten_domain::Lang;

    use super::*;
    use crate::{balken, lijn, trl, verloop, Balk, Punt, Reeks, Verloop};

    /// The class names a piece of markup uses.
    fn klassen(svg: &str) -> Vec<String> {
        let mut k: Vec<String> = svg
            .match_indices(" class=\"")
            .flat_map(|(i, m)| {
                svg[i + m.len()..]
                    .split('"')
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        k.sort();
        k.dedup();
        k
    }

    #[test]
    fn every_class_a_chart_draws_with_has_a_rule_in_the_file() {
        let r = Reeks {
            label: "NL".into(),
            punten: vec![Punt {
                period: 2020,
                value: Some(64.5),
                lower: Some(63.0),
                upper: Some(66.0),
            }],
        };
        let b = [
            Balk {
                label: "A".into(),
                value: Some(70.0),
            },
            Balk {
                label: "B".into(),
                value: None,
            },
        ];
        let v = Verloop {
            indicator: "x",
            deadline: 2030,
            observed: &[(2020, 70.0), (2022, 71.0)],
            path: &[(2020, 70.0), (2030, 75.0)],
            target: Some(75.0),
            latest: Some((2022, 71.0)),
            projection: Some(crate::Projectie {
                value: 73.0,
                lower: 72.0,
                upper: 74.0,
            }),
        };
        let kies_knopen: Vec<gemeten_domain::KiesKnoop> = gemeten_domain::KiesSoort::ALL
            .iter()
            .map(|s| {
                serde_json::from_value(serde_json::json!({
                    "id": s.code(), "kind": s.code(), "name_nl": "x", "organisatie": "o",
                    "source": { "doc": "000", "section": "Bijlagen", "lines": "1-1" }
                }))
                .unwrap()
            })
            .collect();
        let kies_graaf = gemeten_domain::KiesGraaf {
            knopen: kies_knopen.iter().collect(),
            pijlen: Vec::new(),
            alle_pijlen: &[],
        };
        let charts = [
            crate::kies("Missie II", &kies_graaf, Lang::Nl),
            lijn(&[r.clone(), r], "jaar", "t", Lang::Nl),
            balken(&b, Some(70.5), "jaar", "t", Lang::Nl),
            verloop(&v, Lang::Nl),
            trl(
                &[1, 0, 2, 0, 0, 3, 0, 0, 1, 0],
                gemeten_domain::Trl::try_from(7).unwrap(),
                Lang::Nl,
            ),
        ];
        for m in &charts {
            let bestand = svg_bestand(m);
            assert!(bestand.starts_with(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\""
            ));
            assert!(bestand.ends_with("</svg>") && bestand.contains("<style>"));
            let css = &bestand[bestand.find("<style>").unwrap()..bestand.find("</style>").unwrap()];
            for k in klassen(&m.0) {
                // `grafiek`, `kpi-lijn` … name the chart itself; `tick` and the TRL chart's
                // `as-label` and `waarde` mark text for readers of the markup and are styled as text.
                let haak = [
                    "grafiek",
                    "kpi-lijn",
                    "kpi-balken",
                    "trl",
                    "tick",
                    "as-label",
                    "waarde",
                    // The KIES tree's groups: hooks for tests and readers of the markup.
                    "kies",
                    "kies-missie",
                    "kies-legenda",
                    "kies-kolom",
                    "kies-element",
                ];
                if k.starts_with("kies-kolom-") {
                    continue;
                }
                if haak.contains(&k.as_str()) {
                    continue;
                }
                assert!(css.contains(&format!(".{k} ")), "no rule for .{k}");
            }
        }
        assert!(svg_bestand(&maud::html! { p { "x" } }) == "<p>x</p>");
    }
}
