-- Where a mission's short title and a target's baseline come from, when not from the
-- record's own source (000's chapter titles; the year the missions were formulated).
ALTER TABLE missie ADD COLUMN title_source__doc TEXT COLLATE "C";
ALTER TABLE missie ADD COLUMN title_source__section TEXT COLLATE "C";
ALTER TABLE missie ADD COLUMN title_source__lines TEXT COLLATE "C";
ALTER TABLE doel ADD COLUMN baseline_source__doc TEXT COLLATE "C";
ALTER TABLE doel ADD COLUMN baseline_source__section TEXT COLLATE "C";
ALTER TABLE doel ADD COLUMN baseline_source__lines TEXT COLLATE "C";
