-- The frozen king state (standings_state.king, lib/protocol KingState as JSON) carries submission ids as numbers,
-- as submissions.id is: every id stored as a JSON string becomes a number. Ids that are numbers or null already
-- are left as they are, so the rewrite can run again harmlessly. The keys of `standings` stay decimal strings:
-- JSON has no other keys, and they read the same for a number id.
UPDATE "standings_state"
SET "king" = jsonb_set("king", '{king,id}', to_jsonb(("king" #>> '{king,id}')::bigint))
WHERE jsonb_typeof("king" #> '{king,id}') = 'string';
--> statement-breakpoint
UPDATE "standings_state"
SET "king" = jsonb_set(
  "king",
  '{candidates}',
  (
    SELECT coalesce(
      jsonb_agg(
        CASE WHEN jsonb_typeof(c -> 'id') = 'string' THEN c || jsonb_build_object('id', (c ->> 'id')::bigint) ELSE c END
        ORDER BY i
      ),
      '[]'::jsonb
    )
    FROM jsonb_array_elements("king" -> 'candidates') WITH ORDINALITY AS e(c, i)
  )
)
WHERE jsonb_typeof("king" -> 'candidates') = 'array';
--> statement-breakpoint
UPDATE "standings_state"
SET "king" = jsonb_set(
  "king",
  '{reigns}',
  (
    SELECT coalesce(
      jsonb_agg(
        r || (
          SELECT coalesce(jsonb_object_agg(f.key, (f.value #>> '{}')::bigint), '{}'::jsonb)
          FROM jsonb_each(r) AS f
          WHERE f.key IN ('submissionId', 'previousSubmissionId', 'endedBySubmissionId')
            AND jsonb_typeof(f.value) = 'string'
        )
        ORDER BY i
      ),
      '[]'::jsonb
    )
    FROM jsonb_array_elements("king" -> 'reigns') WITH ORDINALITY AS e(r, i)
  )
)
WHERE jsonb_typeof("king" -> 'reigns') = 'array';
--> statement-breakpoint
UPDATE "standings_state"
SET "king" = jsonb_set(
  "king",
  '{standings}',
  (
    SELECT coalesce(
      jsonb_object_agg(
        e.id,
        e.s || (
          SELECT coalesce(jsonb_object_agg(f.key, (f.value #>> '{}')::bigint), '{}'::jsonb)
          FROM jsonb_each(e.s) AS f
          WHERE f.key IN ('againstKingId', 'duplicateOf') AND jsonb_typeof(f.value) = 'string'
        )
      ),
      '{}'::jsonb
    )
    FROM jsonb_each("king" -> 'standings') AS e(id, s)
  )
)
WHERE jsonb_typeof("king" -> 'standings') = 'object';
