import type { KeyringPair } from "@polkadot/keyring/types";
import { eq } from "drizzle-orm";
import { POST } from "@/app/api/v1/runs/route";
import { callRoute, SIGNED_FOR, testDeps } from "./deps";
import { signRequest } from "./signing";
import { ensureCryptoReady } from "@/lib/protocol/epistula";
import type { RunFailureReason } from "@/lib/protocol/failure-reasons";
import { postRunResponseSchema, type PostRunResponse } from "@/lib/schemas/runs";
import type { Database } from "@/db/client";
import { submissions } from "@/db/schema";
import { buildRunBody } from "@/db/test-support/seed-run";

// Test support: a run posted as a validator's runner posts it, through POST /api/v1/runs with a real
// Epistula v2 signature, so it is checked, recomputed and stored by the route itself (the twin of seedRun,
// which inserts rows directly).

/**
 * vLLM's medians in posted runs: 500 ms and 62.5 tokens/s. Both are multiples of 1/16, so a score with four
 * decimals that is a multiple of 0.0005 (0.2015, 0.201, 0.05…) gives exact medians (0.2015: 399.25 ms and
 * 75.09375 tokens/s) and the route's recomputation gives back exactly that score.
 */
export const POSTED_BASELINE = { medianTtftMs: 500, medianThroughputTps: 62.5 } as const;

export interface PostRun {
  readonly submissionId: number;
  /** The validator's sr25519 hotkey: it signs the request and is the run's validator. */
  readonly pair: KeyringPair;
  /** The server's clock and the Epistula timestamp: the run arrives then (and finished a minute before). */
  readonly at: Date;
  /**
   * A scored run's score, default 0.1: its TTFT is that fraction faster than the baseline's and its
   * throughput that fraction higher, so 0.5 × s + 0.5 × s = s. It must come back exactly from the route.
   */
  readonly score?: number;
  readonly outcome?: "scored" | "failed";
  readonly failureReason?: RunFailureReason;
  readonly runId?: string;
  readonly runnerVersion?: string;
}

/** Posts the run signed by `pair` at `at`; answers the route's 201 body, and throws on any other answer. */
export async function postRun(database: Database, r: PostRun): Promise<PostRunResponse> {
  await ensureCryptoReady();
  const [sub] = await database.db.select().from(submissions).where(eq(submissions.id, r.submissionId));
  if (!sub) throw new Error(`postRun: no submission ${r.submissionId}`);
  const outcome = r.outcome ?? "scored";
  const score = outcome === "failed" ? 0 : (r.score ?? 0.1);
  const { medianTtftMs, medianThroughputTps } = POSTED_BASELINE;
  const body = buildRunBody({
    submission: { hotkey: sub.hotkey, image: sub.image, digest: sub.digest, commitBlock: sub.commitBlock },
    validatorHotkey: r.pair.address,
    runId: r.runId,
    outcome,
    failureReason: r.failureReason,
    baseline: POSTED_BASELINE,
    medianTtftMs: medianTtftMs - medianTtftMs * score,
    medianThroughputTps: medianThroughputTps + medianThroughputTps * score,
    finishedAt: new Date(r.at.getTime() - 60_000),
    runnerVersion: r.runnerVersion,
  });
  if (body.summary.score !== score) {
    throw new Error(
      `postRun: a score of ${score} is not measured exactly against ${JSON.stringify(POSTED_BASELINE)} ` +
        `(it recomputes as ${body.summary.score}); use a multiple of 0.0005`,
    );
  }
  const request = signRequest({
    path: "/api/v1/runs",
    pair: r.pair,
    nowMs: r.at.getTime(),
    signedFor: SIGNED_FOR,
    body: JSON.stringify(body),
  });
  const response = await callRoute(POST, testDeps(database, { nowMs: r.at.getTime() }), request);
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(`postRun: POST /api/v1/runs answered ${response.status}, not 201: ${text}`);
  }
  return postRunResponseSchema.parse(JSON.parse(text));
}
