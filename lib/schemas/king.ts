import { z } from "zod";
import { PRICE_SOURCES } from "@/lib/chain/pool-price";
import { block, isoDateTime, raoString, submissionIdentity } from "./common";

// GET /api/v1/king – the reigning submission, the live margin, its emission and the on-chain cross-check.

export const kingSchema = z.object({
  ...submissionIdentity,
  pullRef: z.string(),
  commitBlock: block,
  score: z.number(),
  ttftImprovement: z.number().nullable(),
  throughputImprovement: z.number().nullable(),
  tokenMatchRate: z.number().nullable(),
  crownedBlock: block,
  crownedAt: isoDateTime,
  thresholdBeaten: z.number(),
  previousSubmissionId: z.number().int().nullable(),
});

export const marginSchema = z.object({
  /** The block the margin is computed at: the last ingested block. */
  currentBlock: block,
  ageBlocks: z.number().int(),
  epsilon: z.number(),
  /** A challenger final now must score strictly more than this. */
  scoreToBeat: z.number(),
  zeroAtBlock: block,
  /** Estimated with 12-second blocks from now. */
  zeroAt: isoDateTime,
});

export const kingEmissionSchema = z.object({
  snapshotBlock: block,
  tempo: z.number().int(),
  /** The king UID's Emission in the latest snapshot (alpha RAO per epoch). */
  perEpochRao: raoString,
  /** Summed over the epochs observed in the last day (scaled to a day when the history is shorter). */
  alphaPerDayRao: raoString,
  /** Each of those epochs at its own price; null when none had a price. */
  taoPerDayRao: raoString.nullable(),
  /** How many epochs the chain ran in that window, and how many blocks it covers. */
  epochsObserved: z.number().int(),
  observedBlocks: z.number().int(),
  alphaPriceTao: z.number().nullable(),
  /** Which source priced alpha at the snapshot (lib/chain/pool-price.ts). */
  priceSource: z.enum(PRICE_SOURCES).nullable(),
});

export const crossCheckSchema = z.object({
  snapshotBlock: block,
  /** The UID with the highest incentive (ties: the lower UID); null when every incentive is 0. */
  topIncentiveUid: z.number().int().nullable(),
  topIncentive: z.number().nullable(),
  /** Whether that UID is the king's; null without a king or a top UID. */
  matchesKing: z.boolean().nullable(),
});

export const kingResponseSchema = z.object({
  king: kingSchema.nullable(),
  /** Why there is no king; null when there is one. */
  reason: z.string().nullable(),
  margin: marginSchema.nullable(),
  emission: kingEmissionSchema.nullable(),
  chain: crossCheckSchema.nullable(),
  params: z.object({
    epsilon0: z.number(),
    decayBlocks: z.number().int(),
    onKingGone: z.enum(["clear", "best_remaining"]),
  }),
});
export type KingResponse = z.infer<typeof kingResponseSchema>;
