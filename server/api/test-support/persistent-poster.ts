import type { KeyringPair } from "@polkadot/keyring/types";
import { POST } from "@/app/api/v1/runs/route";
import type { SignedRouteDeps } from "@/server/api/signed-route";
import { callRoute } from "./deps";
import { signRequest } from "./signing";

// Test support: a run posted the way the runner's delivery does it (workers/runner/delivery.ts): the same
// bytes again after a 5xx, a 408/429 or no answer, each attempt signed anew (fresh uuid and timestamp) against
// the server's real clock, until the API answers 201 (stored) or 200 (already stored).

export interface PostOutcome {
  readonly status: 200 | 201;
  /** Attempts that failed on the way (a 5xx or a thrown error), the fault the caller injected. */
  readonly failedAttempts: number;
}

const transient = (status: number) => status >= 500 || status === 408 || status === 429;

export async function postRunUntilAccepted(
  deps: SignedRouteDeps,
  pair: KeyringPair,
  body: Uint8Array<ArrayBuffer>,
  options: { retryMs?: number; deadlineMs?: number } = {},
): Promise<PostOutcome> {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  let failedAttempts = 0;
  for (;;) {
    const request = signRequest({
      path: "/api/v1/runs",
      pair,
      nowMs: deps.now().getTime(),
      signedFor: deps.settings.signedFor,
      body,
    });
    let status: number;
    let text: string;
    try {
      const response = await callRoute(POST, deps, request);
      status = response.status;
      text = await response.text();
    } catch (error) {
      status = 0;
      text = (error as Error).message;
    }
    if (status === 200 || status === 201) return { status, failedAttempts };
    if (status !== 0 && !transient(status)) throw new Error(`POST /api/v1/runs refused: ${status} ${text}`);
    failedAttempts++;
    if (Date.now() > deadline)
      throw new Error(`POST /api/v1/runs still failing at the deadline: ${status} ${text}`);
    await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 50));
  }
}
