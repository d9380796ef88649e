//! Federated computation: three data holders count their own microdata, a fourth party
//! combines the counts, and the result is exactly what one run over all the data gives.

use std::path::Path;

use proptest::prelude::*;

use gemeten_indicators::{
    aggregate, combineer, controlegetal, deeltelling, from_microdata, lees_deeltelling, sha256_hex,
    Deeltelling, Herkomst, HleOpties, IndicatorError, KleineCellen, Leeftijdsklassen,
};

/// A deterministic population with person-years as in real data (any fraction of a year):
/// summed as floating-point numbers, their total would depend on the order of addition.
fn rows(n: usize) -> Vec<String> {
    let mut state = 12345u64;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    (0..n)
        .map(|_| {
            let age = next(100);
            let sex = 1 + next(2);
            let ses = 1 + next(5);
            let region = 1 + next(4);
            let risk = 1 + age * age / 40 + (6 - ses) * 2;
            let died = u64::from(next(1000) < risk);
            let exposure = if died == 1 {
                next(1_000_000) as f64 / 999_983.0
            } else {
                0.5 + next(1_000_000) as f64 / 1_999_993.0
            };
            let good = if next(20) == 0 {
                String::new()
            } else {
                u64::from(next(100) + age / 2 < 70 + ses * 4).to_string()
            };
            format!("2024,{age},{sex},{ses},{region},{exposure},{died},{good}")
        })
        .collect()
}

const HEADER: &str = "year,age,sex,ses,region,exposure,died,good_health";

fn write(dir: &Path, name: &str, rows: &[String]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    p
}

fn by() -> Vec<String> {
    ["sex", "ses"].iter().map(|s| s.to_string()).collect()
}

fn partial(path: &Path, holder: &str, policy: KleineCellen) -> Deeltelling {
    let agg = aggregate(path, &by(), &|_, _| ()).unwrap();
    let bytes = std::fs::read(path).unwrap();
    let herkomst = Herkomst {
        holder: holder.to_owned(),
        source_file: path.file_name().unwrap().to_string_lossy().into_owned(),
        source_sha256: sha256_hex(&bytes),
        rows: agg.rows(),
        created_unix: 0,
        gemeten_version: "test".into(),
    };
    let d = deeltelling(&agg, herkomst, policy);
    // Through the file format and back, as it travels.
    let json = serde_json::to_vec(&d).unwrap();
    lees_deeltelling(&json, holder).unwrap()
}

#[test]
fn three_holders_combined_equal_one_run_over_all_data() {
    let dir = tempfile::tempdir().unwrap();
    let all = rows(30_000);
    let whole = write(dir.path(), "alles.csv", &all);
    let mut parts = Vec::new();
    for h in 0..3 {
        let mine: Vec<String> = all.iter().skip(h).step_by(3).cloned().collect();
        let file = write(dir.path(), &format!("houder{h}.csv"), &mine);
        parts.push((
            format!("houder{h}.json"),
            partial(&file, &format!("houder {h}"), KleineCellen::Keep),
        ));
    }
    // No person-level record travels: only cells of codes and one age.
    assert!(parts.iter().all(|(_, d)| d.cells.len() < 10 * 100 * 2));

    let combined = combineer(&parts).unwrap();
    assert_eq!(combined.suppressed_cells, 0);
    let single = aggregate(&whole, &by(), &|_, _| ()).unwrap();
    assert_eq!(combined.aggregaat, single, "the counts are identical");

    let opties = HleOpties {
        bands: Leeftijdsklassen::abridged(85),
        min_cell: 100.0,
    };
    let a = serde_json::to_string(&from_microdata(&combined.aggregaat, &opties)).unwrap();
    let b = serde_json::to_string(&from_microdata(&single, &opties)).unwrap();
    assert_eq!(a, b, "and so are the life tables");
}

#[test]
fn suppressed_small_cells_are_counted_and_the_result_says_it_is_not_exact() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "klein.csv", &rows(3_000));
    let d = partial(&file, "klein", KleineCellen::Suppress { min: 10 });
    assert!(d.suppressed_cells > 0);
    assert!(d.cells.iter().all(|c| c.persons >= 10));
    let c = combineer(&[("klein.json".into(), d.clone())]).unwrap();
    assert_eq!(c.suppressed_cells, d.suppressed_cells);
}

