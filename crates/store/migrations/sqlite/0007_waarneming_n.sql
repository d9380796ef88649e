-- How many persons or cases an observed value rests on (NULL: not known). The web
-- application withholds values on fewer than its small-cell threshold.
ALTER TABLE waarneming ADD COLUMN n INTEGER CHECK (n IS NULL OR n >= 0);
