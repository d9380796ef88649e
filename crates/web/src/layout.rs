//! The page shell (skip link, header, navigation, main) and small rendering helpers.

use axum::http::header::{HeaderValue, SET_COOKIE};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use gemeten_domain::{Bron, MissieCode, Tekst};

use crate::error::ApiError;
use crate::extract::Taal;
use crate::Lang;

/// Which navigation item the page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Missies,
    Projecten,
    Kpi,
    Gebieden,
    Innovaties,
    Rondes,
    Beheer,
    Geen,
}

pub fn shell(taal: &Taal, title: &str, nav: Nav, body: Markup) -> Markup {
    let l = taal.lang;
    let other = match l {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    };
    let current = |n: Nav| (n == nav).then_some("page");
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — gemeten" }
                link rel="stylesheet" href="/static/gemeten.css";
            }
            body {
                a.skip href="#inhoud" { (l.t("Direct naar de inhoud", "Skip to main content")) }
                header.site {
                    div.wrap {
                        a.brand href="/" { "gemeten" }
                        span.tagline { (l.t("Missies Gezondheid & Zorg", "Health & Care missions")) }
                        // A plain GET form: searching works without JavaScript.
                        form.zoek-kop role="search" method="get" action="/zoeken" {
                            label.visually-hidden for="kop-q" { (l.t("Zoeken op de site", "Search the site")) }
                            input #kop-q type="search" name="q" placeholder=(l.t("Zoeken…", "Search…"));
                            @if l == Lang::En { input type="hidden" name="lang" value="en"; }
                            button type="submit" { (l.t("Zoeken", "Search")) }
                        }
                        nav aria-label=(l.t("Hoofdmenu", "Main menu")) {
                            ul {
                                li { a href="/" aria-current=[current(Nav::Missies)] { (l.t("Missies", "Missions")) } }
                                li { a href="/projecten" aria-current=[current(Nav::Projecten)] { (l.t("Projecten", "Projects")) } }
                                li { a href="/kpi" aria-current=[current(Nav::Kpi)] { "KPI" } }
                                li { a href="/gebieden" aria-current=[current(Nav::Gebieden)] { (l.t("Gebieden", "Areas")) } }
                                li { a href="/innovaties" aria-current=[current(Nav::Innovaties)] { (l.t("Innovaties", "Innovations")) } }
                                li { a href="/rondes" aria-current=[current(Nav::Rondes)] { (l.t("Rondes", "Rounds")) } }
                                li { a href="/api" { "API" } }
                                (wie(taal))
                                li.taal {
                                    a href=(taal.switch(other)) lang=(other.code()) hreflang=(other.code()) {
                                        (other.t("Nederlands", "English"))
                                    }
                                }
                            }
                        }
                    }
                }
                main #inhoud tabindex="-1" {
                    div.wrap { (body) }
                }
                footer.site {
                    div.wrap {
                        p { (l.t(
                            "Elk gegeven uit de missiedocumenten staat er met het document en de regels waar het vandaan komt. Verzonnen voorbeelden (projecten, stembiljetten, synthetische waarden) zijn als voorbeeld gemarkeerd.",
                            "Every fact from the mission documents is shown with the document and lines it comes from. Made-up examples (projects, ballots, synthetic values) are marked as examples."
                        )) }
                        p { a href="/api" { (l.t("API-documentatie", "API documentation")) } }
                    }
                }
            }
        }
    }
}

/// The header's account item: who is logged in (name, role) with the logout button, and the
/// user management for administrators; or the login link.
fn wie(taal: &Taal) -> Markup {
    let l = taal.lang;
    html! {
        @match &taal.wie {
            Some(w) => {
                @if w.role == gemeten_domain::Rol::Admin {
                    li { a href="/beheer/gebruikers" { (l.t("Gebruikers", "Users")) } }
                    li { a href="/beheer/audit" { (l.t("Auditlog", "Audit log")) } }
                }
                li.wie {
                    span { (w.name) " (" (w.role) ")" }
                    " " a href="/wachtwoord" { (l.t("Wachtwoord", "Password")) }
                    @if let Some(csrf) = &w.csrf {
                        form.uitloggen method="post" action="/uitloggen" {
                            input type="hidden" name="csrf" value=(csrf);
                            button type="submit" { (l.t("Uitloggen", "Log out")) }
                        }
                    }
                }
            }
            None => li { a href="/inloggen" { (l.t("Inloggen", "Log in")) } },
        }
    }
}

/// A page response; sets the `lang` cookie when `?lang=` chose the language.
pub fn page(taal: &Taal, title: &str, nav: Nav, body: Markup) -> Response {
    let mut response = Html(shell(taal, title, nav, body).into_string()).into_response();
    if taal.chosen {
        let cookie = format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            taal.lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(SET_COOKIE, v);
        }
    }
    response
}

/// An error as a page: 400, 404 or 500 with the message in the page's language.
pub struct PageError {
    pub taal: Taal,
    pub error: ApiError,
}

