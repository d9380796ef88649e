//! The HTML pages: the missions, one mission, the projects and one project.

use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};

use gemeten_domain::{Doel, Fase, Id, MissieCode, Project, Register, Streefwaarde};
use gemeten_portfolio::{synthese, Herkomst, PijplijnItem, Synthese};

use crate::api::{filter_projects, mission_not_found, project_with_history, tellingen};
use crate::error::{ApiError, ParamError};
use crate::extract::{parse_missie, Filter, Pagina, Taal};
use crate::layout::{bron, missie_label, opt, page, pick, section_head, Nav, PageError};
use crate::portefeuille::{projecten_per_missie, snapshot};
use crate::routes::Routes;
use crate::{AppState, Lang};

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/", overzicht)
        .get("/missies/{code}", missie)
        .get("/projecten", projecten)
        .get("/projecten/{id}", project)
}

/// 404 for every path without a route: JSON under `/api/`, a page elsewhere.
pub(crate) async fn not_found(taal: Taal, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return ApiError::NoRoute(uri.path().to_owned()).into_response();
    }
    PageError::new(&taal, ApiError::NoRoute(uri.path().to_owned())).into_response()
}

fn doel_waarde(d: &Doel, l: Lang) -> String {
    let unit = d.unit.as_str();
    match d.streefwaarde {
        Streefwaarde::RelatieveVerandering(v) => format!("{v:+} %"),
        Streefwaarde::AbsoluteVerandering(v) => format!("{v:+} {unit}"),
        Streefwaarde::Niveau(v) => format!("{v} {unit}"),
        Streefwaarde::Kwalitatief => match l {
            Lang::Nl => d.streefwaarde.kind().label_nl().to_owned(),
            Lang::En => d.streefwaarde.kind().label_en().to_owned(),
        },
    }
}

fn fase(f: Option<Fase>, l: Lang) -> &'static str {
    match (f, l) {
        (Some(f), Lang::Nl) => f.label_nl(),
        (Some(f), Lang::En) => f.label_en(),
        (None, _) => "?",
    }
}

