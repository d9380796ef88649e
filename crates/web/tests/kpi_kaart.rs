//! The map of the KPI explorer's regional comparison: on the page next to the bars, as a
//! download of its own, absent where there is no map (ROAZ, a single region), and never
//! showing a withheld value.

mod common;
mod kpi_gemeenschappelijk;

use axum::http::{header, StatusCode};

use kpi_gemeenschappelijk::{app, get, get_from, GEPLANT_TEKST};

const GGD: &str = "kpi=gezonde_levensverwachting&regio=alle-ggd&ses=q3";

#[tokio::test]
async fn a_comparison_shows_its_values_on_a_map_with_a_download() {
    let app = app();
    let page = get_from(&app, &format!("/kpi?{GGD}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("kpi-balken"), "the bars stay");
    let svg = &page.body[page
        .body
        .find(r#"<svg class="grafiek kaart""#)
        .expect("a map")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert_eq!(svg.matches("<path ").count(), 25);
    assert_eq!(svg.matches(r#" data-code="GG"#).count(), 25);
    // The sample has a value with a 95 % interval for every GGD region in the latest year:
    // each is coloured by its comparison with the country, none is "no data", and the
    // colours are those of the table's comparison column.
    let classes = ["kaart-beter", "kaart-vergelijkbaar", "kaart-slechter"];
    let coloured: usize = classes
        .iter()
        .map(|c| svg.matches(&format!("class=\"vlak {c}\"><title>")).count())
        .sum();
    assert_eq!(coloured, 25, "{svg}");
    assert!(!svg.contains("class=\"vlak kaart-geen-gegevens\""));
    assert!(svg.contains("Vergeleken met Nederland"));
    assert!(
        svg.contains("<title>GGD Amsterdam: "),
        "a tooltip per region"
    );
    // The download is of the same choice (the year made explicit).
    let link = &page.body[page.body.find("href=\"/kpi.svg?").expect("a download link") + 6..];
    let link = link[..link.find('"').unwrap()].replace("&amp;", "&");
    for part in GGD.split('&').chain(["periode=2024"]) {
        assert!(link.contains(part), "{link} has no {part}");
    }

    let file = get_from(&app, &link).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.body);
    assert_eq!(file.header(header::CONTENT_TYPE), "image/svg+xml");
    assert!(file
        .header(header::CONTENT_DISPOSITION)
        .contains("kpi-gezonde_levensverwachting.svg"));
    assert!(file
        .body
        .contains(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
    assert!(file.body.contains("<style>"), "colours come along");
    assert_eq!(file.body.matches("<path ").count(), 25);

    // English page, English legend.
    let en = get_from(&app, &format!("/kpi?{GGD}&lang=en")).await;
    assert!(en.body.contains(">Compared with the Netherlands</text>"));
    // The stylesheet carries the map colours.
    let css = get_from(&app, "/static/gemeten.css").await;
    assert!(css.body.contains("svg.kaart .kaart-k5"));
}

#[tokio::test]
async fn no_map_without_one_roaz_or_a_single_region() {
    let roaz = get("/kpi?kpi=gezonde_levensverwachting&regio=alle-roaz").await;
    assert_eq!(roaz.status, StatusCode::OK);
    assert!(!roaz.body.contains("grafiek kaart"));
    let een = get("/kpi.svg?kpi=gezonde_levensverwachting&regio=GG3406").await;
    assert_eq!(een.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_withheld_value_is_no_data_on_the_map() {
    // The planted cell (n = 4) of GG3406, quintile q2, 2018.
    let q = "kpi=gezonde_levensverwachting&regio=alle-ggd&ses=q2&periode=2018";
    let app = app();
    for uri in [format!("/kpi?{q}"), format!("/kpi.svg?{q}")] {
        let a = get_from(&app, &uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.body);
        for t in GEPLANT_TEKST {
            assert!(!a.body.contains(t), "{uri} shows {t}");
        }
        let amsterdam = a.body.find(r#"data-code="GG3406""#).expect("GG3406 drawn");
        let tag = &a.body[a.body[..amsterdam].rfind('<').unwrap()..];
        assert!(
            tag[..tag.find('>').unwrap()].contains("kaart-geen-gegevens"),
            "{uri}"
        );
    }
}

/// The text of an SVG outside its tags and its `<style>`: what a reader sees or hears.
fn tekst(svg: &str) -> String {
    let svg = match (svg.find("<style>"), svg.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &svg[..a], &svg[b..]),
        _ => svg.to_owned(),
    };
    svg.split('<')
        .filter_map(|s| s.split_once('>').map(|p| p.1))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `t` has a number with `teken` between digits, e.g. "64,5" for ','.
fn decimaal(t: &str, teken: char) -> bool {
    let c: Vec<char> = t.chars().collect();
    c.windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == teken && w[2].is_ascii_digit())
}

#[tokio::test]
async fn the_series_chart_downloads_as_svg_in_the_pages_language() {
    let app = app();
    let q = "kpi=gezonde_levensverwachting&regio=GG3406&ses=q1";
    let page = get_from(&app, &format!("/kpi?{q}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let link = &page.body[page
        .body
        .find("href=\"/kpi-lijn.svg?")
        .expect("a download link")
        + 6..];
    let link = link[..link.find('"').unwrap()].replace("&amp;", "&");
    let nl = get_from(&app, &link).await;
    assert_eq!(nl.status, StatusCode::OK, "{}", nl.body);
    assert_eq!(nl.header(header::CONTENT_TYPE), "image/svg+xml");
    assert!(nl
        .header(header::CONTENT_DISPOSITION)
        .contains("kpi-gezonde_levensverwachting-lijn.svg"));
    assert!(nl
        .body
        .contains(r#"<svg xmlns="http://www.w3.org/2000/svg" class="grafiek kpi-lijn""#));
    assert!(
        nl.body.contains("svg.grafiek .lijn {"),
        "colours come along"
    );
    // Healthy life expectancy does not start at zero, and Dutch numbers have commas.
    let t = tekst(&nl.body);
    assert!(t.contains("as begint niet bij 0"), "{t}");
    assert!(decimaal(&t, ','), "{t}");
    assert!(!decimaal(&t, '.'), "a decimal point in Dutch: {t}");
    let en = get_from(&app, &format!("{link}&lang=en")).await;
    let t = tekst(&en.body);
    assert!(t.contains("axis does not start at 0"), "{t}");
    assert!(decimaal(&t, '.') && !decimaal(&t, ','), "{t}");
    // A comparison has a map, not a series.
    let bars = get_from(&app, &format!("/kpi-lijn.svg?{GGD}")).await;
    assert_eq!(bars.status, StatusCode::NOT_FOUND);
}
