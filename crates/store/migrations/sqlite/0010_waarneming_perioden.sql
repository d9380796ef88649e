-- Observations as publishers give them: a period is its first and last month (a pooled
-- 2019/2022 value is no year's value), the SES group belongs to a named breakdown (education
-- and income side by side), and a published significance judgement, the publisher's status of
-- the figure and the mark of a made-up value have their own columns.
-- Months are counted as year * 12 + month - 1. Old single-year rows become whole years; their
-- SES codes q1-q5 are income quintiles, laag/midden/hoog the three education levels (CBS writes
-- "middelbaar").
CREATE TABLE waarneming_nieuw (
    kpi TEXT NOT NULL,
    period_begin INTEGER NOT NULL,
    period_end INTEGER NOT NULL CHECK (period_end >= period_begin),
    region TEXT NOT NULL,
    sex TEXT NOT NULL DEFAULT '',
    ses_dimensie TEXT NOT NULL DEFAULT '',
    ses TEXT NOT NULL DEFAULT '',
    age_band TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL,
    lower REAL,
    upper REAL,
    source TEXT NOT NULL,
    n INTEGER CHECK (n IS NULL OR n >= 0),
    significantie TEXT,
    publicatiestatus TEXT,
    synthetisch INTEGER NOT NULL DEFAULT 0 CHECK (synthetisch IN (0, 1)),
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (kpi, period_begin, period_end, region, sex, ses_dimensie, ses, age_band)
) STRICT;

INSERT INTO waarneming_nieuw
    (kpi, period_begin, period_end, region, sex, ses_dimensie, ses, age_band, value, lower,
     upper, source, n, synthetisch, imported_at)
SELECT kpi, period * 12, period * 12 + 11, region, sex,
       CASE WHEN ses IN ('q1', 'q2', 'q3', 'q4', 'q5') THEN 'inkomen5'
            WHEN ses IN ('laag', 'midden', 'hoog') THEN 'opleiding'
            ELSE '' END,
       CASE WHEN ses = 'midden' THEN 'middelbaar' ELSE ses END,
       age_band, value, lower, upper, source, n,
       CASE WHEN source LIKE '%synthetisch%' THEN 1 ELSE 0 END, imported_at
FROM waarneming;

DROP TABLE waarneming;
ALTER TABLE waarneming_nieuw RENAME TO waarneming;

CREATE TRIGGER waarneming_versie_insert AFTER INSERT ON waarneming
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'waarneming'; END;
CREATE TRIGGER waarneming_versie_update AFTER UPDATE ON waarneming
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'waarneming'; END;
CREATE TRIGGER waarneming_versie_delete AFTER DELETE ON waarneming
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'waarneming'; END;
UPDATE versie SET n = n + 1 WHERE gebied = 'waarneming';
