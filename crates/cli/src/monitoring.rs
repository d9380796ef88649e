//! `gemeten activities`, `activity ID [update …]`, `reports …` and `kpi mtib`: bottom-up
//! monitoring of the KIA activities and the projects' basic dataset.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;
use serde_json::{json, Value};

use gemeten_app::Herspelen;
use gemeten_domain::{Account, ActiviteitStatus, Id, MissieCode, Register, Tekst};
use gemeten_monitoring::{
    mtib, ontbrekend, overzicht, ActiviteitStand, ActiviteitUpdate, Bekend, Bewijs, Datum,
    MijlpaalGereed, NieuweMijlpaal, Periode, PeriodeId, Probleem, Problemen, Rapport, RapportCheck,
    Uitsplitsing,
};
use gemeten_store::{Beoordeling, MonitoringStore, ProjectStore, Store};

use crate::i18n::{self, Lang};
use crate::show::{heading, print_json, section, Output};
use crate::table;

/// `--today`, or the current date (UTC).
pub fn today(arg: Option<&str>) -> anyhow::Result<Datum> {
    match arg {
        Some(s) => Ok(s.parse().context("--today")?),
        None => Ok(Datum::today()),
    }
}

fn status_label(s: ActiviteitStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => s.label_nl(),
        Lang::En => s.label_en(),
    }
}

pub fn activities(
    store: &Store,
    register: &Register,
    mission: Option<MissieCode>,
    status: Option<&str>,
    today: Datum,
    out: Output,
) -> anyhow::Result<()> {
    let status = status
        .map(|s| s.to_lowercase().parse::<ActiviteitStatus>())
        .transpose()
        .context("--status")?;
    let standen = store.activity_states()?;
    let o = overzicht(register, &standen, mission, status, today);
    if out.json {
        return print_json(&o);
    }
    let lang = out.lang;
    let scope = match mission {
        Some(m) => match lang {
            Lang::Nl => m.label_nl(),
            Lang::En => m.label_en(),
        },
        None => i18n::WHOLE_KIA.get(lang),
    };
    heading(&format!(
        "{} — {scope} ({}, {today})",
        i18n::ACTIVITY_OVERVIEW.get(lang),
        o.total
    ));
    let mut t = table::new(&[&i18n::STATUS, &i18n::COUNT], lang);
    for (s, n) in &o.per_status {
        t.add_row(vec![status_label(*s, lang).to_owned(), n.to_string()]);
    }
    println!("{t}");
    if o.never_updated == o.total {
        println!("\n{}", i18n::NEVER_UPDATED.get(lang));
    }
    section(&i18n::BEHIND, lang, o.behind.len());
    if !o.behind.is_empty() {
        let mut t = table::new(&[&i18n::ACTIVITY, &i18n::REASONS], lang);
        for b in &o.behind {
            t.add_row(vec![b.activiteit.to_string(), b.reasons.join("; ")]);
        }
        println!("{t}");
    }
    heading(&format!(
        "{} ({})",
        i18n::WITHOUT_OWNER.get(lang),
        o.without_owner.len()
    ));
    if o.without_owner.len() == o.total {
        println!("{}", i18n::NONE_YET.get(lang));
    } else {
        let ids: Vec<&str> = o.without_owner.iter().map(Id::as_str).collect();
        println!("{}", ids.join(", "));
    }
    heading(i18n::CARRIERS.get(lang));
    let mut t = table::new(
        &[
            &i18n::ORGANISATION,
            &i18n::AS_OWNER,
            &i18n::AS_INITIATOR,
            &i18n::TOTAL,
        ],
        lang,
    );
    for c in o.carriers.iter().take(10) {
        t.add_row(vec![
            c.name.clone(),
            c.owner.to_string(),
            c.initiator.to_string(),
            c.total.to_string(),
        ]);
    }
    println!("{t}");
    section(&i18n::ACTIVITIES, lang, o.rows.len());
    if !o.rows.is_empty() {
        let mut t = table::new(
            &[
                &i18n::ACTIVITY,
                &i18n::STATUS,
                &i18n::OWNER,
                &i18n::MILESTONES,
                &i18n::PERIOD,
            ],
            lang,
        );
        for r in &o.rows {
            t.add_row(vec![
                r.activiteit.to_string(),
                status_label(r.status, lang).to_owned(),
                r.owner
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                format!("{} / {}", r.milestones_overdue, r.milestones_open),
                r.last_note
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ]);
        }
        println!("{t}");
    }
    Ok(())
}

