import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import {
  checkCommitments,
  checkDisqualifiedWeight,
  checkKingIncentive,
  checkThresholds,
  type NeuronIncentive,
} from "./anomalies";
import type { OfficialCrowning, OfficialEvaluation, OfficialKing } from "./records";

const king: OfficialKing = {
  uid: 6,
  hotkey: "5King",
  commitBlock: 100,
  image: "x",
  digest: "sha256:a",
  score: 0.2,
  crownedBlock: 200,
  evaluationBlock: 150,
};
const neurons = (top: number, hotkeyAt6 = "5King"): NeuronIncentive[] => [
  { uid: 5, hotkey: "5Five", incentive: top === 5 ? 1 : 0 },
  { uid: 6, hotkey: hotkeyAt6, incentive: top === 6 ? 1 : 0 },
];

const evaluation = (over: Partial<OfficialEvaluation> = {}): OfficialEvaluation => ({
  uid: 5,
  hotkey: "5Five",
  commitBlock: 1_000,
  image: "x",
  digest: "sha256:b",
  score: 0,
  ttftImprovement: 0,
  throughputImprovement: 0,
  speedImprovement: null,
  tokenMatchRate: 0.4,
  disqualified: true,
  disqualifyReason: "correctness_failed",
  evaluatedAt: null,
  evaluationBlock: 1_100,
  perPrompt: [],
  ...over,
});

describe("checkKingIncentive", () => {
  it("passes when the official king's UID holds the top incentive under its hotkey", () => {
    expect(checkKingIncentive(king, neurons(6), 300)).toEqual([]);
  });
  it("flags another UID holding the top incentive", () => {
    expect(checkKingIncentive(king, neurons(5), 300)).toMatchObject([
      { kind: "king_not_top_incentive", uid: 6 },
    ]);
  });
  it("compares shares when several UIDs hold incentive", () => {
    const split = (kingShare: number): NeuronIncentive[] => [
      { uid: 5, hotkey: "5Five", incentive: 1 - kingShare },
      { uid: 6, hotkey: "5King", incentive: kingShare },
    ];
    expect(checkKingIncentive(king, split(0.7), 300)).toEqual([]);
    expect(checkKingIncentive(king, split(0.3), 300)).toHaveLength(1);
  });
  it("flags a king whose UID now belongs to another hotkey", () => {
    expect(checkKingIncentive(king, neurons(6, "5Other"), 300)).toHaveLength(1);
  });
  it("flags incentive paid with no official king, and says nothing without a snapshot", () => {
    expect(checkKingIncentive(null, neurons(5), 300)).toMatchObject([{ uid: 5 }]);
    expect(checkKingIncentive(king, [], null)).toEqual([]);
  });
});

describe("checkDisqualifiedWeight", () => {
  it("flags a disqualified submission whose UID still holds incentive", () => {
    expect(checkDisqualifiedWeight([evaluation()], neurons(5), 300)).toMatchObject([
      { kind: "disqualified_holds_weight", uid: 5 },
    ]);
  });
  it("judges only the latest evaluation of a hotkey, and a UID with no incentive", () => {
    const requalified = evaluation({ disqualified: false, evaluationBlock: 2_000 });
    expect(checkDisqualifiedWeight([evaluation(), requalified], neurons(5), 300)).toEqual([]);
    expect(checkDisqualifiedWeight([evaluation()], neurons(6), 300)).toEqual([]);
  });
});

describe("checkCommitments", () => {
  const onChain = [{ hotkey: "5Five", commitBlock: 1_000, digest: "sha256:b" }];
  it("passes an evaluation of a commitment the chain has", () => {
    expect(checkCommitments([evaluation()], onChain, 500, 5_000)).toEqual([]);
  });
  it("flags a commitment the chain never had", () => {
    expect(checkCommitments([evaluation({ hotkey: "5Ghost" })], onChain, 500, 5_000)).toMatchObject([
      { kind: "commitment_never_on_chain" },
    ]);
  });
  it("flags an evaluation of a different digest", () => {
    expect(checkCommitments([evaluation({ digest: "sha256:c" })], onChain, 500, 5_000)).toMatchObject([
      { kind: "commitment_digest_differs" },
    ]);
  });
  it("does not judge commitments outside the blocks the chain follower has read", () => {
    expect(checkCommitments([evaluation({ hotkey: "5Ghost" })], onChain, 2_000, 5_000)).toEqual([]);
    expect(checkCommitments([evaluation({ hotkey: "5Ghost" })], onChain, 500, 900)).toEqual([]);
    expect(checkCommitments([evaluation({ hotkey: "5Ghost" })], onChain, null, null)).toEqual([]);
  });
});

describe("checkThresholds", () => {
  const crowning = (over: Partial<OfficialCrowning>): OfficialCrowning => ({
    role: "king",
    at: null,
    block: 0,
    uid: 1,
    hotkey: "5A",
    score: 0.1,
    image: null,
    digest: null,
    threshold: 0,
    prevUid: null,
    prevHotkey: null,
    prevScore: null,
    ...over,
  });
  const first = crowning({ block: 1_000, hotkey: "5A", score: 0.1 });
  // 25,200 blocks after the first crowning: half the decay, ε = 0.5 %.
  const second = crowning({
    block: 26_200,
    hotkey: "5B",
    score: 0.2,
    prevHotkey: "5A",
    prevScore: 0.1,
    threshold: 0.1005,
  });
  const params = () => DEFAULT_PARAMS;
  it("passes thresholds that follow the published rule", () => {
    expect(checkThresholds([second, first], params)).toEqual([]);
  });
  it("flags a threshold off the rule, and a first crowning over a threshold other than 0", () => {
    expect(checkThresholds([first, { ...second, threshold: 0.101 }], params)).toMatchObject([
      { kind: "threshold_off_rule", block: 26_200 },
    ]);
    expect(checkThresholds([{ ...first, threshold: 0.05 }], params)).toMatchObject([{ block: 1_000 }]);
  });
  it("does not judge an entry whose previous king's crowning is not in the history", () => {
    expect(checkThresholds([{ ...second, threshold: 0.5 }], params)).toEqual([]);
  });
});
