//! A mission's knowledge and innovation synthesis, paged: `GET /api/v1/missies/{code}/synthese`
//! and the page `/missies/{code}/synthese`. With a national portfolio one mission holds tens
//! of thousands of pipeline items; the whole list was a 12 MB answer. The counts (by TRL, SEL
//! and phase, arrivals per year, gaps) are computed once per portfolio version and threshold
//! and come with every page; the items come one page at a time (`?pagina=&limiet=`, 100 a
//! page unless asked, at most 1000), with the totals and links to the neighbouring pages.
//! `?techniek_voor=true` keeps only the items whose technology is ahead of their
//! stakeholders or use environment (the list the synthesis used to carry as ids).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde::Serialize;

use gemeten_domain::{Doel, KiaVraag, MissieCode, Probleem, Trl};
use gemeten_portfolio::{synthese, Herkomst, PijplijnItem};

use crate::error::ApiError;
use crate::extract::{query_pairs, Drempel, MissiePad, Pagina, Taal};
use crate::layout::{missie_label, onb, page, pick, Nav, PageError};
use crate::missies::{fase, mission_not_found};
use crate::projecten::portefeuille::{snapshot, Snapshot};
use crate::{AppState, Lang};

/// A knowledge question no item at or beyond the threshold serves.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VraagGat {
    pub vraag: KiaVraag,
    pub items_below: usize,
    pub highest_trl: Option<Trl>,
}

/// A target no project linking it reaches at or beyond the threshold.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DoelGat {
    pub doel: Doel,
    /// Projects that link the target, all below the threshold (or of unknown TRL).
    pub projects_below: usize,
    pub highest_trl: Option<Trl>,
}

/// What every page of the synthesis carries: the counts over all items.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Kop {
    pub missie: MissieCode,
    pub threshold: Trl,
    /// Count per TRL 1..=9; index 0 counts items whose TRL is unknown.
    pub by_trl: [usize; 10],
    /// Count per SEL 1..=4; index 0 counts unknown.
    pub by_sel: [usize; 5],
    /// Per element (innovation, stakeholders, use environment): count per phase, in the
    /// order of the phases, then unknown.
    pub by_phase: [[usize; 6]; 3],
    /// Expected year of use in practice -> number of items.
    pub arrivals: BTreeMap<u16, usize>,
    pub arrivals_unknown: usize,
    pub question_gaps: Vec<VraagGat>,
    pub target_gaps: Vec<DoelGat>,
    pub totals: Totalen,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Totalen {
    /// All items: the register's innovations and the portfolio's projects.
    pub items: usize,
    pub innovaties: usize,
    pub projecten: usize,
    /// Items whose technology is ahead of their stakeholders or use environment.
    pub technology_ahead: usize,
}

/// The synthesis of one mission at one threshold, kept per portfolio version.
pub(crate) struct Gegevens {
    pub kop: Kop,
    /// All items, the highest TRL first, then by id.
    pub items: Vec<PijplijnItem>,
    /// Indices into `items` of those whose technology is ahead.
    pub voor: Vec<usize>,
}

fn gegevens(state: &AppState, snap: &Snapshot, code: MissieCode, trl: Trl) -> Arc<Gegevens> {
    snap.derive(&format!("synthese/{code}/{trl}"), |projects| {
        let s = synthese(&state.register, projects, code, trl);
        let voor = s
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.phases.technology_ahead())
            .map(|(n, _)| n)
            .collect::<Vec<_>>();
        let telling = |h: Herkomst| s.items.iter().filter(|i| i.herkomst == h).count();
        let kop = Kop {
            missie: s.missie,
            threshold: s.threshold,
            by_trl: s.by_trl,
            by_sel: s.by_sel,
            by_phase: s.by_phase,
            arrivals: s.arrivals.iter().map(|(y, ids)| (*y, ids.len())).collect(),
            arrivals_unknown: s.arrivals_unknown,
            question_gaps: s
                .question_gaps
                .iter()
                .map(|g| VraagGat {
                    vraag: g.vraag.clone(),
                    items_below: g.items_below,
                    highest_trl: g.highest_trl,
                })
                .collect(),
            target_gaps: s
                .target_gaps
                .iter()
                .map(|g| DoelGat {
                    doel: g.doel.clone(),
                    projects_below: g.projects_below,
                    highest_trl: g.highest_trl,
                })
                .collect(),
            totals: Totalen {
                items: s.items.len(),
                innovaties: telling(Herkomst::Innovatie),
                projecten: telling(Herkomst::Project),
                technology_ahead: voor.len(),
            },
        };
        Gegevens {
            kop,
            items: s.items,
            voor,
        }
    })
}

