//! One KIA activity's page, `/activiteiten/{id}`: the activity as 000 words it, where it
//! stands after its updates (status, owner, milestones, evidence, notes), every update with
//! who made it, and for who may (an administrator, the mission team of one of its missions)
//! the form for a new update, `POST /activiteiten/{id}` — the same use case as `gemeten
//! activity ID update` (`gemeten_app::update_activity`), including the tag that makes an
//! update count toward an international commitment (a meeting, congress, PPP or call, with
//! its date). The governance pages link each activity here.

use std::str::FromStr;

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use maud::{html, Markup};

use gemeten_domain::monitoring::{ActiviteitUpdate, Bewijs, Datum, MijlpaalGereed, NieuweMijlpaal};
use gemeten_domain::{
    Activiteit, ActiviteitStatus, Label, Lang, Probleem, Problemen, TeltVoor, ToezeggingSoort,
};
use gemeten_monitoring::ActiviteitStand;
use gemeten_store::MonitoringStore;

use crate::auth::Gebruiker;
use crate::beheer::csrf_field;
use crate::error::{onleesbaar, ApiError};
use crate::extract::Taal;
use crate::layout::{bron, missie_label, nl, page, pick, Nav, PageError};
use crate::schrijven::{fouten, rijen, see_other, veld, waarde, weigering, Waarden};
use crate::AppState;

/// A group of the update form an update may hold several of (new milestones, milestones
/// done, evidence), each row two fields that go together. The form shows one row of each; a
/// "one more" button sends it back with a row more (no script needed), up to [`MAX_RIJEN`].
struct Groep {
    /// Rows are named `<naam>-<i>-<field>`, their count is `<naam>-rijen`.
    naam: &'static str,
    legend: Label,
    /// Each field: its name, label and input type.
    velden: [(&'static str, Label, &'static str); 2],
    meer: Label,
}

const MAX_RIJEN: usize = 20;

const MIJLPALEN: Groep = Groep {
    naam: "mijlpaal",
    legend: Label("Nieuwe mijlpaal", "New milestone"),
    velden: [
        ("title", Label("Titel", "Title"), "text"),
        ("due", Label("Uiterlijk", "Due"), "date"),
    ],
    meer: Label("Nog een mijlpaal", "One more milestone"),
};
const GEHAALD: Groep = Groep {
    naam: "gehaald",
    legend: Label("Mijlpaal gehaald", "Milestone done"),
    velden: [
        ("title", Label("Titel", "Title"), "text"),
        ("on", Label("Op", "On"), "date"),
    ],
    meer: Label("Nog een gehaalde mijlpaal", "One more milestone done"),
};
const BEWIJS: Groep = Groep {
    naam: "bewijs",
    legend: Label("Bewijs", "Evidence"),
    velden: [
        ("title", Label("Titel", "Title"), "text"),
        ("link", Label("URL of pad", "URL or path"), "text"),
    ],
    meer: Label("Nog een bewijs", "One more piece of evidence"),
};
const GROEPEN: [&Groep; 3] = [&MIJLPALEN, &GEHAALD, &BEWIJS];

impl Groep {
    fn teller(&self) -> String {
        format!("{}-rijen", self.naam)
    }

    fn rijen(&self, values: &Waarden) -> usize {
        rijen(values, self.naam, &self.teller(), 1, MAX_RIJEN)
    }

    fn veld(&self, rij: usize, veld: usize) -> String {
        format!("{}-{rij}-{}", self.naam, self.velden[veld].0)
    }

    /// Every row filled in, read; a half-filled row or a value that cannot be read is
    /// recorded in `p`, named by its field.
    fn lees<A: FromStr<Err = Probleem>, B: FromStr<Err = Probleem>>(
        &self,
        values: &Waarden,
        p: &mut Vec<Probleem>,
    ) -> Vec<(A, B)> {
        (0..self.rijen(values))
            .filter_map(|i| paar(values, (&self.veld(i, 0), &self.veld(i, 1)), p))
            .collect()
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::niet_gevonden("id", "activiteit", "activity", id)
}

fn activiteit_of_404<'a>(state: &'a AppState, id: &str) -> Result<&'a Activiteit, ApiError> {
    state
        .register
        .parts()
        .activiteit
        .iter()
        .find(|a| a.id.as_str() == id)
        .ok_or_else(|| not_found(id))
}

