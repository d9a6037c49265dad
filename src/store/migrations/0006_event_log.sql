-- Log-first appends (docs/keep-in-view.md). A batch of events is acknowledged once it is durably
-- in this table: rows appended at the right edge of a small table, a few pages per thousand
-- events. The projector moves them into `gebeurtenissen` and folds them into `volgstanden`,
-- signals and tasks later, in large write transactions; a row leaves this table in the same
-- transaction that projects it, so a crash at any moment loses nothing and projects nothing
-- twice. `id` is the event's seq, drawn from the same sequence as `gebeurtenissen.id`.
-- Columns as in `gebeurtenissen`; `corrigeert` may name an event still waiting here, so it has
-- no foreign key (the append checks it).
CREATE TABLE gebeurtenislog (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT NOT NULL UNIQUE,
  deelnemer          INTEGER NOT NULL REFERENCES deelnemers (id) ON DELETE CASCADE,
  soort              INTEGER NOT NULL CHECK (soort BETWEEN 0 AND 18),
  feit               INTEGER NOT NULL,
  vastgelegd         INTEGER NOT NULL,
  actor              TEXT NOT NULL,
  actor_organisatie  TEXT,
  corrigeert         INTEGER,
  organisatie        TEXT,
  plek               TEXT,
  reden              TEXT,
  tot                INTEGER,
  detail             INTEGER,
  status             INTEGER,
  medewerker         TEXT,
  tekst              TEXT,
  acties             TEXT,
  verwijzing         TEXT
) STRICT;
-- Which people have events waiting (the projector's work list; a person's reads and writes
-- take their waiting events into account). Small: it holds only the backlog.
CREATE INDEX gebeurtenislog_deelnemer ON gebeurtenislog (deelnemer, id);
