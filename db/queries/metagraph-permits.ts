import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { metagraphNeurons, metagraphSnapshots } from "../schema";

/** Where a hotkey stands in the latest metagraph snapshot of a subnet, for the write routes' permit check. */
export type ValidatorStanding =
  | { readonly kind: "no_metagraph" }
  | { readonly kind: "not_registered"; readonly snapshotBlock: number }
  | { readonly kind: "no_permit"; readonly snapshotBlock: number; readonly uid: number }
  | {
      readonly kind: "permitted";
      readonly snapshotBlock: number;
      readonly uid: number;
      readonly stakeRao: bigint;
    };

/**
 * Only the latest snapshot counts: a validator that lost its permit or deregistered at the last epoch may no
 * longer write, whatever older snapshots say.
 */
export async function getValidatorStanding(
  db: DbOrTx,
  netuid: number,
  hotkey: string,
): Promise<ValidatorStanding> {
  // One round trip (it runs on every signed request): the latest snapshot, and the hotkey's row in it if any.
  const latest = db
    .select({ id: metagraphSnapshots.id, blockNumber: metagraphSnapshots.blockNumber })
    .from(metagraphSnapshots)
    .where(eq(metagraphSnapshots.netuid, netuid))
    .orderBy(desc(metagraphSnapshots.blockNumber), desc(metagraphSnapshots.id))
    .limit(1)
    .as("latest");
  const [row] = await db
    .select({
      blockNumber: latest.blockNumber,
      uid: metagraphNeurons.uid,
      permit: metagraphNeurons.validatorPermit,
      stakeRao: metagraphNeurons.stakeRao,
    })
    .from(latest)
    .leftJoin(
      metagraphNeurons,
      and(eq(metagraphNeurons.snapshotId, latest.id), eq(metagraphNeurons.hotkey, hotkey)),
    )
    .limit(1);
  if (row === undefined) return { kind: "no_metagraph" };
  const snapshotBlock = row.blockNumber;
  if (row.uid === null || row.permit === null || row.stakeRao === null)
    return { kind: "not_registered", snapshotBlock };
  if (!row.permit) return { kind: "no_permit", snapshotBlock, uid: row.uid };
  return { kind: "permitted", snapshotBlock, uid: row.uid, stakeRao: row.stakeRao };
}
