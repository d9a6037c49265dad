-- A person's skills move into the person's row as "key:niveau,key:niveau" (key =
-- vaardigheden.id), as sectoren already are: they are always read and written with the person
-- as a whole and never searched in SQL (matching keeps its own index in memory). Writing a
-- person is then one row instead of one per skill, and reading one needs no subquery.
ALTER TABLE deelnemers ADD COLUMN vaardigheden TEXT NOT NULL DEFAULT '';
UPDATE deelnemers SET vaardigheden = coalesce((
  SELECT group_concat(vaardigheid || ':' || niveau, ',')
  FROM (SELECT vaardigheid, niveau FROM deelnemer_vaardigheden s
        WHERE s.deelnemer = deelnemers.id ORDER BY vaardigheid)), '');
DROP TABLE deelnemer_vaardigheden;
