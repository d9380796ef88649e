//! The knowledge and innovation ecosystem (KIES-G&Z, 000 Figure 5): per mission the page
//! `/missies/{code}/kies` (the tree drawn by `gemeten_grafiek::kies`, then the same elements
//! and links as tables for screen readers and phones, with the projects that link each
//! element), and the API: `GET /api/v1/kies?missie=&soort=` and `GET /api/v1/missies/{code}/kies`,
//! the elements with their missions and project counts, the links to missions and the links
//! to organisations, instruments and programmes; `GET /api/v1/kies/{id}`, one element with
//! its projects (paged).

use axum::extract::State;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use gemeten_domain::{
    kies_tellingen, Id, KiesElement, KiesGraaf, KiesKnoop, KiesProjecten, KiesSoort, MissieCode,
    Probleem, Project, Register,
};

use crate::error::ApiError;
use crate::extract::{
    filter_param, parse_missie, parse_missie_in, query_pairs, IdPad, MissiePad, Pagina, Taal,
};
use crate::layout::{bron, missie_label, nl, page, pick_str, voorbeeld_label, Nav, PageError};
use crate::missies::mission_not_found;
use crate::projecten::portefeuille::{snapshot, Snapshot};
use crate::routes::Routes;
use crate::{AppState, Lang};

/// Where the figure and its legend stand in 000, for the page's introduction.
const FIGUUR: &str = "000, Bijlagen, Figuur 5, r. 6181-6327";
const LEGENDA: &str = "r. 6496-6535";

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/missies/{code}/kies", pagina)
}

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/kies", lijst)
        .get("/kies/{id}", element)
        .get("/missies/{code}/kies", van_missie)
}

/// Per element, the projects of the portfolio that link it (kept with the snapshot).
fn tellingen(snap: &Snapshot) -> Arc<BTreeMap<Id, KiesProjecten>> {
    snap.derive("kies-tellingen", |p| kies_tellingen(p))
}

/// Per element, the ids of the projects that link it, by id (kept with the snapshot).
fn per_knoop(snap: &Snapshot) -> Arc<BTreeMap<Id, Vec<Id>>> {
    snap.derive("kies-projecten", |projects: &[Project]| {
        let mut out: BTreeMap<Id, Vec<Id>> = BTreeMap::new();
        for p in projects {
            for k in &p.kies {
                out.entry(k.clone()).or_default().push(p.id.clone());
            }
        }
        for ids in out.values_mut() {
            ids.sort();
        }
        out
    })
}

/// `?missie=&soort=`, both optional; a bad value is 400 naming it.
struct KiesFilter {
    missie: Option<MissieCode>,
    soort: Option<KiesSoort>,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for KiesFilter {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let pairs = query_pairs(&parts.uri)?;
        Ok(KiesFilter {
            missie: filter_param(parts, &pairs, "missie")?
                .map(|s| parse_missie_in(parts, "missie", s))
                .transpose()?,
            soort: filter_param(parts, &pairs, "soort")?
                .map(|s| {
                    s.parse::<KiesSoort>()
                        .map_err(|p: Probleem| p.als_veld("soort"))
                })
                .transpose()?,
        })
    }
}

/// `GET /api/v1/kies?missie=&soort=`: the ecosystem, or the part of one mission and/or kind.
async fn lijst(State(state): State<AppState>, f: KiesFilter) -> Result<Response, ApiError> {
    let snap = snapshot(&state).await?;
    let graaf = state.register.kies(f.missie, f.soort);
    Ok(Json(graaf.overzicht(f.missie, f.soort, &tellingen(&snap))).into_response())
}

#[derive(Serialize)]
struct PaginaJson {
    pagina: usize,
    limiet: usize,
    paginas: usize,
    /// Projects that link the element.
    totaal: usize,
}

#[derive(Serialize)]
struct ElementJson<'a> {
    #[serde(flatten)]
    element: KiesElement<'a>,
    pagina: PaginaJson,
}

/// `GET /api/v1/kies/{id}?pagina=&limiet=`: one element with its missions, the figure's cells,
/// the register's records it is, the project counts and one page of the projects that link
/// it (by id).
async fn element(
    State(state): State<AppState>,
    IdPad(id): IdPad,
    pagina: Pagina,
) -> Result<Response, ApiError> {
    let snap = snapshot(&state).await?;
    let mut e = state
        .register
        .kies_element(&id, &snap.projects)
        .ok_or_else(|| ApiError::niet_gevonden("id", "KIES-element", "KIES element", &id))?;
    let totaal = e.items.len();
    e.items = pagina.of(&e.items).to_vec();
    let body = ElementJson {
        element: e,
        pagina: PaginaJson {
            pagina: pagina.nummer,
            limiet: pagina.limiet,
            paginas: pagina.pages(totaal),
            totaal,
        },
    };
    let mut r = Json(body).into_response();
    if let Ok(v) = axum::http::HeaderValue::from_str(&totaal.to_string()) {
        r.headers_mut().insert("x-total-count", v);
    }
    Ok(r)
}