async fn overzicht(State(state): State<AppState>, taal: Taal) -> Result<Response, PageError> {
    let l = taal.lang;
    let snap = snapshot(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let per_missie = projecten_per_missie(&snap);
    let register = &state.register;
    let body = html! {
        h1 { (l.t("Missies Gezondheid & Zorg", "Health & Care missions")) }
        p.intro { (l.t(
            "In 2040 leeft iedereen in Nederland ten minste vijf jaar langer in goede gezondheid en is de gezondheidskloof tussen de laagste en hoogste sociaaleconomische groepen met 30 % verkleind. Per missie: de doelen, kennisvragen, activiteiten, instrumenten, innovaties en projecten.",
            "By 2040 everyone in the Netherlands lives at least five more years in good health and the health gap between the lowest and highest socio-economic groups is 30 % smaller. Per mission: the targets, knowledge questions, activities, instruments, innovations and projects.",
        )) }
        table.overzicht {
            caption { (l.t("Alle missies", "All missions")) }
            thead { tr {
                th scope="col" { (l.t("Code", "Code")) }
                th scope="col" { (l.t("Titel", "Title")) }
                th scope="col" { (l.t("Deadline", "Deadline")) }
                th scope="col" .num { (l.t("Doelen", "Targets")) }
                th scope="col" .num { (l.t("Kennisvragen", "Questions")) }
                th scope="col" .num { (l.t("Activiteiten", "Activities")) }
                th scope="col" .num { (l.t("Instrumenten", "Instruments")) }
                th scope="col" .num { (l.t("Innovaties", "Innovations")) }
                th scope="col" .num { (l.t("Projecten", "Projects")) }
            } }
            tbody {
                @for m in register.missies() {
                    @let n = tellingen(register, m, per_missie.get(&m.code).copied().unwrap_or(0));
                    tr {
                        th scope="row" { a href=(format!("/missies/{}", m.code)) { (missie_label(m.code, l)) } }
                        td { a href=(format!("/missies/{}", m.code)) { (pick(&m.title_nl, &m.title_en, l)) } }
                        td { (m.deadline) }
                        td.num { (n.doelen) }
                        td.num { (n.kia_vragen) }
                        td.num { (n.activiteiten) }
                        td.num { (n.instrumenten) }
                        td.num { (n.innovaties) }
                        td.num { a href=(format!("/projecten?missie={}", m.code)) { (n.projecten) } }
                    }
                }
            }
        }
    };
    Ok(page(&taal, l.t("Missies", "Missions"), Nav::Missies, body))
}

async fn missie(
    State(state): State<AppState>,
    taal: Taal,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    // A code that is no mission code names no page: 404, like a mission that is absent.
    let code =
        parse_missie("code", &code).map_err(|_| PageError::new(&taal, mission_not_found(&code)))?;
    let register = &state.register;
    let o = register
        .overzicht(code)
        .ok_or_else(|| PageError::new(&taal, mission_not_found(code)))?;
    let snap = snapshot(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let m = o.missie;
    let title = format!(
        "{} — {}",
        missie_label(code, l),
        crate::layout::pick_str(&m.title_nl, &m.title_en, l)
    );
    // The body depends on the register (fixed while serving), the portfolio and the
    // observations only: rendered once per portfolio version and set of observations.
    let observations = crate::kleine_aantallen::versie(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let key = format!("missiepagina/{code}/{}/{observations}", l.code());
    if let Some(body) = snap.get::<String>(&key) {
        return Ok(page(
            &taal,
            &title,
            Nav::Missies,
            PreEscaped(body.to_string()),
        ));
    }
    let threshold = gemeten_domain::Trl::try_from(7).expect("7 is a TRL");
    let pipeline = pijplijn(
        &synthese(register, &snap.projects, code, threshold),
        register,
        l,
    );
    let trajecten = crate::traject::sectie(&state, code, l)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let mut knopen = o.toc_knopen.clone();
    knopen.sort_by_key(|k| k.pathway_order());
    let body = html! {
        h1 { (missie_label(code, l)) " — " (pick(&m.title_nl, &m.title_en, l)) }
        p.meta { (l.t("Deadline", "Deadline")) ": " (m.deadline) }
        blockquote.missietekst {
            p { (pick(&m.text_nl, &m.text_en, l)) }
            footer { (l.t("Bron", "Source")) ": " (bron(&m.source)) }
        }
        @if let Some(old) = &m.text_2019_nl {
            details {
                summary { (l.t("Formulering van 2019", "Wording of 2019")) }
                p lang="nl" { (old) }
                @if let Some(b) = &m.source_2019 { p { (l.t("Bron", "Source")) ": " (bron(b)) } }
            }
        }
        nav.toc-links aria-label=(l.t("Op deze pagina", "On this page")) {
            ul {
                li { a href="#doelen" { (l.t("Doelen", "Targets")) } }
                li { a href="#voortgang" { (l.t("Voortgang", "Progress")) } }
                li { a href="#toc" { "Theory of change" } }
                li { a href="#vragen" { (l.t("Kennisvragen", "Knowledge questions")) } }
                li { a href="#activiteiten" { (l.t("Activiteiten", "Activities")) } }
                li { a href="#instrumenten" { (l.t("Instrumenten", "Instruments")) } }
                li { a href="#pijplijn" { (l.t("Innovatiepijplijn", "Innovation pipeline")) } }
                li { a href=(format!("/rondes?missie={code}")) { (l.t("Prioriteringsrondes", "Prioritisation rounds")) } }
            }
        }

        (section_head("doelen", l.t("Doelen", "Targets"), o.doelen.len(), l))
        @if !o.doelen.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Indicator", "Indicator")) }
                    th scope="col" { (l.t("Streefwaarde", "Target")) }
                    th scope="col" { (l.t("Uitgangswaarde", "Baseline")) }
                    th scope="col" { (l.t("Deadline", "Deadline")) }
                    th scope="col" { (l.t("Richting", "Direction")) }
                    th scope="col" { (l.t("Bron", "Source")) }
                } }
                tbody { @for d in &o.doelen {
                    tr #(format!("doel-{}", d.id)) {
                        th scope="row" { (pick(&d.indicator_nl, &d.indicator_en, l)) }
                        td { (doel_waarde(d, l)) }
                        td { (match (d.tijdpad.baseline_year(), d.tijdpad.baseline_value()) {
                            (Some(y), Some(v)) => format!("{v} ({y})"),
                            (Some(y), None) => y.to_string(),
                            _ => l.t("onbekend", "unknown").to_owned(),
                        }) }
                        td { (d.tijdpad.deadline()) }
                        td { (match l { Lang::Nl => d.direction.label_nl(), Lang::En => d.direction.label_en() }) }
                        td { (bron(&d.source)) }
                    }
                } }
            } }
        }

        (trajecten)

        (section_head("toc", "Theory of change", knopen.len(), l))
        @if !knopen.is_empty() {
            figure.toc-figuur {
                div.scroll { (gemeten_grafiek::toc(&knopen, &o.toc_pijlen, l)) }
                figcaption { (l.t(
                    "Van input via activiteiten en output naar outcome en impact. Beweeg over een blok voor de volledige tekst.",
                    "From input through activities and output to outcome and impact. Hover over a box for its full text.",
                )) }
            }
            details {
                summary { (l.t("Theory of change als tekst", "Theory of change as text")) }
                ul.toc-tekst { @for k in &knopen {
                    li {
                        strong { (match l { Lang::Nl => k.kind.label_nl(), Lang::En => k.kind.label_en() }) " " (k.id) } ": "
                        (pick(&k.text_nl, &k.text_en, l))
                        @let to: Vec<&str> = o.toc_pijlen.iter().filter(|a| a.from == k.id).map(|a| a.to.as_str()).collect();
                        @if !to.is_empty() { " → " (to.join(", ")) }
                    }
                } }
            }
        }

        (section_head("vragen", l.t("Kennis- en innovatievragen", "Knowledge and innovation questions"), o.kia_vragen.len(), l))
        @if !o.kia_vragen.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Code", "Code")) }
                    th scope="col" { (l.t("Soort", "Kind")) }
                    th scope="col" { (l.t("Vraag", "Question")) }
                    th scope="col" { (l.t("Bron", "Source")) }
                } }
                tbody { @for v in &o.kia_vragen { tr #(format!("vraag-{}", v.id)) {
                    th scope="row" { (v.id) }
                    td { (match l { Lang::Nl => v.kind.label_nl(), Lang::En => v.kind.label_en() }) }
                    td { (pick(&v.text_nl, &v.text_en, l)) }
                    td { (bron(&v.source)) }
                } } }
            } }
        }

        (section_head("activiteiten", l.t("Activiteiten", "Activities"), o.activiteiten.len(), l))
        @if !o.activiteiten.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Nr.", "No.")) }
                    th scope="col" { (l.t("Activiteit", "Activity")) }
                    th scope="col" { (l.t("Initiatiefnemers", "Initiators")) }
                    th scope="col" { (l.t("Bron", "Source")) }
                } }
                tbody { @for a in &o.activiteiten { tr #(format!("activiteit-{}", a.id)) {
                    th scope="row" { (a.number) }
                    td { (pick(&a.text_nl, &a.text_en, l)) }
                    td { ul.plain {
                        @if a.all_partners { li { (l.t("alle partners", "all partners")) } }
                        @for id in &a.initiatiefnemers {
                            li { (register.organisatie(id).map_or(id.to_string(), |o| o.name.to_string())) }
                        }
                    } }
                    td { (bron(&a.source)) }
                } } }
            } }
        }
        @if code == MissieCode::C { (crate::randvoorwaarden::activiteiten(register, l)) }

        (section_head("instrumenten", l.t("Instrumenten", "Instruments"), o.instrumenten.len(), l))
        @if !o.instrumenten.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Instrument", "Instrument")) }
                    th scope="col" { (l.t("Programma", "Programme")) }
                    th scope="col" { (l.t("Budget", "Budget")) }
                    th scope="col" { "TRL" }
                    th scope="col" { (l.t("Bron", "Source")) }
                } }
                tbody { @for i in &o.instrumenten { tr #(format!("instrument-{}", i.id)) {
                    th scope="row" lang="nl" { (i.name_nl) }
                    td { (i.programmas.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")) }
                    td lang="nl" { (i.budget_text) }
                    td { (i.trl.map_or_else(|| l.t("onbekend", "unknown").to_owned(), |r| format!("{}–{}", r.min(), r.max()))) }
                    td { (bron(&i.source)) }
                } } }
            } }
        }

        (pipeline)
    };
    let body = snap.keep(&key, body.into_string());
    Ok(page(
        &taal,
        &title,
        Nav::Missies,
        PreEscaped(body.to_string()),
    ))
}

