//! Logging in and out, and the administrator's pages (users, the audit log, KPIs).

use axum::extract::State;
use axum::http::header::{LOCATION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use gemeten_store::random_token;

use crate::auth::{
    cookie, secret_cookie, set_cookie, Adres, Gebruiker, Via, CSRF_COOKIE, CSRF_FIELD,
    SESSION_COOKIE, SESSION_SECONDS,
};
use crate::error::ApiError;
use crate::extract::Taal;
use crate::layout::{page, Nav, PageError};
use crate::routes::Routes;
use crate::AppState;
use gemeten_app::{Inlogd, DREMPELS};

pub(crate) mod audit;
pub(crate) mod gebruiker;
pub(crate) mod gebruikers;
pub(crate) mod kpis;
pub(crate) mod tokens;

pub(crate) fn api(r: Routes) -> Routes {
    r.post("/tokens", tokens::create_token)
        .get("/tokens", tokens::list)
        .delete("/tokens/{id}", tokens::revoke)
        .get("/gebruikers", gebruikers::api_list)
        .post("/gebruikers", gebruikers::api_create)
}

pub(crate) fn pages(r: Routes) -> Routes {
    kpis::pages(gebruiker::pages(gebruikers::pages(r)))
        .get("/inloggen", login_form)
        .post("/inloggen", login)
        .post("/uitloggen", logout)
        .get("/beheer/audit", audit::pagina)
}

/// A hidden field with the CSRF token; every form has one.
pub(crate) fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

fn logout_form(csrf: &str, taal: &Taal) -> Markup {
    html! {
        form method="post" action="/uitloggen" {
            (csrf_field(csrf))
            button type="submit" { (taal.lang.t("Uitloggen", "Log out")) }
        }
    }
}

fn login_page(
    state: &AppState,
    taal: &Taal,
    gebruiker: &Gebruiker,
    visitor_csrf: Option<String>,
    message: Option<&str>,
) -> Response {
    let l = taal.lang;
    let title = l.t("Inloggen", "Log in");
    if let (Some(account), Some(csrf)) = (&gebruiker.account, gebruiker.csrf()) {
        let body = html! {
            h1 { (title) }
            p { (l.t("Ingelogd als", "Logged in as")) " " strong { (account.display_name) }
                " (" (account.username) ", " (account.role()) ")" }
            (logout_form(csrf, taal))
        };
        return page(taal, title, Nav::Geen, body);
    }
    // A visitor without a session: the form carries the CSRF cookie's value (double submit).
    let (csrf, new) = match visitor_csrf {
        Some(c) => (c, false),
        None => (random_token(), true),
    };
    let body = html! {
        h1 { (title) }
        @if let Some(m) = message { p.fout role="alert" { (m) } }
        form method="post" action="/inloggen" {
            (csrf_field(&csrf))
            p { label for="username" { (l.t("Gebruikersnaam", "Username")) } br;
                input #username type="text" name="username" autocomplete="username" required; }
            p { label for="password" { (l.t("Wachtwoord", "Password")) } br;
                input #password type="password" name="password" autocomplete="current-password" required; }
            p { button type="submit" { (title) } }
        }
    };
    let mut response = page(taal, title, Nav::Geen, body);
    if new {
        set_cookie(
            &mut response,
            secret_cookie(state, CSRF_COOKIE, &csrf, SESSION_SECONDS),
        );
    }
    response
}

async fn login_form(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    headers: axum::http::HeaderMap,
) -> Response {
    let visitor = cookie(&headers, CSRF_COOKIE);
    login_page(&state, &taal, &gebruiker, visitor, None)
}

#[derive(Deserialize)]
struct Login {
    username: String,
    password: String,
}

/// Checks the password (the CSRF token was checked by the guard) in three steps, so that
/// the password hash is computed on the blocking pool without a store connection: the
/// throttle counts and the stored hash are read, the password is verified, and the session
/// is started or the failure recorded. On success a new session and a redirect to the
/// overview; a wrong password 401 with the form again; too many failures 429 with
/// `Retry-After`.
async fn login(
    State(state): State<AppState>,
    taal: Taal,
    adres: Adres,
    headers: axum::http::HeaderMap,
    Form(form): Form<Login>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let username = form.username.trim().to_owned();
    let password = form.password;
    let poging = state
        .with_app(move |s| {
            gemeten_app::inloggen_voorbereiden(s, &username, adres.0.as_deref(), DREMPELS)
        })
        .await
        .map_err(fail)?;
    let controle = tokio::task::spawn_blocking(move || poging.controleer(&password))
        .await
        .map_err(|e| fail(ApiError::Internal(e.to_string())))?;
    let uitkomst = state
        .schrijf(move |s, _| gemeten_app::inloggen_afronden(s, controle, SESSION_SECONDS))
        .await
        .map_err(fail)?;
    let session = match uitkomst {
        Inlogd::Gelukt(_, sessie) => sessie,
        Inlogd::Mislukt => {
            let m = taal.lang.t(
                "Onbekende gebruikersnaam of onjuist wachtwoord.",
                "Unknown username or wrong password.",
            );
            return Ok(refused(
                &state,
                &taal,
                &headers,
                StatusCode::UNAUTHORIZED,
                m,
                None,
            ));
        }
        Inlogd::Geblokkeerd { seconden } => {
            let m = taal.lang.t(
                "Te veel mislukte pogingen om in te loggen. Probeer het over een kwartier opnieuw.",
                "Too many failed attempts to log in. Try again in a quarter of an hour.",
            );
            return Ok(refused(
                &state,
                &taal,
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                m,
                Some(seconden),
            ));
        }
    };
    let mut response = StatusCode::SEE_OTHER.into_response();
    response
        .headers_mut()
        .insert(LOCATION, HeaderValue::from_static("/"));
    set_cookie(
        &mut response,
        secret_cookie(&state, SESSION_COOKIE, &session.token, SESSION_SECONDS),
    );
    Ok(response)
}

/// The login form again with why the login failed; `Retry-After` when throttled.
fn refused(
    state: &AppState,
    taal: &Taal,
    headers: &axum::http::HeaderMap,
    status: StatusCode,
    message: &str,
    retry_after: Option<i64>,
) -> Response {
    let anonymous = Gebruiker {
        account: None,
        via: Via::Geen,
    };
    let mut response = login_page(
        state,
        taal,
        &anonymous,
        cookie(headers, CSRF_COOKIE),
        Some(message),
    );
    *response.status_mut() = status;
    if let Some(s) = retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
        response.headers_mut().insert(RETRY_AFTER, s);
    }
    response
}

async fn logout(State(state): State<AppState>, taal: Taal, gebruiker: Gebruiker) -> Response {
    if let Via::Sessie { token, .. } = gebruiker.via {
        state.aanmeldingen.vergeet_sessie(&token);
        if let Err(e) = state
            .schrijf(move |s, _| gemeten_app::uitloggen(s, &token))
            .await
        {
            return PageError::new(&taal, e).into_response();
        }
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    response
        .headers_mut()
        .insert(LOCATION, HeaderValue::from_static("/"));
    set_cookie(&mut response, secret_cookie(&state, SESSION_COOKIE, "", 0));
    response
}
