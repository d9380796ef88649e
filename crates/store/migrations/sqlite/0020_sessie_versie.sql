-- Ending a session (logging out, an administrator ending a user's sessions, disabling a
-- user) counts as a change of the accounts: the web server keeps the answer of a session
-- lookup while the accounts' change counter stays the same (issue 13), so every change that
-- can end a session must move the counter. A new session needs no count: it was never kept.
CREATE TRIGGER sessie_versie_update AFTER UPDATE ON sessie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'account'; END;
CREATE TRIGGER sessie_versie_delete AFTER DELETE ON sessie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'account'; END;
