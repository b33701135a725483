import type { KeyringPair } from "@polkadot/keyring/types";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { NOW_MS, SIGNED_FOR } from "./deps";
import { buildRun } from "./run-fixture";
import { encode, signRequest, type SignOptions, type SignedRequestSpec } from "./signing";
import { runTarget, type SeededSubmission, type World } from "./world";

// Test support: every documented refusal of POST /api/v1/runs, as a table the route's spec runs on both
// drivers, and the helpers that build a signed run for the seeded world.

export type Edit = (run: RunV1) => void;

export interface RunBodyOptions {
  /** The run's validator; validator1 by default. */
  readonly signer?: KeyringPair;
  /** The submission evaluated; the miner's (`w.submission`) by default. */
  readonly target?: SeededSubmission;
  /** A failed run (the fixture's speed_pass_mismatch on prompt 3) instead of a scored one. */
  readonly failed?: boolean;
  /** Changes made to the run after it is built. */
  readonly edit?: Edit;
}

export function runBody(w: World, options: RunBodyOptions = {}): RunV1 {
  const target = options.target ?? w.submission;
  const run = buildRun({
    validatorHotkey: (options.signer ?? w.pairs.validator1).address,
    submission: runTarget(target),
    seed: target.seed,
    failed: options.failed,
  });
  options.edit?.(run);
  return run;
}

/**
 * A post to /api/v1/runs for the seeded world, signed by its validator (validator1 by default) and ready to
 * send: its body is the given bytes, or else a run built with the run options.
 */
export function signedRun(
  w: World,
  options: Partial<SignOptions> & Omit<RunBodyOptions, "signer"> = {},
): SignedRequestSpec {
  const { target, failed, edit, ...sign } = options;
  const pair = sign.pair ?? w.pairs.validator1;
  return signRequest({
    path: "/api/v1/runs",
    pair,
    nowMs: NOW_MS,
    signedFor: SIGNED_FOR,
    ...sign,
    body: sign.body ?? JSON.stringify(runBody(w, { signer: pair, target, failed, edit })),
  });
}

export interface Refusal {
  name: string;
  request: (w: World) => SignedRequestSpec;
  /** Send the same request first and expect it stored (for replays and the rate limit). */
  sendTwice?: boolean;
  rateLimit?: { ratePerSecond: number; burst: number };
  status: number;
  code: string;
  message: RegExp;
  retryAfter?: string;
}

const MiB = 1024 * 1024;

