//! `haal_cbs` against a recorded OData response, built from the real 71950ned export and
//! served from a local socket: no test needs the network.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use gemeten_bronnen::{
    haal_cbs, importeer, koppel, meegeleverd, meegeleverde_koppeling_cbs, BronFout,
};
use gemeten_domain::Waarneming;
use gemeten_indicators::Catalogus;

const PAGINA1: &str = include_str!("opname/71950ned_typeddataset_pagina1.json");
const PAGINA2: &str = include_str!("opname/71950ned_typeddataset_pagina2.json");

/// Serves the two recorded pages (the first links to the second, as CBS does past 10,000
/// records) and 404 for anything else; returns the base URL.
fn opgenomen_cbs() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let basis = format!("http://{}", listener.local_addr().unwrap());
    let b = basis.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut eerste = String::new();
            let _ = reader.read_line(&mut eerste);
            // The rest of the request head.
            loop {
                let mut regel = String::new();
                if reader.read_line(&mut regel).unwrap_or(0) == 0 || regel == "\r\n" {
                    break;
                }
            }
            let pad = eerste.split_whitespace().nth(1).unwrap_or("");
            let (status, body) = if pad == "/71950ned/TypedDataSet?$format=json" {
                ("200 OK", PAGINA1.replace("{BASIS}", &b))
            } else if pad == "/71950ned/TypedDataSet?$format=json&$skip=3" {
                ("200 OK", PAGINA2.replace("{BASIS}", &b))
            } else {
                ("404 Not Found", String::new())
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    basis
}

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
