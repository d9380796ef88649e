//! Prioritisation rounds in the browser: `/rondes` (every round), `/rondes/{id}` (the round,
//! its current result by every method that applies, and the ballot form), and
//! `POST /rondes/{id}/stem`. The rules (who may vote, casting and auditing a ballot, creating
//! a round) are the application core's ([`gemeten_app::cast_ballot`],
//! [`gemeten_app::create_round`]); [`cast`] and [`create_round`] are the one adapter the
//! pages, the API in `rondes_api.rs` and the form for a new round in `ronde_maken.rs` share.
//!
//! In the browser a user votes as itself: the participant is the username (the round's
//! participant list is its electorate; the ballot box refuses anyone else, naming the field
//! `participant`).

use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::{html, Markup};

use gemeten_app::Herspelen;
use gemeten_app::{may_vote, Stem};
use gemeten_domain::{Account, Rol};
use gemeten_domain::{Id, Label, Probleem, Problemen, Register};
use gemeten_prioritering::{Keuze, Methode, Ronde, RondeParts, Score, StemSoort, Stembus, Uitslag};

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::{Filter, Taal};
use crate::layout::{missie_label, page, Nav, PageError};
use crate::routes::Routes;
use crate::{AppState, Lang};

pub(crate) mod api;
pub(crate) mod maken;
pub(crate) mod model;

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/rondes", lijst)
        .get("/rondes/nieuw", maken::formulier)
        .post("/rondes/nieuw", maken::aanmaken)
        .get("/rondes/{id}", ronde)
        .post("/rondes/{id}/stem", stem)
}

/// The roles that may vote at all; [`may_vote`] narrows a mission team to its mission.
pub(crate) const VOTERS: &[Rol] = &[Rol::Missieteam, Rol::Admin];

pub(crate) fn round_not_found(id: &str) -> ApiError {
    ApiError::niet_gevonden("id", "ronde", "round", id)
}

/// The round with its ballots, or 404 (also for a path segment that is no id).
pub(crate) async fn load(state: &AppState, id: &str) -> Result<Stembus, ApiError> {
    let key: Id = id.parse().map_err(|_| round_not_found(id))?;
    let found = state.with_store(move |s| s.load_round(&key)).await?;
    found.ok_or_else(|| round_not_found(id))
}

/// A refusal of input before it reaches the ballot box, placed like the box's own (the
/// participant as the record).
pub(crate) fn refuse(
    deelnemer: &str,
    field: &'static str,
    nl: impl Into<String>,
    en: impl Into<String>,
) -> ApiError {
    Probleem::bij_veld(field, nl, en)
        .record(format!("'{deelnemer}'"))
        .into()
}

/// Casts `account`'s own ballot in round `id` through the application core: 404 for an
/// unknown round, 403 for a user who may not vote in it (recorded), 400 (naming participant,
/// field and reason) for a ballot the round refuses. A second ballot replaces the first.
pub(crate) async fn cast(
    state: &AppState,
    account: Account,
    id: &str,
    keuze: Keuze,
) -> Result<Stem, ApiError> {
    let key: Id = id.parse().map_err(|_| round_not_found(id))?;
    state
        .schrijf(move |s, _| gemeten_app::cast_ballot(s, &account, &key, None, keuze))
        .await
}

/// Creates a round without ballots for `account` through the application core: 403 unless
/// the user may vote in the round's mission (recorded), 400 naming the field, 409 for a known
/// id.
pub(crate) async fn create_round(
    state: &AppState,
    account: Account,
    parts: RondeParts,
) -> Result<Id, ApiError> {
    state
        .schrijf(move |s, register| gemeten_app::create_round(s, register, &account, parts))
        .await
}

fn status_label(s: model::Status, l: Lang) -> &'static str {
    match s {
        model::Status::Published => l.t("selectie gepubliceerd", "selection published"),
        model::Status::NoBallots => l.t("open, nog geen stembiljetten", "open, no ballots yet"),
        model::Status::Voting => l.t("open, er wordt gestemd", "open, voting"),
    }
}