async fn stand(state: &AppState, a: &Activiteit) -> Result<ActiviteitStand, ApiError> {
    let key = a.id.clone();
    let history = state.with_store(move |s| s.activity_history(&key)).await?;
    Ok(ActiviteitStand::replay(a.id.clone(), history))
}

/// `/activiteiten/{id}`.
pub(crate) async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let a = activiteit_of_404(&state, &id).map_err(|e| PageError::new(&taal, e))?;
    let s = stand(&state, a)
        .await
        .map_err(|e| PageError::new(&taal, e))?;
    Ok(response(
        &state,
        &taal,
        &gebruiker,
        a,
        &s,
        &Vec::new(),
        None,
    ))
}

fn response(
    state: &AppState,
    taal: &Taal,
    gebruiker: &Gebruiker,
    a: &Activiteit,
    s: &ActiviteitStand,
    values: &Waarden,
    fout: Option<&Problemen>,
) -> Response {
    let l = taal.lang;
    let register = &state.register;
    let csrf = match (&gebruiker.account, gebruiker.csrf()) {
        (Some(acc), Some(csrf)) if gemeten_app::may_update_activity(acc, a) => Some(csrf),
        _ => None,
    };
    let today = Datum::today();
    let title = format!("{} {}", l.t("Activiteit", "Activity"), a.number);
    let body = html! {
        h1 { (title) }
        p.intro { (pick(&a.text_nl, &a.text_en, l)) }
        dl.feiten {
            dt { (l.t("Missies", "Missions")) }
            dd {
                @if a.missies.is_empty() { (l.t("alle missies (randvoorwaarde)", "every mission (precondition)")) }
                @for (n, m) in a.missies.iter().enumerate() {
                    @if n > 0 { ", " }
                    a href=(format!("/missies/{m}#activiteit-{}", a.id)) { (missie_label(*m, l)) }
                }
            }
            dt { (l.t("Hoofdstuk", "Chapter")) } dd lang=[nl(l)] { (a.chapter) }
            dt { (l.t("Initiatiefnemers", "Initiators")) }
            dd lang=[nl(l)] {
                @if a.all_partners { (l.t("alle partners", "all partners")) }
                @for (n, i) in a.initiatiefnemers.iter().enumerate() {
                    @if n > 0 || a.all_partners { ", " }
                    (register.organisatie(i).map_or(i.to_string(), |o| o.name.to_string()))
                }
            }
            dt { (l.t("Status", "Status")) } dd { (s.status.label(l)) }
            dt { (l.t("Eigenaar", "Owner")) }
            dd { (s.owner.as_ref().map_or_else(|| l.t("nog geen", "none yet").to_owned(), |o| register.organisatie(o).map_or(o.to_string(), |x| x.name.to_string()))) }
            dt { (l.t("Bron", "Source")) } dd { (bron(&a.source)) }
        }
        @if !s.milestones.is_empty() {
            h2 #mijlpalen { (l.t("Mijlpalen", "Milestones")) }
            div.scroll { table {
                thead { tr {
                    th scope="col" { (l.t("Mijlpaal", "Milestone")) }
                    th scope="col" { (l.t("Uiterlijk", "Due")) }
                    th scope="col" { (l.t("Gehaald", "Done")) }
                } }
                tbody { @for m in &s.milestones { tr {
                    th scope="row" { (m.title) }
                    td { (m.due) @if m.overdue(today) { " " strong { (l.t("te laat", "overdue")) } } }
                    td { (m.done.map_or_else(|| "—".to_owned(), |d| d.to_string())) }
                } } }
            } }
        }
        @if !s.evidence.is_empty() {
            h2 { (l.t("Bewijs", "Evidence")) }
            ul { @for e in &s.evidence { li { (e.title) ": " (e.link) } } }
        }
        h2 #updates { (l.t("Updates", "Updates")) " " span.count { "(" (s.history.len()) ")" } }
        @if s.history.is_empty() {
            p.leeg { (l.t("Nog niet bijgewerkt.", "Not updated yet.")) }
        } @else {
            ol { @for h in s.history.iter().rev() { li {
                (h.at) " — " (h.by)
                @if let Some(st) = h.update.status { " · " (l.t("status", "status")) " " (st.label(l)) }
                @if let Some(o) = &h.update.owner { " · " (l.t("eigenaar", "owner")) " " (o) }
                @if let (Some(p), Some(n)) = (&h.update.period, &h.update.note) { " · " (p) ": " (n) }
                @for m in &h.update.milestones { " · " (l.t("mijlpaal", "milestone")) " " (m.title) " (" (m.due) ")" }
                @for d in &h.update.done { " · " (l.t("gehaald", "done")) " " (d.title) " (" (d.on) ")" }
                @for e in &h.update.evidence { " · " (l.t("bewijs", "evidence")) " " (e.title) }
                @if let Some(t) = &h.update.counts_toward {
                    " · " strong { (l.t("telt mee voor", "counts toward")) } " " (t.kind.label(l)) " (" (t.date) ")"
                }
            } } }
        }
        @if let Some(csrf) = csrf { (formulier(a, csrf, values, fout, l)) }
        p { a href="/bestuur#toezeggingen" { (l.t("Internationale toezeggingen", "International commitments")) } }
    };
    page(taal, &title, Nav::Missies, body)
}

