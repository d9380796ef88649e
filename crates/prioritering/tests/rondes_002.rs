//! The rounds of 002 as data (`data/rondes/002.toml`): they load, refer to what the reference
//! register holds, cite lines of the source text that hold what they claim, and every method
//! puts the published selection on top.

use std::collections::BTreeSet;

use gemeten_domain::{Bron, Id, MissieCode, Register};
use gemeten_interchange::reference_register;
use gemeten_prioritering::{referentie_rondes, uitslagen, verify, StemSoort, Stembus};

fn rounds() -> Vec<Stembus> {
    referentie_rondes().unwrap_or_else(|e| panic!("data/rondes is invalid: {e}"))
}

fn register() -> Register {
    reference_register().unwrap_or_else(|e| panic!("reference dataset is invalid: {e}"))
}

fn round<'a>(all: &'a [Stembus], id: &str) -> &'a Stembus {
    all.iter()
        .find(|b| b.ronde().id().as_str() == id)
        .unwrap_or_else(|| panic!("no round {id}"))
}

fn set(v: &[Id]) -> BTreeSet<String> {
    v.iter().map(ToString::to_string).collect()
}

#[test]
fn the_three_rounds_of_002_load_with_the_documented_facts() {
    let all = rounds();
    let ids: Vec<&str> = all.iter().map(|b| b.ronde().id().as_str()).collect();
    assert_eq!(ids, ["002-II", "002-III", "002-III-arbeid"]);
    for b in &all {
        let r = b.ronde();
        // 14 on site + 2 online (3.1.2); the e-mail round asked the same participants.
        assert_eq!(r.deelnemers().len(), 16, "{}", r.id());
    }
    let ii = round(&all, "002-II").ronde();
    assert_eq!(ii.missie(), MissieCode::II);
    assert_eq!(
        ii.kind(),
        StemSoort::TopN {
            n: 3,
            ordered: false
        }
    );
    let a = ii.parts().attendance.unwrap();
    assert_eq!((a.on_site, a.online), (14, 2));
    assert_eq!(ii.seats(), 3);
    assert_eq!(round(&all, "002-III").ronde().seats(), 2);
    assert_eq!(round(&all, "002-III-arbeid").ronde().seats(), 1);
    assert_eq!(
        ii.criteria()
            .iter()
            .map(|c| c.id.to_string())
            .collect::<Vec<_>>(),
        ["II-1", "II-2", "II-3", "II-4", "II-5"]
    );
    // Bijlage 2 lists 13 organisations, VWS twice: 14 known, 2 unknown.
    let known = ii
        .deelnemers()
        .iter()
        .filter(|d| d.organisatie.is_some())
        .count();
    assert_eq!(known, 14);
}

#[test]
fn rounds_refer_to_criteria_innovations_and_organisations_of_the_register() {
    let reg = register();
    let p = reg.parts();
    for b in rounds() {
        let r = b.ronde();
        for c in r.criteria() {
            let found = p.criterium.iter().find(|x| x.id == c.id);
            let found = found.unwrap_or_else(|| panic!("{}: no criterium {}", r.id(), c.id));
            assert_eq!(found.missie, r.missie(), "{}: criterium {}", r.id(), c.id);
        }
        for k in r.kandidaten() {
            let inn = p.innovatie.iter().find(|x| &x.id == k);
            let inn = inn.unwrap_or_else(|| panic!("{}: no innovatie {k}", r.id()));
            assert!(inn.missies.contains(&r.missie()), "{}: {k}", r.id());
        }
        // The published selection agrees with the register's `selected` flag.
        for s in r.selected() {
            let inn = p.innovatie.iter().find(|x| &x.id == s).unwrap();
            assert!(
                inn.selected,
                "{s} is selected in {} but not in the register",
                r.id()
            );
        }
        for d in r.deelnemers() {
            if let Some(o) = &d.organisatie {
                assert!(reg.organisatie(o).is_some(), "{}: no organisatie {o}", d.id);
            }
        }
    }
    // Every innovation the register marks as selected for II or III is selected by a round.
    let selected: BTreeSet<String> = rounds()
        .iter()
        .flat_map(|b| set(b.ronde().selected()))
        .collect();
    for inn in &p.innovatie {
        if inn.selected {
            assert!(
                selected.contains(inn.id.as_str()),
                "{} not in a round",
                inn.id
            );
        }
    }
}

#[test]
fn every_method_puts_the_published_selection_on_top() {
    for b in rounds() {
        let r = b.ronde();
        assert!(
            !r.selected().is_empty(),
            "{} has a published selection",
            r.id()
        );
        let mut shown = 0;
        for u in uitslagen(&b) {
            if u.not_applicable.is_some() {
                continue;
            }
            shown += 1;
            assert_eq!(
                set(&u.winners),
                set(r.selected()),
                "{} by {}: winners differ from the published selection",
                r.id(),
                u.methode
            );
            assert!(!u.tie_at_cutoff, "{} by {}", r.id(), u.methode);
            // The ballots are made up: every result says so.
            assert!(u.illustratief, "{} by {}", r.id(), u.methode);
            assert_eq!(verify(&b, &u), Ok(()));
        }
        // Approval, Borda and median work on top-N ballots; a mean needs ratings.
        assert_eq!(shown, 3, "{}", r.id());
    }
}

