//! `gemeten aggregate` at three data holders and `gemeten combine` elsewhere give exactly
//! what `gemeten hle` gives over all the microdata at once.

mod common;

use common::{failed, gemeten, ok};
use serde_json::Value;

/// Person rows with person-years as in real data (any fraction of a year, six decimals):
/// added as floating-point numbers their sum would depend on the order.
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
            let exposure = if died == 1 {
                format!("{:.6}", next(1_000_000) as f64 / 1e6)
            } else {
                format!("{:.6}", 0.5 + next(500_001) as f64 / 1e6)
            };
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
    let combined_text = ok(gemeten(&db, &args));
    let combined: Value = serde_json::from_str(&combined_text).unwrap();
    let mut args = vec!["hle", whole.to_str().unwrap(), "--by", "sex,ses"];
    args.extend(opts);
    let single_text = ok(gemeten(&db, &args));
    let single: Value = serde_json::from_str(&single_text).unwrap();
    // Every number exactly, to the last digit of its text: the groups with their
    // person-years, every age's expectancies, intervals and standard errors, the SES gaps.
    assert_eq!(combined["groups"], single["groups"]);
    assert_eq!(combined["ses_gap"], single["ses_gap"]);
    let without_combined = |text: &str| {
        let mut v: Value = serde_json::from_str(text).unwrap();
        v.as_object_mut().unwrap().remove("combined");
        serde_json::to_string(&v).unwrap()
    };
    assert_eq!(
        without_combined(&combined_text),
        without_combined(&single_text)
    );
    assert_eq!(combined["combined"]["exact"], true);
    assert_eq!(combined["groups"].as_array().unwrap().len(), 10);

    // A tampered file is refused in one line that names it.
    let text = std::fs::read_to_string(&partials[1]).unwrap();
    let tampered = text.replacen("\"deaths\": 0,", "\"deaths\": 1,", 1);
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

