import { z } from "zod";
import { formatParam, isoDateTime, raoString } from "./common";

// GET /api/v1/validators – permitted validators and every hotkey that posted runs.

export const validatorsQuerySchema = z.object({ format: formatParam });

export const validatorViewSchema = z.object({
  hotkey: z.string(),
  /** From the latest snapshot; null when the hotkey is not registered there. */
  uid: z.number().int().nullable(),
  /** The owner's account in the latest snapshot; null when the hotkey is not registered there. */
  coldkey: z.string().nullable(),
  /** The chain's stake weight (alpha + TaoWeight × root TAO), RAO; null when not in the snapshot. */
  stakeRao: raoString.nullable(),
  permit: z.boolean(),
  runsPosted: z.number().int(),
  firstSeenAt: isoDateTime.nullable(),
  lastSeenAt: isoDateTime.nullable(),
  runnerVersion: z.string().nullable(),
  /** Submissions where this validator's counted run agrees with the consensus, out of those it counted in. */
  agreement: z.object({ agreeing: z.number().int(), counted: z.number().int(), rate: z.number().nullable() }),
});
export type ValidatorView = z.infer<typeof validatorViewSchema>;

export const validatorsResponseSchema = z.object({
  snapshotBlock: z.number().int().nullable(),
  validators: z.array(validatorViewSchema),
});
export type ValidatorsResponse = z.infer<typeof validatorsResponseSchema>;