fn problem(e: IndicatorError) -> String {
    e.to_string()
}

#[test]
fn tampered_mismatched_and_doubled_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let all = rows(6_000);
    let a = write(dir.path(), "a.csv", &all[..3000]);
    let b = write(dir.path(), "b.csv", &all[3000..]);
    let pa = partial(&a, "A", KleineCellen::Keep);
    let pb = partial(&b, "B", KleineCellen::Keep);

    // One death added after counting.
    let mut tampered = pa.clone();
    tampered.cells[0].deaths += 1;
    let json = serde_json::to_vec(&tampered).unwrap();
    let e = problem(lees_deeltelling(&json, "a.json").unwrap_err());
    assert!(
        e.contains("a.json") && e.contains("controlegetal klopt niet"),
        "{e}"
    );

    // Another definition version.
    let mut v = serde_json::to_value(&pa).unwrap();
    v["definition_version"] = 99.into();
    let e = problem(lees_deeltelling(&serde_json::to_vec(&v).unwrap(), "v.json").unwrap_err());
    assert!(e.contains("definitieversie 99"), "{e}");
    // A file of version 1 (fractional person-years) is told by its version, not by the
    // member it no longer has.
    let mut v = serde_json::to_value(&pa).unwrap();
    v["definition_version"] = 1.into();
    v["cells"][0]["exposure"] = 0.75.into();
    let e = problem(lees_deeltelling(&serde_json::to_vec(&v).unwrap(), "v1.json").unwrap_err());
    assert!(e.contains("definitieversie 1 past niet"), "{e}");

    // Truncated file.
    let json = serde_json::to_vec(&pa).unwrap();
    let e = problem(lees_deeltelling(&json[..json.len() / 2], "half.json").unwrap_err());
    assert!(
        e.contains("half.json") && e.contains("geen deeltellingbestand"),
        "{e}"
    );

    // Other breakdowns.
    let other = {
        let agg = aggregate(&b, &["sex".to_owned()], &|_, _| ()).unwrap();
        deeltelling(&agg, pb.herkomst.clone(), KleineCellen::Keep)
    };
    let e =
        problem(combineer(&[("a.json".into(), pa.clone()), ("b.json".into(), other)]).unwrap_err());
    assert!(e.contains("b.json") && e.contains("indeling"), "{e}");

    // The same microdata twice would be counted twice.
    let e =
        problem(combineer(&[("a.json".into(), pa.clone()), ("a2.json".into(), pa)]).unwrap_err());
    assert!(e.contains("dubbel"), "{e}");
}

/// A change made to a file after counting.
type Verandering = Box<dyn Fn(&mut Deeltelling)>;

/// A cell changed and the checksum recomputed, as anyone can.
fn resealed(mut d: Deeltelling, change: impl FnOnce(&mut Deeltelling)) -> Vec<u8> {
    change(&mut d);
    d.checksum = controlegetal(&d);
    serde_json::to_vec_pretty(&d).unwrap()
}

#[test]
fn impossible_counts_are_refused_even_with_a_matching_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.csv", &rows(3_000));
    let pa = partial(&a, "A", KleineCellen::Keep);
    assert!(lees_deeltelling(&resealed(pa.clone(), |_| ()), "a.json").is_ok());

    // Counts that are no whole number of 0 or more are named by cell and field, whatever
    // the checksum says.
    for (veld, x, expect) in [
        ("deaths", serde_json::json!(-3), "-3 is geen aantal"),
        ("persons", serde_json::json!(12.5), "12.5 is geen aantal"),
        ("exposure_e9", serde_json::json!("veel"), "is geen aantal"),
    ] {
        let mut v = serde_json::to_value(&pa).unwrap();
        v["cells"][1][veld] = x;
        let e = problem(lees_deeltelling(&serde_json::to_vec(&v).unwrap(), "a.json").unwrap_err());
        assert!(
            e.contains("a.json") && e.contains(&format!("cells[2].{veld}")) && e.contains(expect),
            "{veld}: {e}"
        );
    }

    let cases: [(&str, Verandering, &str); 6] = [
        (
            "a cell twice",
            Box::new(|d| {
                let c = d.cells[3].clone();
                d.cells.push(c);
            }),
            "dubbel",
        ),
        (
            "a sex code outside the definition",
            Box::new(|d| d.cells[0].key[0] = 3),
            "code 3 staat niet in de definitie van 'sex'",
        ),
        (
            "more person-years than persons",
            Box::new(|d| d.cells[4].exposure_e9 = d.cells[4].persons * 1_000_000_000 + 1),
            "miljardsten persoonsjaar",
        ),
        (
            "an unknown code",
            Box::new(|d| d.cells[0].key[1] = -7),
            "onbekende code -7",
        ),
        (
            "a code out of range",
            Box::new(|d| d.cells[1].key[0] = 1 << 40),
            "onbekende code",
        ),
        (
            "more deaths than persons",
            Box::new(|d| d.cells[2].deaths = d.cells[2].persons + 1),
            "sterfgevallen",
        ),
    ];
    for (what, change, expect) in cases {
        let json = resealed(pa.clone(), change);
        let e = problem(lees_deeltelling(&json, "a.json").expect_err(what));
        assert!(e.contains("a.json") && e.contains("cel "), "{what}: {e}");
        assert!(e.contains(expect), "{what}: {e}");
    }

    // Every problem is named, not only the first.
    let json = resealed(pa, |d| {
        d.cells[0].deaths = d.cells[0].persons + 1;
        d.cells[5].good = d.cells[5].health_n + 1;
    });
    let e = problem(lees_deeltelling(&json, "a.json").unwrap_err());
    assert!(e.contains("cel 1:") && e.contains("cel 6:"), "{e}");
}

