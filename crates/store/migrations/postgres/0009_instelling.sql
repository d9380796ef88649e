-- Settings that every gemeten process on this database must share, such as the small-cell
-- threshold: kept in the database, so two servers behind one load balancer cannot differ.
CREATE TABLE instelling (
    naam TEXT COLLATE "C" PRIMARY KEY,
    waarde TEXT COLLATE "C" NOT NULL
);
