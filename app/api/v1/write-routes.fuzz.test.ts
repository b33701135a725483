import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeRows } from "@/db/client";
import { epistulaNonces, jobLeases, runProgress, runPrompts, runs } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { ERROR_STATUS } from "@/lib/schemas/errors";
import { callRoute } from "@/server/api/test-support/deps";
import {
  materialize,
  newFuzzState,
  type FuzzRequest,
  type FuzzState,
} from "@/server/api/test-support/fuzz-oracle";
import { fuzzInput } from "@/server/api/test-support/fuzz-plans";
import { openWorld, type World } from "@/server/api/test-support/world";
import { createLogger, type LogRecord } from "@/lib/log";
import { progressEventSchema, runV1Schema } from "@/lib/protocol/run-schema";

// Issue #9, bad input: every write route (runs, progress, lease, jobs) fuzzed in process against the real
// handlers and a real database on both drivers, with valid runs interleaved. Every answer must be the
// documented one (status and error code, fuzz-oracle.ts), never a 5xx; afterwards the database must hold
// exactly the runs, progress events and leases that were accepted, once each, and no row the schema refuses.
//
// FUZZ_RUNS and FUZZ_SEED override the size and the seed (a failure prints its counterexample and seed).
// FUZZ_SHRINK=1 lets fast-check shrink a failure (slow: each shrink step runs against the database).

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const DOCUMENTED_CODES = new Set(Object.keys(ERROR_STATUS).filter((c) => c !== "internal_error"));
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ErrorJson {
  error: { code: string; message: string; requestId?: string; issues?: unknown[] };
}

describeEachDatabase("write routes – fuzzed with bad input", (driver) => {
  let w: World;
  const state: FuzzState = newFuzzState();
  const errors: LogRecord[] = [];
  const kinds = new Map<string, number>();
  let tried = 0;

  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  const send = async (r: FuzzRequest): Promise<void> => {
    const deps = {
      ...w.deps(),
      log: createLogger({ component: "fuzz" }, "warn", (record) => errors.push(record)),
    };
    const response = await callRoute(r.handler, deps, r.spec, r.params);
    const text = await response.text();
    const where = `${r.kind} [${r.spec.method} ${r.spec.url}]: got ${response.status} ${text.slice(0, 300)}`;
    expect(response.status, where).toBeLessThan(500);
    expect({ status: response.status, code: codeOf(text) }, where).toEqual({
      status: r.expected.status,
      code: r.expected.code,
    });
    if (r.expected.code !== undefined) {
      expect(DOCUMENTED_CODES.has(r.expected.code), where).toBe(true);
      expect(ERROR_STATUS[r.expected.code]).toBe(response.status);
    }
    const sentId = r.spec.headers["x-request-id"];
    const gotId = response.headers.get("x-request-id") ?? "";
    const sane = sentId !== undefined && SANE_REQUEST_ID.test(new Headers({ h: sentId }).get("h") ?? "");
    if (sane) expect(gotId).toBe(new Headers({ h: sentId }).get("h"));
    else expect(gotId, where).toMatch(UUID);
    expect(response.headers.get("cache-control")).toBe("no-store");

    // Past the permit check, a request's (hotkey, uuid) is recorded, whatever the answer: replaying it must fail.
    if (
      response.status < 300 ||
      [
        "invalid_body",
        "invalid_query",
        "not_found",
        "conflict",
        "inconsistent_score",
        "inconsistent_verdict",
      ].includes(r.expected.code ?? "")
    ) {
      state.admitted.push(r);
    }
    if (response.status === 201 && r.stores?.run) state.runs.set(r.stores.run.runId, r.stores.run);
    if (response.status === 201 && r.stores?.progress) state.progress.push(r.stores.progress);
    if (response.status === 200 && r.kind === "lease") state.leases.add(Number(r.params.submissionId));
  };

  it("answers every input as documented, never with a 5xx", async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fuzzInput, async (input) => {
        tried++;
        const r = materialize(input, w, state);
        const kind = r.kind.split(":")[0] ?? r.kind;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        await send(r);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: process.env.FUZZ_SHRINK !== "1" },
    );
    expect(errors).toEqual([]);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `write-route fuzz [${driver}]: ${tried} inputs in ${seconds} s (seed ${SEED}); ` +
        `${state.runs.size} runs and ${state.progress.length} progress events accepted`,
    );
  }, 180_000);

  it("stores exactly the accepted runs, once each, byte for byte, and no row the schema refuses", async () => {
    const db = w.database.db;
    const stored = await db.select().from(runs);
    expect(stored.map((r) => r.runId).sort()).toEqual([...state.runs.keys()].sort());
    expect(state.runs.size).toBeGreaterThan(10);
    for (const row of stored) {
      const accepted = state.runs.get(row.runId);
      expect(Buffer.from(row.envelope).equals(Buffer.from(accepted?.bytes ?? []))).toBe(true);
      const envelope = runV1Schema.safeParse(JSON.parse(new TextDecoder().decode(row.envelope)));
      expect(envelope.success).toBe(true);
      expect(row.validatorHotkey).toBe(w.pairs.validator1.address);
      expect(Number.isFinite(row.score) && row.score >= 0).toBe(true);
    }
    const [prompts] = await executeRows<{ n: number }>(db, sql`select count(*)::int as n from ${runPrompts}`);
    expect(prompts?.n).toBe([...state.runs.values()].reduce((n, r) => n + r.prompts, 0));

    const events = await db.select().from(runProgress);
    expect(events).toHaveLength(state.progress.length);
    for (const e of events) {
      expect(
        progressEventSchema.safeParse({ phase: e.phase, detail: e.detail, at: e.at.toISOString() }).success,
      ).toBe(true);
      expect(e.validatorHotkey).toBe(w.pairs.validator1.address);
    }
    const sentDetails = state.progress.map((p) => `${p.runId} ${p.phase} ${p.detail}`).sort();
    expect(events.map((e) => `${e.runId} ${e.phase} ${e.detail}`).sort()).toEqual(sentDetails);

    // One nonce per request that got past the permit check; nothing refused earlier wrote anything.
    const [nonces] = await executeRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${epistulaNonces}`,
    );
    expect(nonces?.n).toBe(state.admitted.length);

    const leases = await db.select().from(jobLeases);
    expect(leases.map((l) => l.submissionId).sort()).toEqual([...state.leases].sort());
    expect(new Set(leases.map((l) => l.validatorHotkey))).toEqual(
      new Set(leases.length > 0 ? [w.pairs.validator2.address] : []),
    );
    console.log(`write-route fuzz [${driver}]: input kinds ${JSON.stringify(Object.fromEntries(kinds))}`);
  });
});

function codeOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as Partial<ErrorJson>;
    return body.error?.code;
  } catch {
    return undefined;
  }
}
