//! A mapping and a KPI a user writes, end to end; and the refusals: an unknown code, two
//! columns to one value, a pooled period for a KPI of years only.

use gemeten_bronnen::{importeer, meegeleverd, BronFout, Koppeling};
use gemeten_domain::Periodesoort;
use gemeten_indicators::{Catalogus, KpiDefinitie};

/// A StatLine-style export as a user downloads it: BOM, `;`, decimal comma, labels, `.` for
/// not available, a significance column, a status column and a footer.
const ROKEN: &str = "\u{feff}Regio's;Geslacht;Perioden;Rokers (%);Significantie;Status
Nederland;Totaal mannen en vrouwen;2022;20,5;;definitief
GGD Amsterdam;Mannen;2022;24,1;hoger, 99% zeker;definitief
GGD Amsterdam;Vrouwen;2022;18,3;;voorlopig
GGD Amsterdam;Vrouwen;2023;.;;voorlopig
Bron: CBS/RIVM;;;;;
";

const ROKEN_KOPPELING: &str = r#"
omschrijving = "Rokers naar regio en geslacht"
bestanden = ["roken_regio.csv"]
bron = "CBS/RIVM Gezondheidsmonitor"
licentie = "CC BY 4.0, bron: CBS"
significantie = "Significantie"
publicatiestatus = "Status"

[formaat]
scheidingsteken = ";"
decimaalkomma = true
ontbrekend = ["", "."]
voettekst = ["Bron:"]

[periode]
kolom = "Perioden"

[regio]
kolom = "Regio's"
codes = { Nederland = "NL01", "GGD Amsterdam" = "GG3406" }

[geslacht]
kolom = "Geslacht"
codes = { "Totaal mannen en vrouwen" = "", Mannen = "man", Vrouwen = "vrouw" }

[[maat]]
kolom = "Rokers (%)"
kpi = "rokers"
"#;

fn catalogus_met_rokers() -> Catalogus {
    let mut cat = Catalogus::standaard().unwrap();
    let kpi: KpiDefinitie = toml::from_str(
        r#"
        code = "rokers"
        name_nl = "Aandeel rokers"
        name_en = "Share of smokers"
        unit = "%"
        direction = "lower"
        source = "CBS/RIVM Gezondheidsmonitor"
        breakdowns = ["sex"]
        perioden = ["jaar"]
        "#,
    )
    .unwrap();
    cat.kpis.insert(kpi.code.clone(), kpi);
    cat
}

