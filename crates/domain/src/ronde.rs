//! A prioritisation round and its ballots, as values: who votes, on which candidates, by which
//! criteria, with which kind of ballot, and what a ballot says. A [`Ronde`] is checked when it
//! is built (or deserialised), so code that holds one can rely on unique participants and
//! candidates, a sensible scale and usable weights.
//!
//! They live here, not in `gemeten-prioritering`, because the store persists them and knows no
//! computing crate; whether a ballot fits its round and the ballots before it (the ballot box),
//! and the methods, stay in `gemeten-prioritering`, which re-exports these types.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Bron, Id, MissieCode, Probleem, Tekst};

/// The inclusive range of a rating, e.g. 1-5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schaal {
    pub min: i64,
    pub max: i64,
}

impl Schaal {
    pub fn contains(self, score: i64) -> bool {
        self.min <= score && score <= self.max
    }
}

impl fmt::Display for Schaal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

/// The kind of ballot a round uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum StemSoort {
    /// Each participant names at most `n` candidates (002: "top drie"). With `ordered` the
    /// list is a preference order (first = best); without it the named candidates are equal.
    TopN {
        n: usize,
        #[serde(default)]
        ordered: bool,
    },
    /// Each participant orders all candidates, best first.
    Rangorde,
    /// Each participant rates every candidate on every criterion of the round on `scale`.
    Scores { scale: Schaal },
}

impl StemSoort {
    pub fn code(self) -> &'static str {
        match self {
            StemSoort::TopN { .. } => "top_n",
            StemSoort::Rangorde => "rangorde",
            StemSoort::Scores { .. } => "scores",
        }
    }
}

impl fmt::Display for StemSoort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StemSoort::TopN { n, ordered: true } => write!(f, "top-{n} (ordered)"),
            StemSoort::TopN { n, ordered: false } => write!(f, "top-{n}"),
            StemSoort::Rangorde => f.write_str("ranking"),
            StemSoort::Scores { scale } => write!(f, "ratings {scale}"),
        }
    }
}

/// A criterion of the round (an id of the register's `criterium` table, or of one of the
/// nine kernelementen in its `maatstaf` table) and its weight.
/// Without weights on any criterion, all count equally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "CriteriumInvoer", into = "CriteriumInvoer")]
pub struct RondeCriterium {
    pub id: Id,
    pub weight: Option<f64>,
}

/// A criterion as written: `"II-1"` or `{ id = "II-1", weight = 2.0 }`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum CriteriumInvoer {
    Id(Id),
    Weighted {
        id: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weight: Option<f64>,
    },
}

impl From<CriteriumInvoer> for RondeCriterium {
    fn from(c: CriteriumInvoer) -> Self {
        match c {
            CriteriumInvoer::Id(id) => RondeCriterium { id, weight: None },
            CriteriumInvoer::Weighted { id, weight } => RondeCriterium { id, weight },
        }
    }
}

impl From<RondeCriterium> for CriteriumInvoer {
    fn from(c: RondeCriterium) -> Self {
        match c.weight {
            None => CriteriumInvoer::Id(c.id),
            Some(w) => CriteriumInvoer::Weighted {
                id: c.id,
                weight: Some(w),
            },
        }
    }
}

/// Someone who may vote in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deelnemer {
    pub id: Id,
    /// How the participant is known: a name, or the organisation as the source lists it.
    pub name: Tekst,
    /// The organisation in the register (`organisatie` id), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisatie: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Bron>,
}

/// How many participants took part on site and online, as the source reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aanwezigheid {
    pub on_site: usize,
    pub online: usize,
}

/// A round as written down, before its rules are checked; the serde form of [`Ronde`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RondeParts {
    pub id: Id,
    pub missie: MissieCode,
    pub title_nl: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<Tekst>,
    pub kind: StemSoort,
    #[serde(default)]
    pub criteria: Vec<RondeCriterium>,
    pub deelnemers: Vec<Deelnemer>,
    /// Innovation ids (the register's `innovatie` table), in the order the source lists them.
    pub kandidaten: Vec<Id>,
    /// How many candidates the round selects; by default `n` for top-N rounds, else 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<usize>,
    /// The published outcome: the candidates the round selected, if known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selected: Vec<Id>,
    /// Attendance at the session, where the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance: Option<Aanwezigheid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Bron>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance_source: Option<Bron>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_source: Option<Bron>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria_source: Option<Bron>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deelnemers_source: Option<Bron>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kandidaten_source: Option<Bron>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_source: Option<Bron>,
}

