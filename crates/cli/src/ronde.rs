//! `gemeten rounds` and `gemeten round …`: prioritisation rounds, ballots and their results.

use serde_json::json;

use gemeten_app::Herspelen;
use gemeten_domain::{Account, Id, Probleem, Register};
use gemeten_prioritering::{
    uitslag, uitslagen, Keuze, Methode, Score, StemSoort, Stembus, Uitslag,
};
use gemeten_store::{RondeStore, Store};

use crate::cli::{RoundAction, RoundCommand};
use crate::i18n::{self, Lang};
use crate::show::{bron, heading, missie_label, print_json, Output};
use crate::table;

fn load(store: &Store, id: &str) -> anyhow::Result<Stembus> {
    let bad = || {
        anyhow::Error::from(gemeten_domain::Probleem::new(
            format!("ronde '{id}' bestaat niet (zie `gemeten rounds`)"),
            format!("round '{id}' does not exist (see `gemeten rounds`)"),
        ))
    };
    let id: Id = id.parse().map_err(|_| bad())?;
    store.load_round(&id)?.ok_or_else(bad)
}

fn kind_label(kind: StemSoort, lang: Lang) -> String {
    match (kind, lang) {
        (StemSoort::TopN { n, ordered: false }, Lang::Nl) => format!("top {n} (ongeordend)"),
        (StemSoort::TopN { n, ordered: true }, Lang::Nl) => format!("top {n} (geordend)"),
        (StemSoort::TopN { n, ordered: false }, Lang::En) => format!("top {n} (unordered)"),
        (StemSoort::TopN { n, ordered: true }, Lang::En) => format!("top {n} (ordered)"),
        (StemSoort::Rangorde, _) => i18n::RANKING.get(lang).to_owned(),
        (StemSoort::Scores { scale }, _) => {
            format!("{} {}", i18n::RATINGS.get(lang), scale)
        }
    }
}

fn method_label(m: Methode, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => m.label_nl(),
        Lang::En => m.label_en(),
    }
}

fn title(bus: &Stembus, lang: Lang) -> &str {
    let p = bus.ronde().parts();
    match (lang, &p.title_en) {
        (Lang::En, Some(en)) => en.as_str(),
        _ => p.title_nl.as_str(),
    }
}

fn flag(illustratief: bool, lang: Lang) -> &'static str {
    if illustratief {
        i18n::ILLUSTRATIVE_FLAG.get(lang)
    } else {
        ""
    }
}

