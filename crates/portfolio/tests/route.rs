//! Financing routes over the reference register: an item meets only the instruments that
//! fit its mission, readiness and kind of lead organisation, and the later ones in TRL order.

use std::collections::BTreeSet;

use gemeten_domain::{Id, MissieCode, OrganisatieSoort, Register, Tekst, Trl};
use gemeten_interchange::reference_register;
use gemeten_portfolio::{route, Herkomst, PijplijnItem};

fn register() -> Register {
    reference_register().unwrap_or_else(|e| panic!("reference dataset is invalid: {e}"))
}

fn sme_item(trl: u8) -> PijplijnItem {
    PijplijnItem {
        id: Id::try_from("test-sme".to_owned()).unwrap(),
        title: Tekst::try_from("Sensor voor thuismonitoring van een mkb-bedrijf".to_owned())
            .unwrap(),
        herkomst: Herkomst::Project,
        missies: vec![MissieCode::II],
        kia_vragen: Vec::new(),
        trl: Some(Trl::try_from(i64::from(trl)).unwrap()),
        sel: None,
        brl: None,
        phases: Default::default(),
        expected_in_practice: None,
        lead_kind: Some(OrganisatieSoort::Mkb),
    }
}

#[test]
fn an_sme_at_trl_3_in_mission_ii_meets_only_instruments_that_fit() {
    let r = register();
    let trl = Trl::try_from(3).unwrap();
    let route = route(&r, sme_item(3));

    // Now: every instrument serves mission II and admits an SME, and a known TRL range
    // holds 3 (an instrument whose range the sources do not give is never excluded, and
    // says so in its reason).
    for step in &route.now {
        let i = step.instrument;
        assert!(i.missies.contains(&MissieCode::II), "{} now", i.id);
        assert!(i.admits(OrganisatieSoort::Mkb), "{} now", i.id);
        match i.trl {
            Some(range) => assert!(range.contains(trl), "{} now: {:?}", i.id, range),
            None => assert!(
                step.reason.contains("onbekend"),
                "{}: {}",
                i.id,
                step.reason
            ),
        }
    }
    // Nothing that fits is missing from `now`, and the SME instruments of 000 are there.
    let now: BTreeSet<&str> = route.now.iter().map(|s| s.instrument.id.as_str()).collect();
    for i in &r.parts().instrument {
        let fits = i.missies.contains(&MissieCode::II)
            && i.admits(OrganisatieSoort::Mkb)
            && i.trl.is_some_and(|range| range.contains(trl));
        assert_eq!(
            fits,
            i.trl.is_some() && now.contains(i.id.as_str()),
            "{}",
            i.id
        );
    }
    for id in ["tslsh-mkb-call", "rvo-mit"] {
        assert!(now.contains(id), "{id} missing from now: {now:?}");
    }
    // Excluded: instruments for other applicants (municipalities, care providers,
    // universities of applied sciences), whatever their range.
    for id in [
        "iza-gala-spuk-regioplan",
        "wozo-stimuleringsbudget-wlz",
        "sia-raak-mkb",
    ] {
        assert!(!now.contains(id), "{id} does not admit an SME");
        assert!(route.next.iter().all(|s| s.instrument.id.as_str() != id));
    }

    // Next: later instruments only, each admitting an SME, in TRL order.
    assert!(!route.next.is_empty());
    let ranges: Vec<(u8, u8)> = route
        .next
        .iter()
        .map(|s| {
            let i = s.instrument;
            assert!(i.missies.contains(&MissieCode::II), "{} next", i.id);
            assert!(i.admits(OrganisatieSoort::Mkb), "{} next", i.id);
            let range = i
                .trl
                .unwrap_or_else(|| panic!("{} next without range", i.id));
            assert!(range.min() > trl, "{} next from TRL {}", i.id, range.min());
            (range.min().get(), range.max().get())
        })
        .collect();
    let mut sorted = ranges.clone();
    sorted.sort();
    assert_eq!(ranges, sorted, "next is ordered by TRL");
    assert!(route.unknowns.contains(&"brl"));
    assert!(!route.unknowns.contains(&"trl"));
}

#[test]
fn every_trl_has_a_route_for_an_sme() {
    let r = register();
    for level in Trl::MIN..=Trl::MAX {
        let route = route(&r, sme_item(level));
        assert!(
            route.now.iter().any(|s| s.instrument.trl.is_some()),
            "no instrument with a known TRL range fits an SME at TRL {level}"
        );
    }
}

#[test]
fn the_instruments_that_fit_now_come_best_fit_first() {
    let r = register();
    let route = route(&r, sme_item(3));
    assert!(route.now.len() > 3, "enough to rank: {}", route.now.len());
    // Ordered by the key, best first.
    for w in route.now.windows(2) {
        assert!(
            w[0].fit.key() >= w[1].fit.key(),
            "{} before {}",
            w[0].instrument.id,
            w[1].instrument.id
        );
    }
    // Every instrument whose known TRL range holds 3 comes before every one whose range the
    // sources do not give (those are not excluded, but not confirmed either).
    let first_unknown = route
        .now
        .iter()
        .position(|s| s.instrument.trl.is_none())
        .expect("an instrument without a known range");
    assert!(route.now[..first_unknown]
        .iter()
        .all(|s| s.fit.trl_known_fit));
    assert!(route.now[first_unknown..]
        .iter()
        .all(|s| !s.fit.trl_known_fit));
    // The facts behind the rank are the instrument's own.
    for s in &route.now {
        let i = s.instrument;
        assert_eq!(s.fit.instrument_missions, i.missies.len(), "{}", i.id);
        assert_eq!(
            s.fit.shared_missions, 1,
            "{}: the item has mission II only",
            i.id
        );
        assert_eq!(
            s.fit.lead_known_fit,
            i.eligible.contains(&OrganisatieSoort::Mkb),
            "{}",
            i.id
        );
    }
    // Among the known fits, one that names SMEs ranks above one open to anybody.
    let known: Vec<_> = route.now[..first_unknown].iter().collect();
    if let (Some(a), Some(b)) = (
        known.iter().position(|s| s.fit.lead_known_fit),
        known.iter().rposition(|s| !s.fit.lead_known_fit),
    ) {
        assert!(a < b);
    }
}
