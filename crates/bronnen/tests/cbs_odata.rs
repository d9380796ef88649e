//! `haal_cbs` against a recorded OData response, built from the real 71950ned export and
//! served from a local socket: no test needs the network.

#[path = "opname/server.rs"]
mod opname;

use gemeten_bronnen::{
    haal_cbs, importeer, koppel, meegeleverd, meegeleverde_koppeling_cbs, BronFout,
};
use gemeten_domain::Waarneming;
use gemeten_indicators::Catalogus;
use opname::opgenomen_cbs;

fn gesorteerd(mut w: Vec<Waarneming>) -> Vec<Waarneming> {
    w.sort_by(|a, b| (&a.kpi, a.period).cmp(&(&b.kpi, b.period)));
    w
}

#[test]
fn a_fetched_table_gives_the_same_observations_as_the_csv_export() {
    let basis = opgenomen_cbs();
    let tabel = haal_cbs(&basis, "71950ned").unwrap();
    assert_eq!(tabel.rijen.len(), 6, "both pages");
    assert_eq!(tabel.naam, "CBS OData 71950ned");
    let cat = Catalogus::standaard().unwrap();
    let k = meegeleverde_koppeling_cbs("71950NED")
        .expect("shipped")
        .unwrap();
    let uit_odata = gesorteerd(koppel(&tabel, &k, &cat).unwrap());

    let m = meegeleverd()
        .iter()
        .find(|m| m.bestand.contains("typeddataset"))
        .unwrap();
    let uit_csv = gesorteerd(importeer(m.tekst, m.bestand, &k, &cat).unwrap());
    assert_eq!(uit_odata.len(), 30);
    assert_eq!(uit_odata, uit_csv);
    let g = uit_odata
        .iter()
        .find(|o| o.kpi == "gezonde_levensverwachting" && o.period.to_string() == "2021")
        .unwrap();
    assert_eq!((g.value, g.lower, g.upper), (65.2, Some(64.9), Some(65.5)));
}

#[test]
fn an_unknown_table_and_a_bad_table_id_are_refused_in_dutch() {
    let basis = opgenomen_cbs();
    let e = haal_cbs(&basis, "99999ned").unwrap_err();
    assert!(matches!(e, BronFout::Ophalen { .. }), "{e:?}");
    let e = e.to_string();
    assert!(
        e.contains("CBS-tabel 99999ned ophalen") && e.contains("404"),
        "{e}"
    );
    let e = haal_cbs(&basis, "71950ned/../x").unwrap_err().to_string();
    assert!(e.contains("letters en cijfers"), "{e}");
}
