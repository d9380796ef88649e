-- A change counter per area of the store. Triggers move it with every change to the area's
-- tables, whoever writes (the web application, the CLI, another instance), so a reader can
-- tell in one query whether what it derived from an area is still current, and several
-- gemeten processes on one database keep their caches consistent.
CREATE TABLE versie (
    gebied TEXT PRIMARY KEY,
    n INTEGER NOT NULL DEFAULT 0
);
INSERT INTO versie (gebied) VALUES ('register'), ('waarneming'), ('project'), ('ronde'), ('monitoring'), ('account');

CREATE TRIGGER missie_versie_insert AFTER INSERT ON missie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'register'; END;
CREATE TRIGGER missie_versie_update AFTER UPDATE ON missie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'register'; END;
CREATE TRIGGER missie_versie_delete AFTER DELETE ON missie
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'register'; END;
CREATE TRIGGER waarneming_versie_insert AFTER INSERT ON waarneming
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'waarneming'; END;
CREATE TRIGGER waarneming_versie_update AFTER UPDATE ON waarneming
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'waarneming'; END;
CREATE TRIGGER waarneming_versie_delete AFTER DELETE ON waarneming
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'waarneming'; END;
CREATE TRIGGER project_versie_insert AFTER INSERT ON project
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'project'; END;
CREATE TRIGGER project_versie_update AFTER UPDATE ON project
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'project'; END;
CREATE TRIGGER project_versie_delete AFTER DELETE ON project
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'project'; END;
CREATE TRIGGER ronde_versie_insert AFTER INSERT ON ronde
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'ronde'; END;
CREATE TRIGGER ronde_versie_update AFTER UPDATE ON ronde
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'ronde'; END;
CREATE TRIGGER ronde_versie_delete AFTER DELETE ON ronde
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'ronde'; END;
CREATE TRIGGER stembiljet_versie_insert AFTER INSERT ON stembiljet
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'ronde'; END;
CREATE TRIGGER stembiljet_versie_update AFTER UPDATE ON stembiljet
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'ronde'; END;
CREATE TRIGGER ronde_uitslag_versie_insert AFTER INSERT ON ronde_uitslag
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'ronde'; END;
CREATE TRIGGER activiteit_update_versie_insert AFTER INSERT ON activiteit_update
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'monitoring'; END;
CREATE TRIGGER rapportageperiode_versie_insert AFTER INSERT ON rapportageperiode
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'monitoring'; END;
CREATE TRIGGER rapportageperiode_versie_update AFTER UPDATE ON rapportageperiode
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'monitoring'; END;
CREATE TRIGGER rapportage_versie_insert AFTER INSERT ON rapportage
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'monitoring'; END;
CREATE TRIGGER rapportage_versie_update AFTER UPDATE ON rapportage
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'monitoring'; END;
CREATE TRIGGER rapportage_gebeurtenis_versie_insert AFTER INSERT ON rapportage_gebeurtenis
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'monitoring'; END;
CREATE TRIGGER gebruiker_versie_insert AFTER INSERT ON gebruiker
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'account'; END;
CREATE TRIGGER gebruiker_versie_update AFTER UPDATE ON gebruiker
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'account'; END;
CREATE TRIGGER gebruiker_versie_delete AFTER DELETE ON gebruiker
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'account'; END;
CREATE TRIGGER api_token_versie_insert AFTER INSERT ON api_token
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'account'; END;
CREATE TRIGGER api_token_versie_delete AFTER DELETE ON api_token
BEGIN UPDATE versie SET n = n + 1 WHERE gebied = 'account'; END;
