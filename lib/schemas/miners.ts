import { z } from "zod";
import { block, isoDateTime } from "./common";
import { commitmentViewSchema } from "./submission-detail";
import { submissionSummarySchema } from "./submissions";

// GET /api/v1/miners/{hotkey} – a hotkey's registrations, commitments (taken or not) and submissions.

export const uidSpanSchema = z.object({
  uid: z.number().int(),
  registrationBlock: block,
  /** The first and last snapshots that show the hotkey on this UID. */
  firstSeenBlock: block,
  lastSeenBlock: block,
  firstSeenAt: isoDateTime,
  lastSeenAt: isoDateTime,
});

export const minerResponseSchema = z.object({
  hotkey: z.string(),
  /** The owner's account, from the newest snapshot that shows the hotkey; null when none does. */
  coldkey: z.string().nullable(),
  uidHistory: z.array(uidSpanSchema),
  commitments: z.array(commitmentViewSchema),
  submissions: z.array(submissionSummarySchema),
});
export type MinerResponse = z.infer<typeof minerResponseSchema>;
