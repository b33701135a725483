-- The frozen king state (standings_state.king, lib/protocol KingState as JSON) names a reign's predecessor and
-- successor as the API and the reigns table do: previousKingId -> previousSubmissionId, endedBy ->
-- endedBySubmissionId. Every stored reign is rewritten in place; nothing else in the state changes.
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
