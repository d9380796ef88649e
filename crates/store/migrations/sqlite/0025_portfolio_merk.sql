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
-- once per import or single write (0023), not once per row of a bulk insert. A row per
-- version (rowid table, a 64-bit number from SQLite's random(), which is seeded from the
-- system's randomness): a few microseconds per move.
CREATE TABLE portfolio_merk (
    versie INTEGER PRIMARY KEY,
    merk INTEGER NOT NULL
) STRICT;
INSERT INTO portfolio_merk (versie, merk) SELECT n, random() FROM versie WHERE gebied = 'project';
CREATE TRIGGER portfolio_merk_versie AFTER UPDATE OF n ON versie
WHEN NEW.gebied = 'project' AND NEW.n IS NOT OLD.n
BEGIN
    INSERT OR REPLACE INTO portfolio_merk (versie, merk) VALUES (NEW.n, random());
END;