/// `GET /api/v1/missies/{code}/kies`: one mission's part of the ecosystem.
async fn van_missie(
    State(state): State<AppState>,
    MissiePad(code): MissiePad,
) -> Result<Response, ApiError> {
    if state.register.missie(code).is_none() {
        return Err(mission_not_found(code));
    }
    let snap = snapshot(&state).await?;
    let graaf = state.register.kies(Some(code), None);
    Ok(Json(graaf.overzicht(Some(code), None, &tellingen(&snap))).into_response())
}

/// Where an element a project links is shown: its row on the KIES page of the first of the
/// project's missions whose row names it, else of the first mission naming it (the central
/// one, for an element every mission may link).
pub(crate) fn href(register: &Register, missies: &[MissieCode], id: &Id) -> String {
    let rijen: Vec<MissieCode> = register.kies(None, None).missies_van(id);
    let m = missies
        .iter()
        .find(|m| rijen.contains(m))
        .or(rijen.first())
        .copied()
        .unwrap_or(MissieCode::C);
    format!("/missies/{m}/kies#kies-{id}")
}

/// A linked element on a project's page: its name (or the id, when the register lost it)
/// linked to its row of the mission's KIES page.
pub(crate) fn link(register: &Register, missies: &[MissieCode], id: &Id, l: Lang) -> Markup {
    html! {
        a href=(href(register, missies, id)) {
            @match register.kies_knoop(id) {
                Some(k) => { (naam(k, l)) }
                None => { (id) }
            }
        }
    }
}

/// An element's name in the page's language, marked Dutch where it is the document's.
fn naam(k: &KiesKnoop, l: Lang) -> Markup {
    let (text, lang) = k.name(l);
    html! { span lang=[lang] { (text) } }
}

/// What the register knows the element as: an organisation, instrument or programme.
fn in_register(register: &Register, k: &KiesKnoop, l: Lang) -> Markup {
    let p = register.parts();
    let org = k.organisatie.as_ref().map(|id| {
        register
            .organisatie(id)
            .map_or(id.as_str(), |o| o.name.as_str())
    });
    let ins = k.instrument.as_ref().map(|id| {
        p.instrument
            .iter()
            .find(|i| &i.id == id)
            .map_or(id.as_str(), |i| i.name_nl.as_str())
    });
    let prog = k.programma.as_ref().map(|id| {
        p.programma
            .iter()
            .find(|x| &x.code == id)
            .map_or(id.as_str(), |x| x.name_nl.as_str())
    });
    // The same thing as the element: its name is in the element's name's language.
    let zelfde = (k.name_lang() != l).then_some(k.name_lang().code());
    html! {
        @if org.is_none() && ins.is_none() && prog.is_none() { "—" }
        @if let Some(o) = org {
            (l.t("organisatie", "organisation")) " " a href=(format!("/zoeken?q={}", urlencoding(o))) lang=[zelfde] { (o) }
        }
        @if let Some(i) = ins {
            @if org.is_some() { "; " }
            (l.t("instrument", "instrument")) " " a href=(format!("/zoeken?q={}", urlencoding(i))) lang=[zelfde] { (i) }
        }
        @if let Some(x) = prog {
            (l.t("programma", "programme")) " " span lang=[nl(l)] { (x) }
        }
    }
}

