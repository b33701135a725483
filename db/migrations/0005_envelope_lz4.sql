-- Signed run bodies (about 6 KB of JSON each) are compressed as they are stored: lz4 does it in a fraction of
-- pglz's CPU for about the same size (Postgres' CPU a posted run 0.32-0.33 ms against 0.29-0.30; bench/README.md,
-- ingest). Bodies stored before keep pglz; both read back the same. A Postgres built without lz4 (PGlite is one)
-- keeps pglz.
DO $$
BEGIN
  ALTER TABLE "runs" ALTER COLUMN "envelope" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
