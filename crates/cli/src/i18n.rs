//! Labels in Dutch (the default) and English. Keys are the Dutch label's meaning in short;
//! every label used by the CLI lives here, so a translation is complete when this file is.

pub use gemeten_domain::{Label, Lang};

pub const MISSIONS: Label = Label("Missies", "Missions");
pub const CODE: Label = Label("Code", "Code");
pub const TITLE: Label = Label("Titel", "Title");
pub const DEADLINE: Label = Label("Jaar", "Year");
pub const TARGETS: Label = Label("Doelen", "Targets");
pub const MISSION_TEXT: Label = Label("Missie", "Mission");
pub const WORDING_2019: Label = Label("Formulering 2019", "2019 wording");
pub const INDICATOR: Label = Label("Indicator", "Indicator");
pub const TARGET: Label = Label("Streefwaarde", "Target");
pub const BASELINE: Label = Label("Basis", "Baseline");
pub const DIRECTION: Label = Label("Richting", "Direction");
pub const SOURCE: Label = Label("Bron", "Source");
pub const THEORY_OF_CHANGE: Label = Label(
    "Veranderingstheorie (impact pathway)",
    "Theory of change (impact pathway)",
);
pub const STAGE: Label = Label("Stap", "Stage");
pub const LEADS_TO: Label = Label("Leidt tot", "Leads to");
pub const QUESTIONS: Label = Label(
    "Kennis- en innovatievragen",
    "Knowledge and innovation questions",
);
pub const KIND: Label = Label("Soort", "Kind");
pub const QUESTION: Label = Label("Vraag", "Question");
pub const ACTIVITIES: Label = Label("Concrete activiteiten", "Concrete activities");
pub const NUMBER: Label = Label("Nr.", "No.");
pub const ACTIVITY: Label = Label("Activiteit", "Activity");
pub const INITIATORS: Label = Label("Initiatiefnemers", "Initiators");
pub const ALL_PARTNERS: Label = Label("alle partners", "all partners");
pub const INSTRUMENTS: Label = Label("Financiële instrumenten", "Financial instruments");
pub const PROGRAMME: Label = Label("Programma", "Programme");
pub const INSTRUMENT: Label = Label("Instrument", "Instrument");
pub const BUDGET: Label = Label("Financieel beslag", "Budget");
pub const TRL: Label = Label("TRL", "TRL");
pub const INNOVATIONS: Label = Label("Innovaties", "Innovations");
pub const NAME: Label = Label("Naam", "Name");
pub const PHASES: Label = Label(
    "Fase (innovatie / stakeholders / omgeving)",
    "Phase (innovation / stakeholders / environment)",
);
pub const SELECTED: Label = Label("Geselecteerd", "Selected");
pub const BARRIERS: Label = Label("Barrières", "Barriers");
pub const CRITERIA: Label = Label("Selectiecriteria", "Selection criteria");
pub const CRITERION: Label = Label("Criterium", "Criterion");
pub const YES: Label = Label("ja", "yes");
pub const NO: Label = Label("nee", "no");
pub const NONE_YET: Label = Label("(nog niets vastgelegd)", "(nothing recorded yet)");
pub const UNKNOWN: Label = Label("onbekend", "unknown");
pub const MISSIONS_IN: Label = Label("Missies", "Missions");
pub const COUNTS: Label = Label("Records", "Records");
pub const TABLE: Label = Label("Tabel", "Table");
pub const NO_MATCH: Label = Label(
    "Niets gevonden met deze filters.",
    "Nothing matches these filters.",
);
pub const ERROR: Label = Label("fout", "error");
pub const NOTHING_CHANGED: Label = Label("er is niets gewijzigd", "nothing was changed");
pub const READING: Label = Label("microdata lezen", "reading microdata");
pub const PERSONS: Label = Label("Personen", "Persons");
pub const LE: Label = Label("Levensverwachting", "Life expectancy");
pub const HLE: Label = Label("Gezonde levensverwachting", "Healthy life expectancy");
pub const CI95: Label = Label("95 %-interval", "95 % CI");
pub const NOTE: Label = Label("Opmerking", "Note");
pub const SUPPRESSED: Label = Label("onderdrukt", "suppressed");
pub const SUPPRESSED_GROUPS: Label = Label(
    "Groepen onderdrukt (kleine cel of onvolledig)",
    "Groups suppressed (small cell or incomplete)",
);
pub const EXPECTANCY_AT: Label = Label(
    "Verwachtingen in jaren op leeftijd",
    "Expectancies in years at age",
);
pub const SES_GAP: Label = Label(
    "SES-verschil in gezonde levensverwachting (hoogste − laagste groep)",
    "SES gap in healthy life expectancy (highest − lowest group)",
);
pub const YEARS: Label = Label("jaar", "years");
pub const OBSERVATIONS_IMPORTED: Label =
    Label("waarnemingen geïmporteerd", "observations imported");
