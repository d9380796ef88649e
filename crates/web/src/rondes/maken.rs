//! A new prioritisation round in the browser: `GET /rondes/nieuw?missie=II` (the form: id,
//! titles, kind of ballot, the mission's criteria and innovations of the register, and the
//! app's users as participants) and `POST /rondes/nieuw`, which turns the form into
//! [`RondeParts`] and hands them to [`create_round`] — the function `POST /api/v1/rondes`
//! uses, so the rules, the audit entry, the 403 and the 409 are the same. A refused form is
//! shown again, filled in, with the field named (400, or 409 for a known id).

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::html;

use gemeten_app::may_vote;
use gemeten_domain::Account;
use gemeten_domain::{Id, MissieCode, Probleem, Register};
use gemeten_prioritering::{Deelnemer, RondeCriterium, RondeParts, Schaal, StemSoort};
use gemeten_store::AccountStore;

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::{Filter, Taal};
use crate::layout::{missie_label, page, Nav, PageError};
use crate::rondes::{create_round, VOTERS};
use crate::AppState;

/// The form as sent (or as first shown), kept as text so a refused form comes back as typed.
#[derive(Debug, Clone, Default)]
struct Invoer {
    id: String,
    missie: String,
    title_nl: String,
    title_en: String,
    kind: String,
    n: String,
    ordered: bool,
    scale_min: String,
    scale_max: String,
    criteria: Vec<String>,
    kandidaten: Vec<String>,
    deelnemers: Vec<String>,
}

impl Invoer {
    /// A new form for `missie`: top 3, every innovation of the mission, the user as participant.
    fn fresh(register: &Register, missie: MissieCode, me: &str) -> Invoer {
        Invoer {
            missie: missie.code().to_owned(),
            kind: "top_n".into(),
            n: "3".into(),
            scale_min: "1".into(),
            scale_max: "5".into(),
            kandidaten: innovations(register, missie)
                .map(|(id, _)| id.to_string())
                .collect(),
            deelnemers: vec![me.to_owned()],
            ..Invoer::default()
        }
    }

    fn from_pairs(pairs: &[(String, String)]) -> Invoer {
        let one = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let all = |name: &str| -> Vec<String> {
            pairs
                .iter()
                .filter(|(k, v)| k == name && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_owned())
                .collect()
        };
        Invoer {
            id: one("id"),
            missie: one("missie"),
            title_nl: one("title_nl"),
            title_en: one("title_en"),
            kind: one("kind"),
            n: one("n"),
            ordered: !one("ordered").is_empty(),
            scale_min: one("scale_min"),
            scale_max: one("scale_max"),
            criteria: all("criteria"),
            kandidaten: all("kandidaten"),
            deelnemers: all("deelnemers"),
        }
    }

