import { formatCount } from "@/lib/format";
import type { RunView, VerificationFailureView } from "@/lib/schemas/submission-detail";

import { CheckList, MAX_LOGPROB_GAP, QuotedToken, TopTokensTable } from "./top-tokens";

/** How the run verified the timed output, in a few words, for the run's figures. */
export function verificationLabel(run: Pick<RunView, "verification" | "verifiedTokens">): {
  value: string;
  hint: string;
} {
  if (run.verification === "first-divergence")
    return { value: "first divergence", hint: "timed text compared with the checked text (V1)" };
  return {
    value: "full",
    hint:
      run.verifiedTokens === null
        ? "every timed token checked under the baseline"
        : `${formatCount(run.verifiedTokens)} timed tokens checked under the baseline`,
  };
}

/** Each prompt's verified token count: the numerator of its throughput. */
export function VerifiedTokenCounts({ run }: { run: RunView }) {
  const counted = run.prompts.filter((p) => p.verifiedTokens !== null);
  if (counted.length === 0) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600 dark:text-slate-300">
        Verified tokens per prompt (the throughput&apos;s numerator)
      </summary>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 font-mono text-xs tabular-nums">
        {counted.map((p) => (
          <li key={p.index}>
            prompt {p.index}: {formatCount(p.verifiedTokens ?? 0)}
            {p.verification ? <span className="ml-1 text-red-700 dark:text-red-300">(failed)</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * Where the timed output left the pinned baseline model: the token the submission served there and the
 * baseline's top-5 at that position, with the check that refused it, in the divergence detail's layout.
 */
export function VerificationDetail({ v, promptIndex }: { v: VerificationFailureView; promptIndex: number }) {
  const top1 = v.baselineTop5[0];
  const own = v.baselineTop5.find((t) => t.token === v.token);
  const gap = top1 && own ? top1.logprob - own.logprob : null;
  const checks: [string, boolean][] = [
    ["The served token is in the baseline's top-5", own !== undefined],
    [
      `Baseline's top-1 logprob − the served token's ≤ ${MAX_LOGPROB_GAP} (${gap === null ? "—" : gap.toFixed(3)})`,
      gap !== null && gap <= MAX_LOGPROB_GAP,
    ],
  ];
  return (
    <div className="space-y-3" data-testid="verification">
      <p className="text-sm">
        Prompt {promptIndex}, token position {v.position} of the output served while timed: the submission
        served <QuotedToken token={v.token} tone="served" />, which the baseline model would not choose there.
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        What this means: after the benchmark, the validator replays the text your server streamed while it was
        timed through the pinned baseline (vLLM with the same weights) and checks every token, and the stop.
        Each must be one of the baseline&apos;s five most likely tokens at its position and at most{" "}
        {MAX_LOGPROB_GAP} below the most likely one, so near-ties may go either way. A server that streams
        something other than the model&apos;s own output while timed, or stops where the model would not,
        fails here whatever it answers when checked.
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <TopTokensTable
          top={v.baselineTop5}
          label="The baseline's top-5 at the failed position"
          caption="The baseline's top-5 at that position"
          marks={[{ token: v.token, label: "served", className: "text-red-700 dark:text-red-300" }]}
        />
        <CheckList checks={checks} label="Verification checks" />
      </div>
    </div>
  );
}
