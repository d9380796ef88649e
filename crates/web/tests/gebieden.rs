//! Area profiles: `/gebieden`, `/gebieden/{code}` and `/api/v1/gebieden/{code}` over the
//! synthetic sample observations and the planted small cells — values from the store, the
//! comparison as `vergelijk` makes it, synthetic values marked, small cells withheld, unknown
//! regions 404, English in English, and the JSON holding the page's numbers.

mod common;
mod kpi_gemeenschappelijk;

use axum::http::StatusCode;
use axum::Router;
use serde_json::Value;

use gemeten_domain::{Meetperiode, Waarneming};
use gemeten_indicators::{vergelijk, Benchmark, Catalogus, Meting, Zekerheid};
use gemeten_store::{RegisterStore, WaarnemingStore};
use kpi_gemeenschappelijk::{app, get_from, observations, register, GEPLANT_TEKST};

const HLE: &str = "gezonde_levensverwachting";

/// A number as the Dutch pages write it: the stored value with a decimal comma.
fn getal(v: f64) -> String {
    format!("{v:?}").replace('.', ",")
}

fn totaal(o: &Waarneming) -> bool {
    o.sex.is_empty() && o.ses_dimensie.is_empty() && o.ses.is_empty() && o.age_band.is_empty()
}

/// The region's total and the national total of `kpi` in the latest period both have, from
/// the stored observations (none of these is a small cell).
fn verwacht(kpi: &str, regio: &str) -> (Waarneming, Waarneming) {
    let obs = observations();
    let nl = |p: Meetperiode| {
        obs.iter()
            .find(|o| o.kpi == kpi && o.region == "NL01" && totaal(o) && o.period == p)
            .cloned()
    };
    obs.iter()
        .filter(|o| o.kpi == kpi && o.region == regio && totaal(o))
        .filter_map(|o| Some((o.clone(), nl(o.period)?)))
        .max_by_key(|(o, _)| o.period)
        .expect("a value with a national value")
}