pub const TARGET_ID: Label = Label("Doel", "Target");
pub const LATEST: Label = Label("Laatste", "Latest");
pub const PROJECTION: Label = Label("Projectie (95 %)", "Projection (95 %)");
pub const STATUS: Label = Label("Status", "Status");
pub const REASON: Label = Label("Reden", "Reason");
pub const NO_OBSERVATIONS_HINT: Label = Label(
    "Er zijn nog geen waarnemingen. Importeer meetreeksen met `gemeten kpi import <bestand.csv>` \
     (kolommen kpi, period, region, value; zie README).",
    "No observations yet. Import series with `gemeten kpi import <file.csv>` \
     (columns kpi, period, region, value; see README).",
);
pub const UNIT: Label = Label("Eenheid", "Unit");
pub const BREAKDOWNS: Label = Label("Uitsplitsingen", "Breakdowns");

// The portfolio: projects, synthesis, routes.
pub const PROJECTS: Label = Label("Projecten", "Projects");
pub const FUNDER: Label = Label("Financier", "Funder");
pub const PARTNERS: Label = Label("Partners", "Partners");
pub const FUNDING: Label = Label("Financiering", "Funding");
pub const EXPECTED: Label = Label("Verwacht in praktijk", "Expected in practice");
pub const HISTORY: Label = Label("Wijzigingen", "Changes");
pub const WHEN: Label = Label("Wanneer", "When");
pub const WHO: Label = Label("Wie", "Who");
pub const FIELD: Label = Label("Veld", "Field");
pub const BEFORE: Label = Label("Voor", "Before");
pub const AFTER: Label = Label("Na", "After");
pub const PROJECTS_IMPORTED: Label = Label("projecten geïmporteerd", "projects imported");
pub const NEW: Label = Label("nieuw", "new");
pub const UNCHANGED: Label = Label("ongewijzigd", "unchanged");
pub const NO_PROJECTS_HINT: Label = Label(
    "Er zijn nog geen projecten. Importeer een projectenlijst met `gemeten projects import <bestand.csv|.json>` \
     (zie README; een voorbeeld staat in data/voorbeeld/projecten.csv).",
    "No projects yet. Import a project list with `gemeten projects import <file.csv|.json>` \
     (see README; an example is data/voorbeeld/projecten.csv).",
);
pub const SYNTHESIS: Label = Label(
    "Kennis- en innovatiesynthese",
    "Knowledge and innovation synthesis",
);
pub const PIPELINE: Label = Label("Pijplijn", "Pipeline");
pub const BY_TRL: Label = Label("Naar TRL", "By TRL");
pub const BY_SEL: Label = Label("Naar SEL", "By SEL");
pub const BY_PHASE: Label = Label("Naar fase per element", "By phase per element");
pub const ELEMENT: Label = Label("Element", "Element");
pub const ELEMENTS: [Label; 3] = [
    Label("innovatie", "innovation"),
    Label("stakeholders", "stakeholders"),
    Label("gebruiksomgeving", "use environment"),
];
pub const ARRIVALS: Label = Label(
    "Verwacht in de praktijk per jaar",
    "Expected in practice per year",
);
pub const QUESTION_GAPS: Label = Label(
    "Gaten: kennisvragen zonder innovatie vanaf de drempel-TRL",
    "Gaps: questions without an innovation at or beyond the threshold TRL",
);
pub const TARGET_GAPS: Label = Label(
    "Gaten: doelen zonder enige innovatie vanaf de drempel-TRL",
    "Gaps: targets without any innovation at or beyond the threshold TRL",
);
pub const TECH_AHEAD: Label = Label(
    "Techniek loopt voor op stakeholders of gebruiksomgeving",
    "Technology ahead of stakeholders or use environment",
);
pub const ITEMS_BELOW: Label = Label("Innovaties eronder", "Innovations below");
pub const HIGHEST_TRL: Label = Label("Hoogste TRL", "Highest TRL");
pub const ROUTE: Label = Label("Financieringsroute", "Financing route");
pub const FITS_NOW: Label = Label("Past nu", "Fits now");
pub const NEXT: Label = Label("Daarna", "Next");
pub const ROUTE_UNKNOWNS: Label = Label(
    "Scherper met bekende waarden voor",
    "Sharper with known values for",
);
pub const ORIGIN: Label = Label("Herkomst", "Origin");
pub const NOTHING_TO_SUGGEST: Label = Label(
    "Alle projecten hebben missies en kennisvragen; geef een project-id om toch suggesties te zien.",
    "Every project has missions and questions; give a project id to see suggestions anyway.",
);
pub const DUPLICATES: Label = Label(
    "Mogelijke dubbelingen tussen financiers",
    "Possible duplicates across funders",
);
pub const PROJECT_A: Label = Label("Project", "Project");
pub const PROJECT_B: Label = Label("Lijkt op", "Resembles");
pub const SIMILARITY: Label = Label("Overeenkomst", "Similarity");

