import { and, asc, eq, gte, lte } from "drizzle-orm";
import { raoToString } from "@/lib/protocol/rao";
import type { EmissionsResponse } from "@/lib/schemas/emissions";
import type { DbOrTx } from "../client";
import { emissions, submissions } from "../schema";

/** More than a year of epochs at the default tempo (about 20 a day); a wider range answers its first ones. */
export const EMISSIONS_MAX_ROWS = 10_000;

/** Per-epoch emission to the king's UID with block times in [from, to], oldest first, and the sums. */
export async function listEmissionsView(
  db: DbOrTx,
  netuid: number,
  range: { from: Date; to: Date },
): Promise<EmissionsResponse> {
  const rows = await db
    .select({ e: emissions, kingHotkey: submissions.hotkey })
    .from(emissions)
    .leftJoin(submissions, eq(submissions.id, emissions.kingSubmissionId))
    .where(
      and(
        eq(emissions.netuid, netuid),
        gte(emissions.blockTime, range.from),
        lte(emissions.blockTime, range.to),
      ),
    )
    .orderBy(asc(emissions.blockNumber))
    .limit(EMISSIONS_MAX_ROWS);
  let alphaRao = 0n;
  let taoRao = 0n;
  const epochs = rows.map(({ e, kingHotkey }) => {
    alphaRao += e.emissionRao;
    taoRao += e.taoValueRao ?? 0n;
    return {
      block: e.blockNumber,
      time: e.blockTime.toISOString(),
      kingSubmissionId: e.kingSubmissionId,
      kingUid: e.kingUid,
      kingHotkey,
      emissionRao: raoToString(e.emissionRao),
      alphaPriceTao: e.alphaPriceTao,
      priceSource: e.priceSource,
      taoValueRao: e.taoValueRao === null ? null : raoToString(e.taoValueRao),
      tempo: e.tempo,
    };
  });
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    epochs,
    total: { alphaRao: raoToString(alphaRao), taoRao: raoToString(taoRao), epochs: epochs.length },
  };
}
