//! One user, for administrators (`/beheer/gebruikers/{username}`): their details, a form to
//! change name and role (with organisation or mission), disable or enable, end their
//! sessions, set a new password, make an API token, delete (anonymise); and their audit
//! trail. And `/wachtwoord`, where anyone logged in changes their own password. Every form is
//! an adapter of a use case in `gemeten_app::gebruikersbeheer`, whose rules the CLI's
//! `gemeten user …` shares.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use maud::{html, Markup};

use gemeten_app::{GebruikerWijziging, NieuwWachtwoord, DREMPELS};
use gemeten_domain::{AccountStand, ApiToken, AuditRegel, Rol};
use gemeten_store::AccountStore;

use crate::auth::{secret_cookie, set_cookie, Adres, Gebruiker, SESSION_COOKIE};
use crate::beheer::csrf_field;
use crate::beheer::gebruikers::role_label;
use crate::error::{onleesbaar, ApiError};
use crate::extract::Taal;
use crate::layout::{missie_label, page, Nav, PageError};
use crate::routes::Routes;
use crate::AppState;

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/beheer/gebruikers/{username}", toon)
        .post("/beheer/gebruikers/{username}", wijzigen)
        .post("/beheer/gebruikers/{username}/uitschakelen", uitschakelen)
        .post("/beheer/gebruikers/{username}/inschakelen", inschakelen)
        .post("/beheer/gebruikers/{username}/sessies", sessies)
        .post("/beheer/gebruikers/{username}/wachtwoord", wachtwoord)
        .post("/beheer/gebruikers/{username}/token", token)
        .post("/beheer/gebruikers/{username}/verwijderen", verwijderen)
        .get("/wachtwoord", eigen_formulier)
        .post("/wachtwoord", eigen_wijzigen)
}

type Velden = Result<Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>;