/// The methods that give a result for this kind of ballot.
pub(crate) fn methods(kind: StemSoort) -> Vec<Methode> {
    Methode::ALL
        .into_iter()
        .filter(|m| m.not_applicable(kind).is_none())
        .collect()
}

fn kind_label(kind: StemSoort, l: Lang) -> String {
    match kind {
        StemSoort::TopN { n, ordered: false } => {
            format!("top {n} ({})", l.t("ongeordend", "unordered"))
        }
        StemSoort::TopN { n, ordered: true } => format!("top {n} ({})", l.t("geordend", "ordered")),
        StemSoort::Rangorde => l.t("volledige rangorde", "full ranking").to_owned(),
        StemSoort::Scores { scale } => format!("{} {scale}", l.t("scores", "ratings")),
    }
}

fn method_label(m: Methode, l: Lang) -> &'static str {
    match l {
        Lang::Nl => m.label_nl(),
        Lang::En => m.label_en(),
    }
}

fn title(r: &Ronde, l: Lang) -> &str {
    let p = r.parts();
    match (l, &p.title_en) {
        (Lang::En, Some(en)) => en.as_str(),
        _ => p.title_nl.as_str(),
    }
}

fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

const ILLUSTRATIEF: Label = Label(
    "Illustratief: deze uitslag is berekend uit verzonnen stembiljetten. Het brondocument publiceert geen individuele stemmen, alleen de uitkomst; dit is dus geen echte uitslag.",
    "Illustrative: this result is computed from made-up ballots. The source document publishes no individual votes, only the outcome; this is not a real result.",
);

async fn lijst(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    filter: Result<Filter, ApiError>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let filter = filter.map_err(|e| PageError::new(&taal, e))?;
    let rounds = model::rondes(&state, filter)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let rounds: Vec<model::Samenvatting> = rounds.iter().map(model::samenvatting).collect();
    let heading = l.t("Prioriteringsrondes", "Prioritisation rounds");
    let body = html! {
        h1 { (heading) @if let Some(m) = filter.missie { " — " (missie_label(m, l)) } }
        p.intro { (l.t(
            "Per ronde: de vraag, de kandidaten (innovaties uit het register), de stemwijze en de uitslag volgens elke methode die past, berekend uit de stembiljetten.",
            "Per round: the question, the candidates (innovations of the register), the kind of ballot and the result by every method that fits, computed from the ballots.",
        )) }
        @if gebruiker.require(VOTERS).is_ok() {
            p { a href="/rondes/nieuw" { (l.t("Nieuwe ronde aanmaken", "Create a new round")) } }
        }
        @if rounds.is_empty() {
            p.leeg { (l.t("Er zijn (voor deze keuze) nog geen rondes.", "There are no rounds (for this choice) yet.")) }
        } @else {
            div.scroll { table {
                caption { (crate::opmaak::aantal(rounds.len(), l, ("ronde", "rondes"), ("round", "rounds"))) }
                thead { tr {
                    th scope="col" { (l.t("Ronde", "Round")) }
                    th scope="col" { (l.t("Missie", "Mission")) }
                    th scope="col" { (l.t("Stemwijze en methoden", "Ballot and methods")) }
                    th scope="col" { (l.t("Status", "Status")) }
                    th scope="col" .num { (l.t("Stembiljetten", "Ballots")) }
                } }
                tbody { @for r in &rounds {
                    tr {
                        th scope="row" { a href=(format!("/rondes/{}", r.id)) { (crate::layout::pick_str(r.title_nl, r.title_en, l)) } " " code { (r.id) } }
                        td { a href=(format!("/missies/{}", r.missie)) { (missie_label(r.missie, l)) } }
                        td { (kind_label(r.kind, l)) " — "
                            (r.methods.iter().map(|m| method_label(*m, l)).collect::<Vec<_>>().join(", ")) }
                        td { (status_label(r.status, l)) }
                        td.num { (r.ballots)
                            @if r.illustratief { " " span.meta { "(" (l.t("illustratief", "illustrative")) ")" } } }
                    }
                } }
            } }
        }
    };
    Ok(page(&taal, heading, Nav::Rondes, body))
}

