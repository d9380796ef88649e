//! Showing the register: readable tables by default, JSON with `--json`.

use serde::Serialize;

use gemeten_domain::{
    Bron, Doel, Fase, Innovatie, Instrument, KnoopSoort, MissieCode, Register, Streefwaarde, Tekst,
    ToCKnoop, Trl,
};

use crate::i18n::{self, Label, Lang};
use crate::table;

#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub lang: Lang,
    pub json: bool,
}

pub(crate) fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub(crate) fn bron(b: &Bron) -> String {
    match &b.lines {
        Some(l) => format!("{} r.{l}", b.doc.code()),
        None => b.doc.code().to_owned(),
    }
}

pub(crate) fn missie_label(code: MissieCode, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => code.label_nl(),
        Lang::En => code.label_en(),
    }
}

fn pick<'a>(nl: &'a Tekst, en: &'a Option<Tekst>, lang: Lang) -> &'a str {
    match (lang, en) {
        (Lang::En, Some(en)) => en.as_str(),
        _ => nl.as_str(),
    }
}

pub(crate) fn codes(m: &[MissieCode]) -> String {
    m.iter().map(|c| c.code()).collect::<Vec<_>>().join(", ")
}

pub(crate) fn heading(text: &str) {
    let text = terminal(text);
    println!("\n{text}\n{}", "─".repeat(text.chars().count()));
}

/// Text for the terminal: control characters other than a line break (an escape that would
/// start a terminal control sequence, a carriage return that overwrites the line, a NUL)
/// are shown as `\u{1b}` rather than sent. The store refuses them in new text; this covers
/// what came in before and what is printed from files.
pub(crate) fn terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\n".to_owned(),
            '\t' => " ".to_owned(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

pub(crate) fn section(title: &Label, lang: Lang, n: usize) {
    heading(&format!("{} ({n})", title.get(lang)));
    if n == 0 {
        println!("{}", i18n::NONE_YET.get(lang));
    }
}

pub fn counts(register: &Register, schema: usize, out: Output) -> anyhow::Result<()> {
    let counts = register.parts().counts();
    if out.json {
        #[derive(Serialize)]
        struct Counts<'a> {
            schema_version: usize,
            tables: Vec<(&'a str, usize)>,
        }
        return print_json(&Counts {
            schema_version: schema,
            tables: counts,
        });
    }
    let mut t = table::new(&[&i18n::TABLE, &i18n::COUNTS], out.lang);
    for (name, n) in counts {
        t.add_row(vec![name.to_string(), n.to_string()]);
    }
    println!("{t}");
    Ok(())
}

pub fn missions(register: &Register, out: Output) -> anyhow::Result<()> {
    if out.json {
        return print_json(register.missies());
    }
    let lang = out.lang;
    let mut t = table::new(
        &[
            &i18n::CODE,
            &i18n::TITLE,
            &i18n::MISSION_TEXT,
            &i18n::DEADLINE,
            &i18n::TARGETS,
            &i18n::QUESTIONS,
            &i18n::ACTIVITIES,
            &i18n::INNOVATIONS,
        ],
        lang,
    );
    for m in register.missies() {
        let o = register
            .overzicht(m.code)
            .expect("mission is in the register");
        t.add_row(vec![
            m.code.code().to_owned(),
            pick(&m.title_nl, &m.title_en, lang).to_owned(),
            pick(&m.text_nl, &m.text_en, lang).to_owned(),
            m.deadline.to_string(),
            o.doelen.len().to_string(),
            o.kia_vragen.len().to_string(),
            o.activiteiten.len().to_string(),
            o.innovaties.len().to_string(),
        ]);
    }
    heading(i18n::MISSIONS.get(lang));
    println!("{t}");
    Ok(())
}

/// "+50 %", "−30 %", "+5 jaar", "80 %", "kwalitatief".
pub fn streefwaarde(d: &Doel, lang: Lang) -> String {
    let unit = d.unit.as_str();
    match d.streefwaarde {
        Streefwaarde::RelatieveVerandering(v) => format!("{v:+} %"),
        Streefwaarde::AbsoluteVerandering(v) => format!("{v:+} {unit}"),
        Streefwaarde::Niveau(v) => format!("{v} {unit}"),
        Streefwaarde::Kwalitatief => match lang {
            Lang::Nl => d.streefwaarde.kind().label_nl().to_owned(),
            Lang::En => d.streefwaarde.kind().label_en().to_owned(),
        },
    }
}

fn doelen_table(doelen: &[&Doel], lang: Lang) -> comfy_table::Table {
    let mut t = table::new(
        &[
            &i18n::INDICATOR,
            &i18n::TARGET,
            &i18n::BASELINE,
            &i18n::DEADLINE,
            &i18n::DIRECTION,
            &i18n::SOURCE,
        ],
        lang,
    );
    for d in doelen {
        let baseline = match (d.tijdpad.baseline_year(), d.tijdpad.baseline_value()) {
            (Some(y), Some(v)) => format!("{v} ({y})"),
            (Some(y), None) => y.to_string(),
            _ => i18n::UNKNOWN.get(lang).to_owned(),
        };
        let direction = match lang {
            Lang::Nl => d.direction.label_nl(),
            Lang::En => d.direction.label_en(),
        };
        t.add_row(vec![
            pick(&d.indicator_nl, &d.indicator_en, lang).to_owned(),
            streefwaarde(d, lang),
            baseline,
            d.tijdpad.deadline().to_string(),
            direction.to_owned(),
            bron(&d.source),
        ]);
    }
    t
}

fn instrumenten_table(instrumenten: &[&Instrument], lang: Lang) -> comfy_table::Table {
    let mut t = table::new(
        &[
            &i18n::PROGRAMME,
            &i18n::INSTRUMENT,
            &i18n::BUDGET,
            &i18n::MISSIONS_IN,
            &i18n::TRL,
            &i18n::SOURCE,
        ],
        lang,
    );
    for i in instrumenten {
        let programmas: Vec<&str> = i.programmas.iter().map(|p| p.as_str()).collect();
        let trl = i
            .trl
            .map(|r| format!("{}-{}", r.min(), r.max()))
            .unwrap_or_else(|| i18n::UNKNOWN.get(lang).to_owned());
        t.add_row(vec![
            programmas.join(", "),
            i.name_nl.to_string(),
            i.budget_text.to_string(),
            codes(&i.missies),
            trl,
            bron(&i.source),
        ]);
    }
    t
}

pub(crate) fn fase(f: Option<Fase>, lang: Lang) -> &'static str {
    match (f, lang) {
        (Some(f), Lang::Nl) => f.label_nl(),
        (Some(f), Lang::En) => f.label_en(),
        (None, _) => "?",
    }
}

