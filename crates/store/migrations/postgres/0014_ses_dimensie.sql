-- SES breakdowns that administrators define (a code, names, groups from low to high), kept
-- whole as JSON text (the form of the indicator engine's `SesDimensie`) like the KPI
-- definitions of 0011: the store persists them and knows none of their rules.
CREATE TABLE ses_dimensie_definitie (
    code TEXT COLLATE "C" PRIMARY KEY,
    definitie TEXT COLLATE "C" NOT NULL,
    door TEXT COLLATE "C" NOT NULL,
    gewijzigd_op TEXT COLLATE "C" NOT NULL
);

-- A breakdown is part of the KPI catalogue: it moves the catalogue's counter (see 0011).
CREATE TRIGGER ses_dimensie_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ses_dimensie_definitie
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('kpi');
