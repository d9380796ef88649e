//! Microdata however it is laid out — one row group or many, split over threads, over several
//! Parquet files (a directory or a glob pattern), as CSV or gzip-compressed CSV — sums to
//! exactly the same counts. File sets that do not fit together, and patterns that match
//! nothing, are refused by name.

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{DoubleType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;

use gemeten_indicators::{aggregate, aggregate_met, Aggregaat, IndicatorError, Leesopties};

#[derive(Clone, Copy)]
struct Rij {
    age: i32,
    sex: i32,
    ses: i32,
    exposure: f64,
    died: i32,
    good: Option<i32>,
}

/// Deterministic persons with fractional person-years (days / 365.25), so that a sum in
/// another order would differ in the last bits.
fn rijen(n: usize) -> Vec<Rij> {
    let mut rng = fastrand_like(42);
    (0..n)
        .map(|_| {
            let r = rng();
            Rij {
                age: (r % 101) as i32,
                sex: 1 + ((r >> 8) % 2) as i32,
                ses: 1 + ((r >> 12) % 5) as i32,
                exposure: ((r >> 20) % 366) as f64 / 365.25,
                died: i32::from((r >> 32) % 50 == 0),
                good: match (r >> 40) % 7 {
                    0 => None,
                    k => Some(i32::from(k < 5)),
                },
            }
        })
        .collect()
}

/// A small xorshift generator: the test needs no randomness crate.
fn fastrand_like(seed: u64) -> impl FnMut() -> u64 {
    let mut s = seed;
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    }
}

const SCHEMA: &str = "message m { required int32 age; required int32 sex; required int32 ses; \
    required double exposure; required int32 died; optional int32 good_health; }";

/// Writes `rows` with row groups of `group` rows and pages of at most 1 000 rows (so that a
/// row group of a few hundred thousand rows is cut into units at page boundaries and inside
/// pages). `schema` may change a column's type.
fn parquet(path: &Path, rows: &[Rij], group: usize, schema: &str) {
    let schema = Arc::new(parquet::schema::parser::parse_message_type(schema).unwrap());
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(group)
            .set_data_page_row_count_limit(1_000)
            .set_write_batch_size(1_000)
            .build(),
    );
    let f = std::fs::File::create(path).unwrap();
    let mut w = SerializedFileWriter::new(f, schema, props).unwrap();
    for chunk in rows.chunks(group) {
        let ints = |f: fn(&Rij) -> i32| chunk.iter().map(f).collect::<Vec<i32>>();
        let exposure: Vec<f64> = chunk.iter().map(|r| r.exposure).collect();
        let def: Vec<i16> = chunk.iter().map(|r| i16::from(r.good.is_some())).collect();
        let good: Vec<i32> = chunk.iter().filter_map(|r| r.good).collect();
        let mut rg = w.next_row_group().unwrap();
        let mut i = 0;
        while let Some(mut col) = rg.next_column().unwrap() {
            let int_col = |col: &mut parquet::file::writer::SerializedColumnWriter<'_>,
                           v: &[i32],
                           def: Option<&[i16]>| {
                use parquet::column::writer::ColumnWriter;
                match col.untyped() {
                    ColumnWriter::Int32ColumnWriter(w) => {
                        w.write_batch(v, def, None).unwrap();
                    }
                    ColumnWriter::Int64ColumnWriter(w) => {
                        let v: Vec<i64> = v.iter().map(|&x| i64::from(x)).collect();
                        w.write_batch(&v, def, None).unwrap();
                    }
                    _ => unreachable!("the test writes integers as int32 or int64"),
                }
            };
            match i {
                0 => int_col(&mut col, &ints(|r| r.age), None),
                1 => int_col(&mut col, &ints(|r| r.sex), None),
                2 => int_col(&mut col, &ints(|r| r.ses), None),
                3 => {
                    col.typed::<DoubleType>()
                        .write_batch(&exposure, None, None)
                        .unwrap();
                }
                4 => int_col(&mut col, &ints(|r| r.died), None),
                _ => int_col(&mut col, &good, Some(&def)),
            }
            col.close().unwrap();
            i += 1;
        }
        rg.close().unwrap();
    }
    w.close().unwrap();
}

fn csv_text(rows: &[Rij]) -> String {
    let mut s = String::from("age,sex,ses,exposure,died,good_health\n");
    for r in rows {
        let good = r.good.map_or(String::new(), |g| g.to_string());
        // `{}` prints the shortest text that reads back as the same f64.
        s.push_str(&format!(
            "{},{},{},{},{},{good}\n",
            r.age, r.sex, r.ses, r.exposure, r.died
        ));
    }
    s
}

fn gzip(path: &Path, text: &str) {
    let f = std::fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap();
}

