-- Allocation rounds leave people with an active placement out unless the round is asked to
-- include them, and offer only the seats that active placements leave free: the round records
-- both counts. An `optimaal` round records the size of the optimality certificate it checked
-- (dual prices, one per person and place; 0: none). The partial index finds the active
-- placements a round reads.
ALTER TABLE matchrondes ADD COLUMN inclusief_geplaatsten INTEGER NOT NULL DEFAULT 0
  CHECK (inclusief_geplaatsten IN (0, 1));
ALTER TABLE matchrondes ADD COLUMN al_geplaatst INTEGER NOT NULL DEFAULT 0;
ALTER TABLE matchrondes ADD COLUMN bezette_zetels INTEGER NOT NULL DEFAULT 0;
ALTER TABLE matchrondes ADD COLUMN certificaat_prijzen INTEGER NOT NULL DEFAULT 0;
CREATE INDEX volgstanden_geplaatst ON volgstanden (deelnemer) WHERE geplaatst = 1;