/// `?techniek_voor=true`: only the items whose technology is ahead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TechniekVoor(pub bool);

impl<S: Send + Sync> FromRequestParts<S> for TechniekVoor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let pairs = query_pairs(&parts.uri)?;
        let api = parts.uri.path().starts_with("/api/");
        match pairs
            .iter()
            .rev()
            .find(|(k, _)| k == "techniek_voor")
            .map(|(_, v)| v.trim())
        {
            None => Ok(TechniekVoor(false)),
            Some("") if !api => Ok(TechniekVoor(false)),
            Some("true") => Ok(TechniekVoor(true)),
            Some("false") => Ok(TechniekVoor(false)),
            Some(v) => Err(Probleem::bij_veld(
                "techniek_voor",
                format!("'{v}' is niet true of false"),
                format!("'{v}' is not true or false"),
            )
            .into()),
        }
    }
}

/// One page of the synthesis: which items, how many match, and the links.
pub(crate) struct Blad<'a> {
    pub items: Vec<&'a PijplijnItem>,
    pub matching: usize,
    pub pagina: Pagina,
}

impl Gegevens {
    pub fn blad(&self, pagina: Pagina, voor: bool) -> Blad<'_> {
        let (items, matching) = if voor {
            let slice = pagina.of(&self.voor);
            (
                slice.iter().map(|&n| &self.items[n]).collect(),
                self.voor.len(),
            )
        } else {
            (pagina.of(&self.items).iter().collect(), self.items.len())
        };
        Blad {
            items,
            matching,
            pagina,
        }
    }
}

/// The query of page `n` of the synthesis (the same threshold, size and filter).
fn query(trl: Trl, pagina: Pagina, voor: bool, n: usize) -> String {
    let mut q = format!("?pagina={n}&limiet={}", pagina.limiet);
    if trl.get() != 7 {
        q.push_str(&format!("&trl={trl}"));
    }
    if voor {
        q.push_str("&techniek_voor=true");
    }
    q
}

#[derive(Serialize)]
struct Links {
    #[serde(rename = "self")]
    zelf: String,
    first: String,
    last: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

#[derive(Serialize)]
struct PaginaJson {
    pagina: usize,
    limiet: usize,
    paginas: usize,
    /// Items matching the filter (all items without `techniek_voor`).
    totaal: usize,
}

#[derive(Serialize)]
struct Antwoord<'a> {
    #[serde(flatten)]
    kop: &'a Kop,
    items: &'a [&'a PijplijnItem],
    pagina: PaginaJson,
    links: Links,
}

fn links(base: &str, trl: Trl, blad: &Blad<'_>, voor: bool) -> Links {
    let p = blad.pagina;
    let pages = p.pages(blad.matching);
    let at = |n: usize| format!("{base}{}", query(trl, p, voor, n));
    Links {
        zelf: at(p.nummer),
        first: at(1),
        last: at(pages),
        prev: (p.nummer > 1).then(|| at((p.nummer - 1).min(pages))),
        next: (p.nummer < pages).then(|| at(p.nummer + 1)),
    }
}

/// `GET /api/v1/missies/{code}/synthese?trl=&pagina=&limiet=&techniek_voor=`.
pub(crate) async fn api(
    State(state): State<AppState>,
    MissiePad(code): MissiePad,
    Drempel(trl): Drempel,
    pagina: Pagina,
    TechniekVoor(voor): TechniekVoor,
) -> Result<Response, ApiError> {
    state
        .register
        .missie(code)
        .ok_or_else(|| mission_not_found(code))?;
    let snap = snapshot(&state).await?;
    let g = gegevens(&state, &snap, code, trl);
    let blad = g.blad(pagina, voor);
    let links = links(
        &format!("/api/v1/missies/{code}/synthese"),
        trl,
        &blad,
        voor,
    );
    let link_header = [("first", &links.first), ("last", &links.last)]
        .into_iter()
        .chain(links.prev.as_ref().map(|u| ("prev", u)))
        .chain(links.next.as_ref().map(|u| ("next", u)))
        .map(|(rel, u)| format!("<{u}>; rel=\"{rel}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let body = serde_json::to_string(&Antwoord {
        kop: &g.kop,
        items: &blad.items,
        pagina: PaginaJson {
            pagina: pagina.nummer,
            limiet: pagina.limiet,
            paginas: pagina.pages(blad.matching),
            totaal: blad.matching,
        },
        links,
    })
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut response = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    let headers = response.headers_mut();
    headers.insert("x-total-count", blad.matching.into());
    if let Ok(v) = HeaderValue::from_str(&link_header) {
        headers.insert(header::LINK, v);
    }
    Ok(response)
}

