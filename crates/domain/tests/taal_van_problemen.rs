//! Every domain refusal has a Dutch and an English reason, each in its own language: the
//! Dutch rendering holds no English word of a short list, the English none of the Dutch list.
//! The refusals are made by the constructors themselves, so a new English-only reason in one
//! of them fails here.

use gemeten_domain::monitoring::{Datum, PeriodeId};
use gemeten_domain::{Brl, Euro, Id, Regel, Regels, Sel};
use gemeten_domain::{
    DoelSoort, Fase, Jaar, Lang, Meetperiode, MissieCode, Probleem, ProjectStatus, Rol,
    Streefwaarde, Taak, Tekst, Tijdpad, Trl, TrlBereik,
};

const ENGELS: &[&str] = &[
    "only",
    "must",
    "expected",
    "does not exist",
    "field",
    "unknown",
    "is not",
    "outside",
    "needs",
    "empty",
];
const NEDERLANDS: &[&str] = &[
    "alleen",
    "moet",
    "verwacht",
    "bestaat niet",
    "veld",
    "onbekende",
    "is geen",
    "ligt niet",
    "heeft",
    "leeg",
    "regel",
];

fn found(text: &str, list: &[&str]) -> Vec<String> {
    let words: String = format!(" {} ", text.to_lowercase())
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect();
    list.iter()
        .filter(|w| words.contains(&format!(" {w} ")))
        .map(|w| (*w).to_owned())
        .collect()
}

fn refusals() -> Vec<Probleem> {
    let jaar = |y| Jaar::try_from(y).unwrap();
    vec![
        "".parse::<Id>().unwrap_err(),
        "a b".parse::<Id>().unwrap_err(),
        Id::try_from("x".repeat(121)).unwrap_err(),
        " ".parse::<Tekst>().unwrap_err(),
        Regel::try_from(" ".to_owned()).unwrap_err(),
        Regel::try_from("a\nb".to_owned()).unwrap_err(),
        Jaar::try_from(1200).unwrap_err(),
        Trl::try_from(12).unwrap_err(),
        Sel::try_from(0).unwrap_err(),
        Brl::try_from(10).unwrap_err(),
        Euro::try_from(-5).unwrap_err(),
        TrlBereik::new(Trl::try_from(7).unwrap(), Trl::try_from(3).unwrap()).unwrap_err(),
        "VI".parse::<MissieCode>().unwrap_err(),
        "klaar".parse::<ProjectStatus>().unwrap_err(),
        "groeien".parse::<Fase>().unwrap_err(),
        "2025-02-30".parse::<Datum>().unwrap_err(),
        "gisteren".parse::<Datum>().unwrap_err(),
        "2025-H3".parse::<PeriodeId>().unwrap_err(),
        "morgen".parse::<Meetperiode>().unwrap_err(),
        "1700".parse::<Meetperiode>().unwrap_err(),
        Regels::try_from("r. 12".to_owned()).unwrap_err(),
        Regels::try_from("9-3".to_owned()).unwrap_err(),
        Tijdpad::new(Some(jaar(2031)), None, jaar(2030)).unwrap_err(),
        Tijdpad::new(None, Some(3.0), jaar(2030)).unwrap_err(),
        Streefwaarde::new(DoelSoort::RelatieveVerandering, Some(-150.0)).unwrap_err(),
        Streefwaarde::new(DoelSoort::RelatieveVerandering, None).unwrap_err(),
        Streefwaarde::new(DoelSoort::Kwalitatief, Some(1.0)).unwrap_err(),
        Taak::new(Rol::Bijdrager, None, None).unwrap_err(),
        Taak::new(Rol::Missieteam, None, None).unwrap_err(),
        Taak::new(Rol::Missieteam, None, Some("XIV")).unwrap_err(),
        Taak::new(Rol::Admin, Some("RIVM"), None).unwrap_err(),
        Taak::new(Rol::Publiek, None, Some("II")).unwrap_err(),
    ]
}

#[test]
fn every_domain_refusal_reads_in_dutch_and_in_english() {
    let all = refusals();
    assert!(all.len() >= 30);
    for p in &all {
        assert_ne!(p.reason.nl, p.reason.en, "not translated: {p:?}");
        let nl = p.tekst(Lang::Nl);
        let en = p.tekst(Lang::En);
        assert!(
            found(&nl, ENGELS).is_empty(),
            "English {:?} in: {nl}",
            found(&nl, ENGELS)
        );
        assert!(
            found(&en, NEDERLANDS).is_empty(),
            "Dutch {:?} in: {en}",
            found(&en, NEDERLANDS)
        );
    }
}
