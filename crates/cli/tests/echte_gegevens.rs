//! Real published statistics end to end: a fresh `gemeten serve` measures the central
//! mission on the shipped CBS and RIVM series; `kpi import` reads a publisher's file as
//! downloaded through its shipped mapping or one the user writes; `kpi fetch cbs` imports a
//! table from CBS's open-data service (here a local server replaying recorded responses); a
//! code the mapping does not know refuses the whole file.

mod common;

#[path = "../../bronnen/tests/opname/server.rs"]
mod opname;

use std::process::Command;

use common::http::{request, Server};
use common::{failed, gemeten, ok};

const ECHT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/echt");

fn serve(db: &std::path::Path) -> Server {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gemeten"));
    c.args(["--db", &common::target(db)])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(common::zoekindex(db))
        .env_remove("GEMETEN_LANG")
        .env("GEMETEN_ADMIN_PASSWORD", common::ADMIN_PASSWORD);
    Server::start(c)
}

fn get(server: &Server, path: &str) -> common::http::Answer {
    let a = request(server, "GET", path, "", None);
    assert_eq!(a.status, 200, "{path}: {}", a.body);
    a
}

#[test]
fn a_fresh_start_measures_the_central_mission_on_the_real_series() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&dir.path().join("echt.sqlite"));
    // CBS 71950ned: healthy life expectancy at birth 2021, both sexes, 65.2 ± 0.3.
    let v = get(
        &server,
        "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?regio=NL01&periode=2021",
    )
    .json();
    let o = &v["observations"][0];
    assert_eq!(o["value"], 65.2, "{v}");
    assert!((o["lower"].as_f64().unwrap() - 64.9).abs() < 1e-9);
    assert!((o["upper"].as_f64().unwrap() - 65.5).abs() < 1e-9);
    assert_eq!(o["synthetisch"], false);
    assert!(o["source"].as_str().unwrap().contains("CBS"), "{o}");
    // A pooled period by education, as published (CBS 84842NED).
    let v = get(
        &server,
        "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?regio=NL01&ses=laag&periode=2019/2022",
    )
    .json();
    assert_eq!(v["observations"][0]["value"], 56.6, "{v}");
    assert_eq!(v["observations"][0]["period"], "2019/2022");
    // The mission page states the status with its reasons: the baseline choice and the
    // series break.
    let c = get(&server, "/missies/C").body;
    for text in [
        "voor mannen en vrouwen samen niet gepubliceerd",
        "reeksbreuk van 2021",
        "samengenomen periode 2019/2022",
    ] {
        assert!(c.contains(text), "{text}");
    }
    assert!(
        !c.contains("Synthetisch voorbeeld: verzonnen waarden"),
        "real, not made up"
    );
    // Regional values exist only as made-up examples, and say so.
    let ggd = get(
        &server,
        "/api/v1/kpi/gezonde_levensverwachting/waarnemingen?regio=alle-ggd&periode=2024",
    )
    .json();
    let rows = ggd["observations"].as_array().unwrap();
    assert_eq!(rows.len(), 25);
    assert!(rows.iter().all(|o| o["synthetisch"] == true));
    // …and a made-up regional value is never judged against the published national one.
    let profiel = get(&server, "/api/v1/gebieden/GG3406").json();
    let hle = profiel["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kpi"] == "gezonde_levensverwachting")
        .expect("the area profile lists healthy life expectancy");
    assert_eq!(hle["vergelijking"]["oordeel"], "niet_vergeleken", "{hle}");
}

#[test]
fn a_publishers_file_imports_as_downloaded_and_an_unknown_code_refuses_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("import.sqlite");
    // The StatLine export: `;`, decimal comma, `.` for missing, a footer; its mapping ships
    // and is found by the file's name. First with a row the mapping does not know: refused,
    // naming line and code, and nothing of it stored — the clean file then imports all three
    // values without `--replace`, which it could not if any had been stored.
    let export = format!("{ECHT}/cbs_71950ned_statline_export_vanaf_1981.csv");
    let text = std::fs::read_to_string(&export).unwrap();
    let bad = dir
        .path()
        .join("cbs_71950ned_statline_export_vanaf_1981.csv");
    let extra = "Totaal mannen en vrouwen;80 jaar;2021;9,1\n";
    std::fs::write(
        &bad,
        text.replacen("Bron: CBS", &format!("{extra}Bron: CBS"), 1),
    )
    .unwrap();
    let err = failed(gemeten(&db, &["kpi", "import", bad.to_str().unwrap()]));
    assert!(err.contains("80 jaar") && err.contains("regel"), "{err}");
    let out = ok(gemeten(&db, &["kpi", "import", &export]));
    assert!(out.contains("3 waarnemingen"), "{out}");
    // A mapping the user writes, for a file gemeten ships no mapping for.
    let eigen = dir.path().join("levensverwachting.csv");
    std::fs::write(
        &eigen,
        "\u{feff}Perioden;Levensverwachting\n2019;82,1\n2020;81,4\nBron: CBS;\n",
    )
    .unwrap();
    let koppeling = dir.path().join("koppeling.toml");
    std::fs::write(
        &koppeling,
        r#"bron = "eigen overzicht (test)"
[formaat]
scheidingsteken = ";"
decimaalkomma = true
voettekst = ["Bron:"]
[periode]
kolom = "Perioden"
[[maat]]
kolom = "Levensverwachting"
kpi = "levensverwachting"
"#,
    )
    .unwrap();
    let out = ok(gemeten(
        &db,
        &[
            "kpi",
            "import",
            eigen.to_str().unwrap(),
            "--mapping",
            koppeling.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("2 waarnemingen"), "{out}");
}

#[test]
fn kpi_fetch_cbs_imports_a_table_through_its_shipped_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fetch.sqlite");
    let url = opname::opgenomen_cbs();
    let out = ok(gemeten(
        &db,
        &["kpi", "fetch", "cbs", "71950ned", "--url", &url],
    ));
    assert!(out.contains("CBS 71950ned: 30 waarnemingen"), "{out}");
    // A table gemeten ships no mapping for needs one.
    let err = failed(gemeten(
        &db,
        &["kpi", "fetch", "cbs", "83765NED", "--url", &url],
    ));
    assert!(err.contains("--mapping"), "{err}");
}
