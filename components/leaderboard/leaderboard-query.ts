import type { SortOrder, SubmissionSort, SubmissionsQuery } from "@/lib/schemas/submissions";
import { queryString } from "@/lib/client/api";
import { apiRead } from "@/lib/client/reads";

// Copies of lib/schemas/submissions' constants, checked against its types: importing the values would pull
// zod into the leaderboard's client bundle.
const SUBMISSION_SORTS = [
  "score",
  "ttft",
  "throughput",
  "commitBlock",
  "tokenMatchRate",
] as const satisfies readonly SubmissionSort[];
const DEFAULT_ORDER: Record<SubmissionSort, SortOrder> = {
  score: "desc",
  ttft: "asc",
  throughput: "desc",
  commitBlock: "desc",
  tokenMatchRate: "desc",
};

// The leaderboard's whole view lives in the URL (?status&q&sort&order&cursor), so a view can be shared. This
// reads it leniently: an unknown value falls back to the default instead of erroring the page.

export const PAGE_SIZE = 25;
export const STATUS_FILTERS = [
  "scored",
  "failed",
  "pending",
  "evaluating",
  "ignored",
] as const satisfies readonly NonNullable<SubmissionsQuery["status"]>[];
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export { DEFAULT_ORDER };

export interface BoardQuery {
  status?: StatusFilter;
  q?: string;
  sort: SubmissionSort;
  order: SortOrder;
  cursor?: string;
}

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseBoardQuery(search: Search): BoardQuery {
  const status = one(search.status);
  const sortText = one(search.sort);
  const orderText = one(search.order);
  const q = one(search.q)?.trim().slice(0, 200);
  const cursor = one(search.cursor);
  const sort = (SUBMISSION_SORTS as readonly string[]).includes(sortText ?? "")
    ? (sortText as SubmissionSort)
    : "score";
  const order: SortOrder = orderText === "asc" || orderText === "desc" ? orderText : DEFAULT_ORDER[sort];
  return {
    status: (STATUS_FILTERS as readonly string[]).includes(status ?? "")
      ? (status as StatusFilter)
      : undefined,
    q: q === "" ? undefined : q,
    sort: status === "ignored" ? "commitBlock" : sort,
    order,
    cursor: cursor === "" ? undefined : cursor,
  };
}

/** The page's URL for a view; defaults are left out so the shortest URL names each view. */
export function boardHref(query: BoardQuery): string {
  return `/leaderboard${queryString({
    status: query.status,
    q: query.q,
    sort: query.sort === "score" ? undefined : query.sort,
    order: query.order === DEFAULT_ORDER[query.sort] ? undefined : query.order,
    cursor: query.cursor,
  })}`;
}

/** The API read behind a view (its path is also the export links', with `format`). */
export function boardRead(query: BoardQuery, extra: { format?: "csv" | "json"; limit?: number } = {}) {
  const ignored = query.status === "ignored";
  return apiRead(
    "/api/v1/submissions",
    {},
    {
      status: query.status,
      q: query.q,
      sort: ignored ? undefined : query.sort,
      order: query.order,
      cursor: query.cursor,
      limit: extra.limit ?? PAGE_SIZE,
      format: extra.format,
    },
  );
}