fn veld(form: &[(String, String)], name: &str) -> Option<String> {
    form.iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

struct Gegevens {
    stand: AccountStand,
    trail: Vec<AuditRegel>,
    tokens: Vec<ApiToken>,
}

async fn gegevens(state: &AppState, username: &str) -> Result<Gegevens, ApiError> {
    let u = username.to_owned();
    let (stand, trail, tokens) = state
        .with_store(move |s| {
            Ok((
                s.user_state(&u)?,
                s.audit_log_of(&u, 100)?,
                s.api_tokens(Some(&u))?,
            ))
        })
        .await?;
    let stand =
        stand.ok_or_else(|| ApiError::niet_gevonden("username", "gebruiker", "user", username))?;
    Ok(Gegevens {
        stand,
        trail,
        tokens,
    })
}

/// The page of one user, with a message at the top (what was done, or why not).
async fn user_page(
    state: &AppState,
    taal: &Taal,
    gebruiker: &Gebruiker,
    username: &str,
    message: Option<Markup>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(taal, e);
    gebruiker.require(&[Rol::Admin]).map_err(fail)?;
    let g = gegevens(state, username).await.map_err(fail)?;
    let l = taal.lang;
    let a = &g.stand.account;
    let title = format!("{} {}", l.t("Gebruiker", "User"), a.username);
    let base = format!("/beheer/gebruikers/{}", a.username);
    let csrf = gebruiker.csrf();
    let status_text = match (&g.stand.deleted_at, &g.stand.disabled_at) {
        (Some(at), _) => format!("{} {at}", l.t("verwijderd op", "deleted on")),
        (None, Some(at)) => format!("{} {at}", l.t("uitgeschakeld sinds", "disabled since")),
        _ => l.t("actief", "active").to_owned(),
    };
    let body = html! {
        h1 { (title) }
        @if let Some(m) = message { (m) }
        dl.feiten {
            dt { (l.t("Naam", "Name")) } dd { (a.display_name) }
            dt { (l.t("Rol", "Role")) } dd { (role_label(a.role(), l)) }
            dt { (l.t("Organisatie", "Organisation")) } dd { (a.organisation().unwrap_or("—")) }
            dt { (l.t("Missie", "Mission")) } dd { (a.missie().map_or("—", |m| m.code())) }
            dt { (l.t("Aangemaakt", "Created")) } dd { (g.stand.created_at) }
            dt { (l.t("Status", "Status")) } dd { (status_text) }
            dt { (l.t("API-tokens", "API tokens")) } dd { (g.tokens.len()) }
        }
        @if let (Some(csrf), None) = (csrf, &g.stand.deleted_at) {
            h2 { (l.t("Gegevens en rol wijzigen", "Change details and role")) }
            form.bewerken method="post" action=(base) {
                (csrf_field(csrf))
                label for="display_name" { (l.t("Naam", "Name")) }
                input #display_name name="display_name" value=(a.display_name);
                label for="role" { (l.t("Rol", "Role")) }
                select #role name="role" {
                    @for r in Rol::ALL {
                        option value=(r.code()) selected[a.role() == r] { (role_label(r, l)) }
                    }
                }
                label for="organisation" { (l.t("Organisatie (bijdrager)", "Organisation (contributor)")) }
                input #organisation name="organisation" value=(a.organisation().unwrap_or(""));
                label for="missie" { (l.t("Missie (missieteam)", "Mission (mission team)")) }
                select #missie name="missie" {
                    option value="" { "—" }
                    @for m in state.register.missies() {
                        option value=(m.code) selected[a.missie() == Some(m.code)] { (missie_label(m.code, l)) }
                    }
                }
                p.knoppen { button type="submit" { (l.t("Opslaan", "Save")) } }
            }
            h2 { (l.t("Toegang", "Access")) }
            @if g.stand.disabled_at.is_none() {
                form method="post" action=(format!("{base}/uitschakelen")) {
                    (csrf_field(csrf))
                    p { (l.t(
                        "Uitschakelen beëindigt meteen alle sessies en trekt alle API-tokens in.",
                        "Disabling ends every session and revokes every API token at once."
                    )) }
                    button type="submit" { (l.t("Uitschakelen", "Disable")) }
                }
            } @else {
                form method="post" action=(format!("{base}/inschakelen")) {
                    (csrf_field(csrf))
                    button type="submit" { (l.t("Weer inschakelen", "Enable again")) }
                }
            }
            form method="post" action=(format!("{base}/sessies")) {
                (csrf_field(csrf))
                button type="submit" { (l.t("Alle sessies beëindigen", "End every session")) }
            }
            form.bewerken method="post" action=(format!("{base}/wachtwoord")) {
                (csrf_field(csrf))
                label for="password" { (l.t("Nieuw wachtwoord (leeg: gemeten maakt er een)", "New password (empty: gemeten makes one)")) }
                input #password name="password" type="password" autocomplete="new-password" minlength="8";
                p.knoppen { button type="submit" { (l.t("Wachtwoord instellen", "Set password")) } }
            }
            form.bewerken method="post" action=(format!("{base}/token")) {
                (csrf_field(csrf))
                label for="days" { (l.t("Geldig (dagen)", "Valid (days)")) }
                input #days name="days" type="number" min="1" max="3650" value=(state.token_days);
                p.knoppen { button type="submit" { (l.t("API-token maken", "Make an API token")) } }
            }
            h2 { (l.t("Verwijderen", "Delete")) }
            form method="post" action=(format!("{base}/verwijderen")) {
                (csrf_field(csrf))
                p { (l.t(
                    "Verwijderen haalt naam, rol en wachtwoord weg; de gebruikersnaam blijft in het auditlog staan en kan niet opnieuw worden gebruikt.",
                    "Deleting removes name, role and password; the username stays in the audit log and cannot be used again."
                )) }
                p { input #bevestig type="checkbox" name="bevestig" value="ja" required;
                    " " label for="bevestig" { (l.t("Ik weet het zeker", "I am sure")) } }
                button type="submit" { (l.t("Verwijderen", "Delete")) }
            }
        }
        h2 { (l.t("Audittrail", "Audit trail")) }
        @if g.trail.is_empty() { p.leeg { (l.t("Nog niets vastgelegd.", "Nothing recorded yet.")) } }
        @else {
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Wanneer", "When")) }
                    th scope="col" { (l.t("Wie", "Who")) }
                    th scope="col" { (l.t("Actie", "Action")) }
                    th scope="col" { (l.t("Object", "Object")) }
                } }
                tbody { @for r in &g.trail { tr {
                    td { time datetime=(r.at) { (r.at) } }
                    td { (r.by) }
                    td { (r.action) }
                    td { (r.object) }
                } } }
            } }
        }
        p { a href="/beheer/gebruikers" { (l.t("Alle gebruikers", "All users")) } }
    };
    let mut response = page(taal, &title, Nav::Geen, body);
    *response.status_mut() = status;
    Ok(response)
}

