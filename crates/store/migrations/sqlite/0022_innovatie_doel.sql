-- The chain per target (issue 12, item 6), for innovations: the targets an innovation of the
-- register claims to contribute to, linked by an administrator or the mission team of one of
-- its missions (the application core checks the target belongs to one of the innovation's
-- missions, or to the central mission C). Kept apart from the register's own tables, so
-- replacing the register keeps the links (an innovation gone from the register keeps its rows,
-- and the chain leaves them out).
CREATE TABLE innovatie_doel (
    innovatie TEXT NOT NULL,
    doel TEXT NOT NULL,
    door TEXT NOT NULL,
    opgeslagen_op TEXT NOT NULL,
    PRIMARY KEY (innovatie, doel)
) STRICT, WITHOUT ROWID;
CREATE INDEX innovatie_doel_by_doel ON innovatie_doel (doel, innovatie);