/// Person-years as in real data (any fraction of a year) once failed the file's own checksum
/// when read back: `combine` refused every untouched `aggregate` output.
#[test]
fn fractional_exposures_combine_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("g.sqlite");
    let mut state = 7u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 11
    };
    let rows: Vec<String> = (0..3000)
        .map(|_| {
            let age = next() % 90;
            let exposure = (next() as f64) / ((1u64 << 53) as f64);
            format!("{age},{},{exposure},{},1", 1 + next() % 2, next() % 2)
        })
        .collect();
    let file = d.join("houder.csv");
    std::fs::write(
        &file,
        format!("age,sex,exposure,died,good_health\n{}\n", rows.join("\n")),
    )
    .unwrap();
    let out = d.join("houder.json");
    ok(gemeten(
        &db,
        &[
            "aggregate",
            file.to_str().unwrap(),
            "--by",
            "sex",
            "--holder",
            "h",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let opts = ["--by", "sex", "--min-cell", "10", "--json"];
    let combined: Value = serde_json::from_str(&ok(gemeten(
        &db,
        &[
            "combine",
            out.to_str().unwrap(),
            "--min-cell",
            "10",
            "--json",
        ],
    )))
    .unwrap();
    let mut args = vec!["hle", file.to_str().unwrap()];
    args.extend(opts);
    let single: Value = serde_json::from_str(&ok(gemeten(&db, &args))).unwrap();
    assert_eq!(combined["groups"], single["groups"]);
}

/// A Parquet file damaged so that the parquet library panics while decoding it: found by
/// changing one byte at a time of a valid file until the reader reports a caught panic.
fn parquet_that_panics(dir: &std::path::Path) -> std::path::PathBuf {
    use parquet::data_type::{DoubleType, Int32Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use std::sync::Arc;
    let schema = Arc::new(
        parquet::schema::parser::parse_message_type(
            "message m { required int32 age; required int32 sex; required double exposure; \
             required int32 died; optional int32 good_health; }",
        )
        .unwrap(),
    );
    let mut ok_bytes = Vec::new();
    let mut w = SerializedFileWriter::new(
        &mut ok_bytes,
        schema,
        Arc::new(WriterProperties::builder().build()),
    )
    .unwrap();
    let n = 50;
    let mut rg = w.next_row_group().unwrap();
    let mut i = 0;
    while let Some(mut col) = rg.next_column().unwrap() {
        // Column 1 is sex: 1 or 2, as the definition has it.
        let ints: Vec<i32> = (0..n)
            .map(|r| (r * 7 + i) % 2 + i32::from(i == 1))
            .collect();
        match i {
            2 => col
                .typed::<DoubleType>()
                .write_batch(&vec![0.5; n as usize], None, None),
            4 => {
                let def: Vec<i16> = (0..n).map(|r| i16::from(r % 4 != 0)).collect();
                let good: Vec<i32> = (0..n).filter(|r| r % 4 != 0).map(|r| r % 2).collect();
                col.typed::<Int32Type>()
                    .write_batch(&good, Some(&def), None)
            }
            _ => col.typed::<Int32Type>().write_batch(&ints, None, None),
        }
        .unwrap();
        col.close().unwrap();
        i += 1;
    }
    rg.close().unwrap();
    w.close().unwrap();
    let path = dir.join("kapot.parquet");
    for at in 4..ok_bytes.len() {
        for v in [0xff, ok_bytes[at] ^ 0x01, 50] {
            let mut b = ok_bytes.clone();
            b[at] = v;
            std::fs::write(&path, &b).unwrap();
            let e = gemeten_indicators::aggregate(&path, &["sex".into()], &|_, _| ());
            if e.is_err_and(|e| e.to_string().contains("beschadigd")) {
                return path;
            }
        }
    }
    panic!("no single changed byte makes the parquet library panic any more");
}

#[test]
fn a_damaged_parquet_file_is_refused_by_name_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite");
    let file = parquet_that_panics(dir.path());
    let f = file.to_str().unwrap();
    let out = dir.path().join("uit.json");
    for args in [
        vec!["hle", f, "--by", "sex"],
        vec![
            "aggregate",
            f,
            "--by",
            "sex",
            "--holder",
            "h",
            "--out",
            out.to_str().unwrap(),
        ],
    ] {
        let err = failed(gemeten(&db, &args));
        assert!(
            err.contains("kapot.parquet") && err.contains("Parquet"),
            "{err}"
        );
        assert!(!err.contains("internal error"), "{err}");
    }
    assert!(!out.exists());
}

/// A code the definition does not have, at a data holder: `aggregate` refuses it naming
/// file, line, column and value, in the language asked for, and writes no partial file.
/// Before, `sex = 3` became a group of its own and was counted.
#[test]
fn a_code_outside_the_definition_is_refused_at_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("g.sqlite");
    let header = "age,sex,ses,region,exposure,died,good_health";
    let file = d.join("houder.csv");
    let out = d.join("houder.json");
    for (row, col, code) in [
        ("40,3,2,2,1.0,0,1", "sex", "3"),
        ("40,1,0,2,1.0,0,1", "ses", "0"),
        ("40,1,2,99,1.0,0,1", "region", "99"),
        ("130,1,2,2,1.0,0,1", "age", "130"),
    ] {
        std::fs::write(
            &file,
            format!("{header}\n30,1,1,2,1.0,0,1\n31,2,5,3406,0.5,1,0\n{row}\n"),
        )
        .unwrap();
        let args = [
            "aggregate",
            file.to_str().unwrap(),
            "--by",
            "sex,ses,region",
            "--holder",
            "h",
            "--out",
            out.to_str().unwrap(),
        ];
        let nl = failed(gemeten(&db, &args));
        let place = format!("{}, regel 4, kolom '{col}'", file.display());
        assert!(nl.contains(&place) && nl.contains(code), "{nl}");
        let mut en_args = vec!["--lang", "en"];
        en_args.extend(args);
        let en = failed(gemeten(&db, &en_args));
        let place = format!("{}, line 4, column '{col}'", file.display());
        assert!(
            en.contains(&place) && en.contains(code) && en.contains("not"),
            "{en}"
        );
        assert!(!en.contains("regel") && !en.contains("kolom"), "{en}");
        assert!(!out.exists(), "no partial file");
    }
}

/// `--observations` of `hle` and `combine`: a result the observations cannot hold (SES codes
/// 1–5 declared as education's three levels) is refused before the file is made, so no
/// partial CSV is left, and a file already there stays as it was. Before, the header and
/// the first groups' rows were written and the file left behind.
#[test]
fn a_refused_observation_file_is_not_left_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("g.sqlite");
    let header = "age,sex,ses,exposure,died,good_health";
    let whole = d.join("alles.csv");
    std::fs::write(&whole, format!("{header}\n{}\n", rows(6_000).join("\n"))).unwrap();
    let part = d.join("deel.json");
    ok(gemeten(
        &db,
        &[
            "aggregate",
            whole.to_str().unwrap(),
            "--by",
            "sex,ses",
            "--holder",
            "h",
            "--out",
            part.to_str().unwrap(),
        ],
    ));
    let new = d.join("nieuw.csv");
    let existing = d.join("bestaand.csv");
    std::fs::write(&existing, "wat er al stond\n").unwrap();
    for input in [
        vec!["hle", whole.to_str().unwrap(), "--by", "sex,ses"],
        vec!["combine", part.to_str().unwrap()],
    ] {
        for target in [&new, &existing] {
            let mut args = input.clone();
            args.extend([
                "--min-cell",
                "10",
                "--ses-dimension",
                "opleiding",
                "--period",
                "2024",
                "--observations",
                target.to_str().unwrap(),
            ]);
            let err = failed(gemeten(&db, &args));
            assert!(
                err.contains("veld `ses`: 4: opleiding heeft de groepen 1 tot en met 3"),
                "{err}"
            );
        }
        assert!(!new.exists(), "{input:?} left a partial file");
        assert_eq!(
            std::fs::read_to_string(&existing).unwrap(),
            "wat er al stond\n"
        );
    }
}
