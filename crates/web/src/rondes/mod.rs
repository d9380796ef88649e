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
                caption { (rounds.len()) " " (l.t("rondes", "rounds")) }
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

fn result_section(bus: &Stembus, u: &Uitslag, register: &Register, l: Lang) -> Markup {
    let kind = bus.ronde().kind();
    let median = u.methode == Methode::Median;
    html! {
        h3 { (method_label(u.methode, l)) }
        @if let Some(why) = &u.not_applicable {
            p.leeg { (if u.ballots == 0 { l.t("Nog geen stembiljetten.", "No ballots yet.") } else {
                match l { Lang::Nl => u.methode.not_applicable_nl(kind).unwrap_or(why), Lang::En => why }
            }) }
        } @else {
            div.scroll { table {
                caption { (match l { Lang::Nl => u.methode.convention_nl(kind), Lang::En => u.convention.as_str() }) }
                thead { tr {
                    th scope="col" .num { (l.t("Plaats", "Place")) }
                    th scope="col" { (l.t("Innovatie", "Innovation")) }
                    th scope="col" .num { (l.t("Score", "Score")) }
                    @if median { th scope="col" { (l.t("Kwartielen (IQR)", "Quartiles (IQR)")) } }
                    th scope="col" { (l.t("Gelijk", "Tie")) }
                } }
                tbody { @for p in &u.ranking { tr {
                    td.num { (p.rank) }
                    th scope="row" { (register.innovatie_naam(&p.kandidaat)) " " code { (p.kandidaat) }
                        @if u.winners.contains(&p.kandidaat) { " — " strong { (l.t("gekozen", "selected")) } } }
                    td.num { (num(p.score)) }
                    @if median { td { (p.spread.map(|s| format!("{}–{} ({})", num(s.q1), num(s.q3), num(s.iqr))).unwrap_or_default()) } }
                    td { @if p.tied { (l.t("gelijk", "tied")) } }
                } } }
            } }
            @if u.tie_at_cutoff { p { (l.t("Gelijke stand op de grens van de zetels.", "A tie at the cut-off of the seats.")) } }
            @if let Some(w) = u.agreement.kendall_w {
                p { (l.t("Overeenstemming", "Agreement")) ": Kendall's W = " strong { (num(w.w)) }
                    " (m = " (w.raters) ", n = " (w.objects) ")" }
            } @else if let Some(note) = &u.agreement.kendall_w_note {
                // The crate words its notes in English; marked so screen readers say them so.
                p { (l.t("Overeenstemming", "Agreement")) ": " span lang="en" { (note) } }
            }
            @if !u.agreement.winner_support.is_empty() {
                p { (l.t("Steun voor de gekozenen", "Support for the selected")) ": "
                    (u.agreement.winner_support.iter()
                        .map(|s| format!("{} {}/{} ({} %)", s.kandidaat, s.ballots, u.ballots, (s.share * 100.0).round()))
                        .collect::<Vec<_>>().join(", ")) }
            }
            p.meta { (l.t("Vingerafdruk", "Fingerprint")) ": " code { (u.fingerprint) } }
        }
    }
}

