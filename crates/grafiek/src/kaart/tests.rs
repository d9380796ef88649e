use std::collections::BTreeSet;

use super::*;
use crate::svg_bestand;
use crate::test_support::{attr, attr_f64, elements};

/// The regions of one level in gemeten's catalogue, read from the indicator crate's file so
/// that a change there that the maps do not follow fails here.
fn catalogus(level: &str) -> BTreeSet<String> {
    let pad = concat!(env!("CARGO_MANIFEST_DIR"), "/../indicators/data/regios.csv");
    let tekst = std::fs::read_to_string(pad).expect("regios.csv");
    tekst
        .lines()
        .skip(1)
        .filter_map(|r| {
            let mut v = r.split(',');
            (v.next() == Some(level)).then(|| v.next().unwrap_or_default().to_owned())
        })
        .collect()
}

fn gebied(code: &str, value: Option<f64>, vergelijking: Vergelijking) -> Gebied {
    Gebied {
        code: code.into(),
        value,
        vergelijking,
    }
}

const KWINTIELEN: Kleuring = Kleuring::Kwantielen {
    klassen: 5,
    richting: Some(Richting::Hoger),
};

/// The absolute points of a path written as `pad` writes it (M x y, then relative l steps).
fn punten(d: &str) -> Vec<(f64, f64)> {
    let mut uit = Vec::new();
    for ring in d.split('z').filter(|r| !r.is_empty()) {
        let ring = ring.strip_prefix('M').expect("ring starts with M");
        let (start, stappen) = ring.split_once('l').expect("relative steps");
        let mut p = start.split(' ').map(|n| n.parse::<f64>().unwrap());
        let (mut x, mut y) = (p.next().unwrap(), p.next().unwrap());
        uit.push((x, y));
        let getallen: Vec<f64> = stappen
            .replace('-', " -")
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(getallen.len() % 2, 0, "pairs in {stappen}");
        for s in getallen.chunks(2) {
            (x, y) = (x + s[0], y + s[1]);
            uit.push((x, y));
        }
    }
    uit
}

fn viewbox(svg: &str) -> (f64, f64) {
    let tag = &svg[..svg.find('>').unwrap()];
    let v: Vec<f64> = attr(tag, "viewBox")
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    (v[2], v[3])
}

#[test]
fn every_level_has_exactly_the_regions_of_the_catalogue() {
    for niveau in Niveau::ALLE {
        let op_kaart: Vec<&str> = regios(niveau).unwrap().iter().map(|r| r.0).collect();
        let uniek: BTreeSet<String> = op_kaart.iter().map(|c| c.to_string()).collect();
        assert_eq!(uniek.len(), op_kaart.len(), "{niveau}: a code twice");
        assert_eq!(uniek, catalogus(niveau.code()), "{niveau}");
    }
    let aantallen: Vec<usize> = Niveau::ALLE.map(|n| regios(n).unwrap().len()).to_vec();
    assert_eq!(aantallen, [25, 12, 31]);
}

#[test]
fn every_path_is_non_empty_and_inside_the_viewbox_and_the_country_is_taller_than_wide() {
    for niveau in Niveau::ALLE {
        let svg = kaart(niveau, &[], &KWINTIELEN, "", "t", Lang::Nl)
            .unwrap()
            .into_string();
        let (w, h) = viewbox(&svg);
        let paths = elements(&svg, "path", "vlak");
        assert_eq!(paths.len(), regios(niveau).unwrap().len());
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in &paths {
            let d = attr(p, "d").unwrap();
            let pts = punten(d);
            assert!(pts.len() >= 3, "{niveau}: {p}");
            for &(x, y) in &pts {
                assert!((0.0..=w).contains(&x) && (0.0..=h).contains(&y), "{x},{y}");
                (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            }
        }
        // RD: about 264 km east–west and 312 km north–south (ratio ≈ 1.18).
        let verhouding = (y1 - y0) / (x1 - x0);
        assert!((1.1..1.3).contains(&verhouding), "{niveau}: {verhouding}");
        // North is up: Groningen (north-east) lies above Limburg (south).
        let midden = |code: &str| {
            let p = paths.iter().find(|p| attr(p, "data-code") == Some(code));
            let pts = punten(attr(p.unwrap(), "d").unwrap());
            pts.iter().map(|p| p.1).sum::<f64>() / pts.len() as f64
        };
        if niveau == Niveau::Provincie {
            assert!(midden("PV20") < midden("PV31"), "Groningen above Limburg");
        }
    }
}

#[test]
fn svg_sizes_stay_small() {
    for niveau in Niveau::ALLE {
        let alle: Vec<Gebied> = regios(niveau)
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, r)| gebied(r.0, Some(60.0 + i as f64 * 0.37), Vergelijking::Beter))
            .collect();
        let svg = kaart(niveau, &alle, &KWINTIELEN, "jaar", "Kaart", Lang::Nl)
            .unwrap()
            .into_string();
        eprintln!("{niveau}: {} bytes", svg.len());
        assert!(svg.len() < 60_000, "{niveau}: {} bytes", svg.len());
    }
}