/// A search query in a link: spaces and the characters that end a query escaped.
fn urlencoding(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' => "+".to_owned(),
            '&' | '#' | '+' | '%' | '?' | '=' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// The text version: per kind a table of the elements with the row's words, the other
/// missions naming them, the register's record and the sources.
/// How many projects a cell lists before it links to the rest (the element's JSON).
const IN_CEL: usize = 5;

/// The projects that link an element: the count (real, and made-up examples apart and
/// labelled), the first few linked to their pages, the rest through the element's JSON.
fn projecten_cel(
    k: &KiesKnoop,
    t: KiesProjecten,
    ids: Option<&Vec<Id>>,
    titels: &BTreeMap<&Id, &str>,
    l: Lang,
) -> Markup {
    let ids: &[Id] = ids.map_or(&[], |v| v.as_slice());
    html! {
        @if ids.is_empty() { "—" } @else {
            (t.echt) " " (l.t(if t.echt == 1 { "project" } else { "projecten" }, if t.echt == 1 { "project" } else { "projects" }))
            @if t.voorbeeld > 0 {
                ", " (t.voorbeeld) " " (l.t(if t.voorbeeld == 1 { "verzonnen voorbeeld" } else { "verzonnen voorbeelden" }, if t.voorbeeld == 1 { "made-up example" } else { "made-up examples" }))
            }
            ul.plain { @for p in ids.iter().take(IN_CEL) {
                li { a href=(format!("/projecten/{p}")) lang=[nl(l)] { (titels.get(p).copied().unwrap_or(p.as_str())) } (voorbeeld_label(p.as_str(), l)) }
            } }
            @if ids.len() > IN_CEL {
                a href=(format!("/api/v1/kies/{}", k.id)) { (match l {
                    Lang::Nl => format!("alle {} (JSON)", ids.len()),
                    Lang::En => format!("all {} (JSON)", ids.len()),
                }) }
            }
        }
    }
}

fn tabellen(
    register: &Register,
    graaf: &KiesGraaf,
    code: MissieCode,
    snap: &Snapshot,
    l: Lang,
) -> Markup {
    let tellingen = tellingen(snap);
    let per_knoop = per_knoop(snap);
    let titels: BTreeMap<&Id, &str> = snap
        .projects
        .iter()
        .filter(|p| !p.kies.is_empty())
        .map(|p| (&p.id, p.title.as_str()))
        .collect();
    html! {
        @for s in KiesSoort::ALL {
            @let knopen = graaf.van_soort(*s);
            h2 #(format!("kies-{}", s.code())) { (s.label(l)) " " span.count { "(" (knopen.len()) ")" } }
            @if knopen.is_empty() {
                p.leeg { (l.t(
                    "De rij van deze missie in Figuur 5 noemt er geen.",
                    "The mission's row in Figure 5 names none.",
                )) }
            } @else {
                div.scroll { table.kies-tabel {
                    thead { tr {
                        th scope="col" { (l.t("Element", "Element")) }
                        th scope="col" { (l.t("Zoals het document het bij deze missie schrijft", "As the document writes it for this mission")) }
                        th scope="col" { (l.t("Ook bij", "Also in")) }
                        th scope="col" { (l.t("In het register", "In the register")) }
                        th scope="col" { (l.t("Projecten die het noemen", "Projects that link it")) }
                        th scope="col" { (l.t("Bron van de naam", "Source of the name")) }
                    } }
                    tbody { @for k in knopen {
                        tr #(format!("kies-{}", k.id)) {
                            th scope="row" { (naam(k, l)) }
                            td { @for p in graaf.pijlen.iter().filter(|p| p.from == k.id && p.to == code) {
                                "“" span lang=[nl(l)] { (p.text_nl) } "” " (bron(&p.source))
                            } }
                            td {
                                @let andere: Vec<MissieCode> = graaf.missies_van(&k.id).into_iter().filter(|m| *m != code).collect();
                                @if andere.is_empty() { "—" }
                                @for (i, m) in andere.iter().enumerate() {
                                    @if i > 0 { ", " }
                                    a href=(format!("/missies/{m}/kies")) { (m.code()) }
                                }
                            }
                            td { (in_register(register, k, l)) }
                            td { (projecten_cel(k, tellingen.get(&k.id).copied().unwrap_or_default(), per_knoop.get(&k.id), &titels, l)) }
                            td { (bron(&k.source)) }
                        }
                    } }
                } }
            }
        }
    }
}

