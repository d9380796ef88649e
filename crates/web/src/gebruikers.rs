//! User management, administrators only: `/beheer/gebruikers` (the users and a form to add
//! one) and `GET`/`POST /api/v1/gebruikers`. [`check_new_user`] holds the rules, shared with
//! `gemeten user add`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use maud::{html, Markup};
use serde::Deserialize;
use serde_json::{json, Value};

use gemeten_domain::{Id, MissieCode, Register};
use gemeten_store::{random_password, Account, AccountStore, Rol};

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{ApiError, ParamError};
use crate::extract::Taal;
use crate::layout::{missie_label, page, Nav, PageError};
use crate::{AppState, Lang};

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/beheer/gebruikers", get(lijst).post(aanmaken))
}

/// A user to create, as the form, the API and the CLI give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NieuweGebruiker {
    pub username: String,
    #[serde(default)]
    pub display_name: Option<String>,
    pub role: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub missie: Option<String>,
    /// Without one, a random password is made and shown once.
    #[serde(default)]
    pub password: Option<String>,
}

/// A checked new user and their password; `generated` when gemeten made it up (then it must
/// be shown, once).
#[derive(Debug, Clone)]
pub struct Aanmaak {
    pub account: Account,
    pub password: String,
    pub generated: bool,
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks a new user: the username is an id (so it can be a round's participant), the role is
/// known, a contributor (`bijdrager`) has an organisation, a mission team a mission of the
/// register, other roles neither, a given password has at least 8 characters.
pub fn check_new_user(register: &Register, n: &NieuweGebruiker) -> Result<Aanmaak, ParamError> {
    let username = n.username.trim();
    username
        .parse::<Id>()
        .map_err(|e| ParamError::new("username", e.to_string()))?;
    let role = Rol::parse(&n.role).ok_or_else(|| {
        ParamError::new(
            "role",
            format!(
                "unknown role '{}'; one of {}",
                n.role.trim(),
                Rol::ALL.map(Rol::code).join(", ")
            ),
        )
    })?;
    let organisation = given(&n.organisation).map(str::to_owned);
    let missie = given(&n.missie);
    match (role, &organisation) {
        (Rol::Bijdrager, None) => {
            return Err(ParamError::new(
                "organisation",
                "a contributor (bijdrager) needs the organisation it writes for, as projects name their partners",
            ))
        }
        (Rol::Bijdrager, Some(_)) | (_, None) => {}
        (_, Some(_)) => {
            return Err(ParamError::new(
                "organisation",
                "only a contributor (bijdrager) has an organisation",
            ))
        }
    }
    let missie = match (role, missie) {
        (Rol::Missieteam, None) => {
            return Err(ParamError::new(
                "missie",
                "a mission team (missieteam) needs its mission code",
            ))
        }
        (Rol::Missieteam, Some(m)) => {
            let code = MissieCode::parse_lenient(m)
                .ok()
                .filter(|c| register.missie(*c).is_some())
                .ok_or_else(|| {
                    ParamError::new(
                        "missie",
                        format!(
                            "'{m}' is not a mission of the register; one of {}",
                            register
                                .missies()
                                .iter()
                                .map(|m| m.code.code())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })?;
            Some(code.code().to_owned())
        }
        (_, None) => None,
        (_, Some(_)) => {
            return Err(ParamError::new(
                "missie",
                "only a mission team (missieteam) has a mission",
            ))
        }
    };
    let (password, generated) = match n.password.as_deref().filter(|p| !p.is_empty()) {
        Some(p) if p.chars().count() < 8 => {
            return Err(ParamError::new(
                "password",
                "the password needs at least 8 characters",
            ))
        }
        Some(p) => (p.to_owned(), false),
        None => (random_password(), true),
    };
    Ok(Aanmaak {
        account: Account {
            username: username.to_owned(),
            display_name: given(&n.display_name).unwrap_or(username).to_owned(),
            role,
            organisation,
            missie,
        },
        password,
        generated,
    })
}

/// The account as the API and the audit log show it (never a password).
pub fn account_json(a: &Account) -> Value {
    json!({
        "username": a.username,
        "display_name": a.display_name,
        "role": a.role.code(),
        "organisation": a.organisation,
        "missie": a.missie,
    })
}

/// Creates the checked user and its audit entry together; 409 for a known username.
async fn create(state: &AppState, by: String, new: Aanmaak) -> Result<(), ApiError> {
    let username = new.account.username.clone();
    let created = state
        .with_store_mut(move |s| {
            if s.user(&new.account.username)?.is_some() {
                return Ok(false);
            }
            s.atomically(|s| {
                s.create_user(&new.account, &new.password)?;
                s.audit(
                    &by,
                    "gebruiker aangemaakt",
                    &format!("gebruiker {}", new.account.username),
                    None,
                    Some(&account_json(&new.account)),
                )
            })?;
            Ok(true)
        })
        .await?;
    if created {
        Ok(())
    } else {
        Err(ApiError::Conflict(format!(
            "user '{username}' exists already"
        )))
    }
}

fn role_label(r: Rol, l: Lang) -> &'static str {
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
            tbody { @for u in users { tr {
                th scope="row" { code { (u.username) } }
                td { (u.display_name) }
                td { (u.role) }
                td { (u.organisation.as_deref().unwrap_or("—")) }
                td { (u.missie.as_deref().unwrap_or("—")) }
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
    let admin = gebruiker
        .require(&[Rol::Admin])
        .map_err(fail)?
        .username
        .clone();
    let Form(pairs) = form.map_err(|e| fail(ParamError::new("body", e.body_text()).into()))?;
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
    let outcome = match check_new_user(&state.register, &sent) {
        Ok(new) => {
            let shown = new
                .generated
                .then(|| (new.account.username.clone(), new.password.clone()));
            create(&state, admin, new).await.map(|_| shown)
        }
        Err(e) => Err(e.into()),
    };
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
        Err(e @ (ApiError::BadParam(_) | ApiError::Conflict(_))) => (
            e.status(),
            html! { p.fout role="alert" { @if let Some(f) = e.field() { code { (f) } ": " } (e.message()) } },
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
    Ok(Json(users.iter().map(account_json).collect::<Vec<_>>()).into_response())
}

/// `POST /api/v1/gebruikers`: a new user (administrators only); 201 with the user, and the
/// password when gemeten made it (this answer only).
pub(crate) async fn api_create(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let admin = gebruiker.require(&[Rol::Admin])?.username.clone();
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge
        } else {
            ParamError::new("body", e.body_text()).into()
        }
    })?;
    let sent: NieuweGebruiker = serde_json::from_slice(&body)
        .map_err(|e| ApiError::from(ParamError::new("body", e.to_string())))?;
    let new = check_new_user(&state.register, &sent)?;
    let mut answer = account_json(&new.account);
    if new.generated {
        answer["password"] = json!(new.password);
    }
    create(&state, admin, new).await?;
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}
