import { evalProgressSchema, statusSchema } from "./schemas";
import type { z } from "zod";

/** The official dashboard's label for each eval phase; an unknown phase is shown as written. */
export const PHASE_LABELS: Record<string, string> = {
  challengers_found: "Challengers identified",
  gpu_searching: "Searching for GPU",
  gpu_match_found: "GPU matched",
  gpu_renting: "Renting pod",
  gpu_ready: "Pod ready",
  gpu_setup: "Setting up pod",
  gpu_setup_complete: "Pod setup complete",
  gpu_eval_started: "GPU eval running",
  prompts_generated: "Prompts generated",
  baseline_running: "Running baseline",
  baseline_complete: "Baseline complete",
  challenger_eval: "Evaluating challengers",
  leader_running: "Evaluating leader",
  runner_up_running: "Evaluating runner-up",
  teacher_forcing_running: "Teacher forcing",
  teacher_forcing_complete: "Teacher forcing complete",
  eval_complete: "Eval complete",
};

export function phaseLabel(phase: string): string {
  return PHASE_LABELS[phase] ?? phase;
}

export type OfficialProgress = z.infer<typeof evalProgressSchema>;

export function parseProgress(raw: unknown): { known: true; value: OfficialProgress } | { known: false } {
  const r = evalProgressSchema.safeParse(raw);
  return r.success ? { known: true, value: r.data } : { known: false };
}

export interface OfficialStatus {
  kingUid: number | null;
  kingScore: number | null;
  kingImage: string | null;
  evaluated: number | null;
  active: number | null;
  disqualified: number | null;
  lastEvalAt: Date | null;
  lastScanBlock: number | null;
  lastWeightsSetBlock: number | null;
}

/** `/api/status` under any era's names (king_*, winner_*, leader_*). */
export function parseStatus(raw: unknown): { known: true; value: OfficialStatus } | { known: false } {
  const r = statusSchema.safeParse(raw);
  if (!r.success) return { known: false };
  const v = r.data;
  const n = (x: number | null | undefined) => (typeof x === "number" ? x : null);
  return {
    known: true,
    value: {
      kingUid: v.leader_uid ?? v.winner_uid ?? v.king_uid ?? null,
      kingScore: n(v.leader_score ?? v.winner_score ?? v.king_score),
      kingImage: v.leader_image ?? v.winner_image ?? v.king_image ?? null,
      evaluated: n(v.n_evaluated),
      active: n(v.n_active),
      disqualified: n(v.n_disqualified),
      lastEvalAt: typeof v.last_eval_ts === "number" ? new Date(v.last_eval_ts * 1000) : null,
      lastScanBlock: v.last_scan_block ?? null,
      lastWeightsSetBlock: v.last_weights_set_block ?? null,
    },
  };
}