/// The page `/missies/{code}/synthese`: the counts, the gaps and one page of the items.
pub(crate) async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    code: Result<MissiePad, ApiError>,
    drempel: Result<Drempel, ApiError>,
    pagina: Result<Pagina, ApiError>,
    voor: Result<TechniekVoor, ApiError>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let fout = |e: ApiError| PageError::new(&taal, e);
    let MissiePad(code) = code.map_err(fout)?;
    let Drempel(trl) = drempel.map_err(fout)?;
    let pagina = pagina.map_err(fout)?;
    let TechniekVoor(voor) = voor.map_err(fout)?;
    let missie = state
        .register
        .missie(code)
        .ok_or_else(|| fout(mission_not_found(code)))?;
    let snap = snapshot(&state).await.map_err(fout)?;
    let g = gegevens(&state, &snap, code, trl);
    let blad = g.blad(pagina, voor);
    let k = &g.kop;
    let pages = pagina.pages(blad.matching);
    let base = format!("/missies/{code}/synthese");
    let lk = links(&base, trl, &blad, voor);
    let title = format!(
        "{} — {}",
        l.t(
            "Kennis- en innovatiesynthese",
            "Knowledge and innovation synthesis"
        ),
        missie_label(code, l)
    );
    let body = html! {
        h1 { (title) }
        p.intro {
            a href=(format!("/missies/{code}")) { (pick(&missie.title_nl, &missie.title_en, l)) } ". "
            (l.t("Alle innovaties uit het register en projecten uit de portefeuille van deze missie, de hoogste TRL eerst; de tellingen gaan over alle items, de tabel toont één pagina.",
                 "All innovations of the register and projects of the portfolio of this mission, the highest TRL first; the counts cover all items, the table shows one page."))
        }
        dl.kerncijfers {
            dt { (l.t("Items", "Items")) } dd { (k.totals.items) }
            dt { (l.t("Innovaties (register)", "Innovations (register)")) } dd { (k.totals.innovaties) }
            dt { (l.t("Projecten", "Projects")) } dd { (k.totals.projecten) }
            dt { (l.t("Drempel", "Threshold")) } dd { "TRL " (k.threshold) }
            dt { (l.t("Techniek loopt voor", "Technology ahead")) } dd { (k.totals.technology_ahead) }
        }
        @if k.totals.items > 0 {
            figure.trl-figuur {
                div.scroll { (gemeten_grafiek::trl(&k.by_trl, k.threshold, l)) }
                figcaption { (l.t("Items per TRL; groen: op of voorbij de drempel.", "Items by TRL; green: at or beyond the threshold.")) }
            }
        }
        h2 { (l.t("Lacunes", "Gaps")) }
        h3 { (l.t("Kennisvragen zonder innovatie op of voorbij de drempel", "Questions without an innovation at or beyond the threshold")) " (" (k.question_gaps.len()) ")" }
        @if k.question_gaps.is_empty() { p { (l.t("Geen.", "None.")) } } @else {
            ul.gaten { @for q in &k.question_gaps { li {
                strong { (q.vraag.id) } ": " (pick(&q.vraag.text_nl, &q.vraag.text_en, l))
                " (" (q.items_below) " " (l.t("eronder", "below"))
                @if let Some(t) = q.highest_trl { ", " (l.t("hoogste TRL", "highest TRL")) " " (t) }
                ")"
            } } }
        }
        h3 { (l.t("Doelen die geen gekoppeld project op of voorbij de drempel bereikt", "Targets no linked project reaches at or beyond the threshold")) " (" (k.target_gaps.len()) ")" }
        @if k.target_gaps.is_empty() { p { (l.t("Geen.", "None.")) } } @else {
            ul.gaten { @for g in &k.target_gaps { li {
                a href=(format!("/doelen/{}", g.doel.id)) { (pick(&g.doel.indicator_nl, &g.doel.indicator_en, l)) }
                " (" (g.projects_below) " " (l.t("gekoppelde projecten eronder", "linked projects below"))
                @if let Some(t) = g.highest_trl { ", " (l.t("hoogste TRL", "highest TRL")) " " (t) }
                ")"
            } } }
        }
        h2 id="items" {
            @if voor { (l.t("Items waarvan de techniek voorloopt", "Items whose technology is ahead")) }
            @else { (l.t("Alle items", "All items")) }
        }
        p {
            (blad.matching) " " (l.t("items", "items")) ", "
            (l.t("pagina", "page")) " " (pagina.nummer) " " (l.t("van", "of")) " " (pages) ". "
            @if voor {
                a href=(format!("{base}{}", query(trl, pagina, false, 1))) { (l.t("Alle items tonen", "Show all items")) }
            } @else if k.totals.technology_ahead > 0 {
                a href=(format!("{base}{}", query(trl, pagina, true, 1))) { (l.t("Alleen items waarvan de techniek voorloopt", "Only items whose technology is ahead")) }
            }
            " " a href=(format!("/api/v1/missies/{code}/synthese{}", query(trl, pagina, voor, pagina.nummer))) { "JSON" }
        }
        @if !blad.items.is_empty() {
            div.scroll { table {
                caption { (l.t("Innovaties en projecten", "Innovations and projects")) }
                thead { tr {
                    th scope="col" { (l.t("Naam", "Name")) }
                    th scope="col" { (l.t("Herkomst", "Origin")) }
                    th scope="col" { "TRL" }
                    th scope="col" { "SEL" }
                    th scope="col" { (l.t("Fasen (innovatie / stakeholders / omgeving)", "Phases (innovation / stakeholders / environment)")) }
                    th scope="col" { (l.t("In de praktijk", "In practice")) }
                } }
                tbody { @for i in &blad.items { (rij(i, l)) } }
            } }
        }
        (navigatie(&lk, pagina.nummer, pages, l))
    };
    Ok(page(&taal, &title, Nav::Missies, body))
}

