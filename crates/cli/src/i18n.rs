//! Labels in Dutch (the default) and English. Keys are the Dutch label's meaning in short;
//! every label used by the CLI lives here, so a translation is complete when this file is.

pub use gemeten_domain::Lang;

/// A text in both languages: Dutch, English.
pub struct L(pub &'static str, pub &'static str);

impl L {
    pub fn get(&self, lang: Lang) -> &'static str {
        lang.t(self.0, self.1)
    }
}

pub const MISSIONS: L = L("Missies", "Missions");
pub const CODE: L = L("Code", "Code");
pub const TITLE: L = L("Titel", "Title");
pub const DEADLINE: L = L("Jaar", "Year");
pub const TARGETS: L = L("Doelen", "Targets");
pub const MISSION_TEXT: L = L("Missie", "Mission");
pub const WORDING_2019: L = L("Formulering 2019", "2019 wording");
pub const INDICATOR: L = L("Indicator", "Indicator");
pub const TARGET: L = L("Streefwaarde", "Target");
pub const BASELINE: L = L("Basis", "Baseline");
pub const DIRECTION: L = L("Richting", "Direction");
pub const SOURCE: L = L("Bron", "Source");
pub const THEORY_OF_CHANGE: L = L(
    "Veranderingstheorie (impact pathway)",
    "Theory of change (impact pathway)",
);
pub const STAGE: L = L("Stap", "Stage");
pub const LEADS_TO: L = L("Leidt tot", "Leads to");
pub const QUESTIONS: L = L(
    "Kennis- en innovatievragen",
    "Knowledge and innovation questions",
);
pub const KIND: L = L("Soort", "Kind");
pub const QUESTION: L = L("Vraag", "Question");
pub const ACTIVITIES: L = L("Concrete activiteiten", "Concrete activities");
pub const NUMBER: L = L("Nr.", "No.");
pub const ACTIVITY: L = L("Activiteit", "Activity");
pub const INITIATORS: L = L("Initiatiefnemers", "Initiators");
pub const ALL_PARTNERS: L = L("alle partners", "all partners");
pub const INSTRUMENTS: L = L("Financiële instrumenten", "Financial instruments");
pub const PROGRAMME: L = L("Programma", "Programme");
pub const INSTRUMENT: L = L("Instrument", "Instrument");
pub const BUDGET: L = L("Financieel beslag", "Budget");
pub const TRL: L = L("TRL", "TRL");
pub const INNOVATIONS: L = L("Innovaties", "Innovations");
pub const NAME: L = L("Naam", "Name");
pub const PHASES: L = L(
    "Fase (innovatie / stakeholders / omgeving)",
    "Phase (innovation / stakeholders / environment)",
);
pub const SELECTED: L = L("Geselecteerd", "Selected");
pub const BARRIERS: L = L("Barrières", "Barriers");
pub const CRITERIA: L = L("Selectiecriteria", "Selection criteria");
pub const CRITERION: L = L("Criterium", "Criterion");
pub const YES: L = L("ja", "yes");
pub const NO: L = L("nee", "no");
pub const NONE_YET: L = L("(nog niets vastgelegd)", "(nothing recorded yet)");
pub const UNKNOWN: L = L("onbekend", "unknown");
pub const MISSIONS_IN: L = L("Missies", "Missions");
pub const COUNTS: L = L("Records", "Records");
pub const TABLE: L = L("Tabel", "Table");
pub const NO_MATCH: L = L(
    "Niets gevonden met deze filters.",
    "Nothing matches these filters.",
);
pub const ERROR: L = L("fout", "error");
pub const NOTHING_CHANGED: L = L("er is niets gewijzigd", "nothing was changed");
pub const READING: L = L("microdata lezen", "reading microdata");
pub const PERSONS: L = L("Personen", "Persons");
pub const LE: L = L("Levensverwachting", "Life expectancy");
pub const HLE: L = L("Gezonde levensverwachting", "Healthy life expectancy");
pub const CI95: L = L("95 %-interval", "95 % CI");
pub const NOTE: L = L("Opmerking", "Note");
pub const SUPPRESSED: L = L("onderdrukt", "suppressed");
pub const SUPPRESSED_GROUPS: L = L(
    "Groepen onderdrukt (kleine cel of onvolledig)",
    "Groups suppressed (small cell or incomplete)",
);
pub const EXPECTANCY_AT: L = L(
    "Verwachtingen in jaren op leeftijd",
    "Expectancies in years at age",
);
pub const SES_GAP: L = L(
    "SES-verschil in gezonde levensverwachting (hoogste − laagste groep)",
    "SES gap in healthy life expectancy (highest − lowest group)",
);
pub const YEARS: L = L("jaar", "years");
pub const OBSERVATIONS_IMPORTED: L = L("waarnemingen geïmporteerd", "observations imported");
pub const TARGET_ID: L = L("Doel", "Target");
pub const LATEST: L = L("Laatste", "Latest");
pub const PROJECTION: L = L("Projectie (95 %)", "Projection (95 %)");
pub const STATUS: L = L("Status", "Status");
pub const REASON: L = L("Reden", "Reason");
pub const NO_OBSERVATIONS_HINT: L = L(
    "Er zijn nog geen waarnemingen. Importeer meetreeksen met `gemeten kpi import <bestand.csv>` \
     (kolommen kpi, period, region, value; zie README).",
    "No observations yet. Import series with `gemeten kpi import <file.csv>` \
     (columns kpi, period, region, value; see README).",
);
pub const UNIT: L = L("Eenheid", "Unit");
pub const BREAKDOWNS: L = L("Uitsplitsingen", "Breakdowns");

