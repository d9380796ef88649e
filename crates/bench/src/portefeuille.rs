//! A synthetic project portfolio as funders would export it: titles and summaries built
//! from health-care vocabulary per mission, partners, readiness levels, funding, and a
//! share of projects registered twice with different funders (to be found as duplicates)
//! or without labels (to be classified). Not real projects.

use gemeten_domain::{MissieCode, Project, Register};

/// (mission, technologies, target groups) — the words a project of that mission uses.
const THEMA: &[(MissieCode, &[&str], &[&str])] = &[
    (
        MissieCode::I,
        &[
            "leefstijlcoaching",
            "beweegprogramma",
            "voedingsapp",
            "rookstopbegeleiding",
            "gezonde schoolomgeving",
        ],
        &[
            "jongeren",
            "kinderen in kwetsbare wijken",
            "mensen met overgewicht",
            "gezinnen met een lage SEP",
        ],
    ),
    (
        MissieCode::II,
        &[
            "thuismonitoring",
            "valdetectie",
            "zorgrobot",
            "beeldbellen",
            "medicatiedispenser",
            "digitale zorgcoördinatie",
        ],
        &[
            "thuiswonende ouderen",
            "mensen met hartfalen",
            "mantelzorgers",
            "wijkverpleegkundigen",
        ],
    ),
    (
        MissieCode::III,
        &[
            "re-integratiecoaching",
            "exoskelet",
            "rolstoelvervoer op afroep",
            "werkplekaanpassing",
            "zelfmanagementplatform",
        ],
        &[
            "werknemers met reuma",
            "mensen met een chronische ziekte",
            "jongeren met een beperking",
            "mensen met rugklachten",
        ],
    ),
    (
        MissieCode::IV,
        &[
            "dagritme-assistent",
            "geheugentraining",
            "leefstijlinterventie tegen dementie",
            "vroege diagnostiek",
        ],
        &[
            "mensen met dementie",
            "mensen met beginnende geheugenklachten",
            "mantelzorgers van mensen met dementie",
        ],
    ),
    (
        MissieCode::V,
        &[
            "sneltest voor antibioticaresistentie",
            "rioolwatersurveillance",
            "vaccinatie-app",
            "uitbraakvoorspelling",
        ],
        &[
            "huisartsenpraktijken",
            "GGD's",
            "verpleeghuizen",
            "ziekenhuislaboratoria",
        ],
    ),
];

const CONTEXT: &[&str] = &[
    "in de wijk",
    "thuis",
    "op het werk",
    "in de huisartsenpraktijk",
    "in het ziekenhuis",
    "in de regio",
    "in het verpleeghuis",
];

const EFFECT: &[&str] = &[
    "zodat zorg dichter bij huis plaatsvindt",
    "om gezondheidsverschillen te verkleinen",
    "zodat mensen langer meedoen",
    "om de druk op zorgpersoneel te verlagen",
    "met aandacht voor mensen met een lage sociaaleconomische positie",
    "om ziekenhuisopnames te voorkomen",
];

/// Sentences about how a project works, the same for every mission: they give summaries
/// the variety of real ones without telling the classifier the answer.
const AANPAK: &[&str] = &[
    "We werken vanaf de start samen met eindgebruikers en hun naasten.",
    "De resultaten delen we via open access en een praktijkgids.",
    "Een consortium van kennisinstellingen en bedrijven voert het project uit.",
    "We meten effecten met een gerandomiseerde studie in drie regio's.",
    "Een procesevaluatie laat zien wat nodig is voor brede invoering.",
    "Het verdienmodel wordt samen met zorgverzekeraars uitgewerkt.",
    "Privacy en informatiebeveiliging zijn vanaf het ontwerp geborgd.",
    "We toetsen de bruikbaarheid met mensen met weinig digitale vaardigheden.",
    "Het project bouwt voort op een eerder gefinancierde haalbaarheidsstudie.",
    "Studenten van hogescholen doen mee in praktijkgerichte opdrachten.",
    "Een maatschappelijke kosten-batenanalyse hoort bij de evaluatie.",
    "We sluiten aan bij bestaande regionale netwerken en leergemeenschappen.",
    "De oplossing wordt gekoppeld aan gangbare systemen via open standaarden.",
    "Ervaringsdeskundigen zitten in de stuurgroep.",
    "De eerste versie wordt in twee pilots getest en daarna verbeterd.",
    "Aandacht voor duurzaamheid en hergebruik van materialen is onderdeel van het ontwerp.",
    "We brengen belemmeringen in wet- en regelgeving in kaart.",
    "Een mkb-partner neemt de doorontwikkeling en verkoop op zich.",
    "Professionals krijgen een training in het gebruik.",
    "De data worden volgens de FAIR-principes beschikbaar gesteld.",
    "Het project loopt in stedelijke en landelijke gebieden.",
    "We vergelijken de aanpak met de gebruikelijke zorg.",
    "Een adviesraad van burgers denkt mee over keuzes.",
    "De impact wordt gevolgd met een impactplan met output, outcome en impact.",
    "Na afloop is een implementatieplan beschikbaar voor andere regio's.",
    "Gemeenten en zorgaanbieders leggen samen de financiering voor de lange termijn vast.",
    "We onderzoeken ook de gevolgen voor de werkdruk van professionals.",
    "Internationale partners brengen ervaring uit vergelijkbare projecten in.",
];

