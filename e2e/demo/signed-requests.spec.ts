import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { expect, test } from "@playwright/test";
import { z } from "zod";

import { DEMO_SIGNED_FOR } from "../../scripts/demo/commands";

// A separate process that only knows the demo's public URL signs requests: as //Validator1 (registered with a
// permit on the devnet by the demo) it is served; as a key the chain does not know it is refused with 403.

const answerSchema = z.object({
  hotkey: z.string(),
  status: z.number().int(),
  body: z.unknown(),
});

async function signAs(baseURL: string, uri: string): Promise<z.infer<typeof answerSchema>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "e2e/demo/sign-as.ts", baseURL, DEMO_SIGNED_FOR, uri],
    { timeout: 30_000 },
  );
  return answerSchema.parse(JSON.parse(stdout.trim()));
}

test("a validator's signed requests are served, an unregistered key's refused with 403", async ({
  baseURL,
}) => {
  const url = baseURL as string;
  // The validators' permits reach the API with the first metagraph snapshot chain ingest stores.
  await expect
    .poll(async () => (await signAs(url, "//Validator1")).status, { timeout: 120_000, intervals: [2_000] })
    .toBe(200);
  const validator = await signAs(url, "//Validator1");
  expect(validator.status).toBe(200);
  expect(validator.body).toMatchObject({ jobs: expect.any(Array) });

  const outsider = await signAs(url, "//NotAValidator");
  expect(outsider.status).toBe(403);
  expect(outsider.body).toMatchObject({ error: { code: "not_a_validator" } });
});
