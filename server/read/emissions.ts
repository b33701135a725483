import { listEmissionRows } from "@/db/queries/emissions";
import { raoToString } from "@/lib/protocol/rao";
import type { EmissionsQuery, EmissionsResponse } from "@/lib/schemas/emissions";
import type { ReadContext } from "./context";

const DEFAULT_RANGE_MS = 30 * 24 * 3600 * 1000;

/** GET /api/v1/emissions: per-epoch emission to the king's UID between from and to (default the last 30 days). */
export async function readEmissions(
  ctx: ReadContext,
  query: Pick<EmissionsQuery, "from" | "to">,
): Promise<EmissionsResponse> {
  const to = query.to === undefined ? ctx.now : new Date(query.to);
  const from = query.from === undefined ? new Date(to.getTime() - DEFAULT_RANGE_MS) : new Date(query.from);
  const rows = await listEmissionRows(ctx.database.db, ctx.netuid, { from, to });
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
    from: from.toISOString(),
    to: to.toISOString(),
    epochs,
    total: { alphaRao: raoToString(alphaRao), taoRao: raoToString(taoRao), epochs: epochs.length },
  };
}
