//! The missions: the overview of all missions (`/`), one mission's page (`/missies/{code}`:
//! targets with their trajectories, theory of change, questions, activities, instruments,
//! the innovation pipeline) and the same as JSON (`/api/v1/missies…`, the synthesis). Page
//! and JSON render one view model each (`model`).

pub(crate) mod keten;
pub(crate) mod model;
mod pijplijn;
pub(crate) mod randvoorwaarden;
pub(crate) mod synthese;
pub(crate) mod traject;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{html, PreEscaped};

use gemeten_domain::{Doel, Fase, MissieCode, Streefwaarde};

use crate::error::ApiError;
use crate::extract::{parse_missie, MissiePad, Taal};
use crate::layout::{bron, missie_label, page, pick, section_head, Nav, PageError};
use crate::routes::Routes;
use crate::{AppState, Lang};

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/", overzicht)
        .get("/missies/{code}", missie)
        .get("/doelen/{id}", keten::pagina)
        .get("/missies/{code}/synthese", synthese::pagina)
}

pub(crate) fn api(r: Routes) -> Routes {
    r.get("/missies", missies)
        .get("/missies/{code}", api_missie)
        .get("/missies/{code}/synthese", synthese::api)
        .get("/doelen/{id}/keten", keten::api_keten)
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
        (None, l) => l.t("onbekend", "unknown"),
    }
}

