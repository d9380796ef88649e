-- KPI definitions that administrators add or change. The definition is kept whole as JSON
-- text (the form of the indicator engine's `KpiDefinitie`): the store persists it and knows
-- none of its rules, which the application core applies before it writes.
CREATE TABLE kpi_definitie (
    code TEXT COLLATE "C" PRIMARY KEY,
    definitie TEXT COLLATE "C" NOT NULL,
    door TEXT COLLATE "C" NOT NULL,
    gewijzigd_op TEXT COLLATE "C" NOT NULL
);

-- Its own change counter, so a process that caches the combined catalogue sees another
-- process's change in one query (see 0008).
INSERT INTO versie (gebied) VALUES ('kpi');
CREATE TRIGGER kpi_definitie_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kpi_definitie
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('kpi');
