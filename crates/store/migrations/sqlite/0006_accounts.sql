-- Accounts of the web application. Secrets are kept only as hashes: passwords as argon2id
-- password-hash strings, session and API tokens as the SHA-256 of the random token.
CREATE TABLE gebruiker (
    username TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('publiek', 'bijdrager', 'missieteam', 'admin')),
    -- The organisation a contributor (bijdrager) writes for; matched on a project's partner names.
    organisation TEXT,
    -- The mission a mission team (missieteam) works for.
    missie TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE sessie (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES gebruiker (username) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    -- Unix seconds.
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessie_by_user ON sessie (username);

CREATE TABLE api_token (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES gebruiker (username) ON DELETE CASCADE,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- Who did what to which object, with the object before and after as JSON. Append-only:
-- the triggers refuse updates and deletes.
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    by TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    before TEXT,
    after TEXT
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;
