//! The indicator page `/kpi/{code}` and its JSON, the Excel download, and the comparison of
//! regions with the country — against the stored (synthetic sample) observations.

mod common;
mod kpi_gemeenschappelijk;

use axum::http::StatusCode;

use gemeten_domain::Richting;
use gemeten_indicators::{vergelijk, Benchmark, Meting, Zekerheid};
use kpi_gemeenschappelijk::{get, observations};

#[tokio::test]
async fn the_indicator_page_shows_definition_breaks_series_trend_gap_and_map() {
    let a = get("/kpi/gezonde_levensverwachting").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    for text in [
        "Definitie en bron",
        "Het aantal jaren dat een pasgeborene naar verwachting leeft",
        "2021: CBS heeft in 2021 de Gezondheidsenquête vernieuwd",
        "Doelen die deze indicator meet",
        "href=\"/missies/C#traject-C-gezonde-levensjaren\"",
        "kpi-lijn",
        // The chart marks the 2021 break and joins no values across it.
        "reeksbreuk 2021",
        "Trend",
        "Inkomenskwintiel",
        "kaart",
        "excel=1",
        // The samples are made up, and the page says so.
        "synthetisch",
    ] {
        assert!(a.body.contains(text), "{text}");
    }
    // The trend is tested after the 2021 break only: 2021–2024 are four points, too few.
    assert!(a.body.contains("niet getoetst"), "trend label");
    // Dutch numbers: the national 2019 sample value 63.00 is written 63,0.
    assert!(a.body.contains("63,0"));
    let json = get("/api/v1/kpi/gezonde_levensverwachting").await.json();
    assert_eq!(json["kpi"]["code"], "gezonde_levensverwachting");
    assert_eq!(json["kpi"]["breuken"][0]["jaar"], 2021);
    let gap = json["verschillen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["dimensie"] == "inkomen5")
        .expect("the income gap");
    let stored: Vec<_> = observations()
        .into_iter()
        .filter(|o| o.region == "NL01" && o.ses_dimensie == "inkomen5" && o.sex.is_empty())
        .collect();
    let latest = stored.iter().map(|o| o.period).max().unwrap();
    let of = |g: &str| {
        stored
            .iter()
            .find(|o| o.period == latest && o.ses == g)
            .unwrap()
            .value
    };
    let abs = gap["absoluut"].as_f64().unwrap();
    assert!((abs - (of("q5") - of("q1"))).abs() < 1e-9, "{gap}");
    assert!(
        gap["sii"]["waarde"].is_number(),
        "quintiles have equal shares: {gap}"
    );
    let en = get("/kpi/gezonde_levensverwachting?lang=en").await;
    assert!(en.body.contains("Definition and source") && en.body.contains("Healthy life"));
    let missing = get("/kpi/geen_kpi").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_excel_download_has_a_bom_semicolons_and_decimal_commas() {
    let a = get("/kpi.csv?kpi=gezonde_levensverwachting&regio=NL01&excel=1").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.starts_with('\u{feff}'), "byte-order mark");
    let mut lines = a.body.trim_start_matches('\u{feff}').lines();
    assert!(lines.next().unwrap().starts_with("kpi;period;region;"));
    let y2019 = lines
        .find(|l| l.starts_with("gezonde_levensverwachting;2019;NL01;"))
        .expect("the 2019 value");
    assert!(y2019.contains(";63,0;"), "{y2019}");
    let plain = get("/kpi.csv?kpi=gezonde_levensverwachting&regio=NL01").await;
    assert!(!plain.body.starts_with('\u{feff}'));
    assert!(plain.body.contains(",63.0,"));
}

#[tokio::test]
async fn regions_are_compared_with_the_country_by_their_intervals() {
    let a = get("/kpi?kpi=gezonde_levensverwachting&regio=alle-ggd&periode=2024").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let obs = observations();
    let nl = obs
        .iter()
        .find(|o| {
            o.kpi == "gezonde_levensverwachting"
                && o.region == "NL01"
                && o.ses.is_empty()
                && o.period.als_jaar() == Some(2024)
        })
        .unwrap()
        .value;
    let mut seen = 0;
    for o in obs.iter().filter(|o| {
        o.kpi == "gezonde_levensverwachting"
            && o.region.starts_with("GG")
            && o.ses.is_empty()
            && o.period.als_jaar() == Some(2024)
    }) {
        let (Some(lo), Some(hi)) = (o.lower, o.upper) else {
            continue;
        };
        let v = vergelijk(
            &Meting::new(o.value).met_interval(lo, hi),
            &Benchmark::landelijk(nl),
            Richting::Hoger,
            Zekerheid::P95,
            1,
        )
        .unwrap();
        assert!(a.body.contains(&v.reden.nl), "{}: {}", o.region, v.reden.nl);
        seen += 1;
    }
    assert!(seen > 0, "the samples have regional intervals");
    // The map is coloured by the comparison, with its legend.
    assert!(a.body.contains("Vergeleken met Nederland"), "map legend");
}

/// English pages show the catalogue's English texts, not Dutch ones marked `lang="nl"`; the
/// explorer shows the definition too, and the API gives the texts in the language asked for.
#[tokio::test]
async fn english_pages_and_the_api_give_the_definition_and_caveats_in_english() {
    let en = get("/kpi/gezonde_levensverwachting?lang=en").await;
    for text in [
        "The number of years a newborn is expected to live in perceived good or very good health",
        "Sullivan method: CBS",
        "life table combined with the share from the Health Survey",
        "yearly (by education and income: four years pooled)",
        "2021: CBS renewed its Health Survey in 2021",
    ] {
        assert!(en.body.contains(text), "{text}");
    }
    assert!(!en.body.contains("Het aantal jaren dat een pasgeborene"));
    assert!(
        !en.body.contains("<dd lang=\"nl\">Het"),
        "no Dutch definition"
    );
    let nl = get("/kpi/gezonde_levensverwachting").await;
    assert!(nl.body.contains("Sullivan-methode"));
    let verkenner = get("/kpi?kpi=volwassenen_rookt&lang=en").await;
    assert!(
        verkenner.body.contains("Percentage of adults who smoke"),
        "explorer definition"
    );
    let json = get("/api/v1/kpi/volwassenen_rookt?lang=en").await.json();
    assert_eq!(json["teksten"]["taal"], "en");
    assert_eq!(
        json["teksten"]["definitie"],
        "Percentage of adults who smoke"
    );
    assert_eq!(
        json["kpi"]["definitie_en"],
        "Percentage of adults who smoke"
    );
    let json = get("/api/v1/kpi/volwassenen_rookt").await.json();
    assert_eq!(json["teksten"]["taal"], "nl");
    assert_eq!(
        json["teksten"]["definitie"],
        "Percentage volwassenen dat rookt"
    );
}

/// The mission page: each target with regional values gets the indicator page's map, and its
/// baseline shows as a value with its year, not a bare year.
#[tokio::test]
async fn the_mission_page_shows_a_map_per_target_and_the_baseline_value() {
    let c = get("/missies/C").await;
    assert_eq!(c.status, StatusCode::OK);
    assert!(c.body.contains("class=\"doelkaart\""), "a map per target");
    assert!(c.body.contains("kpi-kaart"));
    // The sample's national 2019 value, read as the baseline by progress.
    assert!(c.body.contains("63,0 (2019)"), "baseline value and year");
    assert!(!c.body.contains("<td>2019</td>"), "not a bare year");
}

/// Regions are compared with the country at 95 % by default or at 99.8 % when chosen; the
/// map's caption and the controls say which; another level is refused, naming the parameter.
#[tokio::test]
async fn the_comparison_level_can_be_chosen() {
    let p = get("/kpi/gezonde_levensverwachting?zekerheid=99.8").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.body.contains("<strong>99,8 %</strong>"),
        "chosen level shown"
    );
    assert!(p
        .body
        .contains("href=\"/kpi/gezonde_levensverwachting?zekerheid=95\""));
    let v = get("/kpi?kpi=gezonde_levensverwachting&regio=alle-ggd&zekerheid=99.8").await;
    assert!(
        v.body.contains("<option value=\"99.8\" selected>"),
        "control keeps the choice"
    );
    let v95 = get("/kpi?kpi=gezonde_levensverwachting&regio=alle-ggd").await;
    assert!(v95.body.contains("<option value=\"95\" selected>"));
    let bad = get("/kpi/gezonde_levensverwachting?zekerheid=90").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("zekerheid"));
}