fn by() -> Vec<String> {
    vec!["sex".to_owned(), "ses".to_owned()]
}

fn met(path: &Path, threads: usize) -> Result<Aggregaat, IndicatorError> {
    let opties = Leesopties {
        threads: NonZeroUsize::new(threads),
    };
    aggregate_met(path, &by(), &opties, &|_, _| {})
}

const N: usize = 300_000;

struct Opzet {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    rows: Vec<Rij>,
}

fn opzet() -> Opzet {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().to_owned();
    Opzet {
        rows: rijen(N),
        dir: p,
        _dir: dir,
    }
}

#[test]
fn one_row_group_many_row_groups_and_any_thread_count_give_the_same_bits() {
    let o = opzet();
    let een = o.dir.join("een.parquet");
    let veel = o.dir.join("veel.parquet");
    parquet(&een, &o.rows, N, SCHEMA);
    parquet(&veel, &o.rows, 7_001, SCHEMA);
    let reference = met(&een, 1).unwrap();
    for threads in [1, 2, 3, 8] {
        assert_eq!(
            met(&een, threads).unwrap(),
            reference,
            "één rijgroep, {threads}"
        );
        assert_eq!(
            met(&veel, threads).unwrap(),
            reference,
            "veel rijgroepen, {threads}"
        );
    }
    // And the counts are right, all exactly: person-years are each row's exposure in whole
    // billionths of a year, summed.
    let total = |f: fn(&gemeten_indicators::Celtelling) -> u64| -> u64 {
        reference.groups.values().flatten().map(f).sum()
    };
    assert_eq!(total(|t| t.persons), N as u64);
    let deaths = o.rows.iter().filter(|r| r.died == 1).count();
    assert_eq!(total(|t| t.deaths), deaths as u64);
    let units: u64 = o
        .rows
        .iter()
        .map(|r| (r.exposure * 1e9).round() as u64)
        .sum();
    assert_eq!(total(|t| t.exposure), units);
    let good = o.rows.iter().filter(|r| r.good == Some(1)).count();
    assert_eq!(total(|t| t.good), good as u64);
}

#[test]
fn a_directory_a_glob_csv_and_gzip_csv_sum_to_the_same_bits_as_one_file() {
    let o = opzet();
    let een = o.dir.join("een.parquet");
    parquet(&een, &o.rows, N, SCHEMA);
    let reference = met(&een, 2).unwrap();

    // One file per "year", in a directory of their own (with a file that is not microdata).
    let jaren = o.dir.join("jaren");
    std::fs::create_dir(&jaren).unwrap();
    for (i, part) in o.rows.chunks(N / 3 + 1).enumerate() {
        parquet(
            &jaren.join(format!("{}.parquet", 2021 + i)),
            part,
            50_000,
            SCHEMA,
        );
    }
    std::fs::write(jaren.join("LEESMIJ.txt"), "geen microdata").unwrap();
    for threads in [1, 2] {
        assert_eq!(met(&jaren, threads).unwrap(), reference, "map, {threads}");
        assert_eq!(
            met(&jaren.join("20*.parquet"), threads).unwrap(),
            reference,
            "patroon, {threads}"
        );
    }

    let text = csv_text(&o.rows);
    let csv = o.dir.join("personen.csv");
    std::fs::write(&csv, &text).unwrap();
    assert_eq!(met(&csv, 1).unwrap(), reference, "CSV");
    let gz = o.dir.join("personen.csv.gz");
    gzip(&gz, &text);
    assert_eq!(met(&gz, 1).unwrap(), reference, "CSV.gz");
    assert!(gemeten_indicators::is_microdata(&gz).unwrap());
}

fn reden(e: IndicatorError) -> String {
    e.to_string()
}

#[test]
fn a_pattern_or_directory_that_matches_nothing_is_refused_by_name() {
    let o = opzet();
    let pattern = o.dir.join("*.parquet");
    let fout = aggregate(&pattern, &by(), &|_, _| {}).unwrap_err();
    // In English too, naming the pattern.
    let IndicatorError::Invoer(fouten) = &fout else {
        panic!("{fout}")
    };
    let en = fouten[0].tekst(gemeten_domain::Lang::En);
    assert!(
        en.contains("*.parquet") && en.contains("the pattern matches no file"),
        "{en}"
    );
    let e = reden(fout);
    assert!(
        e.contains("*.parquet") && e.contains("past op geen enkel bestand"),
        "{e}"
    );
    let leeg = o.dir.join("leeg");
    std::fs::create_dir(&leeg).unwrap();
    let e = reden(aggregate(&leeg, &by(), &|_, _| {}).unwrap_err());
    assert!(
        e.contains("leeg") && e.contains("geen microdatabestanden"),
        "{e}"
    );
}