/// The method in plain words (the technical convention stays in the JSON): what the score
/// is and, for the median, what the spread is.
fn plain_method(m: Methode, kind: StemSoort, l: Lang) -> &'static str {
    match (m, kind) {
        (Methode::Median, StemSoort::Scores { .. }) => l.t(
            "de middelste van de scores die de deelnemers gaven; de spreiding is de middelste helft van die scores",
            "the middle one of the scores the participants gave; the spread is the middle half of those scores",
        ),
        (Methode::Median, _) => l.t(
            "de middelste van de plaatsen die de deelnemers gaven, als punten (meer is beter); de spreiding is de middelste helft",
            "the middle one of the places the participants gave, as points (more is better); the spread is the middle half",
        ),
        (Methode::Approval, _) => l.t(
            "hoeveel deelnemers de kandidaat noemden",
            "how many participants named the candidate",
        ),
        (Methode::Borda, _) => l.t(
            "punten naar plaats: hoe hoger iemand een kandidaat zette, hoe meer punten",
            "points by place: the higher someone put a candidate, the more points",
        ),
        (Methode::Mean, _) => l.t(
            "het gemiddelde van de (gewogen) scores per criterium",
            "the average of the (weighted) scores per criterion",
        ),
    }
}

/// Why there is no agreement figure, in the page's language (the ballot crate words its
/// notes in English for the JSON).
fn agreement_note(note: &str, l: Lang) -> String {
    let nl = match note {
        n if n.starts_with("not computed for top-N") => {
            "niet berekend voor stembiljetten met een top-N; zie hieronder hoeveel deelnemers elke gekozene noemden"
        }
        "Kendall's W needs at least two ballots" => "daarvoor zijn minstens twee stembiljetten nodig",
        "Kendall's W needs at least two candidates" => "daarvoor zijn minstens twee kandidaten nodig",
        n if n.starts_with("every ballot ties") => {
            "elk stembiljet zet alle kandidaten gelijk, dus er is niets om het over eens te zijn"
        }
        _ => "niet te berekenen",
    };
    match l {
        Lang::Nl => nl.to_owned(),
        Lang::En => note.to_owned(),
    }
}

/// Whether a method ranks every candidate equal: it cannot tell them apart.
fn inseparable(u: &Uitslag) -> bool {
    u.ranking.len() > 1 && u.ranking.iter().all(|p| p.rank == u.ranking[0].rank)
}

