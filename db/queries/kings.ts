import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { raoToString } from "@/lib/protocol/rao";
import type { KingsResponse, ReignView } from "@/lib/schemas/kings";
import type { DbOrTx } from "../client";
import { reigns, submissions } from "../schema";

const endedBy = alias(submissions, "ended_by");

/** Every reign, newest first, with the king's image and the dethroner's hotkey, in one query. */
export async function listReignsView(db: DbOrTx, netuid: number): Promise<KingsResponse> {
  const rows = await db
    .select({
      reign: reigns,
      image: submissions.image,
      digest: submissions.digest,
      endedByHotkey: endedBy.hotkey,
    })
    .from(reigns)
    .innerJoin(submissions, eq(submissions.id, reigns.submissionId))
    .leftJoin(endedBy, eq(endedBy.id, reigns.endedBySubmissionId))
    .where(eq(reigns.netuid, netuid))
    .orderBy(desc(reigns.fromBlock), desc(reigns.id));
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
    reigns: views,
    total: { alphaRao: raoToString(alphaRao), taoRao: raoToString(taoRao), epochs },
  };
}