fn innovaties_table(
    register: &Register,
    innovaties: &[&Innovatie],
    lang: Lang,
) -> comfy_table::Table {
    let mut t = table::new(
        &[
            &i18n::NAME,
            &i18n::MISSIONS_IN,
            &i18n::PHASES,
            &i18n::SELECTED,
            &i18n::BARRIERS,
            &i18n::SOURCE,
        ],
        lang,
    );
    for i in innovaties {
        let barriers: Vec<&str> = i
            .barrieres
            .iter()
            .filter_map(|b| register.barriere(b))
            .map(|b| b.title_nl.as_str())
            .collect();
        let yes_no = if i.selected { &i18n::YES } else { &i18n::NO };
        t.add_row(vec![
            format!("{}\n{}", i.name, i.description_nl),
            codes(&i.missies),
            format!(
                "{} / {} / {}",
                fase(i.phase_innovation, lang),
                fase(i.phase_stakeholders, lang),
                fase(i.phase_environment, lang)
            ),
            yes_no.get(lang).to_owned(),
            barriers.join("\n"),
            bron(&i.source),
        ]);
    }
    t
}

/// Pathway order: by stage, then by the node's number, so `II-input-2` comes before `II-input-10`.
fn toc_order(k: &ToCKnoop) -> (KnoopSoort, u32, &str) {
    let id = k.id.as_str();
    let number = id.rsplit('-').next().and_then(|n| n.parse().ok());
    (k.kind, number.unwrap_or(u32::MAX), id)
}

