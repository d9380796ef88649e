//! The knowledge and innovation ecosystem (KIES-G&Z, 000 Figure 5): per mission the page
//! `/missies/{code}/kies` (the tree drawn by `gemeten_grafiek::kies`, then the same elements
//! and links as tables for screen readers and phones), and the API: `GET /api/v1/kies?missie=
//! &soort=` and `GET /api/v1/missies/{code}/kies`, the elements with their missions, the links
//! to missions and the links to organisations, instruments and programmes.

use axum::extract::State;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};

use gemeten_domain::{KiesGraaf, KiesKnoop, KiesSoort, MissieCode, Probleem, Register};

use crate::error::ApiError;
use crate::extract::{filter_param, parse_missie, parse_missie_in, query_pairs, MissiePad, Taal};
use crate::layout::{bron, missie_label, nl, page, pick_str, Nav, PageError};
use crate::missies::mission_not_found;
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
        .get("/missies/{code}/kies", van_missie)
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
    let graaf = state.register.kies(f.missie, f.soort);
    Ok(Json(graaf.overzicht(f.missie, f.soort)).into_response())
}

/// `GET /api/v1/missies/{code}/kies`: one mission's part of the ecosystem.
async fn van_missie(
    State(state): State<AppState>,
    MissiePad(code): MissiePad,
) -> Result<Response, ApiError> {
    if state.register.missie(code).is_none() {
        return Err(mission_not_found(code));
    }
    let graaf = state.register.kies(Some(code), None);
    Ok(Json(graaf.overzicht(Some(code), None)).into_response())
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
fn tabellen(register: &Register, graaf: &KiesGraaf, code: MissieCode, l: Lang) -> Markup {
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
                Lang::Nl => format!("Het register heeft voor {} geen elementen van het ecosysteem. Figuur 5 ({FIGUUR}) noemt ze per missie; een database die gevuld werd voordat het ecosysteem in de referentiedataset kwam, krijgt ze met `gemeten init --reset` (vervangt het register door de referentiedataset).", missie_label(code, l)),
                Lang::En => format!("The register holds no elements of the ecosystem for {}. Figure 5 ({FIGUUR}) names them per mission; a database filled before the ecosystem was in the reference dataset gets them with `gemeten init --reset` (replaces the register with the reference dataset).", missie_label(code, l)),
            }) }
        } @else {
            p { (match l {
                Lang::Nl => format!("{} elementen, {} met een stip die ook als organisatie, instrument of programma in het register staan. De figuur scrolt opzij op een smal scherm; dezelfde elementen staan eronder als tabellen.", graaf.knopen.len(), graaf.verwijzingen().iter().map(|v| v.from).collect::<std::collections::BTreeSet<_>>().len()),
                Lang::En => format!("{} elements, {} with a dot that are also an organisation, instrument or programme of the register. The figure scrolls sideways on a narrow screen; the same elements follow as tables.", graaf.knopen.len(), graaf.verwijzingen().iter().map(|v| v.from).collect::<std::collections::BTreeSet<_>>().len()),
            }) }
            div.scroll.kies-figuur { (gemeten_grafiek::kies(&naam_missie, &graaf, l)) }
            (tabellen(register, &graaf, code, l))
        }
        p.meta { (l.t("Als JSON", "As JSON")) ": " a href=(format!("/api/v1/missies/{code}/kies")) { code { "/api/v1/missies/" (code) "/kies" } } }
    };
    Ok(page(&taal, &title, Nav::Missies, body))
}