// The portfolio: projects, synthesis, routes.
pub const PROJECTS: L = L("Projecten", "Projects");
pub const FUNDER: L = L("Financier", "Funder");
pub const PARTNERS: L = L("Partners", "Partners");
pub const FUNDING: L = L("Financiering", "Funding");
pub const EXPECTED: L = L("Verwacht in praktijk", "Expected in practice");
pub const HISTORY: L = L("Wijzigingen", "Changes");
pub const WHEN: L = L("Wanneer", "When");
pub const WHO: L = L("Wie", "Who");
pub const FIELD: L = L("Veld", "Field");
pub const BEFORE: L = L("Voor", "Before");
pub const AFTER: L = L("Na", "After");
pub const PROJECTS_IMPORTED: L = L("projecten geïmporteerd", "projects imported");
pub const NEW: L = L("nieuw", "new");
pub const UNCHANGED: L = L("ongewijzigd", "unchanged");
pub const NO_PROJECTS_HINT: L = L(
    "Er zijn nog geen projecten. Importeer een projectenlijst met `gemeten projects import <bestand.csv|.json>` \
     (zie README; een voorbeeld staat in data/voorbeeld/projecten.csv).",
    "No projects yet. Import a project list with `gemeten projects import <file.csv|.json>` \
     (see README; an example is data/voorbeeld/projecten.csv).",
);
pub const SYNTHESIS: L = L(
    "Kennis- en innovatiesynthese",
    "Knowledge and innovation synthesis",
);
pub const PIPELINE: L = L("Pijplijn", "Pipeline");
pub const BY_TRL: L = L("Naar TRL", "By TRL");
pub const BY_SEL: L = L("Naar SEL", "By SEL");
pub const BY_PHASE: L = L("Naar fase per element", "By phase per element");
pub const ELEMENT: L = L("Element", "Element");
pub const ELEMENTS: [L; 3] = [
    L("innovatie", "innovation"),
    L("stakeholders", "stakeholders"),
    L("gebruiksomgeving", "use environment"),
];
pub const ARRIVALS: L = L(
    "Verwacht in de praktijk per jaar",
    "Expected in practice per year",
);
pub const QUESTION_GAPS: L = L(
    "Gaten: kennisvragen zonder innovatie vanaf de drempel-TRL",
    "Gaps: questions without an innovation at or beyond the threshold TRL",
);
pub const TARGET_GAPS: L = L(
    "Gaten: doelen zonder enige innovatie vanaf de drempel-TRL",
    "Gaps: targets without any innovation at or beyond the threshold TRL",
);
pub const TECH_AHEAD: L = L(
    "Techniek loopt voor op stakeholders of gebruiksomgeving",
    "Technology ahead of stakeholders or use environment",
);
pub const ITEMS_BELOW: L = L("Innovaties eronder", "Innovations below");
pub const HIGHEST_TRL: L = L("Hoogste TRL", "Highest TRL");
pub const ROUTE: L = L("Financieringsroute", "Financing route");
pub const FITS_NOW: L = L("Past nu", "Fits now");
pub const NEXT: L = L("Daarna", "Next");
pub const ROUTE_UNKNOWNS: L = L(
    "Scherper met bekende waarden voor",
    "Sharper with known values for",
);
pub const ORIGIN: L = L("Herkomst", "Origin");
pub const NOTHING_TO_SUGGEST: L = L(
    "Alle projecten hebben missies en kennisvragen; geef een project-id om toch suggesties te zien.",
    "Every project has missions and questions; give a project id to see suggestions anyway.",
);
pub const DUPLICATES: L = L(
    "Mogelijke dubbelingen tussen financiers",
    "Possible duplicates across funders",
);
pub const PROJECT_A: L = L("Project", "Project");
pub const PROJECT_B: L = L("Lijkt op", "Resembles");
pub const SIMILARITY: L = L("Overeenkomst", "Similarity");