async fn toon(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(username): Path<String>,
) -> Result<Response, PageError> {
    user_page(&state, &taal, &gebruiker, &username, None, StatusCode::OK).await
}

/// The page again after a use case: its message (200) or its refusal — 400 or 409 next to
/// the form; 401, 403 (recorded by the use case) and 404 as an error page.
async fn na<T>(
    state: &AppState,
    taal: &Taal,
    gebruiker: &Gebruiker,
    username: &str,
    outcome: Result<T, ApiError>,
    done: impl FnOnce(T) -> Markup,
) -> Result<Response, PageError> {
    let (message, status) = match outcome {
        Ok(v) => (done(v), StatusCode::OK),
        Err(e @ (ApiError::BadParam(_) | ApiError::Unprocessable(_) | ApiError::Conflict(_))) => (
            html! { p.fout role="alert" { @if let Some(f) = e.field() { code { (f) } ": " } (e.message(taal.lang)) } },
            e.status(),
        ),
        Err(e) => return Err(PageError::new(taal, e)),
    };
    user_page(state, taal, gebruiker, username, Some(message), status).await
}

fn gedaan(text: &str) -> Markup {
    html! { p role="status" { (text) } }
}

async fn wijzigen(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(username): Path<String>,
    form: Velden,
) -> Result<Response, PageError> {
    let by = gebruiker
        .account()
        .map_err(|e| PageError::new(&taal, e))?
        .clone();
    let Form(f) = form.map_err(|e| PageError::new(&taal, onleesbaar("body", e.body_text())))?;
    let w = GebruikerWijziging {
        display_name: veld(&f, "display_name"),
        role: veld(&f, "role").unwrap_or_default(),
        organisation: veld(&f, "organisation"),
        missie: veld(&f, "missie"),
    };
    let u = username.clone();
    let outcome = state
        .schrijf(move |s, register| gemeten_app::change_user(s, register, &by, &u, &w))
        .await;
    let l = taal.lang;
    na(&state, &taal, &gebruiker, &username, outcome, |_| {
        gedaan(l.t("Gegevens opgeslagen.", "Details saved."))
    })
    .await
}

async fn uitschakelen(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(username): Path<String>,
) -> Result<Response, PageError> {
    let by = gebruiker
        .account()
        .map_err(|e| PageError::new(&taal, e))?
        .clone();
    let u = username.clone();
    let outcome = state
        .schrijf(move |s, _| gemeten_app::disable_user(s, &by, &u))
        .await;
    let l = taal.lang;
    na(&state, &taal, &gebruiker, &username, outcome, |d| {
        gedaan(&format!(
            "{} {} {}, {} {}.",
            l.t("Uitgeschakeld:", "Disabled:"),
            d.sessies,
            l.t("sessies beëindigd", "sessions ended"),
            d.tokens,
            l.t("API-tokens ingetrokken", "API tokens revoked"),
        ))
    })
    .await
}

async fn inschakelen(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(username): Path<String>,
) -> Result<Response, PageError> {
    let by = gebruiker
        .account()
        .map_err(|e| PageError::new(&taal, e))?
        .clone();
    let u = username.clone();
    let outcome = state
        .schrijf(move |s, _| gemeten_app::enable_user(s, &by, &u))
        .await;
    let l = taal.lang;
    na(&state, &taal, &gebruiker, &username, outcome, |_| {
        gedaan(l.t("Weer ingeschakeld.", "Enabled again."))
    })
    .await
}

async fn sessies(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(username): Path<String>,
) -> Result<Response, PageError> {
    let by = gebruiker
        .account()
        .map_err(|e| PageError::new(&taal, e))?
        .clone();
    let u = username.clone();
    let outcome = state
        .schrijf(move |s, _| gemeten_app::revoke_sessions(s, &by, &u))
        .await;
    let l = taal.lang;
    na(&state, &taal, &gebruiker, &username, outcome, |n| {
        gedaan(&format!(
            "{n} {}",
            l.t("sessies beëindigd.", "sessions ended.")
        ))
    })
    .await
}

