-- A cursor written before it was keyed by netuid belongs to the subnet whose snapshots ingest stored (only one
-- netuid is ever ingested per database); 14, Cacheon's, when none was stored yet. Its history starts at the
-- oldest snapshot, which ingest takes at the first block it stores.
UPDATE "chain_cursor" SET "netuid" = COALESCE(
  (SELECT "netuid" FROM "metagraph_snapshots" ORDER BY "block_number" DESC LIMIT 1),
  14
) WHERE "netuid" IS NULL;
--> statement-breakpoint
UPDATE "chain_cursor" SET "first_block" = COALESCE(
  (SELECT min("block_number") FROM "metagraph_snapshots" WHERE "netuid" = "chain_cursor"."netuid"),
  "block_number"
) WHERE "first_block" IS NULL;
