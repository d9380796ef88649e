//! The KPI catalogue against the reference register, and progress for every target.

use gemeten_domain::{Meetperiode, Waarneming};
use gemeten_indicators::{voortgang, Catalogus, Status};

fn obs(kpi: &str, period: i32, value: f64) -> Waarneming {
    Waarneming::national(kpi, Meetperiode::jaar(period).unwrap(), value, "test")
}

#[test]
fn every_target_is_measured_by_a_catalogued_kpi_in_its_direction() {
    let cat = Catalogus::standaard().unwrap();
    let register = gemeten_interchange::reference_register().unwrap();
    assert!(!register.parts().doel.is_empty());
    for d in &register.parts().doel {
        let kpi = cat.kpis.get(d.indicator.as_str());
        let kpi = kpi.unwrap_or_else(|| panic!("target {} has no KPI '{}'", d.id, d.indicator));
        assert_eq!(kpi.direction, d.direction, "direction of {}", d.id);
    }
    assert!(cat.regios.contains_key("NL01"));
    assert!(cat.regios.keys().filter(|c| c.starts_with("PV")).count() == 12);
}

#[test]
fn without_data_every_target_reports_not_enough_data_with_a_reason() {
    let register = gemeten_interchange::reference_register().unwrap();
    let doelen: Vec<_> = register.parts().doel.iter().collect();
    let cat = Catalogus::standaard().unwrap();
    let rows = voortgang(&doelen, &[], &cat);
    assert_eq!(rows.len(), doelen.len());
    for r in &rows {
        assert_eq!(r.status, Status::OnvoldoendeGegevens, "{}", r.doel);
        assert!(!r.reason.is_empty());
    }
}

#[test]
fn status_follows_the_trend_and_the_direction() {
    let register = gemeten_interchange::reference_register().unwrap();
    let hle = register
        .parts()
        .doel
        .iter()
        .find(|d| d.id.as_str() == "C-gezonde-levensjaren")
        .unwrap();
    let gap = register
        .parts()
        .doel
        .iter()
        .find(|d| d.id.as_str() == "C-ses-verschil")
        .unwrap();
    // Healthy life expectancy rising 0.3 a year from 63.0 in 2019: 69.3 in 2040 >= 68.0
    // (through 2025: five points after the 2021 break, enough to project from).
    let rising: Vec<_> = (2019..=2025)
        .map(|y| {
            obs(
                "gezonde_levensverwachting",
                y,
                63.0 + 0.3 * f64::from(y - 2019),
            )
        })
        .collect();
    // The SES gap shrinking 0.1 a year from 15: 12.9 in 2040, short of the 10.5 (-30 %).
    let slow: Vec<_> = (2019..=2025)
        .map(|y| {
            obs(
                "ses_verschil_gezonde_levensverwachting",
                y,
                15.0 - 0.1 * f64::from(y - 2019),
            )
        })
        .collect();
    let all: Vec<_> = rising.iter().chain(&slow).cloned().collect();
    let cat = Catalogus::standaard().unwrap();
    let rows = voortgang(&[hle, gap], &all, &cat);
    assert_eq!(rows[0].status, Status::OpKoers, "{}", rows[0].reason);
    assert!((rows[0].target.unwrap() - 68.0).abs() < 1e-9);
    assert!((rows[0].linear.unwrap().value - 69.3).abs() < 1e-9);
    assert_eq!(rows[0].path.first(), Some(&(2019, 63.0)));
    assert_eq!(rows[0].path.last(), Some(&(2040, 68.0)));
    assert_eq!(rows[1].status, Status::Achter, "{}", rows[1].reason);
    assert!((rows[1].target.unwrap() - 10.5).abs() < 1e-9);
    let log = rows[1].loglinear.unwrap();
    assert!(log.lower <= log.value && log.value <= log.upper);
    // Two points, both before the 2021 break, are no trend to project.
    let rows = voortgang(&[hle], &rising[..2], &cat);
    assert_eq!(rows[0].status, Status::OnvoldoendeGegevens);
    assert!(
        rows[0].reason.contains("0 sinds de breuk, minstens 5"),
        "{}",
        rows[0].reason
    );
}