// Prioritisation rounds (`gemeten rounds`, `gemeten round …`).
pub const ROUND: L = L("Ronde", "Round");
pub const BALLOT_KIND: L = L("Stemwijze", "Ballot");
pub const RANKING: L = L("volledige rangorde", "full ranking");
pub const RATINGS: L = L("scores per criterium", "ratings per criterion");
pub const PARTICIPANTS: L = L("Deelnemers", "Participants");
pub const PARTICIPANT: L = L("deelnemer", "participant");
pub const BALLOTS: L = L("Stembiljetten", "Ballots");
pub const COUNTED: L = L("geteld", "counted");
pub const REPLACED: L = L("vervangen", "replaced");
pub const SEATS: L = L("te selecteren", "to select");
pub const ON_SITE: L = L("op locatie", "on site");
pub const PUBLISHED_SELECTION: L = L("gepubliceerde selectie", "published selection");
pub const WEIGHT: L = L("gewicht", "weight");
pub const CANDIDATES: L = L("Kandidaten", "Candidates");
pub const NOT_IN_REGISTER: L = L(
    "Niet (meer) in het register",
    "Not (or no longer) in the register",
);
pub const RESULT: L = L("Uitslag", "Result");
pub const NOT_APPLICABLE: L = L("niet van toepassing", "not applicable");
pub const PLACE: L = L("Plaats", "Place");
pub const INNOVATION: L = L("Innovatie", "Innovation");
pub const SCORE: L = L("Score", "Score");
pub const IQR: L = L("Kwartielen (IQR)", "Quartiles (IQR)");
pub const TIE: L = L("Gelijk", "Tie");
pub const TIED: L = L("gelijk", "tied");
pub const CONVENTION: L = L("Telwijze", "Convention");
pub const WINNERS: L = L("Geselecteerd", "Selected");
pub const TIE_AT_CUTOFF: L = L(
    "gelijke stand op de grens: meer kandidaten dan plaatsen",
    "tie at the cut-off: more candidates than seats",
);
pub const MATCHES_PUBLISHED: L = L(
    "Gelijk aan de gepubliceerde selectie",
    "Same as the published selection",
);
pub const AGREEMENT: L = L("Overeenstemming", "Agreement");
pub const WINNER_SUPPORT: L = L(
    "Overeenstemming: aandeel stembiljetten met elke geselecteerde",
    "Agreement: share of ballots naming each selected candidate",
);
pub const FINGERPRINT: L = L("Vingerafdruk", "Fingerprint");
pub const ILLUSTRATIVE_FLAG: L = L("[ILLUSTRATIEF]", "[ILLUSTRATIVE]");
pub const ILLUSTRATIVE_NOTE: L = L(
    "[ILLUSTRATIEF]: berekend uit verzonnen stembiljetten; het brondocument publiceert geen \
     individuele stemmen, alleen de uitkomst.",
    "[ILLUSTRATIVE]: computed from made-up ballots; the source document publishes no \
     individual votes, only the outcome.",
);
pub const BALLOT_STORED: L = L("stembiljet opgeslagen", "ballot stored");
pub const BALLOT_REPLACED: L = L(
    "stembiljet opgeslagen; het eerdere telt niet meer mee en blijft in de geschiedenis",
    "ballot stored; the earlier one no longer counts and stays in the history",
);

// Federated computation.
pub const CELLS: L = L("cellen", "cells");
pub const CELLS_SUPPRESSED: L = L("kleine cellen weggelaten", "small cells left out");
pub const OBSERVATIONS_WRITTEN: L = L(
    "waarnemingen geschreven (voor gemeten kpi import)",
    "observations written (for gemeten kpi import)",
);
pub const COMBINED_FROM: L = L(
    "Gecombineerd uit de deeltellingen van",
    "Combined from the partial counts of",
);
pub const NOT_EXACT: L = L(
    "Niet exact: kleine cellen weggelaten door de houders",
    "Not exact: small cells left out by the holders",
);

