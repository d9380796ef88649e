-- The register complete (issue 12, point 5): other wordings of a mission, the KIA's
-- priorities, 000's Tabel 2 (programmes to missions), key figures of the KIA as a whole;
-- where a target's deadline comes from; an instrument's later amount and the instrument
-- its budget is part of (so that sums count money once).
ALTER TABLE doel ADD COLUMN deadline_source__doc TEXT;
ALTER TABLE doel ADD COLUMN deadline_source__section TEXT;
ALTER TABLE doel ADD COLUMN deadline_source__lines TEXT;
ALTER TABLE instrument ADD COLUMN budget_until_year INTEGER;
ALTER TABLE instrument ADD COLUMN budget_after_eur INTEGER CHECK (budget_after_eur IS NULL OR budget_after_eur >= 0);
-- part_of refers to another instrument; the register checks it (no foreign key, so that
-- rows need no order among themselves).
ALTER TABLE instrument ADD COLUMN part_of TEXT;

CREATE TABLE formulering (
    id TEXT PRIMARY KEY,
    missie TEXT NOT NULL REFERENCES missie(code),
    text_nl TEXT NOT NULL,
    text_en TEXT,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE prioriteit (
    id TEXT PRIMARY KEY,
    chapter TEXT NOT NULL,
    number TEXT,
    text_nl TEXT NOT NULL,
    text_en TEXT,
    all_partners INTEGER NOT NULL CHECK (all_partners IN (0, 1)),
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE prioriteit_missies (
    owner TEXT NOT NULL REFERENCES prioriteit(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE prioriteit_initiatiefnemers (
    owner TEXT NOT NULL REFERENCES prioriteit(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES organisatie(id),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE programma_bijdrage (
    id TEXT PRIMARY KEY,
    programma TEXT NOT NULL REFERENCES programma(code),
    text_nl TEXT NOT NULL,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE programma_bijdrage_missies (
    owner TEXT NOT NULL REFERENCES programma_bijdrage(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE kengetal (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    text_nl TEXT NOT NULL,
    text_en TEXT,
    value REAL,
    unit TEXT,
    budget_period TEXT,
    year_from INTEGER,
    year_to INTEGER CHECK (year_from IS NULL OR year_to IS NULL OR year_to >= year_from),
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;
