-- SES breakdowns that administrators define (a code, names, groups from low to high), kept
-- whole as JSON text (the form of the indicator engine's `SesDimensie`) like the KPI
-- definitions of 0011: the store persists them and knows none of their rules.
CREATE TABLE ses_dimensie_definitie (
    code TEXT PRIMARY KEY,
    definitie TEXT NOT NULL,
    door TEXT NOT NULL,
    gewijzigd_op TEXT NOT NULL
);

-- A breakdown is part of the KPI catalogue: it moves the catalogue's counter (see 0011).
CREATE TRIGGER ses_dimensie_versie_insert AFTER INSERT ON ses_dimensie_definitie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'kpi'; END;
CREATE TRIGGER ses_dimensie_versie_update AFTER UPDATE ON ses_dimensie_definitie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'kpi'; END;
CREATE TRIGGER ses_dimensie_versie_delete AFTER DELETE ON ses_dimensie_definitie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'kpi'; END;
