import { z } from "zod";
import { getDatabase } from "@/db/instance";
import {
  listIgnoredCommitmentsPage,
  listSubmissionsPage,
  sortValue,
  type Keyset,
} from "@/db/queries/leaderboard";
import { toIgnoredCommitment, toSubmissionSummary } from "@/db/queries/views";
import { loadEnv } from "@/env";
import { decodeCursor, encodeCursor } from "@/server/api/cursor";
import { csvResponse, toCsv, type CsvColumn } from "@/server/api/csv";
import { ApiError } from "@/lib/schemas/errors";
import { parseQuery } from "@/server/api/query";
import { route } from "@/server/api/route";
import {
  DEFAULT_ORDER,
  SUBMISSION_SORTS,
  submissionsQuerySchema,
  type IgnoredCommitment,
  type SubmissionSummary,
  type SubmissionsResponse,
} from "@/lib/schemas/submissions";

export const dynamic = "force-dynamic";

// A CSV export is the whole filtered list (from the cursor, if any) up to this many rows, not one page.
const CSV_MAX_ROWS = 10_000;

// The cursor remembers its sort and order: replaying it under another sort would skip or repeat rows.
const cursorSchema = z.object({
  s: z.enum([...SUBMISSION_SORTS, "ignored"]),
  o: z.enum(["asc", "desc"]),
  v: z.number().nullable(),
  id: z.number().int(),
});

// GET /api/v1/submissions – the leaderboard: filtered, sorted, keyset-paged, as JSON or CSV
export const GET = route(async (request) => {
  const query = parseQuery(request, submissionsQuerySchema);
  const ignored = query.status === "ignored";
  const sortKey = ignored ? "ignored" : (query.sort ?? "score");
  const order = query.order ?? (ignored ? "desc" : DEFAULT_ORDER[query.sort ?? "score"]);
  let after: Keyset | null = null;
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor, cursorSchema);
    if (cursor === null || cursor.s !== sortKey || cursor.o !== order) {
      throw new ApiError(
        "invalid_query",
        "cursor: not a cursor of this sort and order; start again without it",
        {
          issues: [{ path: "$.cursor", message: "unknown or mismatched cursor" }],
        },
      );
    }
    after = { v: cursor.v, id: cursor.id };
  }
  const csv = query.format === "csv";
  const limit = csv ? CSV_MAX_ROWS : query.limit;
  const { db } = await getDatabase();
  const { NETUID: netuid } = loadEnv();
  const next = (v: number | null, id: number) => encodeCursor({ s: sortKey, o: order, v, id });

  if (ignored) {
    const rows = await listIgnoredCommitmentsPage(db, { netuid, q: query.q, order, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? next(last.commitBlock, last.id) : null;
    const items = page.map(toIgnoredCommitment);
    if (csv)
      return csvResponse("ignored-commitments.csv", toCsv(IGNORED_COLUMNS, items), cursorHeader(nextCursor));
    return Response.json({ kind: "commitments", items, nextCursor } satisfies SubmissionsResponse);
  }

  const sort = query.sort ?? "score";
  const rows = await listSubmissionsPage(db, {
    netuid,
    status: query.status === "ignored" ? undefined : query.status,
    q: query.q,
    sort,
    order,
    after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? next(sortValue(last, sort), last.id) : null;
  const items = page.map(toSubmissionSummary);
  if (csv) return csvResponse("submissions.csv", toCsv(SUBMISSION_COLUMNS, items), cursorHeader(nextCursor));
  return Response.json({ kind: "submissions", items, nextCursor } satisfies SubmissionsResponse);
});

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
