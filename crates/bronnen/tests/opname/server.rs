//! A local server replaying the recorded CBS OData responses (two pages built from the real
//! 71950ned export; the first links to the second, as CBS does past 10,000 records), so no
//! test needs the network. Included by the tests of `bronnen` and of the CLI.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

const PAGINA1: &str = include_str!("71950ned_typeddataset_pagina1.json");
const PAGINA2: &str = include_str!("71950ned_typeddataset_pagina2.json");

/// Starts the server on a free local port and returns its base URL; 404 for anything but
/// the two recorded pages.
pub fn opgenomen_cbs() -> String {
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
            let (status, body) = match pad {
                "/71950ned/TypedDataSet?$format=json" => ("200 OK", PAGINA1.replace("{BASIS}", &b)),
                "/71950ned/TypedDataSet?$format=json&$skip=3" => {
                    ("200 OK", PAGINA2.replace("{BASIS}", &b))
                }
                _ => ("404 Not Found", String::new()),
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