pub fn mission(register: &Register, code: MissieCode, out: Output) -> anyhow::Result<()> {
    let lang = out.lang;
    let Some(o) = register.overzicht(code) else {
        return Err(gemeten_domain::Probleem::new(
            format!("missie {code} staat niet in het register"),
            format!("mission {code} is not in the register"),
        )
        .into());
    };
    if out.json {
        return print_json(&o);
    }
    let m = o.missie;
    heading(&format!(
        "{} — {} ({})",
        missie_label(code, lang),
        pick(&m.title_nl, &m.title_en, lang),
        m.deadline
    ));
    println!("{}", pick(&m.text_nl, &m.text_en, lang));
    println!("{}: {}", i18n::SOURCE.get(lang), m.source);
    if let Some(old) = &m.text_2019_nl {
        println!("{}: {old}", i18n::WORDING_2019.get(lang));
    }

    section(&i18n::TARGETS, lang, o.doelen.len());
    if !o.doelen.is_empty() {
        println!("{}", doelen_table(&o.doelen, lang));
    }

    section(&i18n::THEORY_OF_CHANGE, lang, o.toc_knopen.len());
    if !o.toc_knopen.is_empty() {
        let mut t = table::new(&[&i18n::STAGE, &i18n::MISSION_TEXT, &i18n::LEADS_TO], lang);
        t.set_header(vec![i18n::STAGE.get(lang), "", i18n::LEADS_TO.get(lang)]);
        let mut knopen = o.toc_knopen.clone();
        knopen.sort_by_key(|k| toc_order(k));
        for k in knopen {
            let to: Vec<&str> = o
                .toc_pijlen
                .iter()
                .filter(|a| a.from == k.id)
                .map(|a| a.to.as_str())
                .collect();
            let kind = match lang {
                Lang::Nl => k.kind.label_nl(),
                Lang::En => k.kind.label_en(),
            };
            t.add_row(vec![
                format!("{kind}\n{}", k.id),
                pick(&k.text_nl, &k.text_en, lang).to_owned(),
                to.join("\n"),
            ]);
        }
        println!("{t}");
    }

    section(&i18n::QUESTIONS, lang, o.kia_vragen.len());
    if !o.kia_vragen.is_empty() {
        let mut t = table::new(
            &[&i18n::CODE, &i18n::KIND, &i18n::QUESTION, &i18n::SOURCE],
            lang,
        );
        for v in &o.kia_vragen {
            let kind = match lang {
                Lang::Nl => v.kind.label_nl(),
                Lang::En => v.kind.label_en(),
            };
            t.add_row(vec![
                v.id.to_string(),
                kind.to_owned(),
                pick(&v.text_nl, &v.text_en, lang).to_owned(),
                bron(&v.source),
            ]);
        }
        println!("{t}");
    }

    section(&i18n::ACTIVITIES, lang, o.activiteiten.len());
    if !o.activiteiten.is_empty() {
        let mut t = table::new(
            &[
                &i18n::NUMBER,
                &i18n::ACTIVITY,
                &i18n::INITIATORS,
                &i18n::SOURCE,
            ],
            lang,
        );
        for a in &o.activiteiten {
            let mut names: Vec<String> = a
                .initiatiefnemers
                .iter()
                .map(|id| {
                    register
                        .organisatie(id)
                        .map_or(id.to_string(), |o| o.name.to_string())
                })
                .collect();
            if a.all_partners {
                names.insert(0, i18n::ALL_PARTNERS.get(lang).to_owned());
            }
            t.add_row(vec![
                a.number.to_string(),
                pick(&a.text_nl, &a.text_en, lang).to_owned(),
                names.join("\n"),
                bron(&a.source),
            ]);
        }
        println!("{t}");
    }

    section(&i18n::INSTRUMENTS, lang, o.instrumenten.len());
    if !o.instrumenten.is_empty() {
        println!("{}", instrumenten_table(&o.instrumenten, lang));
    }

    section(&i18n::INNOVATIONS, lang, o.innovaties.len());
    if !o.innovaties.is_empty() {
        println!("{}", innovaties_table(register, &o.innovaties, lang));
    }

    if !o.criteria.is_empty() {
        section(&i18n::CRITERIA, lang, o.criteria.len());
        let mut t = table::new(&[&i18n::CODE, &i18n::CRITERION, &i18n::SOURCE], lang);
        for c in &o.criteria {
            t.add_row(vec![
                c.id.to_string(),
                c.text_nl.to_string(),
                bron(&c.source),
            ]);
        }
        println!("{t}");
    }
    Ok(())
}

pub fn instruments(
    register: &Register,
    mission: Option<MissieCode>,
    trl: Option<Trl>,
    out: Output,
) -> anyhow::Result<()> {
    let list = register.instrumenten(mission, trl);
    if out.json {
        return print_json(&list);
    }
    section(&i18n::INSTRUMENTS, out.lang, list.len());
    if list.is_empty() {
        println!("{}", i18n::NO_MATCH.get(out.lang));
    } else {
        println!("{}", instrumenten_table(&list, out.lang));
    }
    Ok(())
}

pub fn innovations(
    register: &Register,
    mission: Option<MissieCode>,
    phase: Option<Fase>,
    out: Output,
) -> anyhow::Result<()> {
    let list = register.innovaties(mission, phase);
    if out.json {
        return print_json(&list);
    }
    section(&i18n::INNOVATIONS, out.lang, list.len());
    if list.is_empty() {
        println!("{}", i18n::NO_MATCH.get(out.lang));
    } else {
        println!("{}", innovaties_table(register, &list, out.lang));
    }
    Ok(())
}

