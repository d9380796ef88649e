//! The reference dataset that ships with gemeten: it loads as one valid register, it holds
//! what the documents list, and every record's text stands in the lines it cites.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use gemeten_domain::{BronDocument, KnoopSoort, MissieCode, Register, Trl, VraagSoort};
use gemeten_interchange::{from_json, read_csv_dir, reference_register, to_json, write_csv_dir};

fn register() -> Register {
    reference_register().unwrap_or_else(|e| panic!("reference dataset is invalid: {e}"))
}

/// Letters and digits only, lower case: line breaks, hyphenation and punctuation differ
/// between the PDF text and the curated record, the words do not.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn source_lines(doc: &str) -> Vec<&'static str> {
    let text: &'static str = match doc {
        "000" => include_str!("../../../data/bronnen/000.txt"),
        "001" => include_str!("../../../data/bronnen/001.txt"),
        "002" => include_str!("../../../data/bronnen/002.txt"),
        "003" => include_str!("../../../data/bronnen/003.txt"),
        "004" => include_str!("../../../data/bronnen/004.txt"),
        other => panic!("unknown document {other}"),
    };
    text.split('\n').collect()
}

/// The field whose text must stand in the cited lines, per table.
fn cited_field(table: &str) -> Option<&'static str> {
    Some(match table {
        "missie" | "toc_knoop" | "kia_vraag" | "activiteit" | "criterium" => "text_nl",
        "doel" => return None, // a target is derived from the mission text, not quoted
        "programma" | "organisatie" => return None, // names are often expanded abbreviations
        "instrument" => "budget_text",
        "innovatie" => "name",
        "barriere" => "title_nl",
        "aanbeveling" => "what_nl",
        _ => return None,
    })
}

