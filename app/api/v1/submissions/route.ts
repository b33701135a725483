import { csvResponse, toCsv, type CsvColumn } from "@/server/api/csv";
import { readRoute } from "@/server/api/read-route";
import type { IgnoredCommitment, SubmissionSummary } from "@/lib/schemas/submissions";

export const dynamic = "force-dynamic";

// GET /api/v1/submissions – the leaderboard: filtered, sorted, keyset-paged, as JSON or CSV (the whole filtered
// list from the cursor, up to server/read/submissions.ts's CSV_MAX_ROWS)
export const GET = readRoute("/api/v1/submissions", (view) =>
  view.kind === "commitments"
    ? csvResponse(
        "ignored-commitments.csv",
        toCsv(IGNORED_COLUMNS, view.items),
        cursorHeader(view.nextCursor),
      )
    : csvResponse("submissions.csv", toCsv(SUBMISSION_COLUMNS, view.items), cursorHeader(view.nextCursor)),
);

const cursorHeader = (nextCursor: string | null): Record<string, string> =>
  nextCursor === null ? {} : { "x-next-cursor": nextCursor };

const SUBMISSION_COLUMNS: CsvColumn<SubmissionSummary>[] = [
  { header: "id", value: (s) => s.id },
  { header: "hotkey", value: (s) => s.hotkey },
  { header: "uid", value: (s) => s.uid },
  { header: "image", value: (s) => s.image },
  { header: "digest", value: (s) => s.digest },
  { header: "commit_block", value: (s) => s.commitBlock },
  { header: "status", value: (s) => s.status },
  { header: "standing", value: (s) => s.standing },
  { header: "score", value: (s) => s.score },
  { header: "ttft_improvement", value: (s) => s.ttftImprovement },
  { header: "throughput_improvement", value: (s) => s.throughputImprovement },
  { header: "ttft_ms", value: (s) => s.ttftMs },
  { header: "throughput_tps", value: (s) => s.throughputTps },
  { header: "token_match_rate", value: (s) => s.tokenMatchRate },
  { header: "failure_reason", value: (s) => s.failureReason },
  { header: "validators_agreeing", value: (s) => s.validatorsAgreeing },
  { header: "validators_total", value: (s) => s.validatorsTotal },
  { header: "final_block", value: (s) => s.finalBlock },
  { header: "final_at", value: (s) => s.finalAt },
];

const IGNORED_COLUMNS: CsvColumn<IgnoredCommitment>[] = [
  { header: "commitment_id", value: (c) => c.commitmentId },
  { header: "hotkey", value: (c) => c.hotkey },
  { header: "uid", value: (c) => c.uid },
  { header: "commit_block", value: (c) => c.commitBlock },
  { header: "source", value: (c) => c.source },
  { header: "disposition", value: (c) => c.disposition },
  { header: "reason", value: (c) => c.reason?.code },
  { header: "message", value: (c) => c.message },
  { header: "image", value: (c) => c.image },
  { header: "digest", value: (c) => c.digest },
  { header: "submission_id", value: (c) => c.submissionId },
];