// Prioritisation rounds (`gemeten rounds`, `gemeten round …`).
pub const ROUND: Label = Label("Ronde", "Round");
pub const BALLOT_KIND: Label = Label("Stemwijze", "Ballot");
pub const RANKING: Label = Label("volledige rangorde", "full ranking");
pub const RATINGS: Label = Label("scores per criterium", "ratings per criterion");
pub const PARTICIPANTS: Label = Label("Deelnemers", "Participants");
pub const PARTICIPANT: Label = Label("deelnemer", "participant");
pub const BALLOTS: Label = Label("Stembiljetten", "Ballots");
pub const COUNTED: Label = Label("geteld", "counted");
pub const REPLACED: Label = Label("vervangen", "replaced");
pub const SEATS: Label = Label("te selecteren", "to select");
pub const ON_SITE: Label = Label("op locatie", "on site");
pub const PUBLISHED_SELECTION: Label = Label("gepubliceerde selectie", "published selection");
pub const WEIGHT: Label = Label("gewicht", "weight");
pub const CANDIDATES: Label = Label("Kandidaten", "Candidates");
pub const NOT_IN_REGISTER: Label = Label(
    "Niet (meer) in het register",
    "Not (or no longer) in the register",
);
pub const RESULT: Label = Label("Uitslag", "Result");
pub const NOT_APPLICABLE: Label = Label("niet van toepassing", "not applicable");
pub const PLACE: Label = Label("Plaats", "Place");
pub const INNOVATION: Label = Label("Innovatie", "Innovation");
pub const SCORE: Label = Label("Score", "Score");
pub const IQR: Label = Label("Kwartielen (IQR)", "Quartiles (IQR)");
pub const TIE: Label = Label("Gelijk", "Tie");
pub const TIED: Label = Label("gelijk", "tied");
pub const CONVENTION: Label = Label("Telwijze", "Convention");
pub const WINNERS: Label = Label("Geselecteerd", "Selected");
pub const TIE_AT_CUTOFF: Label = Label(
    "gelijke stand op de grens: meer kandidaten dan plaatsen",
    "tie at the cut-off: more candidates than seats",
);
pub const MATCHES_PUBLISHED: Label = Label(
    "Gelijk aan de gepubliceerde selectie",
    "Same as the published selection",
);
pub const AGREEMENT: Label = Label("Overeenstemming", "Agreement");
pub const WINNER_SUPPORT: Label = Label(
    "Overeenstemming: aandeel stembiljetten met elke geselecteerde",
    "Agreement: share of ballots naming each selected candidate",
);
pub const FINGERPRINT: Label = Label("Vingerafdruk", "Fingerprint");
pub const ILLUSTRATIVE_FLAG: Label = Label("[ILLUSTRATIEF]", "[ILLUSTRATIVE]");
pub const ILLUSTRATIVE_NOTE: Label = Label(
    "[ILLUSTRATIEF]: berekend uit verzonnen stembiljetten; het brondocument publiceert geen \
     individuele stemmen, alleen de uitkomst.",
    "[ILLUSTRATIVE]: computed from made-up ballots; the source document publishes no \
     individual votes, only the outcome.",
);
pub const BALLOT_STORED: Label = Label("stembiljet opgeslagen", "ballot stored");
pub const BALLOT_REPLACED: Label = Label(
    "stembiljet opgeslagen; het eerdere telt niet meer mee en blijft in de geschiedenis",
    "ballot stored; the earlier one no longer counts and stays in the history",
);

// Federated computation.
pub const CELLS: Label = Label("cellen", "cells");
pub const CELLS_SUPPRESSED: Label = Label("kleine cellen weggelaten", "small cells left out");
pub const OBSERVATIONS_WRITTEN: Label = Label(
    "waarnemingen geschreven (voor gemeten kpi import)",
    "observations written (for gemeten kpi import)",
);
pub const COMBINED_FROM: Label = Label(
    "Gecombineerd uit de deeltellingen van",
    "Combined from the partial counts of",
);
pub const NOT_EXACT: Label = Label(
    "Niet exact: kleine cellen weggelaten door de houders",
    "Not exact: small cells left out by the holders",
);