/// The page's table row of one KPI: from its link to the explorer to the row's end.
fn rij<'a>(body: &'a str, kpi: &str, regio: &str) -> &'a str {
    let start = body
        .find(&format!(r#"href="/kpi?kpi={kpi}&amp;regio={regio}""#))
        .unwrap_or_else(|| panic!("no row for {kpi}"));
    let end = body[start..].find("</tr>").unwrap() + start;
    &body[start..end]
}

#[tokio::test]
async fn the_profile_shows_the_stored_value_and_the_comparison_vergelijk_makes() {
    let app = app();
    let a = get_from(&app, "/gebieden/GG3406").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("GGD Amsterdam"));
    let (o, nl) = verwacht(HLE, "GG3406");
    let row = rij(&a.body, HLE, "GG3406");
    assert!(
        row.contains("Gezonde levensverwachting bij geboorte"),
        "{row}"
    );
    assert!(row.contains(&format!(">{}<", o.period)), "{row}");
    assert!(row.contains(&getal(o.value)), "{row}");
    assert!(
        row.contains(&format!(
            "{}–{}",
            getal(o.lower.unwrap()),
            getal(o.upper.unwrap())
        )),
        "{row}"
    );
    assert!(row.contains(&getal(nl.value)), "{row}");
    let cat = Catalogus::standaard().unwrap();
    let u = vergelijk(
        &Meting::new(o.value).met_interval(o.lower.unwrap(), o.upper.unwrap()),
        &Benchmark::landelijk(nl.value),
        cat.kpis[HLE].direction,
        Zekerheid::P95,
        2,
    )
    .unwrap();
    assert!(
        row.contains(&format!(">{}</span>", u.oordeel.label_nl())),
        "{row}"
    );
    assert!(row.contains(&u.reden.nl), "{row}");
    // The spine-chart row: an accessible SVG coloured by the comparison.
    assert!(row.contains(r#"class="ruggengraat""#) && row.contains(r#"role="img""#));
    let klasse = format!("rg-{}", u.oordeel.label_nl().replace(' ', "-"));
    assert!(row.contains(&klasse), "{klasse}: {row}");
    // The JSON agrees with vergelijk too.
    let j = get_from(&app, "/api/v1/gebieden/GG3406").await.json();
    let hle = j["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kpi"] == HLE)
        .unwrap();
    assert_eq!(hle["value"], o.value);
    assert_eq!(hle["landelijk"]["value"], nl.value);
    assert_eq!(hle["period"], o.period.to_string());
    assert_eq!(
        hle["vergelijking"]["oordeel"],
        serde_json::to_value(u.oordeel).unwrap()
    );
    assert_eq!(hle["vergelijking"]["reden"]["nl"], u.reden.nl.as_str());
    // The GGD regions of 2023 give the spread.
    assert!(hle["spreiding"]["regios"].as_u64().unwrap() >= 3, "{hle}");
}

#[tokio::test]
async fn synthetic_values_are_marked_in_the_row_and_above_the_table() {
    let app = app();
    let a = get_from(&app, "/gebieden/GG3406").await;
    let row = rij(&a.body, HLE, "GG3406");
    assert!(
        row.contains("badge-synthetisch") && row.contains(">synthetisch<"),
        "{row}"
    );
    let melding = a.body.find("synthetisch-melding").expect("a note above");
    assert!(melding < a.body.find("<table").unwrap());
    let j = get_from(&app, "/api/v1/gebieden/GG3406").await.json();
    assert_eq!(j["synthetisch"], true);
    assert!(j["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["synthetisch"] == true));
}

#[tokio::test]
async fn kpis_without_a_value_for_the_region_are_listed_as_missing() {
    let app = app();
    let a = get_from(&app, "/gebieden/GG3406").await;
    let j = get_from(&app, "/api/v1/gebieden/GG3406").await.json();
    let missing = j["ontbrekend"].as_array().unwrap();
    // The sample data has regional values for two KPIs only; the rest is missing, by name.
    let cat = Catalogus::standaard().unwrap();
    assert_eq!(
        missing.len() + j["kpis"].as_array().unwrap().len(),
        cat.kpis.len()
    );
    let deelname = missing
        .iter()
        .find(|m| m["kpi"] == "aandeel_meedoen_chronisch_ziek")
        .expect("national only");
    assert_eq!(deelname["reden"], "geen_waarde");
    let start = a.body.find(r#"id="ontbrekend""#).unwrap();
    let lijst = &a.body[start..];
    assert!(lijst.contains(&cat.kpis["aandeel_meedoen_chronisch_ziek"].name_nl));
    assert!(lijst.contains("geen waarde voor deze regio"));
}

/// The sample observations plus a region total that rests on 4 persons, with a national
/// value in the same year: its KPI must show as withheld, never with its numbers.
fn met_kleine_cel(store: &mut gemeten_store::Store, register: &gemeten_domain::Register) {
    store.replace(register).expect("seed");
    let p = Meetperiode::jaar(2023).unwrap();
    let mut obs = observations();
    obs.push(Waarneming {
        region: "GG3406".into(),
        lower: Some(70.111),
        upper: Some(72.345),
        n: Some(4),
        ..Waarneming::national("levensverwachting", p, 71.234, "geplant (test)")
    });
    obs.push(Waarneming::national("levensverwachting", p, 81.5, "test"));
    store.add_observations(&obs, false).unwrap();
}

#[tokio::test]
async fn small_cells_never_appear_on_the_profile() {
    let apps: [Router; 2] = [
        app(),
        gemeten_web::router(common::state_over(register(), met_kleine_cel)),
    ];
    for app in &apps {
        for uri in [
            "/gebieden/GG3406",
            "/gebieden/GG3406?lang=en",
            "/api/v1/gebieden/GG3406",
            "/gebieden",
        ] {
            let a = get_from(app, uri).await;
            assert_eq!(a.status, StatusCode::OK, "{uri}");
            for t in GEPLANT_TEKST {
                assert!(!a.body.contains(t), "{uri} shows {t}");
            }
        }
    }
    let j = get_from(&apps[1], "/api/v1/gebieden/GG3406").await.json();
    let le = j["ontbrekend"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kpi"] == "levensverwachting")
        .expect("withheld, so missing");
    assert_eq!(le["reden"], "onderdrukt");
    let a = get_from(&apps[1], "/gebieden/GG3406").await;
    assert!(a.body.contains("waarde onderdrukt (kleine aantallen)"));
}

#[tokio::test]
async fn an_unknown_region_is_404_naming_the_code() {
    let app = app();
    let a = get_from(&app, "/gebieden/XX9999").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.body.contains("XX9999") && a.body.contains("Gebied niet gevonden"));
    assert!(a.body.contains(r#"<html lang="nl">"#));
    let en = get_from(&app, "/gebieden/XX9999?lang=en").await;
    assert_eq!(en.status, StatusCode::NOT_FOUND);
    assert!(en.body.contains("Area not found") && en.body.contains("XX9999"));
    // The country is the benchmark, not an area.
    assert_eq!(
        get_from(&app, "/gebieden/NL01").await.status,
        StatusCode::NOT_FOUND
    );
    let api = get_from(&app, "/api/v1/gebieden/XX9999").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.json()["error"].as_str().unwrap().contains("XX9999"));
    // A code in lower case is the same region.
    assert_eq!(
        get_from(&app, "/gebieden/gg3406").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_english_page_is_in_english() {
    let app = app();
    let a = get_from(&app, "/gebieden/GG3406?lang=en").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains(r#"<html lang="en">"#));
    assert!(a.body.contains("Healthy life expectancy at birth"));
    assert!(a.body.contains("Comparison with the Netherlands"));
    assert!(a.body.contains(">synthetic<"));
    assert!(a.body.contains("no value for this region"));
    let j = get_from(&app, "/api/v1/gebieden/GG3406").await.json();
    for r in j["kpis"].as_array().unwrap() {
        assert!(a
            .body
            .contains(r["vergelijking"]["reden"]["en"].as_str().unwrap()));
    }
    for dutch in [
        "Vergelijking met Nederland",
        "Gezonde levensverwachting",
        "geen waarde voor deze regio",
        "het landelijk gemiddelde",
    ] {
        assert!(!a.body.contains(dutch), "{dutch}");
    }
}

#[tokio::test]
async fn the_json_holds_the_numbers_of_the_page() {
    let app = app();
    for code in ["GG3406", "GG0111", "ZK02"] {
        let page = get_from(&app, &format!("/gebieden/{code}")).await;
        assert_eq!(page.status, StatusCode::OK, "{code}");
        let j: Value = get_from(&app, &format!("/api/v1/gebieden/{code}"))
            .await
            .json();
        assert_eq!(j["regio"]["code"], code);
        let rows = j["kpis"].as_array().unwrap();
        let tbody = page.body.find("<tbody>").map_or("", |i| &page.body[i..]);
        assert_eq!(tbody.matches("<tr>").count(), rows.len(), "{code}");
        for r in rows {
            let row = rij(&page.body, r["kpi"].as_str().unwrap(), code);
            let num = |v: &Value| getal(v.as_f64().unwrap());
            assert!(row.contains(&num(&r["value"])), "{row}");
            assert!(row.contains(&num(&r["landelijk"]["value"])), "{row}");
            assert!(row.contains(r["period"].as_str().unwrap()), "{row}");
            if !r["lower"].is_null() {
                let iv = format!("{}–{}", num(&r["lower"]), num(&r["upper"]));
                assert!(row.contains(&iv), "{row}");
            }
            let oordeel = r["vergelijking"]["oordeel"]
                .as_str()
                .unwrap()
                .replace('_', " ");
            assert!(row.contains(&format!(">{oordeel}</span>")), "{row}");
        }
        for m in j["ontbrekend"].as_array().unwrap() {
            // The name as the page writes it: HTML-escaped ("R&D" is "R&amp;D").
            let naam = m["naam_nl"]
                .as_str()
                .unwrap()
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            assert!(page.body.contains(&naam), "{naam}");
        }
    }
}

#[tokio::test]
async fn the_list_links_every_kind_and_the_explorer_links_the_profiles() {
    let app = app();
    let a = get_from(&app, "/gebieden").await;
    assert_eq!(a.status, StatusCode::OK);
    for heading in ["Provincies", "GGD-regio's", "Zorgkantoorregio's"] {
        assert!(a.body.contains(heading), "{heading}");
    }
    assert!(a.body.contains(r#"href="/gebieden/GG3406""#));
    assert!(a.body.contains(r#"href="/gebieden/PV20""#));
    assert!(a.body.contains(r#"href="/gebieden/ZK02""#));
    assert!(a
        .body
        .contains(r#"<a href="/gebieden" aria-current="page">"#));
    let k = get_from(&app, "/kpi?kpi=gezonde_levensverwachting&regio=alle-ggd").await;
    assert!(k.body.contains(r#"<a href="/gebieden/GG3406">"#));
}
