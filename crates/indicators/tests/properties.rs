//! Properties that must hold for any input, not just the worked examples.

use std::io::Write;

use proptest::prelude::*;

use gemeten_indicators::{
    aggregate, from_microdata, Gezondheid, Gezondheidsverwachting, HleOpties, Leeftijdsklassen,
    Levenstabel, Sterfte,
};

fn bands() -> Leeftijdsklassen {
    Leeftijdsklassen::abridged(85)
}

/// Mortality that rises with age, as it does, with random noise; and prevalences in [0, 1].
fn mortality() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.5f64..2.0, 19).prop_map(|noise| {
        noise
            .iter()
            .enumerate()
            .map(|(i, n)| n * 0.0005 * (0.09 * 5.0 * i as f64).exp())
            .collect()
    })
}

fn prevalence() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.0f64..=1.0, 19)
}

proptest! {
    #[test]
    fn healthy_life_expectancy_never_exceeds_life_expectancy(mx in mortality(), p in prevalence()) {
        let t = Levenstabel::from_rates(&bands(), &mx, None).unwrap();
        let h: Vec<_> = p.iter().map(|&p| Gezondheid { prevalence: p, sample: None }).collect();
        let he = Gezondheidsverwachting::compute(&t, &h).unwrap();
        for i in 0..19 {
            prop_assert!(he.hle(i) <= t.ex(i) + 1e-9);
            prop_assert!(he.hle(i) >= 0.0);
        }
    }

    #[test]
    fn healthy_life_expectancy_rises_with_prevalence(
        mx in mortality(), p in prevalence(), band in 0usize..19, extra in 0.0f64..1.0
    ) {
        let t = Levenstabel::from_rates(&bands(), &mx, None).unwrap();
        let h: Vec<_> = p.iter().map(|&p| Gezondheid { prevalence: p, sample: None }).collect();
        let mut more = h.clone();
        more[band].prevalence = (more[band].prevalence + extra).min(1.0);
        let a = Gezondheidsverwachting::compute(&t, &h).unwrap();
        let b = Gezondheidsverwachting::compute(&t, &more).unwrap();
        for i in 0..19 {
            prop_assert!(b.hle(i) >= a.hle(i) - 1e-12);
        }
    }

    #[test]
    fn more_data_gives_the_same_estimate_with_a_smaller_error(mx in mortality(), k in 2.0f64..50.0) {
        let counts = |scale: f64| -> Vec<Sterfte> {
            mx.iter().map(|m| Sterfte { deaths: m * 10_000.0 * scale, exposure: 10_000.0 * scale }).collect()
        };
        let a = Levenstabel::from_counts(&bands(), &counts(1.0), None).unwrap();
        let b = Levenstabel::from_counts(&bands(), &counts(k), None).unwrap();
        prop_assert!((a.ex(0) - b.ex(0)).abs() < 1e-9);
        let ratio = a.ex_se(0).unwrap() / b.ex_se(0).unwrap();
        prop_assert!((ratio - k.sqrt()).abs() < 1e-6 * k.sqrt(), "ratio {} vs sqrt(k) {}", ratio, k.sqrt());
    }
}

/// A small synthetic population: (age, sex, ses, died, good_health).
fn people() -> impl Strategy<Value = Vec<(u16, u8, u8, bool, Option<bool>)>> {
    prop::collection::vec(
        (
            0u16..=100,
            1u8..=2,
            1u8..=3,
            prop::bool::weighted(0.05),
            prop::option::weighted(0.9, any::<bool>()),
        ),
        200..600,
    )
}

fn write_csv(rows: &[(u16, u8, u8, bool, Option<bool>)]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    writeln!(f, "year,age,sex,ses,region,exposure,died,good_health").unwrap();
    for (age, sex, ses, died, good) in rows {
        let exp = if *died { 0.5 } else { 1.0 };
        let good = good.map_or(String::new(), |g| u8::from(g).to_string());
        writeln!(
            f,
            "2023,{age},{sex},{ses},1,{exp},{},{good}",
            u8::from(*died)
        )
        .unwrap();
    }
    f.flush().unwrap();
    f
}

