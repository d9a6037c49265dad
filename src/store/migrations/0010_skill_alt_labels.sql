-- The other Dutch names of a skill (ESCO altLabels, '|'-joined), which skill search also finds.
-- Loaded with the reference data (data/reference/taxonomies/esco/skills_nl_partial.csv), together
-- with the Dutch labels in label_nl that were empty until now.
ALTER TABLE vaardigheden ADD COLUMN alt_labels_nl TEXT NOT NULL DEFAULT '';