/// The central mission on the values CBS and RIVM publish (CBS 71950ned, 84842NED; RIVM's
/// monitor): 2019 only by sex, both sexes together from 2021 (after the survey's break), the
/// gap by education only for a pooled period. The status must be honest about all three.
#[test]
fn the_published_series_give_an_honest_status_with_its_reasons() {
    let register = gemeten_interchange::reference_register().unwrap();
    let doel = |id: &str| {
        register
            .parts()
            .doel
            .iter()
            .find(|d| d.id.as_str() == id)
            .unwrap()
    };
    let p = |t: &str| t.parse::<Meetperiode>().unwrap();
    let w = |period: &str, sex: &str, dim: &str, ses: &str, value: f64| Waarneming {
        sex: sex.into(),
        ses_dimensie: dim.into(),
        ses: ses.into(),
        ..Waarneming::national("gezonde_levensverwachting", p(period), value, "CBS")
    };
    let obs = vec![
        w("2019", "man", "", "", 64.8),
        w("2019", "vrouw", "", "", 63.2),
        w("2021", "", "", "", 65.2),
        w("2022", "", "", "", 62.8),
        w("2023", "", "", "", 63.3),
        w("2019/2022", "", "opleiding", "laag", 56.6),
        w("2019/2022", "", "opleiding", "middelbaar", 65.0),
        w("2019/2022", "", "opleiding", "hoog", 70.3),
    ];
    let cat = Catalogus::standaard().unwrap();
    let rows = voortgang(
        &[doel("C-gezonde-levensjaren"), doel("C-ses-verschil")],
        &obs,
        &cat,
    );
    let hle = &rows[0];
    // Baseline: the unweighted mean of men and women, said so; target +5 years.
    assert_eq!(hle.baseline, Some((2019, 64.0)));
    assert!(
        hle.reason
            .contains("ongewogen gemiddelde van mannen (64,80)"),
        "{}",
        hle.reason
    );
    assert!((hle.target.unwrap() - 69.0).abs() < 1e-9);
    // The trend starts at the 2021 break: three points are too few to project from (a
    // projection to 2040 from them had a 95 % interval of about ±190 years); the status says
    // so instead of drawing one.
    assert_eq!((hle.trend_vanaf, hle.points), (Some(2021), 3));
    assert_eq!(hle.status, Status::OnvoldoendeGegevens, "{}", hle.reason);
    assert!(hle.linear.is_none() && hle.loglinear.is_none());
    assert!(
        hle.reason
            .contains("te weinig waarnemingen sinds de reeksbreuk van 2021 om te projecteren"),
        "{}",
        hle.reason
    );
    assert!(hle.reason.contains("reeksbreuk van 2021"));
    assert!(
        hle.reason_en
            .contains("too few points since the break of 2021 to project")
            && hle.reason_en.contains("series break of 2021"),
        "{}",
        hle.reason_en
    );
    // With five points after the break a projection is made again.
    let mut vijf = obs.clone();
    vijf.push(w("2024", "", "", "", 63.6));
    vijf.push(w("2025", "", "", "", 63.9));
    let vijf = voortgang(&[doel("C-gezonde-levensjaren")], &vijf, &cat);
    assert_eq!(vijf[0].points, 5);
    assert!(vijf[0].linear.is_some(), "{}", vijf[0].reason);
    assert_ne!(
        vijf[0].status,
        Status::OnvoldoendeGegevens,
        "{}",
        vijf[0].reason
    );
    // The gap: highest minus lowest education group of the pooled period 2019/2022 (which
    // holds 2019) is the baseline, 13.7; target −30 %; no trend from one pooled value.
    let gap = &rows[1];
    let (year, value) = gap.baseline.unwrap();
    assert_eq!(year, 2019);
    assert!((value - 13.7).abs() < 1e-9, "{value}");
    assert!((gap.target.unwrap() - 13.7 * 0.7).abs() < 1e-9);
    assert_eq!(gap.status, Status::OnvoldoendeGegevens);
    assert!(
        gap.reason.contains("samengenomen periode 2019/2022"),
        "{}",
        gap.reason
    );
    assert_eq!(gap.reeks.len(), 1);
}

/// Breakdowns as typed dimensions: a single age "65" (which would mislabel "at age 65"), a
/// group of another breakdown, and a pooled period for a KPI that allows only years are each
/// refused with line, column and reason; the file as a whole stores nothing.
#[test]
fn wrong_breakdowns_and_periods_are_refused_with_their_reason() {
    let cat = Catalogus::standaard().unwrap();
    let text = "kpi,period,region,sex,ses_dimensie,ses,age_band,value\n\
        levensverwachting,2021,NL01,,,,65,19.9\n\
        gezonde_levensverwachting,2019/2022,NL01,,inkomen5,laag,,56.6\n\
        gezonde_levensverwachting,2019/2022,NL01,,opleiding,laag,,56.6\n";
    let err = gemeten_indicators::read_observations_text(text, "t.csv", &cat)
        .unwrap_err()
        .to_string();
    assert!(err.contains("regel 2") && err.contains("age_band"), "{err}");
    assert!(err.contains("levensverwachting_65"), "{err}");
    assert!(
        err.contains("regel 3") && err.contains("'laag' is geen groep van 'inkomen5'"),
        "{err}"
    );
    assert!(
        !err.contains("regel 4"),
        "the valid row is not blamed: {err}"
    );
    // A KPI that takes only years refuses a pooled period, naming the kind.
    let mut jaren = cat.clone();
    jaren.kpis.get_mut("levensverwachting").unwrap().perioden =
        vec![gemeten_domain::Periodesoort::Jaar];
    let err = gemeten_indicators::read_observations_text(
        "kpi,period,region,value\nlevensverwachting,2015-2018,NL01,80.1\n",
        "p.csv",
        &jaren,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("meerjarige periode") && err.contains("alleen jaar"),
        "{err}"
    );
}

/// Users are Dutch, and English pages are wholly English: every text a shipped KPI gives in
/// Dutch has an English counterpart (definition, frequency, caveats, series, break reasons).
#[test]
fn every_shipped_kpi_has_its_texts_in_english() {
    let cat = Catalogus::standaard().unwrap();
    assert_eq!(cat.kpis.len(), 69); // 61, and the 8 KPIs of the targets issue 12 added
    let mist: Vec<String> = cat
        .kpis
        .values()
        .flat_map(|k| {
            k.zonder_engels()
                .into_iter()
                .map(move |v| format!("{}.{v}", k.code))
        })
        .collect();
    assert!(mist.is_empty(), "without English: {mist:?}");
    let k = &cat.kpis["gezonde_levensverwachting"];
    assert!(k
        .definitie(gemeten_domain::Lang::En)
        .starts_with("The number of years"));
    assert!(k
        .definitie(gemeten_domain::Lang::Nl)
        .starts_with("Het aantal jaren"));
    // A Dutch-only text stays Dutch on an English page rather than vanishing.
    let mut eigen = k.clone();
    eigen.kanttekeningen_en.clear();
    assert_eq!(
        eigen.kanttekeningen_in(gemeten_domain::Lang::En),
        k.kanttekeningen
    );
    assert_eq!(eigen.zonder_engels(), vec!["kanttekeningen_en"]);
}
