//! User management, administrators only: `/beheer/gebruikers` (the users and a form to add
//! one) and `GET`/`POST /api/v1/gebruikers`, adapters of [`gemeten_app::create_user`], whose
//! rules `gemeten user add` shares.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use maud::{html, Markup};
use serde_json::json;

use gemeten_app::{NieuwAccount, NieuweGebruiker};
use gemeten_domain::{Account, Rol};
use gemeten_store::AccountStore;

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::{JsonBody, Taal};
use crate::layout::{missie_label, page, Nav, PageError};
use crate::routes::Routes;
use crate::{AppState, Lang};

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/beheer/gebruikers", lijst)
        .post("/beheer/gebruikers", aanmaken)
}

/// Creates the user through the application core (administrators only, recorded when
/// refused; 400 naming the field, 409 for a known username). The password is made and
/// hashed first, on the blocking pool without a store connection.
async fn create(
    state: &AppState,
    by: Account,
    new: NieuweGebruiker,
) -> Result<NieuwAccount, ApiError> {
    let given = new.password.clone();
    let wachtwoord =
        tokio::task::spawn_blocking(move || gemeten_app::NieuwWachtwoord::maak(given.as_deref()))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??;
    state
        .schrijf(move |s, register| {
            gemeten_app::create_user_with(s, register, &by, &new, wachtwoord)
        })
        .await
}

pub(crate) fn role_label(r: Rol, l: Lang) -> &'static str {
    match r {
        Rol::Publiek => l.t("publiek (lezen)", "public (read)"),
        Rol::Bijdrager => l.t(
            "bijdrager (projecten van de eigen organisatie)",
            "contributor (own organisation's projects)",
        ),
        Rol::Missieteam => l.t(
            "missieteam (projecten en rondes van de missie)",
            "mission team (the mission's projects and rounds)",
        ),
        Rol::Admin => l.t("beheerder (alles)", "administrator (everything)"),
    }
}

/// A user as the list shows them and `GET /api/v1/gebruikers` gives them (never a secret).
#[derive(serde::Serialize)]
pub(crate) struct Gebruikersrij<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'static str,
    pub organisation: Option<&'a str>,
    pub missie: Option<&'static str>,
}

impl<'a> From<&'a Account> for Gebruikersrij<'a> {
    fn from(u: &'a Account) -> Self {
        Gebruikersrij {
            username: u.username.as_str(),
            display_name: u.display_name.as_str(),
            role: u.role().code(),
            organisation: u.organisation(),
            missie: u.missie().map(|m| m.code()),
        }
    }
}

/// The page: users, then the form (with a refusal at the top, or the new user's password).
fn users_page(
    state: &AppState,
    taal: &Taal,
    csrf: Option<&str>,
    users: &[Account],
    sent: &NieuweGebruiker,
    message: Option<Markup>,
) -> Response {
    let l = taal.lang;
    let title = l.t("Gebruikers", "Users");
    let body = html! {
        h1 { (title) }
        div.scroll { table {
            caption { (users.len()) " " (l.t("gebruikers", "users")) }
            thead { tr {
                th scope="col" { (l.t("Gebruikersnaam", "Username")) }
                th scope="col" { (l.t("Naam", "Name")) }
                th scope="col" { (l.t("Rol", "Role")) }
                th scope="col" { (l.t("Organisatie", "Organisation")) }
                th scope="col" { (l.t("Missie", "Mission")) }
            } }
            tbody { @for u in users.iter().map(Gebruikersrij::from) { tr {
                th scope="row" { a href=(format!("/beheer/gebruikers/{}", u.username)) { code { (u.username) } } }
                td { (u.display_name) }
                td { (u.role) }
                td { (u.organisation.unwrap_or("—")) }
                td { (u.missie.unwrap_or("—")) }
            } } }
        } }
        h2 #nieuw { (l.t("Gebruiker toevoegen", "Add a user")) }
        @if let Some(m) = message { (m) }
        @if let Some(csrf) = csrf {
            form.bewerken method="post" action="/beheer/gebruikers" {
                (csrf_field(csrf))
                label for="username" { (l.t("Gebruikersnaam", "Username")) }
                input #username name="username" required autocomplete="off" value=(sent.username);
                label for="display_name" { (l.t("Naam", "Name")) }
                input #display_name name="display_name" value=(sent.display_name.as_deref().unwrap_or(""));
                label for="role" { (l.t("Rol", "Role")) }
                select #role name="role" {
                    @for r in Rol::ALL {
                        option value=(r.code()) selected[sent.role == r.code()] { (role_label(r, l)) }
                    }
                }
                label for="organisation" { (l.t("Organisatie (bijdrager)", "Organisation (contributor)")) }
                input #organisation name="organisation" value=(sent.organisation.as_deref().unwrap_or(""));
                label for="missie" { (l.t("Missie (missieteam)", "Mission (mission team)")) }
                select #missie name="missie" {
                    option value="" { "—" }
                    @for m in state.register.missies() {
                        option value=(m.code) selected[sent.missie.as_deref() == Some(m.code.code())] { (missie_label(m.code, l)) }
                    }
                }
                label for="password" { (l.t("Wachtwoord (leeg: gemeten maakt er een)", "Password (empty: gemeten makes one)")) }
                input #password name="password" type="password" autocomplete="new-password" minlength="8";
                p.knoppen { button type="submit" { (l.t("Toevoegen", "Add")) } }
            }
        }
    };
    page(taal, title, Nav::Geen, body)
}