/// A new password made (and hashed) on the blocking pool without a store connection.
async fn nieuw_wachtwoord(given: Option<String>) -> Result<NieuwWachtwoord, ApiError> {
    tokio::task::spawn_blocking(move || NieuwWachtwoord::maak(given.as_deref()))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::from)
}

async fn wachtwoord(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(username): Path<String>,
    form: Velden,
) -> Result<Response, PageError> {
    let by = gebruiker
        .account()
        .map_err(|e| PageError::new(&taal, e))?
        .clone();
    let Form(f) = form.map_err(|e| PageError::new(&taal, onleesbaar("body", e.body_text())))?;
    let outcome = match nieuw_wachtwoord(veld(&f, "password")).await {
        Ok(nieuw) => {
            let u = username.clone();
            state
                .schrijf(move |s, _| {
                    gemeten_app::change_password(s, &by, &u, &nieuw, None).map(|()| nieuw)
                })
                .await
        }
        Err(e) => Err(e),
    };
    let l = taal.lang;
    na(&state, &taal, &gebruiker, &username, outcome, |nieuw| {
        html! { p role="status" {
            (l.t("Wachtwoord ingesteld; de sessies van deze gebruiker zijn beëindigd.", "Password set; this user's sessions have ended."))
            @if nieuw.generated {
                " " (l.t("Nieuw wachtwoord:", "New password:")) " " code { (nieuw.password) } " — "
                (l.t("geef het door; het wordt niet opnieuw getoond.", "pass it on; it is not shown again."))
            }
        } }
    })
    .await
}

async fn token(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(username): Path<String>,
    form: Velden,
) -> Result<Response, PageError> {
    let by = gebruiker
        .account()
        .map_err(|e| PageError::new(&taal, e))?
        .clone();
    let Form(f) = form.map_err(|e| PageError::new(&taal, onleesbaar("body", e.body_text())))?;
    let days = match veld(&f, "days").filter(|d| !d.trim().is_empty()) {
        None => Ok(state.token_days),
        Some(d) => d.trim().parse::<u32>().map_err(|_| {
            // en: a number of days
            ApiError::from(gemeten_domain::Probleem::bij_veld(
                "days",
                "een aantal dagen",
                "a number of days",
            ))
        }),
    };
    let outcome = match days {
        Ok(days) => {
            let u = username.clone();
            state
                .schrijf(move |s, _| gemeten_app::create_token(s, &by, &u, days))
                .await
        }
        Err(e) => Err(e),
    };
    let l = taal.lang;
    na(&state, &taal, &gebruiker, &username, outcome, |t| {
        html! { p role="status" {
            (l.t("API-token:", "API token:")) " " code { (t.token) } " — "
            (l.t("geldig tot", "valid until")) " " (t.expires_at) ". "
            (l.t("Geef het door; het wordt niet opnieuw getoond.", "Pass it on; it is not shown again."))
        } }
    })
    .await
}

async fn verwijderen(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(username): Path<String>,
    form: Velden,
) -> Result<Response, PageError> {
    let by = gebruiker
        .account()
        .map_err(|e| PageError::new(&taal, e))?
        .clone();
    let Form(f) = form.map_err(|e| PageError::new(&taal, onleesbaar("body", e.body_text())))?;
    let outcome = if veld(&f, "bevestig").as_deref() == Some("ja") {
        let u = username.clone();
        state
            .schrijf(move |s, _| gemeten_app::delete_user(s, &by, &u))
            .await
    } else {
        // en: tick the box to confirm
        Err(gemeten_domain::Probleem::bij_veld(
            "bevestig",
            "vink het vakje aan om te bevestigen",
            "tick the box to confirm",
        )
        .into())
    };
    let l = taal.lang;
    na(&state, &taal, &gebruiker, &username, outcome, |_| {
        gedaan(l.t("Gebruiker verwijderd.", "User deleted."))
    })
    .await
}

