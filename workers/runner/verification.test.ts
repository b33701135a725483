import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ContainerDriver } from "@/workers/runner/engine/driver";
import { EvalFailure } from "@/workers/runner/engine/failure";
import type { RunV1 } from "@/lib/protocol/run-schema";

import { createTestRunner } from "./test-support/reference-runner";
import { startTestExplorer, type TestExplorer } from "./test-support/test-explorer";

// The baseline's faults during verification are the validator's, never the miner's: through the real runner
// loop and the process driver, each is a runner_error run.

const apis: TestExplorer[] = [];
let dir: string;

/** The verification session cannot start: the driver refuses the second start of the baseline image. */
const failingVerifyStart = (driver: ContainerDriver): ContainerDriver => ({
  ...driver,
  kind: driver.kind,
  prepare: (spec, signal) => driver.prepare(spec, signal),
  start: (spec) =>
    spec.name.startsWith("cacheon-verify-")
      ? Promise.reject(new EvalFailure("container_crashed", "starting", "no GPU left for the baseline"))
      : driver.start(spec),
});

async function runOne(name: string, baselineTag: string, wrap?: (d: ContainerDriver) => ContainerDriver) {
  const api = await startTestExplorer();
  apis.push(api);
  await api.addJob("local/reference:normal_t15_r800");
  const { runner } = createTestRunner({
    explorer: api,
    spoolDir: path.join(dir, `spool-${name}`),
    cacheDir: path.join(dir, `cache-${name}`),
    baselineTag,
    wrapDriver: wrap,
  });
  await runner.runOnce();
  const [run] = api.runs;
  if (run === undefined) throw new Error(`no run posted for ${name}`);
  return run;
}

let noTokenize: RunV1;
let noStart: RunV1;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cacheon-verify-"));
  [noTokenize, noStart] = await Promise.all([
    runOne("no-tokenize", "no-tokenize_t20_r800"),
    runOne("no-start", "normal_t20_r800", failingVerifyStart),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
  await rm(dir, { recursive: true, force: true });
});

describe("verification faults of the baseline", () => {
  it("makes a baseline that answers wrongly (no /tokenize) a runner_error, not the miner's fault", () => {
    expect(noTokenize.outcome === "failed" && noTokenize.failure.reason).toBe("runner_error");
    expect(noTokenize.outcome === "failed" && noTokenize.failure.message).toContain("/tokenize answered 404");
    expect(noTokenize.summary.score).toBe(0);
  });

  it("makes a baseline that cannot be started for verification a runner_error", () => {
    expect(noStart.outcome === "failed" && noStart.failure).toMatchObject({
      reason: "runner_error",
      stage: "correctness",
    });
    expect(noStart.outcome === "failed" && noStart.failure.message).toContain("no GPU left for the baseline");
  });
});