#[test]
fn the_ballots_are_all_marked_illustrative_and_give_the_documented_counts() {
    let all = rounds();
    for b in &all {
        assert!(b.history().iter().all(|i| i.biljet.illustratief));
    }
    let ii = uitslagen(round(&all, "002-II"));
    let approval: Vec<(String, f64)> = ii[0]
        .ranking
        .iter()
        .map(|p| (p.kandidaat.to_string(), p.score))
        .collect();
    assert_eq!(
        approval,
        [
            ("cva-portaal".to_owned(), 14.0),
            ("peri-operatief".to_owned(), 12.0),
            ("monitoring-fotonische-detectie".to_owned(), 9.0),
        ]
    );
    // Borda, m = 3: naming all three gives 1 point each; naming two, 1.5 each and 0 for the
    // third; naming one, 2 for it and 0.5 for each of the others.
    // CVA 7·1 + 4·1.5 + 3·2 + 0.5 = 19.5; Peri 7 + 4·1.5 + 3·0.5 + 2 = 16.5;
    // fotonisch 7 + 2·1.5 + 4·0.5 = 12. Total 48 = 16 ballots × 3 points.
    let borda: Vec<f64> = ii[1].ranking.iter().map(|p| p.score).collect();
    assert_eq!(borda, [19.5, 16.5, 12.0]);
    let iii = uitslagen(round(&all, "002-III"));
    let support: Vec<(String, usize)> = iii[0]
        .agreement
        .winner_support
        .iter()
        .map(|s| (s.kandidaat.to_string(), s.ballots))
        .collect();
    assert_eq!(
        support,
        [
            ("cue2walk".to_owned(), 13),
            ("healthy-chronos".to_owned(), 11)
        ]
    );
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const SOURCE: &str = include_str!("../../../data/bronnen/002.txt");

fn cited(bron: &Bron) -> String {
    assert_eq!(bron.doc.code(), "002");
    let lines: Vec<&str> = SOURCE.split('\n').collect();
    let r = bron.lines.expect("every citation has lines");
    assert!(r.to() as usize <= lines.len(), "lines {r} beyond the end");
    normalise(&lines[r.from() as usize - 1..r.to() as usize].join("\n"))
}

fn holds(bron: &Option<Bron>, what: &str, text: &str) {
    let bron = bron.as_ref().unwrap_or_else(|| panic!("{what}: no source"));
    assert!(
        cited(bron).contains(&normalise(text)),
        "{what}: '{text}' not in 002 lines {}",
        bron.lines.unwrap()
    );
}

#[test]
fn every_citation_holds_what_it_supports() {
    let reg = register();
    let p = reg.parts();
    for b in rounds() {
        let r = b.ronde();
        let rp = r.parts();
        let what = r.id().as_str();
        holds(&rp.source, what, "consensussessie");
        match r.kind() {
            StemSoort::TopN { n: 3, .. } => holds(
                &rp.kind_source,
                what,
                "individueel gestemd om tot de top drie",
            ),
            _ => holds(
                &rp.kind_source,
                what,
                "de meest impactvolle arbeidsinnovatie te selecteren",
            ),
        }
        if rp.attendance.is_some() {
            holds(&rp.attendance_source, what, "14");
            holds(
                &rp.attendance_source,
                what,
                "twee deelnemers sloten online aan",
            );
        }
        for c in r.criteria() {
            let text = &p.criterium.iter().find(|x| x.id == c.id).unwrap().text_nl;
            holds(&rp.criteria_source, what, text.as_str());
        }
        for k in r.kandidaten().iter().chain(r.selected()) {
            let name = &p.innovatie.iter().find(|x| &x.id == k).unwrap().name;
            holds(&rp.kandidaten_source, what, name.as_str());
            holds(&rp.selected_source, what, name.as_str());
        }
        let from_bijlage_2 = rp
            .deelnemers_source
            .as_ref()
            .is_some_and(|b| b.section.as_str().starts_with("Bijlage 2"));
        if !from_bijlage_2 {
            // The e-mail round asked "de deelnemers van de consensussessie".
            holds(
                &rp.deelnemers_source,
                what,
                "deelnemers van de consensussessie",
            );
        }
        for d in r.deelnemers() {
            match &d.organisatie {
                // The organisation as bijlage 2 writes it (without "(1 van 2)").
                Some(_) => {
                    let name = d.name.as_str().split(" (").next().unwrap();
                    holds(&d.source, d.id.as_str(), name);
                    if from_bijlage_2 {
                        holds(&rp.deelnemers_source, what, name);
                    }
                }
                None => holds(&d.source, d.id.as_str(), "deelnemers op locatie aanwezig"),
            }
        }
    }
}
