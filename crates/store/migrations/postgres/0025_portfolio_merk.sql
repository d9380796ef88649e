-- A mark for every version the portfolio reaches: a random number drawn when its change
-- counter (`versie`, area 'project') moves, in the same transaction. The database identity
-- (0024) tells databases made anew apart, not copies: a copied or restored file, a dump, a
-- database made from a template carry the identity along and then reach the same version
-- numbers with other content. Their marks agree for the past they share and differ from the
-- first version each reaches by itself, so what is kept beside a database (the search
-- indexes, the FAIR portfolio files) records the mark of the version it was made at and is
-- taken for the database's own only while the database has the same mark for that version
-- (`Store::portfolio_stand`, `Store::was_op`).
-- Only the portfolio's area: it is the one those files are made from, and its counter moves
-- once per transaction (0008) or per import and single write (0023).
CREATE TABLE portfolio_merk (
    versie BIGINT PRIMARY KEY,
    merk BIGINT NOT NULL
);
-- 64 bits of an md5 of random() (seeded per session), the clock and the backend's process
-- id: two databases made from one template differ also when their first writes meet.
CREATE FUNCTION gemeten_merk() RETURNS bigint LANGUAGE sql VOLATILE AS $$
    SELECT ('x' || left(md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text), 16))::bit(64)::bigint
$$;
INSERT INTO portfolio_merk (versie, merk) SELECT n, gemeten_merk() FROM versie WHERE gebied = 'project';
CREATE FUNCTION gemeten_portfolio_merk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO portfolio_merk (versie, merk) VALUES (NEW.n, gemeten_merk())
    ON CONFLICT (versie) DO UPDATE SET merk = excluded.merk;
    RETURN NULL;
END
$$;
CREATE TRIGGER portfolio_merk_versie AFTER UPDATE OF n ON versie
    FOR EACH ROW WHEN (NEW.gebied = 'project' AND NEW.n IS DISTINCT FROM OLD.n)
    EXECUTE FUNCTION gemeten_portfolio_merk();
