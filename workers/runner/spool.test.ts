import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLogger } from "@/lib/log";

import { ApiClient } from "./api-client";
import { Delivery } from "./delivery";
import type { Job } from "./jobs";
import { Spool } from "./spool";
import { keyring } from "./test-support/reference-runner";
import { spooledFailedRun } from "./test-support/run-context";
import { startTestExplorer, type TestExplorer } from "./test-support/test-explorer";

let api: TestExplorer;
let dir: string;
let client: ApiClient;
let validator: string;
/** The job every run here is for, as GET /api/v1/jobs lists it. */
let job: Job;
const log = createLogger({}, "error");

const runBody = (runId: string, message?: string) => spooledFailedRun(job, validator, runId, message);

beforeAll(async () => {
  api = await startTestExplorer();
  dir = await mkdtemp(path.join(os.tmpdir(), "spool-"));
  const pair = keyring().addFromUri("//Validator1");
  validator = pair.address;
  client = new ApiClient({ baseUrl: api.url, signer: pair, signedFor: api.signedFor });
  await api.addJob("alice/x:1");
  [job] = (await client.listJobs()) as [Job];
});
afterAll(async () => {
  await api?.close();
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
    const before = api.runAnswers.length;
    expect(await delivery.deliverPending(true)).toMatchObject({ delivered: 1 });
    expect(api.runAnswers.slice(before)).toEqual([200]);
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