#[test]
fn every_record_cites_lines_that_hold_its_text() {
    let parts = serde_json::to_value(register().parts()).unwrap();
    let mut docs = BTreeMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (table, rows) in parts.as_object().unwrap() {
        let Some(field) = cited_field(table) else {
            continue;
        };
        for row in rows.as_array().unwrap() {
            let key = row
                .get("id")
                .or(row.get("code"))
                .and_then(Value::as_str)
                .unwrap_or("?");
            let source = &row["source"];
            let doc = source["doc"].as_str().unwrap();
            let Some(range) = source["lines"].as_str() else {
                problems.push(format!("{table} {key}: no line range"));
                continue;
            };
            // One line is written as its number alone.
            let (from, to) = range.split_once('-').unwrap_or((range, range));
            let (from, to): (usize, usize) = (from.parse().unwrap(), to.parse().unwrap());
            let lines = docs
                .entry(doc.to_owned())
                .or_insert_with(|| source_lines(doc));
            if to > lines.len() {
                problems.push(format!(
                    "{table} {key}: lines {range} beyond the end of {doc}"
                ));
                continue;
            }
            let span = normalise(&lines[from - 1..to].join("\n"));
            // Up to the first omission ('…'): tools/check_reference.py checks every part.
            let whole = row[field].as_str().unwrap();
            let text = normalise(whole.split(['…']).next().unwrap_or(whole));
            let head: String = text.chars().take(60).collect();
            if !span.contains(&head) {
                problems.push(format!(
                    "{table} {key}: `{field}` does not start in {doc} lines {range}"
                ));
            }
            checked += 1;
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {checked} citations are off:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked > 300, "only {checked} records checked");
}

#[test]
fn mission_texts_match_the_documents() {
    let r = register();
    let codes: Vec<MissieCode> = r.missies().iter().map(|m| m.code).collect();
    assert_eq!(codes, MissieCode::ALL);
    let c = r.missie(MissieCode::C).unwrap();
    assert!(c
        .text_nl
        .as_str()
        .starts_with("In 2040 leven alle mensen in Nederland"));
    assert!(c
        .text_2019_nl
        .as_ref()
        .unwrap()
        .as_str()
        .starts_with("In 2040 leven alle Nederlanders"));
    assert_eq!(r.missie(MissieCode::II).unwrap().deadline.get(), 2030);
    assert_eq!(r.missie(MissieCode::V).unwrap().deadline.get(), 2035);
    // Every mission has at least one target, and each deadline is the mission's.
    for m in r.missies() {
        let doelen: Vec<_> = r
            .parts()
            .doel
            .iter()
            .filter(|d| d.missie == m.code)
            .collect();
        assert!(!doelen.is_empty(), "mission {} has no target", m.code);
    }
}

#[test]
fn every_mission_has_a_theory_of_change_from_input_to_impact() {
    let r = register();
    for &m in MissieCode::ALL {
        let o = r.overzicht(m).unwrap();
        for &kind in KnoopSoort::ALL {
            assert!(
                o.toc_knopen.iter().any(|k| k.kind == kind),
                "mission {m} has no {} node",
                kind.code()
            );
        }
        // Every node is on a link (links leaving the mission are refused by the register).
        for k in &o.toc_knopen {
            assert!(
                o.toc_pijlen.iter().any(|a| a.from == k.id || a.to == k.id),
                "{} has no link",
                k.id
            );
        }
        // Following the links forward from any input reaches every impact node.
        let impacts: BTreeSet<&str> = o
            .toc_knopen
            .iter()
            .filter(|k| k.kind == KnoopSoort::Impact)
            .map(|k| k.id.as_str())
            .collect();
        for input in o.toc_knopen.iter().filter(|k| k.kind == KnoopSoort::Input) {
            let mut reached = BTreeSet::from([input.id.as_str()]);
            let mut todo = vec![input.id.as_str()];
            while let Some(id) = todo.pop() {
                for a in o.toc_pijlen.iter().filter(|a| a.from.as_str() == id) {
                    if reached.insert(a.to.as_str()) {
                        todo.push(a.to.as_str());
                    }
                }
            }
            assert!(
                impacts.is_subset(&reached),
                "from {} the links do not reach {:?}",
                input.id,
                impacts.difference(&reached).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn kia_questions_per_document_and_mission() {
    let r = register();
    // Counted by where the document lists a question (the id's mission part), not by every
    // mission a question also serves.
    let count = |doc: &str, m: MissieCode, kind: VraagSoort| {
        let prefix = format!("{doc}-{}-", m.code());
        r.parts()
            .kia_vraag
            .iter()
            .filter(|v| v.id.as_str().starts_with(&prefix) && v.kind == kind)
            .count()
    };
    let voorbeeld = VraagSoort::Voorbeeld;
    // 001, "Voorbeeldrichting(en) voor activiteiten KIA", counted by hand per mission
    // (bullets and their sub-bullets, plus the two 'PPS kansen' of mission I).
    for (m, n) in EXPECTED_001 {
        assert_eq!(
            count("001", *m, voorbeeld),
            *n,
            "001 questions of mission {m}"
        );
    }
}

#[test]
fn activities_per_chapter() {
    let r = register();
    let mut per_chapter: BTreeMap<String, usize> = BTreeMap::new();
    for a in &r.parts().activiteit {
        *per_chapter
            .entry(a.id.as_str().split('-').nth(1).unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(
        per_chapter,
        EXPECTED_ACTIVITIES
            .iter()
            .map(|(c, n)| (c.to_string(), *n))
            .collect()
    );
}

#[test]
fn instruments_table_of_the_mission_document() {
    let r = register();
    let from = |doc: BronDocument| {
        r.parts()
            .instrument
            .iter()
            .filter(|i| i.source.doc == doc)
            .count()
    };
    assert_eq!(from(BronDocument::Missiedocument2024), EXPECTED_INSTRUMENTS);
    assert_eq!(from(BronDocument::Kia2024), EXPECTED_INSTRUMENTS_000);
    assert_eq!(
        from(BronDocument::Prioritering2025),
        EXPECTED_INSTRUMENTS_002
    );
    assert_eq!(
        r.parts().instrument.len(),
        EXPECTED_INSTRUMENTS + EXPECTED_INSTRUMENTS_000 + EXPECTED_INSTRUMENTS_002
    );
    // Every instrument serves at least one mission (and belongs to a programme: the domain
    // type refuses an instrument without one).
    for i in &r.parts().instrument {
        assert!(!i.missies.is_empty(), "{}", i.id);
    }
}

#[test]
fn every_readiness_range_and_eligibility_is_explained() {
    let r = register();
    let mut problems = Vec::new();
    for i in &r.parts().instrument {
        let filled = i.trl.is_some() || i.brl.is_some() || !i.eligible.is_empty();
        let Some(why) = &i.eligibility_nl else {
            if filled {
                problems.push(format!("{}: TRL/BRL/eligible without eligibility_nl", i.id));
            }
            continue;
        };
        let why = why.as_str();
        if !filled {
            continue;
        }
        // Every value is either quoted from the source (with its lines) or marked as
        // gemeten's own judgement.
        let quotes = why.contains("r. ");
        let judged = why.contains("Indeling gemeten");
        if !quotes && !judged {
            problems.push(format!(
                "{}: eligibility_nl neither cites lines nor says 'Indeling gemeten'",
                i.id
            ));
        }
        // A filled range is either judged by gemeten or its numbers stand in the explanation.
        for (what, range) in [
            ("TRL", i.trl.map(|t| (t.min().get(), t.max().get()))),
            ("BRL", i.brl.map(|(a, b)| (a.get(), b.get()))),
        ] {
            if let Some((min, max)) = range {
                let written = format!("{what} {min}-{max}");
                if !why.contains(&written) {
                    problems.push(format!("{}: eligibility_nl does not say {written}", i.id));
                }
            }
        }
        for kind in &i.eligible {
            if !why.contains(kind.code()) {
                problems.push(format!(
                    "{}: eligibility_nl does not mention eligible kind {}",
                    i.id,
                    kind.code()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_kia_instruments_cover_every_trl() {
    let r = register();
    let kia: Vec<_> = r
        .parts()
        .instrument
        .iter()
        .filter(|i| i.source.doc == BronDocument::Kia2024)
        .collect();
    for level in Trl::MIN..=Trl::MAX {
        let trl = Trl::try_from(i64::from(level)).unwrap();
        assert!(
            kia.iter()
                .any(|i| i.trl.is_some_and(|range| range.contains(trl))),
            "no instrument of 000 with a known TRL range holds TRL {level}"
        );
    }
}

#[test]
fn the_reference_register_round_trips_through_json_and_csv() {
    let r = register();
    let json = to_json(&r);
    let back = from_json(json.as_bytes(), "export.json").unwrap();
    assert_eq!(back, r);
    assert_eq!(to_json(&back), json);
    let dir = tempfile::tempdir().unwrap();
    write_csv_dir(&r, dir.path()).unwrap();
    let back = read_csv_dir(dir.path()).unwrap();
    assert_eq!(back, r);
    // The list field `eligible` survives with every item.
    let spuk = |reg: &Register| {
        reg.parts()
            .instrument
            .iter()
            .find(|i| i.id.as_str() == "iza-eerstelijnszorg-regioplan")
            .map(|i| i.eligible.clone())
            .unwrap()
    };
    assert_eq!(spuk(&back).len(), 3);
    assert_eq!(spuk(&back), spuk(&r));
}

#[test]
fn prioritisation_report() {
    let r = register();
    let p = r.parts();
    let selected = |m: MissieCode| {
        p.innovatie
            .iter()
            .filter(|i| i.selected && i.missies.contains(&m))
            .count()
    };
    assert_eq!(selected(MissieCode::II), 3);
    assert_eq!(selected(MissieCode::III), 3);
    assert_eq!(
        p.criterium
            .iter()
            .filter(|c| c.missie == MissieCode::II)
            .count(),
        5
    );
    assert_eq!(
        p.criterium
            .iter()
            .filter(|c| c.missie == MissieCode::III)
            .count(),
        4
    );
    assert_eq!(p.barriere.len(), 6);
    assert_eq!(p.innovatie.iter().filter(|i| !i.interviewed).count(), 1);
    // 002's tables 3-8 (solutions per barrier), helper lists, table 9 (per innovation) and §6.2.
    assert!(
        p.aanbeveling.len() >= 80,
        "{} recommendations",
        p.aanbeveling.len()
    );
    let per_innovation = p
        .aanbeveling
        .iter()
        .filter(|a| a.innovatie.is_some())
        .count();
    assert_eq!(per_innovation, 14, "rows of 002's table 9");
}

/// 001's example questions per mission, counted by hand in the document: bullets plus their
/// sub-bullets (C 6; I 7 + 2 'PPS kansen'; II 10 + 2; III 7; IV 6; V 5 + 3).
const EXPECTED_001: &[(MissieCode, usize)] = &[
    (MissieCode::C, 6),
    (MissieCode::I, 9),
    (MissieCode::II, 12),
    (MissieCode::III, 7),
    (MissieCode::IV, 6),
    (MissieCode::V, 8),
];

/// 000's "Onze concrete activiteiten" per chapter, every numbered, lettered and roman-numbered
/// item counted by hand (C, I-V: mission chapters; FI financiers & investeerders, VM
/// valorisatie & marktcreatie, HC human capital, INT internationalisering, COM communicatie,
/// ME monitoring & evaluatie, GOV governance).
const EXPECTED_ACTIVITIES: &[(&str, usize)] = &[
    ("C", 17),
    ("COM", 11),
    ("FI", 6),
    ("GOV", 12),
    ("HC", 10),
    ("I", 8),
    ("II", 8),
    ("III", 25),
    ("INT", 5),
    ("IV", 6),
    ("ME", 6),
    ("V", 9),
    ("VM", 6),
];

/// Rows of 001's table "Financiële instrumenten onder de akkoorden en hun bijdrage aan de missies".
const EXPECTED_INSTRUMENTS: usize = 17;

/// Innovation instruments 000 names along the TRL axis (data/referentie/instrumenten_000.toml):
/// 5 for the mkb, 3 of research funders, 5 for valorisation (TTT, NGF and three NGF projects),
/// Invest-NL and 5 European ones.
const EXPECTED_INSTRUMENTS_000: usize = 30;
/// 002 names one instrument without a record elsewhere: the STOZ scheme (issue 12).
const EXPECTED_INSTRUMENTS_002: usize = 1;
