-- Prioritisation rounds (gemeten-prioritering). The round definition is kept whole as JSON
-- (its canonical serde form, which the domain checks when it is loaded); participants,
-- candidates and criteria are also rows, so that ballots can refer to participants with a
-- foreign key and rounds can be queried by innovation. Candidate and criterion ids refer to
-- the register by value, not by foreign key: `gemeten import` replaces the register as a
-- whole and must neither be blocked by rounds nor cascade into them.
CREATE TABLE ronde (
    id TEXT PRIMARY KEY,
    missie TEXT NOT NULL,
    title_nl TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('top_n', 'rangorde', 'scores')),
    record TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE ronde_deelnemer (
    ronde TEXT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    deelnemer TEXT NOT NULL,
    pos INTEGER NOT NULL,
    name TEXT NOT NULL,
    organisatie TEXT,
    PRIMARY KEY (ronde, deelnemer)
) STRICT, WITHOUT ROWID;

CREATE TABLE ronde_kandidaat (
    ronde TEXT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    innovatie TEXT NOT NULL,
    pos INTEGER NOT NULL,
    -- In the published selection of the round.
    selected INTEGER NOT NULL DEFAULT 0 CHECK (selected IN (0, 1)),
    PRIMARY KEY (ronde, innovatie)
) STRICT, WITHOUT ROWID;
CREATE INDEX ronde_kandidaat_by_innovatie ON ronde_kandidaat (innovatie, ronde);

CREATE TABLE ronde_criterium (
    ronde TEXT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    criterium TEXT NOT NULL,
    pos INTEGER NOT NULL,
    weight REAL,
    PRIMARY KEY (ronde, criterium)
) STRICT, WITHOUT ROWID;

-- Every ballot ever accepted, in order (`seq`). A ballot that a later one of the same
-- participant replaced keeps its row, with `replaced_by` pointing at its successor; only
-- ballots without `replaced_by` count, and there is at most one of those per participant.
CREATE TABLE stembiljet (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ronde TEXT NOT NULL,
    deelnemer TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('top', 'rangorde', 'scores')),
    keuze TEXT NOT NULL,
    replaces INTEGER NOT NULL DEFAULT 0 CHECK (replaces IN (0, 1)),
    replaced_by INTEGER REFERENCES stembiljet (seq),
    illustratief INTEGER NOT NULL DEFAULT 0 CHECK (illustratief IN (0, 1)),
    cast_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    FOREIGN KEY (ronde, deelnemer) REFERENCES ronde_deelnemer (ronde, deelnemer) ON DELETE CASCADE
) STRICT;
CREATE INDEX stembiljet_by_ronde ON stembiljet (ronde, seq);
CREATE UNIQUE INDEX stembiljet_one_counting ON stembiljet (ronde, deelnemer)
    WHERE replaced_by IS NULL;

-- Results as computed, with the fingerprint that `gemeten_prioritering::verify` checks.
CREATE TABLE ronde_uitslag (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ronde TEXT NOT NULL REFERENCES ronde (id) ON DELETE CASCADE,
    methode TEXT NOT NULL CHECK (methode IN ('approval', 'borda', 'mean', 'median')),
    ballots INTEGER NOT NULL,
    illustratief INTEGER NOT NULL CHECK (illustratief IN (0, 1)),
    fingerprint TEXT NOT NULL,
    result TEXT NOT NULL,
    computed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX ronde_uitslag_by_ronde ON ronde_uitslag (ronde, methode, id);
