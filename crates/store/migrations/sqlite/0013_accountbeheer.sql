-- The account lifecycle and login throttling (issue 16).
--
-- A disabled account can neither log in nor use its sessions or API tokens; a deleted one is
-- anonymised: the row stays (the audit log names its username, which no one may take again),
-- without name, role or password.
ALTER TABLE gebruiker ADD COLUMN disabled_at TEXT;
ALTER TABLE gebruiker ADD COLUMN deleted_at TEXT;

-- When an API token stops working (Unix seconds). Tokens made before this migration get 90
-- days from when they were made.
ALTER TABLE api_token ADD COLUMN expires_at INTEGER;
UPDATE api_token SET expires_at = CAST(strftime('%s', created_at) AS INTEGER) + 90 * 86400;

-- Failed logins of the last minutes, per key ('gebruiker:<username>' or 'adres:<address>'),
-- so that every server on one database throttles alike. Rows older than the window are
-- deleted as new ones come; the audit log keeps the lasting record (without the address).
CREATE TABLE inlogpoging (
    sleutel TEXT NOT NULL,
    -- Unix seconds.
    at INTEGER NOT NULL
) STRICT;
CREATE INDEX inlogpoging_by_key ON inlogpoging (sleutel, at);
