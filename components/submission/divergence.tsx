import { formatLogprob } from "@/lib/format";
import { CheckList, MAX_LOGPROB_GAP, QuotedToken, TopTokensTable } from "./top-tokens";
import type { Divergence } from "@/lib/schemas/submission-detail";

/** The first divergence from the baseline, with the four checks that decide whether it is tolerated. */
export function DivergenceDetail({ d, promptIndex }: { d: Divergence; promptIndex: number }) {
  const top1 = d.minerTop5[0];
  const inTop5 = d.minerTop5.find((t) => t.token === d.baselineToken);
  const greedy = top1?.token === d.minerToken;
  const gap = top1 && inTop5 ? top1.logprob - inTop5.logprob : null;
  const checks: [string, boolean][] = [
    ["Logprobs present at that position", d.minerTop5.length > 0],
    ["The miner's token is its own top-1 (greedy)", greedy],
    ["The baseline's token is in the miner's top-5", inTop5 !== undefined],
    [
      `Top-1 logprob − baseline token's logprob ≤ ${MAX_LOGPROB_GAP} (${gap === null ? "—" : gap.toFixed(3)})`,
      gap !== null && gap <= MAX_LOGPROB_GAP,
    ],
  ];
  return (
    <div className="space-y-3" data-testid="divergence">
      <p className="text-sm">
        Prompt {promptIndex}, token position {d.position}: the baseline wrote{" "}
        <QuotedToken token={d.baselineToken} tone="baseline" /> (logprob{" "}
        {formatLogprob(d.baselineTokenLogprob)}), the submission wrote{" "}
        <QuotedToken token={d.minerToken} tone="served" /> (logprob {formatLogprob(d.minerTokenLogprob)}).
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <TopTokensTable
          top={d.minerTop5}
          label="The submission's top-5 at the divergence"
          caption="The submission's top-5 at that position"
          marks={[
            {
              token: d.baselineToken,
              label: "baseline",
              className: "text-emerald-700 dark:text-emerald-300",
            },
            { token: d.minerToken, label: "chosen", className: "text-red-700 dark:text-red-300" },
          ]}
        />
        <CheckList checks={checks} label="Tolerance checks" />
      </div>
    </div>
  );
}
