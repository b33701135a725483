import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EvalFailure } from "@/workers/runner/engine/failure";
import { buildRun } from "@/workers/runner/engine/run-builder";
import { createLogger } from "@/lib/log";

import { ApiClient } from "./api-client";
import { Delivery } from "./delivery";
import { Spool } from "./spool";
import { startTestApi, type TestApi } from "./test-support/fake-explorer";

let api: TestApi;
let dir: string;
let client: ApiClient;
let validator: string;
const log = createLogger({}, "error");

function runBody(runId: string, message = "no manifest"): Buffer {
  const run = buildRun(
    {
      runId,
      netuid: 14,
      submission: {
        hotkey: validator,
        image: "alice/x:1",
        digest: `sha256:${"a".repeat(64)}`,
        commitBlock: 1,
      },
      seed: { block: 2, blockHash: `0x${"b".repeat(64)}` },
      validatorHotkey: validator,
      runner: { version: "t", gpu: { model: "CPU", count: 1, driver: "none" }, host: "h" },
      startedAt: new Date(),
      finishedAt: new Date(),
      baselineInfo: { engine: "vllm", version: "v", image: "vllm" },
      correctness: { maxLogprobGap: 0.5, topK: 5 },
    },
    { kind: "failed", failure: new EvalFailure("pull_failed", "pulling", message), baseline: null },
  );
  return Buffer.from(JSON.stringify(run));
}

beforeAll(async () => {
  await cryptoWaitReady();
  api = await startTestApi("t");
  dir = await mkdtemp(path.join(os.tmpdir(), "spool-"));
  const pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Validator1");
  validator = pair.address;
  client = new ApiClient({ baseUrl: api.url, signer: pair, signedFor: "t" });
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

describe("Spool and Delivery", () => {
  it("keeps runs through an outage and a restart, then delivers each exactly once", async () => {
    const first = new Spool(path.join(dir, "a"));
    await first.init();
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) await first.add(id, runBody(id));
    api.failWith = 503;
    expect(await new Delivery(first, client, log).deliverPending(true)).toEqual({
      delivered: 0,
      rejected: 0,
      remaining: 2,
    });

    // The process dies mid-write of a third run: only its temporary file exists.
    await writeFile(path.join(first.pendingDir, `.${randomUUID()}.x.tmp`), "{ half");
    const restarted = new Spool(path.join(dir, "a"));
    await restarted.init();
    expect(await readdir(restarted.pendingDir)).toHaveLength(2);
    expect([...(await restarted.pending())].sort()).toEqual([...ids].sort());

    api.failWith = null;
    const delivery = new Delivery(restarted, client, log);
    expect(await delivery.deliverPending(true)).toEqual({ delivered: 2, rejected: 0, remaining: 0 });
    expect(api.runs.map((r) => r.runId).sort()).toEqual([...ids].sort());
    expect(await restarted.pending()).toEqual([]);
  });

  it("treats a repeated post of the same body as delivered (200)", async () => {
    const spool = new Spool(path.join(dir, "b"));
    await spool.init();
    const id = randomUUID();
    const delivery = new Delivery(spool, client, log);
    const body = runBody(id);
    await spool.add(id, body);
    await delivery.deliverPending(true);
    await spool.add(id, body); // the answer was lost: the same bytes again
    const before = api.runStatuses.length;
    expect(await delivery.deliverPending(true)).toMatchObject({ delivered: 1 });
    expect(api.runStatuses.slice(before)).toEqual([200]);
  });

  it("moves a permanently refused run to rejected/ with the API's answer", async () => {
    const spool = new Spool(path.join(dir, "c"));
    await spool.init();
    const id = randomUUID();
    const delivery = new Delivery(spool, client, log);
    await spool.add(id, runBody(id));
    await delivery.deliverPending(true);
    await spool.add(id, runBody(id, "another message"));
    expect(await delivery.deliverPending(true)).toEqual({ delivered: 0, rejected: 1, remaining: 0 });
    expect(await readdir(spool.rejectedDir)).toEqual([`${id}.json`, `${id}.reason.txt`].sort());
    expect(await readFile(path.join(spool.rejectedDir, `${id}.reason.txt`), "utf8")).toMatch(/HTTP 409/);
  });

  it("backs off after a failure unless forced", async () => {
    const spool = new Spool(path.join(dir, "d"));
    await spool.init();
    const id = randomUUID();
    await spool.add(id, runBody(id));
    const delivery = new Delivery(spool, client, log, { baseMs: 60_000, maxMs: 60_000 });
    api.failRunsWith = 502;
    await delivery.deliverPending(true);
    api.failRunsWith = null;
    expect(delivery.waitMs()).toBeGreaterThan(0);
    expect(await delivery.deliverPending()).toEqual({ delivered: 0, rejected: 0, remaining: 1 });
    expect(await delivery.deliverPending(true)).toMatchObject({ delivered: 1 });
    expect(await spool.pendingSubmissions()).toEqual(new Set());
  });
});
