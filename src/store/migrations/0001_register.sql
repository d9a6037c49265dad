-- The register: reference data, organisations, people, places and the audit trail.
-- Enumerations are stored as their integer value in domain/enums.h; dates as days since
-- 1970-01-01; timestamps as microseconds since the epoch.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE regios (
  code       TEXT PRIMARY KEY,
  naam       TEXT NOT NULL,
  provincies TEXT NOT NULL,
  lat        REAL NOT NULL,
  lon        REAL NOT NULL
) STRICT;

CREATE TABLE gemeenten (
  code          TEXT PRIMARY KEY,
  naam          TEXT NOT NULL,
  provinciecode TEXT NOT NULL,
  provincienaam TEXT NOT NULL,
  regio         TEXT NOT NULL REFERENCES regios (code),
  lat           REAL NOT NULL,
  lon           REAL NOT NULL,
  aantal_pc4    INTEGER NOT NULL
) STRICT;

CREATE TABLE postcodes (
  pc4      TEXT PRIMARY KEY,
  gemeente TEXT NOT NULL REFERENCES gemeenten (code),
  lat      REAL NOT NULL,
  lon      REAL NOT NULL
) STRICT;

CREATE TABLE sectoren (
  code    TEXT PRIMARY KEY,
  naam_nl TEXT NOT NULL,
  naam_en TEXT NOT NULL
) STRICT;

CREATE TABLE vaardigheden (
  id        INTEGER PRIMARY KEY,
  esco_id   TEXT NOT NULL UNIQUE,
  label_en  TEXT NOT NULL,
  label_nl  TEXT NOT NULL,
  soort     TEXT NOT NULL,
  hergebruik TEXT NOT NULL
) STRICT;

CREATE TABLE beroepen (
  id        INTEGER PRIMARY KEY,
  esco_id   TEXT NOT NULL UNIQUE,
  isco      TEXT NOT NULL,
  esco_code TEXT NOT NULL,
  label_nl  TEXT NOT NULL,
  label_en  TEXT NOT NULL
) STRICT;

CREATE TABLE beroep_vaardigheden (
  beroep      INTEGER NOT NULL REFERENCES beroepen (id),
  vaardigheid INTEGER NOT NULL REFERENCES vaardigheden (id),
  essentieel  INTEGER NOT NULL CHECK (essentieel IN (0, 1)),
  PRIMARY KEY (beroep, vaardigheid)
) STRICT, WITHOUT ROWID;

CREATE TABLE organisaties (
  id         INTEGER PRIMARY KEY,
  public_id  TEXT NOT NULL UNIQUE,
  versie     INTEGER NOT NULL CHECK (versie >= 1),
  naam       TEXT NOT NULL,
  soort      INTEGER NOT NULL CHECK (soort BETWEEN 0 AND 7),
  gemeente   TEXT REFERENCES gemeenten (code),
  regio      TEXT NOT NULL REFERENCES regios (code),
  aangemaakt INTEGER NOT NULL,
  gewijzigd  INTEGER NOT NULL
) STRICT;
CREATE INDEX organisaties_regio ON organisaties (regio, id);
CREATE INDEX organisaties_naam ON organisaties (naam, id);

CREATE TABLE deelnemers (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT NOT NULL UNIQUE,
  versie             INTEGER NOT NULL CHECK (versie >= 1),
  voornaam           TEXT NOT NULL,
  achternaam         TEXT NOT NULL,
  geboortedatum      INTEGER NOT NULL,
  postcode           TEXT NOT NULL REFERENCES postcodes (pc4),
  gemeente           TEXT NOT NULL REFERENCES gemeenten (code),
  regio              TEXT NOT NULL REFERENCES regios (code),
  situatie           INTEGER NOT NULL CHECK (situatie BETWEEN 0 AND 4),
  instelling         INTEGER REFERENCES organisaties (id),
  uitkering          INTEGER NOT NULL CHECK (uitkering BETWEEN 0 AND 3),
  niveau             INTEGER NOT NULL CHECK (niveau BETWEEN 0 AND 10),
  sectoren           TEXT NOT NULL,
  ondersteuning      INTEGER NOT NULL CHECK (ondersteuning BETWEEN 0 AND 255),
  max_reisafstand_km INTEGER NOT NULL,
  uren_per_week      INTEGER NOT NULL,
  beschikbaar_vanaf  INTEGER,
  verantwoordelijke  INTEGER REFERENCES organisaties (id),
  aangemaakt         INTEGER NOT NULL,
  gewijzigd          INTEGER NOT NULL
) STRICT;
CREATE INDEX deelnemers_regio ON deelnemers (regio, id);
CREATE INDEX deelnemers_gemeente ON deelnemers (gemeente, id);
CREATE INDEX deelnemers_achternaam ON deelnemers (achternaam, id);
CREATE INDEX deelnemers_instelling ON deelnemers (instelling) WHERE instelling IS NOT NULL;
CREATE INDEX deelnemers_verantwoordelijke ON deelnemers (verantwoordelijke)
  WHERE verantwoordelijke IS NOT NULL;

