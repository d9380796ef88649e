-- Governance and the yearly cycle (000, "Governance"): the meetings of the bodies of the
-- MT G&Z (the bodies themselves are curated data, data/bestuur/bestuur.toml, referred to by
-- id) with their decisions and actions. A meeting is kept whole as the domain's JSON, as it
-- was recorded; each of its actions is a row of its own, whose status is the one thing that
-- changes later (every change through the application core, with its audit entry).
CREATE TABLE vergadering (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    orgaan TEXT NOT NULL,
    datum TEXT NOT NULL,
    vergadering TEXT NOT NULL,
    door TEXT NOT NULL,
    opgeslagen_op TEXT NOT NULL
) STRICT;
CREATE INDEX vergadering_orgaan ON vergadering (orgaan, datum);

CREATE TABLE vergadering_actie (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    vergadering INTEGER NOT NULL REFERENCES vergadering (id),
    pos INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'gereed', 'vervallen')),
    actie TEXT NOT NULL,
    UNIQUE (vergadering, pos)
) STRICT;
