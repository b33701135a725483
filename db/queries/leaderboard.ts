import { and, asc, desc, eq, gt, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { SortOrder, SubmissionSort } from "@/lib/schemas/submissions";
import type { DbOrTx } from "../client";
import { commitments, submissions } from "../schema";

// The leaderboard's reads: keyset pagination (never OFFSET) on (sort value, id), nulls last in either order,
// so a page is an index range scan however deep the client pages, and rows inserted meanwhile are not
// skipped or repeated.

export interface Keyset {
  /** The sort value of the last row of the previous page (null: that row had none). */
  v: number | null;
  id: number;
}

const SORT_COLUMNS: Record<SubmissionSort, AnyPgColumn> = {
  score: submissions.consensusScore,
  ttft: submissions.consensusTtftMs,
  throughput: submissions.consensusThroughputTps,
  commitBlock: submissions.commitBlock,
  tokenMatchRate: submissions.consensusTokenMatchRate,
};

export function sortValue(row: SubmissionRow, sort: SubmissionSort): number | null {
  const values: Record<SubmissionSort, number | null> = {
    score: row.consensusScore,
    ttft: row.consensusTtftMs,
    throughput: row.consensusThroughputTps,
    commitBlock: row.commitBlock,
    tokenMatchRate: row.consensusTokenMatchRate,
  };
  return values[sort];
}

/** Rows strictly after `key` in (value nulls last, id) order. */
function afterKey(column: AnyPgColumn, sort: SubmissionSort, order: SortOrder, key: Keyset): SQL | undefined {
  const beyond = order === "asc" ? gt : lt;
  if (key.v === null) return and(isNull(column), beyond(submissions.id, key.id));
  // An explicit type keeps the comparison in the column's own type: a float compared as numeric would round.
  const value = sort === "commitBlock" ? sql`${key.v}::bigint` : sql`${key.v}::double precision`;
  return or(isNull(column), beyond(column, value), and(eq(column, value), beyond(submissions.id, key.id)));
}

/** `q` is a UID when it is all digits, else a case-insensitive part of the hotkey, image or digest. */
function matches(q: string): SQL | undefined {
  if (/^[0-9]{1,9}$/.test(q)) return eq(submissions.uid, Number(q));
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(
    ilike(submissions.hotkey, pattern),
    ilike(submissions.image, pattern),
    ilike(submissions.digest, pattern),
  );
}

export interface SubmissionPageQuery {
  netuid: number;
  status?: "pending" | "evaluating" | "scored" | "failed";
  q?: string;
  sort: SubmissionSort;
  order: SortOrder;
  after: Keyset | null;
  limit: number;
}

export type SubmissionRow = typeof submissions.$inferSelect;

export function listSubmissionsPage(db: DbOrTx, query: SubmissionPageQuery): Promise<SubmissionRow[]> {
  const column = SORT_COLUMNS[query.sort];
  const direction = query.order === "asc" ? sql`asc` : sql`desc`;
  return db
    .select()
    .from(submissions)
    .where(
      and(
        eq(submissions.netuid, query.netuid),
        query.status === undefined ? undefined : eq(submissions.status, query.status),
        query.q === undefined ? undefined : matches(query.q),
        query.after === null ? undefined : afterKey(column, query.sort, query.order, query.after),
      ),
    )
    .orderBy(
      sql`${column} ${direction} nulls last`,
      query.order === "asc" ? asc(submissions.id) : desc(submissions.id),
    )
    .limit(query.limit);
}

export type IgnoredCommitmentRow = typeof commitments.$inferSelect;

/** Commitments that did not become a submission, by commit block then id, keyset-paged the same way. */
export function listIgnoredCommitmentsPage(
  db: DbOrTx,
  query: { netuid: number; q?: string; order: SortOrder; after: Keyset | null; limit: number },
): Promise<IgnoredCommitmentRow[]> {
  const beyond = query.order === "asc" ? gt : lt;
  const dir = query.order === "asc" ? asc : desc;
  const pattern = query.q === undefined ? null : `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select()
    .from(commitments)
    .where(
      and(
        eq(commitments.netuid, query.netuid),
        inArray(commitments.disposition, ["ignored", "unparseable"]),
        query.q === undefined
          ? undefined
          : /^[0-9]{1,9}$/.test(query.q)
            ? eq(commitments.uid, Number(query.q))
            : ilike(commitments.hotkey, pattern as string),
        query.after === null || query.after.v === null
          ? undefined
          : or(
              beyond(commitments.commitBlock, query.after.v),
              and(eq(commitments.commitBlock, query.after.v), beyond(commitments.id, query.after.id)),
            ),
      ),
    )
    .orderBy(dir(commitments.commitBlock), dir(commitments.id))
    .limit(query.limit);
}