fn eigen_pagina(
    taal: &Taal,
    gebruiker: &Gebruiker,
    message: Option<Markup>,
    status: StatusCode,
) -> Response {
    let l = taal.lang;
    let title = l.t("Wachtwoord wijzigen", "Change password");
    let body = html! {
        h1 { (title) }
        @if let Some(m) = message { (m) }
        @if let Some(csrf) = gebruiker.csrf() {
            form.bewerken method="post" action="/wachtwoord" {
                (csrf_field(csrf))
                label for="current_password" { (l.t("Huidig wachtwoord", "Current password")) }
                input #current_password name="current_password" type="password" autocomplete="current-password" required;
                label for="password" { (l.t("Nieuw wachtwoord (minstens 8 tekens)", "New password (at least 8 characters)")) }
                input #password name="password" type="password" autocomplete="new-password" minlength="8" required;
                p { (l.t("Daarna log je opnieuw in; je andere sessies worden beëindigd.", "Then you log in again; your other sessions end.")) }
                p.knoppen { button type="submit" { (title) } }
            }
        } @else {
            p { (l.t("Log in met een sessie om je wachtwoord te wijzigen.", "Log in with a session to change your password.")) }
        }
    };
    let mut response = page(taal, title, Nav::Geen, body);
    *response.status_mut() = status;
    response
}

async fn eigen_formulier(taal: Taal, gebruiker: Gebruiker) -> Result<Response, PageError> {
    gebruiker.account().map_err(|e| PageError::new(&taal, e))?;
    Ok(eigen_pagina(&taal, &gebruiker, None, StatusCode::OK))
}

/// One's own password: the current one checked (one hash, off the store), the new one
/// hashed (off the store), then the use case; every session ends, this one too.
async fn eigen_wijzigen(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    adres: Adres,
    form: Velden,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let by = gebruiker.account().map_err(fail)?.clone();
    let Form(f) = form.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let current = veld(&f, "current_password").unwrap_or_default();
    let u = by.username.to_string();
    let poging = state
        .with_app(move |s| gemeten_app::inloggen_voorbereiden(s, &u, adres.0.as_deref(), DREMPELS))
        .await
        .map_err(fail)?;
    let given = veld(&f, "password").filter(|p| !p.trim().is_empty());
    let checked = tokio::task::spawn_blocking(move || {
        let bewijs = poging.controleer(&current).bewijs();
        let nieuw = NieuwWachtwoord::maak(Some(given.as_deref().unwrap_or(""))).and_then(|n| {
            if n.generated {
                Err(gemeten_app::AppFout::ongeldig(
                    "password",
                    "geef het nieuwe wachtwoord",
                    "give the new password",
                ))
            } else {
                Ok(n)
            }
        });
        (bewijs, nieuw)
    })
    .await
    .map_err(|e| fail(ApiError::Internal(e.to_string())))?;
    let outcome = match checked {
        (bewijs, Ok(nieuw)) => {
            let u = by.username.to_string();
            state
                .schrijf(move |s, _| {
                    gemeten_app::change_password(s, &by, &u, &nieuw, bewijs.as_ref())
                })
                .await
        }
        (_, Err(e)) => Err(ApiError::from(e)),
    };
    let l = taal.lang;
    match outcome {
        Ok(()) => {
            let message = html! { p role="status" {
                (l.t("Je wachtwoord is gewijzigd. Log opnieuw in.", "Your password has been changed. Log in again."))
                " " a href="/inloggen" { (l.t("Inloggen", "Log in")) }
            } };
            let anonymous = Gebruiker {
                account: None,
                via: crate::auth::Via::Geen,
            };
            let mut response = eigen_pagina(&taal, &anonymous, Some(message), StatusCode::OK);
            set_cookie(&mut response, secret_cookie(&state, SESSION_COOKIE, "", 0));
            Ok(response)
        }
        Err(e @ (ApiError::BadParam(_) | ApiError::Unprocessable(_))) => {
            let message = html! { p.fout role="alert" { @if let Some(f) = e.field() { code { (f) } ": " } (e.message(l)) } };
            Ok(eigen_pagina(&taal, &gebruiker, Some(message), e.status()))
        }
        Err(e) => Err(fail(e)),
    }
}