/// Projects listed by name in a mission's pipeline table and gap lists; the chart counts them all.
const PROJECTS_IN_PIPELINE_TABLE: usize = 25;

fn pijplijn(s: &Synthese<'_>, register: &Register, l: Lang) -> Markup {
    let is_innovatie = |id: &Id| register.parts().innovatie.iter().any(|i| &i.id == id);
    // A national portfolio puts tens of thousands of projects under one mission: the table
    // shows the register's innovations and the most advanced projects, the rest is a link.
    let mut projects: Vec<&PijplijnItem> = s
        .items
        .iter()
        .filter(|i| i.herkomst == Herkomst::Project)
        .collect();
    projects.sort_by_key(|i| std::cmp::Reverse(i.trl));
    let hidden = projects.len().saturating_sub(PROJECTS_IN_PIPELINE_TABLE);
    let shown: Vec<&PijplijnItem> = s
        .items
        .iter()
        .filter(|i| i.herkomst == Herkomst::Innovatie)
        .chain(projects.into_iter().take(PROJECTS_IN_PIPELINE_TABLE))
        .collect();
    html! {
        (section_head("pijplijn", l.t("Innovatiepijplijn", "Innovation pipeline"), s.items.len(), l))
        @if !s.items.is_empty() {
            figure.trl-figuur {
                div.scroll { (gemeten_grafiek::trl(&s.by_trl, s.threshold, l)) }
                figcaption { (l.t(
                    "Innovaties uit het register en projecten uit de portefeuille per TRL; groen: op of voorbij de drempel.",
                    "Innovations of the register and projects of the portfolio by TRL; green: at or beyond the threshold.",
                )) }
            }
            div.scroll { table {
                caption { (l.t("Innovaties en projecten", "Innovations and projects")) }
                thead { tr {
                    th scope="col" { (l.t("Naam", "Name")) }
                    th scope="col" { (l.t("Herkomst", "Origin")) }
                    th scope="col" { "TRL" }
                    th scope="col" { "SEL" }
                    th scope="col" { (l.t("Fasen (innovatie / stakeholders / omgeving)", "Phases (innovation / stakeholders / environment)")) }
                } }
                tbody { @for i in &shown { tr {
                    th scope="row" {
                        @if i.herkomst == Herkomst::Project {
                            a href=(format!("/projecten/{}", i.id)) { (i.title) }
                        } @else {
                            a href=(format!("/innovaties/{}", i.id)) { (i.title) }
                        }
                    }
                    td { (match i.herkomst {
                        Herkomst::Innovatie => l.t("register (002)", "register (002)"),
                        Herkomst::Project => l.t("project", "project"),
                    }) }
                    td { (opt(i.trl)) }
                    td { (opt(i.sel)) }
                    td { (fase(i.phases.innovation, l)) " / " (fase(i.phases.stakeholders, l)) " / " (fase(i.phases.environment, l)) }
                } } }
            } }
        }
        @if hidden > 0 {
            p { a href=(format!("/projecten?missie={}", s.missie)) {
                (hidden) " " (l.t("projecten meer, met de hoogste TRL eerst hierboven: alle projecten van deze missie", "more projects, the highest TRL first above: all projects of this mission"))
            } }
        }
        p { a href="/innovaties" { (l.t("Alle innovaties met hun barrières en financieringsroute", "All innovations with their barriers and financing route")) } }
        h3 { (l.t("Lacunes", "Gaps")) }
        p { (l.t("Drempel", "Threshold")) ": TRL " (s.threshold) "." }
        h4 { (l.t("Kennisvragen zonder innovatie op of voorbij de drempel", "Questions without an innovation at or beyond the threshold")) " (" (s.question_gaps.len()) ")" }
        @if s.question_gaps.is_empty() {
            p { (l.t("Geen.", "None.")) }
        } @else {
            ul.gaten { @for g in &s.question_gaps {
                li {
                    a href=(format!("#vraag-{}", g.vraag.id)) { strong { (g.vraag.id) } } ": " (pick(&g.vraag.text_nl, &g.vraag.text_en, l))
                    " (" (g.items_below) " " (l.t("eronder", "below"))
                    @if let Some(t) = g.highest_trl { ", " (l.t("hoogste TRL", "highest TRL")) " " (t) }
                    ")"
                }
            } }
        }
        h4 { (l.t("Doelen zonder innovatie op of voorbij de drempel", "Targets without an innovation at or beyond the threshold")) " (" (s.target_gaps.len()) ")" }
        @if s.target_gaps.is_empty() {
            p { (l.t("Geen.", "None.")) }
        } @else {
            ul.gaten { @for d in &s.target_gaps { li { (pick(&d.indicator_nl, &d.indicator_en, l)) } } }
        }
        @if !s.technology_ahead.is_empty() {
            h4 { (l.t("Techniek loopt voor op stakeholders of gebruiksomgeving", "Technology ahead of stakeholders or use environment")) " (" (s.technology_ahead.len()) ")" }
            ul.gaten { @for id in s.technology_ahead.iter().take(PROJECTS_IN_PIPELINE_TABLE) { li {
                a href=(if is_innovatie(id) { format!("/innovaties/{id}") } else { format!("/projecten/{id}") }) { (id) }
            } } }
            @if s.technology_ahead.len() > PROJECTS_IN_PIPELINE_TABLE {
                p { (s.technology_ahead.len() - PROJECTS_IN_PIPELINE_TABLE) " " (l.t("meer; de volledige lijst staat in", "more; the full list is in")) " "
                    a href=(format!("/api/v1/missies/{}/synthese", s.missie)) { code { "/api/v1/missies/" (s.missie) "/synthese" } } "." }
            }
        }
    }
}

