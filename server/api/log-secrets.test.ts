import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as postProgress } from "@/app/api/v1/runs/[runId]/progress/route";
import { POST as postRun } from "@/app/api/v1/runs/route";
import { describeEachDatabase } from "@/db/test-support/databases";
import { createLogger, type LogRecord } from "@/lib/log";
import type { SignedRouteDeps } from "./signed-route";
import { callRoute, NOW_MS } from "./test-support/deps";
import { signedRun } from "./test-support/run-refusals";
import { encode, type SignedRequestSpec } from "./test-support/signing";
import { openWorld, type World } from "./test-support/world";

// Issue #9: whatever a request does (stored, refused at any check, or failing on our side), the logs never
// carry its Epistula signature, a key's secret (seed, mnemonic) or the database password.

const DATABASE_URL = "postgres://cacheon:hunter2-secret@db.internal:5432/cacheon";
// The keys the test world signs with are derived from these dev secrets; the phrase is Substrate's dev one.
const SECRETS = [
  "hunter2-secret",
  "//Validator1",
  "//Validator2",
  "//Miner1",
  "//Stranger",
  "bottom drive obey lake",
];

describeEachDatabase("signed routes – logs keep no secrets", (driver) => {
  let w: World;
  const records: LogRecord[] = [];
  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  const deps = (overrides: Partial<SignedRouteDeps> = {}): SignedRouteDeps => ({
    ...w.deps(),
    log: createLogger({ component: "api" }, "debug", (r) => records.push(r)),
    ...overrides,
  });

  it("logs every request with its request id but never a signature, a seed or a password", async () => {
    const signatures: string[] = [];
    const send = async (spec: SignedRequestSpec, d = deps()) => {
      signatures.push(spec.headers["epistula-request-signature"] ?? "");
      return (
        await callRoute(postRun, d, {
          ...spec,
          headers: { ...spec.headers, "x-request-id": `t-${signatures.length}` },
        })
      ).status;
    };
    const statuses = [
      await send(signedRun(w)),
      await send(signedRun(w, { signBody: encode("{}") })),
      await send(signedRun(w, { nowMs: NOW_MS - 60_000 })),
      await send(signedRun(w, { pair: w.pairs.stranger })),
      await send(signedRun(w, { pair: w.pairs.ed25519 })),
      await send(signedRun(w, { signedFor: "another-explorer" })),
      await send(signedRun(w, { body: '{"runner": "//Validator1 bottom drive obey lake"' })),
      await send(signedRun(w, { edit: (r) => void (r.summary.score += 1) })),
      // The signature in a header a refusal quotes.
      await send(signedRun(w, { contentType: `text/${"a".repeat(10)}` })),
    ];
    const replayed = signedRun(w);
    statuses.push(await send(replayed), await send(replayed));
    // Our own failure, with a driver error that quotes the connection string and the query's parameters.
    let calls = 0;
    const failing = deps({
      db: () => {
        calls++;
        if (calls === 1) return Promise.resolve(w.database.db);
        const sig = replayed.headers["epistula-request-signature"];
        return Promise.reject(
          new Error(`connection to ${DATABASE_URL} lost (last statement signed ${sig})\nparams: ${sig}`),
        );
      },
    });
    statuses.push(await send(signedRun(w), failing));
    const progress = signedRun(w, {
      path: "/api/v1/runs/8e7a35f4-6f8e-4d5e-9c3a-2f1b0c9d8e7f/progress",
      body: "{}",
    });
    signatures.push(progress.headers["epistula-request-signature"] ?? "");
    await callRoute(postProgress, deps(), progress, { runId: "8e7a35f4-6f8e-4d5e-9c3a-2f1b0c9d8e7f" });

    expect(statuses).toEqual([201, 401, 401, 403, 401, 401, 400, 422, 415, 201, 409, 500]);
    const text = records.map((r) => JSON.stringify(r)).join("\n");
    for (const sig of signatures) expect(text).not.toContain(sig.slice(2));
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/[0-9a-f]{128}/i);
    // Structured: one record per request, each with its request id.
    for (let i = 1; i <= statuses.length; i++) {
      expect(
        records.some((r) => r.requestId === `t-${i}`),
        `request t-${i}`,
      ).toBe(true);
    }
    expect(records.find((r) => r.requestId === "t-12")).toMatchObject({
      level: "error",
      msg: "unhandled error",
    });
  });
});
