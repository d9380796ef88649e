-- Nothing to change on PostgreSQL: its `project_versie` trigger (0008) is a statement
-- trigger that moves the portfolio's counter once per transaction, so an import moves it
-- once already. (On SQLite, 0023 drops the per-row insert trigger; the store moves the
-- counter itself where it inserts projects, on both databases.)
SELECT 1;