#[test]
fn quantile_classes_of_a_worked_example() {
    // Sorted: 1 1 2 3 4 5 6 9 (n = 8, k = 4). A value's class is ⌊(values below it)·4/8⌋:
    // 1 → 0 below → 0; 2 → 2 → 1; 3 → 3 → 1; 4 → 4 → 2; 5 → 5 → 2; 6 → 6 → 3; 9 → 7 → 3.
    assert_eq!(
        kwantielen(&[3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0], 4),
        [1, 0, 2, 0, 2, 3, 1, 3]
    );
    // Ten values in quintiles: two per class.
    let tien: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_eq!(kwantielen(&tien, 5), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    // Equal values share a class; fewer values than classes leave classes empty.
    assert_eq!(kwantielen(&[7.0, 7.0, 7.0], 5), [0, 0, 0]);
    assert_eq!(kwantielen(&[1.0, 2.0], 5), [0, 2]);
    assert!(kwantielen(&[], 5).is_empty());
}

#[test]
fn the_map_colours_by_quintile_and_the_legend_gives_each_class_its_range() {
    // The 12 provinces with values 1..=12: ⌊r·5/12⌋ gives classes 0 0 0 1 1 2 2 2 3 3 4 4.
    let provincies = regios(Niveau::Provincie).unwrap();
    let rijen: Vec<Gebied> = provincies
        .iter()
        .enumerate()
        .map(|(i, r)| gebied(r.0, Some(i as f64 + 1.0), Vergelijking::NietVergeleken))
        .collect();
    let svg = kaart(Niveau::Provincie, &rijen, &KWINTIELEN, "%", "t", Lang::Nl)
        .unwrap()
        .into_string();
    let verwacht = [1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5];
    for ((code, _), k) in provincies.iter().zip(verwacht) {
        let p = svg
            .match_indices("<path ")
            .map(|(i, _)| &svg[i..i + svg[i..].find('>').unwrap()])
            .find(|p| attr(p, "data-code") == Some(code))
            .unwrap();
        assert_eq!(attr(p, "class"), Some(format!("vlak kaart-k{k}").as_str()));
    }
    // A Dutch map: decimal commas.
    for label in [
        "1,0 – 3,0",
        "4,0 – 5,0",
        "6,0 – 8,0",
        "9,0 – 10,0",
        "11,0 – 12,0",
    ] {
        assert!(svg.contains(&format!(">{label}</text>")), "{label}");
    }
    assert!(svg.contains(">Kwintielen (%)</text>"));
    assert!(svg.contains(">hoger is beter</text>"));
    assert!(!svg.contains("geen gegevens"), "every province has a value");
}

#[test]
fn lower_is_better_changes_the_legend_words_not_the_classes() {
    let rijen: Vec<Gebied> = regios(Niveau::Ggd)
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, r)| gebied(r.0, Some(i as f64), Vergelijking::NietVergeleken))
        .collect();
    let met = |richting| {
        let k = Kleuring::Kwantielen {
            klassen: 5,
            richting: Some(richting),
        };
        kaart(Niveau::Ggd, &rijen, &k, "", "t", Lang::En)
            .unwrap()
            .into_string()
    };
    let (hoger, lager) = (met(Richting::Hoger), met(Richting::Lager));
    assert!(
        hoger.contains(">higher is better</text>") && lager.contains(">lower is better</text>")
    );
    let klassen = |svg: &str| -> Vec<String> {
        elements(svg, "path", "vlak")
            .iter()
            .map(|p| attr(p, "class").unwrap().to_owned())
            .collect()
    };
    assert_eq!(klassen(&hoger), klassen(&lager));
}

