-- The chain per target (issue 12, item 6): the targets a project claims to contribute to,
-- beside its missions, for finding a target's projects in one query. The project's record
-- (JSON) holds the list too; the store writes both together, the application core checks
-- that each target belongs to one of the project's missions (or the central mission).
CREATE TABLE project_doel (
    project TEXT COLLATE "C" NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    doel TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (project, doel)
);
CREATE INDEX project_doel_by_doel ON project_doel (doel, project);

-- Assessments, calls and stated contributions get their own change counter, so the pages
-- that show the ROCKET synthesis (the mission page) are rendered again after an assessment.
INSERT INTO versie (gebied) VALUES ('beoordeling');
CREATE TRIGGER beoordeling_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON beoordeling
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('beoordeling');
CREATE TRIGGER bijdrage_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bijdrage
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('beoordeling');
CREATE TRIGGER oproep_versie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON oproep
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('beoordeling');