pub fn list(store: &Store, out: Output) -> anyhow::Result<()> {
    let rounds = store.rounds()?;
    if out.json {
        let rows: Vec<_> = rounds
            .iter()
            .map(|b| {
                let r = b.ronde();
                json!({
                    "id": r.id(),
                    "missie": r.missie(),
                    "title_nl": r.parts().title_nl,
                    "kind": r.kind(),
                    "participants": r.deelnemers().len(),
                    "candidates": r.kandidaten(),
                    "ballots": b.counted().len(),
                    "replaced": b.history().len() - b.counted().len(),
                    "selected": r.selected(),
                    "illustratief": b.illustratief(),
                })
            })
            .collect();
        return print_json(&rows);
    }
    if rounds.is_empty() {
        println!("{}", i18n::NONE_YET.get(out.lang));
        return Ok(());
    }
    let lang = out.lang;
    let mut t = table::new(
        &[
            &i18n::ROUND,
            &i18n::MISSION_TEXT,
            &i18n::TITLE,
            &i18n::BALLOT_KIND,
            &i18n::PARTICIPANTS,
            &i18n::BALLOTS,
            &i18n::PUBLISHED_SELECTION,
        ],
        lang,
    );
    for b in &rounds {
        let r = b.ronde();
        t.add_row(vec![
            r.id().to_string(),
            r.missie().code().to_owned(),
            title(b, lang).to_owned(),
            kind_label(r.kind(), lang),
            r.deelnemers().len().to_string(),
            format!("{} {}", b.counted().len(), flag(b.illustratief(), lang))
                .trim()
                .to_owned(),
            r.selected()
                .iter()
                .map(Id::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    println!("{t}");
    if rounds.iter().any(Stembus::illustratief) {
        println!("{}", i18n::ILLUSTRATIVE_NOTE.get(lang));
    }
    Ok(())
}

pub fn run(
    store: &mut Store,
    register: &Register,
    cmd: RoundCommand,
    als: &dyn Fn(&Store) -> anyhow::Result<Account>,
    out: Output,
) -> anyhow::Result<()> {
    match cmd.action {
        None => show(store, register, &cmd.id, out),
        Some(RoundAction::Result { method }) => {
            let account = als(store)?;
            result(
                store,
                register,
                &account,
                &cmd.id,
                method.map(Into::into),
                out,
            )
        }
        Some(RoundAction::Vote {
            participant,
            top,
            rank,
            rate,
        }) => {
            let account = als(store)?;
            let ballot = Invoer {
                participant: participant.as_deref(),
                top,
                rank,
                rate,
            };
            vote(store, &account, &cmd.id, ballot, out)
        }
    }
}

/// Whether each applicable method puts the published selection on top.
fn matches_published(bus: &Stembus, u: &Uitslag) -> Option<bool> {
    let selected = bus.ronde().selected();
    if selected.is_empty() || u.not_applicable.is_some() {
        return None;
    }
    let mut a: Vec<&Id> = u.winners.iter().collect();
    let mut b: Vec<&Id> = selected.iter().collect();
    a.sort();
    b.sort();
    Some(a == b)
}

fn result_json(bus: &Stembus, u: &Uitslag) -> serde_json::Value {
    let mut v = serde_json::to_value(u).expect("a result always serialises");
    v["matches_published_selection"] = json!(matches_published(bus, u));
    v
}

fn show(store: &Store, register: &Register, id: &str, out: Output) -> anyhow::Result<()> {
    let bus = load(store, id)?;
    let results = uitslagen(&bus);
    let r = bus.ronde();
    if out.json {
        return print_json(&json!({
            "ronde": r,
            "ballots": {
                "counted": bus.counted().len(),
                "replaced": bus.history().len() - bus.counted().len(),
                "history": bus.history(),
            },
            "illustratief": bus.illustratief(),
            "unknown_in_register": unknown_references(register, &bus),
            "results": results.iter().map(|u| result_json(&bus, u)).collect::<Vec<_>>(),
        }));
    }
    let lang = out.lang;
    heading(
        format!(
            "{} {} — {} ({}) {}",
            i18n::ROUND.get(lang),
            r.id(),
            title(&bus, lang),
            missie_label(r.missie(), lang),
            flag(bus.illustratief(), lang)
        )
        .trim_end(),
    );
    let p = r.parts();
    let mut facts = vec![
        (
            i18n::BALLOT_KIND.get(lang),
            format!(
                "{} · {} {}",
                kind_label(r.kind(), lang),
                r.seats(),
                i18n::SEATS.get(lang)
            ),
        ),
        (
            i18n::PARTICIPANTS.get(lang),
            match p.attendance {
                Some(a) => format!(
                    "{} ({} {}, {} online)",
                    r.deelnemers().len(),
                    a.on_site,
                    i18n::ON_SITE.get(lang),
                    a.online
                ),
                None => r.deelnemers().len().to_string(),
            },
        ),
        (
            i18n::BALLOTS.get(lang),
            format!(
                "{} {}, {} {}",
                bus.counted().len(),
                i18n::COUNTED.get(lang),
                bus.history().len() - bus.counted().len(),
                i18n::REPLACED.get(lang)
            ),
        ),
    ];
    if let Some(b) = &p.source {
        facts.push((i18n::SOURCE.get(lang), bron(b)));
    }
    for (k, v) in facts {
        println!("{k}: {v}");
    }
    if !r.criteria().is_empty() {
        heading(i18n::CRITERIA.get(lang));
        for c in r.criteria() {
            let text = register
                .criterium_tekst(&c.id)
                .unwrap_or_else(|| "?".into());
            match c.weight {
                Some(w) => println!("  {} ({} {w}) {text}", c.id, i18n::WEIGHT.get(lang)),
                None => println!("  {} {text}", c.id),
            }
        }
    }
    heading(i18n::CANDIDATES.get(lang));
    for k in r.kandidaten() {
        let mark = if r.selected().contains(k) {
            format!(" — {}", i18n::PUBLISHED_SELECTION.get(lang))
        } else {
            String::new()
        };
        println!("  {k}: {}{mark}", register.innovatie_naam(k));
    }
    let unknown = unknown_references(register, &bus);
    if !unknown.is_empty() {
        println!(
            "{}: {}",
            i18n::NOT_IN_REGISTER.get(lang),
            unknown.join(", ")
        );
    }
    for u in &results {
        print_result(&bus, register, u, lang);
    }
    if bus.illustratief() {
        println!("\n{}", i18n::ILLUSTRATIVE_NOTE.get(lang));
    }
    Ok(())
}

/// Candidate and criterion ids of the round that the register does not hold (after an
/// import that dropped them).
fn unknown_references(register: &Register, bus: &Stembus) -> Vec<String> {
    let p = register.parts();
    let r = bus.ronde();
    let mut v: Vec<String> = r
        .kandidaten()
        .iter()
        .filter(|k| !p.innovatie.iter().any(|i| &i.id == *k))
        .map(|k| format!("innovatie '{k}'"))
        .collect();
    v.extend(
        r.criteria()
            .iter()
            .filter(|c| register.criterium_tekst(&c.id).is_none())
            .map(|c| format!("criterium '{}'", c.id)),
    );
    v
}

fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn print_result(bus: &Stembus, register: &Register, u: &Uitslag, lang: Lang) {
    heading(
        format!(
            "{} — {} {}",
            i18n::RESULT.get(lang),
            method_label(u.methode, lang),
            flag(u.illustratief, lang)
        )
        .trim_end(),
    );
    if let Some(why) = &u.not_applicable {
        let kind = bus.ronde().kind();
        let why = match lang {
            Lang::Nl if u.ballots == 0 => "nog geen stembiljetten",
            Lang::Nl => u.methode.not_applicable_nl(kind).unwrap_or(why),
            Lang::En => why,
        };
        println!("{}: {why}", i18n::NOT_APPLICABLE.get(lang));
        return;
    }
    let median = u.methode == Methode::Median;
    let mut headers = vec![&i18n::PLACE, &i18n::INNOVATION, &i18n::SCORE];
    if median {
        headers.push(&i18n::IQR);
    }
    headers.push(&i18n::TIE);
    let mut t = table::new(&headers, lang);
    for p in &u.ranking {
        let mut row = vec![
            p.rank.to_string(),
            format!(
                "{} ({})",
                register.innovatie_naam(&p.kandidaat),
                p.kandidaat
            ),
            num(p.score),
        ];
        if let Some(s) = p.spread {
            row.push(format!("{}–{} ({})", num(s.q1), num(s.q3), num(s.iqr)));
        } else if median {
            row.push(String::new());
        }
        row.push(if p.tied {
            i18n::TIED.get(lang).to_owned()
        } else {
            String::new()
        });
        t.add_row(row);
    }
    println!("{t}");
    let convention = match lang {
        Lang::Nl => u.methode.convention_nl(bus.ronde().kind()),
        Lang::En => u.convention.as_str(),
    };
    println!("{}: {convention}", i18n::CONVENTION.get(lang));
    let winners: Vec<&str> = u.winners.iter().map(Id::as_str).collect();
    let tie = if u.tie_at_cutoff {
        format!(" ({})", i18n::TIE_AT_CUTOFF.get(lang))
    } else {
        String::new()
    };
    println!(
        "{} ({} {}): {}{tie}",
        i18n::WINNERS.get(lang),
        u.seats,
        i18n::SEATS.get(lang),
        winners.join(", ")
    );
    if let Some(same) = matches_published(bus, u) {
        println!(
            "{}: {}",
            i18n::MATCHES_PUBLISHED.get(lang),
            if same {
                i18n::YES.get(lang)
            } else {
                i18n::NO.get(lang)
            }
        );
    }
    let a = &u.agreement;
    if let Some(w) = a.kendall_w {
        println!(
            "{}: Kendall's W = {} (m = {}, n = {})",
            i18n::AGREEMENT.get(lang),
            num(w.w),
            w.raters,
            w.objects
        );
    }
    if !a.winner_support.is_empty() {
        let s: Vec<String> = a
            .winner_support
            .iter()
            .map(|s| {
                format!(
                    "{} {}/{} ({} %)",
                    s.kandidaat,
                    s.ballots,
                    u.ballots,
                    (s.share * 100.0).round()
                )
            })
            .collect();
        println!("{}: {}", i18n::WINNER_SUPPORT.get(lang), s.join(", "));
    } else if let Some(note) = &a.kendall_w_note {
        println!("{}: {note}", i18n::AGREEMENT.get(lang));
    }
    println!("{}: {}", i18n::FINGERPRINT.get(lang), u.fingerprint);
}

fn result(
    store: &mut Store,
    register: &Register,
    account: &Account,
    id: &str,
    method: Option<Methode>,
    out: Output,
) -> anyhow::Result<()> {
    let bus = load(store, id)?;
    let methods: Vec<Methode> = method.map_or_else(|| Methode::ALL.to_vec(), |m| vec![m]);
    let stored = store.results(bus.ronde().id())?;
    let mut results = Vec::new();
    for m in methods {
        let u = uitslag(&bus, m);
        // Keep a result once per distinct outcome: store it unless the latest stored result
        // of this method has the same fingerprint.
        let latest = stored.iter().rev().find(|s| s.uitslag.methode == m);
        let new = latest.is_none_or(|s| s.uitslag.fingerprint != u.fingerprint);
        if new && u.not_applicable.is_none() {
            gemeten_app::store_result(store, account, &u)?;
        }
        results.push((u, new));
    }
    if out.json {
        let v: Vec<_> = results
            .iter()
            .map(|(u, new)| {
                let mut v = result_json(&bus, u);
                v["stored"] = json!(*new && u.not_applicable.is_none());
                v
            })
            .collect();
        return print_json(&if method.is_some() {
            v[0].clone()
        } else {
            json!(v)
        });
    }
    for (u, _) in &results {
        print_result(&bus, register, u, out.lang);
    }
    if bus.illustratief() {
        println!("\n{}", i18n::ILLUSTRATIVE_NOTE.get(out.lang));
    }
    Ok(())
}

/// A refusal of command-line input, placed like the ballot box's own refusals (the
/// participant as the record): the one problem type, said in `--lang`.
fn refuse(participant: &str, field: &'static str, p: Probleem) -> anyhow::Error {
    p.als_veld(field).record(format!("'{participant}'")).into()
}

fn parse_ids(participant: &str, field: &'static str, items: &[String]) -> anyhow::Result<Vec<Id>> {
    items
        .iter()
        .map(|s| {
            s.trim()
                .parse::<Id>()
                .map_err(|e| refuse(participant, field, e))
        })
        .collect()
}

/// `cand:crit=score`
fn parse_score(participant: &str, item: &str) -> anyhow::Result<Score> {
    let bad = || {
        refuse(
            participant,
            "rate",
            Probleem::new(
                format!("'{item}' heeft niet de vorm kandidaat:criterium=score"),
                format!("'{item}' is not of the form candidate:criterion=score"),
            ),
        )
    };
    let (pair, score) = item.trim().split_once('=').ok_or_else(bad)?;
    let (k, c) = pair.split_once(':').ok_or_else(bad)?;
    Ok(Score {
        kandidaat: k
            .trim()
            .parse()
            .map_err(|e| refuse(participant, "rate", e))?,
        criterium: c
            .trim()
            .parse()
            .map_err(|e| refuse(participant, "rate", e))?,
        score: score.trim().parse().map_err(|_| bad())?,
    })
}

/// A ballot as given on the command line.
struct Invoer<'a> {
    /// On behalf of this participant; by default the user's own.
    participant: Option<&'a str>,
    top: Option<Vec<String>>,
    rank: Option<Vec<String>>,
    rate: Option<Vec<String>>,
}

/// Casts a ballot through the application core: the user's own, or on behalf of a
/// participant; a second ballot of a participant replaces the first.
fn vote(
    store: &mut Store,
    account: &Account,
    id: &str,
    b: Invoer<'_>,
    out: Output,
) -> anyhow::Result<()> {
    let bus = load(store, id)?;
    let participant = b.participant.unwrap_or(account.username.as_str());
    let namens: Option<Id> = b
        .participant
        .map(|p| p.trim().parse())
        .transpose()
        .map_err(|e| refuse(participant, "participant", e))?;
    let keuze = match (b.top, b.rank, b.rate) {
        (Some(v), None, None) => Keuze::Top(parse_ids(participant, "top", &v)?),
        (None, Some(v), None) => Keuze::Rangorde(parse_ids(participant, "rank", &v)?),
        (None, None, Some(v)) => Keuze::Scores(
            v.iter()
                .map(|s| parse_score(participant, s))
                .collect::<anyhow::Result<_>>()?,
        ),
        _ => {
            return Err(refuse(
                participant,
                "top",
                Probleem::new(
                    "geef precies een van --top, --rank of --rate",
                    "give exactly one of --top, --rank or --rate",
                ),
            ))
        }
    };
    let stem = gemeten_app::cast_ballot(store, account, bus.ronde().id(), namens.as_ref(), keuze)?;
    let ballot = load(store, id)?
        .counted()
        .into_iter()
        .find(|b| b.deelnemer == stem.deelnemer)
        .map(|b| b.keuze.clone());
    if out.json {
        return print_json(&json!({
            "ronde": bus.ronde().id(),
            "deelnemer": stem.deelnemer,
            "seq": stem.seq,
            "replaces": stem.replaced,
            "keuze": ballot,
        }));
    }
    let msg = if stem.replaced {
        i18n::BALLOT_REPLACED.get(out.lang)
    } else {
        i18n::BALLOT_STORED.get(out.lang)
    };
    println!(
        "{}: {msg} ({} '{}', #{}): {}",
        bus.ronde().id(),
        i18n::PARTICIPANT.get(out.lang),
        stem.deelnemer,
        stem.seq,
        ballot.map(|k| k.to_string()).unwrap_or_default()
    );
    Ok(())
}
