-- Observed KPI values (top-down statistics and bottom-up project data). Empty strings in
-- the breakdown columns mean "all", so that the natural key can be UNIQUE (SQLite treats
-- NULLs as distinct).
CREATE TABLE waarneming (
    kpi TEXT NOT NULL,
    period INTEGER NOT NULL,
    region TEXT NOT NULL,
    sex TEXT NOT NULL DEFAULT '',
    ses TEXT NOT NULL DEFAULT '',
    age_band TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL,
    lower REAL,
    upper REAL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (kpi, period, region, sex, ses, age_band)
) STRICT;
