//! Project portfolios as funders export them: every bad record is refused with its line,
//! record and field, and nothing of a refused file is returned.

use gemeten_domain::{OrganisatieSoort, Register};
use gemeten_interchange::{projects_to_csv, read_projects, reference_register, ReadErrors};

const HEADER: &str =
    "id,title,summary,funder,status,partners,missies,kia_vragen,trl,funding,start,end";

fn register() -> Register {
    reference_register().unwrap()
}

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s.into_bytes()
}

const GOOD: &str = "p1,Valdetectie,Sensoren in huis,NWO,lopend,Hogeschool Utrecht|hogeschool|penvoerder; Sense BV|mkb|partner,II,000-II-t02,5,NWO||300000|2023|2026,2023,2026";

fn refused(bytes: &[u8], file: &str) -> ReadErrors {
    read_projects(bytes, file, &register()).unwrap_err()
}

/// (line, field, reason) of each problem.
fn problems(e: &ReadErrors) -> Vec<(Option<usize>, Option<String>, String)> {
    e.0.iter()
        .map(|p| {
            (
                p.location.line,
                p.location.field.clone(),
                p.reason.en.clone(),
            )
        })
        .collect()
}

#[test]
fn a_valid_file_reads_and_round_trips_through_csv() {
    let r = register();
    let projects = read_projects(&csv(&[GOOD]), "p.csv", &r).unwrap();
    assert_eq!(projects.len(), 1);
    let p = &projects[0];
    assert_eq!(p.partners.len(), 2);
    assert_eq!(p.lead_kind(), Some(OrganisatieSoort::Hogeschool));
    assert_eq!(p.funding_total(), 300_000);
    let written = projects_to_csv(&projects, "out.csv").unwrap();
    let again = read_projects(&written, "out.csv", &r).unwrap();
    assert_eq!(again, projects);
    let json = serde_json::to_vec(&projects).unwrap();
    assert_eq!(read_projects(&json, "p.json", &r).unwrap(), projects);
}

#[test]
fn the_sample_portfolio_reads() {
    let bytes = include_bytes!("../../../data/voorbeeld/projecten.csv");
    let projects = read_projects(bytes, "projecten.csv", &register()).unwrap();
    assert_eq!(projects.len(), 12);
}

#[test]
fn every_bad_record_is_named_with_line_and_field() {
    let rows = [
        GOOD,
        // line 3: TRL 12
        "p2,Twee,,NWO,lopend,,II,,12,,,",
        // line 4: ends before it starts
        "p3,Drie,,NWO,lopend,,II,,,,2025,2020",
        // line 5: unknown KIA question and unknown mission
        "p4,Vier,,NWO,lopend,,VII,000-II-zz9,,,,",
        // line 6: duplicate id
        "p1,Dubbel,,NWO,lopend,,II,,,,,",
        // line 7: a partner without a role
        "p5,Vijf,,NWO,lopend,Alleen een naam|mkb,II,,,,,",
        // line 8: unknown status
        "p6,Zes,,NWO,bezig,,II,,,,,",
    ];
    let e = refused(&csv(&rows), "p.csv");
    let p = problems(&e);
    let has = |line: usize, field: &str, text: &str| {
        p.iter()
            .any(|(l, f, r)| *l == Some(line) && f.as_deref() == Some(field) && r.contains(text))
    };
    assert!(has(3, "trl", "TRL 12 is outside 1-9"), "{p:#?}");
    assert!(has(4, "end", "2020"), "{p:#?}");
    assert!(has(5, "missies[0]", "unknown variant `VII`"), "{p:#?}");
    assert!(has(6, "id", "project id 'p1' occurs twice"), "{p:#?}");
    assert!(has(7, "partners", "name|kind|role"), "{p:#?}");
    assert!(has(8, "status", "unknown variant `bezig`"), "{p:#?}");
    assert_eq!(p.len(), 6, "one problem per bad line: {p:#?}");
    // The duplicate and the unknown question are found once the records decode.
    let e = refused(
        &csv(&[
            GOOD,
            "p1,Dubbel,,NWO,lopend,,II,,,,,",
            "p4,Vier,,NWO,lopend,,II,000-II-zz9,,,,",
        ]),
        "p.csv",
    );
    let p = problems(&e);
    assert!(
        p.iter().any(|(l, f, r)| *l == Some(3)
            && f.as_deref() == Some("id")
            && r.contains("occurs twice")),
        "{p:#?}"
    );
    assert!(
        p.iter().any(|(l, f, r)| *l == Some(4)
            && f.as_deref() == Some("kia_vragen")
            && r.contains("000-II-zz9")),
        "{p:#?}"
    );
}

#[test]
fn missing_and_unknown_columns_are_refused_before_any_row() {
    let e = refused(b"id,title,status\np1,Een,lopend\n", "p.csv");
    let p = problems(&e);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!(p[0].0, Some(1));
    assert_eq!(p[0].1.as_deref(), Some("funder"));
    assert!(p[0].2.contains("required column is missing"));

    let e = refused(
        b"id,title,funder,status,budget\np1,Een,NWO,lopend,5\n",
        "p.csv",
    );
    assert!(problems(&e)[0].2.contains("unknown column"));

    // A column named twice: refused naming it, not read from one of its two cells.
    let e = refused(
        b"id,title,funder,status,trl,trl\np1,Een,NWO,lopend,4,12\n",
        "p.csv",
    );
    let p = problems(&e);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!((p[0].0, p[0].1.as_deref()), (Some(1), Some("trl")));
    assert!(
        p[0].2.contains("appears twice in the header (column 6)"),
        "{p:#?}"
    );
}