fn formulier(
    a: &Activiteit,
    csrf: &str,
    values: &Waarden,
    fout: Option<&Problemen>,
    l: Lang,
) -> Markup {
    let veld = |name: &str, label: &str, kind: &str| veld("u", values, name, label, kind);
    let status = waarde(values, "status");
    let soort = waarde(values, "counts_toward_kind");
    html! {
        form.bewerken #bijwerken method="post" action=(format!("/activiteiten/{}", a.id)) {
            (csrf_field(csrf))
            h2 { (l.t("Activiteit bijwerken", "Update the activity")) }
            p.meta { (l.t(
                "Vul in wat verandert; lege velden blijven zoals ze zijn.",
                "Fill in what changes; empty fields stay as they are.",
            )) }
            @if let Some(p) = fout { (fouten(p, l)) }
            label for="u-status" { (l.t("Status", "Status")) }
            select #u-status name="status" {
                option value="" selected[status.is_empty()] { (l.t("ongewijzigd", "unchanged")) }
                @for s in ActiviteitStatus::ALL {
                    option value=(s.code()) selected[status == s.code()] { (s.label(l)) }
                }
            }
            (veld("owner", l.t("Eigenaar (id van een initiatiefnemer)", "Owner (id of an initiator)"), "text"))
            (veld("period", l.t("Rapportageperiode van de notitie (bv. 2025-H1)", "Reporting period of the note (e.g. 2025-H1)"), "text"))
            label for="u-note" { (l.t("Voortgangsnotitie", "Progress note")) }
            textarea #u-note name="note" rows="3" { (waarde(values, "note")) }
            @for g in GROEPEN {
                @let n = g.rijen(values);
                input type="hidden" name=(g.teller()) value=(n);
                @for i in 0..n {
                    fieldset #(format!("{}-{i}", g.naam)) {
                        legend { (g.legend.get(l)) @if n > 1 { " " (i + 1) } }
                        @for (v, (_, label, kind)) in g.velden.iter().enumerate() {
                            (veld(&g.veld(i, v), label.get(l), kind))
                        }
                    }
                }
            }
            fieldset #telt-mee {
                legend { (l.t("Telt mee voor een internationale toezegging", "Counts toward an international commitment")) }
                p.meta { (l.t(
                    "Wat plaatsvond (een internationaal overleg, congres, PPP of call) en wanneer; de toezeggingen op /bestuur tellen het mee in dat jaar.",
                    "What took place (an international meeting, congress, PPP or call) and when; the commitments on /bestuur count it in that year.",
                )) }
                label for="u-counts_toward_kind" { (l.t("Soort", "Kind")) }
                select #u-counts_toward_kind name="counts_toward_kind" {
                    option value="" selected[soort.is_empty()] { (l.t("telt niet mee", "does not count")) }
                    @for k in ToezeggingSoort::ALL {
                        option value=(k.code()) selected[soort == k.code()] { (k.label(l)) }
                    }
                }
                (veld("counts_toward_date", l.t("Datum", "Date"), "date"))
            }
            // Saving comes first: Enter in a text field presses a form's first button.
            p.knoppen {
                button type="submit" { (l.t("Update opslaan", "Save update")) }
                @for g in GROEPEN {
                    @if g.rijen(values) < MAX_RIJEN {
                        " "
                        button type="submit" name="meer" value=(g.naam) formnovalidate { (g.meer.get(l)) }
                    }
                }
            }
        }
    }
}

