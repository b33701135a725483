import { z } from "zod";

/**
 * The official monitoring API's shapes (../shared/docs/official-api.md), one schema per era. Every object is
 * loose: a field we do not know is kept in the raw JSON and never rejects the record. Floats may be null (the
 * API writes NaN/Infinity as null).
 */
const num = z.number().nullable();
const optNum = num.optional();
const int = z.number().int();

// ---- evaluations --------------------------------------------------------------------------------------------

const evaluationBase = {
  uid: int,
  hotkey: z.string().min(1),
  commit_block: int,
  image: z.string(),
  digest: z.string().nullable(),
  score: num,
  token_match_rate: optNum,
  disqualified: z.boolean(),
  disqualify_reason: z.string().nullable().optional(),
  evaluated_at: optNum,
  evaluation_block: int,
};

/** King era to May 29: TTFT and throughput improvements; per prompt, throughput. */
export const evaluationImprovementsV1 = z.looseObject({
  ...evaluationBase,
  ttft_improvement: num,
  throughput_improvement: num,
  per_prompt: z
    .array(
      z.looseObject({
        ttft_s: optNum,
        throughput_tps: optNum,
        output_tokens: optNum,
        token_match_rate: optNum,
      }),
    )
    .nullable()
    .optional(),
});

/** From May 30: end-to-end speed scoring; per prompt, end-to-end seconds beside the baseline's. */
export const evaluationE2eV2 = z.looseObject({
  ...evaluationBase,
  speed_improvement: num,
  per_prompt: z
    .array(
      z.looseObject({
        ttft_s: optNum,
        e2e_s: optNum,
        baseline_e2e_s: optNum,
        output_tokens: optNum,
        token_match_rate: optNum,
      }),
    )
    .nullable()
    .optional(),
});

export const evaluationListSchema = z.looseObject({ evaluations: z.array(z.unknown()), total: optNum });

// ---- king / winner / leader ---------------------------------------------------------------------------------

const kingLike = {
  uid: int,
  hotkey: z.string().min(1),
  commit_block: int.optional(),
  image: z.string().optional(),
  digest: z.string().nullable().optional(),
  score: num,
  evaluated_at: optNum,
  evaluation_block: int.optional(),
};

export const kingRecordV1 = z.looseObject({ ...kingLike, crowned_at_block: int });
export const winnerRecordV2 = z.looseObject({ ...kingLike, won_at_block: int });
/** The leader era does not document a crowning field; it may carry either earlier name, or none. */
export const leaderRecordV3 = z.looseObject({
  ...kingLike,
  crowned_at_block: int.optional(),
  won_at_block: int.optional(),
});

export const kingResponse = z.looseObject({ king: z.unknown().nullable(), message: z.string().optional() });
export const winnerResponse = z.looseObject({
  winner: z.unknown().nullable(),
  message: z.string().optional(),
});
export const leaderResponse = z.looseObject({
  leader: z.unknown().nullable(),
  runner_up: z.unknown().nullable().optional(),
  message: z.string().optional(),
});

// ---- history (one entry per crowning, append-only) ----------------------------------------------------------

export const historyListSchema = z.looseObject({ history: z.array(z.unknown()), total: optNum });

const historyEntry = (
  role: "king" | "winner" | "leader",
  threshold: "dethrone_threshold" | "overtake_threshold",
) =>
  z.looseObject({
    ts: optNum,
    block: int,
    [`new_${role}_uid`]: int,
    [`new_${role}_hotkey`]: z.string().min(1),
    [`new_${role}_score`]: num,
    [`new_${role}_image`]: z.string().nullable().optional(),
    [`new_${role}_digest`]: z.string().nullable().optional(),
    [threshold]: num,
    [`prev_${role}_uid`]: int.nullable().optional(),
    [`prev_${role}_hotkey`]: z.string().nullable().optional(),
    [`prev_${role}_score`]: optNum,
  });

export const HISTORY_SCHEMAS = {
  "crowning.king.v1": {
    role: "king",
    threshold: "dethrone_threshold",
    schema: historyEntry("king", "dethrone_threshold"),
  },
  "crowning.winner.v2": {
    role: "winner",
    threshold: "overtake_threshold",
    schema: historyEntry("winner", "overtake_threshold"),
  },
  "crowning.leader.v3": {
    role: "leader",
    threshold: "overtake_threshold",
    schema: historyEntry("leader", "overtake_threshold"),
  },
} as const;

// ---- status -------------------------------------------------------------------------------------------------

export const statusSchema = z.looseObject({
  king_uid: int.nullable().optional(),
  king_score: optNum,
  king_image: z.string().nullable().optional(),
  winner_uid: int.nullable().optional(),
  winner_score: optNum,
  winner_image: z.string().nullable().optional(),
  leader_uid: int.nullable().optional(),
  leader_score: optNum,
  leader_image: z.string().nullable().optional(),
  n_evaluated: optNum,
  n_active: optNum,
  n_disqualified: optNum,
  last_eval_ts: optNum,
  last_eval_age_min: optNum,
  last_scan_block: int.nullable().optional(),
  last_weights_set_block: int.nullable().optional(),
});

// ---- rounds, eval job, eval progress, logs -------------------------------------------------------------------

export const roundsSchema = z.looseObject({
  rounds: z.array(
    z.looseObject({
      evaluation_block: int,
      evaluated_at: optNum,
      n_challengers: optNum,
      challengers: z
        .array(
          z.looseObject({
            uid: int,
            hotkey: z.string(),
            image: z.string().nullable().optional(),
            score: optNum,
            disqualified: z.boolean().optional(),
            disqualify_reason: z.string().nullable().optional(),
            commit_block: int.nullable().optional(),
            speed_improvement: optNum,
            token_match_rate: optNum,
          }),
        )
        .default([]),
    }),
  ),
  total: optNum,
});

export const CHALLENGER_STATUSES = [
  "pending",
  "pulling",
  "started",
  "evaluating",
  "awaiting_correctness",
  "scored",
  "dq",
  "skipped",
] as const;

export const evalProgressSchema = z.looseObject({
  status: z.string(),
  round_block: int.nullable().optional(),
  phase: z.string().nullable().optional(),
  detail: z.string().nullable().optional(),
  current_idx: int.nullable().optional(),
  challengers: z
    .array(
      z.looseObject({
        idx: int.optional(),
        uid: int,
        hotkey: z.string(),
        image: z.string().nullable().optional(),
        // A status we do not know yet is shown as written, never rejected.
        status: z.string(),
        score: optNum,
        dq_reason: z.string().nullable().optional(),
      }),
    )
    .default([]),
  gpu: z
    .looseObject({
      provider: z.string().nullable().optional(),
      pod_id: z.string().nullable().optional(),
      gpu_type: z.string().nullable().optional(),
      num_gpus: optNum,
      cost_per_hr: optNum,
    })
    .nullable()
    .optional(),
  steps: z.array(z.looseObject({ ts: optNum, phase: z.string() })).default([]),
  started_at: optNum,
  updated_at: optNum,
  completed_at: optNum,
  possibly_stale: z.boolean().optional(),
  leader: z.unknown().optional(),
  runner_up: z.unknown().optional(),
});

export const logIndexSchema = z.looseObject({
  logs: z.array(
    z.looseObject({ label: z.string().regex(/^[A-Za-z0-9_-]+$/), filename: z.string(), size_bytes: optNum }),
  ),
  total: optNum,
});

/** FastAPI's answer to a path it has no route for, as opposed to `{detail: "..."}` for "no such record". */
export const detailSchema = z.looseObject({ detail: z.unknown() });