/// Microdata rows with person-years as they are in real data: any fraction of a year.
fn fractional_rows() -> impl Strategy<Value = Vec<(u64, u64, f64, bool)>> {
    prop::collection::vec((0u64..100, 1u64..3, 0.0f64..=1.0, any::<bool>()), 1..400)
}

fn write_rows(dir: &Path, name: &str, rows: &[(u64, u64, f64, bool)]) -> std::path::PathBuf {
    let lines: Vec<String> = rows
        .iter()
        .map(|(age, sex, exposure, died)| {
            // `{}` writes the shortest text that reads back as the same float.
            format!("2024,{age},{sex},3,1,{exposure},{},1", u8::from(*died))
        })
        .collect();
    write(dir, name, &lines)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// `gemeten aggregate`'s file, untouched, passes its own check and reads back as exactly
    /// the counts written; one holder combined is the single run, and two holders are the
    /// single run too, bit for bit: counts and life tables (person-years are whole numbers
    /// of billionths, so the order of addition does not matter).
    #[test]
    fn fractional_exposures_survive_the_file_and_combine(
        a in fractional_rows(),
        b in fractional_rows(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let fa = write_rows(dir.path(), "a.csv", &a);
        let fb = write_rows(dir.path(), "b.csv", &b);
        let whole = write_rows(dir.path(), "ab.csv", &[a.clone(), b.clone()].concat());

        let agg = aggregate(&fa, &by(), &|_, _| ()).unwrap();
        let herkomst = Herkomst {
            holder: "A".into(),
            source_file: "a.csv".into(),
            source_sha256: sha256_hex(&std::fs::read(&fa).unwrap()),
            rows: a.len() as u64,
            created_unix: 0,
            gemeten_version: "test".into(),
        };
        let written = deeltelling(&agg, herkomst, KleineCellen::Keep);
        // As `gemeten aggregate` writes it.
        let json = serde_json::to_vec_pretty(&written).unwrap();
        let read = lees_deeltelling(&json, "a.json");
        prop_assert!(read.is_ok(), "{}", read.unwrap_err());
        let read = read.unwrap();
        prop_assert_eq!(&read, &written);
        let one = combineer(&[("a.json".into(), read.clone())]).unwrap();
        prop_assert_eq!(&one.aggregaat, &agg);

        let pb = partial(&fb, "B", KleineCellen::Keep);
        let two = combineer(&[("a.json".into(), read), ("b.json".into(), pb)]).unwrap();
        let single = aggregate(&whole, &by(), &|_, _| ()).unwrap();
        prop_assert_eq!(&two.aggregaat, &single);
        let opties = HleOpties { bands: Leeftijdsklassen::abridged(85), min_cell: 0.0 };
        let a = serde_json::to_string(&from_microdata(&two.aggregaat, &opties)).unwrap();
        let b = serde_json::to_string(&from_microdata(&single, &opties)).unwrap();
        prop_assert_eq!(a, b);
    }
}