/// Field `field` read as a `T`; empty is `None`, a value that cannot be read is recorded in
/// `p`, named by the field.
fn lees<T: FromStr<Err = Probleem>>(
    values: &Waarden,
    field: &str,
    p: &mut Vec<Probleem>,
) -> Option<T> {
    match waarde(values, field).trim() {
        "" => None,
        s => s
            .parse::<T>()
            .map_err(|e| p.push(e.als_veld(field.to_owned())))
            .ok(),
    }
}

/// Two fields that go together (a milestone's title and date, a commitment's kind and date):
/// both read, or neither given; one without the other names the empty one.
fn paar<A: FromStr<Err = Probleem>, B: FromStr<Err = Probleem>>(
    values: &Waarden,
    (a, b): (&str, &str),
    p: &mut Vec<Probleem>,
) -> Option<(A, B)> {
    let leeg = |k| waarde(values, k).trim().is_empty();
    match (leeg(a), leeg(b)) {
        (true, true) => None,
        (false, false) => match (lees(values, a, p), lees(values, b, p)) {
            (Some(x), Some(y)) => Some((x, y)),
            _ => None,
        },
        (x_leeg, _) => {
            p.push(Probleem::bij_veld(
                (if x_leeg { a } else { b }).to_owned(),
                "vul beide velden in, of geen van beide",
                "fill in both fields, or neither",
            ));
            None
        }
    }
}

/// The form's fields as an update; every field that cannot be read, named by its input.
fn uit_formulier(values: &Waarden) -> Result<ActiviteitUpdate, Problemen> {
    let mut p = Vec::new();
    let u = ActiviteitUpdate {
        status: lees(values, "status", &mut p),
        owner: lees(values, "owner", &mut p),
        period: lees(values, "period", &mut p),
        note: lees(values, "note", &mut p),
        milestones: MIJLPALEN
            .lees(values, &mut p)
            .into_iter()
            .map(|(title, due)| NieuweMijlpaal { title, due })
            .collect(),
        done: GEHAALD
            .lees(values, &mut p)
            .into_iter()
            .map(|(title, on)| MijlpaalGereed { title, on })
            .collect(),
        evidence: BEWIJS
            .lees(values, &mut p)
            .into_iter()
            .map(|(title, link)| Bewijs { title, link })
            .collect(),
        counts_toward: paar(values, ("counts_toward_kind", "counts_toward_date"), &mut p)
            .map(|(kind, date)| TeltVoor { kind, date }),
    };
    if p.is_empty() {
        Ok(u)
    } else {
        Err(Problemen(p))
    }
}

/// `POST /activiteiten/{id}`: 401 without a user, 403 for one who may not, 404 for an unknown
/// activity; a field that cannot be read is 400, an update the rules refuse (an owner not
/// among the initiators, a note without its period, an unknown milestone, nothing changed)
/// 422, each with the page and the form again as sent and the reasons (nothing stored);
/// otherwise back to the activity's updates (303).
pub(crate) async fn opslaan(
    State(state): State<AppState>,
    taal: Taal,
    gebruiker: Gebruiker,
    Path(id): Path<String>,
    sent: Result<Form<Waarden>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&taal, e);
    let account = gebruiker.account().map_err(fail)?.clone();
    let a = activiteit_of_404(&state, &id).map_err(fail)?;
    let Form(mut values) = sent.map_err(|e| fail(onleesbaar("body", e.body_text()).into()))?;
    let meer = waarde(&values, "meer").to_owned();
    if let Some(g) = GROEPEN.iter().find(|g| g.naam == meer) {
        if gemeten_app::may_update_activity(&account, a) {
            // One more row of that group: the form again as sent, nothing stored.
            let n = g.rijen(&values) + 1;
            values.push((g.teller(), n.to_string()));
            let s = stand(&state, a).await.map_err(fail)?;
            return Ok(response(&state, &taal, &gebruiker, a, &s, &values, None));
        }
    }
    let outcome = match uit_formulier(&values) {
        Ok(u) => {
            let key = a.id.clone();
            state
                .schrijf(move |s, r| gemeten_app::update_activity(s, r, &account, &key, &u))
                .await
                .map(|_| ())
        }
        Err(p) => Err(ApiError::BadParam(p)),
    };
    let (status, p) = match outcome {
        Ok(()) => return Ok(see_other(&format!("/activiteiten/{}#updates", a.id))),
        Err(e) => weigering(e).map_err(fail)?,
    };
    let s = stand(&state, a).await.map_err(fail)?;
    let mut response = response(&state, &taal, &gebruiker, a, &s, &values, Some(&p));
    *response.status_mut() = status;
    Ok(response)
}
