-- Projects link elements of the knowledge and innovation ecosystem (issue 12, item 3; 000
-- Figure 5): the elements a project works with or in, beside its missions and targets, for
-- finding an element's projects in one query. The project's record (JSON) holds the list
-- too; the store writes both together, the application core checks that each element is
-- named in the figure's row of one of the project's missions (or the central mission's).
CREATE TABLE project_kies (
    project TEXT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    kies TEXT NOT NULL,
    PRIMARY KEY (project, kies)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_kies_by_kies ON project_kies (kies, project);

-- A database filled before the ecosystem was in the reference dataset has no KIES rows.
-- This marks it for the next opening to add the reference's elements and links once (see
-- `gemeten_app::kies_aanvullen`); a register emptied of them on purpose later stays so.
INSERT INTO instelling (naam, waarde) VALUES ('kies_aanvullen', 'ja');
