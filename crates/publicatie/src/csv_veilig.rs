//! CSV cells that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `=cmd|…`, `@SUM(…)`)
//! are written with a leading `'`, the OWASP practice against CSV injection: the text is
//! shown, not evaluated. Numbers keep their sign (`-3.5`, Dutch `-1.234,5`): a negative
//! value stays a number.

use std::borrow::Cow;

/// The characters a spreadsheet reads as the start of a formula (or of a cell break).
const FORMULE_BEGIN: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn is_getal(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && (s.parse::<f64>().is_ok() || s.replace('.', "").replace(',', ".").parse::<f64>().is_ok())
}

/// `cel` as it can safely go into a public CSV file.
pub fn formule_veilig(cel: &str) -> Cow<'_, str> {
    if cel.starts_with(FORMULE_BEGIN) && !is_getal(cel) {
        Cow::Owned(format!("'{cel}"))
    } else {
        Cow::Borrowed(cel)
    }
}

/// A whole CSV file (comma-separated, with a header) with every cell made safe.
pub fn csv_formule_veilig(bytes: &[u8]) -> Result<Vec<u8>, csv::Error> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut w = csv::Writer::from_writer(Vec::with_capacity(bytes.len()));
    for record in r.records() {
        let record = record?;
        w.write_record(record.iter().map(formule_veilig).map(|c| c.into_owned()))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_stay_numbers() {
        for f in [
            "=HYPERLINK(\"http://evil.example\",\"klik\")",
            "=cmd|' /C calc'!A0",
            "+31 klik",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1:A9)",
            "\t=1+1",
            "\r=1+1",
        ] {
            assert_eq!(formule_veilig(f), format!("'{f}"), "{f:?}");
        }
        for n in [
            "-3.5", "-1.234,5", "+2", "-0,5", "-1e-3", "81.4", "ZonMw", "",
        ] {
            assert_eq!(formule_veilig(n), n, "{n:?}");
        }
    }

    #[test]
    fn a_whole_file_is_rewritten_cell_by_cell() {
        let input = b"title,value\n\"=HYPERLINK(\"\"x\"\")\",-3.5\nGewoon,2\n";
        let out = String::from_utf8(csv_formule_veilig(input).unwrap()).unwrap();
        assert_eq!(
            out,
            "title,value\n\"'=HYPERLINK(\"\"x\"\")\",-3.5\nGewoon,2\n"
        );
    }
}