impl PageError {
    pub fn new(taal: &Taal, error: impl Into<ApiError>) -> PageError {
        PageError {
            taal: taal.clone(),
            error: error.into(),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let l = self.taal.lang;
        let status = self.error.status();
        let title = match status {
            StatusCode::NOT_FOUND => l.t("Niet gevonden", "Not found"),
            StatusCode::BAD_REQUEST => l.t("Ongeldige invoer", "Invalid input"),
            StatusCode::UNAUTHORIZED => l.t("Inloggen nodig", "Login required"),
            StatusCode::FORBIDDEN => l.t("Geen toegang", "Access denied"),
            StatusCode::CONFLICT => l.t("Bestaat al", "Already exists"),
            StatusCode::SERVICE_UNAVAILABLE => l.t("Even geduld", "One moment"),
            _ => l.t("Er ging iets mis", "Something went wrong"),
        };
        if let ApiError::Internal(e) = &self.error {
            eprintln!("gemeten-web: {e}");
        }
        let message = match &self.error {
            ApiError::Internal(_) => l
                .t(
                    "De server kon deze pagina niet maken.",
                    "The server could not make this page.",
                )
                .to_owned(),
            // The whole refusal, field included: a page has no input to put it next to.
            ApiError::BadParam(p) | ApiError::Unprocessable(p) => p.tekst(l),
            e => e.message(l),
        };
        let body = html! {
            h1 { (title) }
            p { (message) }
            p { a href="/" { (l.t("Naar het overzicht van de missies", "To the overview of the missions")) } }
        };
        let mut response = page(&self.taal, title, Nav::Geen, body);
        *response.status_mut() = status;
        if matches!(self.error, ApiError::Busy | ApiError::Opbouwen) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(crate::error::RETRY_AFTER_SECONDS),
            );
        }
        response
    }
}

/// The text in the page's language when there is one; otherwise the Dutch text, marked as
/// Dutch for screen readers.
pub fn pick(nl: &Tekst, en: &Option<Tekst>, l: Lang) -> Markup {
    match (l, en) {
        (Lang::En, Some(en)) => html! { (en.as_str()) },
        (Lang::En, None) => html! { span lang="nl" { (nl.as_str()) } },
        _ => html! { (nl.as_str()) },
    }
}

pub fn pick_str<'a>(nl: &'a Tekst, en: &'a Option<Tekst>, l: Lang) -> &'a str {
    l.pick(nl.as_str(), en.as_ref().map(Tekst::as_str))
}

/// A source: document, section and lines, as the (Dutch) document names them.
pub fn bron(b: &Bron) -> Markup {
    html! { cite.bron lang="nl" { (b.to_string()) } }
}

/// `lang="nl"` for Dutch text (names, titles as given) on an English page; nothing on a
/// Dutch one.
pub fn nl(l: Lang) -> Option<&'static str> {
    (l == Lang::En).then_some("nl")
}

pub fn missie_label(code: MissieCode, l: Lang) -> &'static str {
    match l {
        Lang::Nl => code.label_nl(),
        Lang::En => code.label_en(),
    }
}

/// Whether a project is one of the made-up examples that a new installation starts with
/// (ids `vb-…`, from `data/voorbeeld/projecten.csv`).
pub fn voorbeeld(id: &str) -> bool {
    id.starts_with("vb-")
}

/// The label after an example project's title, wherever it shows.
pub fn voorbeeld_label(id: &str, l: Lang) -> Markup {
    html! { @if voorbeeld(id) { " " span.vb-label { (l.t("verzonnen voorbeeld", "made-up example")) } } }
}

/// Why a value is unknown, Dutch and English: said once beside the value on a fact list, or
/// under a table whose cells say only "onbekend".
#[derive(Debug, Clone, Copy)]
pub struct Waarom(pub &'static str, pub &'static str);

/// The innovations of 002: the document draws the phases in its figure 4.1 and gives TRL
/// and SEL nowhere as text, so the register leaves them empty rather than guess.
pub const WAAROM_002: Waarom = Waarom(
    "002 tekent de fasen alleen in figuur 4.1 en noemt TRL en SEL niet in de tekst; het register raadt ze niet",
    "002 draws the phases only in its figure 4.1 and gives TRL and SEL nowhere in its text; the register does not guess them",
);
/// A project's own facts that its record leaves empty.
pub const WAAROM_PROJECT: Waarom = Waarom(
    "niet opgegeven voor dit project",
    "not given for this project",
);

/// A value, or "onbekend" (never a bare "?") where it is missing.
pub fn onb<T: std::fmt::Display>(v: Option<T>, l: Lang) -> Markup {
    match v {
        Some(v) => html! { (v.to_string()) },
        None => html! { span.onbekend { (l.t("onbekend", "unknown")) } },
    }
}

/// The reason beside or under unknown values.
pub fn waarom(w: Waarom, l: Lang) -> Markup {
    html! { span.waarom { "(" (l.t("onbekend: ", "unknown: ")) (l.t(w.0, w.1)) ")" } }
}

/// A section heading with its count, and "none yet" when empty.
pub fn section_head(id: &str, title: &str, n: usize, l: Lang) -> Markup {
    html! {
        h2 #(id) { (title) " " span.count { "(" (n) ")" } }
        @if n == 0 {
            p.leeg { (l.t("Nog niets vastgelegd.", "Nothing recorded yet.")) }
        }
    }
}
