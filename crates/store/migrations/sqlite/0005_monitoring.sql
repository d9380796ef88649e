-- Bottom-up monitoring (000, 'Monitoring & Evaluatie').
--
-- Activity tracking: every update of a KIA activity (status, owner, note for a period,
-- milestones, evidence) is one row; an activity's state is the replay of its rows. The
-- activity is referred to by id, not by foreign key, so `gemeten import` of a new register
-- is not blocked by the history. Append-only.
CREATE TABLE activiteit_update (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    activiteit TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    by TEXT NOT NULL,
    status TEXT,
    owner TEXT,
    period TEXT,
    record TEXT NOT NULL
) STRICT;
CREATE INDEX activiteit_update_by_activiteit ON activiteit_update (activiteit, seq);

CREATE TRIGGER activiteit_update_no_update BEFORE UPDATE ON activiteit_update
BEGIN
    SELECT RAISE(ABORT, 'activiteit_update is append-only');
END;
CREATE TRIGGER activiteit_update_no_delete BEFORE DELETE ON activiteit_update
BEGIN
    SELECT RAISE(ABORT, 'activiteit_update is append-only');
END;

-- Reporting periods for the projects' basic dataset.
CREATE TABLE rapportageperiode (
    id TEXT PRIMARY KEY,
    due TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
) STRICT;

-- Reports: the checked record as JSON, with its review state. The submitted content never
-- changes and no report is deleted; a rejected report that is replaced keeps its row
-- (`replaced_by`). At most one live report per project and period.
CREATE TABLE rapportage (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL,
    period TEXT NOT NULL REFERENCES rapportageperiode (id),
    version INTEGER NOT NULL,
    submitted_on TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    record TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ingediend'
        CHECK (status IN ('ingediend', 'goedgekeurd', 'afgewezen')),
    reason TEXT,
    reviewed_by TEXT,
    replaced_by INTEGER REFERENCES rapportage (id)
) STRICT;
-- A rejected report is replaced by inserting its successor, then pointing it there.
CREATE UNIQUE INDEX rapportage_live ON rapportage (project, period)
    WHERE replaced_by IS NULL AND status <> 'afgewezen';

CREATE TRIGGER rapportage_no_delete BEFORE DELETE ON rapportage
BEGIN
    SELECT RAISE(ABORT, 'rapportage is append-only');
END;
CREATE TRIGGER rapportage_content_fixed BEFORE UPDATE OF project, period, version,
    submitted_on, submitted_by, record ON rapportage
BEGIN
    SELECT RAISE(ABORT, 'a submitted rapportage cannot be changed');
END;

-- Every event of a report (submitted, approved, rejected, replaced): who, when, why.
CREATE TABLE rapportage_gebeurtenis (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    rapportage INTEGER NOT NULL REFERENCES rapportage (id),
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    by TEXT NOT NULL,
    event TEXT NOT NULL,
    reason TEXT
) STRICT;

CREATE TRIGGER rapportage_gebeurtenis_no_update BEFORE UPDATE ON rapportage_gebeurtenis
BEGIN
    SELECT RAISE(ABORT, 'rapportage_gebeurtenis is append-only');
END;
CREATE TRIGGER rapportage_gebeurtenis_no_delete BEFORE DELETE ON rapportage_gebeurtenis
BEGIN
    SELECT RAISE(ABORT, 'rapportage_gebeurtenis is append-only');
END;
