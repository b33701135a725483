import { listReignRows } from "@/db/queries/kings";
import { raoToString } from "@/lib/protocol/rao";
import type { KingsQuery, KingsResponse, ReignView } from "@/lib/schemas/kings";
import type { ReadContext } from "./context";

/** GET /api/v1/kings: every reign (or the newest `limit`), newest first; the totals are over every reign. */
export async function readKings(ctx: ReadContext, query: Pick<KingsQuery, "limit">): Promise<KingsResponse> {
  const rows = await listReignRows(ctx.database.db, ctx.netuid);
  let alphaRao = 0n;
  let taoRao = 0n;
  let epochs = 0;
  const views = rows.map(({ reign: r, image, digest, endedByHotkey }): ReignView => {
    alphaRao += r.alphaRao;
    taoRao += r.taoRao;
    epochs += r.epochs;
    return {
      submissionId: r.submissionId,
      hotkey: r.hotkey,
      uid: r.uid,
      image,
      digest,
      score: r.score,
      fromBlock: r.fromBlock,
      fromTime: r.fromTime.toISOString(),
      toBlock: r.toBlock,
      toTime: r.toTime?.toISOString() ?? null,
      thresholdBeaten: r.thresholdBeaten,
      previousSubmissionId: r.previousSubmissionId,
      previousScore: r.previousScore,
      endReason: r.endReason === "dethroned" || r.endReason === "deregistered" ? r.endReason : null,
      endedBySubmissionId: r.endedBySubmissionId,
      endedByHotkey,
      alphaRao: raoToString(r.alphaRao),
      taoRao: raoToString(r.taoRao),
      epochs: r.epochs,
    };
  });
  return {
    reigns: query.limit === undefined ? views : views.slice(0, query.limit),
    total: { alphaRao: raoToString(alphaRao), taoRao: raoToString(taoRao), epochs },
  };
}
