import { describe, expect, it } from "vitest";
import type { OfficialEvaluation } from "./records";
import { compareTracks, type IndependentVerdict } from "./tracks";

const ours = (over: Partial<IndependentVerdict> = {}): IndependentVerdict => ({
  status: "scored",
  consensusScore: 0.1,
  failureReason: null,
  digest: "sha256:a",
  ...over,
});
const official = (over: Partial<OfficialEvaluation> = {}): OfficialEvaluation => ({
  uid: 1,
  hotkey: "5A",
  commitBlock: 1,
  image: "x",
  digest: "sha256:a",
  score: 0.12,
  ttftImprovement: null,
  throughputImprovement: null,
  speedImprovement: 0.2,
  tokenMatchRate: 0.9,
  disqualified: false,
  disqualifyReason: null,
  evaluatedAt: null,
  evaluationBlock: 2,
  perPrompt: [],
  ...over,
});

describe("compareTracks", () => {
  it.each([
    ["both passed", ours(), official(), "agree"],
    [
      "both failed",
      ours({ status: "failed", failureReason: "oom" }),
      official({ disqualified: true }),
      "agree",
    ],
    ["ours passed, official disqualified", ours(), official({ disqualified: true }), "differ"],
    ["ours failed, official scored", ours({ status: "failed" }), official(), "differ"],
    ["a different digest", ours(), official({ digest: "sha256:b" }), "differ"],
    ["only the official track", ours({ status: "pending" }), official(), "official_only"],
    ["only ours", ours(), null, "ours_only"],
    ["neither", ours({ status: "evaluating" }), null, "neither"],
  ] as const)("%s → %s", (_, a, b, expected) => {
    expect(compareTracks(a, b).agreement).toBe(expected);
  });
});
