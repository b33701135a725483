import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { metagraphNeurons, metagraphSnapshots } from "../schema";

export type NewSnapshot = Omit<typeof metagraphSnapshots.$inferInsert, "id" | "neuronCount">;
export type NewNeuron = Omit<typeof metagraphNeurons.$inferInsert, "snapshotId">;

/** A Postgres array literal (`{"a","b"}`): one parameter for a whole column instead of one per row. */
function arrayLiteral(values: readonly (string | number | bigint | boolean)[]): string {
  const items = values.map((v) =>
    typeof v === "string"
      ? `"${v.replace(/["\\]/g, "\\$&")}"`
      : typeof v === "boolean"
        ? v
          ? "t"
          : "f"
        : String(v),
  );
  return `{${items.join(",")}}`;
}

/**
 * Inserts a snapshot with its neurons; null when the block already has one (a block re-run). The neurons go in
 * as one row of column arrays (unnest): a 256-UID subnet is 9 parameters rather than 2,304, which both
 * drivers parse and plan far faster.
 */
export async function insertSnapshot(
  tx: DbOrTx,
  snapshot: NewSnapshot,
  neurons: readonly NewNeuron[],
): Promise<number | null> {
  const [row] = await tx
    .insert(metagraphSnapshots)
    .values({ ...snapshot, neuronCount: neurons.length })
    .onConflictDoNothing()
    .returning({ id: metagraphSnapshots.id });
  if (!row) return null;
  if (neurons.length === 0) return row.id;
  const column = <T extends string | number | bigint | boolean>(pick: (n: NewNeuron) => T) =>
    arrayLiteral(neurons.map(pick));
  await tx.execute(sql`
    insert into ${metagraphNeurons}
      (snapshot_id, uid, hotkey, coldkey, stake_rao, validator_permit, incentive, emission_rao, registration_block)
    select ${row.id}, * from unnest(
      ${column((n) => n.uid)}::integer[], ${column((n) => n.hotkey)}::text[], ${column((n) => n.coldkey)}::text[],
      ${column((n) => n.stakeRao)}::numeric[], ${column((n) => n.validatorPermit)}::boolean[],
      ${column((n) => n.incentive)}::double precision[], ${column((n) => n.emissionRao)}::numeric[],
      ${column((n) => n.registrationBlock)}::bigint[])`);
  return row.id;
}

/** UID -> hotkey in the newest snapshot before a block; null when there is none. */
/** A UID's occupant as a snapshot shows it: a new registration changes both, a hotkey swap only the hotkey. */
export interface UidHolder {
  hotkey: string;
  registrationBlock: number;
}

export async function getHotkeysBefore(
  db: DbOrTx,
  netuid: number,
  beforeBlock: number,
): Promise<Map<number, UidHolder> | null> {
  const [latest] = await db
    .select({ id: metagraphSnapshots.id })
    .from(metagraphSnapshots)
    .where(and(eq(metagraphSnapshots.netuid, netuid), lt(metagraphSnapshots.blockNumber, beforeBlock)))
    .orderBy(desc(metagraphSnapshots.blockNumber))
    .limit(1);
  if (!latest) return null;
  const rows = await db
    .select({
      uid: metagraphNeurons.uid,
      hotkey: metagraphNeurons.hotkey,
      registrationBlock: metagraphNeurons.registrationBlock,
    })
    .from(metagraphNeurons)
    .where(eq(metagraphNeurons.snapshotId, latest.id))
    .orderBy(asc(metagraphNeurons.uid));
  return new Map(rows.map((r) => [r.uid, { hotkey: r.hotkey, registrationBlock: r.registrationBlock }]));
}