async fn overzicht(State(state): State<AppState>, taal: Taal) -> Result<Response, PageError> {
    let l = taal.lang;
    let (snap, versies) = model::sleutel(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    // The page depends on the portfolio, the observations and the KPI catalogue only:
    // rendered once per version of each, not per request.
    let key = format!("overzicht-pagina/{}/{versies}", l.code());
    if let Some(body) = snap.get::<String>(&key) {
        return Ok(page(
            &taal,
            l.t("Missies", "Missions"),
            Nav::Missies,
            PreEscaped(body.to_string()),
        ));
    }
    let missies = model::overzicht(&state, &snap, &versies)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
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
                @for rij in missies.iter() {
                    @let (m, n) = (&rij.missie, &rij.counts);
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
        (traject::statussen(&missies, l))
    };
    let body = snap.keep(&key, body.into_string());
    Ok(page(
        &taal,
        l.t("Missies", "Missions"),
        Nav::Missies,
        PreEscaped(body.to_string()),
    ))
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
    let (snap, versies) = model::sleutel(&state)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let m = o.missie;
    let title = format!(
        "{} — {}",
        missie_label(code, l),
        crate::layout::pick_str(&m.title_nl, &m.title_en, l)
    );
    // The body depends on the register (fixed while serving), the portfolio, the
    // observations and the KPI catalogue only: rendered once per version of each.
    let key = format!("missiepagina/{code}/{}/{versies}", l.code());
    if let Some(body) = snap.get::<String>(&key) {
        return Ok(page(
            &taal,
            &title,
            Nav::Missies,
            PreEscaped(body.to_string()),
        ));
    }
    let view = model::missie(&state, &snap, code)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    let o = &view.overzicht;
    let pipeline = pijplijn::sectie(&view.synthese, register, l);
    // A small map per target with regional values: the indicator page's own map code.
    let mut kaarten = std::collections::BTreeMap::new();
    for d in view
        .voortgang
        .iter()
        .filter(|d| !d.voortgang.reeks.is_empty())
    {
        let v = &d.voortgang;
        let kaart = crate::kpi::indicator::regiokaart(&state, &v.indicator, Default::default(), l);
        if let Some(k) = kaart.await.map_err(|e| PageError::new(&taal, e))? {
            kaarten.insert(v.doel.clone(), k);
        }
    }
    let trajecten = traject::sectie(&view, &kaarten, l);
    // The baseline value as progress reads it (the register holds only the year for most).
    let uitgangswaarden: std::collections::BTreeMap<&str, (i32, f64)> = view
        .voortgang
        .iter()
        .filter_map(|d| Some((d.voortgang.doel.as_str(), d.voortgang.baseline?)))
        .collect();
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
        @for f in &o.formuleringen {
            details.formulering #(format!("formulering-{}", f.id)) {
                summary { (l.t("Andere formulering (2024)", "Other wording (2024)")) }
                p lang="nl" { (f.text_nl) }
                @if l == Lang::En { @if let Some(en) = &f.text_en { p { (en) } } }
                p { (l.t("Bron", "Source")) ": " (bron(&f.source)) }
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
                li { a href="#rocket" { (l.t("ROCKET en de −30", "ROCKET and the −30")) } }
                li { a href=(format!("/rondes?missie={code}")) { (l.t("Prioriteringsrondes", "Prioritisation rounds")) } }
                li { a href=(format!("/missies/{code}/kies")) { (l.t("Kennis- en innovatie-ecosysteem", "Knowledge and innovation ecosystem")) } }
            }
        }
        // The yearly cycle: the programming meeting's agenda and the governance.
        p.jaarcyclus {
            a href=(format!("/missies/{code}/jaaragenda")) { (l.t("Jaaragenda voor het programmeringsoverleg", "Yearly agenda for the programming meeting")) }
            " · " a href="/bestuur" { (l.t("Governance", "Governance")) }
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
                        th scope="row" { a.keten href=(format!("/doelen/{}", d.id)) title=(l.t("De keten van dit doel", "The chain of this target")) { (pick(&d.indicator_nl, &d.indicator_en, l)) } }
                        td { (doel_waarde(d, l)) }
                        td { (match (d.tijdpad.baseline_year(), d.tijdpad.baseline_value(), uitgangswaarden.get(d.id.as_str())) {
                            (Some(y), Some(v), _) => format!("{} ({y})", crate::kpi::getal_in(v, l)),
                            (_, None, Some((y, v))) => format!("{} ({y})", crate::kpi::getal_in((v * 100.0).round() / 100.0, l)),
                            (Some(y), None, None) => format!("{} ({y})", l.t("nog niet gemeten", "not yet measured")),
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
                    "Van input via activiteiten en output naar outcome en impact. Elk blok toont zijn hele tekst; op een smal scherm schuift het diagram opzij, en de tekstversie hieronder leest ook zonder diagram.",
                    "From input through activities and output to outcome and impact. Every box shows all of its text; on a narrow screen the diagram scrolls sideways, and the text version below reads without it.",
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
                    th scope="row" { a href=(format!("/activiteiten/{}", a.id)) { (a.number) } }
                    td { (pick(&a.text_nl, &a.text_en, l)) }
                    td { ul.plain {
                        @if a.all_partners { li { (l.t("alle partners", "all partners")) } }
                        @for id in &a.initiatiefnemers {
                            li lang=[crate::layout::nl(l)] { (register.organisatie(id).map_or(id.to_string(), |o| o.name.to_string())) }
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

        @if !o.programma_bijdragen.is_empty() {
            h3 #programmas { (l.t("Zorgakkoorden en -programma's (000, Tabel 2)", "Care agreements and programmes (000, Table 2)")) }
            ul { @for b in &o.programma_bijdragen {
                li #(format!("programma-{}", b.id)) lang="nl" { (b.text_nl) " — " (bron(&b.source)) }
            } }
        }
        @if code == MissieCode::C { (kia_geheel(register, l)) }

        (pipeline)
        (rocket_sectie(&view.rocket, register, l))
    };
    let body = snap.keep(&key, body.into_string());
    Ok(page(
        &taal,
        &title,
        Nav::Missies,
        PreEscaped(body.to_string()),
    ))
}

/// The mission's ROCKET synthesis: how much of its portfolio states a contribution to the
/// −30 and how it scores on the ROCKET principles, the real projects and the made-up
/// examples apart.
fn rocket_sectie(
    r: &model::RocketView,
    register: &gemeten_domain::Register,
    l: Lang,
) -> maud::Markup {
    let principes =
        gemeten_domain::van_kader(&register.parts().maatstaf, gemeten_domain::Kader::Rocket);
    let getal = |x: Option<f64>| {
        x.map_or("—".to_owned(), |g| {
            crate::kpi::getal_in((g * 10.0).round() / 10.0, l)
        })
    };
    let aandeel = |n: usize, van: usize| {
        if van == 0 {
            "—".to_owned()
        } else {
            format!("{} %", (100.0 * n as f64 / van as f64).round())
        }
    };
    let rijen = [
        (l.t("Echte projecten", "Real projects"), &r.echt),
        (
            l.t("Verzonnen voorbeelden (vb-…)", "Made-up examples (vb-…)"),
            &r.voorbeelden,
        ),
    ];
    html! {
        h2 #rocket { (l.t("ROCKET en de −30", "ROCKET and the −30")) }
        p { (l.t(
            "Hoeveel van de portefeuille van deze missie een bijdrage aan de −30 noemt (doel ",
            "How much of this mission's portfolio states a contribution to the −30 (target ",
        )) a href=(format!("/doelen/{}", r.doel)) { (r.doel) } (l.t(
            "), en hoe de projecten scoren op de ROCKET-principes (gemiddelde van de laatste beoordeling per project, 1-5). Verzonnen voorbeeldprojecten tellen apart.",
            "), and how the projects score on the ROCKET principles (mean of each project's latest assessment, 1-5). Made-up example projects are counted apart.",
        )) " " a href="/maatstaven" { (l.t("De principes", "The principles")) } }
        @if r.echt.projecten + r.voorbeelden.projecten == 0 {
            p.leeg { (l.t("Deze missie heeft nog geen projecten.", "This mission has no projects yet.")) }
        } @else {
            div.scroll { table.rocket {
                thead { tr {
                    th scope="col" { (l.t("Projecten", "Projects")) }
                    th scope="col" .num { (l.t("Aantal", "Number")) }
                    th scope="col" .num { (l.t("Noemen bijdrage aan −30", "State a −30 contribution")) }
                    th scope="col" .num { (l.t("Met ROCKET-beoordeling", "With a ROCKET assessment")) }
                    @for p in &principes {
                        th scope="col" .num { abbr title=(p.name(l)) { (p.letter.as_ref().map_or(p.id.as_str(), |x| x.as_str())) } }
                    }
                    th scope="col" .num { (l.t("Gemiddeld", "Mean")) }
                } }
                tbody { @for (naam, s) in &rijen {
                    tr {
                        th scope="row" { (naam) }
                        td.num { (s.projecten) }
                        td.num { (s.met_bijdrage) " (" (aandeel(s.met_bijdrage, s.projecten)) ")" }
                        td.num { (s.met_rocket) }
                        @for p in &principes {
                            td.num { (getal(s.per_principe.iter().find(|x| x.maatstaf == p.id).and_then(|x| x.gemiddelde))) }
                        }
                        td.num { (getal(s.gemiddelde)) }
                    }
                } }
            } }
            @if r.echt.met_rocket + r.voorbeelden.met_rocket == 0 {
                p.leeg { (l.t(
                    "Nog geen project van deze missie is op ROCKET beoordeeld: een beoordeling begint op de projectpagina.",
                    "No project of this mission has been assessed on ROCKET yet: an assessment starts on the project page.",
                )) }
            }
        }
    }
}

/// On the central mission's page: what 000 sets for the KIA as a whole — its priorities and
/// its key figures (the inputs of Figure 4, the results of 2020-2023), beside the KPIs.
fn kia_geheel(register: &gemeten_domain::Register, l: Lang) -> maud::Markup {
    let p = register.parts();
    html! {
        (section_head("prioriteiten", l.t("Prioriteiten van de KIA", "Priorities of the KIA"), p.prioriteit.len(), l))
        div.scroll { table {
            thead { tr {
                th scope="col" { (l.t("Nr.", "No.")) }
                th scope="col" { (l.t("Prioriteit", "Priority")) }
                th scope="col" { (l.t("Initiatiefnemers", "Initiators")) }
                th scope="col" { (l.t("Bron", "Source")) }
            } }
            tbody { @for x in &p.prioriteit { tr #(format!("prioriteit-{}", x.id)) {
                th scope="row" { (x.number.as_ref().map_or("•", |n| n.as_str())) }
                td { (pick(&x.text_nl, &x.text_en, l)) }
                td { ul.plain {
                    @if x.all_partners { li { (l.t("alle partners", "all partners")) } }
                    @for id in &x.initiatiefnemers {
                        li { (register.organisatie(id).map_or(id.to_string(), |o| o.name.to_string())) }
                    }
                } }
                td { (bron(&x.source)) }
            } } }
        } }
        (section_head("kengetallen", l.t("Kengetallen: middelen en resultaten", "Key figures: resources and results"), p.kengetal.len(), l))
        div.scroll { table {
            thead { tr {
                th scope="col" { (l.t("Soort", "Kind")) }
                th scope="col" { (l.t("Kengetal", "Key figure")) }
                th scope="col" { (l.t("Periode", "Period")) }
                th scope="col" { (l.t("Bron", "Source")) }
            } }
            tbody { @for k in &p.kengetal { tr #(format!("kengetal-{}", k.id)) {
                td { (k.kind.label(l)) }
                td { (pick(&k.text_nl, &k.text_en, l)) }
                td { (k.years.map_or(String::new(), |(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") })) }
                td { (bron(&k.source)) }
            } } }
        } }
    }
}

/// `GET /api/v1/missies`: the overview's view model.
async fn missies(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (snap, versies) = model::sleutel(&state).await?;
    let key = format!("overzicht-json/{versies}");
    json_van(&snap, &key, || async {
        let m = model::overzicht(&state, &snap, &versies).await?;
        serde_json::to_string(&*m).map_err(|e| ApiError::Internal(e.to_string()))
    })
    .await
}

/// A JSON body kept in the snapshot under `key`, made by `f` the first time.
async fn json_van<F, Fut>(
    snap: &crate::projecten::portefeuille::Snapshot,
    key: &str,
    f: F,
) -> Result<Response, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<String, ApiError>>,
{
    let body = match snap.get::<String>(key) {
        Some(b) => b,
        None => snap.keep(key, f().await?),
    };
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response())
}

pub(crate) fn mission_not_found(code: impl std::fmt::Display) -> ApiError {
    ApiError::niet_gevonden("code", "missie", "mission", code)
}

/// `GET /api/v1/missies/{code}`: the mission page's view model.
async fn api_missie(
    State(state): State<AppState>,
    MissiePad(code): MissiePad,
) -> Result<Response, ApiError> {
    if state.register.missie(code).is_none() {
        return Err(mission_not_found(code));
    }
    let (snap, versies) = model::sleutel(&state).await?;
    let key = format!("missie-json/{code}/{versies}");
    json_van(&snap, &key, || async {
        let view = model::missie(&state, &snap, code).await?;
        serde_json::to_string(&view).map_err(|e| ApiError::Internal(e.to_string()))
    })
    .await
}
