// The writers: an open loop posting signed runs at a fixed rate (a new run every 1/rate s, whatever the
// answers' latency), spread over several validators. Bodies are built before the clock starts; each is
// signed just before it is sent, as a runner does: Epistula allows ±8 s of clock skew, so signatures made
// more than a few seconds ahead would be refused as stale by design.
import { randomUUID } from "node:crypto";
import type { KeyringPair } from "@polkadot/keyring/types";
import { buildRun } from "@/lib/protocol/test-support/run-fixture";
import { signEpistula } from "@/lib/protocol/epistula";
import { describeError, Tally } from "./stats";
import type { LoadTarget } from "./seed";

export interface PreparedWrite {
  readonly runId: string;
  readonly signer: KeyringPair;
  readonly body: Uint8Array;
}

/** `count` distinct runs, round-robin over validators and submissions. */
export function prepareWrites(
  count: number,
  validators: readonly KeyringPair[],
  targets: readonly LoadTarget[],
): PreparedWrite[] {
  return Array.from({ length: count }, (_, i) => {
    const signer = validators[i % validators.length] as KeyringPair;
    const target = targets[i % targets.length] as LoadTarget;
    const run = buildRun({
      runId: randomUUID(),
      validatorHotkey: signer.address,
      submission: target,
      seed: { block: target.commitBlock + 1, blockHash: `0x${"ab".repeat(32)}` },
      ttftRatio: 0.8 + (i % 10) / 100,
      failed: i % 7 === 6,
    });
    return { runId: run.runId, signer, body: new TextEncoder().encode(JSON.stringify(run)) };
  });
}

export interface WritersOptions {
  readonly baseUrl: string;
  readonly signedFor: string;
  readonly perSecond: number;
  readonly timeoutMs: number;
}

export interface WriteResults {
  readonly tally: Tally;
  /** runIds the API answered 201 (stored) for. */
  readonly stored: string[];
  /** runIds that got no answer (timeout, reset): the server may have stored them after the client gave up. */
  readonly unanswered: string[];
}

/** Posts `writes` in order at the rate until they run out or `signal` aborts; waits for every answer. */
export async function runWriters(
  o: WritersOptions,
  writes: readonly PreparedWrite[],
  signal: AbortSignal,
): Promise<WriteResults> {
  const tally = new Tally();
  const stored: string[] = [];
  const unanswered: string[] = [];
  const inFlight: Promise<void>[] = [];
  const post = async (w: PreparedWrite) => {
    const headers: Record<string, string> = {
      ...signEpistula(w.signer, w.body, Date.now(), o.signedFor, randomUUID()),
      "content-type": "application/json",
    };
    const started = performance.now();
    try {
      const res = await fetch(`${o.baseUrl}/api/v1/runs`, {
        method: "POST",
        headers,
        body: new Uint8Array(w.body),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      if (res.status === 201) {
        tally.ok(ms);
        stored.push(w.runId);
      } else tally.error(ms, `POST /api/v1/runs: HTTP ${res.status} ${text.slice(0, 200)}`);
    } catch (error) {
      unanswered.push(w.runId);
      tally.error(performance.now() - started, `POST /api/v1/runs: ${describeError(error)}`);
    }
  };
  const start = performance.now();
  for (const [i, w] of writes.entries()) {
    if (signal.aborted) break;
    const due = start + (i * 1000) / o.perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (signal.aborted) break;
    inFlight.push(post(w));
  }
  await Promise.all(inFlight);
  return { tally, stored, unanswered };
}