/// The ballot form, filled with the user's counted ballot if they have one.
fn ballot_form(
    bus: &Stembus,
    register: &Register,
    csrf: &str,
    mine: Option<&Keuze>,
    l: Lang,
) -> Markup {
    let r = bus.ronde();
    let choose = |name: &str, i: usize, label: String, chosen: Option<&Id>| {
        let id = format!("{name}-{i}");
        html! {
            p {
                label for=(id) { (label) } br;
                select #(id) name=(name) {
                    option value="" { "—" }
                    @for k in r.kandidaten() {
                        option value=(k) selected[chosen == Some(k)] { (register.innovatie_naam(k)) " (" (k) ")" }
                    }
                }
            }
        }
    };
    html! {
        form method="post" action=(format!("/rondes/{}/stem", r.id())) {
            (csrf_field(csrf))
            @match r.kind() {
                StemSoort::TopN { n, ordered } => {
                    fieldset {
                        legend { (l.t("Kies ten hoogste", "Choose at most")) " " (n) @if ordered { " " (l.t("(de beste eerst)", "(best first)")) } }
                        @let named = match mine { Some(Keuze::Top(v)) => v.as_slice(), _ => &[] };
                        @for i in 0..n.min(r.kandidaten().len()) {
                            (choose("top", i + 1, format!("{} {}", l.t("Keuze", "Choice"), i + 1), named.get(i)))
                        }
                    }
                }
                StemSoort::Rangorde => {
                    fieldset {
                        legend { (l.t("Zet alle kandidaten in volgorde, de beste eerst", "Put every candidate in order, best first")) }
                        @let named = match mine { Some(Keuze::Rangorde(v)) => v.as_slice(), _ => &[] };
                        @for i in 0..r.kandidaten().len() {
                            (choose("rank", i + 1, format!("{} {}", l.t("Plaats", "Place"), i + 1), named.get(i)))
                        }
                    }
                }
                StemSoort::Scores { scale } => {
                    @let given = |k: &Id, c: &Id| match mine {
                        Some(Keuze::Scores(v)) => v.iter().find(|s| &s.kandidaat == k && &s.criterium == c).map(|s| s.score.to_string()),
                        _ => None,
                    };
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
                                    required value=[given(k, &c.id)]
                                    aria-label=(format!("{} — {}", register.innovatie_naam(k), c.id)); }
                            }
                        } } }
                    } }
                }
            }
            p { button type="submit" { (if mine.is_some() { l.t("Stem vervangen", "Replace my ballot") } else { l.t("Stem uitbrengen", "Cast my ballot") }) } }
        }
    }
}

/// The voting part of the page: the form, or why there is none.
fn voting(bus: &Stembus, register: &Register, gebruiker: &Gebruiker, l: Lang) -> Markup {
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
    let participant = account
        .username
        .parse::<Id>()
        .ok()
        .filter(|d| r.is_participant(d));
    let (Some(me), Some(csrf)) = (participant, gebruiker.csrf()) else {
        return html! { p.meta {
            (l.t("Je gebruikersnaam", "Your username")) " " code { (account.username) } " "
            (l.t("staat niet op de deelnemerslijst van deze ronde (of je bent niet met een sessie ingelogd).",
                 "is not on this round's list of participants (or you are not logged in with a session)."))
        } };
    };
    let counted = bus.counted();
    let mine = counted.iter().find(|b| b.deelnemer == me).map(|b| &b.keuze);
    html! {
        @if let Some(k) = mine { p { (l.t("Je huidige stem", "Your current ballot")) ": " code { (k) } } }
        (ballot_form(bus, register, csrf, mine, l))
    }
}

/// The round page; with `error` (a refused ballot) at the form, answered with 400.
fn round_page(
    state: &AppState,
    taal: &Taal,
    gebruiker: &Gebruiker,
    bus: &Stembus,
    error: Option<&Problemen>,
) -> Response {
    let l = taal.lang;
    let register = &state.register;
    let view = model::detail(bus);
    let (r, v) = (view.ronde, &view.summary);
    let p = r.parts();
    let body = html! {
        h1 { (title(r, l)) }
        @if bus.illustratief() { p.illustratief role="note" { (ILLUSTRATIEF.get(l)) } }
        dl.feiten {
            dt { "Id" } dd { code { (r.id()) } }
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
                    (register.criterium_tekst(&c.id).unwrap_or_default())
                    @if let Some(w) = c.weight { " (" (l.t("gewicht", "weight")) " " (num(w)) ")" } }
            } }
        }
        h2 { (l.t("Kandidaten", "Candidates")) " (" (r.kandidaten().len()) ")" }
        ul { @for k in r.kandidaten() {
            li { (register.innovatie_naam(k)) " " code { (k) }
                @if r.selected().contains(k) { " — " strong { (l.t("gepubliceerde selectie", "published selection")) } } }
        } }
        h2 { (l.t("Uitslag", "Result")) }
        @for u in &view.results {
            (result_section(bus, u, register, l))
        }
        h2 #stemmen { (l.t("Stemmen", "Vote")) }
        @if let Some(e) = error { p.fout role="alert" { (e.tekst(l)) } }
        (voting(bus, register, gebruiker, l))
        p { a href="/rondes" { (l.t("Alle rondes", "All rounds")) } }
    };
    let mut response = page(taal, title(r, l), Nav::Rondes, body);
    if error.is_some() {
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
            Ok(round_page(&state, &taal, &gebruiker, &bus, Some(&e)))
        }
        Err(e) => Err(fail(e)),
    }
}
