-- Lists people can work from.
--
-- People get the tussenvoegsel as Dutch registers keep it ("van der", "de", "van 't"), and a
-- stored sort and search key: the folded achternaam without the tussenvoegsel, then the folded
-- voornaam (domain/names.h SurnameSortKey: "de Boer, Jan" is "boer,jan"). Sorting by achternaam
-- and the name search use its index, so a prefix search at a million people reads a range of
-- one index. Indexes for the other filters: age (geboortedatum) and an external id at any
-- organisation (an LLN number).
--
-- Organisations get their optional BRIN (schools) and KvK number (employers), searched
-- exactly (not unique: the register may hold several branches under one number), and the folded words of their name (organisatie_woorden) for a search by
-- the start of any word.
--
-- overstap_naamsleutel() and overstap_woorden() are functions the store registers on its
-- connections (store/sqlite/db.cpp): the C++ folding, so the keys of existing rows are the ones
-- new writes compute.
ALTER TABLE deelnemers ADD COLUMN tussenvoegsel TEXT NOT NULL DEFAULT '';
ALTER TABLE deelnemers ADD COLUMN achternaam_sleutel TEXT NOT NULL DEFAULT '';
UPDATE deelnemers SET achternaam_sleutel = overstap_naamsleutel(voornaam, achternaam);
DROP INDEX deelnemers_achternaam;
CREATE INDEX deelnemers_achternaam_sleutel ON deelnemers (achternaam_sleutel, id);
CREATE INDEX deelnemers_geboortedatum ON deelnemers (geboortedatum, id);
CREATE INDEX deelnemer_externe_ids_waarde ON deelnemer_externe_ids (externe_id);

-- Tasks by assignee (medewerker), in id order within one assignee.
CREATE INDEX taken_medewerker ON taken (medewerker) WHERE medewerker != '';

ALTER TABLE organisaties ADD COLUMN brin TEXT;
ALTER TABLE organisaties ADD COLUMN kvk TEXT;
CREATE INDEX organisaties_brin ON organisaties (brin) WHERE brin IS NOT NULL;
CREATE INDEX organisaties_kvk ON organisaties (kvk) WHERE kvk IS NOT NULL;

CREATE TABLE organisatie_woorden (
  woord       TEXT NOT NULL,
  organisatie INTEGER NOT NULL REFERENCES organisaties (id) ON DELETE CASCADE,
  PRIMARY KEY (woord, organisatie)
) STRICT, WITHOUT ROWID;
CREATE INDEX organisatie_woorden_organisatie ON organisatie_woorden (organisatie);
WITH RECURSIVE w (organisatie, rest, woord) AS (
  SELECT id, overstap_woorden(naam) || ' ', '' FROM organisaties
  UNION ALL
  SELECT organisatie, substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1)
  FROM w WHERE rest != ''
)
INSERT OR IGNORE INTO organisatie_woorden (woord, organisatie)
SELECT woord, organisatie FROM w WHERE woord != '';
