import type { Metadata } from "next";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";
import { FinalitySection } from "@/components/methodology/finality-section";
import { VerificationSection } from "@/components/methodology/verification-section";
import { PageHeader } from "@/components/ui/page-header";
import { formatBlock } from "@/lib/format";
import { describeParams } from "@/lib/protocol/params-description";
import { paramsVersionAt, PARAMS_VERSIONS } from "@/lib/protocol/params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Methodology" };

const KING_GONE = {
  clear:
    "The throne is cleared: no king and no weights until the next correct challenger with a score above 0.",
  best_remaining: "The best correct submission whose hotkey is still registered is crowned.",
} as const;

export default async function MethodologyPage() {
  const status = await read(apiRead("/api/v1/status"));
  const block = status.ingest.lastIngestedBlock ?? status.chain.finalizedBlock;
  const version = paramsVersionAt(block ?? Number.MAX_SAFE_INTEGER, PARAMS_VERSIONS);
  const rows = describeParams(version.params);
  return (
    <article className="max-w-3xl space-y-6 text-sm leading-6">
      <PageHeader title="Methodology">
        How a submission is measured, scored and crowned. The parameters below are those in force at block{" "}
        {formatBlock(block)} (version from {formatBlock(version.fromBlock)}); history is judged by the
        parameters in force at the time.
      </PageHeader>
      <section aria-labelledby="m-eval" className="space-y-2">
        <h2 id="m-eval" className="text-lg font-semibold">
          The evaluation
        </h2>
        <p>
          A validator pulls the committed image by digest, starts it on the pinned hardware without network
          access and sends the same deterministic, seeded prompts to it and to the pinned vLLM baseline. It
          times a streamed speed pass (TTFT: until the first non-empty content chunk; throughput: output
          tokens over the time between the first and last content chunks) and checks a correctness pass token
          by token against the baseline.
        </p>
      </section>
      <VerificationSection params={version.params} />
      <section aria-labelledby="m-score" className="space-y-2">
        <h2 id="m-score" className="text-lg font-semibold">
          Scoring
        </h2>
        <pre className="overflow-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-900" tabIndex={0}>
          {`ttft_improvement       = max(0, (baseline_ttft − ttft) / baseline_ttft)
throughput_improvement = max(0, (throughput − baseline) / baseline)
score = ${version.params.ttftWeight} × ttft_improvement + ${version.params.throughputWeight} × throughput_improvement`}
        </pre>
        <p>
          Medians over the scored prompts first, then the ratios. A failed run scores 0; so does a server that
          only matches vLLM.
        </p>
      </section>
      <FinalitySection params={version.params} />
      <section aria-labelledby="m-king" className="space-y-2">
        <h2 id="m-king" className="text-lg font-semibold">
          The king and the margin
        </h2>
        <p>
          Submissions are judged in commit order, at their judging block. A challenger is crowned when its
          consensus score strictly exceeds king_score × (1 + ε(age)), with ε(age) ={" "}
          {version.params.epsilon0 * 100} % × max(0, 1 − age /{" "}
          {version.params.decayBlocks.toLocaleString("en-US")}) and age in blocks from the coronation to the
          judging block. A copy of any earlier-committed digest by another hotkey is disqualified.
        </p>
        <p>
          <strong>When the king&apos;s hotkey leaves its UID</strong> (rule in force:{" "}
          <code>{version.params.onKingGone}</code>): {KING_GONE[version.params.onKingGone]}
        </p>
      </section>
      <section aria-labelledby="m-params" className="space-y-2">
        <h2 id="m-params" className="text-lg font-semibold">
          Parameters in force
        </h2>
        <dl className="divide-y divide-slate-200 dark:divide-slate-800">
          {rows.map((row) => (
            <div key={row.key} className="grid gap-1 py-2 sm:grid-cols-3">
              <dt className="font-medium">{row.label}</dt>
              {/* A digest or a commit is one long word: it wraps rather than widening the page. */}
              <dd className="font-mono break-all">{row.value}</dd>
              <dd className="text-slate-600 dark:text-slate-300">{row.explanation}</dd>
            </div>
          ))}
        </dl>
      </section>
    </article>
  );
}
