-- A place's required skill may be marked learnable: it can be learned on the job, so the
-- matching engine does not treat it as a hard requirement.
ALTER TABLE plek_vaardigheden ADD COLUMN leerbaar INTEGER NOT NULL DEFAULT 0 CHECK (leerbaar IN (0, 1));
