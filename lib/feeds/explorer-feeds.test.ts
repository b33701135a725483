import { describe, expect, it } from "vitest";
import type { ReignView } from "@/lib/schemas/kings";
import type { SubmissionSummary } from "@/lib/schemas/submissions";
import { renderAtom } from "./atom";
import { kingsFeed, minerFeed, type FeedContext } from "./explorer-feeds";
import { xmlProblem } from "./test-support/well-formed";

const ctx: FeedContext = {
  origin: "https://explorer.example",
  network: "finney",
  netuid: 14,
  now: new Date("2026-06-01T00:00:00Z"),
};
const HOTKEY = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
/** The one miner every reign and submission below belongs to. */
const MINER = { hotkey: HOTKEY, uid: 6, image: "docker.io/a/fast:v1", digest: `sha256:${"a".repeat(64)}` };

function reign(overrides: Partial<ReignView>): ReignView {
  return {
    submissionId: 1,
    ...MINER,
    score: 0.2,
    fromBlock: 100,
    fromTime: "2026-01-01T00:00:00.000Z",
    toBlock: null,
    toTime: null,
    thresholdBeaten: 0,
    previousSubmissionId: null,
    previousScore: null,
    endReason: null,
    endedBySubmissionId: null,
    endedByHotkey: null,
    alphaRao: "0",
    taoRao: "0",
    epochs: 0,
    ...overrides,
  };
}

function submission(overrides: Partial<SubmissionSummary>): SubmissionSummary {
  return {
    id: 7,
    ...MINER,
    commitBlock: 90,
    status: "pending",
    standing: null,
    score: null,
    ttftImprovement: null,
    throughputImprovement: null,
    ttftMs: null,
    throughputTps: null,
    tokenMatchRate: null,
    failureReason: null,
    validatorsAgreeing: 0,
    validatorsTotal: 0,
    finalBlock: null,
    finalAt: null,
    duplicateOfId: null,
    seenAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

describe("kingsFeed", () => {
  it("has one entry per coronation and one per clearing, never for a dethroning (the next coronation tells it)", () => {
    const feed = kingsFeed(ctx, {
      reigns: [
        reign({
          submissionId: 3,
          fromBlock: 500,
          fromTime: "2026-03-01T00:00:00.000Z",
          previousSubmissionId: null,
        }),
        reign({
          submissionId: 2,
          fromBlock: 300,
          fromTime: "2026-02-01T00:00:00.000Z",
          toBlock: 400,
          toTime: "2026-02-15T00:00:00.000Z",
          endReason: "deregistered",
          previousSubmissionId: 1,
          previousScore: 0.1,
          thresholdBeaten: 0.101,
        }),
        reign({ submissionId: 1, toBlock: 300, toTime: "2026-02-01T00:00:00.000Z", endReason: "dethroned" }),
      ],
      total: { alphaRao: "0", taoRao: "0", epochs: 0 },
    });
    expect(feed.entries.map((e) => e.id)).toEqual([
      "urn:cacheon:finney:14:coronation:500:3",
      "urn:cacheon:finney:14:coronation:300:2",
      "urn:cacheon:finney:14:clearing:400:2",
      "urn:cacheon:finney:14:coronation:100:1",
    ]);
    expect(feed.entries[1]?.summary).toContain("it beat #1's 10.0 %");
    expect(feed.entries[2]).toMatchObject({
      updated: "2026-02-15T00:00:00.000Z",
      link: "https://explorer.example/kings",
    });
    expect(feed.selfUrl).toBe("https://explorer.example/kings/feed.atom");
    expect(xmlProblem(renderAtom(feed))).toBeNull();
  });
});

describe("minerFeed", () => {
  it("tells a submission when it appears and its verdict only once final", () => {
    const feed = minerFeed(ctx, {
      hotkey: HOTKEY,
      coldkey: null,
      uidHistory: [],
      commitments: [],
      submissions: [
        submission({ id: 7 }),
        submission({
          id: 8,
          status: "scored",
          standing: "king",
          score: 0.25,
          finalBlock: 200,
          finalAt: "2026-01-02T00:00:00.000Z",
        }),
      ],
    });
    expect(feed.entries.map((e) => [e.id, e.title])).toEqual([
      ["urn:cacheon:finney:14:submission:7", "Submission #7 committed at block #90"],
      ["urn:cacheon:finney:14:submission:8", "Submission #8 committed at block #90"],
      ["urn:cacheon:finney:14:verdict:8", "Submission #8: king, with a score of 25.0 %"],
    ]);
    expect(feed.pageUrl).toBe(`https://explorer.example/miners/${HOTKEY}`);
  });
});