/// Guarantees what a life table needs: someone of every age, and deaths in the open band.
fn complete(
    mut rows: Vec<(u16, u8, u8, bool, Option<bool>)>,
) -> Vec<(u16, u8, u8, bool, Option<bool>)> {
    for sex in 1..=2 {
        for ses in 1..=3 {
            for age in (0..=85).step_by(1) {
                rows.push((age, sex, ses, age >= 85, Some(age % 2 == 0)));
            }
        }
    }
    rows
}

fn opties() -> HleOpties {
    HleOpties {
        bands: bands(),
        min_cell: 0.0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn result_does_not_depend_on_row_order(rows in people(), seed in any::<u64>()) {
        let rows = complete(rows);
        let mut shuffled = rows.clone();
        // A deterministic permutation from the seed.
        let n = shuffled.len();
        let mut s = seed | 1;
        for i in (1..n).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let by = vec!["sex".to_owned(), "ses".to_owned()];
        let a = from_microdata(&aggregate(write_csv(&rows).path(), &by, &|_, _| {}).unwrap(), &opties());
        let b = from_microdata(&aggregate(write_csv(&shuffled).path(), &by, &|_, _| {}).unwrap(), &opties());
        prop_assert_eq!(a.groups.len(), b.groups.len());
        for (x, y) in a.groups.iter().zip(&b.groups) {
            prop_assert_eq!(&x.key, &y.key);
            for (u, v) in x.ages.iter().zip(&y.ages) {
                prop_assert!((u.le - v.le).abs() < 1e-9 && (u.hle - v.hle).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn splitting_then_merging_groups_equals_not_splitting(rows in people()) {
        let rows = complete(rows);
        let file = write_csv(&rows);
        let split = aggregate(file.path(), &["sex".to_owned()], &|_, _| {}).unwrap();
        let whole = aggregate(file.path(), &[], &|_, _| {}).unwrap();
        // Merge the per-sex counts into one group by dropping the key.
        let mut merged = gemeten_indicators::Aggregaat { by: vec![], groups: Default::default() };
        for (_, cells) in split.groups {
            let mut one = gemeten_indicators::Aggregaat { by: vec![], groups: Default::default() };
            one.groups.insert(vec![], cells);
            merged.merge(one).unwrap();
        }
        let a = from_microdata(&merged, &opties());
        let b = from_microdata(&whole, &opties());
        let (ga, gb) = (&a.groups[0], &b.groups[0]);
        prop_assert_eq!(ga.persons, gb.persons);
        for (u, v) in ga.ages.iter().zip(&gb.ages) {
            prop_assert!((u.le - v.le).abs() < 1e-9 && (u.hle - v.hle).abs() < 1e-9);
            prop_assert_eq!(u.le_se.is_some(), v.le_se.is_some());
        }
    }
}

/// The life tables computed on several threads, each a run of groups, are those of one
/// thread, in the same order: 150 groups of pseudo-random counts, some too small to show.
#[test]
fn life_tables_on_threads_equal_one_thread() {
    use gemeten_indicators::{from_microdata_met, Aggregaat, Celtelling, MAX_AGE};
    let mut agg = Aggregaat::new(&["region".to_owned(), "ses".to_owned()]);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for g in 0..150i64 {
        let persons = if g % 11 == 4 { 2 } else { 500 + 13 * g as u64 };
        let cells = (0..=MAX_AGE)
            .map(|age| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let n = persons + x % (persons / 3 + 1);
                let known = n - n / 25;
                Celtelling {
                    deaths: ((n * u64::from(age) * u64::from(age)) / 150_000).min(n),
                    exposure: n * 950_000_000 + x % 1_000_000_000,
                    persons: n,
                    health_n: known,
                    good: known * (110 - u64::from(age.min(100))) / 110,
                }
            })
            .collect();
        agg.groups.insert(vec![g / 5, g % 5 + 1], cells);
    }
    let opties = HleOpties {
        bands: Leeftijdsklassen::abridged(85),
        min_cell: 5_000.0,
    };
    let one = from_microdata(&agg, &opties);
    assert_eq!(one.groups.len(), 150);
    assert!(one.groups.iter().any(|g| g.suppressed.is_some()));
    assert!(one.groups.iter().any(|g| g.suppressed.is_none()));
    for threads in [1, 2, 3, 4, 8] {
        assert_eq!(
            from_microdata_met(&agg, &opties, threads),
            one,
            "{threads} threads"
        );
    }
}
