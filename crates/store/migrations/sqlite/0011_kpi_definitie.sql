-- KPI definitions that administrators add or change. The definition is kept whole as JSON
-- text (the form of the indicator engine's `KpiDefinitie`): the store persists it and knows
-- none of its rules, which the application core applies before it writes.
CREATE TABLE kpi_definitie (
    code TEXT PRIMARY KEY,
    definitie TEXT NOT NULL,
    door TEXT NOT NULL,
    gewijzigd_op TEXT NOT NULL
);

-- Its own change counter, so a process that caches the combined catalogue sees another
-- process's change in one query (see 0008).
INSERT INTO versie (gebied) VALUES ('kpi');
CREATE TRIGGER kpi_definitie_versie_insert AFTER INSERT ON kpi_definitie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'kpi'; END;
CREATE TRIGGER kpi_definitie_versie_update AFTER UPDATE ON kpi_definitie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'kpi'; END;
CREATE TRIGGER kpi_definitie_versie_delete AFTER DELETE ON kpi_definitie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'kpi'; END;
