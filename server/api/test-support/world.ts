import type { KeyringPair } from "@polkadot/keyring/types";
import type { Database, DriverKind } from "@/db/client";
import { openTestDatabase } from "@/db/test-support/databases";
import { blockHash, seedSnapshot, seedSubmission, type SeedNeuron } from "@/db/test-support/seed";
import { ensureCryptoReady } from "@/lib/protocol/epistula";
import { testDeps, type TestDepsOptions } from "./deps";
import { keys } from "./signing";

// Test support: one database per describe with the chain state the write routes need.
//
// Metagraph of subnet 14: an old snapshot at block 640 in which the stranger still had a permit (only the
// latest counts), and the latest at block 1000 with two permitted validators and a miner without a permit.
// Submissions: the miner's, committed at block 900 (seed: the snapshot at 1000), and a second miner's,
// committed at block 500 (seed: the snapshot at 640).

export interface Pairs {
  readonly validator1: KeyringPair;
  readonly validator2: KeyringPair;
  readonly noPermit: KeyringPair;
  readonly stranger: KeyringPair;
  readonly ed25519: KeyringPair;
  readonly miner2: KeyringPair;
}

let pairs: Pairs | undefined;

export async function testPairs(): Promise<Pairs> {
  await ensureCryptoReady();
  pairs ??= {
    validator1: keys.validator1(),
    validator2: keys.validator2(),
    noPermit: keys.noPermit(),
    stranger: keys.stranger(),
    ed25519: keys.ed25519(),
    miner2: keys.validator1().derive("//Miner2"),
  };
  return pairs;
}

export interface SeededSubmission {
  readonly id: number;
  readonly hotkey: string;
  readonly image: string;
  readonly digest: string;
  readonly commitBlock: number;
  readonly seed: { block: number; blockHash: string };
}

export interface World {
  readonly database: Database;
  readonly pairs: Pairs;
  /** The miner's submission (commit block 900). */
  readonly submission: SeededSubmission;
  /** The second miner's, older one (commit block 500). */
  readonly older: SeededSubmission;
  deps(options?: TestDepsOptions): ReturnType<typeof testDeps>;
}

/** A validator or miner on the metagraph: every neuron holds the same stake, so each validator weighs the same. */
export function neuron(hotkey: string, uid: number, permit: boolean): SeedNeuron {
  return {
    hotkey,
    uid,
    validatorPermit: permit,
    coldkey: hotkey,
    stakeRao: 1_000_000_000_000n,
    registrationBlock: 1,
  };
}

/** The metagraph at `block`, its time a month before the tests' clock (deps.ts NOW_MS). */
export function seedMetagraph(
  db: Database["db"],
  block: number,
  neurons: readonly SeedNeuron[],
): Promise<number> {
  return seedSnapshot(db, { block, time: new Date(Date.UTC(2026, 4, 1) + block * 12_000), neurons });
}

export async function openWorld(driver: DriverKind): Promise<World> {
  const p = await testPairs();
  const database = await openTestDatabase(driver);
  const db = database.db;
  await seedMetagraph(db, 640, [neuron(p.validator1.address, 0, true), neuron(p.stranger.address, 1, true)]);
  await seedMetagraph(db, 1000, [
    neuron(p.validator1.address, 0, true),
    neuron(p.validator2.address, 1, true),
    neuron(p.noPermit.address, 2, false),
    neuron(p.miner2.address, 3, false),
  ]);
  const make = async (hotkey: string, uid: number, commitBlock: number, seedBlock: number) => {
    const image = `docker.io/miner${uid}/fast-qwen:v1`;
    const digest = `sha256:${String(uid).repeat(64)}`;
    const id = await seedSubmission(db, { hotkey, uid, commitBlock, image, digest, registrationBlock: 1 });
    return {
      id,
      hotkey,
      image,
      digest,
      commitBlock,
      seed: { block: seedBlock, blockHash: blockHash(seedBlock) },
    };
  };
  const submission = await make(p.noPermit.address, 2, 900, 1000);
  const older = await make(p.miner2.address, 3, 500, 640);
  return { database, pairs: p, submission, older, deps: (options) => testDeps(database, options) };
}

/** The run fixture's `submission` object for a seeded submission. */
export function runTarget(s: SeededSubmission) {
  return { hotkey: s.hotkey, image: s.image, digest: s.digest, commitBlock: s.commitBlock };
}