    /// The round as the API would receive it. Only the form's own shapes are checked here
    /// (numbers, ids, participants that are users); the round's rules and the register's
    /// records are checked by [`create_round`].
    fn to_parts(&self, users: &[Account]) -> Result<RondeParts, Probleem> {
        let id =
            |field: &'static str, v: &str| v.trim().parse::<Id>().map_err(|e| e.als_veld(field));
        let whole = |field: &'static str, v: &str| {
            v.trim().parse::<i64>().map_err(|_| {
                Probleem::bij_veld(
                    field,
                    format!("'{}' is geen geheel getal", v.trim()),
                    format!("'{}' is not a whole number", v.trim()),
                )
            })
        };
        let kind = match self.kind.trim() {
            "top_n" => StemSoort::TopN {
                n: usize::try_from(whole("n", &self.n)?).map_err(|_| {
                    Probleem::bij_veld("n", "n kan niet negatief zijn", "n cannot be negative")
                })?,
                ordered: self.ordered,
            },
            "rangorde" => StemSoort::Rangorde,
            "scores" => StemSoort::Scores {
                scale: Schaal {
                    min: whole("scale_min", &self.scale_min)?,
                    max: whole("scale_max", &self.scale_max)?,
                },
            },
            other => {
                return Err(Probleem::bij_veld(
                    "kind",
                    format!(
                        "onbekende soort stembiljet '{other}'; kies uit top_n, rangorde, scores"
                    ),
                    format!("unknown kind of ballot '{other}'; one of top_n, rangorde, scores"),
                ))
            }
        };
        let deelnemers = self
            .deelnemers
            .iter()
            .map(|name| {
                let user = users.iter().find(|u| &u.username == name).ok_or_else(|| {
                    Probleem::bij_veld(
                        "deelnemers",
                        format!("'{name}' is geen gebruiker van deze toepassing"),
                        format!("'{name}' is not a user of this application"),
                    )
                })?;
                Ok(Deelnemer {
                    id: id("deelnemers", &user.username)?,
                    name: user
                        .display_name
                        .parse()
                        .or_else(|_| user.username.parse())
                        .map_err(|e: Probleem| e.als_veld("deelnemers"))?,
                    organisatie: None,
                    source: None,
                })
            })
            .collect::<Result<Vec<_>, Probleem>>()?;
        Ok(RondeParts {
            id: id("id", &self.id)?,
            missie: MissieCode::parse_lenient(self.missie.trim())
                .map_err(|e| e.als_veld("missie"))?,
            title_nl: self
                .title_nl
                .parse()
                .map_err(|e: Probleem| e.als_veld("title_nl"))?,
            title_en: match self.title_en.trim() {
                "" => None,
                t => Some(t.parse().map_err(|e: Probleem| e.als_veld("title_en"))?),
            },
            kind,
            criteria: self
                .criteria
                .iter()
                .map(|c| {
                    Ok(RondeCriterium {
                        id: id("criteria", c)?,
                        weight: None,
                    })
                })
                .collect::<Result<_, Probleem>>()?,
            deelnemers,
            kandidaten: self
                .kandidaten
                .iter()
                .map(|k| id("kandidaten", k))
                .collect::<Result<_, _>>()?,
            seats: None,
            selected: Vec::new(),
            attendance: None,
            source: None,
            attendance_source: None,
            kind_source: None,
            criteria_source: None,
            deelnemers_source: None,
            kandidaten_source: None,
            selected_source: None,
        })
    }
}

/// The register's innovations of `missie`: id and name.
fn innovations(register: &Register, missie: MissieCode) -> impl Iterator<Item = (&Id, &str)> {
    register
        .parts()
        .innovatie
        .iter()
        .filter(move |i| i.missies.contains(&missie))
        .map(|i| (&i.id, i.name.as_str()))
}

/// The missions `account` may create rounds for.
fn allowed(register: &Register, account: &Account) -> Vec<MissieCode> {
    register
        .missies()
        .iter()
        .map(|m| m.code)
        .filter(|m| may_vote(account, *m))
        .collect()
}

/// The mission a new form starts with: the first allowed one with innovations to choose
/// from, else the first allowed one.
fn default_mission(register: &Register, missions: &[MissieCode]) -> Option<MissieCode> {
    missions
        .iter()
        .find(|m| innovations(register, **m).next().is_some())
        .or(missions.first())
        .copied()
}

fn forbidden(missie: Option<MissieCode>) -> ApiError {
    match missie {
        Some(m) => ApiError::verboden(
            format!(
                "alleen een beheerder of het missieteam van missie {m} mag er rondes voor maken"
            ),
            format!(
                "only an administrator or the mission team of mission {m} may create its rounds"
            ),
        ),
        None => ApiError::verboden(
            "uw account mag voor geen enkele missie van het register rondes maken",
            "your account may create rounds for no mission of the register",
        ),
    }
}

