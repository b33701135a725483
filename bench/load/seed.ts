// The database the load test runs against: a subnet with registered validators (with permits) that the
// writers sign as, miners with submissions in every state for the readers, and standings built by the
// standings worker's own recompute, so every read route has real rows to answer with.
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { submissions } from "@/db/schema";
import {
  blockTime,
  fakeHotkey,
  seedCursor,
  seedRun,
  seedSnapshot,
  seedSubmission,
  type SeedNeuron,
} from "@/db/test-support/seed";
import { recomputeStandings } from "@/workers/standings/recompute";

export const NETWORK = "finney";
export const NETUID = 14;
const CURSOR = 4_000;
const MINERS = 40;

/**
 * The writers' hotkeys. Several, because the write routes allow 20 requests/s per hotkey: 50 writes/s from
 * five validators is 10/s each, the rate five busy runners would post at, well inside the limit.
 */
export async function loadValidators(count = 5): Promise<KeyringPair[]> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  return Array.from({ length: count }, (_, i) => keyring.addFromUri(`//LoadValidator${i}`));
}

export interface LoadTarget {
  readonly hotkey: string;
  readonly image: string;
  readonly digest: string;
  readonly commitBlock: number;
}

export interface SeededWorld {
  /** Submissions the writers post runs for (as GET /api/v1/jobs would list them). */
  readonly targets: LoadTarget[];
  readonly submissionIds: number[];
  readonly minerHotkeys: string[];
}

export async function seedLoadWorld(db: Db, validators: readonly string[]): Promise<SeededWorld> {
  const miner = (uid: number) => fakeHotkey(`load-miner-${uid}`);
  const minerUids = Array.from({ length: MINERS }, (_, i) => validators.length + i);
  const neurons: SeedNeuron[] = [
    ...validators.map((hotkey, uid) => ({
      uid,
      hotkey,
      stakeRao: 500_000n * 10n ** 9n,
      validatorPermit: true,
    })),
    ...minerUids.map((uid) => ({ uid, hotkey: miner(uid), incentive: uid === minerUids[0] ? 1 : 0 })),
  ];
  await seedSnapshot(db, { block: 1_000, neurons, alphaPriceTao: 0.0095, tempo: 360 });
  await seedSnapshot(db, { block: 3_600, neurons, alphaPriceTao: 0.0095, tempo: 360 });
  const targets: LoadTarget[] = [];
  const submissionIds: number[] = [];
  for (const [i, uid] of minerUids.entries()) {
    const commitBlock = 1_100 + i * 50;
    const image = `docker.io/load${uid}/fast-qwen:v1`;
    const id = await seedSubmission(db, { hotkey: miner(uid), uid, commitBlock, image });
    submissionIds.push(id);
    // Most already have a run or two (the leaderboard and the submission pages have figures to show); the
    // rest are pending, which is what validators' runners are working on.
    if (i % 4 !== 3) {
      await seedRun(db, {
        submissionId: id,
        validatorHotkey: validators[i % validators.length] as string,
        score: Math.round((0.01 + ((i * 37) % 19) / 100) * 2000) / 2000,
        finishedAt: blockTime(commitBlock + 200),
      });
    }
    const [row] = await db.select().from(submissions).where(eq(submissions.id, id));
    if (row) targets.push({ hotkey: row.hotkey, image: row.image, digest: row.digest, commitBlock });
  }
  await seedCursor(db, CURSOR, NETWORK);
  await recomputeStandings(db, { netuid: NETUID, network: NETWORK, now: blockTime(CURSOR) });
  return { targets, submissionIds, minerHotkeys: minerUids.map(miner) };
}
