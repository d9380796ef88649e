//! Federated computation: three data holders count their own microdata, a fourth party
//! combines the counts, and the result is exactly what one run over all the data gives.

use std::path::Path;

use gemeten_indicators::{
    aggregate, combineer, deeltelling, from_microdata, lees_deeltelling, sha256_hex, Deeltelling,
    Herkomst, HleOpties, IndicatorError, KleineCellen, Leeftijdsklassen,
};

/// A deterministic population; exposures are multiples of 1/4 so every sum is exact in
/// floating point, whatever the order of addition.
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
                [0.25, 0.5, 0.75][next(3) as usize]
            } else {
                1.0
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
        rows: agg.rows() as u64,
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
    assert!(d.cells.iter().all(|c| c.persons >= 10.0));
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
    tampered.cells[0].deaths += 1.0;
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
