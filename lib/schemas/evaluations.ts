import { z } from "zod";
import { RUN_PHASES } from "@/lib/protocol/run-schema";

/** `GET /api/v1/evaluations`: `submission` narrows the list to one submission's runs. */
export const evaluationsQuerySchema = z.strictObject({
  submission: z.coerce.number().int().positive().optional(),
});
export type EvaluationsQuery = z.infer<typeof evaluationsQuerySchema>;

/** One run in flight: its latest progress event, with who runs it on what. */
export const evaluationSchema = z.object({
  runId: z.uuid(),
  /** Null when the server could not tell which submission (see POST /api/v1/runs/{runId}/progress). */
  submissionId: z.number().int().nullable(),
  submission: z.object({ uid: z.number().int(), hotkey: z.string(), image: z.string() }).nullable(),
  /** The validator running it; its UID in the latest metagraph snapshot, null if not in it. */
  validator: z.object({ hotkey: z.string(), uid: z.number().int().nullable() }),
  phase: z.enum(RUN_PHASES),
  detail: z.string(),
  /** Prompt k of N of a prompt-sending phase, when the runner said. */
  promptIndex: z.number().int().nullable(),
  promptCount: z.number().int().nullable(),
  /** The first event's time, as the runner stamped it. */
  startedAt: z.iso.datetime(),
  /** When the latest event arrived. */
  updatedAt: z.iso.datetime(),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

export const evaluationsResponseSchema = z.object({
  /** Every phase in order, so a client can show the ones done and to come. */
  phases: z.array(z.enum(RUN_PHASES)),
  /** A run whose latest event is older than this many seconds is left out: its runner went silent. */
  silentAfterSeconds: z.number().int(),
  evaluations: z.array(evaluationSchema),
});
export type EvaluationsResponse = z.infer<typeof evaluationsResponseSchema>;
