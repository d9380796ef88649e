-- Observations as publishers give them: a period is its first and last month (a pooled
-- 2019/2022 value is no year's value), the SES group belongs to a named breakdown (education
-- and income side by side), and a published significance judgement, the publisher's status of
-- the figure and the mark of a made-up value have their own columns. See the SQLite twin.
ALTER TABLE waarneming ADD COLUMN period_begin BIGINT;
ALTER TABLE waarneming ADD COLUMN period_end BIGINT;
ALTER TABLE waarneming ADD COLUMN ses_dimensie TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE waarneming ADD COLUMN significantie TEXT COLLATE "C";
ALTER TABLE waarneming ADD COLUMN publicatiestatus TEXT COLLATE "C";
ALTER TABLE waarneming ADD COLUMN synthetisch BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE waarneming SET
    period_begin = period * 12,
    period_end = period * 12 + 11,
    ses_dimensie = CASE WHEN ses IN ('q1', 'q2', 'q3', 'q4', 'q5') THEN 'inkomen5'
                        WHEN ses IN ('laag', 'midden', 'hoog') THEN 'opleiding'
                        ELSE '' END,
    ses = CASE WHEN ses = 'midden' THEN 'middelbaar' ELSE ses END,
    synthetisch = source LIKE '%synthetisch%';
ALTER TABLE waarneming ALTER COLUMN period_begin SET NOT NULL;
ALTER TABLE waarneming ALTER COLUMN period_end SET NOT NULL;
ALTER TABLE waarneming ADD CONSTRAINT waarneming_periode CHECK (period_end >= period_begin);
ALTER TABLE waarneming DROP CONSTRAINT waarneming_pkey;
ALTER TABLE waarneming DROP COLUMN period;
ALTER TABLE waarneming ADD PRIMARY KEY
    (kpi, period_begin, period_end, region, sex, ses_dimensie, ses, age_band);