export const RUN_REFUSALS: Refusal[] = [
  {
    name: "missing headers",
    request: (w) => signedRun(w, { headers: { "epistula-uuid": null, "epistula-request-signature": null } }),
    status: 401,
    code: "missing_headers",
    message: /Missing Epistula headers: epistula-uuid, epistula-request-signature/,
  },
  {
    name: "stale timestamp",
    request: (w) => signedRun(w, { nowMs: NOW_MS - 8_001 }),
    status: 401,
    code: "stale_timestamp",
    message: /8001 ms from the server clock.*NTP/,
  },
  {
    name: "future timestamp",
    request: (w) => signedRun(w, { nowMs: NOW_MS + 8_001 }),
    status: 401,
    code: "stale_timestamp",
    message: /-8001 ms from the server clock/,
  },
  {
    name: "bad signature",
    request: (w) => signedRun(w, { signBody: encode("{}") }),
    status: 401,
    code: "bad_signature",
    message: /The signature does not verify\. Sign sha256hex\(body\)/,
  },
  {
    name: "wrong SS58 prefix",
    request: (w) => signedRun(w, { ss58Prefix: 0 }),
    status: 401,
    code: "bad_signature",
    message: /SS58 address with prefix 42/,
  },
  {
    name: "ed25519 key",
    request: (w) => signedRun(w, { pair: w.pairs.ed25519 }),
    status: 401,
    code: "bad_signature",
    message: /Signed with ed25519; validators must sign with their sr25519 hotkey/,
  },
  {
    name: "wrong Signed-For",
    request: (w) => signedRun(w, { signedFor: "another-explorer" }),
    status: 401,
    code: "bad_signature",
    message: /Signed-For does not name this explorer.*"cacheon-explorer-test"/,
  },
  {
    name: "replayed uuid",
    request: (w) => signedRun(w),
    sendTwice: true,
    status: 409,
    code: "replayed",
    message: /was already used by 5\w+; sign every request, retries included, with a new UUID v4/,
  },
  {
    name: "unregistered hotkey",
    request: (w) => signedRun(w, { pair: w.pairs.stranger }),
    status: 403,
    code: "not_a_validator",
    message: /is not registered on subnet 14 \(metagraph at block 1000\)/,
  },
  {
    name: "no validator permit",
    request: (w) => signedRun(w, { pair: w.pairs.noPermit }),
    status: 403,
    code: "not_a_validator",
    message: /\(UID 2\) has no validator permit on subnet 14/,
  },
  {
    name: "body too large",
    request: (w) => signedRun(w, { body: `{"pad":"${"x".repeat(2 * MiB)}"}` }),
    status: 413,
    code: "body_too_large",
    message: /larger than 2097152 bytes/,
  },
  {
    name: "body declared too large",
    request: (w) => signedRun(w, { headers: { "content-length": String(2 * MiB + 1) } }),
    status: 413,
    code: "body_too_large",
    message: /larger than 2097152 bytes/,
  },
  {
    name: "wrong content type",
    request: (w) => signedRun(w, { contentType: "text/plain" }),
    status: 415,
    code: "unsupported_media_type",
    message: /Content-Type: application\/json.*got Content-Type "text\/plain"/,
  },
  {
    name: "no content type",
    request: (w) => signedRun(w, { contentType: null }),
    status: 415,
    code: "unsupported_media_type",
    message: /got no Content-Type/,
  },
  {
    name: "bad JSON",
    request: (w) => signedRun(w, { body: '{"schema": "cacheon.run.v1",' }),
    status: 400,
    code: "invalid_body",
    message: /not valid JSON/,
  },
  {
    name: "empty body",
    request: (w) => signedRun(w, { body: "" }),
    status: 400,
    code: "invalid_body",
    message: /The body is empty/,
  },
  {
    name: "zod failure",
    request: (w) => signedRun(w, { edit: (r) => void ((r.prompts[3] as { ttftMs: number }).ttftMs = -1) }),
    status: 400,
    code: "invalid_body",
    message: /\$\.prompts\[3\]\.ttftMs: /,
  },
  {
    name: "validator mismatch",
    request: (w) => signedRun(w, { edit: (r) => void (r.validator.hotkey = w.pairs.validator2.address) }),
    status: 400,
    code: "invalid_body",
    message: /\$\.validator\.hotkey: must equal Epistula-Signed-By/,
  },
  {
    name: "unknown submission",
    request: (w) => signedRun(w, { edit: (r) => void (r.submission.hotkey = w.pairs.validator2.address) }),
    status: 404,
    code: "not_found",
    message: /No submission from 5\w+ on subnet 14/,
  },
  {
    name: "submission mismatch",
    request: (w) => signedRun(w, { edit: (r) => void (r.submission.commitBlock = 901) }),
    status: 409,
    code: "conflict",
    message: /committed at block 901, but .* submission is sha256:2+ committed at block 900/,
  },
  {
    name: "doctored score",
    request: (w) => signedRun(w, { edit: (r) => void (r.summary.score += 0.01) }),
    status: 422,
    code: "inconsistent_score",
    message: /\$\.summary\.score \(claimed 0\.\d+, recomputed 0\.\d+\)/,
  },
  {
    name: "rate limit",
    request: (w) => signedRun(w),
    rateLimit: { ratePerSecond: 0.5, burst: 1 },
    status: 429,
    code: "rate_limited",
    message: /Too many requests from 5\w+; retry after 2 s/,
    retryAfter: "2",
  },
];