fn activity_id(register: &Register, id: &str) -> anyhow::Result<Id> {
    let id: Id = id.parse().context("activity id")?;
    if !register.parts().activiteit.iter().any(|a| a.id == id) {
        return Err(gemeten_domain::Probleem::new(
            format!("activiteit '{id}' bestaat niet (zie gemeten activities)"),
            format!("activity '{id}' does not exist (see gemeten activities)"),
        )
        .into());
    }
    Ok(id)
}

fn show_stand(register: &Register, s: &ActiviteitStand, out: Output) -> anyhow::Result<()> {
    let lang = out.lang;
    if out.json {
        return print_json(s);
    }
    let a = register
        .parts()
        .activiteit
        .iter()
        .find(|a| a.id == s.activiteit)
        .context("activity")?;
    heading(&format!(
        "{} {} — {}",
        i18n::ACTIVITY.get(lang),
        a.id,
        a.chapter
    ));
    println!("{}", a.text_nl);
    let inits: Vec<&str> = a.initiatiefnemers.iter().map(Id::as_str).collect();
    println!(
        "{}: {}{}",
        i18n::INITIATORS.get(lang),
        inits.join(", "),
        if a.all_partners {
            format!(" ({})", i18n::ALL_PARTNERS.get(lang))
        } else {
            String::new()
        }
    );
    println!(
        "{}: {}",
        i18n::STATUS.get(lang),
        status_label(s.status, lang)
    );
    println!(
        "{}: {}",
        i18n::OWNER.get(lang),
        s.owner
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_else(|| i18n::UNKNOWN.get(lang).to_owned())
    );
    section(&i18n::MILESTONES, lang, s.milestones.len());
    if !s.milestones.is_empty() {
        let mut t = table::new(&[&i18n::TITLE, &i18n::DUE, &i18n::DONE], lang);
        for m in &s.milestones {
            t.add_row(vec![
                m.title.to_string(),
                m.due.to_string(),
                m.done.map(|d| d.to_string()).unwrap_or_default(),
            ]);
        }
        println!("{t}");
    }
    section(&i18n::EVIDENCE, lang, s.evidence.len());
    for e in &s.evidence {
        println!("  {} — {}", e.title, e.link);
    }
    section(&i18n::NOTES, lang, s.notes.len());
    for n in &s.notes {
        println!("  {} ({}, {}): {}", n.period, n.by, n.at, n.note);
    }
    section(&i18n::UPDATES, lang, s.history.len());
    if !s.history.is_empty() {
        let mut t = table::new(&[&i18n::WHEN, &i18n::WHO, &i18n::CHANGE], lang);
        for h in &s.history {
            t.add_row(vec![
                h.at.clone(),
                h.by.clone(),
                serde_json::to_string(&h.update)?,
            ]);
        }
        println!("{t}");
    }
    Ok(())
}

pub fn activity(store: &Store, register: &Register, id: &str, out: Output) -> anyhow::Result<()> {
    let id = activity_id(register, id)?;
    let s = ActiviteitStand::replay(id.clone(), store.activity_history(&id)?);
    show_stand(register, &s, out)
}

/// The options of `activity ID update`.
pub struct Bijwerken {
    pub status: Option<String>,
    pub owner: Option<String>,
    pub note: Option<String>,
    pub period: Option<String>,
    pub milestone: Vec<String>,
    pub done: Vec<String>,
    pub evidence: Vec<String>,
    pub counts_toward: Option<String>,
}