fn status_label(p: &Project, l: Lang) -> &'static str {
    match l {
        Lang::Nl => p.status.label_nl(),
        Lang::En => p.status.label_en(),
    }
}

fn codes(m: &[MissieCode]) -> String {
    m.iter().map(|c| c.code()).collect::<Vec<_>>().join(", ")
}

async fn projecten(
    State(state): State<AppState>,
    taal: Taal,
    filter: Result<Filter, ParamError>,
    pagina: Result<Pagina, ParamError>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let filter = filter.map_err(|e| PageError::new(&taal, e))?;
    let pagina = pagina.map_err(|e| PageError::new(&taal, e))?;
    let snap = snapshot(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let total = snap.projects.len();
    let matching = filter_projects(&snap, filter);
    let projects: Vec<&Project> = pagina
        .of(&matching)
        .iter()
        .map(|&i| &snap.projects[i])
        .collect();
    let body = html! {
        h1 { (l.t("Projecten", "Projects")) }
        form.filter method="get" action="/projecten" {
            label for="missie" { (l.t("Missie", "Mission")) }
            select #missie name="missie" {
                option value="" selected[filter.missie.is_none()] { (l.t("alle missies", "all missions")) }
                @for m in state.register.missies() {
                    option value=(m.code) selected[filter.missie == Some(m.code)] { (missie_label(m.code, l)) }
                }
            }
            @if l == Lang::En { input type="hidden" name="lang" value="en"; }
            button type="submit" { (l.t("Tonen", "Show")) }
        }
        @if projects.is_empty() {
            p.leeg { (if total == 0 {
                l.t(
                    "Er zijn nog geen projecten; importeer een projectlijst met `gemeten projects import BESTAND`.",
                    "There are no projects yet; import a project list with `gemeten projects import FILE`.",
                )
            } else {
                l.t("Geen projecten voor deze keuze.", "No projects match this choice.")
            }) }
        } @else {
            div.scroll { table {
                caption {
                    (matching.len()) " " (l.t("projecten", "projects"))
                    @if matching.len() > projects.len() {
                        " — " (l.t("pagina", "page")) " " (pagina.nummer) " " (l.t("van", "of")) " " (pagina.pages(matching.len()))
                    }
                }
                thead { tr {
                    th scope="col" { (l.t("Titel", "Title")) }
                    th scope="col" { (l.t("Financier", "Funder")) }
                    th scope="col" { (l.t("Missies", "Missions")) }
                    th scope="col" { "TRL" }
                    th scope="col" { (l.t("Status", "Status")) }
                    th scope="col" { (l.t("Verwacht in de praktijk", "Expected in practice")) }
                } }
                tbody { @for p in &projects { tr {
                    th scope="row" { a href=(format!("/projecten/{}", p.id)) { (p.title) } }
                    td { (p.funder) }
                    td { (codes(&p.missies)) }
                    td { (opt(p.trl)) }
                    td { (status_label(p, l)) }
                    td { (opt(p.expected_in_practice)) }
                } } }
            } }
            (bladeren(&taal, pagina, matching.len()))
        }
    };
    Ok(page(
        &taal,
        l.t("Projecten", "Projects"),
        Nav::Projecten,
        body,
    ))
}