async fn all_users(state: &AppState) -> Result<Vec<Account>, ApiError> {
    state.with_store(|s| s.users()).await
}

async fn lijst(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    gebruiker.require(&[Rol::Admin]).map_err(fail)?;
    let users = all_users(&state).await.map_err(fail)?;
    let empty = NieuweGebruiker {
        role: Rol::Publiek.code().into(),
        ..NieuweGebruiker::default()
    };
    Ok(users_page(
        &state,
        &taal,
        gebruiker.csrf(),
        &users,
        &empty,
        None,
    ))
}

/// `POST /beheer/gebruikers`: the page again, with the new user's password if gemeten made
/// it (201), or the refusal naming the field (400, 409); nothing is half-saved.
async fn aanmaken(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    form: Result<Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let admin = gebruiker.account().map_err(fail)?.clone();
    let Form(pairs) = form.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let field = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let sent = NieuweGebruiker {
        username: field("username").unwrap_or_default(),
        display_name: field("display_name"),
        role: field("role").unwrap_or_default(),
        organisation: field("organisation"),
        missie: field("missie"),
        password: field("password"),
    };
    let l = taal.lang;
    let outcome = create(&state, admin, sent.clone()).await.map(|new| {
        new.generated
            .then(|| (new.account.username.clone(), new.password.clone()))
    });
    let (status, message) = match outcome {
        Ok(shown) => (
            StatusCode::CREATED,
            html! { p role="status" {
                (l.t("Gebruiker toegevoegd.", "User added."))
                @if let Some((u, pw)) = shown {
                    " " (l.t("Wachtwoord van", "Password of")) " " code { (u) } ": " code { (pw) } " — "
                    (l.t("geef het door; het wordt niet opnieuw getoond.", "pass it on; it is not shown again."))
                }
            } },
        ),
        Err(e @ (ApiError::BadParam(_) | ApiError::Unprocessable(_) | ApiError::Conflict(_))) => (
            e.status(),
            html! { p.fout role="alert" { @if let Some(f) = e.field() { code { (f) } ": " } (e.message(l)) } },
        ),
        Err(e) => return Err(fail(e)),
    };
    let users = all_users(&state).await.map_err(fail)?;
    let keep = if status == StatusCode::CREATED {
        NieuweGebruiker {
            role: Rol::Publiek.code().into(),
            ..NieuweGebruiker::default()
        }
    } else {
        NieuweGebruiker {
            password: None,
            ..sent
        }
    };
    let mut response = users_page(
        &state,
        &taal,
        gebruiker.csrf(),
        &users,
        &keep,
        Some(message),
    );
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /api/v1/gebruikers`: every user (administrators only).
pub(crate) async fn api_list(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
) -> Result<Response, ApiError> {
    gebruiker.require(&[Rol::Admin])?;
    let users = all_users(&state).await?;
    Ok(Json(users.iter().map(Gebruikersrij::from).collect::<Vec<_>>()).into_response())
}

/// `POST /api/v1/gebruikers`: a new user (administrators only); 201 with the user, and the
/// password when gemeten made it (this answer only).
pub(crate) async fn api_create(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<JsonBody<NieuweGebruiker>, ApiError>,
) -> Result<Response, ApiError> {
    let admin = gebruiker.account()?.clone();
    let JsonBody(sent) = body?;
    let new = create(&state, admin, sent).await?;
    let mut answer = json!(Gebruikersrij::from(&new.account));
    if new.generated {
        answer["password"] = json!(new.password);
    }
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}
