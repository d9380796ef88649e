//! The missions: the overview of all missions (`/`), one mission's page (`/missies/{code}`:
//! targets with their trajectories, theory of change, questions, activities, instruments,
//! the innovation pipeline) and the same as JSON (`/api/v1/missies…`, the synthesis).

pub(crate) mod randvoorwaarden;
pub(crate) mod traject;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup, PreEscaped};
use serde::Serialize;

use gemeten_domain::{Doel, Fase, Id, Missie, MissieCode, Register, Streefwaarde};
use gemeten_portfolio::{synthese, Herkomst, PijplijnItem, Synthese};

use crate::error::ApiError;
use crate::extract::{parse_missie, Drempel, MissiePad, Taal};
use crate::layout::{bron, missie_label, opt, page, pick, section_head, Nav, PageError};
use crate::projecten::portefeuille::{projecten_per_missie, snapshot};
use crate::routes::Routes;
use crate::{AppState, Lang};

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/", overzicht).get("/missies/{code}", missie)
}

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/missies", missies)
        .get("/missies/{code}", api_missie)
        .get("/missies/{code}/synthese", synthese_handler)
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

pub(crate) fn fase(f: Option<Fase>, l: Lang) -> &'static str {
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
    // The status table depends on the observations and the KPI catalogue only: computed
    // once per version of each (and portfolio snapshot), not per request.
    let versies = state
        .versies()
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let key = format!(
        "overzicht-statussen/{}/{}/{}",
        l.code(),
        versies.waarneming,
        versies.kpi
    );
    let statussen = match snap.get::<String>(&key) {
        Some(s) => PreEscaped(s.to_string()),
        None => {
            let m = traject::statussen(&state, l)
                .await
                .map_err(|e| PageError::new(&taal, e))?;
            PreEscaped(snap.keep(&key, m.into_string()).to_string())
        }
    };
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
        (statussen)
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
    let observations = crate::kpi::kleine_aantallen::versie(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    // …and the KPI catalogue (its reasons, breaks and monitor indicators).
    let kpis = state
        .versies()
        .await
        .map_err(|e| PageError::new(&taal, e))?
        .kpi;
    let key = format!("missiepagina/{code}/{}/{observations}/{kpis}", l.code());
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
    let trajecten = crate::missies::traject::sectie(&state, code, l)
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
        @if code == MissieCode::C { (crate::missies::randvoorwaarden::activiteiten(register, l)) }

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

/// What an overview lists per mission.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub(crate) struct Tellingen {
    pub doelen: usize,
    pub kia_vragen: usize,
    pub activiteiten: usize,
    pub instrumenten: usize,
    pub innovaties: usize,
    pub projecten: usize,
}

pub(crate) fn tellingen(register: &Register, missie: &Missie, projecten: usize) -> Tellingen {
    let o = register
        .overzicht(missie.code)
        .expect("the mission is in the register");
    Tellingen {
        doelen: o.doelen.len(),
        kia_vragen: o.kia_vragen.len(),
        activiteiten: o.activiteiten.len(),
        instrumenten: o.instrumenten.len(),
        innovaties: o.innovaties.len(),
        projecten,
    }
}

#[derive(Serialize)]
struct MissieSamenvatting<'a> {
    #[serde(flatten)]
    missie: &'a Missie,
    counts: Tellingen,
}

async fn missies(state: axum::extract::State<AppState>) -> Result<Response, ApiError> {
    let snap = snapshot(&state).await?;
    let per_missie = projecten_per_missie(&snap);
    let list: Vec<MissieSamenvatting> = state
        .register
        .missies()
        .iter()
        .map(|m| MissieSamenvatting {
            missie: m,
            counts: tellingen(
                &state.register,
                m,
                per_missie.get(&m.code).copied().unwrap_or(0),
            ),
        })
        .collect();
    Ok(Json(list).into_response())
}

pub(crate) fn mission_not_found(code: impl std::fmt::Display) -> ApiError {
    ApiError::niet_gevonden("code", "missie", "mission", code)
}

async fn api_missie(
    state: axum::extract::State<AppState>,
    MissiePad(code): MissiePad,
) -> Result<Response, ApiError> {
    let o = state
        .register
        .overzicht(code)
        .ok_or_else(|| mission_not_found(code))?;
    Ok(Json(o).into_response())
}

async fn synthese_handler(
    state: axum::extract::State<AppState>,
    MissiePad(code): MissiePad,
    Drempel(trl): Drempel,
) -> Result<Response, ApiError> {
    state
        .register
        .missie(code)
        .ok_or_else(|| mission_not_found(code))?;
    let snap = snapshot(&state).await?;
    // Aggregating the whole portfolio is the expensive part: once per portfolio version.
    let json = snap.derive(&format!("synthese/{code}/{trl}"), |projects| {
        serde_json::to_string(&synthese(&state.register, projects, code, trl))
    });
    match json.as_ref() {
        Ok(body) => {
            Ok(([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response())
        }
        Err(e) => Err(ApiError::Internal(e.to_string())),
    }
}
