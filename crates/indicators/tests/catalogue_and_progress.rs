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
    // Healthy life expectancy rising 0.3 a year from 63.0 in 2019: 69.3 in 2040 >= 68.0.
    let rising: Vec<_> = (2019..=2024)
        .map(|y| {
            obs(
                "gezonde_levensverwachting",
                y,
                63.0 + 0.3 * f64::from(y - 2019),
            )
        })
        .collect();
    // The SES gap shrinking 0.1 a year from 15: 12.9 in 2040, short of the 10.5 (-30 %).
    let slow: Vec<_> = (2019..=2024)
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
    // Two points are not a trend.
    let rows = voortgang(&[hle], &rising[..2], &cat);
    assert_eq!(rows[0].status, Status::OnvoldoendeGegevens);
    assert!(rows[0].reason.contains("minstens 3"), "{}", rows[0].reason);
}