fn result_section(bus: &Stembus, u: &Uitslag, register: &Register, l: Lang) -> Markup {
    let kind = bus.ronde().kind();
    let median = u.methode == Methode::Median;
    html! {
        h3 { (method_label(u.methode, l)) }
        @if let Some(why) = &u.not_applicable {
            p.leeg { (if u.ballots == 0 { l.t("Nog geen stembiljetten.", "No ballots yet.") } else {
                match l { Lang::Nl => u.methode.not_applicable_nl(kind).unwrap_or(why), Lang::En => why }
            }) }
        } @else if inseparable(u) {
            p.geen-onderscheid { (match l {
                Lang::Nl => format!(
                    "Deze methode kan de kandidaten met deze stembiljetten niet van elkaar onderscheiden: alle {} krijgen dezelfde uitkomst ({}). Daarom staat hier geen rangorde; kijk naar de andere methoden.",
                    u.ranking.len(), num(u.ranking[0].score)),
                Lang::En => format!(
                    "This method cannot tell the candidates apart with these ballots: all {} get the same outcome ({}). So no ranking is shown here; see the other methods.",
                    u.ranking.len(), num(u.ranking[0].score)),
            }) }
        } @else {
            p.meta { (l.t("Score", "Score")) ": " (plain_method(u.methode, kind, l)) "." }
            div.scroll { table {
                caption { (method_label(u.methode, l)) " — " (crate::opmaak::aantal(u.ballots, l, ("stembiljet", "stembiljetten"), ("ballot", "ballots"))) }
                thead { tr {
                    th scope="col" .num { (l.t("Plaats", "Place")) }
                    th scope="col" { (l.t("Innovatie", "Innovation")) }
                    th scope="col" .num { (l.t("Score", "Score")) }
                    @if median { th scope="col" { (l.t("Spreiding (middelste helft)", "Spread (middle half)")) } }
                    th scope="col" { (l.t("Gelijk", "Tie")) }
                } }
                tbody { @for p in &u.ranking { tr {
                    td.num { (p.rank) }
                    th scope="row" { (register.innovatie_naam(&p.kandidaat))
                        @if u.winners.contains(&p.kandidaat) { " — " strong { (l.t("gekozen", "selected")) } } }
                    td.num { (num(p.score)) }
                    @if median { td { (p.spread.map(|s| format!("{} – {}", num(s.q1), num(s.q3))).unwrap_or_default()) } }
                    td { @if p.tied { (l.t("gelijk", "tied")) } }
                } } }
            } }
            @if u.tie_at_cutoff { p { (l.t("Gelijke stand op de grens van de zetels.", "A tie at the cut-off of the seats.")) } }
            @if let Some(w) = u.agreement.kendall_w {
                p { (l.t("Overeenstemming tussen de deelnemers", "Agreement between the participants")) ": " strong { (num(w.w)) }
                    " " (l.t("(0 = geen, 1 = volledig)", "(0 = none, 1 = complete)")) }
            } @else if let Some(note) = &u.agreement.kendall_w_note {
                p { (l.t("Overeenstemming tussen de deelnemers", "Agreement between the participants")) ": " (agreement_note(note, l)) }
            }
            @if !u.agreement.winner_support.is_empty() {
                p { (l.t("Steun voor de gekozenen", "Support for the selected")) ": "
                    (u.agreement.winner_support.iter()
                        .map(|s| format!("{} {} {} {} ({} %)", register.innovatie_naam(&s.kandidaat), s.ballots, l.t("van", "of"), u.ballots, (s.share * 100.0).round()))
                        .collect::<Vec<_>>().join(", ")) }
            }
        }
    }
}

/// What the form shows as chosen: the values just sent (a refused ballot keeps them), else
/// the user's counted ballot.
enum Ingevuld<'a> {
    Verstuurd(&'a [(String, String)]),
    Stem(&'a Keuze),
    Leeg,
}

impl Ingevuld<'_> {
    /// The ids in the ballot's order for `name` (`top` or `rank`), empty choices included
    /// when they were sent.
    fn ids(&self, name: &str) -> Vec<String> {
        match self {
            Ingevuld::Verstuurd(v) => v
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_owned())
                .collect(),
            Ingevuld::Stem(Keuze::Top(v) | Keuze::Rangorde(v)) => {
                v.iter().map(ToString::to_string).collect()
            }
            _ => Vec::new(),
        }
    }

    fn score(&self, k: &Id, c: &Id) -> Option<String> {
        match self {
            Ingevuld::Verstuurd(v) => {
                let key = format!("rate:{k}:{c}");
                v.iter().find(|(n, _)| *n == key).map(|(_, v)| v.clone())
            }
            Ingevuld::Stem(Keuze::Scores(v)) => v
                .iter()
                .find(|s| &s.kandidaat == k && &s.criterium == c)
                .map(|s| s.score.to_string()),
            _ => None,
        }
    }
}