/// The page with the form; `error` (field and message) at the top when the form was refused.
fn form_page(
    state: &AppState,
    taal: &Taal,
    csrf: Option<&str>,
    account: &Account,
    users: &[Account],
    invoer: &Invoer,
    error: Option<&ApiError>,
) -> Response {
    let l = taal.lang;
    let register = &state.register;
    let missions = allowed(register, account);
    let missie = MissieCode::parse_lenient(invoer.missie.trim())
        .ok()
        .filter(|m| missions.contains(m))
        .or_else(|| default_mission(register, &missions));
    let heading = l.t("Nieuwe prioriteringsronde", "New prioritisation round");
    let checked = |list: &[String], v: &str| list.iter().any(|x| x == v);
    let kind = invoer.kind.as_str();
    let body = html! {
        h1 { (heading) }
        p.intro { (l.t(
            "Een ronde zonder stembiljetten: de deelnemers (gebruikers van deze toepassing) stemmen daarna op de pagina van de ronde. Kandidaten en criteria komen uit het register.",
            "A round without ballots: its participants (users of this application) vote on the round's page afterwards. Candidates and criteria come from the register.",
        )) }
        @if let Some(e) = error {
            p.fout role="alert" {
                @if let Some(f) = e.field().or(matches!(e, ApiError::Conflict(_)).then_some("id")) {
                    (l.t("Veld", "Field")) " " code { (f) } ": "
                }
                (e.message(l))
            }
        }
        form method="get" action="/rondes/nieuw" {
            p {
                label for="missie-kies" { (l.t("Missie", "Mission")) } br;
                select #missie-kies name="missie" {
                    @for m in &missions {
                        option value=(m) selected[Some(*m) == missie] { (missie_label(*m, l)) }
                    }
                }
                " " button type="submit" { (l.t("Kandidaten en criteria van deze missie tonen", "Show this mission's candidates and criteria")) }
            }
        }
        @if let (Some(csrf), Some(missie)) = (csrf, missie) {
            form method="post" action="/rondes/nieuw" {
                (csrf_field(csrf))
                input type="hidden" name="missie" value=(missie);
                p { (l.t("Missie", "Mission")) ": " strong { (missie_label(missie, l)) } }
                p {
                    label for="id" { "Id " span.meta { (l.t("(letters, cijfers, '-', '_' en '.'; komt in het adres)", "(letters, digits, '-', '_' and '.'; goes into the address)")) } } br;
                    input #id name="id" required autocomplete="off" value=(invoer.id);
                }
                p {
                    label for="title_nl" { (l.t("Titel (Nederlands): de vraag van de ronde", "Title (Dutch): the round's question")) } br;
                    input #title_nl name="title_nl" required size="60" value=(invoer.title_nl);
                }
                p {
                    label for="title_en" { (l.t("Titel (Engels, optioneel)", "Title (English, optional)")) } br;
                    input #title_en name="title_en" size="60" value=(invoer.title_en);
                }
                fieldset {
                    legend { (l.t("Stemwijze", "Kind of ballot")) }
                    p {
                        input #kind-top type="radio" name="kind" value="top_n" checked[kind == "top_n" || kind.is_empty()];
                        " " label for="kind-top" { (l.t("Top N: ieder kiest er ten hoogste N", "Top N: everyone chooses at most N")) }
                        " — " label for="n" { "N" } " "
                        input #n name="n" type="number" min="1" value=(invoer.n);
                        " " input #ordered type="checkbox" name="ordered" value="1" checked[invoer.ordered];
                        " " label for="ordered" { (l.t("geordend (de beste eerst)", "ordered (best first)")) }
                    }
                    p {
                        input #kind-rangorde type="radio" name="kind" value="rangorde" checked[kind == "rangorde"];
                        " " label for="kind-rangorde" { (l.t("Volledige rangorde van alle kandidaten", "Full ranking of every candidate")) }
                    }
                    p {
                        input #kind-scores type="radio" name="kind" value="scores" checked[kind == "scores"];
                        " " label for="kind-scores" { (l.t("Scores per kandidaat en criterium", "Ratings per candidate and criterion")) }
                        " — " label for="scale_min" { (l.t("schaal van", "scale from")) } " "
                        input #scale_min name="scale_min" type="number" value=(invoer.scale_min);
                        " " label for="scale_max" { (l.t("tot en met", "to")) } " "
                        input #scale_max name="scale_max" type="number" value=(invoer.scale_max);
                    }
                }
                fieldset {
                    legend { (l.t("Criteria uit het register (nodig voor scores)", "Criteria of the register (needed for ratings)")) }
                    @let criteria: Vec<_> = register.parts().criterium.iter().filter(|c| c.missie == missie).collect();
                    @if criteria.is_empty() { p.leeg { (l.t("Het register heeft geen criteria voor deze missie.", "The register has no criteria for this mission.")) } }
                    @for c in criteria {
                        @let fid = format!("criterium-{}", c.id);
                        p { input #(fid) type="checkbox" name="criteria" value=(c.id) checked[checked(&invoer.criteria, c.id.as_str())];
                            " " label for=(fid) { code { (c.id) } " " span lang=[crate::layout::nl(l)] { (c.text_nl) } } }
                    }
                }
                fieldset {
                    legend { (l.t("De negen kernelementen van de KIA (000, r. 5816-5848)", "The KIA's nine core elements (000, lines 5816-5848)")) }
                    @for m in gemeten_domain::van_kader(&register.parts().maatstaf, gemeten_domain::Kader::Kernelement) {
                        @let fid = format!("criterium-{}", m.id);
                        p { input #(fid) type="checkbox" name="criteria" value=(m.id) checked[checked(&invoer.criteria, m.id.as_str())];
                            " " label for=(fid) { (m.name(l)) } }
                    }
                }
                fieldset {
                    legend { (l.t("Kandidaten: innovaties van deze missie in het register", "Candidates: the register's innovations of this mission")) }
                    @let candidates: Vec<_> = innovations(register, missie).collect();
                    @if candidates.is_empty() { p.leeg { (l.t("Het register heeft geen innovaties voor deze missie.", "The register has no innovations for this mission.")) } }
                    @for (k, name) in candidates {
                        @let fid = format!("kandidaat-{k}");
                        p { input #(fid) type="checkbox" name="kandidaten" value=(k) checked[checked(&invoer.kandidaten, k.as_str())];
                            " " label for=(fid) { (name) " " code { (k) } } }
                    }
                }
                fieldset {
                    legend { (l.t("Deelnemers (gebruikers; stemmen kunnen beheerders en het missieteam van deze missie)", "Participants (users; administrators and this mission's team can vote)")) }
                    @for u in users {
                        @let fid = format!("deelnemer-{}", u.username);
                        p { input #(fid) type="checkbox" name="deelnemers" value=(u.username) checked[checked(&invoer.deelnemers, &u.username)];
                            " " label for=(fid) { code { (u.username) } " " (u.display_name) " " span.meta { "(" (u.role()) ")" } } }
                    }
                }
                p { button type="submit" { (l.t("Ronde aanmaken", "Create the round")) } }
            }
        }
        p { a href="/rondes" { (l.t("Alle rondes", "All rounds")) } }
    };
    page(taal, heading, Nav::Rondes, body)
}

