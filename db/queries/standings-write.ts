import { isDeepStrictEqual } from "node:util";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { emissions, reigns, submissions } from "../schema";
import type { EmissionRow, ReignRow } from "./standings";

// The writes of the standings recompute. Each one writes only what differs from the stored rows, so a
// recompute over unchanged inputs changes nothing (ids, updated_at and notifications included).

// Any constant works: it only has to be the same for every process recomputing the same subnet.
const STANDINGS_LOCK_CLASS = 0x57a4d;

/** Serialises recomputes of one subnet across processes until the transaction ends (a no-op on PGlite). */
export async function lockStandings(tx: DbOrTx, netuid: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${STANDINGS_LOCK_CLASS}::int, ${netuid}::int)`);
}

export type SubmissionDerived = Pick<
  typeof submissions.$inferSelect,
  | "status"
  | "consensusScore"
  | "consensusTtftImprovement"
  | "consensusThroughputImprovement"
  | "consensusTokenMatchRate"
  | "consensusTtftMs"
  | "consensusThroughputTps"
  | "consensusRuns"
  | "failureReason"
  | "validatorsAgreeing"
  | "validatorsTotal"
  | "finalBlock"
  | "finalAt"
  | "standing"
  | "judgedAgainstId"
  | "judgedThreshold"
>;

export async function updateSubmissionDerived(
  tx: DbOrTx,
  id: number,
  derived: SubmissionDerived,
  now: Date,
): Promise<void> {
  await tx
    .update(submissions)
    .set({ ...derived, updatedAt: now })
    .where(eq(submissions.id, id));
}

export type ReignValues = Omit<ReignRow, "id">;
export type EmissionValues = EmissionRow;

const reignKey = (r: { fromBlock: number; submissionId: number }) => `${r.fromBlock}/${r.submissionId}`;

/** Makes the stored reigns of a subnet (`stored`, all of them) equal `next`; answers whether anything was written. */
export async function syncReigns(
  tx: DbOrTx,
  stored: readonly ReignRow[],
  next: readonly ReignValues[],
): Promise<boolean> {
  const byKey = new Map(stored.map((r) => [reignKey(r), r]));
  const wanted = new Set(next.map(reignKey));
  const stale = stored.filter((r) => !wanted.has(reignKey(r))).map((r) => r.id);
  if (stale.length > 0) await tx.delete(reigns).where(inArray(reigns.id, stale));
  let written = stale.length > 0;
  for (const values of next) {
    const current = byKey.get(reignKey(values));
    if (current) {
      const { id, ...currentValues } = current;
      if (isDeepStrictEqual(currentValues, values)) continue;
      await tx.update(reigns).set(values).where(eq(reigns.id, id));
    } else {
      await tx.insert(reigns).values(values);
    }
    written = true;
  }
  return written;
}

/** Makes the stored per-epoch emission rows of `netuid` equal `next`; answers whether anything was written. */
export async function syncEmissions(
  tx: DbOrTx,
  netuid: number,
  stored: readonly EmissionRow[],
  next: readonly EmissionValues[],
): Promise<boolean> {
  const byBlock = new Map(stored.map((r) => [r.blockNumber, r]));
  const wanted = new Set(next.map((r) => r.blockNumber));
  const stale = stored.filter((r) => !wanted.has(r.blockNumber)).map((r) => r.blockNumber);
  if (stale.length > 0) {
    await tx
      .delete(emissions)
      .where(and(eq(emissions.netuid, netuid), inArray(emissions.blockNumber, stale)));
  }
  let written = stale.length > 0;
  for (const values of next) {
    const current = byBlock.get(values.blockNumber);
    if (current && isDeepStrictEqual(current, values)) continue;
    await tx
      .insert(emissions)
      .values(values)
      .onConflictDoUpdate({ target: [emissions.netuid, emissions.blockNumber], set: values });
    written = true;
  }
  return written;
}
