-- Keep in view: the append-only timeline, the state derived from it, signals, tasks, handovers.
-- Records refer to people by internal key (deleting a person is the privacy erasure: their
-- timeline goes with them) and to organisations by public id (history outlives organisations).

-- The timeline. `id` is the log's order (seq). Nothing is ever changed in place: a correction
-- is a new row whose `corrigeert` names the row it replaces.
CREATE TABLE gebeurtenissen (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT NOT NULL UNIQUE,
  deelnemer          INTEGER NOT NULL REFERENCES deelnemers (id) ON DELETE CASCADE,
  soort              INTEGER NOT NULL CHECK (soort BETWEEN 0 AND 18),
  feit               INTEGER NOT NULL,         -- when it happened (microseconds, UTC)
  vastgelegd         INTEGER NOT NULL,         -- when it was recorded
  actor              TEXT NOT NULL,
  actor_organisatie  TEXT,
  corrigeert         INTEGER REFERENCES gebeurtenissen (id),
  organisatie        TEXT,
  plek               TEXT,
  reden              TEXT,
  tot                INTEGER,                  -- days since 1970: planned end or review date
  detail             INTEGER,                  -- uitkering / contactsoort / big5-domein
  status             INTEGER,                  -- big5-status
  medewerker         TEXT,
  tekst              TEXT,
  acties             TEXT,
  verwijzing         TEXT                      -- signal, task or handover id
) STRICT;
CREATE INDEX gebeurtenissen_deelnemer ON gebeurtenissen (deelnemer, feit, id);
CREATE TRIGGER gebeurtenissen_onveranderlijk BEFORE UPDATE ON gebeurtenissen
BEGIN
  SELECT RAISE(ABORT, 'gebeurtenissen zijn onveranderlijk (append-only)');
END;

-- The current state per person, derived from the timeline (follow::Fold) and kept in step with
-- it in the same transaction as every append. `big5` holds the domains that are set, encoded by
-- the store (store/sqlite/follow_tables.cpp: fields split by 0x1F, domains by 0x1E).
CREATE TABLE volgstanden (
  deelnemer              INTEGER PRIMARY KEY REFERENCES deelnemers (id) ON DELETE CASCADE,
  gebeurtenissen         INTEGER NOT NULL,
  laatste                INTEGER NOT NULL,
  laatste_feit           INTEGER NOT NULL,
  school                 TEXT NOT NULL,
  school_sinds           INTEGER NOT NULL,
  geplaatst              INTEGER NOT NULL CHECK (geplaatst IN (0, 1)),
  werkgever              TEXT NOT NULL,
  plek                   TEXT NOT NULL,
  geplaatst_sinds        INTEGER NOT NULL,
  geplaatst_tot          INTEGER,
  uitkering              INTEGER,
  uitkeringsinstantie    TEXT NOT NULL,
  uitkering_sinds        INTEGER NOT NULL,
  laatste_contact        INTEGER NOT NULL,
  laatste_einde          INTEGER NOT NULL,
  gestopte_plaatsing     TEXT NOT NULL,
  gestopt_op             INTEGER NOT NULL,
  verantwoordelijke      TEXT NOT NULL,
  verantwoordelijk_sinds INTEGER NOT NULL,
  toestemming            INTEGER NOT NULL CHECK (toestemming IN (0, 1)),
  big5                   TEXT NOT NULL
) STRICT;

CREATE TABLE signalen (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT NOT NULL UNIQUE,
  deelnemer          INTEGER NOT NULL REFERENCES deelnemers (id) ON DELETE CASCADE,
  regio              TEXT NOT NULL,
  soort              INTEGER NOT NULL CHECK (soort BETWEEN 0 AND 8),
  sleutel            TEXT NOT NULL,
  status             INTEGER NOT NULL CHECK (status IN (0, 1)),
  feiten             TEXT NOT NULL,            -- name/value pairs (0x1F between, 0x1E after)
  opgeworpen         INTEGER NOT NULL,
  opgelost           INTEGER NOT NULL,
  taak               TEXT NOT NULL
) STRICT;
-- Deduplication: at most one open signal per person, kind and key.
CREATE UNIQUE INDEX signalen_open ON signalen (deelnemer, soort, sleutel) WHERE status = 0;
CREATE INDEX signalen_regio ON signalen (regio, status);

CREATE TABLE taken (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT NOT NULL UNIQUE,
  deelnemer          INTEGER NOT NULL REFERENCES deelnemers (id) ON DELETE CASCADE,
  regio              TEXT NOT NULL,
  signaal            TEXT NOT NULL,
  soort              INTEGER NOT NULL CHECK (soort BETWEEN 0 AND 8),
  titel              TEXT NOT NULL,
  organisatie        TEXT NOT NULL,
  medewerker         TEXT NOT NULL,
  status             INTEGER NOT NULL CHECK (status BETWEEN 0 AND 2),
  vervaldatum        INTEGER NOT NULL,
  escalatie          INTEGER NOT NULL CHECK (escalatie IN (0, 1)),
  escaleert          TEXT NOT NULL,
  notitie            TEXT NOT NULL,
  aangemaakt         INTEGER NOT NULL,
  afgesloten         INTEGER NOT NULL
) STRICT;
CREATE INDEX taken_open ON taken (deelnemer) WHERE status = 0;
CREATE INDEX taken_organisatie ON taken (organisatie, status);

CREATE TABLE overdrachten (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT NOT NULL UNIQUE,
  deelnemer          INTEGER NOT NULL REFERENCES deelnemers (id) ON DELETE CASCADE,
  regio              TEXT NOT NULL,
  van                TEXT NOT NULL,
  naar               TEXT NOT NULL CHECK (naar != van),
  notitie            TEXT NOT NULL,
  status             INTEGER NOT NULL CHECK (status BETWEEN 0 AND 2),
  termijn            INTEGER NOT NULL,
  aangeboden         INTEGER NOT NULL,
  beantwoord         INTEGER NOT NULL,
  beantwoord_door    TEXT NOT NULL
) STRICT;
-- One open handover per person at a time.
CREATE UNIQUE INDEX overdrachten_open ON overdrachten (deelnemer) WHERE status = 0;
CREATE INDEX overdrachten_naar ON overdrachten (naar, status);
CREATE INDEX overdrachten_van ON overdrachten (van, status);
