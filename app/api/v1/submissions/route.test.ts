import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { submissions } from "@/db/schema";
import { fakeDigest, fakeHotkey, seedCommitment, seedSubmission } from "@/db/test-support/seed";
import { describeEachDatabase, serveTestDatabase } from "@/db/test-support/databases";
import {
  DEFAULT_ORDER,
  SUBMISSION_SORTS,
  submissionsResponseSchema,
  type SubmissionSort,
  type SubmissionSummary,
} from "@/lib/schemas/submissions";
import { GET } from "./route";

const call = (query: string) => GET(new Request(`http://explorer.test/api/v1/submissions${query}`), {});

async function page(query: string) {
  const response = await call(query);
  expect(response.status).toBe(200);
  return submissionsResponseSchema.parse(await response.json());
}

const valueOf: Record<SubmissionSort, (s: SubmissionSummary) => number | null> = {
  score: (s) => s.score,
  ttft: (s) => s.ttftMs,
  throughput: (s) => s.throughputTps,
  commitBlock: (s) => s.commitBlock,
  tokenMatchRate: (s) => s.tokenMatchRate,
};

/** The order the route promises: by value (nulls last whatever the order), then id, both in `order`. */
function expectedIds(
  rows: readonly SubmissionSummary[],
  sort: SubmissionSort,
  order: "asc" | "desc",
): number[] {
  const sign = order === "asc" ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const x = valueOf[sort](a);
      const y = valueOf[sort](b);
      if (x === null || y === null) return x === y ? sign * (a.id - b.id) : x === null ? 1 : -1;
      return x !== y ? sign * (x - y) : sign * (a.id - b.id);
    })
    .map((s) => s.id);
}

// Few distinct values so ties (and the id tiebreak) are common; null where a figure is not known yet.
const figure = fc.option(
  fc.oneof(fc.constantFrom(0, 0.1, 0.25), fc.double({ min: 0, max: 2, noNaN: true })),
  {
    nil: null,
  },
);
const rowArb = fc.record({
  commitBlock: fc.integer({ min: 1, max: 6 }),
  score: figure,
  ttft: figure,
  throughput: figure,
  tokenMatchRate: figure,
});

describeEachDatabase("GET /api/v1/submissions", (driver) => {
  const testDatabase = serveTestDatabase(driver);

  it("visits every row exactly once across keyset pages, for every sort and order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { maxLength: 25 }),
        fc.integer({ min: 1, max: 7 }),
        async (rows, limit) => {
          await testDatabase().db.delete(submissions);
          if (rows.length > 0) {
            await testDatabase()
              .db.insert(submissions)
              .values(
                rows.map((r, i) => ({
                  netuid: 14,
                  hotkey: fakeHotkey(`page-${i}`),
                  uid: i,
                  registrationBlock: 0,
                  image: `docker.io/m${i}/q:v1`,
                  digest: fakeDigest(`page-${i}`),
                  pullRef: `docker.io/m${i}/q@${fakeDigest(`page-${i}`)}`,
                  commitBlock: r.commitBlock,
                  commitmentId: i,
                  status: "scored",
                  consensusScore: r.score,
                  consensusTtftMs: r.ttft,
                  consensusThroughputTps: r.throughput,
                  consensusTokenMatchRate: r.tokenMatchRate,
                })),
              );
          }
          const all = (await page("?limit=200")).items as SubmissionSummary[];
          for (const sort of SUBMISSION_SORTS) {
            for (const order of ["asc", "desc"] as const) {
              const seen: number[] = [];
              let cursor: string | null = null;
              do {
                const after: string = cursor === null ? "" : `&cursor=${cursor}`;
                const body = await page(`?sort=${sort}&order=${order}&limit=${limit}${after}`);
                expect(body.items.length).toBeLessThanOrEqual(limit);
                seen.push(...(body.items as SubmissionSummary[]).map((s) => s.id));
                cursor = body.nextCursor;
              } while (cursor !== null && seen.length <= rows.length);
              expect(seen).toEqual(expectedIds(all, sort, order));
            }
          }
        },
      ),
      { numRuns: 4 },
    );
  });

  describe("with a small board", () => {
    let alice = 0;
    beforeAll(async () => {
      await testDatabase().db.delete(submissions);
      alice = await seedSubmission(testDatabase().db, {
        hotkey: fakeHotkey("alice"),
        uid: 3,
        commitBlock: 10,
      });
      await seedSubmission(testDatabase().db, {
        hotkey: fakeHotkey("bob"),
        uid: 4,
        commitBlock: 11,
        image: 'docker.io/bob/"quoted",image:v1',
      });
      await seedCommitment(testDatabase().db, {
        hotkey: fakeHotkey("alice"),
        uid: 3,
        commitBlock: 12,
        text: "not json at all",
        parseError: "unknown_registry_form",
        parseErrorMessage: "expected JSON {image, digest} or image@sha256:<64 hex>",
        disposition: "unparseable",
      });
    });

    it("filters by UID, hotkey or image with q", async () => {
      expect((await page("?q=3")).items.map((s) => ("id" in s ? s.id : 0))).toEqual([alice]);
      expect((await page(`?q=${fakeHotkey("alice").slice(5, 20)}`)).items).toHaveLength(1);
      expect((await page("?q=BOB/")).items).toHaveLength(1);
      expect((await page("?q=nobody%25")).items).toHaveLength(0);
      expect((await page("?q=")).items).toHaveLength(2);
    });

    it("lists ignored and unparseable commitments with their plain-words reason", async () => {
      const body = await page("?status=ignored");
      expect(body.kind).toBe("commitments");
      expect(body.items[0]).toMatchObject({
        disposition: "unparseable",
        reason: { code: "unknown_registry_form", title: "Invalid image reference" },
      });
    });

    it("exports the list as RFC 4180 CSV with a header row", async () => {
      const response = await call("?format=csv&sort=commitBlock&order=asc");
      expect(response.headers.get("content-type")).toContain("text/csv");
      const text = await response.text();
      const lines = text.split("\r\n");
      expect(lines[0]).toMatch(/^id,hotkey,uid,image,digest,commit_block,status,/);
      expect(lines).toHaveLength(4); // header, two rows, and the empty string after the final CRLF
      // A field holding quotes and a comma is quoted, its quotes doubled.
      expect(lines[2]).toContain(`,"docker.io/bob/""quoted"",image:v1",`);
    });

    it.each([
      ["?limit=0", ["$.limit"]],
      ["?limit=201&sort=speed&order=up", ["$.limit", "$.sort", "$.order"]],
      ["?status=winning", ["$.status"]],
      ["?status=ignored&sort=score", ["$.sort"]],
      ["?cursor=%%%", ["$.cursor"]],
    ])("answers 400 invalid_query naming the bad parameters for %s", async (query, paths) => {
      const response = await call(query);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
      expect(body.error.code).toBe("invalid_query");
      expect(body.error.issues.map((i) => i.path).sort()).toEqual([...paths].sort());
    });

    it("rejects a cursor made for another sort", async () => {
      const first = await page("?sort=score&limit=1");
      expect(first.nextCursor).not.toBeNull();
      const response = await call(`?sort=ttft&limit=1&cursor=${first.nextCursor}`);
      expect(response.status).toBe(400);
    });

    it("defaults to the better-first order of each sort", () => {
      expect(DEFAULT_ORDER).toMatchObject({ score: "desc", ttft: "asc", commitBlock: "desc" });
    });
  });
});
