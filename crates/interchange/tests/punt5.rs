//! Issue 12, point 5 ("the register complete and correct"): every item it lists is in the
//! reference register, each with a citation of the lines where it stands. The texts and
//! numbers themselves are checked against those lines by `tools/check_reference.py`
//! (test `citaties`); this test counts the items and checks where they cite.

use gemeten_domain::{Bron, BronDocument, Id, Instrument, Jaar, MissieCode, Register};

fn register() -> Register {
    gemeten_interchange::reference_register().expect("the reference register loads")
}

fn id(s: &str) -> Id {
    Id::try_from(s.to_owned()).unwrap()
}

fn doc(code: &str) -> BronDocument {
    code.parse().unwrap()
}

/// The record cites `code` at lines that overlap `from..=to` (the issue's range).
fn cites(b: &Bron, code: &str, from: u32, to: u32) -> bool {
    b.doc == doc(code) && b.lines.is_some_and(|l| l.from() <= to && l.to() >= from)
}

#[track_caller]
fn target(r: &Register, key: &str, code: &str, from: u32, to: u32) {
    let d = r.parts().doel.iter().find(|d| d.id.as_str() == key);
    let d = d.unwrap_or_else(|| panic!("target {key} is missing"));
    assert!(
        cites(&d.source, code, from, to),
        "target {key} cites {}",
        d.source
    );
}

#[track_caller]
fn instrument<'a>(r: &'a Register, key: &str, code: &str, from: u32, to: u32) -> &'a Instrument {
    let i = r.parts().instrument.iter().find(|i| i.id.as_str() == key);
    let i = i.unwrap_or_else(|| panic!("instrument {key} is missing"));
    assert!(
        cites(&i.source, code, from, to),
        "instrument {key} cites {}",
        i.source
    );
    i
}

#[test]
fn the_seven_targets_without_a_record_have_one() {
    let r = register();
    target(&r, "II-hybride-zorg-beschikbaar", "001", 497, 523);
    target(&r, "II-hybride-zorg-gebruik", "001", 497, 523);
    target(&r, "II-een-op-zes", "001", 459, 463);
    target(&r, "II-administratiedruk", "000", 2936, 2936);
    target(&r, "C-eu-fondsen", "000", 4622, 4625);
    target(&r, "C-rd-uitgaven", "000", 4591, 4594);
    target(&r, "C-circulaire-economie", "000", 1577, 1578);
    target(&r, "C-plus-tien-laagste-ses", "000", 1991, 1994);
    // A target whose deadline the cited lines do not give says where it comes from.
    for key in ["II-een-op-zes", "C-rd-uitgaven", "C-plus-tien-laagste-ses"] {
        let d = r
            .parts()
            .doel
            .iter()
            .find(|d| d.id.as_str() == key)
            .unwrap();
        assert!(d.deadline_source.is_some(), "{key} has no deadline_source");
    }
}

#[test]
fn the_nineteen_priorities_each_cite_their_list() {
    let r = register();
    let p = &r.parts().prioriteit;
    let summary = p
        .iter()
        .filter(|x| cites(&x.source, "000", 606, 636))
        .count();
    let social = p
        .iter()
        .filter(|x| cites(&x.source, "000", 4404, 4431))
        .count();
    assert_eq!(
        (summary, social),
        (12, 7),
        "1, 1a-1h, 2, 3, 4; seven bullets"
    );
    assert_eq!(p.len(), 19);
    // The numbered list keeps its numbers; the bullets have none.
    let numbered: Vec<&str> = p
        .iter()
        .filter_map(|x| x.number.as_ref().map(|n| n.as_str()))
        .collect();
    assert_eq!(numbered.len(), 12, "{numbered:?}");
}

#[test]
fn the_instruments_the_issue_lists_are_there() {
    let r = register();
    let llo = instrument(&r, "ngf-llo-katalysator", "000", 4978, 4979);
    assert_eq!(llo.budget.map(|b| b.0.get()), Some(392_000_000));
    instrument(
        &r,
        "sia-praktijkgericht-onderzoek-extramurale-zorg",
        "000",
        2736,
        2738,
    );
    for key in [
        "zonmw-goed-gebruik-geneesmiddelen",
        "zonmw-goed-gebruik-hulpmiddelenzorg-thuis",
        "zonmw-doelmatigheidsonderzoek",
    ] {
        instrument(&r, key, "000", 1622, 1625);
    }
    instrument(&r, "call-smart-tech", "000", 2101, 2101);
    instrument(
        &r,
        "nwa-gezondheidszorgonderzoek-preventie-behandeling",
        "000",
        2363,
        2365,
    );
    instrument(&r, "nwa-klimaatadaptatie-en-gezondheid", "000", 4087, 4088);
    for (key, eur) in [
        ("ngf-health-ri", 69_000_000),
        ("ngf-ained", 204_500_000),
        ("ngf-human-capital", 263_000_000),
    ] {
        let i = instrument(&r, key, "000", 1257, 4910);
        assert_eq!(i.budget.map(|b| b.0.get()), Some(eur), "{key}");
    }
    instrument(&r, "rvo-stoz", "002", 1362, 1362);
    let haj = r
        .parts()
        .programma
        .iter()
        .find(|p| p.code.as_str() == "HAJ");
    assert!(haj.is_some_and(|p| cites(&p.source, "000", 804, 807)));
}

