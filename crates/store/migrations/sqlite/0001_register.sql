-- The mission register. Column names follow the register's field names; a double
-- underscore marks a nested value (source__doc is source.doc). Lists live in link tables
-- (owner, pos, value) so that every reference is a foreign key.

CREATE TABLE missie (
    code TEXT PRIMARY KEY,
    title_nl TEXT NOT NULL,
    title_en TEXT,
    text_nl TEXT NOT NULL,
    text_en TEXT,
    text_2019_nl TEXT,
    deadline INTEGER NOT NULL,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT,
    source_2019__doc TEXT,
    source_2019__section TEXT,
    source_2019__lines TEXT
) STRICT;

CREATE TABLE doel (
    id TEXT PRIMARY KEY,
    missie TEXT NOT NULL REFERENCES missie(code),
    indicator TEXT NOT NULL,
    indicator_nl TEXT NOT NULL,
    indicator_en TEXT,
    kind TEXT NOT NULL,
    value REAL,
    unit TEXT NOT NULL,
    direction TEXT NOT NULL,
    baseline_year INTEGER,
    baseline_value REAL,
    deadline INTEGER NOT NULL CHECK (baseline_year IS NULL OR deadline >= baseline_year),
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE toc_knoop (
    id TEXT PRIMARY KEY,
    missie TEXT NOT NULL REFERENCES missie(code),
    kind TEXT NOT NULL,
    text_nl TEXT NOT NULL,
    text_en TEXT,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE toc_pijl (
    "from" TEXT NOT NULL REFERENCES toc_knoop(id),
    "to" TEXT NOT NULL REFERENCES toc_knoop(id),
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT,
    PRIMARY KEY ("from", "to")
) STRICT;

CREATE TABLE kia_vraag (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    text_nl TEXT NOT NULL,
    text_en TEXT,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE kia_vraag_missies (
    owner TEXT NOT NULL REFERENCES kia_vraag(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE programma (
    code TEXT PRIMARY KEY,
    name_nl TEXT NOT NULL,
    name_en TEXT,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE instrument (
    id TEXT PRIMARY KEY,
    name_nl TEXT NOT NULL,
    description_nl TEXT,
    budget_text TEXT NOT NULL,
    budget_eur INTEGER CHECK (budget_eur IS NULL OR budget_eur >= 0),
    budget_period TEXT,
    contribution_nl TEXT,
    trl_min INTEGER CHECK (trl_min BETWEEN 1 AND 9),
    trl_max INTEGER CHECK (trl_max BETWEEN 1 AND 9),
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE instrument_programmas (
    owner TEXT NOT NULL REFERENCES instrument(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES programma(code),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE instrument_missies (
    owner TEXT NOT NULL REFERENCES instrument(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE organisatie (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE activiteit (
    id TEXT PRIMARY KEY,
    chapter TEXT NOT NULL,
    number TEXT NOT NULL,
    text_nl TEXT NOT NULL,
    text_en TEXT,
    all_partners INTEGER NOT NULL CHECK (all_partners IN (0, 1)),
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE activiteit_missies (
    owner TEXT NOT NULL REFERENCES activiteit(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE activiteit_initiatiefnemers (
    owner TEXT NOT NULL REFERENCES activiteit(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES organisatie(id),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE barriere (
    id TEXT PRIMARY KEY,
    title_nl TEXT NOT NULL,
    description_nl TEXT NOT NULL,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE innovatie (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description_nl TEXT NOT NULL,
    end_user_impact_nl TEXT,
    societal_impact_nl TEXT,
    economic_impact_nl TEXT,
    selected INTEGER NOT NULL CHECK (selected IN (0, 1)),
    interviewed INTEGER NOT NULL CHECK (interviewed IN (0, 1)),
    phase_innovation TEXT,
    phase_stakeholders TEXT,
    phase_environment TEXT,
    trl INTEGER CHECK (trl BETWEEN 1 AND 9),
    sel INTEGER CHECK (sel BETWEEN 1 AND 4),
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE innovatie_missies (
    owner TEXT NOT NULL REFERENCES innovatie(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES missie(code),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE innovatie_barrieres (
    owner TEXT NOT NULL REFERENCES innovatie(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES barriere(id),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE innovatie_impact_output (
    owner TEXT NOT NULL REFERENCES innovatie(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE innovatie_impact_outcome (
    owner TEXT NOT NULL REFERENCES innovatie(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE innovatie_impact_impact (
    owner TEXT NOT NULL REFERENCES innovatie(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE TABLE criterium (
    id TEXT PRIMARY KEY,
    missie TEXT NOT NULL REFERENCES missie(code),
    text_nl TEXT NOT NULL,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE aanbeveling (
    id TEXT PRIMARY KEY,
    barriere TEXT REFERENCES barriere(id),
    innovatie TEXT REFERENCES innovatie(id),
    what_nl TEXT NOT NULL,
    first_step_nl TEXT,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE aanbeveling_organisaties (
    owner TEXT NOT NULL REFERENCES aanbeveling(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL REFERENCES organisatie(id),
    PRIMARY KEY (owner, pos)
) STRICT;

CREATE INDEX doel_missie ON doel(missie);
CREATE INDEX toc_knoop_missie ON toc_knoop(missie);
CREATE INDEX kia_vraag_missies_value ON kia_vraag_missies(value);
CREATE INDEX instrument_missies_value ON instrument_missies(value);
CREATE INDEX activiteit_missies_value ON activiteit_missies(value);
CREATE INDEX innovatie_missies_value ON innovatie_missies(value);
