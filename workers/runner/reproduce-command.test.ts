import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { RunV1 } from "@/lib/protocol/run-schema";

import { loadConfig } from "./config";
import { digestOf, referenceRunnerFlags } from "./test-support/reference-runner";
import { runCommand } from "./test-support/runner-process";
import { runEvaluation } from "./evaluate-command";

// `runner reproduce RUN_ID` against an explorer serving posted runs: the same image and seed evaluated here,
// the verdicts compared. A posted run whose image does not behave as the run says is shown as differing.

const BASELINE = "local/reference:normal_t30_r3000";
const GOOD = "local/reference:normal_t10_r6000";
const BAD = "local/reference:far-divergence_t10_r6000";
let dir: string;
let server: http.Server;
let apiUrl: string;
const served = new Map<string, RunV1>();

const flags = () => [...referenceRunnerFlags(BASELINE, path.join(dir, "cache")), "--log-level", "error"];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runner-reproduce-"));
  server = http.createServer((req, res) => {
    const run = served.get((req.url ?? "").split("/").at(-1) ?? "");
    if (run === undefined) return void res.writeHead(404).end();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ posted: run, derived: {} }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A genuine run of the good image, as a validator's runner would have posted it.
  const config = loadConfig(flags(), {}, () => null, { needsApi: false });
  const posted = await runEvaluation(config, {
    image: GOOD,
    digest: digestOf(GOOD),
    seed: { block: 7, blockHash: `0x${"cd".repeat(32)}` },
    minerHotkey: null,
  });
  served.set("11111111-1111-4111-8111-111111111111", posted);
  // The same figures claimed for an image that fails correctness.
  served.set("22222222-2222-4222-8222-222222222222", {
    ...posted,
    submission: { ...posted.submission, image: BAD, digest: digestOf(BAD) },
  });
}, 180_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const reproduce = (runId: string) => runCommand(["reproduce", runId, "--api-url", apiUrl, ...flags()]);

describe("runner reproduce", () => {
  it("re-runs a posted run with its seed and finds the same verdict, prompt by prompt", async () => {
    const { code, stdout } = await reproduce("11111111-1111-4111-8111-111111111111");
    expect(stdout).toMatch(/verdict\s+posted scored; here scored\n/);
    expect(stdout.match(/passed \/ passed/g)).toHaveLength(10);
    expect(code).toBe(0);
  }, 120_000);

  it("shows where a posted run and this pod's disagree", async () => {
    const { code, stdout } = await reproduce("22222222-2222-4222-8222-222222222222");
    expect(stdout).toMatch(/posted scored; here failed: correctness_failed {2}← differs/);
    expect(code).toBe(1);
  }, 120_000);
});