CREATE TABLE deelnemer_vaardigheden (
  deelnemer   INTEGER NOT NULL REFERENCES deelnemers (id) ON DELETE CASCADE,
  vaardigheid INTEGER NOT NULL REFERENCES vaardigheden (id),
  niveau      INTEGER NOT NULL CHECK (niveau BETWEEN 1 AND 4),
  PRIMARY KEY (deelnemer, vaardigheid)
) STRICT, WITHOUT ROWID;

CREATE TABLE deelnemer_externe_ids (
  organisatie INTEGER NOT NULL REFERENCES organisaties (id),
  externe_id  TEXT NOT NULL,
  deelnemer   INTEGER NOT NULL REFERENCES deelnemers (id) ON DELETE CASCADE,
  PRIMARY KEY (organisatie, externe_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX deelnemer_externe_ids_deelnemer ON deelnemer_externe_ids (deelnemer);

CREATE TABLE plekken (
  id                  INTEGER PRIMARY KEY,
  public_id           TEXT NOT NULL UNIQUE,
  versie              INTEGER NOT NULL CHECK (versie >= 1),
  soort               INTEGER NOT NULL CHECK (soort BETWEEN 0 AND 5),
  organisatie         INTEGER NOT NULL REFERENCES organisaties (id),
  titel               TEXT NOT NULL,
  postcode            TEXT NOT NULL REFERENCES postcodes (pc4),
  gemeente            TEXT NOT NULL REFERENCES gemeenten (code),
  regio               TEXT NOT NULL REFERENCES regios (code),
  sector              TEXT NOT NULL REFERENCES sectoren (code),
  beroep              INTEGER REFERENCES beroepen (id),
  minimaal_niveau     INTEGER NOT NULL CHECK (minimaal_niveau BETWEEN 0 AND 10),
  ondersteuning       INTEGER NOT NULL CHECK (ondersteuning BETWEEN 0 AND 255),
  uren_per_week       INTEGER NOT NULL,
  capaciteit          INTEGER NOT NULL CHECK (capaciteit >= 1),
  periode_van         INTEGER,
  periode_tot         INTEGER,
  erkend_leerbedrijf  INTEGER NOT NULL CHECK (erkend_leerbedrijf IN (0, 1)),
  aangemaakt          INTEGER NOT NULL,
  gewijzigd           INTEGER NOT NULL,
  CHECK (periode_tot IS NULL OR periode_van IS NULL OR periode_tot >= periode_van)
) STRICT;
CREATE INDEX plekken_regio ON plekken (regio, id);
CREATE INDEX plekken_gemeente ON plekken (gemeente, id);
CREATE INDEX plekken_organisatie ON plekken (organisatie);

CREATE TABLE plek_vaardigheden (
  plek        INTEGER NOT NULL REFERENCES plekken (id) ON DELETE CASCADE,
  vaardigheid INTEGER NOT NULL REFERENCES vaardigheden (id),
  niveau      INTEGER NOT NULL CHECK (niveau BETWEEN 1 AND 4),
  vereist     INTEGER NOT NULL CHECK (vereist IN (0, 1)),
  PRIMARY KEY (plek, vaardigheid)
) STRICT, WITHOUT ROWID;

-- Who read or wrote which personal data. Holds opaque ids only, never names.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  tijd        INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  organisatie TEXT NOT NULL,
  rol         TEXT NOT NULL,
  actie       TEXT NOT NULL,
  soort       TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  request_id  TEXT NOT NULL
) STRICT;
