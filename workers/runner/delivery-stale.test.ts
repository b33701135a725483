// An explorer refuses a signed post as 401 stale_timestamp when it reaches the routes outside Epistula's ±8 s
// window: held by an overloaded explorer (bench/load/ does it), or judged by a clock off this pod's. The run must
// stay in the spool and be delivered by a later, freshly signed attempt, not be moved to rejected/: that would
// lose a finished run.
import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";

import { expect, it } from "vitest";

import { createLogger, type LogRecord, type Logger } from "@/lib/log";

import { ApiClient } from "./api-client";
import { Delivery } from "./delivery";
import { Spool } from "./spool";
import { keyring } from "./test-support/reference-runner";
import { spooledFailedRun } from "./test-support/run-context";
import { serveTestExplorer } from "./test-support/test-explorer";

const suite = serveTestExplorer("delivery-stale-");

/** A spool of its own, delivered to the test explorer as //Validator1 signing for `signedFor`, and a new job. */
async function delivering(name: string, log: Logger, signedFor = suite.explorer.signedFor) {
  const { explorer, dir } = suite;
  const pair = keyring().addFromUri("//Validator1");
  const client = new ApiClient({ baseUrl: explorer.url, signer: pair, signedFor });
  const spool = new Spool(path.join(dir, name));
  await spool.init();
  await explorer.addJob(`local/reference:${name}`);
  const listed = await new ApiClient({
    baseUrl: explorer.url,
    signer: pair,
    signedFor: explorer.signedFor,
  }).listJobs();
  const job = listed.at(-1);
  if (job === undefined) throw new Error("no job listed");
  const add = async () => {
    const runId = randomUUID();
    await spool.add(runId, spooledFailedRun(job, pair.address, runId));
    return runId;
  };
  return { spool, add, delivery: new Delivery(spool, client, log, { baseMs: 1, maxMs: 1 }) };
}

it("keeps a run refused as stale_timestamp and delivers it, re-signed, on the next attempt", async () => {
  const { explorer } = suite;
  const log = createLogger({}, "error");
  const { spool, add, delivery } = await delivering("stale", log);
  const runId = await add();

  // The post reaches the routes 9 s after it was signed.
  explorer.clockOffsetMs = 9_000;
  expect(await delivery.deliverPending(true)).toEqual({ delivered: 0, rejected: 0, remaining: 1 });
  expect(await readdir(spool.rejectedDir)).toEqual([]);
  explorer.clockOffsetMs = 0;
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await delivery.deliverPending(true)).toEqual({ delivered: 1, rejected: 0, remaining: 0 });
  expect(explorer.runAnswers).toEqual([401, 201]);
  expect(explorer.runs.map((r) => r.runId)).toEqual([runId]);

  // Any other 401 (a signature for another explorer) will not pass by retrying: rejected, as before.
  const elsewhere = await delivering("elsewhere", log, "another-explorer");
  await elsewhere.add();
  expect(await elsewhere.delivery.deliverPending(true)).toEqual({ delivered: 0, rejected: 1, remaining: 0 });
  expect(explorer.runAnswers.at(-1)).toBe(401);
});

it("names a clock offset as such when the explorer's clock is far from this pod's", async () => {
  const { explorer } = suite;
  const logged: LogRecord[] = [];
  const { add, delivery } = await delivering(
    "clock",
    createLogger({}, "warn", (r) => void logged.push(r)),
  );
  await add();
  // The explorer's clock 30 s behind this pod's: every signature looks 30 s in the future to it.
  explorer.clockOffsetMs = -30_000;
  try {
    expect(await delivery.deliverPending(true)).toMatchObject({ remaining: 1 });
  } finally {
    explorer.clockOffsetMs = 0;
  }
  // The Date header has whole seconds, so the estimate is within half a second.
  expect(logged.map((r) => r.msg)).toEqual([
    expect.stringMatching(/clock is (29|30)\.\d s ahead of the explorer's/),
  ]);
});