/// The ballot form: an unordered top N as checkboxes (at most N, checked by the ballot box),
/// an ordered top N and a ranking as numbered choices; a refusal next to the choices.
fn ballot_form(
    bus: &Stembus,
    register: &Register,
    csrf: &str,
    ingevuld: &Ingevuld,
    replaces: bool,
    error: Option<&Problemen>,
    l: Lang,
) -> Markup {
    let r = bus.ronde();
    let described = error.map(|_| "stem-fout");
    let fout =
        html! { @if let Some(e) = error { p.fout #stem-fout role="alert" { (e.tekst(l)) } } };
    let choose = |name: &str, i: usize, label: String, chosen: Option<&String>| {
        let id = format!("{name}-{i}");
        html! {
            p {
                label for=(id) { (label) } br;
                select #(id) name=(name) {
                    option value="" { "—" }
                    @for k in r.kandidaten() {
                        option value=(k) selected[chosen.is_some_and(|c| c == k.as_str())] { (register.innovatie_naam(k)) }
                    }
                }
            }
        }
    };
    html! {
        form.stem method="post" action=(format!("/rondes/{}/stem", r.id())) {
            (csrf_field(csrf))
            @match r.kind() {
                StemSoort::TopN { n, ordered: false } => {
                    @let named = ingevuld.ids("top");
                    fieldset aria-describedby=[described] {
                        legend { (match l {
                            Lang::Nl => format!("Kies ten hoogste {n} kandidaten (de volgorde telt niet)"),
                            Lang::En => format!("Choose at most {n} candidates (order does not count)"),
                        }) }
                        (fout)
                        ul.keuzes { @for (i, k) in r.kandidaten().iter().enumerate() {
                            @let id = format!("top-{}", i + 1);
                            li { input type="checkbox" #(id) name="top" value=(k) checked[named.iter().any(|c| c == k.as_str())];
                                " " label for=(id) { (register.innovatie_naam(k)) } }
                        } }
                    }
                }
                StemSoort::TopN { n, ordered: true } => {
                    @let named = ingevuld.ids("top");
                    fieldset aria-describedby=[described] {
                        legend { (l.t("Kies ten hoogste", "Choose at most")) " " (n) " " (l.t("(de beste eerst)", "(best first)")) }
                        (fout)
                        @for i in 0..n.min(r.kandidaten().len()) {
                            (choose("top", i + 1, format!("{} {}", l.t("Keuze", "Choice"), i + 1), named.get(i)))
                        }
                    }
                }
                StemSoort::Rangorde => {
                    @let named = ingevuld.ids("rank");
                    fieldset aria-describedby=[described] {
                        legend { (l.t("Zet alle kandidaten in volgorde, de beste eerst", "Put every candidate in order, best first")) }
                        (fout)
                        @for i in 0..r.kandidaten().len() {
                            (choose("rank", i + 1, format!("{} {}", l.t("Plaats", "Place"), i + 1), named.get(i)))
                        }
                    }
                }
                StemSoort::Scores { scale } => {
                    (fout)
                    div.scroll { table {
                        caption { (l.t("Geef elke kandidaat een score per criterium", "Rate every candidate on every criterion")) " (" (scale) ")" }
                        thead { tr {
                            th scope="col" { (l.t("Kandidaat", "Candidate")) }
                            @for c in r.criteria() { th scope="col" { code { (c.id) } } }
                        } }
                        tbody { @for k in r.kandidaten() { tr {
                            th scope="row" { (register.innovatie_naam(k)) }
                            @for c in r.criteria() {
                                td { input type="number" name=(format!("rate:{k}:{}", c.id)) min=(scale.min) max=(scale.max)
                                    required value=[ingevuld.score(k, &c.id)]
                                    aria-describedby=[described]
                                    aria-label=(format!("{} — {}", register.innovatie_naam(k), c.id)); }
                            }
                        } } }
                    } }
                }
            }
            p { button type="submit" { (if replaces { l.t("Stem vervangen", "Replace my ballot") } else { l.t("Stem uitbrengen", "Cast my ballot") }) } }
        }
    }
}

/// The user as a participant of the round: their id when they may vote in it with a session.
fn participant(bus: &Stembus, gebruiker: &Gebruiker) -> Option<Id> {
    let account = gebruiker.account.as_ref()?;
    let r = bus.ronde();
    if !may_vote(account, r.missie()) {
        return None;
    }
    account
        .username
        .parse::<Id>()
        .ok()
        .filter(|d| r.is_participant(d))
}

/// The voting part of the page: the form, or why there is none.
fn voting(
    bus: &Stembus,
    register: &Register,
    gebruiker: &Gebruiker,
    sent: Option<&[(String, String)]>,
    error: Option<&Problemen>,
    l: Lang,
) -> Markup {
    let r = bus.ronde();
    let Some(account) = &gebruiker.account else {
        return html! { p { a href="/inloggen" { (l.t("Log in", "Log in")) } " "
        (l.t("om te stemmen (beheerders en het missieteam van deze missie).", "to vote (administrators and this mission's team).")) } };
    };
    if !may_vote(account, r.missie()) {
        return html! { p.meta { (l.t(
            "Alleen beheerders en het missieteam van deze missie stemmen in deze ronde.",
            "Only administrators and this mission's team vote in this round.",
        )) } };
    }
    let (Some(me), Some(csrf)) = (participant(bus, gebruiker), gebruiker.csrf()) else {
        return html! { p.meta {
            (l.t("Je gebruikersnaam", "Your username")) " " code { (account.username) } " "
            (l.t("staat niet op de deelnemerslijst van deze ronde (of je bent niet met een sessie ingelogd).",
                 "is not on this round's list of participants (or you are not logged in with a session)."))
        } };
    };
    let counted = bus.counted();
    let mine = counted.iter().find(|b| b.deelnemer == me).map(|b| &b.keuze);
    let ingevuld = match (sent, mine) {
        (Some(v), _) => Ingevuld::Verstuurd(v),
        (None, Some(k)) => Ingevuld::Stem(k),
        (None, None) => Ingevuld::Leeg,
    };
    html! {
        @if mine.is_some() { p { (l.t(
            "Je hebt gestemd; je kunt je stem vervangen zolang de ronde open is.",
            "You have voted; you can replace your ballot while the round is open.",
        )) } }
        (ballot_form(bus, register, csrf, &ingevuld, mine.is_some(), error, l))
    }
}

/// The round page; with a refused ballot (`sent` and `error`) the form keeps what was sent,
/// says why next to it, and the page is answered with 400.
fn round_page(
    state: &AppState,
    taal: &Taal,
    gebruiker: &Gebruiker,
    bus: &Stembus,
    refused: Option<(&[(String, String)], &Problemen)>,
) -> Response {
    let l = taal.lang;
    let register = &state.register;
    let view = model::detail(bus);
    let (r, v) = (view.ronde, &view.summary);
    let p = r.parts();
    // A participant sees the interim results once they voted (or the selection is
    // published), so the results of others do not steer their ballot.
    let me = participant(bus, gebruiker);
    let voted = me
        .as_ref()
        .is_some_and(|me| bus.counted().iter().any(|b| &b.deelnemer == me));
    let hidden =
        !state.interim_results && me.is_some() && !voted && v.status != model::Status::Published;
    let body = html! {
        h1 { (title(r, l)) }
        @if bus.illustratief() { p.illustratief role="note" { (ILLUSTRATIEF.get(l)) } }
        dl.feiten {
            dt { (l.t("Missie", "Mission")) } dd { a href=(format!("/missies/{}", r.missie())) { (missie_label(r.missie(), l)) } }
            dt { (l.t("Stemwijze", "Ballot")) } dd { (kind_label(r.kind(), l)) ", " (r.seats()) " " (l.t("te kiezen", "to select")) }
            dt { (l.t("Deelnemers", "Participants")) } dd { (v.participants) }
            dt { (l.t("Stembiljetten", "Ballots")) } dd { (v.ballots) " " (l.t("geteld", "counted")) ", "
                (v.replaced) " " (l.t("vervangen", "replaced")) }
            dt { (l.t("Status", "Status")) } dd { (status_label(v.status, l)) }
            @if let Some(b) = &p.source { dt { (l.t("Bron", "Source")) } dd { (crate::layout::bron(b)) } }
        }
        @if !r.criteria().is_empty() {
            h2 { (l.t("Criteria", "Criteria")) }
            ul { @for c in r.criteria() {
                li { code { (c.id) } " "
                    span lang=[crate::layout::nl(l)] { (register.criterium_tekst(&c.id).unwrap_or_default()) }
                    @if let Some(w) = c.weight { " (" (l.t("gewicht", "weight")) " " (num(w)) ")" } }
            } }
        }
        h2 { (l.t("Kandidaten", "Candidates")) " (" (r.kandidaten().len()) ")" }
        ul { @for k in r.kandidaten() {
            li { (register.innovatie_naam(k))
                @if r.selected().contains(k) { " — " strong { (l.t("gepubliceerde selectie", "published selection")) } } }
        } }
        h2 #stemmen { (l.t("Stemmen", "Vote")) }
        (voting(bus, register, gebruiker, refused.map(|r| r.0), refused.map(|r| r.1), l))
        h2 { (l.t("Uitslag", "Result")) }
        @if hidden {
            p.verborgen { (l.t(
                "De tussenstand zie je nadat je hebt gestemd (of als de ronde is gesloten), zodat de stemmen van anderen je keuze niet sturen.",
                "You see the interim results after you have voted (or when the round is closed), so that the others' ballots do not steer your choice.",
            )) }
        } @else {
            @for u in &view.results {
                (result_section(bus, u, register, l))
            }
        }
        p { a href="/rondes" { (l.t("Alle rondes", "All rounds")) } }
    };
    let mut response = page(taal, title(r, l), Nav::Rondes, body);
    if refused.is_some() {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}

async fn ronde(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let bus = load(&state, &id)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    Ok(round_page(&state, &taal, &gebruiker, &bus, None))
}

/// The ballot form as a choice of the round's kind. Empty choices are skipped; what is left
/// is checked by the ballot box.
fn keuze_from_form(
    kind: StemSoort,
    who: &str,
    values: &[(String, String)],
) -> Result<Keuze, ApiError> {
    let ids = |name: &'static str| -> Result<Vec<Id>, ApiError> {
        values
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| {
                v.trim()
                    .parse::<Id>()
                    .map_err(|e| refuse(who, name, e.reason.nl, e.reason.en))
            })
            .collect()
    };
    Ok(match kind {
        StemSoort::TopN { .. } => Keuze::Top(ids("top")?),
        StemSoort::Rangorde => Keuze::Rangorde(ids("rank")?),
        StemSoort::Scores { .. } => {
            let mut scores = Vec::new();
            for (k, v) in values {
                let Some(pair) = k.strip_prefix("rate:") else {
                    continue;
                };
                if v.trim().is_empty() {
                    continue;
                }
                let bad = |nl: String, en: String| refuse(who, "rate", nl, en);
                let id = |e: Probleem| bad(e.reason.nl, e.reason.en);
                let (kandidaat, criterium) = pair.split_once(':').ok_or_else(|| {
                    bad(
                        format!("'{k}' heeft niet de vorm rate:kandidaat:criterium"),
                        format!("'{k}' is not rate:candidate:criterion"),
                    )
                })?;
                scores.push(Score {
                    kandidaat: kandidaat.parse().map_err(id)?,
                    criterium: criterium.parse().map_err(id)?,
                    score: v.trim().parse().map_err(|_| {
                        bad(
                            format!("'{v}' voor {pair} is geen geheel getal"),
                            format!("'{v}' for {pair} is not a whole number"),
                        )
                    })?,
                });
            }
            Keuze::Scores(scores)
        }
    })
}

/// `POST /rondes/{id}/stem`: 401/403 as the role rule says, 404 for an unknown round, the page
/// again with 400 for a refused ballot, otherwise back to the round (303).
async fn stem(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
    form: Result<Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let account = gebruiker.account().map_err(fail)?.clone();
    let bus = load(&state, &id).await.map_err(fail)?;
    let Form(values) = form.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let outcome = match keuze_from_form(bus.ronde().kind(), account.username.as_str(), &values) {
        Ok(keuze) => cast(&state, account, &id, keuze).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            let to = format!("/rondes/{}", bus.ronde().id());
            response.headers_mut().insert(
                LOCATION,
                HeaderValue::from_str(&to).expect("ids are safe in a header"),
            );
            Ok(response)
        }
        Err(ApiError::BadParam(e) | ApiError::Unprocessable(e)) => {
            // The page as it stands now, with the refusal at the form; nothing was stored.
            let bus = load(&state, &id).await.map_err(fail)?;
            Ok(round_page(
                &state,
                &taal,
                &gebruiker,
                &bus,
                Some((&values, &e)),
            ))
        }
        Err(e) => Err(fail(e)),
    }
}