/// Parses the command-line update, listing every bad option.
fn parse_update(id: &Id, b: Bijwerken) -> Result<ActiviteitUpdate, Problemen> {
    let rec = format!("activiteit '{id}'");
    let mut p = Vec::new();
    let mut u = ActiviteitUpdate::default();
    let mut bad = |field: &'static str, e: Probleem| p.push(e.als_veld(field).record(&rec));
    if let Some(s) = b.status {
        match s.to_lowercase().parse() {
            Ok(s) => u.status = Some(s),
            Err(e) => bad("status", e),
        }
    }
    if let Some(o) = b.owner {
        match o.parse() {
            Ok(o) => u.owner = Some(o),
            Err(e) => bad("owner", e),
        }
    }
    if let Some(n) = b.note {
        match n.parse::<Tekst>() {
            Ok(n) => u.note = Some(n),
            Err(e) => bad("note", e),
        }
    }
    if let Some(t) = b.period {
        match t.parse::<PeriodeId>() {
            Ok(t) => u.period = Some(t),
            Err(e) => bad("period", e),
        }
    }
    let split = |s: &str| -> Result<(Tekst, Datum), Probleem> {
        let (title, date) = s.rsplit_once(':').ok_or_else(|| {
            Probleem::new(
                format!("'{s}' heeft niet de vorm \"titel:JJJJ-MM-DD\""),
                format!("'{s}' is not \"title:YYYY-MM-DD\""),
            )
        })?;
        let bij = |e: Probleem| {
            Probleem::new(
                format!("'{s}': {}", e.reason.nl),
                format!("'{s}': {}", e.reason.en),
            )
        };
        Ok((
            title.trim().parse().map_err(bij)?,
            date.trim().parse().map_err(bij)?,
        ))
    };
    for m in &b.milestone {
        match split(m) {
            Ok((title, due)) => u.milestones.push(NieuweMijlpaal { title, due }),
            Err(e) => bad("milestone", e),
        }
    }
    for d in &b.done {
        match split(d) {
            Ok((title, on)) => u.done.push(MijlpaalGereed { title, on }),
            Err(e) => bad("done", e),
        }
    }
    if let Some(c) = &b.counts_toward {
        let parsed = c.split_once(':').ok_or_else(|| {
            Probleem::new(
                format!("'{c}' heeft niet de vorm \"soort:JJJJ-MM-DD\""),
                format!("'{c}' is not \"kind:YYYY-MM-DD\""),
            )
        });
        match parsed.and_then(|(k, d)| {
            Ok(gemeten_domain::TeltVoor {
                kind: k.trim().to_lowercase().parse()?,
                date: d.trim().parse()?,
            })
        }) {
            Ok(t) => u.counts_toward = Some(t),
            Err(e) => bad("counts_toward", e),
        }
    }
    for e in &b.evidence {
        let parsed = e.split_once('|').and_then(|(t, l)| {
            Some(Bewijs {
                title: t.trim().parse().ok()?,
                link: l.trim().parse().ok()?,
            })
        });
        match parsed {
            Some(x) => u.evidence.push(x),
            None => bad(
                "evidence",
                Probleem::new(
                    format!("'{e}' heeft niet de vorm \"titel|url of pad\""),
                    format!("'{e}' is not \"title|url or path\""),
                ),
            ),
        }
    }
    if p.is_empty() {
        Ok(u)
    } else {
        Err(Problemen(p))
    }
}

pub fn update_activity(
    store: &mut Store,
    register: &Register,
    account: &Account,
    id: &str,
    b: Bijwerken,
    out: Output,
) -> anyhow::Result<()> {
    let id = activity_id(register, id)?;
    let u = parse_update(&id, b)?;
    let s = gemeten_app::update_activity(store, register, account, &id, &u)?;
    if out.json {
        return print_json(&s);
    }
    println!("{}: {id}", i18n::UPDATED.get(out.lang));
    show_stand(register, &s, out)
}

pub fn add_period(
    store: &mut Store,
    account: &Account,
    id: &str,
    due: &str,
    out: Output,
) -> anyhow::Result<()> {
    let p = Periode {
        // The one problem type, named by its option, so it is said in `--lang`.
        id: id.parse().map_err(|e: Probleem| e.als_veld("PERIOD"))?,
        due: due.parse().map_err(|e: Probleem| e.als_veld("--due"))?,
        closed: false,
    };
    gemeten_app::add_period(store, account, &p)?;
    periods(store, out)
}

pub fn close_period(
    store: &mut Store,
    account: &Account,
    id: &str,
    out: Output,
) -> anyhow::Result<()> {
    gemeten_app::close_period(store, account, &id.parse().context("period")?)?;
    periods(store, out)
}

pub fn periods(store: &Store, out: Output) -> anyhow::Result<()> {
    let ps = store.periods()?;
    if out.json {
        return print_json(&ps);
    }
    section(&i18n::PERIODS, out.lang, ps.len());
    if !ps.is_empty() {
        let mut t = table::new(&[&i18n::PERIOD, &i18n::DUE, &i18n::CLOSED], out.lang);
        for p in &ps {
            let closed = if p.closed { &i18n::YES } else { &i18n::NO };
            t.add_row(vec![
                p.id.to_string(),
                p.due.to_string(),
                closed.get(out.lang).to_owned(),
            ]);
        }
        println!("{t}");
    }
    Ok(())
}

