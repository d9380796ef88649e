-- The knowledge and innovation ecosystem (issue 12, point 3; 000 Figure 5 and its legend):
-- its elements and which mission's row names which element. References to organisations,
-- instruments and programmes are checked by the register (no foreign keys, so that rows need
-- no order among themselves).
CREATE TABLE kies_knoop (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('sleuteltechnologie', 'sleutelmethodologie', 'partnerschap', 'nwa_route', 'topsector', 'zorgakkoord')),
    name_nl TEXT NOT NULL,
    name_en TEXT,
    name_is_english INTEGER NOT NULL DEFAULT 0 CHECK (name_is_english IN (0, 1)),
    label_nl TEXT,
    label_source__doc TEXT,
    label_source__section TEXT,
    label_source__lines TEXT,
    organisatie TEXT,
    instrument TEXT,
    programma TEXT,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT
) STRICT;

CREATE TABLE kies_pijl (
    "from" TEXT NOT NULL REFERENCES kies_knoop(id),
    "to" TEXT NOT NULL REFERENCES missie(code),
    text_nl TEXT NOT NULL,
    source__doc TEXT NOT NULL,
    source__section TEXT NOT NULL,
    source__lines TEXT,
    PRIMARY KEY ("from", "to")
) STRICT;
CREATE INDEX kies_pijl_missie ON kies_pijl ("to");
