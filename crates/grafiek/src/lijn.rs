//! The KPI explorer's line chart: one or more series over the periods, each value with its
//! 95 % interval as a whisker, withheld values as gaps.

use maud::{html, Markup};

use gemeten_domain::Lang;

use crate::schaal::{figuur, getal, zin_nul, Px, Teken, Vlak};

/// One point of a series; `value: None` is a withheld (small-cell) value, which breaks the
/// line rather than being bridged.
#[derive(Debug, Clone, PartialEq)]
pub struct Punt {
    pub period: i32,
    pub value: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reeks {
    pub label: String,
    pub punten: Vec<Punt>,
}

/// Distinct series colours, in the stylesheet as `.reeks-0` … `.reeks-5`.
const KLEUREN: usize = 6;

/// Series over the periods, with interval whiskers where the values have them; a legend
/// when there is more than one series. The summary gives each series' first and last
/// visible value.
pub fn lijn(reeksen: &[Reeks], unit: &str, title: &str, l: Lang) -> Markup {
    lijn_met_breuken(reeksen, &[], unit, title, l)
}

/// [`lijn`] for a series with breaks (the years from which values are not comparable with
/// earlier ones): a dashed vertical line marks each break with its year, no line joins a
/// value before a break to one after it, and the summary says so.
pub fn lijn_met_breuken(
    reeksen: &[Reeks],
    breuken: &[i32],
    unit: &str,
    title: &str,
    l: Lang,
) -> Markup {
    let punten = || reeksen.iter().flat_map(|r| r.punten.iter());
    let vlak = Vlak::new(
        punten().map(|p| p.period),
        punten().flat_map(|p| [p.value, p.lower, p.upper]).flatten(),
    );
    let mut summary: Vec<String> = reeksen
        .iter()
        .map(|r| {
            let mut shown = r.punten.iter().filter_map(|p| Some((p.period, p.value?)));
            match (shown.next(), shown.next_back()) {
                (Some((a, va)), b) => {
                    let (b, vb) = b.unwrap_or((a, va));
                    format!(
                        "{}: {} ({a}) → {} ({b}) {unit}",
                        r.label,
                        getal(va, 2, l),
                        getal(vb, 2, l)
                    )
                }
                (None, _) => format!(
                    "{}: {}",
                    r.label,
                    l.t("geen zichtbare waarden", "no visible values")
                ),
            }
        })
        .collect();
    if vlak.zonder_nul() {
        summary.push(zin_nul(l).to_owned());
    }
    let (eerste, laatste) = punten().fold((i32::MAX, i32::MIN), |(a, b), p| {
        (a.min(p.period), b.max(p.period))
    });
    // Only breaks inside the drawn years: one before the first value changes nothing here.
    let breuken: Vec<i32> = breuken
        .iter()
        .copied()
        .filter(|&b| eerste < b && b <= laatste)
        .collect();
    for b in &breuken {
        summary.push(format!(
            "{} {b}",
            l.t(
                "Reeksbreuk: de lijn verbindt geen waarden van voor en vanaf",
                "Series break: the line joins no values from before and from"
            )
        ));
    }
    // A gap (a value of `None`) wherever a series steps over a break.
    let met_gaten = |r: &Reeks| -> Vec<(i32, Option<f64>)> {
        let mut pts: Vec<(i32, Option<f64>)> = Vec::new();
        for p in &r.punten {
            if let Some(&(prev, _)) = pts.last() {
                if breuken.iter().any(|&b| prev < b && b <= p.period) {
                    pts.push((p.period, None));
                }
            }
            pts.push((p.period, p.value));
        }
        pts
    };
    let inhoud = html! {
        (vlak.assen(unit, l))
        @for b in &breuken {
            @let x = (vlak.x(b - 1) + vlak.x(*b)) / 2.0;
            line x1=(Px(x)) y1=(Px(Vlak::BOVEN)) x2=(Px(x)) y2=(Px(Vlak::SIZE.1 - Vlak::ONDER)) class="reeksbreuk" {}
            text x=(Px(x + 3.0)) y=(Px(Vlak::BOVEN + 10.0)) class="label reeksbreuk-label" {
                (l.t("reeksbreuk ", "series break ")) (b)
            }
        }
        @for (i, r) in reeksen.iter().enumerate() {
            @let pts = met_gaten(r);
            g class=(format!("reeks-{}", i % KLEUREN)) {
                @for p in &r.punten {
                    @if let (Some(_), Some(a), Some(b)) = (p.value, p.lower, p.upper) {
                        (vlak.snor(p.period, a, b, "snor"))
                    }
                }
                (vlak.reeks(&pts, ("lijn", "stip"), &r.label, unit, l))
                @if reeksen.len() > 1 {
                    (vlak.legenda(i, Teken::Lijn, "lijn", &r.label))
                }
            }
        }
    };
    figuur(
        "grafiek kpi-lijn",
        Vlak::SIZE,
        false,
        title,
        &summary.join("; "),
        inhoud,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{attr_f64, elements};

    #[test]
    fn a_break_is_marked_and_no_line_crosses_it() {
        let r = Reeks {
            label: "NL".into(),
            punten: (2019..=2023)
                .map(|y| punt(y, 60.0 + f64::from(y - 2019), 59.0, 70.0))
                .collect(),
        };
        let svg = lijn_met_breuken(std::slice::from_ref(&r), &[2021], "jaar", "t", Lang::Nl)
            .into_string();
        assert_eq!(elements(&svg, "line", "reeksbreuk").len(), 1);
        assert!(svg.contains("reeksbreuk 2021"));
        assert!(svg.contains("verbindt geen waarden van voor en vanaf 2021"));
        // Two polylines: 2019–2020 and 2021–2023.
        assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
        let plain = lijn(&[r], "jaar", "t", Lang::Nl).into_string();
        assert_eq!(plain.matches("<polyline").count(), 1);
        assert!(!plain.contains("reeksbreuk"));
    }

    fn punt(period: i32, value: f64, lower: f64, upper: f64) -> Punt {
        Punt {
            period,
            value: Some(value),
            lower: Some(lower),
            upper: Some(upper),
        }
    }

    #[test]
    fn whisker_covers_the_interval_around_the_value() {
        let r = Reeks {
            label: "Nederland".into(),
            punten: vec![punt(2020, 50.0, 40.0, 60.0), punt(2022, 70.0, 65.0, 75.0)],
        };
        let svg = lijn(&[r], "%", "Roken", Lang::Nl).into_string();
        let snor = elements(&svg, "line", "snor");
        let stip = elements(&svg, "circle", "stip");
        assert_eq!((snor.len(), stip.len()), (2, 2), "{svg}");
        for (s, c) in snor.iter().zip(&stip) {
            let (top, bottom) = (attr_f64(s, "y2"), attr_f64(s, "y1"));
            let cy = attr_f64(c, "cy");
            assert!(top < cy && cy < bottom, "{s} around {c}");
            assert_eq!(attr_f64(s, "x1"), attr_f64(c, "cx"));
        }
        // 60 and 75 are the tops; the higher interval reaches higher.
        assert!(attr_f64(&snor[1], "y2") < attr_f64(&snor[0], "y2"));
        // Equal distances in value are equal distances in pixels: 40→60 twice 65→75.
        let len = |s: &String| attr_f64(s, "y1") - attr_f64(s, "y2");
        assert!((len(&snor[0]) - 2.0 * len(&snor[1])).abs() < 0.15);
    }

    #[test]
    fn title_summary_and_language() {
        let r = Reeks {
            label: "Utrecht".into(),
            punten: vec![Punt {
                period: 2021,
                value: None,
                lower: None,
                upper: None,
            }],
        };
        let nl = lijn(std::slice::from_ref(&r), "%", "Roken", Lang::Nl).into_string();
        assert!(nl.contains("<title>Roken</title>") && nl.contains("role=\"img\""));
        assert!(
            nl.contains("<desc>Utrecht: geen zichtbare waarden</desc>"),
            "{nl}"
        );
        let en = lijn(&[r], "%", "Smoking", Lang::En).into_string();
        assert!(en.contains("Utrecht: no visible values"));
        assert!(!en.contains("<polyline"), "a withheld value draws nothing");
    }

    #[test]
    fn summary_names_first_and_last_visible_value() {
        let r = Reeks {
            label: "NL".into(),
            punten: vec![punt(2019, 1.0, 0.5, 1.5), punt(2023, 3.0, 2.5, 3.5)],
        };
        let svg = lijn(std::slice::from_ref(&r), "%", "t", Lang::Nl).into_string();
        assert!(svg.contains("NL: 1,00 (2019) → 3,00 (2023) %"), "{svg}");
        let en = lijn(&[r], "%", "t", Lang::En).into_string();
        assert!(en.contains("NL: 1.00 (2019) → 3.00 (2023) %"), "{en}");
    }

    /// The text a reader sees or hears: everything outside the tags.
    fn tekst(svg: &str) -> String {
        svg.split('<')
            .filter_map(|s| s.split_once('>').map(|p| p.1))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn dutch_numbers_have_a_decimal_comma_and_the_axis_says_it_skips_zero() {
        let r = Reeks {
            label: "Nederland".into(),
            punten: vec![punt(2015, 64.5, 63.9, 65.1), punt(2023, 80.25, 79.7, 84.8)],
        };
        let nl = lijn(
            std::slice::from_ref(&r),
            "jaar",
            "Levensverwachting",
            Lang::Nl,
        );
        let nl = tekst(&nl.into_string());
        assert!(nl.contains("64,5") && !nl.contains("64.5"), "{nl}");
        assert!(nl.contains("80,25") && !nl.contains("80.25"), "{nl}");
        assert!(nl.contains("as begint niet bij 0"), "{nl}");
        assert!(
            nl.contains("De waarde-as begint niet bij 0."),
            "in the summary: {nl}"
        );
        let en = tekst(&lijn(&[r], "years", "Life expectancy", Lang::En).into_string());
        assert!(en.contains("64.5") && !en.contains("64,5"), "{en}");
        assert!(en.contains("The value axis does not start at 0."), "{en}");
        // A rate near zero gets an axis from zero and no note.
        let laag = Reeks {
            label: "NL".into(),
            punten: vec![punt(2020, 2.5, 2.0, 3.0), punt(2021, 6.5, 6.0, 7.0)],
        };
        let svg = lijn(&[laag], "%", "t", Lang::Nl).into_string();
        assert!(!svg.contains("begint niet bij 0"), "{svg}");
    }
}