#[test]
fn a_file_set_with_another_schema_is_refused_naming_file_and_column() {
    let o = opzet();
    let rows = &o.rows[..10_000];
    parquet(&o.dir.join("2021.parquet"), rows, 4_000, SCHEMA);
    parquet(
        &o.dir.join("2022.parquet"),
        rows,
        4_000,
        &SCHEMA.replace("required int32 ses", "required int64 ses"),
    );
    let e = reden(met(&o.dir, 2).unwrap_err());
    assert!(
        e.contains("2022.parquet") && e.contains("'ses'") && e.contains("INT64"),
        "{e}"
    );
    assert!(!e.contains("'sex'"), "only the column that differs: {e}");

    // A file of the set without a column that is read is refused naming both.
    std::fs::remove_file(o.dir.join("2022.parquet")).unwrap();
    let zonder = SCHEMA.replace("required int32 ses; ", "");
    write_without_ses(&o.dir.join("2023.parquet"), rows, &zonder);
    let e = reden(met(&o.dir.join("20*.parquet"), 1).unwrap_err());
    assert!(e.contains("2023.parquet") && e.contains("'ses'"), "{e}");
}

/// A file with the columns of SCHEMA less `ses`.
fn write_without_ses(path: &Path, rows: &[Rij], schema: &str) {
    let schema = Arc::new(parquet::schema::parser::parse_message_type(schema).unwrap());
    let props = Arc::new(WriterProperties::builder().build());
    let f = std::fs::File::create(path).unwrap();
    let mut w = SerializedFileWriter::new(f, schema, props).unwrap();
    let mut rg = w.next_row_group().unwrap();
    let ints = |f: fn(&Rij) -> i32| rows.iter().map(f).collect::<Vec<i32>>();
    let mut i = 0;
    while let Some(mut col) = rg.next_column().unwrap() {
        match i {
            0 => col
                .typed::<Int32Type>()
                .write_batch(&ints(|r| r.age), None, None),
            1 => col
                .typed::<Int32Type>()
                .write_batch(&ints(|r| r.sex), None, None),
            2 => col.typed::<DoubleType>().write_batch(
                &rows.iter().map(|r| r.exposure).collect::<Vec<_>>(),
                None,
                None,
            ),
            3 => col
                .typed::<Int32Type>()
                .write_batch(&ints(|r| r.died), None, None),
            _ => col.typed::<Int32Type>().write_batch(
                &rows.iter().filter_map(|r| r.good).collect::<Vec<_>>(),
                Some(
                    &rows
                        .iter()
                        .map(|r| i16::from(r.good.is_some()))
                        .collect::<Vec<_>>(),
                ),
                None,
            ),
        }
        .unwrap();
        col.close().unwrap();
        i += 1;
    }
    rg.close().unwrap();
    w.close().unwrap();
}

#[test]
fn the_first_bad_row_is_told_whatever_the_threads() {
    let o = opzet();
    let mut rows = o.rows.clone();
    // Two bad ages in different units of one row group: the earlier one is told.
    rows[200_123].age = 130;
    rows[290_000].age = 140;
    let een = o.dir.join("een.parquet");
    parquet(&een, &rows, N, SCHEMA);
    for threads in [1, 2, 4] {
        let e = reden(met(&een, threads).unwrap_err());
        assert!(
            e.contains("regel 200124") && e.contains("'age'") && e.contains("130"),
            "{threads}: {e}"
        );
    }
}

#[test]
fn damaged_or_bad_gzip_csv_is_refused_with_file_and_line() {
    let o = opzet();
    let text = csv_text(&o.rows[..1_000]);
    // A bad value on line 501 (the header is line 1).
    let mut lines: Vec<&str> = text.lines().collect();
    lines[500] = "abc,1,1,0.5,0,1";
    let bad = lines.join("\n") + "\n";
    let gz = o.dir.join("fout.csv.gz");
    gzip(&gz, &bad);
    let e = reden(met(&gz, 1).unwrap_err());
    assert!(
        e.contains("fout.csv.gz") && e.contains("regel 501") && e.contains("'age'"),
        "{e}"
    );

    // Cut short: the gzip stream ends in the middle.
    let heel = o.dir.join("heel.csv.gz");
    gzip(&heel, &text);
    let bytes = std::fs::read(&heel).unwrap();
    let kort = o.dir.join("kort.csv.gz");
    std::fs::write(&kort, &bytes[..bytes.len() / 2]).unwrap();
    let e = reden(met(&kort, 1).unwrap_err());
    assert!(e.contains("kort.csv.gz"), "{e}");

    // Not gzip at all.
    let nep = o.dir.join("nep.csv.gz");
    std::fs::write(&nep, &text).unwrap();
    let e = reden(met(&nep, 1).unwrap_err());
    assert!(e.contains("nep.csv.gz"), "{e}");
}
