//! Numbers, amounts, times and counts as readers of the page's language write them: on a
//! Dutch page `€ 450.000`, `4 december 2026, 18:20` and "1 project, 2 projecten"; on an
//! English page `€450,000` and `4 December 2026, 18:20`. Times are stored in UTC (ISO 8601)
//! and shown in Europe/Amsterdam, summer and winter time from the tz database (jiff's bundled
//! copy), never from rules of our own.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use maud::{html, Markup};

use crate::Lang;

/// A whole number with the thousands grouped: `450.000` (Dutch) or `450,000` (English).
pub fn getal(n: u64, l: Lang) -> String {
    let sep = l.t(".", ",");
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// An amount in euros: `€ 450.000` (Dutch, with a non-breaking space) or `€450,000`.
pub fn bedrag(euro: u64, l: Lang) -> String {
    match l {
        Lang::Nl => format!("€\u{a0}{}", getal(euro, l)),
        Lang::En => format!("€{}", getal(euro, l)),
    }
}

/// A count with its noun in the right number: "1 project", "2 projecten".
pub fn aantal(n: usize, l: Lang, nl: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match l {
        Lang::Nl => nl,
        Lang::En => en,
    };
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", getal(n as u64, l))
}

const MAANDEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn amsterdam() -> TimeZone {
    // The bundled database always has it; UTC only if a build somehow lacks it.
    TimeZone::get("Europe/Amsterdam").unwrap_or(TimeZone::UTC)
}

/// A stored UTC time (`2026-12-04T17:20:00Z`, or a Unix time in seconds) in Amsterdam:
/// `4 december 2026, 18:20`. Text that is no time comes back as it is.
pub fn tijdstip(stored: &str, l: Lang) -> String {
    let ts = stored.parse::<Timestamp>().ok().or_else(|| {
        stored
            .parse::<i64>()
            .ok()
            .and_then(|s| Timestamp::from_second(s).ok())
    });
    let Some(ts) = ts else {
        return stored.to_owned();
    };
    let t = ts.to_zoned(amsterdam());
    let months = match l {
        Lang::Nl => &MAANDEN,
        Lang::En => &MONTHS,
    };
    let month = months[usize::try_from(t.month() - 1).unwrap_or(0)];
    format!(
        "{} {month} {}, {:02}:{:02}",
        t.day(),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// A stored time as a `<time>` element: readable text, the machine value in `datetime`.
pub fn tijd(stored: &str, l: Lang) -> Markup {
    html! { time datetime=(stored) { (tijdstip(stored, l)) } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_numbers_in_each_language() {
        assert_eq!(bedrag(450_000, Lang::Nl), "€\u{a0}450.000");
        assert_eq!(bedrag(450_000, Lang::En), "€450,000");
        assert_eq!(bedrag(999, Lang::Nl), "€\u{a0}999");
        assert_eq!(getal(1_234_567, Lang::Nl), "1.234.567");
        assert_eq!(getal(0, Lang::En), "0");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        let p = (("project", "projecten"), ("project", "projects"));
        assert_eq!(aantal(1, Lang::Nl, p.0, p.1), "1 project");
        assert_eq!(aantal(2, Lang::Nl, p.0, p.1), "2 projecten");
        assert_eq!(aantal(0, Lang::En, p.0, p.1), "0 projects");
    }

    #[test]
    fn times_in_amsterdam_winter_and_summer() {
        // Winter: UTC+1.
        assert_eq!(
            tijdstip("2026-12-04T17:20:00Z", Lang::Nl),
            "4 december 2026, 18:20"
        );
        assert_eq!(
            tijdstip("2026-12-04T17:20:00Z", Lang::En),
            "4 December 2026, 18:20"
        );
        // Summer: UTC+2; and the night the clocks go back (25 October 2026, 01:30 UTC is
        // 02:30 winter time, after 02:59 summer time).
        assert_eq!(
            tijdstip("2026-07-01T10:00:00Z", Lang::Nl),
            "1 juli 2026, 12:00"
        );
        assert_eq!(
            tijdstip("2026-10-25T00:30:00Z", Lang::Nl),
            "25 oktober 2026, 02:30"
        );
        assert_eq!(
            tijdstip("2026-10-25T01:30:00Z", Lang::Nl),
            "25 oktober 2026, 02:30"
        );
        assert_eq!(tijdstip("0", Lang::Nl), "1 januari 1970, 01:00");
        assert_eq!(tijdstip("geen tijd", Lang::Nl), "geen tijd");
    }
}
