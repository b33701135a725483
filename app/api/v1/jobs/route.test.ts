import type { KeyringPair } from "@polkadot/keyring/types";
import { afterAll, beforeAll, expect, it } from "vitest";
import { jobLeases, runs } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { callRoute, NOW_MS, SIGNED_FOR, type ErrorJson } from "@/server/api/test-support/deps";
import { signedRun } from "@/server/api/test-support/run-refusals";
import { encode, signRequest } from "@/server/api/test-support/signing";
import { blockHash, seedSubmission } from "@/db/test-support/seed";
import { neuron, openWorld, seedMetagraph, type World } from "@/server/api/test-support/world";
import { SHIPPED_CORPUS_SHA256 } from "@/lib/protocol/corpus";
import { summarizeRun } from "@/lib/protocol/scoring";
import { jobsResponseSchema } from "@/lib/schemas/jobs";
import { POST as postRun } from "../runs/route";
import { GET } from "./route";

describeEachDatabase("GET /api/v1/jobs", (driver) => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  const list = async (pair: KeyringPair, query = "", deps = w.deps()) => {
    const spec = signRequest({
      method: "GET",
      path: `/api/v1/jobs${query}`,
      pair,
      nowMs: NOW_MS,
      signedFor: SIGNED_FOR,
    });
    return callRoute(GET, deps, spec);
  };
  const jobIds = async (pair: KeyringPair) => {
    const response = await list(pair);
    expect(response.status).toBe(200);
    return jobsResponseSchema.parse(await response.json()).jobs.map((j) => j.submissionId);
  };
  const postRunFor = async (pair: KeyringPair, target: World["older"], failureReason?: "runner_error") => {
    const spec = signedRun(w, {
      pair,
      target,
      failed: failureReason !== undefined,
      edit: (run) => {
        if (run.outcome !== "failed" || !failureReason) return;
        // As the runner reports its own fault: no judged prompt (the API holds any it sent to the gate).
        run.failure.reason = failureReason;
        run.prompts = [];
        run.summary = summarizeRun([], run.baseline, false, { runFailed: true });
      },
    });
    expect((await callRoute(postRun, w.deps(), spec)).status).toBe(201);
  };

  it("lists submissions oldest commit first, each with the first snapshot at or after its commit as seed", async () => {
    const response = await list(w.pairs.validator1);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = jobsResponseSchema.parse(await response.json());
    expect(body.serverTime).toBe(new Date(NOW_MS).toISOString());
    expect(body.jobs).toEqual([
      expect.objectContaining({
        submissionId: w.older.id,
        commitBlock: 500,
        // A public network names the pinned corpus (none is pinned yet).
        seed: { block: 640, blockHash: blockHash(640), corpusSha256: null },
        lease: null,
      }),
      expect.objectContaining({
        submissionId: w.submission.id,
        hotkey: w.submission.hotkey,
        uid: 2,
        digest: w.submission.digest,
        pullRef: `docker.io/miner2/fast-qwen@${w.submission.digest}`,
        seed: { block: 1000, blockHash: blockHash(1000), corpusSha256: null },
        lease: null,
      }),
    ]);
  });

  it("names the shipped demo corpus in every seed on a demo network", async () => {
    const demo = w.deps({ settings: { demoNetwork: true } });
    const body = jobsResponseSchema.parse(await (await list(w.pairs.validator1, "", demo)).json());
    expect(body.jobs.map((j) => j.seed.corpusSha256)).toEqual([SHIPPED_CORPUS_SHA256, SHIPPED_CORPUS_SHA256]);
  });

  it("keeps a pinned seed when an earlier snapshot is stored later, and waits for a seed before offering a job", async () => {
    const late = await seedSubmission(w.database.db, {
      hotkey: w.pairs.stranger.address,
      uid: 9,
      commitBlock: 1100,
    });
    expect(await jobIds(w.pairs.validator1)).not.toContain(late);
    // A backfilled snapshot between the commit and the pinned seed block changes nothing.
    await seedMetagraph(w.database.db, 950, []);
    await seedMetagraph(w.database.db, 1360, [neuron(w.pairs.validator1.address, 0, true)]);
    const jobs = jobsResponseSchema.parse(await (await list(w.pairs.validator1)).json()).jobs;
    expect(jobs.find((j) => j.submissionId === w.submission.id)?.seed.block).toBe(1000);
    expect(jobs.find((j) => j.submissionId === late)?.seed.block).toBe(1360);
    // Put the metagraph back as the world had it, for the tests after this one.
    await seedMetagraph(w.database.db, 1400, [
      neuron(w.pairs.validator1.address, 0, true),
      neuron(w.pairs.validator2.address, 1, true),
    ]);
  });

  it("drops a job once this validator has a run for it, but not for other validators nor after a runner_error", async () => {
    await postRunFor(w.pairs.validator1, w.older, "runner_error");
    expect(await jobIds(w.pairs.validator1)).toContain(w.older.id);
    await postRunFor(w.pairs.validator1, w.older);
    expect(await jobIds(w.pairs.validator1)).not.toContain(w.older.id);
    expect(await jobIds(w.pairs.validator2)).toContain(w.older.id);
    const stored = await w.database.db.select({ runId: runs.runId }).from(runs);
    expect(stored).toHaveLength(2);
  });

  it("shows this validator's own live lease and ignores other validators' leases", async () => {
    const expiresAt = new Date(NOW_MS + 60_000);
    await w.database.db.insert(jobLeases).values([
      {
        submissionId: w.submission.id,
        validatorHotkey: w.pairs.validator2.address,
        leasedAt: new Date(NOW_MS),
        expiresAt,
      },
    ]);
    const mine = jobsResponseSchema.parse(await (await list(w.pairs.validator2)).json()).jobs;
    expect(mine.find((j) => j.submissionId === w.submission.id)?.lease).toEqual({
      leasedAt: new Date(NOW_MS).toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    const theirs = jobsResponseSchema.parse(await (await list(w.pairs.validator1)).json()).jobs;
    expect(theirs.find((j) => j.submissionId === w.submission.id)?.lease).toBeNull();
  });

  it("does not offer a copy of an earlier submission", async () => {
    const copy = await seedSubmission(w.database.db, {
      hotkey: w.pairs.validator2.address,
      uid: 1,
      commitBlock: 950,
      standing: "duplicate",
    });
    expect(await jobIds(w.pairs.validator1)).not.toContain(copy);
  });

  it("pages with ?limit and refuses a bad limit with invalid_query", async () => {
    const one = jobsResponseSchema.parse(await (await list(w.pairs.validator2, "?limit=1")).json());
    expect(one.jobs).toHaveLength(1);
    const bad = await list(w.pairs.validator2, "?limit=0");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorJson).error).toMatchObject({
      code: "invalid_query",
      message: expect.stringContaining("$.limit"),
    });
  });

  it("GET /api/v1/jobs – signed over a body instead of the empty body", async () => {
    const spec = signRequest({
      method: "GET",
      path: "/api/v1/jobs",
      pair: w.pairs.validator1,
      nowMs: NOW_MS,
      signedFor: SIGNED_FOR,
      signBody: encode("{}"),
    });
    const response = await callRoute(GET, w.deps(), spec);
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorJson).error.code).toBe("bad_signature");
  });

  it("GET /api/v1/jobs – no metagraph yet", async () => {
    const response = await list(w.pairs.validator1, "", w.deps({ settings: { netuid: 15 } }));
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorJson).error).toMatchObject({
      code: "not_a_validator",
      message: expect.stringContaining("no metagraph of subnet 15 yet"),
    });
  });
});
