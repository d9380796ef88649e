-- The database's own identity, drawn once when the database is made (or first migrated to
-- this version). What a server keeps on disk beside a database — the search index, the FAIR
-- portfolio files — is keyed by it with the change counters: a database deleted and made
-- again reaches the same counter values with other content, and must not find the old
-- files its own.
INSERT INTO instelling (naam, waarde) VALUES ('database_id', lower(hex(randomblob(16))));