// Bottom-up monitoring: activities, reports, MTIB KPIs.
pub const ACTIVITY_OVERVIEW: Label = Label(
    "Monitoringoverzicht KIA-activiteiten",
    "Monitoring overview of the KIA activities",
);
pub const WHOLE_KIA: Label = Label("hele KIA", "whole KIA");
pub const COUNT: Label = Label("Aantal", "Count");
pub const OWNER: Label = Label("Eigenaar", "Owner");
pub const BEHIND: Label = Label("Achter op schema", "Behind schedule");
pub const REASONS: Label = Label("Reden", "Reason");
pub const WITHOUT_OWNER: Label = Label("Zonder eigenaar", "Without owner");
pub const CARRIERS: Label = Label(
    "Wie draagt het meest (eigenaar of initiatiefnemer)",
    "Who carries most (owner or initiator)",
);
pub const ORGANISATION: Label = Label("Organisatie", "Organisation");
pub const AS_OWNER: Label = Label("Eigenaar van", "Owner of");
pub const AS_INITIATOR: Label = Label("Initiatiefnemer van", "Initiator of");
pub const TOTAL: Label = Label("Totaal", "Total");
pub const MILESTONES: Label = Label("Mijlpalen", "Milestones");
pub const DUE: Label = Label("Uiterlijk", "Due");
pub const DONE: Label = Label("Gereed", "Done");
pub const EVIDENCE: Label = Label("Bewijs", "Evidence");
pub const NOTES: Label = Label("Voortgang per periode", "Progress per period");
pub const PERIOD: Label = Label("Periode", "Period");
pub const UPDATES: Label = Label("Geschiedenis", "History");
pub const CHANGE: Label = Label("Wijziging", "Change");
pub const NEVER_UPDATED: Label = Label(
    "Nog geen enkele activiteit bijgewerkt: alle activiteiten staan op 'gepland' zonder \
     eigenaar. Werk een activiteit bij met bijvoorbeeld\n  gemeten activity 000-II-4a update \
     --status gestart --owner zonmw --period 2025-H1 --note \"…\" --milestone \"Call open:2025-06-30\"",
    "No activity has been updated yet: all activities are 'planned' without an owner. Update \
     one with, for example,\n  gemeten activity 000-II-4a update --status gestart --owner zonmw \
     --period 2025-H1 --note \"…\" --milestone \"Call open:2025-06-30\"",
);
pub const UPDATED: Label = Label("activiteit bijgewerkt", "activity updated");
pub const PERIODS: Label = Label("Rapportageperioden", "Reporting periods");
pub const CLOSED: Label = Label("Gesloten", "Closed");
pub const SUBMITTED: Label = Label("rapportage(s) ingediend", "report(s) submitted");
pub const REVIEWED: Label = Label("rapportage beoordeeld", "report reviewed");
pub const PROJECT: Label = Label("Project", "Project");
pub const SUBMITTED_ON: Label = Label("Ingediend op", "Submitted on");
pub const MISSING: Label = Label("Ontbrekende rapportages", "Missing reports");
pub const LATE: Label = Label("Te laat ingediend", "Submitted late");
pub const DAYS_LATE: Label = Label("Dagen te laat", "Days late");
pub const EXPECTED_REPORTS: Label = Label(
    "Verwacht (lopend in de periode)",
    "Expected (running in the period)",
);
pub const MTIB_KPIS: Label = Label(
    "MTIB-KPI's uit goedgekeurde projectrapportages",
    "MTIB KPIs from approved project reports",
);
pub const BREAKDOWN: Label = Label("Uitsplitsing", "Breakdown");
pub const REPORTS: Label = Label("Rapportages", "Reports");
pub const PUBLIC_EUR: Label = Label("Publiek €", "Public €");
pub const PRIVATE_EUR: Label = Label("Privaat €", "Private €");
pub const IN_KIND_EUR: Label = Label("In natura €", "In kind €");
pub const FTE: Label = Label("Fte", "FTE");
pub const MKB: Label = Label("Mkb", "SMEs");
pub const OUTPUTS: Label = Label(
    "Publ./prod./octr./spin-offs",
    "Publ./prod./patents/spin-offs",
);
pub const REACH: Label = Label("Bereik lage SEP", "Reach low SEP");
pub const ROWS_OVERLAP: Label = Label(
    "Rijen tellen niet op tot het totaal: een project met meer missies of soorten partners telt in elke rij mee.",
    "Rows do not add up to the total: a project with several missions or kinds of partner counts in each row.",
);
pub const NOT_COUNTED: Label = Label(
    "Niet meegeteld (alleen goedgekeurde tellen): ingediend",
    "Not counted (only approved ones count): submitted",
);
pub const REJECTED: Label = Label("afgewezen", "rejected");

pub const KIES_ELEMENT: Label = Label("Element", "Element");
pub const KIES_LABEL: Label = Label("In de figuur", "In the figure");
pub const KIES_MISSIONS: Label = Label("Missies", "Missions");
pub const KIES_REGISTER: Label = Label("In het register", "In the register");
pub const KIES_SOURCE: Label = Label("Bron", "Source");
pub const KIES_PROJECTS: Label = Label("Projecten", "Projects");