/// A checked round: participants and candidates are unique and not empty, a top-N round has
/// `n >= 1`, a rating round has criteria and a scale with `min < max`, weights are given for
/// all criteria or none and are positive, and the published selection lies among the
/// candidates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RondeParts", into = "RondeParts")]
pub struct Ronde {
    parts: RondeParts,
}

impl TryFrom<RondeParts> for Ronde {
    type Error = Probleem;
    fn try_from(p: RondeParts) -> Result<Self, Probleem> {
        Ronde::new(p)
    }
}

impl From<Ronde> for RondeParts {
    fn from(r: Ronde) -> RondeParts {
        r.parts
    }
}

fn duplicate<'a>(ids: impl IntoIterator<Item = &'a Id>) -> Option<&'a Id> {
    let mut seen = HashSet::new();
    ids.into_iter().find(|id| !seen.insert(*id))
}

impl Ronde {
    /// The round, or the first rule it breaks (the record is the round, the field the part
    /// of its definition).
    pub fn new(p: RondeParts) -> Result<Ronde, Probleem> {
        let fail = |field: &'static str, nl: String, en: String| {
            Probleem::bij_veld(field, nl, en).record(format!("ronde '{}'", p.id))
        };
        if p.deelnemers.is_empty() {
            return Err(fail(
                "deelnemers",
                "een ronde heeft minstens één deelnemer nodig".into(),
                "a round needs at least one participant".into(),
            ));
        }
        if let Some(d) = duplicate(p.deelnemers.iter().map(|d| &d.id)) {
            return Err(fail(
                "deelnemers",
                format!("deelnemer '{d}' staat er twee keer in"),
                format!("participant '{d}' is listed twice"),
            ));
        }
        if p.kandidaten.is_empty() {
            return Err(fail(
                "kandidaten",
                "een ronde heeft minstens één kandidaat nodig".into(),
                "a round needs at least one candidate".into(),
            ));
        }
        if let Some(k) = duplicate(&p.kandidaten) {
            return Err(fail(
                "kandidaten",
                format!("kandidaat '{k}' staat er twee keer in"),
                format!("candidate '{k}' is listed twice"),
            ));
        }
        if let Some(c) = duplicate(p.criteria.iter().map(|c| &c.id)) {
            return Err(fail(
                "criteria",
                format!("criterium '{c}' staat er twee keer in"),
                format!("criterion '{c}' is listed twice"),
            ));
        }
        match p.kind {
            StemSoort::TopN { n: 0, .. } => {
                return Err(fail(
                    "kind",
                    "een top-N-stembiljet heeft een N van minstens 1 nodig".into(),
                    "a top-N ballot needs n of at least 1".into(),
                ));
            }
            StemSoort::Scores { scale } => {
                if scale.min >= scale.max {
                    return Err(fail(
                        "kind",
                        format!(
                            "schaal {scale} is leeg of omgekeerd; het minimum ligt onder het maximum"
                        ),
                        format!("scale {scale} is empty or reversed; min must be below max"),
                    ));
                }
                if p.criteria.is_empty() {
                    return Err(fail(
                        "criteria",
                        "een ronde met scores heeft minstens één criterium nodig om op te scoren"
                            .into(),
                        "a round with ratings needs at least one criterion to rate on".into(),
                    ));
                }
            }
            _ => {}
        }
        let weighted = p.criteria.iter().filter(|c| c.weight.is_some()).count();
        if weighted != 0 && weighted != p.criteria.len() {
            return Err(fail(
                "criteria",
                format!(
                    "{weighted} van de {} criteria hebben een gewicht; geef alle criteria een \
                     gewicht of geen enkel",
                    p.criteria.len()
                ),
                format!(
                    "{weighted} of {} criteria have a weight; give a weight to all or to none",
                    p.criteria.len()
                ),
            ));
        }
        if let Some(c) = p
            .criteria
            .iter()
            .find(|c| c.weight.is_some_and(|w| !(w.is_finite() && w > 0.0)))
        {
            return Err(fail(
                "criteria",
                format!(
                    "gewicht {} van criterium '{}' is geen positief getal",
                    c.weight.unwrap_or_default(),
                    c.id
                ),
                format!(
                    "weight {} of criterion '{}' must be a positive number",
                    c.weight.unwrap_or_default(),
                    c.id
                ),
            ));
        }
        if p.seats == Some(0) || p.seats.is_some_and(|s| s > p.kandidaten.len()) {
            return Err(fail(
                "seats",
                format!(
                    "{} plaatsen voor {} kandidaten; een ronde kiest er minstens één en hoogstens \
                     allemaal",
                    p.seats.unwrap_or_default(),
                    p.kandidaten.len()
                ),
                format!(
                    "{} seats for {} candidates; a round selects at least one and at most all",
                    p.seats.unwrap_or_default(),
                    p.kandidaten.len()
                ),
            ));
        }
        if let Some(s) = p.selected.iter().find(|s| !p.kandidaten.contains(s)) {
            return Err(fail(
                "selected",
                format!("gekozen innovatie '{s}' is geen kandidaat van de ronde"),
                format!("selected innovation '{s}' is not a candidate of the round"),
            ));
        }
        if let Some(a) = p.attendance {
            if a.on_site + a.online != p.deelnemers.len() {
                return Err(fail(
                    "attendance",
                    format!(
                        "{} ter plaatse + {} online is niet gelijk aan de {} deelnemers op de lijst",
                        a.on_site,
                        a.online,
                        p.deelnemers.len()
                    ),
                    format!(
                        "{} on site + {} online is not the {} participants listed",
                        a.on_site,
                        a.online,
                        p.deelnemers.len()
                    ),
                ));
            }
        }
        if let Some(s) = duplicate(&p.selected) {
            return Err(fail(
                "selected",
                format!("'{s}' staat er twee keer in"),
                format!("'{s}' is listed twice"),
            ));
        }
        Ok(Ronde { parts: p })
    }

    pub fn parts(&self) -> &RondeParts {
        &self.parts
    }

    pub fn id(&self) -> &Id {
        &self.parts.id
    }

    pub fn missie(&self) -> MissieCode {
        self.parts.missie
    }

    pub fn kind(&self) -> StemSoort {
        self.parts.kind
    }

    pub fn criteria(&self) -> &[RondeCriterium] {
        &self.parts.criteria
    }

    pub fn deelnemers(&self) -> &[Deelnemer] {
        &self.parts.deelnemers
    }

    pub fn kandidaten(&self) -> &[Id] {
        &self.parts.kandidaten
    }

    /// The published selection (empty when the source does not give one).
    pub fn selected(&self) -> &[Id] {
        &self.parts.selected
    }

    /// How many candidates the round selects.
    pub fn seats(&self) -> usize {
        self.parts.seats.unwrap_or(match self.parts.kind {
            StemSoort::TopN { n, .. } => n.min(self.parts.kandidaten.len()),
            _ => 1,
        })
    }

    pub fn is_participant(&self, id: &Id) -> bool {
        self.parts.deelnemers.iter().any(|d| &d.id == id)
    }

    pub fn is_candidate(&self, id: &Id) -> bool {
        self.parts.kandidaten.contains(id)
    }

    /// The weight of each criterion, in the round's order: the given weights, or 1 each.
    pub fn weights(&self) -> Vec<f64> {
        self.parts
            .criteria
            .iter()
            .map(|c| c.weight.unwrap_or(1.0))
            .collect()
    }
}