#[test]
fn broken_files_name_the_line() {
    let e = refused(b"[{\"id\": \"p1\", \"title\": \"Een\",\n", "p.json");
    assert_eq!(problems(&e)[0].0, Some(2), "{e}");
    assert!(e.to_string().contains("ongeldige JSON"), "{e}");

    let mut bytes = csv(&[GOOD]);
    bytes.extend_from_slice(b"p2,Tw\xff,,NWO,lopend,,II,,,,,\n");
    let e = refused(&bytes, "p.csv");
    assert_eq!(problems(&e)[0].0, Some(3), "{e}");
    assert!(e.to_string().contains("UTF-8"), "{e}");

    let e = refused(b"{\"projects\": []}", "p.json");
    assert!(
        e.to_string().contains("verwacht een lijst van projecten"),
        "{e}"
    );
}

/// A refused project list in both languages: the reader's reasons and the domain's, with
/// the place named in the same language.
#[test]
fn a_refused_project_list_says_why_in_dutch_and_in_english() {
    let e = refused(&csv(&[GOOD, "p2,Twee,,NWO,lopend,,II,,12,,,"]), "p.csv");
    let nl = e.problemen().regels(gemeten_domain::Lang::Nl);
    let en = e.problemen().regels(gemeten_domain::Lang::En);
    assert_eq!(
        nl,
        ["bestand p.csv, regel 3, project #2 'p2', veld `trl`: TRL 12 ligt niet tussen 1 en 9"]
    );
    assert_eq!(
        en,
        ["file p.csv, line 3, project #2 'p2', field `trl`: TRL 12 is outside 1-9"]
    );
    let e = refused(&csv(&[GOOD, "p1,Dubbel,,NWO,lopend,,II,,,,,"]), "p.csv");
    assert_eq!(
        e.problemen().regels(gemeten_domain::Lang::Nl),
        ["bestand p.csv, regel 3, project #2 'p1', veld `id`: project-id 'p1' komt twee keer voor"]
    );
    assert_eq!(
        e.problemen().regels(gemeten_domain::Lang::En),
        ["file p.csv, line 3, project #2 'p1', field `id`: project id 'p1' occurs twice"]
    );
}

/// The `kies` column: elements of Figure 5 the project works with. One named in its
/// mission's row (or the central mission's) reads; an unknown one, one of another mission's
/// row only, and one listed twice are refused with line and place, in CSV and in JSON.
#[test]
fn kies_elements_are_checked_against_the_projects_missions_with_line_and_place() {
    let r = register();
    let header = "id,title,funder,status,missies,kies";
    let file = |rows: &[&str]| format!("{header}\n{}\n", rows.join("\n")).into_bytes();
    // II's row names CS4NL and Co-creatie; Health-RI is in the central mission's row.
    let good = "k1,Een,NWO,lopend,II,ket-cs4nl; kem-co-creatie; pps-health-ri";
    let p = read_projects(&file(&[good]), "k.csv", &r).unwrap();
    assert_eq!(
        p[0].kies.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["ket-cs4nl", "kem-co-creatie", "pps-health-ri"]
    );
    let again = read_projects(&projects_to_csv(&p, "o.csv").unwrap(), "o.csv", &r).unwrap();
    assert_eq!(again, p);

    let e = refused(
        &file(&[
            good,
            // line 3: no such element
            "k2,Twee,NWO,lopend,II,ket-cs4nl; bestaat-niet",
            // line 4: TAP-dementia is only in mission IV's row
            "k3,Drie,NWO,lopend,II,pps-tap-dementia",
            // line 5: twice
            "k4,Vier,NWO,lopend,II,ket-cs4nl; ket-cs4nl",
            // line 6: the legend's alone (no row): no mission's
            "k5,Vijf,NWO,lopend,II,pps-fair",
        ]),
        "k.csv",
    );
    let got = problems(&e);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0].0, Some(3));
    assert_eq!(got[0].1.as_deref(), Some("kies[1]"));
    assert!(
        got[0]
            .2
            .contains("KIES element 'bestaat-niet' does not exist"),
        "{got:?}"
    );
    assert_eq!((got[1].0, got[1].1.as_deref()), (Some(4), Some("kies[0]")));
    assert!(got[1].2.contains("mission(s) IV"), "{got:?}");
    assert_eq!((got[2].0, got[2].1.as_deref()), (Some(5), Some("kies[1]")));
    assert!(got[2].2.contains("listed twice"), "{got:?}");
    assert_eq!((got[3].0, got[3].1.as_deref()), (Some(6), Some("kies[0]")));
    let nl = e.to_string();
    assert!(
        nl.contains("KIES-element 'bestaat-niet' bestaat niet"),
        "{nl}"
    );

    let json = serde_json::json!([{
        "id": "k6", "title": "Zes", "funder": "NWO", "status": "lopend",
        "missies": ["I"], "kies": ["ket-cs4nl"]
    }]);
    let e = refused(&serde_json::to_vec(&json).unwrap(), "k.json");
    let got = problems(&e);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1.as_deref(), Some("kies[0]"));
    assert!(got[0].2.contains("mission(s) II"), "{got:?}");
}
