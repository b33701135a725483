import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeRows } from "@/db/client";
import { subscribeChanges, type Change } from "@/db/notify";
import { epistulaNonces, runPrompts, runs, validators } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { runBody } from "@/server/api/test-support/run-refusals";
import { openWorld, type World } from "@/server/api/test-support/world";
import { checkRunSummary } from "@/lib/protocol/run-checks";
import { sha256Hex } from "@/lib/protocol/epistula";
import { paramsAt } from "@/lib/protocol/params";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { storeRuns, type NewRun } from "./runs";
import { admitSignedRequests } from "./signed-requests";

// The signed-write statements on batches as the batcher hands them over: copies within one batch, and every
// kind of answer side by side.

describeEachDatabase("admitSignedRequests", (driver) => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  it("answers each request of a batch: permitted, replayed (a copy in the same batch), unregistered, permit-less", async () => {
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const answers = await admitSignedRequests(w.database.db, 14, [
      { hotkey: w.pairs.validator1.address, uuid: a, now: at(1) },
      { hotkey: w.pairs.validator1.address, uuid: a.toUpperCase(), now: at(2) },
      { hotkey: w.pairs.validator2.address, uuid: b, now: at(3) },
      { hotkey: w.pairs.stranger.address, uuid: c, now: at(4) },
      { hotkey: w.pairs.noPermit.address, uuid: d, now: at(5) },
      { hotkey: w.pairs.validator1.address, uuid: b, now: at(6) },
    ]);
    expect(answers.map((x) => [x.permit.kind, x.fresh])).toEqual([
      ["permitted", true],
      ["permitted", false],
      ["permitted", true],
      ["not_registered", false],
      ["no_permit", false],
      ["permitted", true],
    ]);
    expect(answers[0]?.permit).toMatchObject({ uid: 0, snapshotBlock: 1000 });
    const nonces = await w.database.db.select().from(epistulaNonces);
    expect(nonces.map((n) => `${n.hotkey === w.pairs.validator1.address ? 1 : 2}:${n.uuid}`).sort()).toEqual(
      [`1:${a}`, `1:${b}`, `2:${b}`].sort(),
    );
    const [v1] = await w.database.db
      .select()
      .from(validators)
      .where(eq(validators.hotkey, w.pairs.validator1.address));
    expect(v1?.lastSeenAt).toEqual(at(6));

    const again = await admitSignedRequests(w.database.db, 14, [
      { hotkey: w.pairs.validator1.address, uuid: a, now: at(7) },
    ]);
    expect(again.map((x) => x.fresh)).toEqual([false]);
  });

  it("says there is no metagraph for a subnet without one", async () => {
    const [answer] = await admitSignedRequests(w.database.db, 99, [
      { hotkey: w.pairs.validator1.address, uuid: randomUUID(), now: new Date() },
    ]);
    expect(answer).toEqual({ permit: { kind: "no_metagraph" }, fresh: false });
  });
});

describeEachDatabase("storeRuns", (driver) => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  const newRun = (run: RunV1): NewRun => {
    const envelope = new TextEncoder().encode(JSON.stringify(run));
    return {
      run,
      summary: checkRunSummary(run, paramsAt(run.seed.block)).summary,
      envelope,
      envelopeSha256: sha256Hex(envelope),
      epistulaUuid: randomUUID(),
      receivedAt: new Date("2026-01-01T02:00:00Z"),
    };
  };

  it("stores a batch: each run once with its prompts, its counters and one notification; says which were taken or have no submission", async () => {
    const changes: Change[] = [];
    const unlisten = await subscribeChanges(w.database, (c) => changes.push(c));
    const x = newRun(runBody(w));
    const y = newRun(runBody(w, { edit: (r) => (r.submission.commitBlock = 901) }));
    const z = newRun(runBody(w, { signer: w.pairs.validator2 }));
    const answers = await storeRuns(w.database.db, 14, [x, x, y, z]);
    expect(answers).toEqual([
      { kind: "stored", submissionId: w.submission.id },
      { kind: "taken" },
      { kind: "no_submission" },
      { kind: "stored", submissionId: w.submission.id },
    ]);
    const stored = await w.database.db.select().from(runs);
    expect(stored.map((r) => r.runId).sort()).toEqual([x.run.runId, z.run.runId].sort());
    const [row] = stored.filter((r) => r.runId === x.run.runId);
    expect(Buffer.from(row?.envelope ?? []).equals(Buffer.from(x.envelope))).toBe(true);
    expect(row?.correctnessPassed).toBe(x.summary.correctnessPassed);
    const [{ prompts } = { prompts: 0 }] = await executeRows<{ prompts: number }>(
      w.database.db,
      sql`select count(*)::int as prompts from ${runPrompts}`,
    );
    expect(prompts).toBe(x.run.prompts.length + z.run.prompts.length);
    const counters = await w.database.db.select().from(validators);
    expect(counters.map((v) => v.runsPosted).sort()).toEqual([1, 1]);
    await expect.poll(() => changes.filter((c) => c.type === "run").length).toBe(2);
    expect(changes).toContainEqual({ type: "run", runId: x.run.runId, submissionId: w.submission.id });
    await unlisten();
  });
});
