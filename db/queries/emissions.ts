import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { emissions, submissions } from "../schema";

/** More than a year of epochs at the default tempo (about 20 a day); a wider range answers its first ones. */
export const EMISSIONS_MAX_ROWS = 10_000;

/** Per-epoch emission to the king's UID with block times in [from, to], oldest first. */
export function listEmissionRows(db: DbOrTx, netuid: number, range: { from: Date; to: Date }) {
  return db
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
}
