import type { KeyringPair } from "@polkadot/keyring/types";
import { SHIPPED_CORPUS_SHA256 } from "@/lib/protocol/corpus";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { NOW_MS, SIGNED_FOR } from "./deps";
import { buildRun } from "@/lib/protocol/test-support/run-fixture";
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
    name: "the shipped demo corpus on a public network",
    request: (w) => signedRun(w, { edit: (r) => void (r.seed.corpusSha256 = SHIPPED_CORPUS_SHA256) }),
    status: 400,
    code: "invalid_body",
    message: /\$\.seed\.corpusSha256: the run was made with the shipped demo corpus; only a demo network/,
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
  // protocol.md "Scoring": every claim a run's own figures determine, one refusal each.
  ...verdictRefusals(),
  {
    name: "failed run claiming a score",
    request: (w) => signedRun(w, { failed: true, edit: (r) => void (r.summary.score = 0.05) }),
    status: 422,
    code: "inconsistent_score",
    message: /\$\.summary\.score \(claimed 0\.05, recomputed 0\)/,
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

type Prompt = RunV1["prompts"][number];
type Divergence = NonNullable<Prompt["divergence"]>;

const promptAt = (r: RunV1, i: number): Prompt => {
  const p = r.prompts[i];
  if (p === undefined) throw new Error(`the run fixture has no prompt ${i}`);
  return p;
};
const divergenceAt = (r: RunV1, i: number): Divergence => {
  const d = promptAt(r, i).divergence;
  if (d === null) throw new Error(`the run fixture's prompt ${i} has no divergence`);
  return d;
};

/** 422 inconsistent_verdict, one per rule; the fixture's prompt 6 has no divergence, prompt 3 fails a failed run. */
function verdictRefusals(): Refusal[] {
  const verdict = (name: string, edit: Edit, message: RegExp, failed = false): Refusal => ({
    name,
    request: (w) => signedRun(w, { failed, edit }),
    status: 422,
    code: "inconsistent_verdict",
    message,
  });
  return [
    verdict(
      "passed prompt the gate fails",
      (r) => {
        // A 0.8 gap between the submission's top-1 and its logprob of the baseline's token.
        const d = divergenceAt(r, 0);
        d.minerTop5 = [
          { token: " a", logprob: -0.6 },
          { token: " the", logprob: -1.4 },
        ];
        d.baselineTokenLogprob = -1.4;
      },
      /\$\.prompts\[0\]\.passed \(claimed true, but the gate fails its divergence \(logprob_gap\)\)/,
    ),
    verdict(
      "no divergence, unmatched tokens",
      (r) => void (promptAt(r, 6).matchedTokens = 255),
      /\$\.prompts\[6\]\.matchedTokens \(no divergence is recorded, so all 256 compared tokens matched/,
    ),
    verdict(
      "prompt failed that the gate accepts",
      (r) => {
        if (r.outcome === "failed") r.failure.reason = "prompt_timeout";
      },
      /\$\.prompts\[3\]\.passed \(claimed false, but the gate accepts its divergence/,
      true,
    ),
    verdict(
      "correctness_failed, gate passes all",
      (r) => {
        if (r.outcome === "failed") r.failure.reason = "correctness_failed";
      },
      /\$\.failure\.reason \(correctness_failed, but no prompt's divergence fails the gate\)/,
      true,
    ),
    verdict(
      "correctnessPassed true, prompt failed",
      (r) => void (r.summary.correctnessPassed = true),
      /\$\.summary\.correctnessPassed \(claimed true, but prompts 3 did not pass\)/,
      true,
    ),
    verdict(
      "correctnessPassed false, all passed",
      (r) => {
        promptAt(r, 3).passed = true;
        if (r.outcome === "failed") r.failure.reason = "runner_error";
      },
      /\$\.summary\.correctnessPassed \(claimed false, but all 10 scored prompts passed\)/,
      true,
    ),
    verdict(
      "doctored token match rate",
      (r) => void (r.summary.tokenMatchRate += 0.01),
      /\$\.summary\.tokenMatchRate \(claimed 0\.\d+, recomputed 0\.\d+\)/,
    ),
    verdict(
      "scored run missing a prompt",
      (r) => {
        r.prompts.pop();
        r.baseline.prompts.pop();
      },
      /\$\.prompts \(a scored run has 10 prompts; this one has 9\)/,
    ),
    verdict(
      "duplicate prompt index",
      (r) => void (promptAt(r, 1).index = 0),
      /\$\.prompts\[1\]\.index \(prompt index 0 appears twice\)/,
    ),
    verdict(
      "prompt index the baseline lacks",
      (r) => void (promptAt(r, 9).index = 42),
      /\$\.prompts\[9\]\.index \(the baseline has no prompt 42\)/,
    ),
    verdict(
      "divergence past the compared tokens",
      (r) => void (divergenceAt(r, 0).position = 256),
      /\$\.prompts\[0\]\.divergence\.position \(256 lies beyond the 256 compared tokens\)/,
    ),
    verdict(
      "matched tokens past the divergence",
      (r) => void (promptAt(r, 0).matchedTokens = 100),
      /\$\.prompts\[0\]\.matchedTokens \(a first divergence at 250 of 256 tokens allows 250 to 255 matches/,
    ),
    verdict(
      "divergence whose tokens are equal",
      (r) => void (divergenceAt(r, 0).minerToken = " the"),
      /\$\.prompts\[0\]\.divergence\.minerToken \(equals the baseline's token/,
    ),
    verdict(
      "baseline logprob not the top-5's",
      (r) => void (divergenceAt(r, 0).baselineTokenLogprob = -0.65),
      /\$\.prompts\[0\]\.divergence\.baselineTokenLogprob \(claimed -0\.65, but minerTop5 gives -0\.7\)/,
    ),
  ];
}
