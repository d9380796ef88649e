//! `gemeten aggregate` at three data holders and `gemeten combine` elsewhere give exactly
//! what `gemeten hle` gives over all the microdata at once.

mod common;

use common::{failed, gemeten, ok};
use serde_json::Value;

/// Person rows with exposures in quarters, so sums are exact in any order.
fn rows(n: usize) -> Vec<String> {
    let mut state = 99u64;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    (0..n)
        .map(|_| {
            let age = next(96);
            let ses = 1 + next(5);
            let died = u64::from(next(1000) < 1 + age * age / 30 + (6 - ses) * 3);
            let exposure = if died == 1 { 0.5 } else { 1.0 };
            let good = u64::from(next(100) + age / 2 < 70 + ses * 4);
            format!("{age},{},{ses},{exposure},{died},{good}", 1 + next(2))
        })
        .collect()
}

#[test]
fn three_holders_then_combine_equals_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("g.sqlite");
    let header = "age,sex,ses,exposure,died,good_health";
    let all = rows(24_000);
    let whole = d.join("alles.csv");
    std::fs::write(&whole, format!("{header}\n{}\n", all.join("\n"))).unwrap();
    let mut partials = Vec::new();
    for h in 0..3 {
        let mine: Vec<String> = all.iter().skip(h).step_by(3).cloned().collect();
        let file = d.join(format!("houder{h}.csv"));
        std::fs::write(&file, format!("{header}\n{}\n", mine.join("\n"))).unwrap();
        let out = d.join(format!("houder{h}.json"));
        let holder = format!("houder {h}");
        ok(gemeten(
            &db,
            &[
                "aggregate",
                file.to_str().unwrap(),
                "--by",
                "sex,ses",
                "--holder",
                &holder,
                "--out",
                out.to_str().unwrap(),
            ],
        ));
        partials.push(out.to_str().unwrap().to_owned());
    }
    let opts = ["--min-cell", "100", "--json"];
    let mut args = vec!["combine"];
    args.extend(partials.iter().map(String::as_str));
    args.extend(opts);
    let combined: Value = serde_json::from_str(&ok(gemeten(&db, &args))).unwrap();
    let mut args = vec!["hle", whole.to_str().unwrap(), "--by", "sex,ses"];
    args.extend(opts);
    let single: Value = serde_json::from_str(&ok(gemeten(&db, &args))).unwrap();
    assert_eq!(combined["groups"], single["groups"]);
    assert_eq!(combined["ses_gap"], single["ses_gap"]);
    assert_eq!(combined["combined"]["exact"], true);
    assert_eq!(combined["groups"].as_array().unwrap().len(), 10);

    // A tampered file is refused in one line that names it.
    let text = std::fs::read_to_string(&partials[1]).unwrap();
    let tampered = text.replacen("\"deaths\": 0.0", "\"deaths\": 1.0", 1);
    assert_ne!(text, tampered);
    std::fs::write(&partials[1], tampered).unwrap();
    let mut args = vec!["combine"];
    args.extend(partials.iter().map(String::as_str));
    let err = failed(gemeten(&db, &args));
    assert!(
        err.contains("houder1.json") && err.contains("controlegetal"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    // A small-cell policy that is neither `keep` nor a number is refused before anything is
    // read or written.
    let out = d.join("fout.json");
    let err = failed(gemeten(
        &db,
        &[
            "aggregate",
            whole.to_str().unwrap(),
            "--by",
            "sex",
            "--holder",
            "x",
            "--small-cells",
            "weinig",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(err.contains("--small-cells 'weinig'"), "{err}");
    assert!(!out.exists(), "no partial file is written");
}

/// The rows of an observation file without its `source` column (which says how it was
/// computed, and so differs between a single and a combined run).
fn zonder_bron(path: &std::path::Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let mut rows = vec![r.headers().unwrap().iter().collect::<Vec<_>>().join(",")];
    for rec in r.records() {
        let rec = rec.unwrap();
        let cols: Vec<&str> = rec
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 10)
            .map(|(_, c)| c)
            .collect();
        rows.push(cols.join(","));
    }
    rows
}

#[test]
fn combined_and_single_runs_give_the_same_kpi_observations_and_they_import() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("g.sqlite");
    let header = "age,sex,ses,exposure,died,good_health";
    let all = rows(12_000);
    let whole = d.join("alles.csv");
    std::fs::write(&whole, format!("{header}\n{}\n", all.join("\n"))).unwrap();
    let mut partials = Vec::new();
    for h in 0..2 {
        let mine: Vec<String> = all.iter().skip(h).step_by(2).cloned().collect();
        let file = d.join(format!("h{h}.csv"));
        std::fs::write(&file, format!("{header}\n{}\n", mine.join("\n"))).unwrap();
        let out = d.join(format!("h{h}.json"));
        ok(gemeten(
            &db,
            &[
                "aggregate",
                file.to_str().unwrap(),
                "--by",
                "sex,ses",
                "--holder",
                &format!("h{h}"),
                "--out",
                out.to_str().unwrap(),
            ],
        ));
        partials.push(out.to_str().unwrap().to_owned());
    }
    let single = d.join("enkel.csv");
    let combined = d.join("samen.csv");
    let obs = |file: &std::path::Path| {
        vec![
            "--min-cell".to_owned(),
            "100".into(),
            "--observations".into(),
            file.to_str().unwrap().into(),
            "--period".into(),
            "2024".into(),
        ]
    };
    let mut args: Vec<String> = vec!["hle".into(), whole.to_str().unwrap().into()];
    args.extend(["--by".into(), "sex,ses".into()]);
    args.extend(obs(&single));
    ok(gemeten(
        &db,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    let mut args: Vec<String> = vec!["combine".into()];
    args.extend(partials.iter().cloned());
    args.extend(obs(&combined));
    ok(gemeten(
        &db,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    ));

    let rows = zonder_bron(&single);
    assert_eq!(rows, zonder_bron(&combined));
    // Both sexes × five income quintiles × (life expectancy, healthy life expectancy), and
    // the gap per sex; the header first.
    assert_eq!(rows.len(), 1 + 2 * 5 * 2 + 2, "{rows:#?}");
    assert!(rows[1].starts_with("levensverwachting,2024,NL01,man,inkomen5,q1,"));
    let text = std::fs::read_to_string(&combined).unwrap();
    assert!(text.contains("gefedereerd over h0, h1 (exact)"), "{text}");

    let imported = ok(gemeten(&db, &["kpi", "import", combined.to_str().unwrap()]));
    assert!(imported.contains("22"), "{imported}");

    // A breakdown an observation has no column for is refused, and no file is written.
    let refused = d.join("niet.csv");
    let mut args: Vec<String> = vec!["hle".into(), whole.to_str().unwrap().into()];
    args.extend(["--by".into(), "sex,age".into()]);
    args.extend(obs(&refused));
    let err = failed(gemeten(
        &db,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    assert!(
        err.contains("--observations") && err.contains("'age'"),
        "{err}"
    );
    assert!(!refused.exists());
}
