//! The KPI explorer: page, CSV download, JSON API, bad parameters, the regional comparison
//! and the trajectories on mission pages — against the stored observations.

mod common;
mod kpi_gemeenschappelijk;

use axum::http::{header, StatusCode};

use gemeten_domain::MissieCode;
use gemeten_indicators::{voortgang, Catalogus};
use kpi_gemeenschappelijk::{app, csv_rows, get, get_from, observations, register};

#[tokio::test]
async fn the_explorer_shows_a_series_as_chart_and_table_with_sources_and_a_csv_link() {
    let a = get("/kpi?kpi=gezonde_levensverwachting&regio=GG3406&ses=q1").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // A plain GET form with a label for every field.
    assert!(a
        .body
        .contains(r#"<form class="filter kpi-keuze" method="get" action="/kpi">"#));
    for field in ["kpi", "regio", "geslacht", "ses", "leeftijd", "periode"] {
        assert!(
            a.body.contains(&format!(r#"<label for="{field}">"#)),
            "{field}"
        );
        assert!(a.body.contains(&format!(r#"name="{field}""#)), "{field}");
    }
    // The regions are grouped by kind, with a comparison option per kind.
    assert!(a.body.contains(r#"<optgroup label="GGD-regio's">"#));
    assert!(a.body.contains(r#"<option value="alle-roaz">"#));
    assert!(a.body.contains("kpi-lijn"), "a line chart");
    let stored: Vec<_> = observations()
        .into_iter()
        .filter(|o| o.region == "GG3406" && o.ses == "q1" && o.sex.is_empty())
        .collect();
    assert_eq!(stored.len(), 6);
    for o in &stored {
        // Dutch pages write the decimal comma.
        let nl = |x: f64| format!("{x:?}").replace('.', ",");
        assert!(a.body.contains(&nl(o.value)), "{}", o.value);
        assert!(a.body.contains(&format!(
            "{}–{}",
            nl(o.lower.unwrap()),
            nl(o.upper.unwrap())
        )));
    }
    assert!(a
        .body
        .contains("synthetisch voorbeeld (tools/voorbeeldregio.py)"));
    assert!(a
        .body
        .contains(r#"href="/kpi.csv?kpi=gezonde_levensverwachting&amp;regio=GG3406&amp;ses=q1""#));
    // English names with ?lang=en.
    let en = get("/kpi?kpi=gezonde_levensverwachting&lang=en").await;
    assert!(en.body.contains("Healthy life expectancy at birth"));
    assert!(en.body.contains("KPI explorer"));
}

#[tokio::test]
async fn the_csv_download_holds_the_stored_values() {
    let a = get("/kpi.csv?kpi=gezonde_levensverwachting&regio=GG3406&ses=alle").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.header(header::CONTENT_TYPE).starts_with("text/csv"));
    let disposition = a.header(header::CONTENT_DISPOSITION);
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains("kpi-gezonde_levensverwachting.csv"));
    let (head, rows) = csv_rows(&a.body);
    assert_eq!(
        &head[..12],
        [
            "kpi",
            "period",
            "region",
            "region_name",
            "sex",
            "ses_dimensie",
            "ses",
            "age_band",
            "value",
            "lower",
            "upper",
            "n"
        ]
    );
    // The total and every quintile (and the planted q2 2018 cell, withheld) of GGD Amsterdam.
    let stored: Vec<_> = observations()
        .into_iter()
        .filter(|o| o.region == "GG3406" && o.kpi == "gezonde_levensverwachting")
        .collect();
    assert_eq!(rows.len(), stored.len());
    for o in stored {
        let row = rows
            .iter()
            .find(|r| r["period"] == o.period.to_string() && r["ses"] == o.ses)
            .unwrap_or_else(|| panic!("{} {} missing", o.period, o.ses));
        assert_eq!(row["region_name"], "GGD Amsterdam");
        if o.is_small_cell(10) {
            assert_eq!((row["value"].as_str(), row["n"].as_str()), ("", ""));
            assert_eq!(row["status"], "onderdrukt (kleine aantallen)");
            continue;
        }
        assert!(
            row["value"].contains('.'),
            "decimal point: {}",
            row["value"]
        );
        assert_eq!(row["value"].parse::<f64>().unwrap(), o.value);
        assert_eq!(row["lower"].parse::<f64>().ok(), o.lower);
        assert_eq!(row["upper"].parse::<f64>().ok(), o.upper);
        assert_eq!(row["n"].parse::<u64>().ok(), o.n);
        assert_eq!(row["source"], o.source);
    }
}

#[tokio::test]
async fn the_api_gives_the_catalogue_and_the_observations_of_a_choice() {
    let app = app();
    let cat = get_from(&app, "/api/v1/kpi").await;
    assert_eq!(cat.status, StatusCode::OK);
    let cat = cat.json();
    let hle = cat["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["code"] == "gezonde_levensverwachting")
        .unwrap();
    assert_eq!(
        hle["name_en"],
        "Healthy life expectancy at birth (perceived health good or very good)"
    );
    assert_eq!(hle["unit"], "jaar");
    let regios = cat["regios"].as_array().unwrap();
    let count = |level: &str| regios.iter().filter(|r| r["level"] == level).count();
    assert_eq!(
        (count("ggd"), count("zorgkantoor"), count("roaz")),
        (25, 31, 10)
    );
    assert_eq!(cat["min_cell"], 10);

    let a = get_from(
        &app,
        "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?regio=GG3406&ses=q1&periode=2023",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let rows = a.json()["observations"].as_array().unwrap().clone();
    let stored: Vec<_> = observations()
        .into_iter()
        .filter(|o| o.region == "GG3406" && o.ses == "q1" && o.period.als_jaar() == Some(2023))
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["value"].as_f64(), Some(stored[0].value));
    assert_eq!(rows[0]["n"].as_u64(), stored[0].n);
    assert_eq!(rows[0]["suppressed"], false);
    // The default is the national total series.
    let nl = get_from(&app, "/api/v1/kpi/gezonde_levensverwachting/waarnemingen").await;
    let nl = nl.json()["observations"].as_array().unwrap().clone();
    assert!(nl.iter().all(|o| o["region"] == "NL01" && o["ses"] == ""));
    assert_eq!(nl.len(), 7, "2019-2024 and the planted 2018");
}

#[tokio::test]
async fn bad_parameters_are_400_naming_them_and_unknown_kpis_404() {
    let app = app();
    for (uri, field) in [
        (
            "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?regio=XX99",
            "regio",
        ),
        (
            "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?regio=alle-land",
            "regio",
        ),
        (
            "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?ses=q9",
            "ses",
        ),
        (
            "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?geslacht=x",
            "geslacht",
        ),
        (
            "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?leeftijd=oud",
            "leeftijd",
        ),
        (
            "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?periode=twee",
            "periode",
        ),
        // This KPI has no breakdown by SES.
        (
            "/api/v1/kpi/ses_verschil_gezonde_levensverwachting/waarnemingen?ses=q1",
            "ses",
        ),
    ] {
        let a = get_from(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.body);
        assert_eq!(a.json()["field"], field, "{uri}");
    }
    // The page keeps a group from the previous KPI without failing: it is the total.
    let a = get_from(
        &app,
        "/kpi?kpi=ses_verschil_gezonde_levensverwachting&ses=q1",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains("kpi-lijn"),
        "the national series of the gap"
    );
    let a = get_from(&app, "/api/v1/kpi/geen_kpi/waarnemingen").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.json()["field"], "code");
    for (uri, field) in [
        ("/kpi?kpi=geen_kpi", "kpi"),
        ("/kpi?regio=XX99", "regio"),
        ("/kpi.csv?ses=q9", "ses"),
        ("/kpi.csv?periode=1700", "periode"),
    ] {
        let a = get_from(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(a.body.contains(&format!("`{field}`")), "{uri}: {}", a.body);
    }
}

#[tokio::test]
async fn an_empty_choice_says_what_exists_for_the_kpi() {
    let a = get("/kpi?kpi=gezonde_levensverwachting&regio=ZK02").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("Geen waarnemingen voor deze keuze."));
    assert!(a.body.contains("GGD-regio's: 25 regio('s)"), "{}", a.body);
    assert!(a.body.contains("q1, q2, q3, q4, q5"));
    assert!(a.body.contains("Toon een keuze met gegevens"));
    let none = get("/kpi?kpi=kwaliteit_van_leven_dementie").await;
    // Said to a policy officer, not as a command line to run.
    assert!(none
        .body
        .contains("Voor deze KPI heeft gemeten nog geen waarnemingen"));
    assert!(!none.body.contains("gemeten kpi import"));
    assert!(none.body.contains("Een andere KPI kiezen"));
}

#[tokio::test]
async fn the_regional_comparison_is_sorted_with_the_national_reference() {
    let app = app();
    let page = get_from(
        &app,
        "/kpi?kpi=gezonde_levensverwachting&regio=alle-ggd&ses=q3",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("kpi-balken"));
    assert!(
        page.body.contains(r#"class="referentie""#),
        "national reference line"
    );
    // Without a year: the latest.
    let stored: Vec<_> = observations()
        .into_iter()
        .filter(|o| {
            o.period.als_jaar() == Some(2024) && o.ses == "q3" && o.region.starts_with("GG")
        })
        .collect();
    assert_eq!(stored.len(), 25);
    let mut sorted: Vec<f64> = stored.iter().map(|o| o.value).collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let csv = get_from(
        &app,
        "/kpi.csv?kpi=gezonde_levensverwachting&regio=alle-ggd&ses=q3",
    )
    .await;
    let (_, rows) = csv_rows(&csv.body);
    assert_eq!(rows[0]["region"], "NL01", "the national value first");
    assert_eq!(rows[0]["period"], "2024");
    let values: Vec<f64> = rows[1..]
        .iter()
        .map(|r| r["value"].parse().unwrap())
        .collect();
    assert_eq!(values, sorted);
    // The page's table has the same order.
    let positions: Vec<usize> = rows[1..]
        .iter()
        .map(|r| page.body.find(&format!("({})", r["region"])).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "table order");
    // A chosen year, and a small cell in a comparison: withheld and listed last.
    let z = get_from(
        &app,
        "/kpi.csv?kpi=gezonde_levensverwachting&regio=alle-ggd&ses=q1&periode=2019",
    )
    .await;
    let (_, rows) = csv_rows(&z.body);
    let last = rows.last().unwrap();
    assert_eq!(
        (last["region"].as_str(), last["value"].as_str()),
        ("GG5006", "")
    );
    assert!(rows.iter().all(|r| r["period"] == "2019"));
}

#[tokio::test]
async fn a_mission_page_draws_each_targets_trajectory_with_its_status() {
    let a = get("/missies/C").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains(r#"id="voortgang""#));
    let register = register();
    let doelen: Vec<_> = register
        .parts()
        .doel
        .iter()
        .filter(|d| d.missie == MissieCode::C)
        .collect();
    // The status as `gemeten progress` computes it, from the values the public may see.
    let visible: Vec<_> = observations()
        .into_iter()
        .filter(|o| !o.is_small_cell(10))
        .collect();
    let alle = voortgang(&doelen, &visible, &Catalogus::standaard().unwrap());
    let (met_reeks, zonder): (Vec<_>, Vec<_>) = alle.into_iter().partition(|v| !v.reeks.is_empty());
    assert!(
        met_reeks.len() >= 2,
        "the central mission's two measured targets"
    );
    // A target nothing measures (the KIA's cross-cutting ones) gets no chart, and says so.
    for v in &zonder {
        assert!(
            !a.body.contains(&format!(r#"id="traject-{}""#, v.doel)),
            "{}",
            v.doel
        );
    }
    if !zonder.is_empty() {
        assert!(a.body.contains("geen openbare meetreeks in gemeten"));
    }
    for v in met_reeks {
        let id = format!(r#"id="traject-{}""#, v.doel);
        let at = a.body.find(&id).unwrap_or_else(|| panic!("{id}"));
        let figure = &a.body[at..at + a.body[at..].find("</figure>").unwrap()];
        assert!(figure.contains("<svg"), "{}", v.doel);
        // Named for screen readers by the indicator's name, not its code.
        assert!(figure.contains("aria-label=\"Verloop van "), "{}", v.doel);
        assert!(
            !figure.contains(&format!("Verloop van {}", v.indicator)),
            "{}: the code {} instead of its name",
            v.doel,
            v.indicator
        );
        assert!(figure.contains(r#"class="pad""#), "path to the target");
        assert!(figure.contains(v.status.label_nl()), "{}: {figure}", v.doel);
        // The samples are made up, and the chart says so.
        assert!(
            figure.contains("Synthetisch voorbeeld: verzonnen waarden"),
            "{}: {figure}",
            v.doel
        );
    }
    // Mission II has observations for none of its targets: no chart, and it says so.
    let ii = get("/missies/II").await;
    assert!(!ii.body.contains("id=\"traject-"));
}

#[tokio::test]
async fn the_overview_lists_every_target_with_its_status() {
    let a = get("/").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("Doelen en hun status"));
    let register = register();
    let doelen: Vec<_> = register.parts().doel.iter().collect();
    let visible: Vec<_> = observations()
        .into_iter()
        .filter(|o| !o.is_small_cell(10))
        .collect();
    let at = a.body.find("doelstatus").expect("the status table");
    let table = &a.body[at..];
    for v in voortgang(&doelen, &visible, &Catalogus::standaard().unwrap()) {
        let link = format!("href=\"/missies/{}#traject-{}\"", v.missie, v.doel);
        let row = &table[table.find(&link).unwrap_or_else(|| panic!("{link}"))..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains(v.status.label_nl()), "{}: {row}", v.doel);
        assert_eq!(
            row.contains("synthetisch voorbeeld"),
            v.synthetisch,
            "{row}"
        );
    }
}

fn zonder_gg3406(store: &mut gemeten_store::Store, register: &gemeten_domain::Register) {
    use gemeten_store::{RegisterStore, WaarnemingStore};
    store.replace(register).expect("seed");
    let obs: Vec<_> = observations()
        .into_iter()
        .filter(|o| o.region != "GG3406")
        .collect();
    store.add_observations(&obs, false).unwrap();
}

fn met_alles(store: &mut gemeten_store::Store, register: &gemeten_domain::Register) {
    use gemeten_store::{RegisterStore, WaarnemingStore};
    store.replace(register).expect("seed");
    store.add_observations(&observations(), false).unwrap();
}

/// The KPI explorer, its map, the indicator and area pages and their JSON are computed once
/// per version of the observations and kept (issue 13). Kept answers never outlive a change:
/// after observations are added by another process, every one of them is again exactly what
/// a server that never kept anything answers.
#[tokio::test]
async fn kept_kpi_pages_follow_a_change_of_the_observations() {
    let paths = [
        "/kpi?kpi=gezonde_levensverwachting&regio=alle-ggd",
        "/kpi?kpi=gezonde_levensverwachting&regio=alle-ggd&lang=en",
        "/kpi.svg?kpi=gezonde_levensverwachting&regio=alle-ggd",
        "/kpi/gezonde_levensverwachting",
        "/gebieden/GG3406",
        "/api/v1/kpi/gezonde_levensverwachting",
        "/api/v1/gebieden/GG3406",
    ];
    let state = common::state_over(register(), zonder_gg3406);
    let kept = gemeten_web::router(state.clone());
    let mut before = Vec::new();
    for p in paths {
        // Twice: the second answer is the kept one.
        let first = get_from(&kept, p).await;
        let second = get_from(&kept, p).await;
        assert_eq!(first.body, second.body, "{p}");
        before.push((first.status, first.body));
    }
    let all = observations();
    let gg3406: Vec<_> = all
        .iter()
        .filter(|o| o.region == "GG3406")
        .cloned()
        .collect();
    assert!(!gg3406.is_empty());
    common::with_store(&state, |s| {
        use gemeten_store::WaarnemingStore;
        s.add_observations(&gg3406, false).unwrap()
    });
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let fresh = gemeten_web::router(common::state_over(register(), met_alles));
    for (p, (status, body)) in paths.iter().zip(before) {
        let now = get_from(&kept, p).await;
        let expected = get_from(&fresh, p).await;
        assert_eq!(now.status, expected.status, "{p}");
        assert_eq!(now.body, expected.body, "{p}");
        // The indicator's JSON carries the national series only: the same before and after.
        if *p != "/api/v1/kpi/gezonde_levensverwachting" {
            assert!(
                status != now.status || body != now.body,
                "{p} did not change with GG3406's observations"
            );
        }
    }
}