/// `/missies/{code}/kies`: the mission's part of the ecosystem, drawn and as tables.
async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let code =
        parse_missie("code", &code).map_err(|_| PageError::new(&taal, mission_not_found(&code)))?;
    let register = &state.register;
    let m = register
        .missie(code)
        .ok_or_else(|| PageError::new(&taal, mission_not_found(code)))?;
    let graaf = register.kies(Some(code), None);
    let snap = snapshot(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let naam_missie = format!(
        "{} — {}",
        missie_label(code, l),
        pick_str(&m.title_nl, &m.title_en, l)
    );
    let title = match l {
        Lang::Nl => format!(
            "Kennis- en innovatie-ecosysteem — {}",
            missie_label(code, l)
        ),
        Lang::En => format!(
            "Knowledge and innovation ecosystem — {}",
            missie_label(code, l)
        ),
    };
    let body = html! {
        p { a href=(format!("/missies/{code}")) { "← " (naam_missie) } }
        h1 { (title) }
        p.intro { (match l {
            Lang::Nl => format!("Het kennis- en innovatie-ecosysteem (KIES-G&Z) van de KIA tekent per missie een rij: de inbreng van de departementen (EZK via de topsectoren, OCW via de NWA-routes, VWS via de zorgakkoorden) en de publiek-private samenwerking die output en outcome levert (sleuteltechnologieën met hun meerjarige programma’s, sleutelmethodologieën, partnerschappen). Bron: {FIGUUR}, met de legenda in {LEGENDA}. De PDF-tekst kent de kolommen van de figuur niet: gemeten leest de rijen in de volgorde centrale missie, I tot en met V, en neemt de missies van de zorgakkoorden uit Tabel 2."),
            Lang::En => format!("The knowledge and innovation ecosystem (KIES-G&Z) of the KIA draws one row per mission: the departments' input (EZK through the top sectors, OCW through the NWA routes, VWS through the care agreements) and the public-private collaboration that delivers output and outcome (key enabling technologies with their multi-year programmes, key enabling methodologies, partnerships). Source: {FIGUUR}, with the legend at {LEGENDA}. The PDF text does not keep the figure's columns: gemeten reads the rows in the order central mission, I to V, and takes the care agreements' missions from Tabel 2."),
        }) }
        nav.toc-links aria-label=(l.t("Andere missies", "Other missions")) { ul {
            @for c in MissieCode::ALL {
                li { @if *c == code { strong { (missie_label(*c, l)) } } @else { a href=(format!("/missies/{c}/kies")) { (missie_label(*c, l)) } } }
            }
        } }
        @if graaf.knopen.is_empty() {
            p.leeg { (match l {
                Lang::Nl => format!("Het register heeft voor {} geen elementen van het ecosysteem. Figuur 5 ({FIGUUR}) noemt ze per missie; een database die gevuld werd voordat het ecosysteem in de referentiedataset kwam, krijgt ze eenmalig bij de eerstvolgende start; is het ecosysteem daarna met opzet leeggemaakt, dan zet `gemeten init --reset` de referentiedataset terug (vervangt het register).", missie_label(code, l)),
                Lang::En => format!("The register holds no elements of the ecosystem for {}. Figure 5 ({FIGUUR}) names them per mission; a database filled before the ecosystem was in the reference dataset gets them once, on its next start; if they were emptied on purpose later, `gemeten init --reset` puts the reference dataset back (replaces the register).", missie_label(code, l)),
            }) }
        } @else {
            p { (match l {
                Lang::Nl => format!("{} elementen, {} met een stip die ook als organisatie, instrument of programma in het register staan. De figuur scrolt opzij op een smal scherm; dezelfde elementen staan eronder als tabellen.", graaf.knopen.len(), graaf.verwijzingen().iter().map(|v| v.from).collect::<std::collections::BTreeSet<_>>().len()),
                Lang::En => format!("{} elements, {} with a dot that are also an organisation, instrument or programme of the register. The figure scrolls sideways on a narrow screen; the same elements follow as tables.", graaf.knopen.len(), graaf.verwijzingen().iter().map(|v| v.from).collect::<std::collections::BTreeSet<_>>().len()),
            }) }
            @let t = tellingen(&snap);
            @let (echt, vb) = graaf.knopen.iter().filter_map(|k| t.get(&k.id)).fold((0, 0), |(e, v), x| (e + x.echt, v + x.voorbeeld));
            p { (match l {
                Lang::Nl => format!("Projecten noemen de elementen waarmee ze werken: de tabellen tellen ze per element, {echt} koppelingen van echte projecten en {vb} van verzonnen voorbeelden."),
                Lang::En => format!("Projects name the elements they work with: the tables count them per element, {echt} links of real projects and {vb} of made-up examples."),
            }) }
            @if vb > 0 {
                p.illustratief role="note" { (l.t(
                    "Projecten met een id vb-… zijn verzonnen voorbeelden, geen echte projecten; ze staan apart geteld en gelabeld.",
                    "Projects with an id vb-… are made-up examples, not real projects; they are counted apart and labelled.",
                )) }
            }
            div.scroll.kies-figuur { (gemeten_grafiek::kies(&naam_missie, &graaf, l)) }
            (tabellen(register, &graaf, code, &snap, l))
        }
        p.meta { (l.t("Als JSON", "As JSON")) ": " a href=(format!("/api/v1/missies/{code}/kies")) { code { "/api/v1/missies/" (code) "/kies" } } }
    };
    Ok(page(&taal, &title, Nav::Missies, body))
}
