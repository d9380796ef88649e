-- Ending a session (logging out, an administrator ending a user's sessions, disabling a
-- user) counts as a change of the accounts: the web server keeps the answer of a session
-- lookup while the accounts' change counter stays the same (issue 13), so every change that
-- can end a session must move the counter. A new session needs no count: it was never kept.
CREATE TRIGGER sessie_versie AFTER UPDATE OR DELETE OR TRUNCATE ON sessie
    FOR EACH STATEMENT EXECUTE FUNCTION gemeten_versie('account');
