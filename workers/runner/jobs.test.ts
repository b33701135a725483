import { describe, expect, it } from "vitest";

import { jobsResponseSchema, leaseResponseSchema } from "./jobs";

const seed = { block: 5, blockHash: `0x${"AB".repeat(32)}` };
const submission = { hotkey: "5Abc", image: "alice/x:1", digest: `sha256:${"a".repeat(64)}`, commitBlock: 3 };

describe("jobsResponseSchema", () => {
  it("reads the API's shape (lib/schemas/jobs.ts): flat submissions with a seed each", () => {
    const body = {
      jobs: [{ submissionId: 12, uid: 4, pullRef: "alice/x@sha256:…", lease: null, seed, ...submission }],
      serverTime: "2026-05-01T00:00:00.000Z",
    };
    expect(jobsResponseSchema.parse(body)).toEqual([
      { submissionId: "12", submission, seed: { block: 5, blockHash: `0x${"ab".repeat(32)}` } },
    ]);
  });

  it("also reads a nested submission and a round seed", () => {
    expect(jobsResponseSchema.parse({ seed, jobs: [{ id: "s1", submission }] })).toMatchObject([
      { submissionId: "s1", submission },
    ]);
  });

  it("refuses a job without a seed", () => {
    expect(jobsResponseSchema.safeParse({ jobs: [{ submissionId: 1, ...submission }] }).success).toBe(false);
  });
});

describe("leaseResponseSchema", () => {
  it("reads the expiry when there is one", () => {
    expect(
      leaseResponseSchema.parse({ submissionId: 1, expiresAt: "2026-05-01T00:15:00.000Z" }).expiresAt,
    ).toEqual(new Date("2026-05-01T00:15:00.000Z"));
    expect(leaseResponseSchema.parse({}).expiresAt).toBeNull();
  });
});
