import { z } from "zod";
import { block, formatParam, isoDateTime, raoString, submissionIdentity } from "./common";

// GET /api/v1/kings – every reign, newest first, with what the king's UID earned during it.

export const kingsQuerySchema = z.object({
  format: formatParam,
  /** Only the newest reigns (the home page needs the current one, not a year of history); totals stay whole. */
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type KingsQuery = z.infer<typeof kingsQuerySchema>;

export const reignSchema = z.object({
  ...submissionIdentity,
  score: z.number(),
  fromBlock: block,
  fromTime: isoDateTime,
  toBlock: block.nullable(),
  toTime: isoDateTime.nullable(),
  /** The score it had to beat: king score × (1 + ε); 0 when the throne was empty. */
  thresholdBeaten: z.number(),
  previousSubmissionId: z.number().int().nullable(),
  previousScore: z.number().nullable(),
  endReason: z.enum(["dethroned", "deregistered"]).nullable(),
  endedBySubmissionId: z.number().int().nullable(),
  endedByHotkey: z.string().nullable(),
  alphaRao: raoString,
  taoRao: raoString,
  epochs: z.number().int(),
});
export type ReignView = z.infer<typeof reignSchema>;

export const kingsResponseSchema = z.object({
  reigns: z.array(reignSchema),
  total: z.object({ alphaRao: raoString, taoRao: raoString, epochs: z.number().int() }),
});
export type KingsResponse = z.infer<typeof kingsResponseSchema>;