/// One rating: candidate `kandidaat` scores `score` on criterion `criterium`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub kandidaat: Id,
    pub criterium: Id,
    pub score: i64,
}

/// What a ballot says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Keuze {
    /// At most `n` candidates (a top-N vote), best first if the round's top-N is ordered.
    Top(Vec<Id>),
    /// All candidates, best first.
    Rangorde(Vec<Id>),
    /// Every candidate rated on every criterion of the round.
    Scores(Vec<Score>),
}

impl Keuze {
    /// The field name of this choice, as files, the CLI and error messages call it.
    pub fn field(&self) -> &'static str {
        match self {
            Keuze::Top(_) => "top",
            Keuze::Rangorde(_) => "rank",
            Keuze::Scores(_) => "rate",
        }
    }
}

/// A participant's ballot in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stembiljet {
    pub deelnemer: Id,
    pub keuze: Keuze,
    /// This ballot replaces the participant's earlier one (which stays in the history).
    #[serde(default)]
    pub replaces: bool,
    /// Made up to illustrate the methods, not cast by the participant; results computed from
    /// such ballots carry the flag too.
    #[serde(default)]
    pub illustratief: bool,
    /// When the ballot was cast (RFC 3339), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cast_at: Option<String>,
}

impl fmt::Display for Keuze {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |ids: &[Id]| ids.iter().map(Id::as_str).collect::<Vec<_>>().join(", ");
        match self {
            Keuze::Top(ids) => write!(f, "top: {}", join(ids)),
            Keuze::Rangorde(ids) => write!(f, "rank: {}", join(ids)),
            Keuze::Scores(s) => write!(
                f,
                "rate: {}",
                s.iter()
                    .map(|s| format!("{}:{}={}", s.kandidaat, s.criterium, s.score))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}
