-- The chain per target (issue 12, item 6): the targets a project claims to contribute to,
-- beside its missions, for finding a target's projects in one query. The project's record
-- (JSON) holds the list too; the store writes both together, the application core checks
-- that each target belongs to one of the project's missions (or the central mission).
CREATE TABLE project_doel (
    project TEXT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    doel TEXT NOT NULL,
    PRIMARY KEY (project, doel)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_doel_by_doel ON project_doel (doel, project);

-- Assessments, calls and stated contributions get their own change counter, so the pages
-- that show the ROCKET synthesis (the mission page) are rendered again after an assessment.
INSERT INTO versie (gebied) VALUES ('beoordeling');
CREATE TRIGGER beoordeling_versie_insert AFTER INSERT ON beoordeling
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'beoordeling'; END;
CREATE TRIGGER beoordeling_versie_update AFTER UPDATE ON beoordeling
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'beoordeling'; END;
CREATE TRIGGER beoordeling_versie_delete AFTER DELETE ON beoordeling
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'beoordeling'; END;
CREATE TRIGGER bijdrage_versie_insert AFTER INSERT ON bijdrage
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'beoordeling'; END;
CREATE TRIGGER bijdrage_versie_update AFTER UPDATE ON bijdrage
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'beoordeling'; END;
CREATE TRIGGER bijdrage_versie_delete AFTER DELETE ON bijdrage
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'beoordeling'; END;
CREATE TRIGGER oproep_versie_insert AFTER INSERT ON oproep
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'beoordeling'; END;
CREATE TRIGGER oproep_versie_update AFTER UPDATE ON oproep
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'beoordeling'; END;