fn rij(i: &PijplijnItem, l: Lang) -> Markup {
    html! { tr {
        (item_cellen(i, l))
        td { (onb(i.expected_in_practice, l)) }
    } }
}

/// An item's cells as the pipeline tables show them: its name (linked, made-up examples
/// marked), where it comes from, TRL, SEL and its three phases.
pub(crate) fn item_cellen(i: &PijplijnItem, l: Lang) -> Markup {
    html! {
        th scope="row" {
            @if i.herkomst == Herkomst::Project {
                a href=(format!("/projecten/{}", i.id)) lang=[crate::layout::nl(l)] { (i.title) } (crate::layout::voorbeeld_label(i.id.as_str(), l))
            } @else {
                a href=(format!("/innovaties/{}", i.id)) { (i.title) }
            }
        }
        td { (match i.herkomst {
            Herkomst::Innovatie => l.t("register (002)", "register (002)"),
            Herkomst::Project => l.t("project", "project"),
        }) }
        td { (onb(i.trl, l)) }
        td { (onb(i.sel, l)) }
        td { (fase(i.phases.innovation, l)) " / " (fase(i.phases.stakeholders, l)) " / " (fase(i.phases.environment, l)) }
    }
}

fn navigatie(lk: &Links, nummer: usize, pages: usize, l: Lang) -> Markup {
    html! {
        @if pages > 1 {
            nav.bladeren aria-label=(l.t("Pagina's", "Pages")) {
                @if nummer > 1 {
                    a rel="first" href=(format!("{}#items", lk.first)) { (l.t("eerste", "first")) } " "
                }
                @if let Some(p) = &lk.prev {
                    a rel="prev" href=(format!("{p}#items")) { "← " (l.t("vorige", "previous")) }
                }
                " " (l.t("pagina", "page")) " " (nummer) " / " (pages) " "
                @if let Some(n) = &lk.next {
                    a rel="next" href=(format!("{n}#items")) { (l.t("volgende", "next")) " →" }
                }
                @if nummer < pages {
                    " " a rel="last" href=(format!("{}#items", lk.last)) { (l.t("laatste", "last")) }
                }
            }
        }
    }
}