async fn all_users(state: &AppState) -> Result<Vec<Account>, ApiError> {
    state.with_store(|s| s.users()).await
}

/// `GET /rondes/nieuw?missie=`: the form (401 without a user, 403 for a user who may create
/// rounds for no mission, or not for the mission asked for).
pub(crate) async fn formulier(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    filter: Result<Filter, ApiError>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let account = gebruiker.require(VOTERS).map_err(fail)?.clone();
    let filter = filter.map_err(&fail)?;
    let missions = allowed(&state.register, &account);
    let missie = match filter.missie {
        Some(m) if missions.contains(&m) => m,
        Some(m) => return Err(fail(forbidden(Some(m)))),
        None => default_mission(&state.register, &missions).ok_or_else(|| fail(forbidden(None)))?,
    };
    let users = all_users(&state).await.map_err(fail)?;
    let invoer = Invoer::fresh(&state.register, missie, &account.username);
    Ok(form_page(
        &state,
        &taal,
        gebruiker.csrf(),
        &account,
        &users,
        &invoer,
        None,
    ))
}

/// `POST /rondes/nieuw`: 303 to the new round; the form again with the refusal naming the
/// field (400, 409 for a known id), nothing stored; 401/403 as [`create_round`] says.
pub(crate) async fn aanmaken(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let account = gebruiker.account().map_err(fail)?.clone();
    let Form(pairs) = form.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let invoer = Invoer::from_pairs(&pairs);
    let users = all_users(&state).await.map_err(fail)?;
    let outcome = match invoer.to_parts(&users) {
        Ok(parts) => create_round(&state, account.clone(), parts).await,
        Err(e) => Err(e.into()),
    };
    match outcome {
        Ok(id) => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            response.headers_mut().insert(
                LOCATION,
                HeaderValue::from_str(&format!("/rondes/{id}")).expect("ids are safe in a header"),
            );
            Ok(response)
        }
        Err(e @ (ApiError::BadParam(_) | ApiError::Unprocessable(_) | ApiError::Conflict(_))) => {
            let mut response = form_page(
                &state,
                &taal,
                gebruiker.csrf(),
                &account,
                &users,
                &invoer,
                Some(&e),
            );
            *response.status_mut() = e.status();
            Ok(response)
        }
        Err(e) => Err(fail(e)),
    }
}
