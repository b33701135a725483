import { z } from "zod";
import { PRICE_SOURCES } from "@/lib/chain/pool-price";
import { block, formatParam, isoDateTime, raoString } from "./common";

// GET /api/v1/emissions – per-epoch emission to the king's UID over a time range.

const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const emissionsQuerySchema = z
  .object({ from: instant.optional(), to: instant.optional(), format: formatParam })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    path: ["from"],
    message: "from must not be after to",
  });
export type EmissionsQuery = z.infer<typeof emissionsQuerySchema>;

export const epochEmissionSchema = z.object({
  block,
  time: isoDateTime,
  kingSubmissionId: z.number().int().nullable(),
  kingUid: z.number().int().nullable(),
  kingHotkey: z.string().nullable(),
  emissionRao: raoString,
  alphaPriceTao: z.number().nullable(),
  /** Which source priced alpha at this epoch (lib/chain/pool-price.ts); null on rows from before it was kept. */
  priceSource: z.enum(PRICE_SOURCES).nullable(),
  taoValueRao: raoString.nullable(),
  tempo: z.number().int(),
});
export type EpochEmissionView = z.infer<typeof epochEmissionSchema>;

export const emissionsResponseSchema = z.object({
  from: isoDateTime,
  to: isoDateTime,
  epochs: z.array(epochEmissionSchema),
  total: z.object({ alphaRao: raoString, taoRao: raoString, epochs: z.number().int() }),
});
export type EmissionsResponse = z.infer<typeof emissionsResponseSchema>;
