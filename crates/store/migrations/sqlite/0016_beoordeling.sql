-- Assessments (issue 12, points 1 and 2): the ROCKET principles and the kernelementen as
-- register records (maatstaf); assessments of projects, instruments, calls and innovations
-- on them; calls with their requirements; projects' stated contributions to targets.
CREATE TABLE maatstaf (
    id TEXT PRIMARY KEY,
    kader TEXT NOT NULL CHECK (kader IN ('rocket', 'kernelement')),
    letter TEXT,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    text_nl TEXT NOT NULL,
    text_en TEXT,
    also_nl TEXT,
    also_source__doc TEXT,
    also_source__section TEXT,
    also_source__lines TEXT,
    figure_nl TEXT,
    figure_source__doc TEXT,
    figure_source__section TEXT,
    figure_source__lines TEXT,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

-- One assessment, kept whole as JSON text (the domain's Beoordeling: judgements per
-- principle, assessor, date); the columns beside it are for finding it. The application
-- core checks it against the register before it writes; assessments are never changed, a
-- later one stands beside the earlier.
CREATE TABLE beoordeling (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    soort TEXT NOT NULL,
    onderwerp TEXT NOT NULL,
    kader TEXT NOT NULL,
    beoordeling TEXT NOT NULL,
    door TEXT NOT NULL,
    opgeslagen_op TEXT NOT NULL
) STRICT;
CREATE INDEX beoordeling_onderwerp ON beoordeling (soort, onderwerp);

-- A call (an instrument opening with a period) and what it requires, as JSON text.
CREATE TABLE oproep (
    id TEXT PRIMARY KEY,
    definitie TEXT NOT NULL,
    door TEXT NOT NULL,
    opgeslagen_op TEXT NOT NULL
) STRICT;

-- A project's stated contribution to a target (with the call it came in with).
CREATE TABLE bijdrage (
    project TEXT NOT NULL,
    doel TEXT NOT NULL,
    toelichting TEXT NOT NULL,
    oproep TEXT,
    door TEXT NOT NULL,
    opgeslagen_op TEXT NOT NULL,
    PRIMARY KEY (project, doel)
) STRICT;
