-- The mission register (PostgreSQL; the same schema as migrations/sqlite/0001). Text
-- columns collate "C" so that ordering is by code point, as in SQLite.
--
-- The mission register. Column names follow the register's field names; a double
-- underscore marks a nested value (source__doc is source.doc). Lists live in link tables
-- (owner, pos, value) so that every reference is a foreign key.

CREATE TABLE missie (
    code TEXT COLLATE "C" PRIMARY KEY,
    title_nl TEXT COLLATE "C" NOT NULL,
    title_en TEXT COLLATE "C",
    text_nl TEXT COLLATE "C" NOT NULL,
    text_en TEXT COLLATE "C",
    text_2019_nl TEXT COLLATE "C",
    deadline BIGINT NOT NULL,
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C",
    source_2019__doc TEXT COLLATE "C",
    source_2019__section TEXT COLLATE "C",
    source_2019__lines TEXT COLLATE "C"
);

CREATE TABLE doel (
    id TEXT COLLATE "C" PRIMARY KEY,
    missie TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    indicator TEXT COLLATE "C" NOT NULL,
    indicator_nl TEXT COLLATE "C" NOT NULL,
    indicator_en TEXT COLLATE "C",
    kind TEXT COLLATE "C" NOT NULL,
    value DOUBLE PRECISION,
    unit TEXT COLLATE "C" NOT NULL,
    direction TEXT COLLATE "C" NOT NULL,
    baseline_year BIGINT,
    baseline_value DOUBLE PRECISION,
    deadline BIGINT NOT NULL CHECK (baseline_year IS NULL OR deadline >= baseline_year),
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE toc_knoop (
    id TEXT COLLATE "C" PRIMARY KEY,
    missie TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    kind TEXT COLLATE "C" NOT NULL,
    text_nl TEXT COLLATE "C" NOT NULL,
    text_en TEXT COLLATE "C",
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE toc_pijl (
    "from" TEXT COLLATE "C" NOT NULL REFERENCES toc_knoop(id),
    "to" TEXT COLLATE "C" NOT NULL REFERENCES toc_knoop(id),
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C",
    PRIMARY KEY ("from", "to")
);

CREATE TABLE kia_vraag (
    id TEXT COLLATE "C" PRIMARY KEY,
    kind TEXT COLLATE "C" NOT NULL,
    text_nl TEXT COLLATE "C" NOT NULL,
    text_en TEXT COLLATE "C",
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE kia_vraag_missies (
    owner TEXT COLLATE "C" NOT NULL REFERENCES kia_vraag(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE programma (
    code TEXT COLLATE "C" PRIMARY KEY,
    name_nl TEXT COLLATE "C" NOT NULL,
    name_en TEXT COLLATE "C",
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE instrument (
    id TEXT COLLATE "C" PRIMARY KEY,
    name_nl TEXT COLLATE "C" NOT NULL,
    description_nl TEXT COLLATE "C",
    budget_text TEXT COLLATE "C" NOT NULL,
    budget_eur BIGINT CHECK (budget_eur IS NULL OR budget_eur >= 0),
    budget_period TEXT COLLATE "C",
    contribution_nl TEXT COLLATE "C",
    trl_min BIGINT CHECK (trl_min BETWEEN 1 AND 9),
    trl_max BIGINT CHECK (trl_max BETWEEN 1 AND 9),
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE instrument_programmas (
    owner TEXT COLLATE "C" NOT NULL REFERENCES instrument(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES programma(code),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE instrument_missies (
    owner TEXT COLLATE "C" NOT NULL REFERENCES instrument(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE organisatie (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE activiteit (
    id TEXT COLLATE "C" PRIMARY KEY,
    chapter TEXT COLLATE "C" NOT NULL,
    number TEXT COLLATE "C" NOT NULL,
    text_nl TEXT COLLATE "C" NOT NULL,
    text_en TEXT COLLATE "C",
    all_partners BOOLEAN NOT NULL,
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE activiteit_missies (
    owner TEXT COLLATE "C" NOT NULL REFERENCES activiteit(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE activiteit_initiatiefnemers (
    owner TEXT COLLATE "C" NOT NULL REFERENCES activiteit(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES organisatie(id),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE barriere (
    id TEXT COLLATE "C" PRIMARY KEY,
    title_nl TEXT COLLATE "C" NOT NULL,
    description_nl TEXT COLLATE "C" NOT NULL,
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE innovatie (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    description_nl TEXT COLLATE "C" NOT NULL,
    end_user_impact_nl TEXT COLLATE "C",
    societal_impact_nl TEXT COLLATE "C",
    economic_impact_nl TEXT COLLATE "C",
    selected BOOLEAN NOT NULL,
    interviewed BOOLEAN NOT NULL,
    phase_innovation TEXT COLLATE "C",
    phase_stakeholders TEXT COLLATE "C",
    phase_environment TEXT COLLATE "C",
    trl BIGINT CHECK (trl BETWEEN 1 AND 9),
    sel BIGINT CHECK (sel BETWEEN 1 AND 4),
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE innovatie_missies (
    owner TEXT COLLATE "C" NOT NULL REFERENCES innovatie(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE innovatie_barrieres (
    owner TEXT COLLATE "C" NOT NULL REFERENCES innovatie(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES barriere(id),
    PRIMARY KEY (owner, pos)
);

CREATE TABLE innovatie_impact_output (
    owner TEXT COLLATE "C" NOT NULL REFERENCES innovatie(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (owner, pos)
);

CREATE TABLE innovatie_impact_outcome (
    owner TEXT COLLATE "C" NOT NULL REFERENCES innovatie(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (owner, pos)
);

CREATE TABLE innovatie_impact_impact (
    owner TEXT COLLATE "C" NOT NULL REFERENCES innovatie(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (owner, pos)
);

CREATE TABLE criterium (
    id TEXT COLLATE "C" PRIMARY KEY,
    missie TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    text_nl TEXT COLLATE "C" NOT NULL,
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE aanbeveling (
    id TEXT COLLATE "C" PRIMARY KEY,
    barriere TEXT COLLATE "C" REFERENCES barriere(id),
    innovatie TEXT COLLATE "C" REFERENCES innovatie(id),
    what_nl TEXT COLLATE "C" NOT NULL,
    first_step_nl TEXT COLLATE "C",
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE aanbeveling_organisaties (
    owner TEXT COLLATE "C" NOT NULL REFERENCES aanbeveling(id),
    pos BIGINT NOT NULL,
    value TEXT COLLATE "C" NOT NULL REFERENCES organisatie(id),
    PRIMARY KEY (owner, pos)
);

CREATE INDEX doel_missie ON doel(missie);
CREATE INDEX toc_knoop_missie ON toc_knoop(missie);
CREATE INDEX kia_vraag_missies_value ON kia_vraag_missies(value);
CREATE INDEX instrument_missies_value ON instrument_missies(value);
CREATE INDEX activiteit_missies_value ON activiteit_missies(value);
CREATE INDEX innovatie_missies_value ON innovatie_missies(value);
