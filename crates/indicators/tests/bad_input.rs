//! Every kind of bad input is refused with the file, row and column it concerns.

use std::io::Write;
use std::sync::Arc;

use gemeten_indicators::{
    aggregate, from_table, read_observations, Catalogus, HleOpties, IndicatorError,
};

fn file(suffix: &str, text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f.flush().unwrap();
    f
}

/// The problems reported, as "row/column: reason" strings.
fn problems(e: IndicatorError) -> Vec<(Option<u64>, Option<String>, String)> {
    match e {
        IndicatorError::Invoer(v) => v
            .into_iter()
            .map(|f| (f.plaats.row, f.plaats.column, f.reason))
            .collect(),
        other => panic!("expected an input error, got {other}"),
    }
}

fn assert_problem(e: IndicatorError, row: Option<u64>, column: &str, reason_part: &str) {
    let p = problems(e);
    assert!(
        p.iter().any(|(r, c, why)| *r == row
            && c.as_deref() == Some(column)
            && why.contains(reason_part)),
        "no problem at row {row:?}, column {column} containing '{reason_part}' in {p:?}"
    );
}

/// An aggregated table for one group, bands 0, 1-4, ..., 85+, with a line to vary.
fn table(edit: impl Fn(usize, String) -> Option<String>) -> String {
    let mut out = String::from("sex,age,deaths,population,good_health,health_n\n");
    let labels: Vec<String> = gemeten_indicators::Leeftijdsklassen::abridged(85)
        .as_slice()
        .iter()
        .map(|b| b.to_string())
        .collect();
    for (i, l) in labels.iter().enumerate() {
        let line = format!(
            "1,{l},{},{},{:.2},500",
            5 + i * 10,
            10_000,
            0.9 - i as f64 * 0.03
        );
        if let Some(line) = edit(i, line) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

fn run_table(text: &str) -> Result<gemeten_indicators::HleUitkomst, IndicatorError> {
    let f = file(".csv", text);
    from_table(f.path(), &["sex".to_owned()], &HleOpties::default())
}

#[test]
fn a_valid_table_computes() {
    let u = run_table(&table(|_, l| Some(l))).unwrap();
    assert_eq!(u.groups.len(), 1);
    let at0 = u.groups[0].at(0).unwrap();
    assert!(at0.hle < at0.le && at0.le_se.is_some() && at0.hle_se.is_some());
}

#[test]
fn negative_counts_are_refused() {
    let e = run_table(&table(|i, l| {
        Some(if i == 3 {
            l.replace(",35,", ",-35,")
        } else {
            l
        })
    }))
    .unwrap_err();
    assert_problem(e, Some(5), "deaths", "negatief");
}

#[test]
fn deaths_above_population_are_refused() {
    let e = run_table(&table(|i, l| {
        Some(if i == 2 {
            l.replace(",10000,", ",20,")
        } else {
            l
        })
    }))
    .unwrap_err();
    assert_problem(e, Some(4), "deaths", "bevolking");
}

#[test]
fn prevalence_outside_zero_one_is_refused() {
    let e = run_table(&table(|i, l| {
        Some(if i == 0 {
            l.replace(",0.90,", ",1.40,")
        } else {
            l
        })
    }))
    .unwrap_err();
    assert_problem(e, Some(2), "good_health", "tussen 0 en 1");
}

#[test]
fn overlapping_and_unsorted_bands_are_refused() {
    let e = run_table(&table(|i, l| {
        Some(if i == 4 {
            l.replacen(",15-19,", ",12-19,", 1)
        } else {
            l
        })
    }))
    .unwrap_err();
    assert_problem(e, Some(6), "age", "overlappen");
    let swapped = {
        let t = table(|_, l| Some(l));
        let mut lines: Vec<&str> = t.lines().collect();
        lines.swap(3, 4);
        lines.join("\n")
    };
    let e = run_table(&swapped).unwrap_err();
    assert_problem(e, Some(4), "age", "volgorde");
}

#[test]
fn missing_columns_are_named() {
    let t = table(|_, l| Some(l)).replace("good_health", "goed");
    let e = run_table(&t).unwrap_err();
    assert_problem(e, Some(1), "good_health", "ontbreekt");
}

#[test]
fn wrong_types_are_named_with_row_and_column() {
    let e = run_table(&table(|i, l| {
        Some(if i == 6 {
            l.replace(",10000,", ",veel,")
        } else {
            l
        })
    }))
    .unwrap_err();
    assert_problem(e, Some(8), "population", "geen getal");
}

#[test]
fn empty_groups_are_refused() {
    let e = run_table(&table(|_, l| Some(l.replace(",10000,", ",0,"))))
        .map(|_| ())
        .unwrap_err();
    // Deaths above a population of zero are reported too; the empty group must be named.
    assert_problem(e, Some(2), "population", "leeg");
    let e = run_table(&table(|i, l| {
        Some(if i == 1 { l.replacen("1,", ",", 1) } else { l })
    }))
    .unwrap_err();
    assert_problem(e, Some(3), "sex", "lege groepswaarde");
}

const HEADER: &str = "year,age,sex,ses,region,exposure,died,good_health\n";

#[test]
fn microdata_errors_name_the_line_and_column() {
    let cases = [
        (
            "2023,40,1,1,1,1.0,0,1\n2023,41,1,1,1,1.0,2,1\n",
            3,
            "died",
            "geen 0 of 1",
        ),
        (
            "2023,40,1,1,1,1.0,0,1\n2023,140,1,1,1,1.0,0,1\n",
            3,
            "age",
            "tussen 0 en",
        ),
        ("2023,40,1,1,1,-1.0,0,1\n", 2, "exposure", "tussen 0 en 1"),
        ("2023,40,man,1,1,1.0,0,1\n", 2, "sex", "geen geheel getal"),
        ("2023,40,1,1,1,1.0,0,ja\n", 2, "good_health", "geen getal"),
    ];
    for (rows, line, col, why) in cases {
        let f = file(".csv", &format!("{HEADER}{rows}"));
        let e = aggregate(f.path(), &["sex".to_owned()], &|_, _| {}).unwrap_err();
        assert_problem(e, Some(line), col, why);
    }
    let f = file(".csv", "year,age,sex,exposure,died\n2023,1,1,1.0,0\n");
    let e = aggregate(f.path(), &["sex".to_owned(), "ses".to_owned()], &|_, _| {}).unwrap_err();
    let p = problems(e);
    assert!(
        p.iter().any(|(_, c, _)| c.as_deref() == Some("ses")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|(_, c, _)| c.as_deref() == Some("good_health")),
        "{p:?}"
    );
    let empty = file(".csv", HEADER);
    assert!(aggregate(empty.path(), &[], &|_, _| {}).is_err());
}

/// Codes the definition does not have (a `3` for sex, a `0` for "unknown SES", a region
/// number no catalogue region has) are refused at the row they are on, in both languages;
/// before, they became groups of their own and were counted.
#[test]
fn codes_outside_the_definition_are_refused_with_row_column_and_value() {
    let by: Vec<String> = ["sex", "ses", "region"].map(String::from).to_vec();
    let ok = "2023,40,1,1,2,1.0,0,1\n";
    let cases = [
        (
            "2023,40,3,1,2,1.0,0,1\n",
            "sex",
            "code 3",
            "1 (man) or 2 (woman)",
        ),
        (
            "2023,40,2,0,2,1.0,0,1\n",
            "ses",
            "code 0",
            "from 1 (lowest) to 10",
        ),
        (
            "2023,40,2,11,2,1.0,0,1\n",
            "ses",
            "code 11",
            "from 1 (lowest) to 10",
        ),
        (
            "2023,40,2,1,99,1.0,0,1\n",
            "region",
            "code 99",
            "zorgkantoor region",
        ),
        // ZK05 does not exist (merged): its number is no region code.
        ("2023,40,2,1,5,1.0,0,1\n", "region", "code 5", "GGD region"),
    ];
    for (row, col, code, en) in cases {
        let f = file(".csv", &format!("{HEADER}{ok}{ok}{row}"));
        let e = aggregate(f.path(), &by, &|_, _| {}).unwrap_err();
        let IndicatorError::Invoer(v) = &e else {
            panic!("{col}: {e}");
        };
        let nl = v[0].tekst(gemeten_domain::Lang::Nl);
        let english = v[0].tekst(gemeten_domain::Lang::En);
        assert!(
            nl.contains(&format!("regel 4, kolom '{col}'"))
                && nl.contains(&format!("{code} staat niet in de definitie")),
            "{nl}"
        );
        assert!(
            english.contains(&format!("line 4, column '{col}'"))
                && english.contains(&format!("{code} is not in the definition"))
                && english.contains(en),
            "{english}"
        );
        assert!(nl.contains(&f.path().display().to_string()), "{nl}");
        assert_problem(e, Some(4), col, code);
    }
    // Known codes at every level the definition names; a column it does not name (year)
    // takes any code.
    let f = file(
        ".csv",
        &format!("{HEADER}1850,40,1,10,2,1.0,0,1\n2023,40,2,1,3406,1.0,0,1\n"),
    );
    let mut by = by;
    by.push("year".into());
    let agg = aggregate(f.path(), &by, &|_, _| {}).unwrap();
    assert_eq!(agg.rows(), 2);
    // And age out of range in English too.
    let f = file(".csv", &format!("{HEADER}2023,121,1,1,2,1.0,0,1\n"));
    let IndicatorError::Invoer(v) = aggregate(f.path(), &by, &|_, _| {}).unwrap_err() else {
        panic!("age 121 accepted");
    };
    let english = v[0].tekst(gemeten_domain::Lang::En);
    assert!(
        english.contains("line 2, column 'age': age 121 is not between 0 and 120"),
        "{english}"
    );
}

#[test]
fn invalid_utf8_is_refused() {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    f.write_all(b"sex,age,deaths,population,good_health\n\xff\xfe,0,1,100,0.5\n")
        .unwrap();
    let e = from_table(f.path(), &["sex".to_owned()], &HleOpties::default()).unwrap_err();
    assert_problem_any(e, "UTF-8");
}

fn assert_problem_any(e: IndicatorError, part: &str) {
    let p = problems(e);
    assert!(p.iter().any(|(_, _, why)| why.contains(part)), "{p:?}");
}

enum Col {
    Int(Vec<i32>),
    Text(Vec<&'static str>),
}

/// A Parquet file with the given message type and one row group.
fn parquet(schema: &str, columns: &[Col]) -> tempfile::NamedTempFile {
    use parquet::data_type::{ByteArray, ByteArrayType, Int32Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    let f = tempfile::Builder::new()
        .suffix(".parquet")
        .tempfile()
        .unwrap();
    let schema = Arc::new(parquet::schema::parser::parse_message_type(schema).unwrap());
    let props = Arc::new(WriterProperties::builder().build());
    let mut w = SerializedFileWriter::new(f.reopen().unwrap(), schema, props).unwrap();
    let mut rg = w.next_row_group().unwrap();
    let mut i = 0;
    while let Some(mut col) = rg.next_column().unwrap() {
        match &columns[i] {
            Col::Int(v) => {
                col.typed::<Int32Type>().write_batch(v, None, None).unwrap();
            }
            Col::Text(v) => {
                let v: Vec<ByteArray> = v.iter().map(|s| ByteArray::from(*s)).collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&v, None, None)
                    .unwrap();
            }
        }
        col.close().unwrap();
        i += 1;
    }
    rg.close().unwrap();
    w.close().unwrap();
    f
}

#[test]
fn parquet_with_missing_column_or_wrong_type_is_refused() {
    let f = parquet(
        "message m { required int32 age; required int32 sex; required int32 died; }",
        &[
            Col::Int(vec![1, 2]),
            Col::Int(vec![1, 1]),
            Col::Int(vec![0, 0]),
        ],
    );
    let e = aggregate(f.path(), &["sex".to_owned()], &|_, _| {}).unwrap_err();
    assert_problem(e, None, "exposure", "ontbreekt");

    let f = parquet(
        "message m { required int32 age; required binary sex (UTF8); required int32 exposure; \
         required int32 died; required int32 good_health; }",
        &[
            Col::Int(vec![1]),
            Col::Text(vec!["man"]),
            Col::Int(vec![1]),
            Col::Int(vec![0]),
            Col::Int(vec![1]),
        ],
    );
    let e = aggregate(f.path(), &["sex".to_owned()], &|_, _| {}).unwrap_err();
    assert_problem(e, None, "sex", "niet ondersteund");
}

#[test]
fn parquet_values_out_of_range_name_the_row() {
    let f = parquet(
        "message m { required int32 age; required int32 sex; required int32 exposure; \
         required int32 died; required int32 good_health; }",
        &[
            Col::Int(vec![30, 31, 32]),
            Col::Int(vec![1, 1, 1]),
            Col::Int(vec![1, 1, 1]),
            Col::Int(vec![0, 5, 0]),
            Col::Int(vec![1, 1, 1]),
        ],
    );
    let e = aggregate(f.path(), &["sex".to_owned()], &|_, _| {}).unwrap_err();
    assert_problem(e, Some(2), "died", "geen 0 of 1");
}

/// The engine reads codes, ages and 0/1 columns as 32-bit integers and marks unknown
/// health with the lowest one: values beyond 32 bits, the marker itself in a file, and
/// fractions where 0 or 1 is wanted are still refused with row, column and value.
#[test]
fn values_that_do_not_fit_the_narrow_batches_are_refused() {
    let f = parquet(
        "message m { required int32 age; required int32 sex; required int32 exposure; \
         required int32 died; required int32 good_health; }",
        &[
            Col::Int(vec![30, 31, 32]),
            Col::Int(vec![1, 1, 1]),
            Col::Int(vec![1, 1, 1]),
            Col::Int(vec![0, 0, 0]),
            Col::Int(vec![1, 0, i32::MIN]),
        ],
    );
    let e = aggregate(f.path(), &["sex".to_owned()], &|_, _| {}).unwrap_err();
    assert_problem(e, Some(3), "good_health", "-2147483648 is geen 0 of 1");

    let cases = [
        (
            "2023,40,5000000000,1,1,1.0,0,1\n",
            "sex",
            "code 5000000000 ligt niet tussen 0 en 65535",
        ),
        (
            "2023,-3000000000,1,1,1,1.0,0,1\n",
            "age",
            "leeftijd -3000000000 ligt niet tussen 0 en 120",
        ),
        ("2023,40,1,1,1,1.0,0.5,1\n", "died", "0.5 is geen 0 of 1"),
        ("2023,40,1,1,1,1.0,0,2\n", "good_health", "2 is geen 0 of 1"),
        (
            "2023,40,1,1,1,1.0,0,-2147483648\n",
            "good_health",
            "-2147483648 is geen 0 of 1",
        ),
    ];
    for (row, col, why) in cases {
        let f = file(".csv", &format!("{HEADER}2023,40,1,1,1,1.0,0,\n{row}"));
        let e = aggregate(f.path(), &["sex".to_owned()], &|_, _| {}).unwrap_err();
        assert_problem(e, Some(3), col, why);
    }
    // An empty health field is unknown, not refused.
    let f = file(
        ".csv",
        &format!("{HEADER}2023,40,1,1,1,1.0,0,\n2023,40,1,1,1,0.5,1,1\n"),
    );
    let agg = aggregate(f.path(), &["sex".to_owned()], &|_, _| {}).unwrap();
    let t = agg.groups[&vec![1]][40];
    assert_eq!((t.persons, t.health_n, t.good, t.deaths), (2, 1, 1, 1));
    assert_eq!(t.exposure, 1_500_000_000);
}

#[test]
fn observation_files_are_checked_row_by_row() {
    let cat = Catalogus::standaard().unwrap();
    let f = file(
        ".csv",
        "kpi,period,region,sex,ses,value,lower\n\
         gezonde_levensverwachting,2019,NL01,,,63.7,\n\
         onbekend,2019,NL01,,,1,\n\
         gezonde_levensverwachting,2019,XX99,,,63.7,\n\
         gezonde_levensverwachting,2020,NL01,onbekend,,63.7,\n\
         ses_verschil_gezonde_levensverwachting,2020,NL01,,q1,3,\n\
         gezonde_levensverwachting,2021,NL01,,,63.7,70\n\
         gezonde_levensverwachting,2019,NL01,,,64.0,\n",
    );
    let p = problems(read_observations(f.path(), &cat).unwrap_err());
    let has = |row: u64, col: &str| {
        p.iter()
            .any(|(r, c, _)| *r == Some(row) && c.as_deref() == Some(col))
    };
    assert!(has(3, "kpi"), "{p:?}");
    assert!(has(4, "region"), "{p:?}");
    assert!(has(5, "sex"), "{p:?}");
    assert!(has(6, "ses"), "{p:?}");
    assert!(has(7, "value"), "{p:?}");
    assert!(has(8, "kpi"), "duplicate: {p:?}");
    assert!(!has(2, "kpi"), "{p:?}");
}

/// Two row groups of two rows each: `sex` as a double, `exposure` optional.
fn two_row_groups(sex: [f64; 4], exposure: [Option<i32>; 4]) -> tempfile::NamedTempFile {
    use parquet::data_type::{DoubleType, Int32Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    let f = tempfile::Builder::new()
        .suffix(".parquet")
        .tempfile()
        .unwrap();
    let schema = "message m { required int32 age; required double sex; optional int32 exposure; \
                  required int32 died; required int32 good_health; }";
    let schema = Arc::new(parquet::schema::parser::parse_message_type(schema).unwrap());
    let props = Arc::new(WriterProperties::builder().build());
    let mut w = SerializedFileWriter::new(f.reopen().unwrap(), schema, props).unwrap();
    for g in 0..2 {
        let rows = g * 2..g * 2 + 2;
        let mut rg = w.next_row_group().unwrap();
        let ints = |v: i32| vec![v; 2];
        let mut col = rg.next_column().unwrap().unwrap();
        col.typed::<Int32Type>()
            .write_batch(&ints(40), None, None)
            .unwrap();
        col.close().unwrap();
        let mut col = rg.next_column().unwrap().unwrap();
        col.typed::<DoubleType>()
            .write_batch(&sex[rows.clone()], None, None)
            .unwrap();
        col.close().unwrap();
        let mut col = rg.next_column().unwrap().unwrap();
        let values: Vec<i32> = exposure[rows.clone()].iter().flatten().copied().collect();
        let def: Vec<i16> = exposure[rows]
            .iter()
            .map(|e| i16::from(e.is_some()))
            .collect();
        col.typed::<Int32Type>()
            .write_batch(&values, Some(&def), None)
            .unwrap();
        col.close().unwrap();
        for v in [0, 1] {
            let mut col = rg.next_column().unwrap().unwrap();
            col.typed::<Int32Type>()
                .write_batch(&ints(v), None, None)
                .unwrap();
            col.close().unwrap();
        }
        rg.close().unwrap();
    }
    w.close().unwrap();
    f
}

#[test]
fn parquet_problems_in_a_later_row_group_name_the_row_of_the_file() {
    let sex = ["sex".to_owned()];
    let ok = two_row_groups([1.0, 2.0, 1.0, 2.0], [Some(1); 4]);
    let agg = aggregate(ok.path(), &sex, &|_, _| {}).unwrap();
    assert_eq!(agg.rows(), 4);

    let f = two_row_groups([1.0, 2.0, 1.0, 1.5], [Some(1); 4]);
    let e = aggregate(f.path(), &sex, &|_, _| {}).unwrap_err();
    assert_problem(e, Some(4), "sex", "geen geheel getal");

    let f = two_row_groups([1.0, 2.0, 1.0, 2.0], [Some(1), Some(1), None, Some(1)]);
    let e = aggregate(f.path(), &sex, &|_, _| {}).unwrap_err();
    assert_problem(e, Some(3), "exposure", "lege waarde");
}

#[test]
fn the_n_column_is_optional_and_must_be_a_count() {
    let cat = Catalogus::standaard().unwrap();
    let ok = gemeten_indicators::read_observations_text(
        "kpi,period,region,value,n\n\
         gezonde_levensverwachting,2019,NL01,63.7,120000\n\
         gezonde_levensverwachting,2020,NL01,63.9,\n",
        "mem.csv",
        &cat,
    )
    .unwrap();
    assert_eq!(ok[0].n, Some(120_000));
    assert_eq!(ok[1].n, None);
    let f = file(
        ".csv",
        "kpi,period,region,value,n\n\
         gezonde_levensverwachting,2019,NL01,63.7,-3\n\
         gezonde_levensverwachting,2020,NL01,63.9,veel\n",
    );
    let p = problems(read_observations(f.path(), &cat).unwrap_err());
    for row in [2, 3] {
        assert!(
            p.iter()
                .any(|(r, c, _)| *r == Some(row) && c.as_deref() == Some("n")),
            "row {row}: {p:?}"
        );
    }
}

/// An age band beyond the oldest age a life table counts, and control characters (a NUL, a
/// terminal escape) in the free-text columns, are refused with line and column; sensible
/// bands, open ones included, still read.
#[test]
fn impossible_age_bands_and_control_characters_are_refused() {
    let cat = Catalogus::standaard().unwrap();
    let text = "kpi,period,region,sex,ses_dimensie,ses,age_band,value,source\n\
        levensverwachting,2021,NL01,,,,999-1000,19.9,CBS\n\
        levensverwachting,2021,NL01,,,,121+,1.0,CBS\n\
        levensverwachting,2022,NL01,,,,,81.0,CBS\u{0}x\n\
        levensverwachting,2023,NL01,,,,,81.0,\u{1b}[2JCBS\n";
    let e = gemeten_indicators::read_observations_text(text, "t.csv", &cat).unwrap_err();
    let p = problems(e);
    for (row, col, why) in [
        (2, "age_band", "999"),
        (3, "age_band", "121"),
        (4, "source", "stuurteken"),
        (5, "source", "stuurteken"),
    ] {
        assert!(
            p.iter()
                .any(|(r, c, w)| *r == Some(row) && c.as_deref() == Some(col) && w.contains(why)),
            "row {row}: {p:?}"
        );
    }
    let ok = gemeten_indicators::read_observations_text(
        "kpi,period,region,sex,ses_dimensie,ses,age_band,value\n\
         levensverwachting,2021,NL01,,,,65-69,19.9\n\
         levensverwachting,2021,NL01,,,,85+,6.5\n\
         levensverwachting,2021,NL01,,,,120+,0.5\n",
        "ok.csv",
        &cat,
    );
    assert!(ok.is_ok(), "{ok:?}");
}
