-- A change counter per area of the store. Triggers move it with every change to the area's
-- tables, whoever writes (the web application, the CLI, another instance), so a reader can
-- tell in one query whether what it derived from an area is still current, and several
-- gemeten processes on one database keep their caches consistent.
CREATE TABLE versie (
    gebied TEXT COLLATE "C" PRIMARY KEY,
    n BIGINT NOT NULL DEFAULT 0
);
INSERT INTO versie (gebied) VALUES ('register'), ('waarneming'), ('project'), ('ronde'), ('monitoring'), ('account');

-- Once per transaction and area: a statement-level trigger still fires for every INSERT of
-- an import that writes row by row, and updating one row 200 000 times in one transaction
-- leaves 200 000 row versions to walk (quadratic). A transaction-local setting remembers that
-- this transaction has moved the area's counter already (undone with a rolled-back savepoint,
-- so the counter moves again if the work is redone).
CREATE FUNCTION gemeten_versie() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('gemeten.versie_' || TG_ARGV[0], true) IS DISTINCT FROM 'ja' THEN
        UPDATE versie SET n = n + 1 WHERE gebied = TG_ARGV[0];
        PERFORM set_config('gemeten.versie_' || TG_ARGV[0], 'ja', true);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER missie_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON missie
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('register');
CREATE TRIGGER waarneming_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON waarneming
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('waarneming');
CREATE TRIGGER project_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('project');
CREATE TRIGGER ronde_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ronde
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('ronde');
CREATE TRIGGER stembiljet_versie AFTER INSERT OR UPDATE ON stembiljet
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('ronde');
CREATE TRIGGER ronde_uitslag_versie AFTER INSERT ON ronde_uitslag
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('ronde');
CREATE TRIGGER activiteit_update_versie AFTER INSERT ON activiteit_update
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('monitoring');
CREATE TRIGGER rapportageperiode_versie AFTER INSERT OR UPDATE ON rapportageperiode
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('monitoring');
CREATE TRIGGER rapportage_versie AFTER INSERT OR UPDATE ON rapportage
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('monitoring');
CREATE TRIGGER rapportage_gebeurtenis_versie AFTER INSERT ON rapportage_gebeurtenis
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('monitoring');
CREATE TRIGGER gebruiker_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gebruiker
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('account');
CREATE TRIGGER api_token_versie AFTER INSERT OR DELETE OR TRUNCATE ON api_token
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('account');
