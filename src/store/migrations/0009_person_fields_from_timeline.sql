-- One truth (docs/keep-in-view.md): a person's situatie, instelling and verantwoordelijke follow
-- from their timeline. The store writes them from the folded state (volgstanden) in the
-- transaction of every event; the register's own choice of responsible organisation, made when
-- the person was registered, moves to `verantwoordelijke_opgegeven`: it counts until a handover
-- is accepted (domain::Derive).
ALTER TABLE deelnemers ADD COLUMN verantwoordelijke_opgegeven INTEGER REFERENCES organisaties (id);
UPDATE deelnemers SET verantwoordelijke_opgegeven = verantwoordelijke;

-- People with a timeline take the fields their state gives (domain::Derive, in SQL); a changed
-- row gets a new version, since its representation changed.
UPDATE deelnemers AS d SET
  situatie = n.situatie, instelling = n.instelling, verantwoordelijke = n.verantwoordelijke,
  versie = d.versie + 1
FROM (
  SELECT s.deelnemer AS deelnemer,
    CASE WHEN s.school <> '' AND s.geplaatst = 1 THEN 2
         WHEN s.school <> '' THEN 0
         WHEN s.geplaatst = 1 THEN 1
         WHEN s.uitkering IS NOT NULL THEN 3
         ELSE 4 END AS situatie,
    (SELECT o.id FROM organisaties o WHERE o.public_id =
       CASE WHEN s.school <> '' THEN s.school WHEN s.geplaatst = 1 THEN s.werkgever END)
      AS instelling,
    coalesce((SELECT o.id FROM organisaties o WHERE o.public_id = s.verantwoordelijke),
             dd.verantwoordelijke_opgegeven,
             (SELECT o.id FROM organisaties o WHERE o.public_id = s.school),
             (SELECT o.id FROM organisaties o WHERE o.public_id = s.uitkeringsinstantie))
      AS verantwoordelijke
  FROM volgstanden s JOIN deelnemers dd ON dd.id = s.deelnemer
) AS n
WHERE d.id = n.deelnemer AND (d.situatie, d.instelling, d.verantwoordelijke) IS NOT
  (n.situatie, n.instelling, n.verantwoordelijke);
