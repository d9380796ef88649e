//! Corrupt Parquet files — cut short, bytes changed in the footer or the pages — are refused
//! with the file's name, never a panic (which the command line would end with exit code 101).
//! The parquet library panics on some malformed input; the reader catches that.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;

use gemeten_indicators::aggregate;

/// A small valid file as a holder would have it: four row groups, Snappy-compressed pages,
/// good health optional.
fn valid() -> Vec<u8> {
    use parquet::basic::Compression;
    use parquet::data_type::{DoubleType, Int32Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    let schema = Arc::new(
        parquet::schema::parser::parse_message_type(
            "message m { required int32 age; required int32 sex; required double exposure; \
             required int32 died; optional int32 good_health; }",
        )
        .unwrap(),
    );
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    let mut out = Vec::new();
    let mut w = SerializedFileWriter::new(&mut out, schema, props).unwrap();
    for g in 0..4 {
        let n = 50;
        let age: Vec<i32> = (0..n).map(|i| (i * 7 + g) % 100).collect();
        let sex: Vec<i32> = (0..n).map(|i| 1 + i % 2).collect();
        let exposure: Vec<f64> = (0..n).map(|i| 0.5 + f64::from(i % 5) / 10.0).collect();
        let died: Vec<i32> = (0..n).map(|i| i32::from(i % 9 == 0)).collect();
        let def: Vec<i16> = (0..n).map(|i| i16::from(i % 4 != 0)).collect();
        let good: Vec<i32> = (0..n).filter(|i| i % 4 != 0).map(|i| i % 2).collect();
        let mut rg = w.next_row_group().unwrap();
        let mut i = 0;
        while let Some(mut col) = rg.next_column().unwrap() {
            match i {
                0 => col.typed::<Int32Type>().write_batch(&age, None, None),
                1 => col.typed::<Int32Type>().write_batch(&sex, None, None),
                2 => col.typed::<DoubleType>().write_batch(&exposure, None, None),
                3 => col.typed::<Int32Type>().write_batch(&died, None, None),
                _ => col
                    .typed::<Int32Type>()
                    .write_batch(&good, Some(&def), None),
            }
            .unwrap();
            col.close().unwrap();
            i += 1;
        }
        rg.close().unwrap();
    }
    w.close().unwrap();
    out
}

/// Reads `bytes` as a Parquet file; a refusal must name the file.
fn read(dir: &Path, bytes: &[u8]) -> Result<(), String> {
    let path = dir.join("houder.parquet");
    std::fs::write(&path, bytes).unwrap();
    match aggregate(&path, &["sex".to_owned()], &|_, _| ()) {
        Ok(_) => Ok(()),
        Err(e) => {
            let e = e.to_string();
            assert!(e.contains("houder.parquet"), "{e}");
            Err(e)
        }
    }
}

#[test]
fn the_valid_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    read(dir.path(), &valid()).unwrap();
}

#[test]
fn cut_short_files_are_refused_with_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let ok = valid();
    for len in [
        0,
        3,
        4,
        8,
        12,
        ok.len() / 3,
        ok.len() / 2,
        ok.len() - 9,
        ok.len() - 8,
    ] {
        assert!(read(dir.path(), &ok[..len]).is_err(), "{len} bytes");
    }
    // Cut inside the footer, keeping the magic at the end so the footer's length is believed.
    for cut in [1, 5, 20, 60] {
        let mut b = ok[..ok.len() - 8 - cut].to_vec();
        b.extend_from_slice(&ok[ok.len() - 8..]);
        assert!(read(dir.path(), &b).is_err(), "footer cut by {cut}");
    }
}

/// Every byte of the footer (the file's metadata) and a stretch of the first pages, each set
/// to a handful of values: a refusal or a reading, never a panic.
#[test]
fn changed_bytes_in_footer_and_pages_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let ok = valid();
    let footer_len = u32::from_le_bytes(ok[ok.len() - 8..ok.len() - 4].try_into().unwrap());
    let footer = ok.len() - 8 - footer_len as usize;
    let positions = (footer..ok.len()).chain(4..120.min(footer));
    let mut refused = 0;
    let mut tried = 0;
    for at in positions {
        for v in [0xff, ok[at] ^ 0x01] {
            if v == ok[at] {
                continue;
            }
            let mut b = ok.clone();
            b[at] = v;
            tried += 1;
            refused += usize::from(read(dir.path(), &b).is_err());
        }
    }
    assert!(refused > tried / 4, "{refused} of {tried} refused");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// A few random bytes changed anywhere.
    #[test]
    fn random_damage_never_panics(
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut b = valid();
        for (at, v) in changes {
            let i = at.index(b.len());
            b[i] = v;
        }
        let _ = read(dir.path(), &b);
    }
}