#[test]
fn comparison_categories_become_classes_and_missing_regions_no_data() {
    let rijen = [
        gebied("GG0111", Some(70.1), Vergelijking::Beter),
        gebied("GG0706", Some(66.0), Vergelijking::Slechter),
        gebied("GG1106", Some(68.0), Vergelijking::Vergelijkbaar),
        gebied("GG2014", Some(68.5), Vergelijking::NietVergeleken),
        gebied("GG3406", None, Vergelijking::Beter),
    ];
    let k = Kleuring::Vergelijking {
        met: "Nederland".into(),
    };
    let svg = kaart(
        Niveau::Ggd,
        &rijen,
        &k,
        "jaar",
        "Levensverwachting",
        Lang::Nl,
    )
    .unwrap()
    .into_string();
    let klasse = |code: &str| {
        elements(&svg, "path", "vlak")
            .into_iter()
            .find(|p| attr(p, "data-code") == Some(code))
            .and_then(|p| attr(&p, "class").map(str::to_owned))
            .unwrap()
    };
    assert_eq!(klasse("GG0111"), "vlak kaart-beter");
    assert_eq!(klasse("GG0706"), "vlak kaart-slechter");
    assert_eq!(klasse("GG1106"), "vlak kaart-vergelijkbaar");
    assert_eq!(klasse("GG2014"), "vlak kaart-niet-vergeleken");
    // A withheld value and a region not given are both "no data", whatever the category.
    assert_eq!(klasse("GG3406"), "vlak kaart-geen-gegevens");
    assert_eq!(klasse("GG7306"), "vlak kaart-geen-gegevens");
    let geen = elements(&svg, "path", "kaart-geen-gegevens").len();
    assert_eq!(geen, 25 - 4);
    assert!(
        svg.contains("<title>GGD Groningen: 70,1 jaar (beter)</title>"),
        "{svg}"
    );
    assert!(!svg.contains("70.1") && svg.contains("Groningen: 70,1 jaar"));
    let en = kaart(
        Niveau::Ggd,
        &rijen,
        &k,
        "years",
        "Life expectancy",
        Lang::En,
    )
    .unwrap()
    .into_string();
    assert!(
        en.contains("<title>GGD Groningen: 70.1 years (better)</title>") && !en.contains("70,1")
    );
    assert!(svg.contains(": geen gegevens</title>"));
    assert!(svg.contains(">Vergeleken met Nederland</text>"));
    for woord in [
        "beter",
        "vergelijkbaar",
        "slechter",
        "niet vergeleken",
        "geen gegevens",
    ] {
        assert!(svg.contains(&format!(">{woord}</text>")), "{woord}");
    }
    assert_eq!(
        elements(&svg, "rect", "kaart-geen-gegevens").len(),
        1,
        "in the legend"
    );
}

#[test]
fn the_legend_speaks_english_when_asked() {
    let rijen = [gebied("ZK02", Some(1.0), Vergelijking::Slechter)];
    let k = Kleuring::Vergelijking {
        met: "the Netherlands".into(),
    };
    let svg = kaart(Niveau::Zorgkantoor, &rijen, &k, "", "t", Lang::En)
        .unwrap()
        .into_string();
    for woord in [
        "Compared with the Netherlands",
        "better",
        "similar",
        "worse",
        "not compared",
        "no data",
    ] {
        assert!(svg.contains(&format!(">{woord}</text>")), "{woord}");
    }
    assert!(!svg.contains(">geen gegevens<") && !svg.contains(">slechter<"));
    assert!(svg.contains("<desc>Map of the zorgkantoor regions. "));
    let k = Kleuring::Kwantielen {
        klassen: 4,
        richting: None,
    };
    let svg = kaart(Niveau::Zorgkantoor, &rijen, &k, "", "t", Lang::En)
        .unwrap()
        .into_string();
    assert!(svg.contains(">Quartiles</text>") && svg.contains(">no data</text>"));
}

