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
  const [latest] = await db
    .select({ id: metagraphSnapshots.id, blockNumber: metagraphSnapshots.blockNumber })
    .from(metagraphSnapshots)
    .where(eq(metagraphSnapshots.netuid, netuid))
    .orderBy(desc(metagraphSnapshots.blockNumber), desc(metagraphSnapshots.id))
    .limit(1);
  if (latest === undefined) return { kind: "no_metagraph" };
  const [neuron] = await db
    .select({
      uid: metagraphNeurons.uid,
      permit: metagraphNeurons.validatorPermit,
      stakeRao: metagraphNeurons.stakeRao,
    })
    .from(metagraphNeurons)
    .where(and(eq(metagraphNeurons.snapshotId, latest.id), eq(metagraphNeurons.hotkey, hotkey)))
    .limit(1);
  if (neuron === undefined) return { kind: "not_registered", snapshotBlock: latest.blockNumber };
  if (!neuron.permit) return { kind: "no_permit", snapshotBlock: latest.blockNumber, uid: neuron.uid };
  return { kind: "permitted", snapshotBlock: latest.blockNumber, uid: neuron.uid, stakeRao: neuron.stakeRao };
}
