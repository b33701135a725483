import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { fakeDigest, fakeHotkey } from "../db/test-support/seed";
import { buildRun } from "../lib/protocol/test-support/run-fixture";
import { summarizeRun } from "../lib/protocol/scoring";
import { keys, signRequest } from "../server/api/test-support/signing";

/** The second explorer, on an empty database (playwright.config.ts: EMPTY_PORT). */
export const EMPTY_URL = `http://127.0.0.1:${process.env.E2E_EMPTY_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 1}`;

/** The seeded miners' hotkeys, as e2e/seed.ts names them. */
export const minerHotkey = (uid: number): string => fakeHotkey(`miner-${uid}`);

/**
 * Posts a finished run for a seeded submission through the signed API, as //Validator1 (permitted in the
 * seed), the way a validator's runner does: the explorer stores it, notifies, and the standings worker reacts.
 */
type SeededSubmission = { uid: number; commitBlock: number; image: string };

/** Signs `body` as //Validator1, the way a runner signs it, posts it to `path`, and answers the HTTP status. */
async function postSigned(request: APIRequestContext, path: string, body: string): Promise<number> {
  await cryptoWaitReady();
  const spec = signRequest({ path, body, pair: keys.validator1(), nowMs: Date.now(), signedFor: "" });
  const response = await request.post(path, {
    headers: spec.headers,
    data: Buffer.from(spec.body ?? new Uint8Array()),
  });
  return response.status();
}

/** A run by //Validator1 for a seeded submission, on the seed the explorer gives it. */
function seededRun(
  runId: string,
  submission: SeededSubmission,
  options: { ttftRatio: number } | { failed: true },
) {
  const hotkey = minerHotkey(submission.uid);
  return buildRun({
    runId,
    validatorHotkey: keys.validator1().address,
    submission: {
      hotkey,
      image: submission.image,
      digest: fakeDigest(hotkey),
      commitBlock: submission.commitBlock,
    },
    seed: { block: submission.commitBlock + 1, blockHash: `0x${"cd".repeat(32)}` },
    ...options,
  });
}

/**
 * Posts a finished run for a seeded submission through the signed API, as //Validator1 (permitted in the
 * seed), the way a validator's runner does: the explorer stores it, notifies, and the standings worker reacts.
 */
export async function postRun(request: APIRequestContext, submission: SeededSubmission): Promise<number> {
  await cryptoWaitReady();
  const run = seededRun(randomUUID(), submission, { ttftRatio: 0.9 });
  return postSigned(request, "/api/v1/runs", JSON.stringify(run));
}

/** Posts a progress event for a run as //Validator1, signed as a runner signs it. */
export async function postProgress(
  request: APIRequestContext,
  runId: string,
  event: { phase: string; detail?: string; promptIndex?: number; promptCount?: number },
): Promise<number> {
  const body = JSON.stringify({ detail: "", at: new Date().toISOString(), ...event });
  return postSigned(request, `/api/v1/runs/${runId}/progress`, body);
}

/**
 * Posts a runner_error run under `runId` for a seeded submission as //Validator1: the run ends the evaluation
 * in flight without counting for or against the miner, so no other spec's standings move.
 */
export async function postRunnerError(
  request: APIRequestContext,
  runId: string,
  submission: SeededSubmission,
): Promise<number> {
  await cryptoWaitReady();
  const run = seededRun(runId, submission, { failed: true });
  if (run.outcome !== "failed") throw new Error("buildRun({ failed: true }) built a scored run");
  run.failure.reason = "runner_error";
  run.prompts = [];
  run.summary = summarizeRun([], run.baseline, false, { runFailed: true });
  return postSigned(request, "/api/v1/runs", JSON.stringify(run));
}

/** Seeded filler submissions (e2e/seed.ts stage 4): commit block and image by UID. */
export function seededSubmission(uid: number): SeededSubmission {
  return {
    uid,
    commitBlock: 30_100 + uid * 100,
    image: uid % 5 === 0 ? `ghcr.io/team${uid}/vllm-tuned:r${uid}` : `docker.io/miner${uid}/fast-qwen:v1`,
  };
}
