import { z } from "zod";
import {
  listIgnoredCommitmentsPage,
  listSubmissionsPage,
  sortValue,
  type Keyset,
} from "@/db/queries/leaderboard";
import { ApiError } from "@/lib/schemas/errors";
import {
  DEFAULT_ORDER,
  SUBMISSION_SORTS,
  type SubmissionsQuery,
  type SubmissionsResponse,
} from "@/lib/schemas/submissions";
import { decodeCursor, encodeCursor } from "@/server/api/cursor";
import type { ReadContext } from "./context";
import { toIgnoredCommitment, toSubmissionSummary } from "./views";

/** A CSV export is the whole filtered list (from the cursor, if any) up to this many rows, not one page. */
export const CSV_MAX_ROWS = 10_000;

// The cursor remembers its sort and order: replaying it under another sort would skip or repeat rows.
const cursorSchema = z.object({
  s: z.enum([...SUBMISSION_SORTS, "ignored"]),
  o: z.enum(["asc", "desc"]),
  v: z.number().nullable(),
  id: z.number().int(),
});

/** GET /api/v1/submissions: the leaderboard, filtered, sorted and keyset-paged (or ignored commitments). */
export async function readSubmissions(
  ctx: ReadContext,
  query: SubmissionsQuery,
): Promise<SubmissionsResponse> {
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
  const limit = query.format === "csv" ? CSV_MAX_ROWS : query.limit;
  const { db } = ctx.database;
  const netuid = ctx.netuid;
  const next = (v: number | null, id: number) => encodeCursor({ s: sortKey, o: order, v, id });

  if (ignored) {
    const rows = await listIgnoredCommitmentsPage(db, { netuid, q: query.q, order, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? next(last.commitBlock, last.id) : null;
    return { kind: "commitments", items: page.map(toIgnoredCommitment), nextCursor };
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
  return { kind: "submissions", items: page.map(toSubmissionSummary), nextCursor };
}
