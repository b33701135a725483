import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../client";
import { reigns, submissions } from "../schema";

const endedBy = alias(submissions, "ended_by");

/** Every reign, newest first, with the king's image and the dethroner's hotkey, in one query. */
export function listReignRows(db: DbOrTx, netuid: number) {
  return db
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
}
