-- The portfolio's counter no longer moves once per inserted project: a row trigger fired
-- 200 000 times for an import of 200 000 projects (SQLite has no statement triggers). The
-- store moves it itself where it inserts projects, the only two places that do: once per
-- import (`finish_project_import`, in the import's transaction) and once per single write
-- (`write`, a project created or replaced). Updates and deletes of `project` still move it
-- through their triggers (0008), whoever makes them.
DROP TRIGGER project_versie_insert;
