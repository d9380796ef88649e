-- The knowledge and innovation ecosystem (issue 12, point 3; 000 Figure 5 and its legend):
-- its elements and which mission's row names which element. References to organisations,
-- instruments and programmes are checked by the register (no foreign keys, so that rows need
-- no order among themselves).
CREATE TABLE kies_knoop (
    id TEXT COLLATE "C" PRIMARY KEY,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('sleuteltechnologie', 'sleutelmethodologie', 'partnerschap', 'nwa_route', 'topsector', 'zorgakkoord')),
    name_nl TEXT COLLATE "C" NOT NULL,
    name_en TEXT COLLATE "C",
    name_is_english BOOLEAN NOT NULL DEFAULT FALSE,
    label_nl TEXT COLLATE "C",
    label_source__doc TEXT COLLATE "C",
    label_source__section TEXT COLLATE "C",
    label_source__lines TEXT COLLATE "C",
    organisatie TEXT COLLATE "C",
    instrument TEXT COLLATE "C",
    programma TEXT COLLATE "C",
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C"
);

CREATE TABLE kies_pijl (
    "from" TEXT COLLATE "C" NOT NULL REFERENCES kies_knoop(id),
    "to" TEXT COLLATE "C" NOT NULL REFERENCES missie(code),
    text_nl TEXT COLLATE "C" NOT NULL,
    source__doc TEXT COLLATE "C" NOT NULL,
    source__section TEXT COLLATE "C" NOT NULL,
    source__lines TEXT COLLATE "C",
    PRIMARY KEY ("from", "to")
);
CREATE INDEX kies_pijl_missie ON kies_pijl ("to");