/// `gemeten kies`: the ecosystem's elements per kind, with their missions, where the
/// register has them and how many projects link them (real, and made-up examples after a
/// `+`); `--json` as `GET /api/v1/kies`.
pub fn kies(
    store: &gemeten_store::Store,
    register: &Register,
    mission: Option<MissieCode>,
    kind: Option<gemeten_domain::KiesSoort>,
    out: Output,
) -> anyhow::Result<()> {
    use gemeten_store::ProjectStore;
    let graaf = register.kies(mission, kind);
    let tellingen = gemeten_domain::kies_tellingen(&store.projects()?);
    if out.json {
        return print_json(&graaf.overzicht(mission, kind, &tellingen));
    }
    for s in gemeten_domain::KiesSoort::ALL {
        if kind.is_some_and(|k| k != *s) {
            continue;
        }
        let knopen = graaf.van_soort(*s);
        let title = Label(s.label_nl(), s.label_en());
        section(&title, out.lang, knopen.len());
        if knopen.is_empty() {
            continue;
        }
        let mut t = table::new(
            &[
                &i18n::KIES_ELEMENT,
                &i18n::KIES_LABEL,
                &i18n::KIES_MISSIONS,
                &i18n::KIES_REGISTER,
                &i18n::KIES_PROJECTS,
                &i18n::KIES_SOURCE,
            ],
            out.lang,
        );
        for k in knopen {
            let missies: Vec<&str> = graaf.missies_van(&k.id).iter().map(|m| m.code()).collect();
            let reg: Vec<String> = [
                k.organisatie.as_ref().map(|o| format!("organisatie {o}")),
                k.instrument.as_ref().map(|i| format!("instrument {i}")),
                k.programma.as_ref().map(|p| format!("programma {p}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            t.add_row(vec![
                terminal(k.name(out.lang).0).into_owned(),
                terminal(k.label()).into_owned(),
                missies.join(", "),
                reg.join("; "),
                aantal(tellingen.get(&k.id).copied().unwrap_or_default(), out.lang),
                bron(&k.source),
            ]);
        }
        println!("{t}");
    }
    Ok(())
}

/// Projects linking an element: "2" real ones, "0 + 3 vb-" with made-up examples.
fn aantal(t: gemeten_domain::KiesProjecten, lang: Lang) -> String {
    match (t.voorbeeld, lang) {
        (0, _) => t.echt.to_string(),
        (v, Lang::Nl) => format!("{} + {v} voorbeeld", t.echt),
        (v, Lang::En) => format!("{} + {v} example", t.echt),
    }
}

/// `gemeten kies ID`: one element, its missions (with the cells' words), the register's
/// records it is and the projects that link it; `--json` as `GET /api/v1/kies/{id}` with
/// every project.
pub fn kies_knoop(
    store: &gemeten_store::Store,
    register: &Register,
    id: &str,
    out: Output,
) -> anyhow::Result<()> {
    use gemeten_store::ProjectStore;
    let key: gemeten_domain::Id = id
        .trim()
        .parse()
        .map_err(|p: gemeten_domain::Probleem| p.als_veld("ID"))?;
    let projects = store.kies_projects(&key)?;
    let Some(e) = register.kies_element(&key, &projects) else {
        return Err(
            gemeten_domain::Probleem::onbekend("ID", "KIES-element", "KIES element", &key).into(),
        );
    };
    if out.json {
        return print_json(&e);
    }
    let k = e.knoop.knoop;
    println!("{} — {}", k.id, terminal(k.name(out.lang).0));
    println!(
        "{}: {} · {}: {}",
        i18n::KIES_MISSIONS.get(out.lang),
        e.knoop
            .missies
            .iter()
            .map(|m| m.code())
            .collect::<Vec<_>>()
            .join(", "),
        i18n::KIES_SOURCE.get(out.lang),
        bron(&k.source)
    );
    for p in &e.pijlen {
        println!(
            "  {}: \u{201c}{}\u{201d} ({})",
            p.to.code(),
            terminal(p.text_nl.as_str()),
            bron(&p.source)
        );
    }
    for v in &e.verwijzingen {
        println!(
            "{}: {} {}",
            i18n::KIES_REGISTER.get(out.lang),
            v.to_kind,
            v.to
        );
    }
    section(&i18n::KIES_PROJECTS, out.lang, e.items.len());
    if e.knoop.projecten.voorbeeld > 0 {
        println!(
            "{}",
            match out.lang {
                Lang::Nl => format!(
                    "{} daarvan zijn verzonnen voorbeelden (id's vb-…), geen echte projecten",
                    e.knoop.projecten.voorbeeld
                ),
                Lang::En => format!(
                    "{} of them are made-up examples (ids vb-…), not real projects",
                    e.knoop.projecten.voorbeeld
                ),
            }
        );
    }
    for p in &e.items {
        let m = p
            .missies
            .iter()
            .map(|m| m.code())
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "  {} — {} ({}; {m})",
            p.id,
            terminal(p.title.as_str()),
            terminal(p.funder.as_str())
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(
            super::terminal("gewoon\ntwee regels"),
            "gewoon\ntwee regels"
        );
        assert_eq!(
            super::terminal("a\u{1b}[2Jb\rc\u{0}d\u{9b}e"),
            "a\\u{1b}[2Jb\\u{d}c\\u{0}d\\u{9b}e"
        );
    }
}
