//! kpi_definitie: stored user KPI definitions and their change counter, on both backends.

use super::support::TestDb;
use crate::StoreError;

fn def(code: &str, unit: &str) -> (String, String) {
    (
        code.to_owned(),
        format!(r#"{{"code":"{code}","unit":"{unit}"}}"#),
    )
}

/// Upsert and list: a second write of a code replaces it; the `kpi` counter moves, the
/// others stay; a unit that fails writes nothing.
fn definitions_upsert_list_and_count(db: &TestDb) {
    let mut store = db.open();
    let reader = db.open();
    assert!(store.kpi_definities().unwrap().is_empty());
    let start = reader.versies().unwrap();
    store
        .zet_kpi_definities(&[def("b_kpi", "%"), def("a_kpi", "jaar")], "anna")
        .unwrap();
    let after = reader.versies().unwrap();
    assert!(after.kpi > start.kpi, "{start:?} → {after:?}");
    assert_eq!(after.waarneming, start.waarneming);
    let stored = reader.kpi_definities().unwrap();
    let codes: Vec<&str> = stored.iter().map(|k| k.code.as_str()).collect();
    assert_eq!(codes, ["a_kpi", "b_kpi"]);
    assert_eq!(stored[0].door, "anna");
    assert!(
        stored[0].gewijzigd_op.ends_with('Z'),
        "{}",
        stored[0].gewijzigd_op
    );

    store
        .zet_kpi_definities(&[def("a_kpi", "dagen")], "bert")
        .unwrap();
    let stored = reader.kpi_definities().unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored[0].definitie.contains("dagen"));
    assert_eq!(stored[0].door, "bert");

    // Undone by the caller: nothing of it stays, the counter neither.
    let before = reader.versies().unwrap();
    let r: Result<(), StoreError> = store.atomically(|s| {
        s.zet_kpi_definities(&[def("c_kpi", "%")], "anna")?;
        Err(s.corrupt("kpi_definitie", "test"))
    });
    assert!(r.is_err());
    assert_eq!(reader.kpi_definities().unwrap().len(), 2);
    assert_eq!(reader.versies().unwrap(), before);
}

/// SES breakdowns administrators define (migration 0014): upsert and list like KPIs, and a
/// write moves the catalogue's `kpi` counter, so cached catalogues see it.
fn breakdowns_upsert_list_and_count(db: &TestDb) {
    let mut store = db.open();
    let reader = db.open();
    assert!(store.ses_dimensie_definities().unwrap().is_empty());
    let start = reader.versies().unwrap();
    store
        .zet_ses_dimensies(&[def("wijk", "-"), def("beroep", "-")], "anna")
        .unwrap();
    let after = reader.versies().unwrap();
    assert!(after.kpi > start.kpi, "{start:?} → {after:?}");
    let codes: Vec<String> = reader
        .ses_dimensie_definities()
        .unwrap()
        .into_iter()
        .map(|k| k.code)
        .collect();
    assert_eq!(codes, ["beroep", "wijk"]);
    store
        .zet_ses_dimensies(&[def("wijk", "x")], "bert")
        .unwrap();
    let stored = reader.ses_dimensie_definities().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].door, "bert");
    assert!(reader.kpi_definities().unwrap().is_empty());
}

super::on_both!(
    definitions_upsert_list_and_count,
    breakdowns_upsert_list_and_count
);
