-- The register complete (issue 12, point 5): other wordings of a mission, the KIA's
-- priorities, 000's Tabel 2 (programmes to missions), key figures of the KIA as a whole;
-- where a target's deadline comes from; an instrument's later amount and the instrument
-- its budget is part of (so that sums count money once).
ALTER TABLE doel ADD COLUMN deadline_source__doc TEXT COLLATE "C";
ALTER TABLE doel ADD COLUMN deadline_source__section TEXT COLLATE "C";
ALTER TABLE doel ADD COLUMN deadline_source__lines TEXT COLLATE "C";
ALTER TABLE instrument ADD COLUMN budget_until_year BIGINT;
ALTER TABLE instrument ADD COLUMN budget_after_eur BIGINT CHECK (budget_after_eur IS NULL OR budget_after_eur >= 0);
-- part_of refers to another instrument; the register checks it (no foreign key, so that
-- rows need no order among themselves).
ALTER TABLE instrument ADD COLUMN part_of TEXT COLLATE "C";

CREATE TABLE formulering (
    id TEXT COLLATE "C" PRIMARY KEY,
    missie TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    text_nl TEXT COLLATE "C" NOT NULL,
    text_en TEXT COLLATE "C",
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE prioriteit (
    id TEXT COLLATE "C" PRIMARY KEY,
    chapter TEXT COLLATE "C" NOT NULL,
    number TEXT COLLATE "C",
    text_nl TEXT COLLATE "C" NOT NULL,
    text_en TEXT COLLATE "C",
    all_partners BOOLEAN NOT NULL,
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE prioriteit_missies (
    owner TEXT COLLATE "C" NOT NULL REFERENCES prioriteit(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE prioriteit_initiatiefnemers (
    owner TEXT COLLATE "C" NOT NULL REFERENCES prioriteit(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES organisatie(id),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE programma_bijdrage (
    id TEXT COLLATE "C" PRIMARY KEY,
    programma TEXT COLLATE "C" NOT NULL REFERENCES programma(code),
    text_nl TEXT COLLATE "C" NOT NULL,
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE programma_bijdrage_missies (
    owner TEXT COLLATE "C" NOT NULL REFERENCES programma_bijdrage(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE kengetal (
    id TEXT COLLATE "C" PRIMARY KEY,
    kind TEXT COLLATE "C" NOT NULL,
    text_nl TEXT COLLATE "C" NOT NULL,
    text_en TEXT COLLATE "C",
    value DOUBLE PRECISION,
    unit TEXT COLLATE "C",
    budget_period TEXT COLLATE "C",
    year_from BIGINT,
    year_to BIGINT CHECK (year_from IS NULL OR year_to IS NULL OR year_to >= year_from),
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);
