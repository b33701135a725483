import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  chainCursor,
  commitments,
  metagraphNeurons,
  metagraphSnapshots,
  runProgress,
  submissions,
  validators,
} from "../schema";

// Small drizzle-insert helpers for tests: realistic rows with defaults, so a test states only what matters.

/** Block 0 of the test chain; every block is 12 s (blockTime(7200) is a day later). */
export const T0 = new Date("2026-01-01T00:00:00Z");
export const blockTime = (block: number): Date => new Date(T0.getTime() + block * 12_000);

/** A made-up but well-formed block hash, the same for the same block in every test. */
export function blockHash(block: number): string {
  return `0x${block.toString(16).padStart(64, "0")}`;
}

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** A deterministic SS58-shaped hotkey ("5" + 47 base58 characters) for a name. Not a real key. */
export function fakeHotkey(name: string): string {
  const hash = createHash("sha256").update(`hotkey:${name}`).digest();
  let out = "5";
  for (let i = 0; out.length < 48; i++) out += BASE58[(hash[i % hash.length] as number) % 58];
  return out;
}

export function fakeDigest(name: string): string {
  return `sha256:${createHash("sha256").update(`digest:${name}`).digest("hex")}`;
}

export interface SeedNeuron {
  uid: number;
  hotkey: string;
  coldkey?: string;
  stakeRao?: bigint;
  validatorPermit?: boolean;
  incentive?: number;
  emissionRao?: bigint;
  registrationBlock?: number;
}

export interface SeedSnapshot {
  netuid?: number;
  block: number;
  time?: Date;
  tempo?: number;
  kind?: "epoch" | "registration" | "start";
  subnetTaoRao?: bigint | null;
  subnetAlphaInRao?: bigint | null;
  alphaPriceTao?: number | null;
  neurons: readonly SeedNeuron[];
}

export async function seedSnapshot(db: DbOrTx, s: SeedSnapshot): Promise<number> {
  const [row] = await db
    .insert(metagraphSnapshots)
    .values({
      netuid: s.netuid ?? 14,
      blockNumber: s.block,
      blockHash: blockHash(s.block),
      blockTime: s.time ?? blockTime(s.block),
      tempo: s.tempo ?? 360,
      kind: s.kind ?? "epoch",
      neuronCount: s.neurons.length,
      subnetTaoRao: s.subnetTaoRao ?? null,
      subnetAlphaInRao: s.subnetAlphaInRao ?? null,
      alphaPriceTao: s.alphaPriceTao ?? null,
    })
    .returning({ id: metagraphSnapshots.id });
  const id = (row as { id: number }).id;
  if (s.neurons.length > 0) {
    await db.insert(metagraphNeurons).values(
      s.neurons.map((n) => ({
        snapshotId: id,
        uid: n.uid,
        hotkey: n.hotkey,
        coldkey: n.coldkey ?? fakeHotkey(`cold:${n.hotkey}`),
        stakeRao: n.stakeRao ?? 0n,
        validatorPermit: n.validatorPermit ?? false,
        incentive: n.incentive ?? 0,
        emissionRao: n.emissionRao ?? 0n,
        registrationBlock: n.registrationBlock ?? 0,
      })),
    );
  }
  return id;
}

export interface SeedCommitment {
  netuid?: number;
  hotkey: string;
  uid: number;
  commitBlock: number;
  text: string;
  registrationBlock?: number;
  parsed?: { image: string; digest: string; pullRef: string; form: string } | null;
  parseError?: string | null;
  parseErrorMessage?: string | null;
  disposition: "submission" | "ignored" | "unparseable" | "repeat";
  submissionId?: number | null;
}

export async function seedCommitment(db: DbOrTx, c: SeedCommitment): Promise<number> {
  const rawBytes = new TextEncoder().encode(c.text);
  const [row] = await db
    .insert(commitments)
    .values({
      netuid: c.netuid ?? 14,
      hotkey: c.hotkey,
      uid: c.uid,
      registrationBlock: c.registrationBlock ?? null,
      source: "plain",
      commitBlock: c.commitBlock,
      observedBlock: c.commitBlock,
      rawBytes,
      rawSha256: createHash("sha256").update(rawBytes).digest("hex"),
      parsed: c.parsed ?? null,
      parseError: c.parseError ?? null,
      parseErrorMessage: c.parseErrorMessage ?? null,
      disposition: c.disposition,
      submissionId: c.submissionId ?? null,
    })
    .returning({ id: commitments.id });
  return (row as { id: number }).id;
}

export interface SeedSubmission {
  netuid?: number;
  hotkey: string;
  uid: number;
  commitBlock: number;
  registrationBlock?: number;
  image?: string;
  digest?: string;
  standing?: string | null;
}

/** A submission and the commitment it came from (plain JSON form). */
export async function seedSubmission(db: DbOrTx, s: SeedSubmission): Promise<number> {
  const image = s.image ?? `docker.io/miner${s.uid}/fast-qwen:v1`;
  const digest = s.digest ?? fakeDigest(s.hotkey);
  const pullRef = `${image.replace(/:[^/:]*$/, "")}@${digest}`;
  const registrationBlock = s.registrationBlock ?? Math.max(0, s.commitBlock - 10);
  const commitmentId = await seedCommitment(db, {
    netuid: s.netuid,
    hotkey: s.hotkey,
    uid: s.uid,
    commitBlock: s.commitBlock,
    registrationBlock,
    text: JSON.stringify({ image, digest }),
    parsed: { image, digest, pullRef, form: "json" },
    disposition: "submission",
  });
  const [row] = await db
    .insert(submissions)
    .values({
      netuid: s.netuid ?? 14,
      hotkey: s.hotkey,
      uid: s.uid,
      registrationBlock,
      image,
      digest,
      pullRef,
      commitBlock: s.commitBlock,
      commitmentId,
      standing: s.standing ?? null,
    })
    .returning({ id: submissions.id });
  const id = (row as { id: number }).id;
  await db.update(commitments).set({ submissionId: id }).where(eq(commitments.id, commitmentId));
  return id;
}

export { seedRun, type SeedRun } from "./seed-run";

export async function seedProgress(
  db: DbOrTx,
  p: {
    runId?: string;
    submissionId: number;
    validatorHotkey: string;
    phase?: string;
    at?: Date;
    receivedAt?: Date;
  },
): Promise<string> {
  const runId = p.runId ?? randomUUID();
  const at = p.at ?? T0;
  // Received when stamped: a seeded event is as old as its time says, not as new as the seeding.
  await db.insert(runProgress).values({
    runId,
    submissionId: p.submissionId,
    validatorHotkey: p.validatorHotkey,
    phase: p.phase ?? "benchmark",
    at,
    receivedAt: p.receivedAt ?? at,
  });
  return runId;
}

export async function seedCursor(db: DbOrTx, block: number, network = "finney", netuid = 14): Promise<void> {
  const values = {
    network,
    netuid,
    blockNumber: block,
    blockHash: blockHash(block),
  };
  await db
    .insert(chainCursor)
    .values(values)
    .onConflictDoUpdate({ target: [chainCursor.network, chainCursor.netuid], set: values });
}

export async function seedValidator(
  db: DbOrTx,
  v: { hotkey: string; runsPosted?: number; lastSeenAt?: Date; runnerVersion?: string | null },
): Promise<void> {
  await db.insert(validators).values({
    hotkey: v.hotkey,
    runsPosted: v.runsPosted ?? 0,
    lastSeenAt: v.lastSeenAt ?? T0,
    firstSeenAt: T0,
    runnerVersion: v.runnerVersion ?? null,
  });
}