/// The reports of a JSON or TOML file: `{"reports": [...]}`, a list, or one report.
fn read_reports(file: &Path, register: &Register) -> anyhow::Result<Vec<(String, Rapport)>> {
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file).with_context(|| name.clone())?;
    let value: Value = if name.ends_with(".toml") {
        let t: toml::Value = toml::from_str(&text).with_context(|| name.clone())?;
        serde_json::to_value(t)?
    } else {
        serde_json::from_str(&text).with_context(|| name.clone())?
    };
    let list = match &value {
        Value::Array(a) => a.clone(),
        Value::Object(o) if o.contains_key("reports") => {
            o["reports"].as_array().cloned().ok_or_else(|| {
                gemeten_domain::Probleem::bij_veld(
                    "reports",
                    "moet een lijst zijn",
                    "must be a list",
                )
                .bestand(name.to_string())
            })?
        }
        Value::Object(_) => vec![value.clone()],
        _ => {
            return Err(gemeten_domain::Probleem::new(
                "verwacht een rapportage, een lijst rapportages of {\"reports\": [...]}",
                "expected a report, a list of reports or {\"reports\": [...]}",
            )
            .bestand(name.to_string())
            .into())
        }
    };
    let cat = gemeten_indicators::Catalogus::standaard()?;
    let bekend = Bekend {
        kia_vragen: Some(
            register
                .parts()
                .kia_vraag
                .iter()
                .map(|q| q.id.to_string())
                .collect::<BTreeSet<_>>(),
        ),
        regios: Some(cat.regios.keys().cloned().collect()),
    };
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let rec = format!("{name} #{}", i + 1);
        match Rapport::check(v, &rec, &bekend) {
            Ok(r) => out.push((format!("{rec} ({}, {})", r.project, r.period), r)),
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(Problemen(problems).into());
    }
    Ok(out)
}

pub fn submit(
    store: &mut Store,
    register: &Register,
    account: &Account,
    file: &Path,
    replace: bool,
    today: Datum,
    out: Output,
) -> anyhow::Result<()> {
    let reports = read_reports(file, register)?;
    let n = gemeten_app::submit_reports(store, account, &reports, today, replace)?;
    if out.json {
        return print_json(&json!({ "submitted": n, "on": today }));
    }
    println!("{n} {} ({today})", i18n::SUBMITTED.get(out.lang));
    Ok(())
}

pub fn review(
    store: &mut Store,
    account: &Account,
    project: &str,
    period: &str,
    reject: Option<String>,
    out: Output,
) -> anyhow::Result<()> {
    let decision = match reject {
        Some(r) => Beoordeling::Afwijzen(r),
        None => Beoordeling::Goedkeuren,
    };
    let project: Id = project.parse().context("project")?;
    let period: PeriodeId = period.parse().context("period")?;
    let status = gemeten_app::review_report(store, account, &project, &period, &decision)?;
    if out.json {
        return print_json(&json!({ "project": project, "period": period, "status": status }));
    }
    println!(
        "{}: {project} {period} → {}",
        i18n::REVIEWED.get(out.lang),
        match out.lang {
            Lang::Nl => status.label_nl(),
            Lang::En => status.label_en(),
        }
    );
    Ok(())
}

pub fn list_reports(store: &Store, period: Option<&str>, out: Output) -> anyhow::Result<()> {
    let period: Option<PeriodeId> = period.map(str::parse).transpose().context("period")?;
    let rs = store.reports(period.as_ref())?;
    if out.json {
        return print_json(&rs);
    }
    section(&i18n::REPORTS, out.lang, rs.len());
    if !rs.is_empty() {
        let mut t = table::new(
            &[
                &i18n::PROJECT,
                &i18n::PERIOD,
                &i18n::STATUS,
                &i18n::SUBMITTED_ON,
                &i18n::REASONS,
            ],
            out.lang,
        );
        for r in &rs {
            let status = match out.lang {
                Lang::Nl => r.status.label_nl(),
                Lang::En => r.status.label_en(),
            };
            t.add_row(vec![
                r.rapport.project.to_string(),
                r.rapport.period.to_string(),
                if r.replaced {
                    format!("{status} (vervangen)")
                } else {
                    status.to_owned()
                },
                r.submitted_on.to_string(),
                r.reason.clone().unwrap_or_default(),
            ]);
        }
        println!("{t}");
    }
    Ok(())
}

