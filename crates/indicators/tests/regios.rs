//! The region catalogue: GGD, zorgkantoor and ROAZ regions next to country and provinces, every
//! code once, every parent present, and observations checked against it.

use std::collections::BTreeSet;
use std::io::Write;

use gemeten_indicators::{read_observations, Catalogus, IndicatorError, REGIO_NIVEAUS};

const REGIOS: &str = include_str!("../data/regios.csv");
const BRONNEN: &str = include_str!("../data/regios_bronnen.md");

fn codes(cat: &Catalogus, level: &str) -> Vec<String> {
    cat.regios
        .values()
        .filter(|r| r.level == level)
        .map(|r| r.code.clone())
        .collect()
}

#[test]
fn every_level_is_complete_with_its_own_code_form() {
    let cat = Catalogus::standaard().unwrap();
    // The counts data/regios_bronnen.md claims complete: CBS area divisions 2025 for GGD and
    // zorgkantoor regions; the current 10 ROAZ regions (the 11 of older texts predate the
    // merger into Netwerk Acute Zorg Noord-Holland/Flevoland).
    let expected = [
        ("land", 1, "NL", 2),
        ("provincie", 12, "PV", 2),
        ("ggd", 25, "GG", 4),
        ("zorgkantoor", 31, "ZK", 2),
        ("roaz", 10, "ROAZ", 2),
    ];
    for (level, count, prefix, digits) in expected {
        let found = codes(&cat, level);
        assert_eq!(found.len(), count, "{level}: {found:?}");
        for c in &found {
            let rest = c
                .strip_prefix(prefix)
                .unwrap_or_else(|| panic!("{c} is not {prefix}…"));
            assert!(
                rest.len() == digits && rest.bytes().all(|b| b.is_ascii_digit()),
                "{c} is not {prefix} + {digits} digits"
            );
        }
    }
    assert_eq!(cat.regios.len(), 1 + 12 + 25 + 31 + 10);
    // The zorgkantoor numbering has gaps that must stay gaps.
    assert!(!cat.regios.contains_key("ZK05") && !cat.regios.contains_key("ZK15"));
    for c in [
        "ZK02", "ZK10", "ZK11", "ZK19", "ZK20", "ZK23", "ZK32", "GG3406", "GG7306",
    ] {
        assert!(cat.regios.contains_key(c), "{c}");
    }
}

#[test]
fn codes_are_unique_and_every_parent_exists() {
    let cat = Catalogus::standaard().unwrap();
    let mut rdr = csv::Reader::from_reader(REGIOS.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let unique: BTreeSet<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(
        unique.len(),
        rows.len(),
        "a code occurs twice in regios.csv"
    );
    assert_eq!(cat.regios.len(), rows.len());
    for r in cat.regios.values() {
        assert!(
            REGIO_NIVEAUS.contains(&r.level.as_str()),
            "{}: {}",
            r.code,
            r.level
        );
        assert!(!r.name_nl.trim().is_empty(), "{} has no name", r.code);
        if r.level == "land" {
            assert!(r.parent.is_empty(), "{}", r.code);
        } else {
            assert!(
                cat.regios.contains_key(&r.parent),
                "{} -> {}",
                r.code,
                r.parent
            );
        }
        // GGD, zorgkantoor and ROAZ regions cross province borders.
        if ["ggd", "zorgkantoor", "roaz"].contains(&r.level.as_str()) {
            assert_eq!(r.parent, "NL01", "{}", r.code);
        }
    }
}

#[test]
fn every_code_of_our_own_is_documented_as_such() {
    let cat = Catalogus::standaard().unwrap();
    for c in codes(&cat, "roaz") {
        let name = &cat.regios[&c].name_nl;
        assert!(
            BRONNEN.contains(&format!("| {c} | {name} |")),
            "{c} {name} is not in regios_bronnen.md"
        );
    }
    assert!(BRONNEN.contains("no CBS") && BRONNEN.contains("not official"));
}

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f.flush().unwrap();
    f
}

#[test]
fn observations_for_the_new_levels_import() {
    let cat = Catalogus::standaard().unwrap();
    let f = file(
        "kpi,period,region,value\n\
         gezonde_levensverwachting,2022,ZK02,61.8\n\
         gezonde_levensverwachting,2022,GG7206,64.1\n\
         gezonde_levensverwachting,2022,ROAZ06,62.5\n",
    );
    let obs = read_observations(f.path(), &cat).unwrap();
    let regions: Vec<&str> = obs.iter().map(|o| o.region.as_str()).collect();
    assert_eq!(regions, ["ZK02", "GG7206", "ROAZ06"]);
}

#[test]
fn an_unknown_region_code_is_refused_with_row_and_column() {
    let cat = Catalogus::standaard().unwrap();
    let f = file(
        "kpi,period,region,value\n\
         gezonde_levensverwachting,2022,ZK02,61.8\n\
         gezonde_levensverwachting,2022,ZK05,61.8\n\
         gezonde_levensverwachting,2023,RZ01,61.9\n",
    );
    let Err(IndicatorError::Invoer(problems)) = read_observations(f.path(), &cat) else {
        panic!("unknown region codes were accepted");
    };
    let at = |row: u64| {
        problems
            .iter()
            .find(|p| p.plaats.row == Some(row) && p.plaats.column.as_deref() == Some("region"))
    };
    assert!(at(2).is_none(), "{problems:?}");
    for (row, code) in [(3, "ZK05"), (4, "RZ01")] {
        let p = at(row).unwrap_or_else(|| panic!("row {row} not refused: {problems:?}"));
        assert!(p.reason.contains(code) && p.reason.contains("onbekende regiocode"));
    }
    assert_eq!(problems.len(), 2, "{problems:?}");
}
