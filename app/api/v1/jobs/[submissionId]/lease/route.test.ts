import type { KeyringPair } from "@polkadot/keyring/types";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/db/test-support/databases";
import { callRoute, NOW_MS, SIGNED_FOR, type ErrorJson } from "@/server/api/test-support/deps";
import { signedRun } from "@/server/api/test-support/run-refusals";
import { signRequest } from "@/server/api/test-support/signing";
import { openWorld, type World } from "@/server/api/test-support/world";
import { leaseResponseSchema } from "@/lib/schemas/jobs";
import { POST as postRun } from "../../../runs/route";
import { POST } from "./route";

const MINUTE = 60_000;

describeEachDatabase("POST /api/v1/jobs/{submissionId}/lease", (driver) => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  const lease = (
    submissionId: string | number,
    options: { pair?: KeyringPair; atMs?: number; body?: string; contentType?: string | null } = {},
  ) => {
    const atMs = options.atMs ?? NOW_MS;
    const spec = signRequest({
      path: `/api/v1/jobs/${submissionId}/lease`,
      pair: options.pair ?? w.pairs.validator1,
      nowMs: atMs,
      signedFor: SIGNED_FOR,
      body: options.body,
      contentType: options.contentType,
    });
    return callRoute(POST, w.deps({ nowMs: atMs }), spec, { submissionId: String(submissionId) });
  };

  it("claims a job for 15 minutes, with an empty body or {}", async () => {
    const response = await lease(w.submission.id);
    expect(response.status).toBe(200);
    expect(leaseResponseSchema.parse(await response.json())).toEqual({
      submissionId: w.submission.id,
      leasedAt: new Date(NOW_MS).toISOString(),
      expiresAt: new Date(NOW_MS + 15 * MINUTE).toISOString(),
    });
    expect((await lease(w.older.id, { body: "{}" })).status).toBe(200);
  });

  it("renews a live lease without moving its claim time, and restarts an expired one", async () => {
    const renewed = leaseResponseSchema.parse(
      await (await lease(w.submission.id, { atMs: NOW_MS + 5 * MINUTE })).json(),
    );
    expect(renewed).toMatchObject({
      leasedAt: new Date(NOW_MS).toISOString(),
      expiresAt: new Date(NOW_MS + 20 * MINUTE).toISOString(),
    });
    const later = NOW_MS + 60 * MINUTE;
    const fresh = leaseResponseSchema.parse(await (await lease(w.submission.id, { atMs: later })).json());
    expect(fresh).toMatchObject({
      leasedAt: new Date(later).toISOString(),
      expiresAt: new Date(later + 15 * MINUTE).toISOString(),
    });
  });

  it("leases per validator: another validator's lease does not stop this one", async () => {
    expect((await lease(w.submission.id, { pair: w.pairs.validator2 })).status).toBe(200);
  });

  it("POST /api/v1/jobs/{submissionId}/lease – unknown submission", async () => {
    const response = await lease(987_654);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorJson).error.message).toMatch(/No submission 987654 on subnet 14/);
  });

  it("POST /api/v1/jobs/{submissionId}/lease – submission id not a number", async () => {
    const response = await lease("abc");
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error).toMatchObject({
      code: "invalid_query",
      message: expect.stringContaining("submissionId: must be a submission id"),
    });
  });

  it("POST /api/v1/jobs/{submissionId}/lease – unexpected body", async () => {
    const response = await lease(w.submission.id, { body: '{"minutes":60}' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error.code).toBe("invalid_body");
  });

  it("POST /api/v1/jobs/{submissionId}/lease – already evaluated by this validator", async () => {
    expect((await callRoute(postRun, w.deps(), signedRun(w, { target: w.older }))).status).toBe(201);
    const response = await lease(w.older.id);
    expect(response.status).toBe(409);
    expect(((await response.json()) as ErrorJson).error).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("already evaluated"),
    });
    expect((await lease(w.older.id, { pair: w.pairs.validator2 })).status).toBe(200);
  });
});
