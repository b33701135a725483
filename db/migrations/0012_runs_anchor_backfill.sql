-- Runs stored before anchor blocks existed get the anchor the explorer would have given them: the chain head
-- at their acceptance, estimated from the newest metagraph snapshot taken before it (12-second blocks), never
-- past the ingest cursor (a finalized head it could have seen) and never before their submission's commit block.
UPDATE "runs" AS r
SET "anchor_block" = greatest(
  s."commit_block",
  least(
    (SELECT max(c."block_number") FROM "chain_cursor" c),
    coalesce(
      (
        SELECT ms."block_number" + floor(extract(epoch FROM (r."received_at" - ms."block_time")) / 12)::bigint
        FROM "metagraph_snapshots" ms
        WHERE ms."netuid" = s."netuid" AND ms."block_time" <= r."received_at"
        ORDER BY ms."block_number" DESC
        LIMIT 1
      ),
      s."commit_block"
    )
  )
)
FROM "submissions" AS s
WHERE s."id" = r."submission_id" AND r."anchor_block" IS NULL;
