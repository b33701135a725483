import { z } from "zod";
import { progressEventSchema, runV1Schema } from "@/lib/protocol/run-schema";

// Requests and responses of the validators' run routes, shared by the handlers and the eval runner. The
// request bodies are the protocol's own schemas (lib/protocol/run-schema), re-exported under the route's name.

/** `POST /api/v1/runs`: a `cacheon.run.v1` envelope. */
export const postRunBodySchema = runV1Schema;

export const postRunResponseSchema = z.object({
  runId: z.uuid(),
  submissionId: z.number().int(),
  /** `stored` with 201; `already_stored` with 200 when the same runId came again with the same bytes. */
  result: z.enum(["stored", "already_stored"]),
  outcome: z.enum(["scored", "failed"]),
  /** The score as the server recomputed it from the per-prompt figures. */
  score: z.number(),
  receivedAt: z.iso.datetime(),
});
export type PostRunResponse = z.infer<typeof postRunResponseSchema>;

/** `POST /api/v1/runs/{runId}/progress`. */
export const postProgressBodySchema = progressEventSchema;

export const postProgressResponseSchema = z.object({
  id: z.number().int(),
  runId: z.uuid(),
  /** The submission the run is for, when the server could tell (see the route); null otherwise. */
  submissionId: z.number().int().nullable(),
  phase: z.string(),
  receivedAt: z.iso.datetime(),
});
export type PostProgressResponse = z.infer<typeof postProgressResponseSchema>;