fn fout(r: Result<Vec<gemeten_domain::Waarneming>, BronFout>) -> String {
    match r {
        Ok(w) => panic!("accepted {} observations", w.len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_user_mapping_and_kpi_import_a_new_table_end_to_end() {
    let cat = catalogus_met_rokers();
    let k = Koppeling::lees(ROKEN_KOPPELING, "roken.toml").unwrap();
    let w = importeer(ROKEN, "roken_regio.csv", &k, &cat).unwrap();
    assert_eq!(
        w.len(),
        3,
        "the '.' of 2023 gives none, the footer none: {w:?}"
    );
    let nl = &w[0];
    assert_eq!((nl.region.as_str(), nl.value), ("NL01", 20.5));
    assert!(nl.is_national_total());
    assert_eq!(nl.publicatiestatus.as_deref(), Some("definitief"));
    assert_eq!(nl.significantie, None);
    let man = &w[1];
    assert_eq!(
        (man.region.as_str(), man.sex.as_str(), man.value),
        ("GG3406", "man", 24.1)
    );
    assert_eq!(man.significantie.as_deref(), Some("hoger, 99% zeker"));
    assert_eq!(
        man.source,
        "CBS/RIVM Gezondheidsmonitor (CC BY 4.0, bron: CBS)"
    );
    assert_eq!(w[2].publicatiestatus.as_deref(), Some("voorlopig"));
    // Without the user's KPI in the catalogue the same import is refused, naming the column.
    let e = fout(importeer(
        ROKEN,
        "roken_regio.csv",
        &k,
        &Catalogus::standaard().unwrap(),
    ));
    assert!(
        e.contains("regel 2") && e.contains("kolom 'Rokers (%)'") && e.contains("'rokers'"),
        "{e}"
    );
}

#[test]
fn an_unknown_code_is_refused_naming_file_line_column_and_code() {
    let cat = catalogus_met_rokers();
    let k = Koppeling::lees(ROKEN_KOPPELING, "roken.toml").unwrap();
    let tekst = ROKEN.replace("GGD Amsterdam;Vrouwen;2022", "GGD Utrecht;Vrouwen;2022");
    let e = fout(importeer(&tekst, "roken_regio.csv", &k, &cat));
    assert!(
        e.contains("roken_regio.csv, regel 4, kolom 'Regio's'")
            && e.contains("onbekende code 'GGD Utrecht'")
            && e.contains("GGD Amsterdam"),
        "{e}"
    );

    // The real StatLine export with an age the shipped mapping does not know.
    let m = meegeleverd()
        .iter()
        .find(|m| m.bestand.contains("statline"))
        .unwrap();
    let tekst = m.tekst.replace("0 jaar;2022", "80 jaar;2022");
    let e = fout(importeer(
        &tekst,
        m.bestand,
        &m.koppeling().unwrap(),
        &Catalogus::standaard().unwrap(),
    ));
    assert!(
        e.contains(&format!(
            "{}, regel 7, kolom 'Leeftijd (op 31 december)': onbekende code '80 jaar'",
            m.bestand
        )),
        "{e}"
    );

    // A code listed under `negeer` skips its row instead.
    let k = Koppeling::lees(
        &ROKEN_KOPPELING.replace(
            "codes = { Nederland",
            "negeer = [\"GGD Utrecht\"]\ncodes = { Nederland",
        ),
        "roken.toml",
    )
    .unwrap();
    let tekst = ROKEN.replace("GGD Amsterdam;Vrouwen;2022", "GGD Utrecht;Vrouwen;2022");
    assert_eq!(
        importeer(&tekst, "roken_regio.csv", &k, &cat)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn two_columns_to_one_value_are_refused() {
    // Read time: two measures of one KPI on the same rows.
    let twee =
        format!("{ROKEN_KOPPELING}\n[[maat]]\nkolom = \"Significantie\"\nkpi = \"rokers\"\n");
    let e = Koppeling::lees(&twee, "roken.toml")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("koppeling roken.toml")
            && e.contains("kolom 'Rokers (%)'")
            && e.contains("kolom 'Significantie'")
            && e.contains("rokers"),
        "{e}"
    );

    // Data time: conditions that differ but, through the data, land on one observation
    // (age 0 and age 65 both sent to `levensverwachting`).
    let k = Koppeling::lees(
        r#"
        bron = "test"
        [formaat]
        scheidingsteken = ";"
        decimaalkomma = true
        [periode]
        kolom = "Perioden"
        [kenmerk.leeftijd]
        kolom = "Leeftijd"
        codes = { "0 jaar" = "0", "65 jaar" = "65" }
        [[maat]]
        kolom = "Bij geboorte"
        kpi = "levensverwachting"
        waar = { leeftijd = "0" }
        [[maat]]
        kolom = "Op 65"
        kpi = "levensverwachting"
        waar = { leeftijd = "65" }
        "#,
        "lv.toml",
    )
    .unwrap();
    let tekst = "Leeftijd;Perioden;Bij geboorte;Op 65\n0 jaar;2021;81,35;\n65 jaar;2021;;20,1\n";
    let e = fout(importeer(
        tekst,
        "lv.csv",
        &k,
        &Catalogus::standaard().unwrap(),
    ));
    assert!(
        e.contains("lv.csv, regel 3, kolom 'Op 65'")
            && e.contains("dezelfde waarneming als regel 2, kolom 'Bij geboorte'"),
        "{e}"
    );
}

#[test]
fn a_pooled_period_for_a_kpi_of_years_only_is_refused_with_the_reason() {
    let mut cat = Catalogus::standaard().unwrap();
    cat.kpis
        .get_mut("gezonde_levensverwachting")
        .unwrap()
        .perioden = vec![Periodesoort::Jaar];
    let m = meegeleverd()
        .iter()
        .find(|m| m.bestand.starts_with("rivm"))
        .unwrap();
    let e = fout(importeer(m.tekst, m.bestand, &m.koppeling().unwrap(), &cat));
    // Line 12 is the first pooled row (two comment lines and the header come first).
    assert!(
        e.contains(&format!("{}, regel 12, kolom 'period'", m.bestand))
            && e.contains("'2015-2018' is een meerjarige periode")
            && e.contains("neemt alleen jaar aan"),
        "{e}"
    );
}

#[test]
fn a_missing_column_and_a_bad_mapping_are_refused_before_reading() {
    let cat = catalogus_met_rokers();
    let k = Koppeling::lees(ROKEN_KOPPELING, "roken.toml").unwrap();
    let tekst = ROKEN.replace("Rokers (%)", "Rokers");
    let e = fout(importeer(&tekst, "roken_regio.csv", &k, &cat));
    assert!(
        e.contains("regel 1, kolom 'Rokers (%)': kolom ontbreekt"),
        "{e}"
    );
    for (slecht, verwacht) in [
        (
            ROKEN_KOPPELING.replace("kolom = \"Perioden\"", ""),
            "[periode] moet óf 'waarde'",
        ),
        (
            ROKEN_KOPPELING.replace("scheidingsteken = \";\"", "scheidingsteken = \";;\""),
            "één teken",
        ),
        (
            ROKEN_KOPPELING.replace(
                "kpi = \"rokers\"",
                "kpi = \"rokers\"\nwaar = { leeftijd = \"0\" }",
            ),
            "onbekend kenmerk 'leeftijd'",
        ),
        (
            ROKEN_KOPPELING.replace("[periode]", "[periode]\nonbekend = 1"),
            "onbekend",
        ),
    ] {
        let e = Koppeling::lees(&slecht, "roken.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains(verwacht), "{verwacht}: {e}");
    }
}

#[test]
fn the_example_mapping_of_the_readme_reads() {
    let readme = include_str!("../README.md");
    let (_, rest) = readme.split_once("```toml\n").expect("a toml block");
    let (voorbeeld, _) = rest.split_once("```").unwrap();
    let k = Koppeling::lees(voorbeeld, "README.md").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(k.maat.len(), 2);
    assert_eq!(k.marges.unwrap().marge, "B000150");
}

#[test]
fn a_statline_star_is_the_publication_status_not_part_of_the_period() {
    let m = meegeleverd()
        .iter()
        .find(|m| m.bestand.contains("statline"))
        .unwrap();
    let tekst = m
        .tekst
        .replace(";2022;", ";2022**;")
        .replace(";2023;", ";2023*;");
    let w = importeer(
        &tekst,
        m.bestand,
        &m.koppeling().unwrap(),
        &Catalogus::standaard().unwrap(),
    )
    .unwrap();
    let status: Vec<(String, Option<&str>)> = w
        .iter()
        .map(|o| (o.period.to_string(), o.publicatiestatus.as_deref()))
        .collect();
    assert_eq!(
        status,
        vec![
            ("2021".to_owned(), None),
            ("2022".to_owned(), Some("nader voorlopig")),
            ("2023".to_owned(), Some("voorlopig")),
        ]
    );
}

#[test]
fn margin_rows_without_their_value_row_or_of_an_unknown_kind_are_refused() {
    let m = meegeleverd()
        .iter()
        .find(|m| m.bestand.contains("typeddataset"))
        .unwrap();
    let k = m.koppeling().unwrap();
    let cat = Catalogus::standaard().unwrap();
    let zonder_2023: String = m
        .tekst
        .lines()
        .filter(|l| !l.starts_with("42;"))
        .map(|l| format!("{l}\n"))
        .collect();
    let e = fout(importeer(&zonder_2023, m.bestand, &k, &cat));
    assert!(
        e.contains("regel 6, kolom 'LVInAlsGoedErvarenGezondheid_2': marge 0.3 zonder bijbehorende waarderij"),
        "{e}"
    );
    let andere_marge = m.tekst.replace(
        "83;m&v;T001038;10010;B000150",
        "83;m&v;T001038;10010;B000151",
    );
    let e = fout(importeer(&andere_marge, m.bestand, &k, &cat));
    assert!(
        e.contains("regel 5, kolom 'Marges': onbekende code 'B000151'"),
        "{e}"
    );
}
