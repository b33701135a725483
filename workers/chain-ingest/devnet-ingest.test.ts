import { asc, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { getIngestCursor } from "@/db/queries/chain";
import { CHAIN_WORKER, getWorkerStatus } from "@/db/queries/status";
import { readContextOf } from "@/server/read/context";
import { readStatus } from "@/server/read/status";
import { commitments, metagraphNeurons, metagraphSnapshots, submissions } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { NETWORK, startHarness, type Harness } from "./test-support/harness";

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const json = (image: string, d: string) => JSON.stringify({ image, digest: d });

describeEachDatabase("chain ingest against the devnet", (driver) => {
  let h: Harness;
  let key: Record<"validator" | "m1" | "m2" | "m3" | "m4" | "newcomer" | "cold", string>;
  const uid: Record<string, number> = {};

  const commitmentsOf = (hotkey: string) =>
    h.database.db
      .select()
      .from(commitments)
      .where(eq(commitments.hotkey, hotkey))
      .orderBy(asc(commitments.commitBlock), asc(commitments.id));
  const submissionsOf = (hotkey: string) =>
    h.database.db
      .select()
      .from(submissions)
      .where(eq(submissions.hotkey, hotkey))
      .orderBy(asc(submissions.registrationBlock));
  const snapshotAt = async (block: number) => {
    const [snapshot] = await h.database.db
      .select()
      .from(metagraphSnapshots)
      .where(eq(metagraphSnapshots.blockNumber, block));
    const neurons = snapshot
      ? await h.database.db
          .select()
          .from(metagraphNeurons)
          .where(eq(metagraphNeurons.snapshotId, snapshot.id))
          .orderBy(asc(metagraphNeurons.uid))
      : [];
    return { snapshot, neurons };
  };

  beforeAll(async () => {
    h = await startHarness(driver, { tempo: 20, maxUids: 6, immunityPeriod: 0 });
    key = {
      validator: h.account("//Validator"),
      m1: h.account("//Miner1"),
      m2: h.account("//Miner2"),
      m3: h.account("//Miner3"),
      m4: h.account("//Miner4"),
      newcomer: h.account("//Newcomer"),
      cold: h.account("//Alice"),
    };
    for (const name of ["validator", "m1", "m2", "m3", "m4"] as const) {
      uid[name] = await h.dev.registerNeuron({ hotkey: key[name], coldkey: key.cold });
    }
    await h.dev.setValidatorPermit({ uid: uid.validator ?? 0, permit: true });
    await h.dev.setStake({ hotkey: key.validator, alpha: 10n ** 15n });
    await h.seal();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it("stores a plain JSON commitment as the hotkey's submission and announces it", async () => {
    await h.dev.commit({ hotkey: key.m1, text: json("docker.io/alice/fast-qwen:v3", digest("a")) });
    const block = await h.seal();
    const [row] = await commitmentsOf(key.m1);
    expect(row).toMatchObject({
      source: "plain",
      commitBlock: block,
      observedBlock: block,
      uid: uid.m1,
      disposition: "submission",
      parsed: { form: "json", pullRef: `docker.io/alice/fast-qwen@${digest("a")}` },
      parseError: null,
    });
    const [submission] = await submissionsOf(key.m1);
    expect(submission).toMatchObject({
      commitBlock: block,
      uid: uid.m1,
      commitmentId: row?.id,
      status: "pending",
    });
    expect(row?.submissionId).toBe(submission?.id);
    await vi.waitFor(() =>
      expect(h.changes).toContainEqual({ type: "submission", submissionId: submission?.id }),
    );
  });

  it("accepts the bare image@sha256 form", async () => {
    await h.dev.commit({ hotkey: key.m2, text: `ghcr.io/bob/qwen-turbo@${digest("b")}` });
    await h.seal();
    const [row] = await commitmentsOf(key.m2);
    expect(row).toMatchObject({ disposition: "submission", parsed: { form: "bare" } });
    expect(await submissionsOf(key.m2)).toHaveLength(1);
  });

  it("records an unparseable commitment with its cause and makes no submission", async () => {
    await h.dev.commit({ hotkey: key.m3, text: "hello world" });
    await h.seal();
    const [row] = await commitmentsOf(key.m3);
    expect(row).toMatchObject({
      disposition: "unparseable",
      parseError: "unknown_registry_form",
      parsed: null,
    });
    expect(row?.parseErrorMessage).toContain("image@sha256:<64 hex>");
    expect(await submissionsOf(key.m3)).toHaveLength(0);
  });

  it("takes a timelocked commitment at its reveal block", async () => {
    const { revealBlock } = await h.dev.commitTimelocked({
      hotkey: key.m4,
      text: json("docker.io/dave/kv:v2", digest("d")),
      revealInBlocks: 3,
    });
    await h.seal(4);
    const rows = await commitmentsOf(key.m4);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: "revealed",
      commitBlock: revealBlock,
      disposition: "submission",
    });
    const [submission] = await submissionsOf(key.m4);
    expect(submission).toMatchObject({ commitBlock: revealBlock, image: "docker.io/dave/kv:v2" });
  });

  it("records a different re-commit as ignored and the same image under a new tag as a repeat", async () => {
    await h.dev.commit({ hotkey: key.m1, text: json("docker.io/alice/other:v1", digest("c")) });
    await h.seal();
    await h.dev.commit({ hotkey: key.m1, text: json("docker.io/alice/fast-qwen:v4", digest("a")) });
    await h.seal();
    const rows = await commitmentsOf(key.m1);
    const [submission] = await submissionsOf(key.m1);
    expect(rows.map((r) => r.disposition)).toEqual(["submission", "ignored", "repeat"]);
    expect(rows.map((r) => r.submissionId)).toEqual([submission?.id, submission?.id, submission?.id]);
    expect(await submissionsOf(key.m1)).toHaveLength(1);
  });

  it("snapshots a deregistration at its exact block and announces the UID", async () => {
    const m2 = uid.m2 ?? -1;
    await h.dev.replaceNeuron({ uid: m2, hotkey: key.newcomer, coldkey: key.cold });
    const block = await h.seal();
    const { snapshot, neurons } = await snapshotAt(block);
    expect(snapshot).toMatchObject({ kind: "registration", neuronCount: 5 });
    expect(neurons[m2]).toMatchObject({ hotkey: key.newcomer, registrationBlock: block });
    await vi.waitFor(() =>
      expect(h.changes).toContainEqual({
        type: "block",
        blockNumber: block,
        epoch: false,
        deregistered: [m2],
      }),
    );
  });

  it("starts afresh when a deregistered hotkey registers again", async () => {
    uid.m2again = await h.dev.registerNeuron({ hotkey: key.m2, coldkey: key.cold });
    const registeredAt = await h.seal();
    await h.dev.commit({ hotkey: key.m2, text: json("docker.io/bob/qwen-turbo:v2", digest("e")) });
    await h.seal();
    const [first, second] = await submissionsOf(key.m2);
    expect(first?.pullRef).toBe(`ghcr.io/bob/qwen-turbo@${digest("b")}`);
    expect(second).toMatchObject({ registrationBlock: registeredAt, uid: uid.m2again, digest: digest("e") });
  });

  it("records an epoch's emission, price and tempo", async () => {
    const king = uid.m1 ?? -1;
    const epoch = await h.dev.advanceEpoch({ weights: { [king]: 1 } });
    await h.seal();
    const { snapshot, neurons } = await snapshotAt(epoch.number);
    // The seed's balancer (quote weight 0.6) prices 14,250 TAO against 1,000,000 alpha at about 0.0095 TAO,
    // as the runtime API answers it (U64F64 truncation: 9,499,999 RAO), not at the reserves' 0.01425.
    expect(snapshot).toMatchObject({
      kind: "epoch",
      tempo: 20,
      priceSource: "runtime-api",
      alphaPriceRao: 9_499_999n,
      alphaPriceTao: 0.009499999,
    });
    expect(snapshot?.subnetTaoRao).toBe(14_250_000_000_000n);
    expect(neurons[king]?.emissionRao).toBeGreaterThan(0n);
    expect(neurons[king]?.incentive).toBe(1);
    expect(neurons[uid.validator ?? -1]).toMatchObject({ validatorPermit: true, stakeRao: 10n ** 15n });
    await vi.waitFor(() =>
      expect(h.changes).toContainEqual({
        type: "block",
        blockNumber: epoch.number,
        epoch: true,
        deregistered: [],
      }),
    );
  });

  it("keeps ingesting across a runtime upgrade, each block with its own runtime", async () => {
    const spec = await h.dev.runtimeUpgrade();
    await h.seal(2);
    await h.dev.commit({ hotkey: key.newcomer, text: json("docker.io/new/comer:v1", digest("f")) });
    const block = await h.seal();
    expect(await getIngestCursor(h.database.db, { network: NETWORK, netuid: 14 })).toMatchObject({
      blockNumber: block,
      specVersion: spec,
    });
    expect(await commitmentsOf(key.newcomer)).toMatchObject([
      { commitBlock: block, disposition: "submission" },
    ]);
  });

  it("reports lag, speed and mode in the chain worker's status", async () => {
    const head = await h.seal();
    await vi.waitFor(async () => {
      const status = await getWorkerStatus(h.database.db, CHAIN_WORKER);
      expect(status?.detail).toMatchObject({ ingest: { mode: "following", block: head, lagBlocks: 0 } });
    });
    const status = await readStatus(
      readContextOf(h.database, { network: NETWORK, netuid: 14, settings: { chainEndpoint: h.devnet.url } }),
    );
    expect(status.ingest).toMatchObject({ lastIngestedBlock: head, mode: "following" });
    expect(status.ingest.blocksPerSecond).toBeGreaterThanOrEqual(0);
  });

  it("stores nothing twice: every commitment once, one snapshot per block", async () => {
    const all = await h.database.db.select().from(commitments).orderBy(desc(commitments.id));
    const identities = all.map((c) => `${c.hotkey}/${c.source}/${c.commitBlock}/${c.rawSha256}`);
    expect(new Set(identities).size).toBe(all.length);
    const unlinked = all.filter((c) => c.submissionId === null).map((c) => c.disposition);
    expect(unlinked.every((d) => d === "unparseable" || d === "not_registered")).toBe(true);
  });
});
