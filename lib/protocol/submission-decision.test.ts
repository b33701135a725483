import { describe, expect, it } from "vitest";

import { commitmentsInRegistration, decideSubmission, IGNORED_REASON } from "./commitment";

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const commit = (image: string, d: string): string => JSON.stringify({ image, digest: d });

describe("decideSubmission", () => {
  it("takes the first parseable commitment as the submission (one submission per hotkey)", () => {
    const result = decideSubmission([
      { id: "c1", block: 10, content: "garbage here" },
      { id: "c2", block: 20, content: commit("alice/q:v1", digest("a")) },
      { id: "c3", block: 30, content: commit("alice/q:v2", digest("b")) },
    ]);
    expect(result.submissionId).toBe("c2");
    expect(result.decisions.map((d) => d.kind)).toEqual(["unparseable", "submission", "ignored"]);
  });

  it("marks a later different commitment ignored with the reason shown to the miner", () => {
    const result = decideSubmission([
      { id: "c1", block: 1, content: commit("alice/q:v1", digest("a")) },
      { id: "c2", block: 2, content: commit("alice/other:v1", digest("a")) },
    ]);
    expect(result.decisions[1]).toMatchObject({
      kind: "ignored",
      reason: IGNORED_REASON,
      submissionId: "c1",
    });
    expect(IGNORED_REASON).toBe("one submission per hotkey");
  });

  it("treats a re-commit of the same repository and digest as a repeat, not a new submission", () => {
    const result = decideSubmission([
      { id: "c1", block: 1, content: commit("alice/q:v1", digest("a")) },
      { id: "c2", block: 2, content: `alice/q:renamed@${digest("a")}` },
    ]);
    expect(result.submissionId).toBe("c1");
    expect(result.decisions[1]).toMatchObject({ kind: "repeat", submissionId: "c1" });
  });

  it("records unparseable commitments after the submission with their cause", () => {
    const result = decideSubmission([
      { id: "c1", block: 1, content: commit("alice/q", digest("a")) },
      { id: "c2", block: 2, content: "{" },
    ]);
    expect(result.decisions[1]).toMatchObject({ kind: "unparseable", cause: "bad_json" });
  });

  it("orders by commit block whatever the input order", () => {
    const result = decideSubmission([
      { id: "late", block: 9, content: commit("alice/b", digest("b")) },
      { id: "early", block: 3, content: commit("alice/a", digest("a")) },
    ]);
    expect(result.submissionId).toBe("early");
  });

  it("accepts raw bytes and rejects non-UTF-8 ones as not_utf8", () => {
    const result = decideSubmission([
      { id: "c1", block: 1, content: Uint8Array.from([0xff]) },
      { id: "c2", block: 2, content: new TextEncoder().encode(commit("alice/q", digest("a"))) },
    ]);
    expect(result.decisions[0]).toMatchObject({ kind: "unparseable", cause: "not_utf8" });
    expect(result.submissionId).toBe("c2");
  });

  it("gives no submission when nothing parses", () => {
    expect(decideSubmission([{ id: "c1", block: 1, content: "" }]).submissionId).toBeNull();
    expect(decideSubmission([]).submissionId).toBeNull();
  });

  it("starts afresh for a hotkey that deregistered and re-registered (a new registration, a new decision)", () => {
    const records = [
      { id: "r1a", block: 100, content: commit("alice/q", digest("a")) },
      { id: "r1b", block: 150, content: commit("alice/q2", digest("b")) },
      { id: "r2a", block: 300, content: commit("alice/q3", digest("c")) },
    ];
    const first = decideSubmission(commitmentsInRegistration(records, { fromBlock: 90, toBlock: 200 }));
    const second = decideSubmission(commitmentsInRegistration(records, { fromBlock: 250, toBlock: null }));
    expect(first.submissionId).toBe("r1a");
    expect(first.decisions.map((d) => d.kind)).toEqual(["submission", "ignored"]);
    expect(second.submissionId).toBe("r2a");
  });
});

describe("commitmentsInRegistration", () => {
  it("keeps commitments from the registration block up to, not including, the deregistration block", () => {
    const records = [5, 10, 19, 20].map((block) => ({ block }));
    expect(commitmentsInRegistration(records, { fromBlock: 10, toBlock: 20 })).toEqual([
      { block: 10 },
      { block: 19 },
    ]);
  });
});