pub fn missing(store: &Store, period: &str, today: Datum, out: Output) -> anyhow::Result<()> {
    let id: PeriodeId = period.parse().context("period")?;
    let Some(p) = store.periods()?.into_iter().find(|p| p.id == id) else {
        return Err(gemeten_domain::Probleem::new(
            format!(
                "rapportageperiode '{id}' bestaat niet (gemeten reports period add {id} --due …)"
            ),
            format!(
                "reporting period '{id}' does not exist (gemeten reports period add {id} --due …)"
            ),
        )
        .into());
    };
    let o = ontbrekend(&p, &store.projects()?, &store.reports(Some(&id))?, today);
    if out.json {
        return print_json(&o);
    }
    let lang = out.lang;
    heading(&format!(
        "{} {} ({} {}, {today})",
        i18n::PERIOD.get(lang),
        o.period,
        i18n::DUE.get(lang).to_lowercase(),
        o.due
    ));
    println!("{}: {}", i18n::EXPECTED_REPORTS.get(lang), o.expected);
    section(&i18n::MISSING, lang, o.missing.len());
    for m in &o.missing {
        println!("  {m}");
    }
    section(&i18n::LATE, lang, o.late.len());
    if !o.late.is_empty() {
        let mut t = table::new(
            &[&i18n::PROJECT, &i18n::SUBMITTED_ON, &i18n::DAYS_LATE],
            lang,
        );
        for l in &o.late {
            t.add_row(vec![
                l.project.to_string(),
                l.submitted_on.to_string(),
                l.days_late.to_string(),
            ]);
        }
        println!("{t}");
    }
    Ok(())
}

pub fn kpis(
    store: &Store,
    by: Option<Uitsplitsing>,
    period: Option<&str>,
    out: Output,
) -> anyhow::Result<()> {
    let period: Option<PeriodeId> = period.map(str::parse).transpose().context("--period")?;
    let k = mtib(&store.reports(None)?, period.as_ref(), by);
    if out.json {
        return print_json(&k);
    }
    let lang = out.lang;
    heading(&format!(
        "{}{}",
        i18n::MTIB_KPIS.get(lang),
        period.map(|p| format!(" — {p}")).unwrap_or_default()
    ));
    let mut t = table::new(
        &[
            &i18n::BREAKDOWN,
            &i18n::REPORTS,
            &i18n::PUBLIC_EUR,
            &i18n::PRIVATE_EUR,
            &i18n::IN_KIND_EUR,
            &i18n::FTE,
            &i18n::MKB,
            &i18n::PARTNERS,
            &i18n::OUTPUTS,
            &i18n::REACH,
        ],
        lang,
    );
    for r in k.rows.iter().chain(std::iter::once(&k.total)) {
        let key = if r.key == "totaal" {
            i18n::TOTAL.get(lang).to_owned()
        } else {
            r.key.clone()
        };
        t.add_row(vec![
            key,
            r.reports.to_string(),
            r.public_eur.to_string(),
            r.private_eur.to_string(),
            r.in_kind_eur.to_string(),
            format!("{:.1}", r.fte),
            r.mkb.to_string(),
            r.partners.to_string(),
            format!(
                "{}/{}/{}/{}",
                r.publications, r.products, r.patents, r.spinoffs
            ),
            r.reach_low_ses.to_string(),
        ]);
    }
    println!("{t}");
    if k.by.is_some() && !k.rows_add_up {
        println!("{}", i18n::ROWS_OVERLAP.get(lang));
    }
    println!(
        "{} {}, {} {}",
        i18n::NOT_COUNTED.get(lang),
        k.not_counted_submitted,
        i18n::REJECTED.get(lang),
        k.not_counted_rejected
    );
    Ok(())
}

/// Activity status counts per mission, for the progress report.
pub fn status_per_missie(
    store: &Store,
    register: &Register,
    today: Datum,
    lang: Lang,
) -> anyhow::Result<Vec<gemeten_publicatie::ActiviteitTelling>> {
    let standen = store.activity_states()?;
    Ok(register
        .missies()
        .iter()
        .map(|m| {
            let o = overzicht(register, &standen, Some(m.code), None, today);
            let counts = o
                .per_status
                .iter()
                .map(|(s, n)| {
                    let label = match lang {
                        Lang::Nl => s.label_nl(),
                        Lang::En => s.label_en(),
                    };
                    (label.to_owned(), *n)
                })
                .collect();
            (m.code, counts)
        })
        .collect())
}
