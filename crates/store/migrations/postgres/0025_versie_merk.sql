-- A mark for every version the portfolio reaches: a random value drawn when its change
-- counter (`versie`, area 'project') moves, in the same transaction. The database identity
-- (0024) tells databases made anew apart, not copies: a copied or restored file, a dump, a
-- database made from a template carry the identity along and then reach the same version
-- numbers with other content. Their marks agree for the past they share and differ from the
-- first version each reaches by itself, so what is kept beside a database (the search
-- indexes, the FAIR portfolio files) records the mark of the version it was made at and is
-- taken for the database's own only while the database has the same mark for that version.
-- Only the portfolio's area: it is the one those files are made from, and its counter moves
-- once per transaction (0008) or per import and single write (0023).
CREATE TABLE versie_merk (
    gebied TEXT COLLATE "C" NOT NULL,
    n BIGINT NOT NULL,
    merk TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (gebied, n)
);
-- Drawn per call: random() is seeded per session, and the clock and the backend's process
-- id set two databases made from one template apart also when their first writes meet.
CREATE FUNCTION gemeten_merk() RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text)
$$;
INSERT INTO versie_merk (gebied, n, merk)
SELECT gebied, n, gemeten_merk() FROM versie WHERE gebied = 'project';
CREATE FUNCTION gemeten_versie_merk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO versie_merk (gebied, n, merk) VALUES (NEW.gebied, NEW.n, gemeten_merk())
    ON CONFLICT (gebied, n) DO UPDATE SET merk = excluded.merk;
    RETURN NULL;
END
$$;
CREATE TRIGGER versie_merk_project AFTER UPDATE OF n ON versie
    FOR EACH ROW WHEN (NEW.gebied = 'project' AND NEW.n IS DISTINCT FROM OLD.n)
    EXECUTE FUNCTION gemeten_versie_merk();
