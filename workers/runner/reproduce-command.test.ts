import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { seedSubmission } from "@/db/test-support/seed";
import type { RunV1 } from "@/lib/protocol/run-schema";

import { ApiClient } from "./api-client";
import { loadConfig } from "./config";
import { digestOf, keyring, referenceRunnerFlags } from "./test-support/reference-runner";
import { runCommand } from "./test-support/runner-process";
import { serveTestExplorer } from "./test-support/test-explorer";
import { runEvaluation } from "./evaluate-command";

// `runner reproduce RUN_ID` against an explorer serving posted runs: the same image and seed evaluated here,
// the outcomes compared. A posted run whose image does not behave as the run says is shown as differing.

const BASELINE = "local/reference:normal_t30_r3000";
const GOOD = "local/reference:normal_t10_r6000";
const BAD = "local/reference:far-divergence_t10_r6000";
const GOOD_RUN = "11111111-1111-4111-8111-111111111111";
const BAD_RUN = "22222222-2222-4222-8222-222222222222";
const suite = serveTestExplorer("runner-reproduce-");

const flags = () => [
  ...referenceRunnerFlags(BASELINE, path.join(suite.dir, "cache")),
  "--log-level",
  "error",
];

/** Posts `run` as //Validator1, through the explorer's real route, for a submission seeded to match it. */
async function post(run: RunV1, registrationBlock: number): Promise<void> {
  const { explorer } = suite;
  const { submission } = run;
  await seedSubmission(explorer.database.db, { ...submission, uid: 7, registrationBlock });
  const validator = keyring().addFromUri("//Validator1");
  const client = new ApiClient({ baseUrl: explorer.url, signer: validator, signedFor: explorer.signedFor });
  const body = { ...run, validator: { ...run.validator, hotkey: validator.address } };
  const answer = await client.postRun(Buffer.from(JSON.stringify(body)));
  expect(answer.status, answer.text).toBe(201);
}

beforeAll(async () => {
  // A genuine run of the good image, as a validator's runner would have posted it.
  const config = loadConfig(flags(), {}, () => null, { needsApi: false });
  const posted = await runEvaluation(config, {
    image: GOOD,
    digest: digestOf(GOOD),
    seed: { block: 7, blockHash: `0x${"cd".repeat(32)}` },
    minerHotkey: null,
  });
  await post({ ...posted, runId: GOOD_RUN }, 0);
  // The same figures claimed for an image that fails correctness.
  const submission = { ...posted.submission, image: BAD, digest: digestOf(BAD) };
  await post({ ...posted, runId: BAD_RUN, submission }, 1);
}, 180_000);

const reproduce = (runId: string) =>
  runCommand(["reproduce", runId, "--api-url", suite.explorer.url, ...flags()]);

describe("runner reproduce", () => {
  it("re-runs a posted run with its seed and finds the same outcome, prompt by prompt", async () => {
    const { code, stdout } = await reproduce(GOOD_RUN);
    expect(stdout).toMatch(/^outcome {5}posted scored; here scored$/m);
    expect(stdout.match(/passed \/ passed/g)).toHaveLength(10);
    expect(code).toBe(0);
  }, 120_000);

  it("shows where a posted run and this pod's disagree", async () => {
    const { code, stdout } = await reproduce(BAD_RUN);
    expect(stdout).toMatch(/posted scored; here failed: correctness_failed {2}← differs/);
    expect(code).toBe(1);
  }, 120_000);
});
