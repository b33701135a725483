import { z } from "zod";
import { isoDateTime } from "./common";
import { runViewSchema } from "./submission-detail";

// GET /api/v1/runs/{runId} – the run exactly as posted, and what the server made of it.

export const runDetailSchema = z.object({
  /** The signed body parsed back from the stored bytes; null if they are not JSON (never expected). */
  posted: z.record(z.string(), z.unknown()).nullable(),
  derived: z.object({
    submissionId: z.number().int(),
    submissionStatus: z.string(),
    envelopeSha256: z.string(),
    envelopeBytes: z.number().int(),
    epistulaUuid: z.string(),
    receivedAt: isoDateTime,
    run: runViewSchema,
  }),
});
export type RunDetail = z.infer<typeof runDetailSchema>;
