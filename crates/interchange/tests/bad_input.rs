//! Every kind of bad input named in the register issue is refused with an error that names
//! file, record or line, field and reason; and nothing comes out of a refused input.

use gemeten_domain::Lang;
use serde_json::{json, Value};

use gemeten_interchange::{from_json, read_csv_dir, to_json, write_csv_dir, ReadErrors};

const SMALL: &str = include_str!("fixtures/small.json");

fn small() -> Value {
    serde_json::from_str(SMALL).unwrap()
}

fn refuse(doc: &Value) -> ReadErrors {
    let text = serde_json::to_string_pretty(doc).unwrap();
    from_json(text.as_bytes(), "input.json").expect_err("input must be refused")
}

/// A problem as the English-speaking user sees it.
fn en(e: &gemeten_interchange::ReadError) -> String {
    e.probleem().tekst(Lang::En)
}

fn only(errors: &ReadErrors) -> String {
    assert_eq!(
        errors.0.len(),
        1,
        "expected exactly one problem, got {errors:?}"
    );
    en(&errors.0[0])
}

#[test]
fn the_fixture_itself_is_valid() {
    let register = from_json(SMALL.as_bytes(), "small.json").unwrap();
    assert_eq!(register.missies().len(), 2);
    assert_eq!(register.parts().innovatie[0].trl.unwrap().get(), 7);
}

#[test]
fn unknown_mission_code() {
    let mut doc = small();
    doc["kia_vraag"][0]["missies"] = json!(["II", "VII"]);
    let msg = only(&refuse(&doc));
    assert!(msg.starts_with("file input.json, line "), "{msg}");
    assert!(msg.contains("kia_vraag #1 '001-II-01'"), "{msg}");
    assert!(msg.contains("field `missies[1]`"), "{msg}");
    assert!(msg.contains("unknown variant `VII`"), "{msg}");
}

#[test]
fn trl_zero_and_twelve() {
    for bad in [0, 12] {
        let mut doc = small();
        doc["innovatie"][0]["trl"] = json!(bad);
        let msg = only(&refuse(&doc));
        assert!(
            msg.contains("innovatie #1 'cva-portaal', field `trl`"),
            "{msg}"
        );
        // The domain's reason, in English too (serde carries only the Dutch text; the
        // reader catches the problem itself on the way).
        assert!(msg.contains(&format!("TRL {bad} is outside 1-9")), "{msg}");
    }
}

#[test]
fn instrument_trl_range_that_ends_before_it_starts() {
    let mut doc = small();
    doc["instrument"][0]["trl_min"] = json!(8);
    doc["instrument"][0]["trl_max"] = json!(3);
    let msg = only(&refuse(&doc));
    assert!(
        msg.contains("instrument #1 'wozo-zorgtechnologie', field `trl_max`"),
        "{msg}"
    );
    assert!(msg.contains("TRL range 8-3 ends before it starts"), "{msg}");
}

#[test]
fn deadline_before_baseline() {
    let mut doc = small();
    doc["doel"][0]["baseline_year"] = json!(2031);
    let msg = only(&refuse(&doc));
    assert!(
        msg.contains("doel #1 'II-zorg-thuis', field `deadline`"),
        "{msg}"
    );
    assert!(
        msg.contains("deadline 2030 lies before the baseline year 2031"),
        "{msg}"
    );
}

#[test]
fn qualitative_target_with_a_value() {
    let mut doc = small();
    doc["doel"][0]["kind"] = json!("qualitative");
    let msg = only(&refuse(&doc));
    assert!(
        msg.contains("field `value`: a qualitative target has no value"),
        "{msg}"
    );
}

#[test]
fn duplicate_ids() {
    let mut doc = small();
    let copy = doc["organisatie"][0].clone();
    doc["organisatie"].as_array_mut().unwrap().push(copy);
    let msg = only(&refuse(&doc));
    assert!(
        msg.contains("organisatie #2 'zonmw', field `id`: duplicate id 'zonmw'"),
        "{msg}"
    );
}

#[test]
fn dangling_references() {
    let mut doc = small();
    doc["activiteit"][0]["initiatiefnemers"] = json!(["zonmw", "nwo"]);
    doc["aanbeveling"][0]["barriere"] = json!("regelgeving");
    let errors = refuse(&doc);
    let all: Vec<String> = errors.0.iter().map(en).collect();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all.iter().any(|m| m.contains("activiteit #1 '000-II-1', field `initiatiefnemers`: refers to organisation 'nwo', which does not exist")), "{all:?}");
    assert!(
        all.iter().any(|m| m.contains(
            "aanbeveling #1 'financiering-1', field `barriere`: refers to barrier 'regelgeving'"
        )),
        "{all:?}"
    );
}

