import type { Db } from "@/db/client";
import { metagraphNeurons, metagraphSnapshots, submissions } from "@/db/schema";

// Test support: the chain state the write routes read, inserted directly (chain ingest is not under test).

export interface SeedNeuron {
  readonly hotkey: string;
  readonly uid: number;
  readonly permit: boolean;
  readonly stakeRao?: bigint;
}

export async function seedMetagraph(
  db: Db,
  snapshot: { netuid?: number; blockNumber: number; neurons: readonly SeedNeuron[] },
): Promise<number> {
  const [row] = await db
    .insert(metagraphSnapshots)
    .values({
      netuid: snapshot.netuid ?? 14,
      blockNumber: snapshot.blockNumber,
      blockHash: blockHash(snapshot.blockNumber),
      blockTime: new Date(Date.UTC(2026, 4, 1) + snapshot.blockNumber * 12_000),
      tempo: 360,
      neuronCount: snapshot.neurons.length,
    })
    .returning({ id: metagraphSnapshots.id });
  if (row === undefined) throw new Error("snapshot not inserted");
  if (snapshot.neurons.length > 0) {
    await db.insert(metagraphNeurons).values(
      snapshot.neurons.map((n) => ({
        snapshotId: row.id,
        uid: n.uid,
        hotkey: n.hotkey,
        coldkey: n.hotkey,
        stakeRao: n.stakeRao ?? 1_000_000_000_000n,
        validatorPermit: n.permit,
        incentive: 0,
        emissionRao: 0n,
        registrationBlock: 1,
      })),
    );
  }
  return row.id;
}

/** A made-up but well-formed block hash, the same for the same block in every test. */
export function blockHash(blockNumber: number): string {
  return `0x${blockNumber.toString(16).padStart(64, "0")}`;
}

export interface SeedSubmission {
  readonly hotkey: string;
  readonly uid: number;
  readonly commitBlock: number;
  readonly digest?: string;
  readonly image?: string;
  readonly netuid?: number;
  readonly standing?: string;
}

export async function seedSubmission(db: Db, s: SeedSubmission): Promise<number> {
  const image = s.image ?? `docker.io/miner${s.uid}/fast-qwen:v1`;
  const digest = s.digest ?? `sha256:${s.uid.toString(16).padStart(64, "a")}`;
  const [row] = await db
    .insert(submissions)
    .values({
      netuid: s.netuid ?? 14,
      hotkey: s.hotkey,
      uid: s.uid,
      registrationBlock: 1,
      image,
      digest,
      pullRef: `${image.replace(/:[^/:]+$/, "")}@${digest}`,
      commitBlock: s.commitBlock,
      commitmentId: s.uid,
      standing: s.standing ?? null,
    })
    .returning({ id: submissions.id });
  if (row === undefined) throw new Error("submission not inserted");
  return row.id;
}