#[test]
fn legend_text_is_large_enough_to_read_on_a_phone() {
    let svg = kaart(Niveau::Ggd, &[], &KWINTIELEN, "", "t", Lang::Nl)
        .unwrap()
        .into_string();
    let (w, _) = viewbox(&svg);
    let g = &svg[svg.find("<g class=\"legenda\"").unwrap()..];
    let letter = attr_f64(&g[..g.find('>').unwrap()], "font-size");
    // Scaled to a 340 px wide phone screen the text must be at least 12 px.
    assert!(letter * 340.0 / w >= 12.0, "{letter} of {w}");
}

#[test]
fn unknown_levels_and_codes_are_errors() {
    assert_eq!("ggd".parse::<Niveau>(), Ok(Niveau::Ggd));
    assert_eq!(
        "roaz".parse::<Niveau>(),
        Err(KaartFout::OnbekendNiveau("roaz".into()))
    );
    let k = KWINTIELEN;
    // A province code on the GGD map, and a code that does not exist anywhere.
    for code in ["PV20", "ZK05", ""] {
        let fout = kaart(
            Niveau::Ggd,
            &[gebied(code, Some(1.0), Vergelijking::Beter)],
            &k,
            "",
            "t",
            Lang::Nl,
        );
        assert_eq!(
            fout.unwrap_err(),
            KaartFout::OnbekendeRegio {
                niveau: Niveau::Ggd,
                code: code.into()
            }
        );
    }
    let dubbel = [
        gebied("PV20", Some(1.0), Vergelijking::Beter),
        gebied("PV20", Some(2.0), Vergelijking::Beter),
    ];
    assert_eq!(
        kaart(Niveau::Provincie, &dubbel, &k, "", "t", Lang::Nl).unwrap_err(),
        KaartFout::DubbeleRegio("PV20".into())
    );
    // Not-a-number is no data, not a panic or a class.
    let nan = [gebied("PV21", Some(f64::NAN), Vergelijking::Beter)];
    let svg = kaart(Niveau::Provincie, &nan, &k, "", "t", Lang::Nl)
        .unwrap()
        .into_string();
    assert_eq!(elements(&svg, "path", "kaart-geen-gegevens").len(), 12);
}

#[test]
fn a_downloaded_map_carries_its_namespace_and_colours() {
    let m = kaart(Niveau::Provincie, &[], &KWINTIELEN, "", "t", Lang::Nl).unwrap();
    let bestand = svg_bestand(&m);
    assert!(bestand.starts_with("<?xml"));
    assert!(bestand.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"grafiek kaart\""));
    assert!(bestand.contains(".kaart-geen-gegevens { fill: #ffffff;"));
    assert!(bestand.ends_with("</svg>"));
    assert_eq!(bestand.matches("<path ").count(), 12);
}

/// Writes sample maps to `$KAART_VOORBEELD` (a folder) to look at; does nothing otherwise.
#[test]
fn voorbeelden_schrijven() {
    let Some(map) = std::env::var_os("KAART_VOORBEELD") else {
        return;
    };
    for niveau in Niveau::ALLE {
        let rijen: Vec<Gebied> = regios(niveau)
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 != 3)
            .map(|(i, r)| gebied(r.0, Some(60.0 + (i * 37 % 11) as f64), Vergelijking::Beter))
            .collect();
        let m = kaart(niveau, &rijen, &KWINTIELEN, "jaar", "Voorbeeld", Lang::Nl).unwrap();
        let pad = std::path::Path::new(&map).join(format!("{niveau}.svg"));
        std::fs::write(pad, svg_bestand(&m)).unwrap();
    }
}
