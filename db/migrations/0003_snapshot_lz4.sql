-- Written by hand (drizzle-kit generate --custom): every transition rewrites a case's snapshot
-- (kilobytes of JSON, compressed when stored). lz4 compresses it in about half the time pglz
-- takes. PGlite is built without lz4: there the column keeps the default (pglz). Rows already
-- stored stay as they are; each is recompressed when next written.
DO $$
BEGIN
  ALTER TABLE cases ALTER COLUMN snapshot SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available here: case snapshots stay compressed with pglz';
END
$$;
