-- The frozen king state (standings_state.king, lib/protocol KingState as JSON) takes the names the rest of the
-- explorer uses (docs/glossary.md): a reign's previousKingId and endedBy become previousSubmissionId and
-- endedBySubmissionId, as in the API and the reigns table; the king's judgments per submission, `verdicts`,
-- become `standings` (a verdict is the consensus outcome only). Every stored reign is rewritten in place.
UPDATE "standings_state"
SET "king" = jsonb_set(
  "king",
  '{reigns}',
  coalesce(
    (
      SELECT jsonb_agg(
        (r - 'previousKingId' - 'endedBy')
          || jsonb_build_object('previousSubmissionId', r -> 'previousKingId', 'endedBySubmissionId', r -> 'endedBy')
        ORDER BY i
      )
      FROM jsonb_array_elements("king" -> 'reigns') WITH ORDINALITY AS e(r, i)
    ),
    '[]'::jsonb
  )
)
WHERE jsonb_typeof("king" -> 'reigns') = 'array';
--> statement-breakpoint
UPDATE "standings_state"
SET "king" = ("king" - 'verdicts') || jsonb_build_object('standings', coalesce("king" -> 'verdicts', '{}'::jsonb))
WHERE "king" ? 'verdicts';
