"use client";

import { LiveEvaluations } from "@/components/evaluations/live-evaluations";
import { SubmissionsTable } from "@/components/submissions/submissions-table";
import { Notice } from "@/components/ui/notice";
import { apiRead } from "@/lib/client/reads";
import { useApi } from "@/lib/client/use-api";
import { EVALUATING_READ, LATEST_READ } from "./reads";

/** The newest challengers and what validators are evaluating right now. */
export function LatestChallengers() {
  const { data: latest } = useApi(LATEST_READ);
  const { data: evaluating } = useApi(EVALUATING_READ);
  const { data: status } = useApi(apiRead("/api/v1/status"));
  const currentBlock = status?.ingest.lastIngestedBlock ?? null;
  return (
    <div className="space-y-6">
      <section aria-labelledby="evaluating-heading">
        <h2 id="evaluating-heading" className="mb-2 text-lg font-semibold">
          Evaluation in progress
        </h2>
        <div className="mb-3">
          <LiveEvaluations />
        </div>
        {evaluating?.kind === "submissions" && evaluating.items.length > 0 ? (
          <SubmissionsTable
            label="Evaluation in progress"
            items={evaluating.items}
            currentBlock={currentBlock}
          />
        ) : (
          <Notice title="Nothing is being evaluated right now." />
        )}
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          A submission is evaluating once a validator reports progress and until its run is posted.
        </p>
      </section>
      <section aria-labelledby="latest-heading">
        <div className="mb-2 flex items-baseline justify-between">
          <h2 id="latest-heading" className="text-lg font-semibold">
            Latest challengers
          </h2>
          <a href="/leaderboard?sort=commitBlock" className="text-sm underline underline-offset-2">
            All submissions
          </a>
        </div>
        {latest?.kind === "submissions" && latest.items.length > 0 ? (
          <SubmissionsTable label="Latest challengers" items={latest.items} currentBlock={currentBlock} />
        ) : (
          <Notice title="No submissions yet.">
            Miners appear here once their commitment is read from the chain.
          </Notice>
        )}
      </section>
    </div>
  );
}