#[test]
fn dangling_pathway_link_and_missing_mission() {
    let mut doc = small();
    doc["toc_pijl"][0]["to"] = json!("II-impact-9");
    doc["criterium"][0]["missie"] = json!("IV");
    let all: Vec<String> = refuse(&doc).0.iter().map(en).collect();
    assert!(all.iter().any(|m| m.contains("toc_pijl #1 'II-output-1->II-impact-9', field `to`: refers to theory-of-change node 'II-impact-9'")), "{all:?}");
    assert!(
        all.iter().any(|m| m.contains(
            "criterium #1 'II-1', field `missie`: refers to mission 'IV', which does not exist"
        )),
        "{all:?}"
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let mut doc = small();
    doc["innovatie"][0]["trl"] = json!(0);
    doc["instrument"][0]["missies"] = json!(["X"]);
    doc["doel"][0]["direction"] = json!("sideways");
    assert_eq!(refuse(&doc).0.len(), 3);
}

#[test]
fn invalid_utf8_names_the_line() {
    let mut bytes = SMALL.as_bytes().to_vec();
    let at = SMALL.find("Zorg in de leefomgeving").unwrap();
    bytes[at] = 0xff;
    let line = SMALL[..at].lines().count();
    let msg = only(&from_json(&bytes, "input.json").unwrap_err());
    assert!(
        msg.starts_with(&format!(
            "file input.json, line {line}: invalid UTF-8 at byte {at}"
        )),
        "{msg}"
    );
}

#[test]
fn truncated_json_names_the_line() {
    let cut = &SMALL[..SMALL.len() / 2];
    let msg = only(&from_json(cut.as_bytes(), "input.json").unwrap_err());
    let last_line = cut.lines().count();
    assert!(
        msg.starts_with(&format!(
            "file input.json, line {last_line}: invalid JSON: EOF while parsing"
        )),
        "{msg}"
    );
}

#[test]
fn unknown_field_and_unknown_table() {
    let mut doc = small();
    doc["missie"][0]["deadlin"] = json!(2040);
    doc["projecten"] = json!([]);
    let all: Vec<String> = refuse(&doc).0.iter().map(en).collect();
    assert!(
        all.iter().any(|m| m.contains("unknown table 'projecten'")),
        "{all:?}"
    );
    // Unknown tables are reported before records are decoded; fix and look again.
    let mut doc = small();
    doc["missie"][0]["deadlin"] = json!(2040);
    let msg = only(&refuse(&doc));
    assert!(
        msg.contains("missie #1 'C'") && msg.contains("unknown field `deadlin`"),
        "{msg}"
    );
}

#[test]
fn wrong_format_marker() {
    let mut doc = small();
    doc["version"] = json!(2);
    let msg = only(&refuse(&doc));
    assert!(msg.contains("`version` must be 1"), "{msg}");
}

fn csv_export() -> tempfile::TempDir {
    let register = from_json(SMALL.as_bytes(), "small.json").unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_csv_dir(&register, dir.path()).unwrap();
    dir
}

#[test]
fn csv_with_a_missing_column() {
    let dir = csv_export();
    let path = dir.path().join("doel.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // Drop the `deadline` column from header and rows.
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let keep: Vec<usize> = (0..header.len())
        .filter(|i| &header[*i] != "deadline")
        .collect();
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record(keep.iter().map(|i| &header[*i])).unwrap();
    for row in rdr.records() {
        let row = row.unwrap();
        w.write_record(keep.iter().map(|i| &row[*i])).unwrap();
    }
    std::fs::write(&path, w.into_inner().unwrap()).unwrap();
    let msg = only(&read_csv_dir(dir.path()).unwrap_err());
    assert!(
        msg.contains("doel.csv, line 1, doel: missing column(s): deadline"),
        "{msg}"
    );
}

#[test]
fn csv_with_a_bad_number_names_line_and_column() {
    let dir = csv_export();
    let path = dir.path().join("innovatie.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(",7,", ",zeven,");
    std::fs::write(&path, text).unwrap();
    let msg = only(&read_csv_dir(dir.path()).unwrap_err());
    assert!(
        msg.contains(
            "innovatie.csv, line 2, innovatie #1, field `trl`: 'zeven' is not a whole number"
        ),
        "{msg}"
    );
}

#[test]
fn csv_missing_file_is_not_an_empty_table() {
    let dir = csv_export();
    std::fs::remove_file(dir.path().join("barriere.csv")).unwrap();
    let msg = only(&read_csv_dir(dir.path()).unwrap_err());
    assert!(msg.contains("barriere.csv: cannot read"), "{msg}");
}

#[test]
fn json_round_trip_is_byte_identical() {
    let register = from_json(SMALL.as_bytes(), "small.json").unwrap();
    let first = to_json(&register);
    let again = to_json(&from_json(first.as_bytes(), "export.json").unwrap());
    assert_eq!(first, again);
}

#[test]
fn csv_round_trip_gives_the_same_register() {
    let register = from_json(SMALL.as_bytes(), "small.json").unwrap();
    let dir = csv_export();
    let back = read_csv_dir(dir.path()).unwrap();
    assert_eq!(back, register);
    // A list item with a `;` survives, because text lists are one item per line.
    assert_eq!(
        back.parts().innovatie[0].impact_output[1].as_str(),
        "Afspraken; over gegevensdeling"
    );
}

/// `{}` or an export with a table cut out once read as a register with empty tables (and an
/// import of it emptied the register): a register document lists every table.
#[test]
fn a_document_without_every_table_is_refused_naming_each() {
    let e = from_json(b"{}", "e.json").unwrap_err();
    let text = e.0.iter().map(en).collect::<Vec<_>>();
    for name in ["format", "version"]
        .iter()
        .chain(gemeten_domain::TABLES.iter())
    {
        assert!(
            text.iter()
                .any(|t| t.starts_with("file e.json: ") && t.contains(&format!("`{name}`"))),
            "{name}: {text:?}"
        );
    }
    let mut doc = small();
    doc.as_object_mut().unwrap().remove("toc_pijl");
    let msg = only(&refuse(&doc));
    assert!(msg.contains("table `toc_pijl` is missing"), "{msg}");
    // An empty table is a table.
    let mut doc = small();
    doc["aanbeveling"] = json!([]);
    let text = serde_json::to_string(&doc).unwrap();
    assert!(from_json(text.as_bytes(), "leeg.json").is_ok());
}

/// A refused file is refused in the user's language: the reader's own reasons, the
/// register's cross-record checks and a domain value's refusal (carried through serde) each
/// in Dutch (the default, also `Display`) and in English.
#[test]
fn a_refused_file_says_why_in_dutch_and_in_english() {
    let mut doc = small();
    doc["innovatie"][0]["trl"] = json!(12);
    doc["activiteit"][0]["initiatiefnemers"] = json!(["zonmw", "nwo"]);
    doc["projecten"] = json!([]);
    let e = refuse(&doc);
    assert_eq!(
        e.problemen().regels(Lang::Nl),
        vec![
            "bestand input.json, regel 198: onbekende tabel 'projecten' (verwacht een van: missie, doel, toc_knoop, toc_pijl, kia_vraag, programma, instrument, organisatie, activiteit, barriere, innovatie, criterium, aanbeveling, formulering, prioriteit, programma_bijdrage, kengetal, maatstaf, kies_knoop, kies_pijl)".to_owned()
        ]
    );
    doc.as_object_mut().unwrap().remove("projecten");
    let e = refuse(&doc);
    assert_eq!(
        e.problemen().regels(Lang::Nl),
        vec!["bestand input.json, regel 82, innovatie #1 'cva-portaal', veld `trl`: TRL 12 ligt niet tussen 1 en 9".to_owned()]
    );
    assert_eq!(
        e.problemen().regels(Lang::En),
        vec!["file input.json, line 82, innovatie #1 'cva-portaal', field `trl`: TRL 12 is outside 1-9".to_owned()]
    );
    assert_eq!(e.to_string(), e.problemen().tekst(Lang::Nl));
    doc["innovatie"][0]["trl"] = json!(7);
    let e = refuse(&doc);
    let p = e.problemen();
    assert_eq!(
        p.regels(Lang::Nl),
        vec!["bestand input.json, regel 18, activiteit #1 '000-II-1', veld `initiatiefnemers`: verwijst naar organisatie 'nwo', die niet bestaat".to_owned()]
    );
    assert_eq!(
        p.regels(Lang::En),
        vec!["file input.json, line 18, activiteit #1 '000-II-1', field `initiatiefnemers`: refers to organisation 'nwo', which does not exist".to_owned()]
    );
}
