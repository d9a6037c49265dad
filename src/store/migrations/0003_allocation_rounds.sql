-- Allocation rounds (matchrondes): parameters, progress, totals, and every person's outcome.
-- Outcomes reference people and places by their internal keys; deleting a person removes their
-- outcomes, deleting a place leaves the outcome with no place (the round is history).
CREATE TABLE matchrondes (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT NOT NULL UNIQUE,
  modus              INTEGER NOT NULL CHECK (modus IN (0, 1)),
  regios             TEXT NOT NULL,            -- region codes, comma-separated; empty = national
  soorten            TEXT NOT NULL,            -- place kinds (0..5), comma-separated; empty = all
  loting_zaad        INTEGER NOT NULL,
  status             INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),
  fase               TEXT NOT NULL,
  voortgang          REAL NOT NULL CHECK (voortgang BETWEEN 0 AND 1),
  aangemaakt_door    TEXT NOT NULL,
  aangemaakt         INTEGER NOT NULL,
  gestart            INTEGER NOT NULL,
  klaar              INTEGER NOT NULL,
  deelnemers         INTEGER NOT NULL,
  plekken            INTEGER NOT NULL,
  zetels             INTEGER NOT NULL,
  paren              INTEGER NOT NULL,
  geplaatst          INTEGER NOT NULL,
  totale_score       REAL NOT NULL,
  niet_geplaatst     TEXT NOT NULL,            -- JSON object: reason code -> count
  fout               TEXT NOT NULL
) STRICT;

CREATE TABLE matchronde_uitkomsten (
  ronde              INTEGER NOT NULL REFERENCES matchrondes (id) ON DELETE CASCADE,
  deelnemer          INTEGER NOT NULL REFERENCES deelnemers (id) ON DELETE CASCADE,
  plek               INTEGER REFERENCES plekken (id) ON DELETE SET NULL,
  score              REAL NOT NULL,
  reden              TEXT NOT NULL,            -- reason code when unplaced, '' when placed
  toelichting        TEXT NOT NULL,            -- JSON
  PRIMARY KEY (ronde, deelnemer)
) STRICT, WITHOUT ROWID;
CREATE INDEX matchronde_uitkomsten_deelnemer ON matchronde_uitkomsten (deelnemer);
CREATE INDEX matchronde_uitkomsten_plek ON matchronde_uitkomsten (plek);