/// Previous/next links for a paged list, keeping the other query parameters.
fn bladeren(taal: &Taal, pagina: Pagina, total: usize) -> Markup {
    let pages = pagina.pages(total);
    let link = |n: usize| {
        let rest: Vec<&str> = taal
            .here
            .split_once('?')
            .map(|(_, q)| {
                q.split('&')
                    .filter(|kv| !kv.starts_with("pagina="))
                    .collect()
            })
            .unwrap_or_default();
        let path = taal.here.split('?').next().unwrap_or("/");
        let mut q = rest.join("&");
        if !q.is_empty() {
            q.push('&');
        }
        format!("{path}?{q}pagina={n}")
    };
    let l = taal.lang;
    html! {
        @if pages > 1 {
            nav.bladeren aria-label=(l.t("Pagina's", "Pages")) {
                @if pagina.nummer > 1 {
                    a rel="prev" href=(link(pagina.nummer - 1)) { "← " (l.t("vorige", "previous")) }
                }
                " " (l.t("pagina", "page")) " " (pagina.nummer) " / " (pages) " "
                @if pagina.nummer < pages {
                    a rel="next" href=(link(pagina.nummer + 1)) { (l.t("volgende", "next")) " →" }
                }
            }
        }
    }
}

async fn project(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: crate::auth::Gebruiker,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let not_found = || {
        PageError::new(
            &taal,
            ApiError::NotFound {
                what: "project",
                field: Some("id"),
                key: id.clone(),
            },
        )
    };
    let key: Id = id.parse().map_err(|_| not_found())?;
    let (p, history) = project_with_history(&state, key)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let body = html! {
        h1 { (p.title) }
        @if let Some(s) = &p.summary { p.intro lang="nl" { (s) } }
        dl.feiten {
            dt { "Id" } dd { code { (p.id) } }
            dt { (l.t("Financier", "Funder")) } dd { (p.funder) }
            dt { (l.t("Status", "Status")) } dd { (status_label(&p, l)) }
            dt { (l.t("Missies", "Missions")) } dd {
                @for (i, m) in p.missies.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(format!("/missies/{m}")) { (missie_label(*m, l)) }
                }
            }
            @if !p.kia_vragen.is_empty() {
                dt { (l.t("Kennisvragen", "Questions")) }
                dd { @for (n, v) in p.kia_vragen.iter().enumerate() {
                    @if n > 0 { ", " }
                    a href=(crate::zoeken::href(&state.register, gemeten_zoek::Soort::KiaVraag, v.as_str())) { (v) }
                } }
            }
            @if let Some(i) = &p.innovatie { dt { (l.t("Innovatie", "Innovation")) } dd { a href=(format!("/innovaties/{i}")) { (i) } } }
            dt { "TRL / SEL / BRL" } dd { (opt(p.trl)) " / " (opt(p.sel)) " / " (opt(p.brl)) }
            dt { (l.t("Fasen (innovatie / stakeholders / omgeving)", "Phases (innovation / stakeholders / environment)")) }
            dd { (fase(p.phase_innovation, l)) " / " (fase(p.phase_stakeholders, l)) " / " (fase(p.phase_environment, l)) }
            dt { (l.t("Looptijd", "Period")) } dd { (opt(p.start)) "–" (opt(p.end)) }
            dt { (l.t("Verwacht in de praktijk", "Expected in practice")) } dd { (opt(p.expected_in_practice)) }
        }
        h2 { (l.t("Partners", "Partners")) " (" (p.partners.len()) ")" }
        @if !p.partners.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Naam", "Name")) }
                    th scope="col" { (l.t("Soort", "Kind")) }
                    th scope="col" { (l.t("Rol", "Role")) }
                } }
                tbody { @for x in &p.partners { tr {
                    th scope="row" { (x.name) }
                    td { (match l { Lang::Nl => x.kind.label_nl(), Lang::En => x.kind.label_en() }) }
                    td { (match l { Lang::Nl => x.role.label_nl(), Lang::En => x.role.label_en() }) }
                } } }
            } }
        }
        h2 { (l.t("Financiering", "Funding")) " (" (p.funding.len()) ")" }
        @if !p.funding.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Financier", "Funder")) }
                    th scope="col" { (l.t("Instrument", "Instrument")) }
                    th scope="col" .num { (l.t("Bedrag (€)", "Amount (€)")) }
                    th scope="col" { (l.t("Periode", "Period")) }
                } }
                tbody { @for f in &p.funding { tr {
                    th scope="row" { (f.funder) }
                    td { (opt(f.instrument.as_ref())) }
                    td.num { (f.amount.get()) }
                    td { (f.from) "–" (f.to) }
                } } }
            } }
        }
        (crate::bewerken::section(&p, &gebruiker, l))
        h2 { (l.t("Geschiedenis", "History")) " (" (history.len()) ")" }
        @if !history.is_empty() {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Wanneer", "When")) }
                    th scope="col" { (l.t("Door", "By")) }
                    th scope="col" { (l.t("Veld", "Field")) }
                    th scope="col" { (l.t("Voor", "Before")) }
                    th scope="col" { (l.t("Na", "After")) }
                } }
                tbody { @for w in &history { tr {
                    th scope="row" { (w.at) }
                    td { (w.by) }
                    td { code { (w.field) } }
                    td { (w.before.as_deref().unwrap_or("—")) }
                    td { (w.after.as_deref().unwrap_or("—")) }
                } } }
            } }
        }
        p { a href="/projecten" { (l.t("Alle projecten", "All projects")) } }
    };
    Ok(page(&taal, &p.title.to_string(), Nav::Projecten, body))
}