#[test]
fn table_2_maps_nine_programmes_to_missions() {
    let r = register();
    let rows = &r.parts().programma_bijdrage;
    assert_eq!(rows.len(), 9);
    for row in rows {
        assert!(cites(&row.source, "000", 794, 838), "{}", row.id);
    }
    let wozo = rows
        .iter()
        .find(|x| x.programma.as_str() == "WOZO")
        .unwrap();
    assert_eq!(
        wozo.missies,
        [MissieCode::I, MissieCode::II, MissieCode::IV]
    );
}

#[test]
fn the_letter_of_2015_is_cited() {
    let r = register();
    let p = r.parts();
    let from_004 = p
        .programma
        .iter()
        .filter(|x| x.source.doc == doc("004"))
        .count();
    assert_eq!(from_004, 4, "the ZonMw programmes of 004");
    let vws = p
        .kengetal
        .iter()
        .find(|k| k.id.as_str() == "004-vws-medische-technologie");
    let vws = vws.expect("VWS's 127 million is a key figure");
    assert!(cites(&vws.source, "004", 300, 304));
    assert_eq!(vws.value.as_ref().map(|v| v.0), Some(127_000_000.0));
}

#[test]
fn figure_4_and_the_results_of_2020_2023_are_data() {
    let r = register();
    let k = &r.parts().kengetal;
    let fig4: Vec<f64> = k
        .iter()
        .filter(|x| cites(&x.source, "000", 6072, 6080))
        .filter_map(|x| x.value.as_ref().map(|v| v.0))
        .collect();
    assert_eq!(
        fig4,
        [250e6, 708e6, 2.2e9],
        "EU, KIC partners, NGF (sorted by id)"
    );
    let results = k
        .iter()
        .filter(|x| cites(&x.source, "000", 1054, 1057))
        .count();
    assert_eq!(results, 3);
}

#[test]
fn the_errors_the_issue_lists_are_fixed() {
    let r = register();
    let p = r.parts();
    // IV-nds-diagnose-op-maat cites where its text stands.
    target(&r, "IV-nds-diagnose-op-maat", "001", 785, 789);
    let d = p
        .doel
        .iter()
        .find(|d| d.id.as_str() == "IV-nds-diagnose-op-maat");
    assert_eq!(d.unwrap().source.lines.unwrap().to_string(), "785-789");
    // 002's rows at 1383-1399 belong to barrier 4 (funding).
    let rows: Vec<_> = p
        .aanbeveling
        .iter()
        .filter(|a| cites(&a.source, "002", 1383, 1399))
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|a| a.barriere == Some(id("financiering"))));
    // The dementia strategy: 26 mln through 2025, then 16 mln.
    let nds = instrument(&r, "nds-nationale-dementiestrategie", "001", 1077, 1078);
    let (until, later) = nds.budget_later.expect("the later amount is kept");
    assert_eq!(
        (until.get(), later.map(|e| e.get())),
        (2025, Some(16_000_000))
    );
    let y = |n: i64| Jaar::try_from(n).unwrap();
    assert_eq!(nds.budget_in(y(2025)).unwrap().0.get(), 26_000_000);
    assert_eq!(nds.budget_in(y(2026)).unwrap().0.get(), 16_000_000);
    // The SPUK 'zelfde SPUK als hiervoor genoemd' is counted once.
    let spuk = instrument(&r, "gala-sa2-spuk", "001", 995, 1016);
    let regio = instrument(&r, "iza-gala-spuk-regioplan", "001", 1017, 1031);
    assert_eq!(regio.part_of, Some(id("gala-sa2-spuk")));
    assert_eq!(
        Instrument::per_jaar_samen(&[spuk, regio], y(2025)).get(),
        300_000_000
    );
    // Initiators the text does not name are gone; TSM is not HTSM.
    let init = |key: &str| -> Vec<String> {
        let a = p.activiteit.iter().find(|a| a.id.as_str() == key).unwrap();
        a.initiatiefnemers.iter().map(|o| o.to_string()).collect()
    };
    assert!(!init("000-IV-3").contains(&"alzheimer-nederland".to_owned()));
    assert_eq!(init("000-IV-4"), ["ciiic", "topsector-lsh", "clicknl"]);
    assert!(init("000-ME-1").is_empty());
    assert!(init("000-HC-3").is_empty());
    assert!(!init("000-I-8").contains(&"topsector-htsm".to_owned()));
    // Mission II's three 2024 wordings, each with its source.
    let ii = r.missie(MissieCode::II).unwrap();
    assert!(cites(&ii.source, "001", 443, 445));
    let other: Vec<_> = p
        .formulering
        .iter()
        .filter(|f| f.missie == MissieCode::II)
        .collect();
    assert!(other.iter().any(|f| cites(&f.source, "000", 706, 713)));
    assert!(other.iter().any(|f| cites(&f.source, "000", 2742, 2744)));
    // Every mission's short title says where it stands.
    assert!(r.missies().iter().all(|m| m.title_source.is_some()));
}
