-- Observed KPI values (top-down statistics and bottom-up project data). Empty strings in
-- the breakdown columns mean "all", so that the natural key can be UNIQUE (NULLs are
-- distinct in a key).
CREATE TABLE waarneming (
    kpi TEXT COLLATE "C" NOT NULL,
    period BIGINT NOT NULL,
    region TEXT COLLATE "C" NOT NULL,
    sex TEXT COLLATE "C" NOT NULL DEFAULT '',
    ses TEXT COLLATE "C" NOT NULL DEFAULT '',
    age_band TEXT COLLATE "C" NOT NULL DEFAULT '',
    value DOUBLE PRECISION NOT NULL,
    lower DOUBLE PRECISION,
    upper DOUBLE PRECISION,
    source TEXT COLLATE "C" NOT NULL,
    imported_at TEXT COLLATE "C" NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    PRIMARY KEY (kpi, period, region, sex, ses, age_band)
);