// Bottom-up monitoring: activities, reports, MTIB KPIs.
pub const ACTIVITY_OVERVIEW: L = L(
    "Monitoringoverzicht KIA-activiteiten",
    "Monitoring overview of the KIA activities",
);
pub const WHOLE_KIA: L = L("hele KIA", "whole KIA");
pub const COUNT: L = L("Aantal", "Count");
pub const OWNER: L = L("Eigenaar", "Owner");
pub const BEHIND: L = L("Achter op schema", "Behind schedule");
pub const REASONS: L = L("Reden", "Reason");
pub const WITHOUT_OWNER: L = L("Zonder eigenaar", "Without owner");
pub const CARRIERS: L = L(
    "Wie draagt het meest (eigenaar of initiatiefnemer)",
    "Who carries most (owner or initiator)",
);
pub const ORGANISATION: L = L("Organisatie", "Organisation");
pub const AS_OWNER: L = L("Eigenaar van", "Owner of");
pub const AS_INITIATOR: L = L("Initiatiefnemer van", "Initiator of");
pub const TOTAL: L = L("Totaal", "Total");
pub const MILESTONES: L = L("Mijlpalen", "Milestones");
pub const DUE: L = L("Uiterlijk", "Due");
pub const DONE: L = L("Gereed", "Done");
pub const EVIDENCE: L = L("Bewijs", "Evidence");
pub const NOTES: L = L("Voortgang per periode", "Progress per period");
pub const PERIOD: L = L("Periode", "Period");
pub const UPDATES: L = L("Geschiedenis", "History");
pub const CHANGE: L = L("Wijziging", "Change");
pub const NEVER_UPDATED: L = L(
    "Nog geen enkele activiteit bijgewerkt: alle activiteiten staan op 'gepland' zonder \
     eigenaar. Werk een activiteit bij met bijvoorbeeld\n  gemeten activity 000-II-4a update \
     --status gestart --owner zonmw --period 2025-H1 --note \"…\" --milestone \"Call open:2025-06-30\"",
    "No activity has been updated yet: all activities are 'planned' without an owner. Update \
     one with, for example,\n  gemeten activity 000-II-4a update --status gestart --owner zonmw \
     --period 2025-H1 --note \"…\" --milestone \"Call open:2025-06-30\"",
);
pub const UPDATED: L = L("activiteit bijgewerkt", "activity updated");
pub const PERIODS: L = L("Rapportageperioden", "Reporting periods");
pub const CLOSED: L = L("Gesloten", "Closed");
pub const SUBMITTED: L = L("rapportage(s) ingediend", "report(s) submitted");
pub const REVIEWED: L = L("rapportage beoordeeld", "report reviewed");
pub const PROJECT: L = L("Project", "Project");
pub const SUBMITTED_ON: L = L("Ingediend op", "Submitted on");
pub const MISSING: L = L("Ontbrekende rapportages", "Missing reports");
pub const LATE: L = L("Te laat ingediend", "Submitted late");
pub const DAYS_LATE: L = L("Dagen te laat", "Days late");
pub const EXPECTED_REPORTS: L = L(
    "Verwacht (lopend in de periode)",
    "Expected (running in the period)",
);
pub const MTIB_KPIS: L = L(
    "MTIB-KPI's uit goedgekeurde projectrapportages",
    "MTIB KPIs from approved project reports",
);
pub const BREAKDOWN: L = L("Uitsplitsing", "Breakdown");
pub const REPORTS: L = L("Rapportages", "Reports");
pub const PUBLIC_EUR: L = L("Publiek €", "Public €");
pub const PRIVATE_EUR: L = L("Privaat €", "Private €");
pub const IN_KIND_EUR: L = L("In natura €", "In kind €");
pub const FTE: L = L("Fte", "FTE");
pub const MKB: L = L("Mkb", "SMEs");
pub const OUTPUTS: L = L(
    "Publ./prod./octr./spin-offs",
    "Publ./prod./patents/spin-offs",
);
pub const REACH: L = L("Bereik lage SEP", "Reach low SEP");
pub const ROWS_OVERLAP: L = L(
    "Rijen tellen niet op tot het totaal: een project met meer missies of soorten partners telt in elke rij mee.",
    "Rows do not add up to the total: a project with several missions or kinds of partner counts in each row.",
);
pub const NOT_COUNTED: L = L(
    "Niet meegeteld (alleen goedgekeurde tellen): ingediend",
    "Not counted (only approved ones count): submitted",
);
pub const REJECTED: L = L("afgewezen", "rejected");
