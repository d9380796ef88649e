-- The project portfolio. The whole record is kept as JSON (its canonical form, as the
-- domain model serialises it); the columns beside it exist for filtering and sorting.
CREATE TABLE project (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    funder TEXT NOT NULL,
    status TEXT NOT NULL,
    trl INTEGER,
    record TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE project_missie (
    project TEXT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    missie TEXT NOT NULL,
    PRIMARY KEY (project, missie)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_missie_by_missie ON project_missie (missie, project);

-- Every change to a project: who, when, which field, before and after. Append-only: the
-- triggers refuse updates and deletes, so the history cannot be rewritten through SQL.
CREATE TABLE project_wijziging (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    by TEXT NOT NULL,
    field TEXT NOT NULL,
    before TEXT,
    after TEXT
) STRICT;
CREATE INDEX project_wijziging_by_project ON project_wijziging (project, seq);

CREATE TRIGGER project_wijziging_no_update BEFORE UPDATE ON project_wijziging
BEGIN
    SELECT RAISE(ABORT, 'project_wijziging is append-only');
END;
CREATE TRIGGER project_wijziging_no_delete BEFORE DELETE ON project_wijziging
BEGIN
    SELECT RAISE(ABORT, 'project_wijziging is append-only');
END;

-- Financing routes need to know which instruments fit an innovation: its business
-- readiness and the kind of organisation that applies.
ALTER TABLE instrument ADD COLUMN brl_min INTEGER CHECK (brl_min BETWEEN 1 AND 9);
ALTER TABLE instrument ADD COLUMN brl_max INTEGER CHECK (brl_max BETWEEN 1 AND 9);
ALTER TABLE instrument ADD COLUMN eligibility_nl TEXT;
CREATE TABLE instrument_eligible (
    owner TEXT NOT NULL REFERENCES instrument(id),
    pos INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (owner, pos)
) STRICT;
