//! The engine against published worked examples.

use gemeten_indicators::{
    Gezondheid, Gezondheidsverwachting, Leeftijdsklassen, Levenstabel, Sterfte,
};

/// Preston, Heuveline & Guillot (2001), *Demography: measuring and modeling population
/// processes*, Box 3.1 (p. 49): abridged period life table, Austria, males, 1992
/// (input data: United Nations 1994). Population, deaths and nax as printed; the book
/// prints lx, ndx and nLx rounded to whole persons.
#[test]
fn preston_box_3_1_austria_males_1992() {
    let pop = [
        47925.0, 189127.0, 234793.0, 238790.0, 254996.0, 326831.0, 355086.0, 324222.0, 269963.0,
        261971.0, 238011.0, 261612.0, 181385.0, 187962.0, 153832.0, 105169.0, 73694.0, 57512.0,
        32248.0,
    ];
    let deaths = [
        419.0, 70.0, 36.0, 46.0, 249.0, 420.0, 403.0, 441.0, 508.0, 769.0, 1154.0, 1866.0, 2043.0,
        3496.0, 4366.0, 4337.0, 5279.0, 6460.0, 6146.0,
    ];
    let ax = [
        0.068, 1.626, 2.5, 3.143, 2.724, 2.520, 2.481, 2.601, 2.701, 2.663, 2.698, 2.676, 2.645,
        2.624, 2.619, 2.593, 2.518, 2.423, 5.247,
    ];
    let lx = [
        100000.0, 99133.0, 98986.0, 98910.0, 98815.0, 98334.0, 97704.0, 97151.0, 96492.0, 95588.0,
        94195.0, 91937.0, 88711.0, 83845.0, 76377.0, 66225.0, 53803.0, 37441.0, 21134.0,
    ];
    let big_lx = [
        99192.0, 396183.0, 494741.0, 494375.0, 492980.0, 490106.0, 487127.0, 484175.0, 480384.0,
        474686.0, 465777.0, 452188.0, 432096.0, 401480.0, 357713.0, 301224.0, 228404.0, 145182.0,
        110889.0,
    ];
    let counts: Vec<Sterfte> = deaths
        .iter()
        .zip(pop)
        .map(|(&d, e)| Sterfte {
            deaths: d,
            exposure: e,
        })
        .collect();
    // The open band's a is 1/m85 in the book; we give the book's rounded value for all bands
    // except the open one, where the method itself uses l/m.
    let table =
        Levenstabel::from_counts(&Leeftijdsklassen::abridged(85), &counts, Some(&ax)).unwrap();
    for (i, row) in table.rows().iter().enumerate() {
        assert!(
            (row.lx - lx[i]).abs() <= 1.0,
            "l{}: {} vs {}",
            row.start,
            row.lx,
            lx[i]
        );
        assert!(
            (row.big_lx - big_lx[i]).abs() <= 2.0,
            "L{}: {} vs {}",
            row.start,
            row.big_lx,
            big_lx[i]
        );
    }
    let e0_book = big_lx.iter().sum::<f64>() / 100_000.0;
    assert!(
        (table.ex(0) - e0_book).abs() < 0.001,
        "e0 {} vs {}",
        table.ex(0),
        e0_book
    );
    // e0 = 72.9 years for Austrian men in 1992.
    assert_eq!(format!("{:.1}", table.ex(0)), "72.9");
    let se = table.ex_se(0).unwrap();
    assert!(se > 0.01 && se < 0.2, "se(e0) {se}");
}

/// Hauet (1997), "Practical guide on health expectancy calculation: the Sullivan method",
/// Euro-REVES, table 1 (French women 1991, ages 65+) and table 3 (its standard errors).
/// Table 1 prints the prevalence of the open band as 0.710, which is the disability
/// prevalence of table 3; its own column 5 (83 967 = 289 068 x 0.290) shows that the
/// disability-free prevalence is 0.290, which we use.
#[test]
fn hauet_sullivan_guide_table_1_and_3() {
    let lx = [89367.0, 84968.0, 78012.0, 66625.0, 48532.0];
    let big_lx = [436589.0, 408793.0, 364013.0, 290533.0, 289068.0];
    let free = [0.804, 0.714, 0.630, 0.487, 0.290];
    // Table 3 gives the variance of the prevalence; the sample size behind it is p(1-p)/var.
    let var_p = [0.000281, 0.000507, 0.000675, 0.000914, 0.000805];
    let health: Vec<Gezondheid> = free
        .iter()
        .zip(var_p)
        .map(|(&p, v)| Gezondheid {
            prevalence: p,
            sample: Some(p * (1.0 - p) / v),
        })
        .collect();
    let he = Gezondheidsverwachting::from_person_years(&lx, &big_lx, &health).unwrap();
    let published_hle = [12.3, 8.8, 5.8, 3.4, 1.7];
    let published_se = [0.22, 0.21, 0.20, 0.18, 0.17];
    for i in 0..5 {
        assert_eq!(
            format!("{:.1}", he.hle(i)),
            format!("{:.1}", published_hle[i]),
            "DFLE at band {i}"
        );
        let se = he.hle_se(i).unwrap();
        assert!(
            (se - published_se[i]).abs() <= 0.006,
            "se at band {i}: {se}"
        );
    }
    // Column 6 at 65: 1 097 520 disability-free person-years; the guide multiplied by
    // unrounded prevalences, so the printed three decimals leave a few dozen years of slack.
    let total: f64 = he.healthy_years.iter().sum();
    assert!((total - 1_097_520.0).abs() < 50.0, "{total}");
}

/// Life expectancy's interval rests on deaths and population alone (Chiang): a table that
/// gives them but not the survey's numbers (`health_n`) keeps life expectancy and its
/// standard error exactly; only healthy life expectancy loses its standard error.
#[test]
fn without_health_n_life_expectancy_keeps_its_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("met.csv");
    let bare = dir.path().join("zonder.csv");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/voorbeeld/sterfte_gezondheid_ses.csv"
    ))
    .unwrap();
    std::fs::write(&full, &text).unwrap();
    // The same table without its last column, health_n.
    let without: String = text
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_owned() + "\n")
        .collect();
    assert!(without.starts_with("sex,ses,age,deaths,population,good_health\n"));
    std::fs::write(&bare, without).unwrap();
    let by = ["ses".to_owned()];
    let opties = gemeten_indicators::HleOpties::default();
    let a = gemeten_indicators::from_table(&full, &by, &opties).unwrap();
    let b = gemeten_indicators::from_table(&bare, &by, &opties).unwrap();
    assert_eq!(a.groups.len(), b.groups.len());
    for (ga, gb) in a.groups.iter().zip(&b.groups) {
        assert!(gb.suppressed.is_none(), "{:?}", gb.suppressed);
        let (x, y) = (&ga.ages[0], &gb.ages[0]);
        assert_eq!(x.le, y.le);
        assert!(y.le_se.is_some_and(|se| se > 0.0), "{y:?}");
        assert_eq!(x.le_se, y.le_se, "the same counts give the same interval");
        assert!((x.hle - y.hle).abs() < 1e-9, "{} vs {}", x.hle, y.hle);
        assert!(x.hle_se.is_some() && y.hle_se.is_none());
    }
}