const PLAATSEN: &[&str] = &[
    "Groningen",
    "Leeuwarden",
    "Assen",
    "Zwolle",
    "Enschede",
    "Arnhem",
    "Nijmegen",
    "Utrecht",
    "Amersfoort",
    "Lelystad",
    "Almere",
    "Amsterdam",
    "Haarlem",
    "Alkmaar",
    "Den Haag",
    "Leiden",
    "Rotterdam",
    "Dordrecht",
    "Middelburg",
    "Breda",
    "Tilburg",
    "Eindhoven",
    "Den Bosch",
    "Venlo",
    "Maastricht",
    "Heerlen",
    "Apeldoorn",
    "Deventer",
    "Emmen",
    "Zaanstad",
    "Gouda",
    "Delft",
    "Helmond",
    "Roosendaal",
    "Hoorn",
    "Sittard",
];

const FUNDERS: &[&str] = &[
    "ZonMw",
    "NWO",
    "Health~Holland",
    "Regieorgaan SIA",
    "RVO",
    "EU4Health",
    "Hartstichting",
    "ReumaNederland",
    "Alzheimer Nederland",
];

/// (name, kind) of organisations that take part.
const PARTNERS: &[(&str, &str)] = &[
    ("UMC Utrecht", "umc"),
    ("Radboudumc", "umc"),
    ("Erasmus MC", "umc"),
    ("Amsterdam UMC", "umc"),
    ("TU Delft", "universiteit"),
    ("Universiteit Twente", "universiteit"),
    ("Hogeschool Utrecht", "hogeschool"),
    ("Hogeschool Rotterdam", "hogeschool"),
    ("Vilans", "kennisinstelling"),
    ("Nivel", "kennisinstelling"),
    ("TNO", "kennisinstelling"),
    ("Buurtzorg", "zorgaanbieder"),
    ("Zorggroep Noord", "zorgaanbieder"),
    ("GGD Hollands Midden", "overheid"),
    ("Gemeente Enschede", "overheid"),
    ("Menzis", "zorgverzekeraar"),
    ("Philips", "bedrijf"),
    ("Sense Care BV", "mkb"),
    ("Medirobot BV", "mkb"),
    ("Exo Works BV", "mkb"),
    ("Zorgtech Startup BV", "mkb"),
    ("Patiëntenfederatie Nederland", "patientenorganisatie"),
];

const PHASES: &[&str] = &[
    "verkennen",
    "ontwikkelen",
    "demonstreren",
    "implementeren",
    "opschalen",
];

pub struct PortefeuilleOpties {
    pub projects: usize,
    /// Share of projects that are a copy of an earlier one under another funder.
    pub duplicate_share: f64,
    /// Share of projects without missions and questions.
    pub unlabelled_share: f64,
    pub seed: u64,
}

/// A generated portfolio and the duplicates planted in it (copy, original).
pub struct Portefeuille {
    pub projects: Vec<Project>,
    pub planted: Vec<(usize, usize)>,
}

