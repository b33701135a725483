import { afterAll, beforeAll, expect, it } from "vitest";

import { useTestDatabase } from "@/db/test-support/instance";
import { describeEachDatabase } from "@/db/test-support/databases";
import { callRoute, type ErrorJson } from "@/server/api/test-support/deps";
import { signedRun, type Edit } from "@/server/api/test-support/run-refusals";
import { openWorld, type World } from "@/server/api/test-support/world";
import { submissionDetailSchema } from "@/lib/schemas/submission-detail";

import { GET as getSubmission } from "../submissions/[id]/route";
import { POST } from "./route";

// A run failed as unverified_output, posted signed and read back: the verification fields are stored and
// served, and a run whose verification claims are not backed by its prompts is refused.

const detail = { position: 4, token: " zz", baselineTop5: [{ token: " the", logprob: -0.5 }] };
const unverified: Edit = (r) => {
  r.verification = "full";
  if (r.outcome === "failed") r.failure = { ...r.failure, reason: "unverified_output", stage: "correctness" };
  r.prompts.forEach((p, i) => {
    p.verifiedTokens = 256 - i;
    p.verification = i === 3 ? detail : null;
  });
};

describeEachDatabase("POST /api/v1/runs – verification fields", (driver) => {
  let w: World;
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    w = await openWorld(driver);
    restore = useTestDatabase(w.database);
  });
  afterAll(async () => {
    restore?.();
    await w?.database.close();
  });

  it("stores and serves the mode, the verified token counts and where the timed output failed", async () => {
    const response = await callRoute(POST, w.deps(), signedRun(w, { failed: true, edit: unverified }));
    expect(response.status).toBe(201);
    const id = String(w.submission.id);
    const read = await getSubmission(new Request(`http://explorer.test/api/v1/submissions/${id}`), {
      params: Promise.resolve({ id }),
    });
    const body = submissionDetailSchema.parse(await read.json());
    const run = body.runs[0];
    expect(run).toMatchObject({
      verification: "full",
      verifiedTokens: Array.from({ length: 10 }, (_, i) => 256 - i).reduce((a, b) => a + b, 0),
      firstUnverified: { promptIndex: 3, ...detail },
      firstDivergence: null,
      failure: { code: "unverified_output" },
    });
    expect(run?.prompts[3]).toMatchObject({ verifiedTokens: 253, verification: detail, passed: false });
    expect(run?.prompts[0]).toMatchObject({ verifiedTokens: 256, verification: null });
  });

  it("serves a run that did not say as first-divergence, with no verified counts", async () => {
    const response = await callRoute(POST, w.deps(), signedRun(w, { target: w.older }));
    expect(response.status).toBe(201);
    const id = String(w.older.id);
    const read = await getSubmission(new Request(`http://explorer.test/api/v1/submissions/${id}`), {
      params: Promise.resolve({ id }),
    });
    const run = submissionDetailSchema.parse(await read.json()).runs[0];
    expect(run).toMatchObject({
      verification: "first-divergence",
      verifiedTokens: null,
      firstUnverified: null,
    });
  });

  it.each<[string, Edit, string]>([
    [
      "unverified_output without any prompt's detail",
      (r) => {
        unverified(r);
        r.prompts.forEach((p) => (p.verification = null));
      },
      "$.prompts",
    ],
    [
      "a scored full run with a prompt lacking its verified count",
      (r) => {
        r.verification = "full";
        r.prompts.forEach((p, i) => (p.verifiedTokens = i === 0 ? undefined : 256));
      },
      "$.prompts[0].verifiedTokens",
    ],
  ])("refuses %s (422)", async (_name, edit, path) => {
    const failed = path === "$.prompts";
    const response = await callRoute(POST, w.deps(), signedRun(w, { failed, edit }));
    expect(response.status).toBe(422);
    const json = (await response.json()) as ErrorJson;
    expect(json.error.issues?.map((i) => i.path)).toContain(path);
  });
});
