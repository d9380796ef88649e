//! One target's trajectory, as the mission pages and the progress report show it.

use maud::{html, Markup};

use gemeten_domain::Lang;

use crate::schaal::{figuur, getal, zin_nul, Px, Teken, Vlak};

/// A projection to the deadline with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projectie {
    pub value: f64,
    pub lower: f64,
    pub upper: f64,
}

/// What a trajectory chart shows; the indicator engine's progress (`Voortgang`) and the
/// observed national series, as plain values.
#[derive(Debug, Clone, PartialEq)]
pub struct Verloop<'a> {
    /// The KPI code the target is measured on.
    pub indicator: &'a str,
    pub deadline: i32,
    /// Observed values by year, in order.
    pub observed: &'a [(i32, f64)],
    /// The straight path from baseline to target, per year.
    pub path: &'a [(i32, f64)],
    /// The level to reach at the deadline.
    pub target: Option<f64>,
    pub latest: Option<(i32, f64)>,
    /// The linear projection to the deadline.
    pub projection: Option<Projectie>,
}

/// Observed values, the path needed from baseline to target, the target itself and the
/// linear projection to the deadline with its 95 % interval; a legend on the right.
pub fn verloop(v: &Verloop<'_>, l: Lang) -> Markup {
    // A projection from few points can have an interval far wider than everything else;
    // drawn in full it would flatten the observed values to a line. The scale keeps to the
    // data's own range (plus that range again on each side), the whisker stops at its edge
    // with an arrow, and the text says how far the interval reaches.
    let kern: Vec<f64> = v
        .observed
        .iter()
        .chain(v.path)
        .map(|p| p.1)
        .chain(v.target)
        .chain(v.projection.map(|p| p.value))
        .collect();
    let (lo, hi) = kern
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let marge = (hi - lo).max(1.0);
    let (rand_lo, rand_hi) = (lo - marge, hi + marge);
    let projectie = v.projection.map(|p| {
        let clipped = Projectie {
            value: p.value,
            lower: p.lower.max(rand_lo),
            upper: p.upper.min(rand_hi),
        };
        (p, clipped, clipped != p)
    });
    let vlak = Vlak::new(
        v.observed
            .iter()
            .chain(v.path)
            .map(|p| p.0)
            .chain([v.deadline]),
        v.observed
            .iter()
            .chain(v.path)
            .map(|p| p.1)
            .chain(v.target)
            .chain(
                projectie
                    .iter()
                    .flat_map(|(_, c, _)| [c.lower, c.upper, c.value]),
            ),
    );
    let title = match l {
        Lang::Nl => format!("Verloop van {} naar {}", v.indicator, v.deadline),
        Lang::En => format!("Trajectory of {} towards {}", v.indicator, v.deadline),
    };
    let g = |x: f64| getal(x, 2, l);
    let mut summary = match (v.latest, v.target, l) {
        (Some((yr, val)), Some(t), Lang::Nl) => {
            format!(
                "Laatst {} in {yr}; doel {} in {}.",
                g(val),
                g(t),
                v.deadline
            )
        }
        (Some((yr, val)), Some(t), Lang::En) => {
            format!(
                "Latest {} in {yr}; target {} in {}.",
                g(val),
                g(t),
                v.deadline
            )
        }
        _ => l
            .t(
                "Te weinig waarnemingen voor een verloop.",
                "Not enough observations for a trajectory.",
            )
            .to_owned(),
    };
    if let Some((p, _, true)) = projectie {
        summary.push(' ');
        summary.push_str(&match l {
            Lang::Nl => format!(
                "Het 95 %-interval van de projectie ({}–{}) reikt buiten de grafiek.",
                g(p.lower),
                g(p.upper)
            ),
            Lang::En => format!(
                "The projection's 95 % interval ({}–{}) reaches beyond the chart.",
                g(p.lower),
                g(p.upper)
            ),
        });
    }
    if vlak.zonder_nul() {
        summary.push(' ');
        summary.push_str(zin_nul(l));
    }
    let waargenomen = l.t("waargenomen", "observed");
    let observed: Vec<(i32, Option<f64>)> = v.observed.iter().map(|&(j, w)| (j, Some(w))).collect();
    let x = vlak.x(v.deadline);
    let inhoud = html! {
        (vlak.assen("", l))
        @if v.path.len() > 1 {
            polyline points=(vlak.punten(v.path.iter().copied())) class="pad" {}
        }
        @if let Some(t) = v.target {
            circle cx=(Px(x)) cy=(Px(vlak.y(t))) r="5" class="doel" {
                title { (l.t("doel", "target")) ", " (v.deadline) ": " (g(t)) }
            }
        }
        (vlak.reeks(&observed, ("waarneming", "punt"), waargenomen, "", l))
        @if let Some((p, c, _)) = projectie {
            (vlak.snor(v.deadline, c.lower, c.upper, "interval"))
            // An arrow where the interval goes on beyond the chart.
            @if c.upper < p.upper {
                text x=(Px(x)) y=(Px(vlak.y(c.upper) - 2.0)) text-anchor="middle" class="label buiten" { "▲" }
            }
            @if c.lower > p.lower {
                text x=(Px(x)) y=(Px(vlak.y(c.lower) + 10.0)) text-anchor="middle" class="label buiten" { "▼" }
            }
            circle cx=(Px(x)) cy=(Px(vlak.y(p.value))) r="4" class="projectie" {
                title { (g(p.value)) " (" (g(p.lower)) "–" (g(p.upper)) ")" }
            }
        }
        (vlak.legenda(0, Teken::Lijn, "waarneming", waargenomen))
        (vlak.legenda(1, Teken::Lijn, "pad", l.t("benodigd pad", "path to target")))
        (vlak.legenda(2, Teken::Stip, "doel", l.t("doel", "target")))
        (vlak.legenda(3, Teken::Stip, "projectie", l.t("lineaire projectie (95 %)", "linear projection (95 %)")))
    };
    figuur("grafiek", Vlak::SIZE, false, &title, &summary, inhoud)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{attr_f64, elements};

    const PATH: [(i32, f64); 3] = [(2020, 10.0), (2025, 15.0), (2030, 20.0)];

    fn voorbeeld<'a>(observed: &'a [(i32, f64)]) -> Verloop<'a> {
        Verloop {
            indicator: "roken",
            deadline: 2030,
            observed,
            path: &PATH,
            target: Some(20.0),
            latest: observed.last().copied(),
            projection: Some(Projectie {
                value: 18.0,
                lower: 14.0,
                upper: 22.0,
            }),
        }
    }

    #[test]
    fn a_very_wide_interval_is_cut_at_the_charts_edge_and_said() {
        // The central mission's healthy life expectancy: three values after the 2021 break,
        // a path from 64.0 (2019) to 69.0 (2040), and a projection from three points.
        let observed = [(2021, 65.2), (2022, 62.8), (2023, 63.3)];
        let path = [(2019, 64.0), (2030, 66.62), (2040, 69.0)];
        let v = Verloop {
            indicator: "gezonde_levensverwachting",
            deadline: 2040,
            observed: &observed,
            path: &path,
            target: Some(69.0),
            latest: Some((2023, 63.3)),
            projection: Some(Projectie {
                value: 46.67,
                lower: -145.0,
                upper: 238.33,
            }),
        };
        let svg = verloop(&v, Lang::Nl).into_string();
        assert!(svg.contains("reikt buiten de grafiek"), "{svg}");
        assert!(svg.contains("−145,00") || svg.contains("-145,00"), "{svg}");
        assert!(svg.contains("▲") && svg.contains("▼"));
        // The observed values keep their height: 65.2 and 62.8 lie several pixels apart (one
        // pixel with the whole interval on the scale).
        let stip = elements(&svg, "circle", "punt");
        let ys: Vec<f64> = stip.iter().map(|c| attr_f64(c, "cy")).collect();
        assert!((ys[0] - ys[1]).abs() > 5.0, "{ys:?}");
        // A narrow interval is drawn in full, without arrows.
        let plain = verloop(&voorbeeld(&observed), Lang::Nl).into_string();
        assert!(!plain.contains("▲") && !plain.contains("buiten de grafiek"));
    }

    #[test]
    fn values_map_to_heights_and_the_interval_spans_lower_to_upper() {
        let obs = [(2020, 10.0), (2022, 12.0)];
        let svg = verloop(&voorbeeld(&obs), Lang::Nl).into_string();
        let punten = elements(&svg, "circle", "punt");
        let (y10, y12) = (attr_f64(&punten[0], "cy"), attr_f64(&punten[1], "cy"));
        assert!(y12 < y10, "12 is drawn above 10");
        // Linear: the target (20) is five times as far above 10 as 12 is.
        let doel = attr_f64(&elements(&svg, "circle", "doel")[0], "cy");
        assert!(
            ((y10 - doel) - 5.0 * (y10 - y12)).abs() < 0.2,
            "{y10} {y12} {doel}"
        );
        // The whisker spans 14..22 around the projected 18, at the deadline's x.
        let snor = &elements(&svg, "line", "interval")[0];
        let proj = &elements(&svg, "circle", "projectie")[0];
        let at = |v: f64| y10 + (v - 10.0) / 2.0 * (y12 - y10);
        assert!((attr_f64(snor, "y1") - at(14.0)).abs() < 0.2);
        assert!((attr_f64(snor, "y2") - at(22.0)).abs() < 0.2);
        assert!((attr_f64(proj, "cy") - at(18.0)).abs() < 0.2);
        assert_eq!(attr_f64(snor, "x1"), attr_f64(proj, "cx"));
        assert!(attr_f64(proj, "cx") > attr_f64(&punten[1], "cx"));
    }

    #[test]
    fn title_and_summary_in_both_languages() {
        let obs = [(2021, 11.0)];
        let nl = verloop(&voorbeeld(&obs), Lang::Nl).into_string();
        assert!(nl.contains("<title>Verloop van roken naar 2030</title>"));
        assert!(nl.contains(
            "<desc>Laatst 11,00 in 2021; doel 20,00 in 2030. De waarde-as begint niet bij 0.</desc>"
        ));
        assert!(nl.contains("18,00 (14,00–22,00)") && !nl.contains("18.00"));
        assert!(
            nl.contains("aria-label=\"Verloop van roken naar 2030\"")
                && nl.contains("role=\"img\"")
        );
        assert!(nl.contains(">benodigd pad<"));
        let en = verloop(&voorbeeld(&obs), Lang::En).into_string();
        assert!(en.contains("<title>Trajectory of roken towards 2030</title>"));
        assert!(en.contains(">path to target<") && !en.contains("benodigd"));
        assert!(en.contains("Latest 11.00 in 2021; target 20.00 in 2030."));
        assert!(en.contains("18.00 (14.00–22.00)") && en.contains(">axis does not start at 0<"));
        assert!(
            !en.contains("class=\"waarneming\" points"),
            "one point draws no line"
        );
        let leeg = Verloop {
            latest: None,
            ..voorbeeld(&[])
        };
        assert!(verloop(&leeg, Lang::En)
            .into_string()
            .contains("Not enough observations for a trajectory."));
    }
}