/// Generates the portfolio; projects refer only to questions that exist in `register`.
pub fn portefeuille(register: &Register, o: &PortefeuilleOpties) -> Portefeuille {
    let mut rng = fastrand::Rng::with_seed(o.seed);
    let vragen: Vec<(MissieCode, Vec<&str>)> = THEMA
        .iter()
        .map(|(m, _, _)| {
            let ids = register
                .parts()
                .kia_vraag
                .iter()
                .filter(|v| v.missies.contains(m))
                .map(|v| v.id.as_str())
                .collect();
            (*m, ids)
        })
        .collect();
    let mut out: Vec<Project> = Vec::with_capacity(o.projects);
    let mut planted = Vec::new();
    for n in 0..o.projects {
        if n > 10 && rng.f64() < o.duplicate_share {
            let from = rng.usize(..out.len());
            let original = &out[from];
            let mut copy = original.clone();
            copy.id = format!("p{n:07}").parse().expect("valid id");
            let other = FUNDERS
                .iter()
                .find(|f| **f != original.funder.as_str() && rng.bool())
                .unwrap_or(&FUNDERS[0]);
            copy.funder = other.parse().expect("valid text");
            planted.push((n, from));
            out.push(copy);
            continue;
        }
        let t = rng.usize(..THEMA.len());
        let (missie, techs, groups) = THEMA[t];
        let tech = techs[rng.usize(..techs.len())];
        let group = groups[rng.usize(..groups.len())];
        let context = CONTEXT[rng.usize(..CONTEXT.len())];
        let effect = EFFECT[rng.usize(..EFFECT.len())];
        let title = format!("{} voor {group} {context}", capitalise(tech));
        let mut summary = format!(
            "{} voor {group} {context}, {effect}. In {} en {} doen {} deelnemers mee, {} maanden lang.",
            capitalise(tech),
            PLAATSEN[rng.usize(..PLAATSEN.len())],
            PLAATSEN[rng.usize(..PLAATSEN.len())],
            rng.u32(20..2000),
            rng.u32(12..60),
        );
        for _ in 0..rng.usize(2..=4) {
            summary.push(' ');
            summary.push_str(AANPAK[rng.usize(..AANPAK.len())]);
        }
        let labelled = rng.f64() >= o.unlabelled_share;
        let mut missies = vec![missie.code()];
        if labelled && rng.f64() < 0.2 {
            missies.push("C");
        }
        let kia: Vec<&str> = if labelled {
            let ids = &vragen[t].1;
            (0..rng.usize(1..=2))
                .map(|_| ids[rng.usize(..ids.len())])
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        } else {
            Vec::new()
        };
        let n_partners = rng.usize(2..=4);
        let mut partners = Vec::new();
        let mut used = std::collections::BTreeSet::new();
        while partners.len() < n_partners {
            let (name, kind) = PARTNERS[rng.usize(..PARTNERS.len())];
            if !used.insert(name) {
                continue;
            }
            let role = if partners.is_empty() {
                "penvoerder"
            } else {
                "partner"
            };
            partners.push(serde_json::json!({"name": name, "kind": kind, "role": role}));
        }
        let trl = rng.u8(1..=9);
        let phase = |offset: u8| {
            PHASES[usize::from(trl.div_ceil(2).saturating_sub(offset).clamp(1, 5) - 1)]
        };
        let start = rng.u16(2018..=2026);
        let end = start + rng.u16(1..=4);
        let funder = FUNDERS[rng.usize(..FUNDERS.len())];
        let mut record = serde_json::json!({
            "id": format!("p{n:07}"),
            "title": title,
            "summary": summary,
            "funder": funder,
            "status": if end < 2026 { "afgerond" } else { "lopend" },
            "partners": partners,
            "trl": trl,
            "sel": rng.u8(1..=4),
            "brl": rng.u8(1..=9),
            "phase_innovation": phase(0),
            "phase_stakeholders": phase(rng.u8(0..=1)),
            "phase_environment": phase(rng.u8(0..=2)),
            "funding": [{"funder": funder, "amount_eur": rng.u32(50..2000) * 1000, "from": start, "to": end}],
            "start": start,
            "end": end,
            "expected_in_practice": end + u16::from(9 - trl.min(9)) / 2,
        });
        if labelled {
            record["missies"] = serde_json::json!(missies);
            record["kia_vragen"] = serde_json::json!(kia);
        }
        out.push(serde_json::from_value(record).expect("generated records are valid"));
    }
    Portefeuille {
        projects: out,
        planted,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Search queries of one or two words from the same vocabulary, some inflected.
pub fn queries(n: usize, seed: u64) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let words: Vec<&str> = THEMA
        .iter()
        .flat_map(|(_, techs, groups)| techs.iter().chain(groups.iter()))
        .flat_map(|s| s.split(' '))
        .filter(|w| w.len() > 4)
        .collect();
    (0..n)
        .map(|_| {
            let a = words[rng.usize(..words.len())];
            if rng.bool() {
                a.to_owned()
            } else {
                format!("{a} {}", words[rng.usize(..words.len())])
            }
        })
        .collect()
}
