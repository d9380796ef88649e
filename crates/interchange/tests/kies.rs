//! The knowledge and innovation ecosystem (000 Figure 5): the curated elements and links hold
//! what the document lists, so the data cannot shrink unnoticed; a link to nothing is refused
//! naming file, record and field.

use std::collections::BTreeSet;

use gemeten_domain::{KiesSoort, MissieCode};
use gemeten_interchange::{from_toml_files, reference_register};

const DOC: &str = include_str!("../../../data/bronnen/000.txt");

/// Lines `a..=b` of 000 joined by spaces.
fn lines(a: usize, b: usize) -> String {
    DOC.split('\n')
        .skip(a - 1)
        .take(b - a + 1)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The items of a list the document separates with `sep`, trimmed, without empty ones.
fn items(text: &str, sep: char) -> BTreeSet<String> {
    text.split(sep)
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn the_legend_lists_as_many_elements_of_each_kind_as_the_register_holds() {
    let r = reference_register().expect("reference dataset");
    let all = r.kies(None, None);
    let legend = |kind: KiesSoort| {
        all.van_soort(kind)
            .iter()
            .filter(|k| k.source.section.as_str().ends_with("LEGENDA"))
            .count()
    };
    // Sleuteltechnologieën: "…Meerjarige Programma's: Exceed (…); …; Medische Isotopen (MJP92)."
    let ket = lines(6510, 6516);
    let ket = ket.split_once("Programma’s:").expect("KET legend").1;
    assert_eq!(items(ket, ';').len(), 16);
    assert_eq!(legend(KiesSoort::Sleuteltechnologie), items(ket, ';').len());
    // Sleutelmethodologieën (KEM's): eight, separated by ';'.
    let kem = lines(6517, 6518);
    let kem = kem.split_once("(KEM’s):").expect("KEM legend").1;
    assert_eq!(items(kem, ';').len(), 8);
    assert_eq!(legend(KiesSoort::Sleutelmethodologie), 8);
    // NWA-routes: "Route 3: …; Route 4: …" — eighteen numbered routes.
    let nwa = lines(6502, 6509);
    let routes = nwa.matches("Route ").count();
    assert_eq!(routes, 18);
    assert_eq!(legend(KiesSoort::NwaRoute), routes);
    // Topsectoren – TKI's: nine.
    let tki = lines(6519, 6520);
    let tki = tki.split_once("TKI’s:").expect("TKI legend").1;
    assert_eq!(items(tki, ';').len(), 9);
    assert_eq!(legend(KiesSoort::Topsector), 9);
    // Partnerschappen: 36 in the legend (lines 6521-6535; its ';' also separate SPREAD+ from
    // its expansion and YOD-INCLUDED and YOD-MOLECULAR share one item, so counted by hand).
    assert_eq!(legend(KiesSoort::Partnerschap), 36);
    // Zorgakkoorden en overheidsbeleid: IZA, WOZO, GALA, TAZ, TPI, GD, NDS (lines 6497-6501).
    assert_eq!(legend(KiesSoort::Zorgakkoord), 7);
    // And what only the figure names: Water, DDD; KO, Duurzame productie, Blauwe route; 22
    // partnerships; HAJ, OM, PP.
    let figure_only = |kind: KiesSoort| all.van_soort(kind).len() - legend(kind);
    assert_eq!(figure_only(KiesSoort::Topsector), 2);
    assert_eq!(figure_only(KiesSoort::NwaRoute), 3);
    assert_eq!(figure_only(KiesSoort::Partnerschap), 22);
    assert_eq!(figure_only(KiesSoort::Zorgakkoord), 3);
    assert_eq!(all.knopen.len(), 124);
}

/// Lines `from..=to` of 000.
type Cel = (usize, usize);
/// A mission's row: its EZK, OCW, KEM (if any) and partnership cells.
type Rij = (MissieCode, Cel, Cel, Option<usize>, Cel);

/// The cells of the figure's row of each mission (first rendering): EZK, OCW, KEM and
/// partnership cells; every item of each cell is one link of its kind.
const ROWS: &[Rij] = &[
    (
        MissieCode::C,
        (6199, 6199),
        (6200, 6200),
        Some(6204),
        (6206, 6207),
    ),
    (
        MissieCode::I,
        (6209, 6209),
        (6210, 6212),
        Some(6218),
        (6220, 6224),
    ),
    (
        MissieCode::II,
        (6226, 6226),
        (6227, 6228),
        Some(6233),
        (6235, 6239),
    ),
    (
        MissieCode::III,
        (6241, 6241),
        (6242, 6242),
        Some(6247),
        (6249, 6257),
    ),
    (
        MissieCode::IV,
        (6259, 6259),
        (6260, 6260),
        Some(6264),
        (6266, 6270),
    ),
    (
        MissieCode::V,
        (6272, 6272),
        (6273, 6273),
        None,
        (6276, 6276),
    ),
];

#[test]
fn every_item_of_every_cell_of_the_figure_is_a_link_of_its_mission() {
    let r = reference_register().expect("reference dataset");
    for (m, ezk, ocw, kem, pps) in ROWS {
        let g = r.kies(Some(*m), None);
        let count = |kind: KiesSoort| {
            g.pijlen
                .iter()
                .filter(|p| r.kies_knoop(&p.from).is_some_and(|k| k.kind == kind))
                .count()
        };
        let ezk = lines(ezk.0, ezk.1);
        let ezk = ezk.split_once("EZK via").expect("EZK cell").1;
        assert_eq!(
            count(KiesSoort::Topsector),
            items(ezk, '/').len(),
            "{m} EZK"
        );
        let ocw = lines(ocw.0, ocw.1);
        let ocw = ocw.split_once("OCW via").expect("OCW cell").1;
        let ocw = ocw.split_once("VWS via").map_or(ocw, |(a, _)| a);
        assert_eq!(count(KiesSoort::NwaRoute), items(ocw, '/').len(), "{m} OCW");
        let kem = kem.map_or(0, |l| items(&lines(l, l), '/').len());
        assert_eq!(count(KiesSoort::Sleutelmethodologie), kem, "{m} KEM");
        // ABOARD stands twice in row IV; the set counts it once.
        let pps = items(&lines(pps.0, pps.1), '/');
        assert_eq!(count(KiesSoort::Partnerschap), pps.len(), "{m} PPS");
    }
    // The KET cells name programmes by number: 4, 4, 2, 8, 5 and none.
    let ket: Vec<usize> = [
        MissieCode::C,
        MissieCode::I,
        MissieCode::II,
        MissieCode::III,
        MissieCode::IV,
        MissieCode::V,
    ]
    .iter()
    .map(|m| {
        r.kies(Some(*m), Some(KiesSoort::Sleuteltechnologie))
            .pijlen
            .len()
    })
    .collect();
    assert_eq!(ket, [4, 4, 2, 8, 5, 0]);
    // Care agreements by Tabel 2: IZA, HAJ, WOZO, GALA, TAZ, OM, GD, NDS, PP over 16 links.
    assert_eq!(r.kies(None, Some(KiesSoort::Zorgakkoord)).pijlen.len(), 16);
    assert_eq!(r.kies(None, None).pijlen.len(), 213);
}

#[test]
fn a_mission_query_holds_only_that_missions_elements_and_links() {
    let r = reference_register().expect("reference dataset");
    let iv = r.kies(Some(MissieCode::IV), None);
    assert!(iv.pijlen.iter().all(|p| p.to == MissieCode::IV));
    let named: BTreeSet<&str> = iv.pijlen.iter().map(|p| p.from.as_str()).collect();
    let nodes: BTreeSet<&str> = iv.knopen.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(named, nodes);
    assert!(nodes.contains("pps-aboard") && nodes.contains("za-nds"));
    assert!(!nodes.contains("pps-amr-global"));
    // Health-RI is the register's organisation and NGF instrument of the same name.
    let hri = r.kies_knoop(&"pps-health-ri".parse().unwrap()).unwrap();
    assert_eq!(
        hri.organisatie.as_ref().map(|o| o.as_str()),
        Some("health-ri")
    );
    assert_eq!(
        hri.instrument.as_ref().map(|o| o.as_str()),
        Some("ngf-health-ri")
    );
}

/// The reference files as they are on disk, with `extra` appended to `kies_000.toml`.
fn with_extra(extra: &str) -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/referentie");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let name = format!(
                "data/referentie/{}",
                p.file_name().unwrap().to_string_lossy()
            );
            let mut text = std::fs::read(&p).unwrap();
            if name.ends_with("kies_000.toml") {
                text.extend_from_slice(extra.as_bytes());
            }
            (name, text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_files_on_disk_load_as_the_embedded_reference() {
    let from_disk = from_toml_files(&with_extra("")).expect("loads");
    assert_eq!(from_disk, reference_register().unwrap());
}

#[test]
fn a_link_to_an_element_that_does_not_exist_is_refused_naming_file_record_and_field() {
    let extra = "\n[[kies_pijl]]\nfrom = \"pps-bestaat-niet\"\nto = \"II\"\ntext_nl = \"X\"\nsource = { doc = \"000\", section = \"Bijlagen\", lines = \"6235-6235\" }\n";
    let err = from_toml_files(&with_extra(extra)).expect_err("refused");
    assert_eq!(err.0.len(), 1, "{err}");
    let e = &err.0[0];
    assert_eq!(e.location.file, "data/referentie/kies_000.toml");
    assert_eq!(e.location.table.as_deref(), Some("kies_pijl"));
    assert_eq!(e.location.key.as_deref(), Some("pps-bestaat-niet->II"));
    assert_eq!(e.location.field.as_deref(), Some("from"));
    assert!(e.location.line.is_some());
    assert!(
        e.reason.nl.contains("'pps-bestaat-niet', die niet bestaat"),
        "{}",
        e.reason.nl
    );
    assert!(
        e.reason.en.contains("which does not exist"),
        "{}",
        e.reason.en
    );
}

#[test]
fn an_element_naming_an_unknown_organisation_instrument_or_programme_is_refused() {
    let extra = "\n[[kies_knoop]]\nid = \"pps-nieuw\"\nkind = \"partnerschap\"\nname_nl = \"Nieuw\"\norganisatie = \"geen-organisatie\"\ninstrument = \"geen-instrument\"\nprogramma = \"GEEN\"\nsource = { doc = \"000\", section = \"Bijlagen\", lines = \"6235-6235\" }\n\n[[kies_pijl]]\nfrom = \"pps-nieuw\"\nto = \"VI\"\ntext_nl = \"Nieuw\"\nsource = { doc = \"000\", section = \"Bijlagen\", lines = \"6235-6235\" }\n";
    let err = from_toml_files(&with_extra(extra)).expect_err("refused");
    let fields: BTreeSet<(String, String)> = err
        .0
        .iter()
        .map(|e| {
            (
                e.location.key.clone().unwrap_or_default(),
                e.location.field.clone().unwrap_or_default(),
            )
        })
        .collect();
    // An unknown mission code is refused while decoding, before the links are checked.
    assert!(
        fields.contains(&("pps-nieuw->VI".into(), "to".into())),
        "{fields:?}"
    );
    let err =
        from_toml_files(&with_extra(&extra.replace("\"VI\"", "\"II\""))).expect_err("refused");
    let fields: BTreeSet<String> = err
        .0
        .iter()
        .map(|e| e.location.field.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        fields,
        ["instrument", "organisatie", "programma"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert!(err
        .0
        .iter()
        .all(|e| e.location.file.ends_with("kies_000.toml")));
}
