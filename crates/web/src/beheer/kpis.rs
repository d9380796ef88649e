//! `/beheer/kpis`, administrators only: the KPIs and SES breakdowns administrators defined and
//! a form to add or change them as TOML in the `[[kpi]]` and `[[ses_dimensie]]` form of
//! `kpis.toml`, through
//! [`gemeten_app::kpi_definities_vastleggen`] like `gemeten kpi define` and `POST /api/v1/kpi`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use maud::{html, Markup};

use gemeten_domain::{Probleem, Problemen, Rol};
use gemeten_store::OpgeslagenKpi;

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::Taal;
use crate::layout::{page, Nav, PageError};
use crate::routes::Routes;
use crate::AppState;

pub(crate) fn pages(r: Routes) -> Routes {
    r.get("/beheer/kpis", lijst)
        .post("/beheer/kpis", vastleggen)
}

const VOORBEELD: &str = r#"[[kpi]]
code = "mijn_kpi"
name_nl = "…"
name_en = "…"
unit = "%"
direction = "higher"
source = "…"
breakdowns = ["sex"]
"#;

fn kpis_page(
    taal: &Taal,
    csrf: Option<&str>,
    kpis: &[OpgeslagenKpi],
    dims: &[OpgeslagenKpi],
    toml: &str,
    message: Option<Markup>,
) -> Response {
    let l = taal.lang;
    let title = l.t("Eigen KPI's", "Own KPIs");
    let body = html! {
        h1 { (title) }
        div.scroll { table {
            caption { (kpis.len()) " " (l.t("zelf gedefinieerde KPI's", "KPIs defined by administrators")) }
            thead { tr {
                th scope="col" { (l.t("Code", "Code")) }
                th scope="col" { (l.t("Door", "By")) }
                th scope="col" { (l.t("Gewijzigd", "Changed")) }
            } }
            tbody { @for k in kpis { tr {
                th scope="row" { a href={ "/kpi/" (k.code) } { code { (k.code) } } }
                td { (k.door) }
                td { (k.gewijzigd_op) }
            } } }
        } }
        @if !dims.is_empty() {
            div.scroll { table {
                caption { (dims.len()) " " (l.t("zelf gedefinieerde SES-indelingen", "SES breakdowns defined by administrators")) }
                thead { tr {
                    th scope="col" { (l.t("Code", "Code")) }
                    th scope="col" { (l.t("Door", "By")) }
                    th scope="col" { (l.t("Gewijzigd", "Changed")) }
                } }
                tbody { @for d in dims { tr {
                    th scope="row" { code { (d.code) } }
                    td { (d.door) }
                    td { (d.gewijzigd_op) }
                } } }
            } }
        }
        h2 #nieuw { (l.t("KPI of SES-indeling toevoegen of wijzigen", "Add or change a KPI or an SES breakdown")) }
        p { (l.t(
            "Een SES-indeling ([[ses_dimensie]]) heeft een code, namen in het Nederlands en Engels, en groepen van de laagste naar de hoogste positie; een KPI noemt haar in ses_dimensies. Groepen die opgeslagen waarnemingen gebruiken kunnen niet van naam of volgorde veranderen.",
            "An SES breakdown ([[ses_dimensie]]) has a code, names in Dutch and English, and groups from the lowest to the highest position; a KPI names it in ses_dimensies. Groups that stored observations use cannot be renamed or reordered.",
        )) }
        @if let Some(m) = message { (m) }
        @if let Some(csrf) = csrf {
            form.bewerken method="post" action="/beheer/kpis" {
                (csrf_field(csrf))
                label for="toml" { (l.t("Definitie(s) in TOML, zoals in kpis.toml", "Definition(s) in TOML, as in kpis.toml")) }
                textarea #toml name="toml" rows="16" required { (toml) }
                p.knoppen { button type="submit" { (l.t("Vastleggen", "Save")) } }
            }
        }
    };
    page(taal, title, Nav::Geen, body)
}

async fn opgeslagen(state: &AppState) -> Result<Vec<OpgeslagenKpi>, ApiError> {
    state.with_store(|s| s.kpi_definities()).await
}

async fn opgeslagen_dims(state: &AppState) -> Result<Vec<OpgeslagenKpi>, ApiError> {
    state.with_store(|s| s.ses_dimensie_definities()).await
}

async fn lijst(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    gebruiker.require(&[Rol::Admin]).map_err(fail)?;
    let kpis = opgeslagen(&state).await.map_err(fail)?;
    let dims = opgeslagen_dims(&state).await.map_err(fail)?;
    Ok(kpis_page(
        &taal,
        gebruiker.csrf(),
        &kpis,
        &dims,
        VOORBEELD,
        None,
    ))
}

/// `POST /beheer/kpis`: the page again, saying what was stored, or the refusal naming each
/// KPI, field and reason (400) with the text kept; nothing is half-saved.
async fn vastleggen(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    form: Result<Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let admin = gebruiker.account().map_err(fail)?.clone();
    let Form(pairs) = form.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let toml = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "toml")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let l = taal.lang;
    let outcome = match gemeten_indicators::definities_uit_toml(&toml, "toml") {
        Ok(defs) => {
            let codes = defs.codes();
            state
                .schrijf(move |s, _| gemeten_app::definities_vastleggen(s, &admin, defs))
                .await
                .map(|_| codes)
        }
        Err(gemeten_indicators::IndicatorError::Definitie(p)) => Err(Problemen(p).into()),
        // The TOML reader's reasons are Dutch only (the indicator crate's own shape).
        Err(e) => Err(Probleem::bij_veld("toml", e.to_string(), e.to_string()).into()),
    };
    let (status, message, keep) = match outcome {
        Ok(codes) => (
            StatusCode::OK,
            html! { p role="status" { (l.t("Vastgelegd:", "Saved:")) " " (codes.join(", ")) } },
            VOORBEELD.to_owned(),
        ),
        Err(ApiError::BadParam(p) | ApiError::Unprocessable(p)) => (
            StatusCode::BAD_REQUEST,
            html! { p.fout role="alert" { @for regel in p.regels(l) { (regel) br; } } },
            toml,
        ),
        Err(e) => return Err(fail(e)),
    };
    let kpis = opgeslagen(&state).await.map_err(fail)?;
    let dims = opgeslagen_dims(&state).await.map_err(fail)?;
    let mut response = kpis_page(&taal, gebruiker.csrf(), &kpis, &dims, &keep, Some(message));
    *response.status_mut() = status;
    Ok(response)
}
