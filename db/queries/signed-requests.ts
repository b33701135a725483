import { sql } from "drizzle-orm";
import { createBatcher, perDatabase } from "../batch";
import { executePrepared, prepareStatement, type Db } from "../client";

/** Where a hotkey stands in the latest metagraph snapshot of a subnet, for the write routes' permit check. */
export type PermitCheck =
  | { readonly kind: "no_metagraph" }
  | { readonly kind: "not_registered"; readonly snapshotBlock: number }
  | { readonly kind: "no_permit"; readonly snapshotBlock: number; readonly uid: number }
  | {
      readonly kind: "permitted";
      readonly snapshotBlock: number;
      readonly uid: number;
      readonly stakeRao: bigint;
    };

export interface Admission {
  readonly permit: PermitCheck;
  /** The (hotkey, uuid) pair was recorded now: false for a replay, and when the hotkey has no permit. */
  readonly fresh: boolean;
}

export interface SignedRequest {
  readonly netuid: number;
  readonly hotkey: string;
  readonly uuid: string;
  readonly now: Date;
}

interface AdmissionRow extends Record<string, unknown> {
  i: number | string;
  block_number: number | string;
  uid: number | null;
  validator_permit: boolean | null;
  stake_rao: string | null;
  fresh: boolean;
}

// What every signed request does to the database, for a batch of requests in one statement: each hotkey's
// permit check in the latest snapshot (only the latest counts: a validator that lost its permit at the last epoch
// may no longer write); each Epistula (hotkey, uuid) pair recorded only if the hotkey is permitted (so nobody
// else can grow the nonce table); and each validator marked as seen when one of its pairs was new. The unique
// index on the pair decides a replay, so two copies of one request racing each other cannot both pass.
const ADMIT = prepareStatement(sql`
  with req as (
    select * from unnest(
      ${sql.placeholder("hotkeys")}::text[], ${sql.placeholder("uuids")}::text[]::uuid[],
      ${sql.placeholder("seenAt")}::text[]::timestamptz[]
    ) with ordinality as r(hotkey, uuid, seen_at, i)
  ),
  latest as (
    select id, block_number from metagraph_snapshots
    where netuid = ${sql.placeholder("netuid")} order by block_number desc, id desc limit 1
  ),
  permit_check as (
    select distinct on (req.i) req.i, req.hotkey, req.uuid, req.seen_at, latest.block_number, n.uid,
           n.validator_permit, n.stake_rao::text as stake_rao
    from req cross join latest
    left join metagraph_neurons n on n.snapshot_id = latest.id and n.hotkey = req.hotkey
    order by req.i, n.uid
  ),
  nonce as (
    insert into epistula_nonces (hotkey, uuid, seen_at)
    select hotkey, uuid, seen_at from permit_check where validator_permit
    on conflict do nothing
    returning hotkey, uuid
  ),
  seen as (
    -- greatest(): requests of one validator can finish out of order.
    insert into validators (hotkey, first_seen_at, last_seen_at)
    select hotkey, max(seen_at), max(seen_at) from permit_check
    where (hotkey, uuid) in (select hotkey, uuid from nonce)
    group by hotkey
    on conflict (hotkey) do update
      set last_seen_at = greatest(validators.last_seen_at, excluded.last_seen_at)
  )
  select i, block_number, uid, validator_permit, stake_rao,
         (hotkey, uuid) in (select hotkey, uuid from nonce) as fresh
  from permit_check`);

const NO_METAGRAPH: Admission = { permit: { kind: "no_metagraph" }, fresh: false };

/** Admits a batch of signed requests of one subnet; the answers are in the requests' order. */
export async function admitSignedRequests(
  db: Db,
  netuid: number,
  requests: readonly Omit<SignedRequest, "netuid">[],
): Promise<Admission[]> {
  // A pair repeated within the batch is sent once; its copies are replays of it.
  const firstOf = new Map<string, number>();
  const sent: (typeof requests)[number][] = [];
  const slot = requests.map((r) => {
    const key = `${r.hotkey} ${r.uuid.toLowerCase()}`;
    const first = firstOf.get(key);
    if (first !== undefined) return { index: first, copy: true };
    firstOf.set(key, sent.length);
    sent.push(r);
    return { index: sent.length - 1, copy: false };
  });
  const rows = await executePrepared<AdmissionRow>(db, ADMIT, {
    netuid,
    hotkeys: sent.map((r) => r.hotkey),
    uuids: sent.map((r) => r.uuid),
    seenAt: sent.map((r) => r.now.toISOString()),
  });
  const admitted: Admission[] = sent.map(() => NO_METAGRAPH);
  for (const row of rows) admitted[Number(row.i) - 1] = toAdmission(row);
  return slot.map(({ index, copy }) => {
    const admission = admitted[index] as Admission;
    return copy ? { ...admission, fresh: false } : admission;
  });
}

function toAdmission(row: AdmissionRow): Admission {
  const snapshotBlock = Number(row.block_number);
  if (row.uid === null || row.validator_permit === null || row.stake_rao === null)
    return { permit: { kind: "not_registered", snapshotBlock }, fresh: false };
  if (!row.validator_permit)
    return { permit: { kind: "no_permit", snapshotBlock, uid: row.uid }, fresh: false };
  return {
    permit: { kind: "permitted", snapshotBlock, uid: row.uid, stakeRao: BigInt(row.stake_rao) },
    fresh: row.fresh,
  };
}

/**
 * Admits one signed request, batched with whatever other requests reach this point meanwhile (db/batch.ts):
 * under load, one statement answers many of them.
 */
export const admitSignedRequest = perDatabase((db: Db) =>
  createBatcher(
    async (requests: readonly SignedRequest[]) => {
      // One statement per subnet (a process follows one; tests may use several).
      const answers: Admission[] = new Array<Admission>(requests.length);
      for (const netuid of new Set(requests.map((r) => r.netuid))) {
        const indexes = requests.flatMap((r, i) => (r.netuid === netuid ? [i] : []));
        const admitted = await admitSignedRequests(
          db,
          netuid,
          indexes.map((i) => requests[i] as SignedRequest),
        );
        indexes.forEach((i, k) => (answers[i] = admitted[k] as Admission));
      }
      return answers;
    },
    { maxBatch: 128, maxInFlight: 1 },
  ),
);
