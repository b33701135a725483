import { describe, expect, it } from "vitest";

import { compareCommitOrder, findCopies } from "./copies";
import { judgingBlocks, type JudgingInput } from "./judging";
import { sub } from "./test-support/king-events";

const paramsAt = () => ({ maxJudgeWaitBlocks: 1_800 });
const s = (id: number, uid: number, commitBlock: number, finalBlock: number | null): JudgingInput => ({
  id,
  uid,
  commitBlock,
  finalBlock,
});

describe("judgingBlocks", () => {
  it("judges at its own finality block when every earlier submission was final before it", () => {
    const j = judgingBlocks([s(1, 1, 10, 100), s(2, 2, 20, 150)], 200, paramsAt);
    expect(j.get(2)).toEqual({ status: "judged", block: 150, waitedFor: null });
  });

  it("waits for an earlier submission that becomes final later, up to the wait", () => {
    const j = judgingBlocks([s(1, 1, 10, 900), s(2, 2, 20, 150)], 1_000, paramsAt);
    expect(j.get(2)).toEqual({ status: "judged", block: 900, waitedFor: 1 });
    const late = judgingBlocks([s(1, 1, 10, 5_000), s(2, 2, 20, 150)], 6_000, paramsAt);
    expect(late.get(2)).toEqual({ status: "judged", block: 1_950, waitedFor: 1 });
  });

  it("says what a final submission waits for while an earlier one is not final and the wait is not over", () => {
    const j = judgingBlocks([s(1, 1, 10, null), s(2, 2, 20, 150)], 1_949, paramsAt);
    expect(j.get(2)).toEqual({ status: "waiting", waitingFor: 1, untilBlock: 1_950 });
    expect(j.get(1)).toEqual({ status: "not_final" });
    const over = judgingBlocks([s(1, 1, 10, null), s(2, 2, 20, 150)], 1_950, paramsAt);
    expect(over.get(2)).toEqual({ status: "judged", block: 1_950, waitedFor: 1 });
  });

  it("orders by commit block, then lower UID: only earlier-committed submissions hold one back", () => {
    const j = judgingBlocks([s(3, 9, 30, null), s(4, 1, 20, 400), s(5, 5, 20, 100)], 500, paramsAt);
    // Submission 5 (UID 5) was committed in the same block as 4 (UID 1), so it comes after it and waits.
    expect(j.get(5)).toEqual({ status: "judged", block: 400, waitedFor: 4 });
    expect(j.get(4)).toEqual({ status: "judged", block: 400, waitedFor: null });
  });
});

describe("compareCommitOrder", () => {
  it("orders by commit block, then lower UID, then the smaller id as a number", () => {
    const ordered = [sub(2, 0, 6), sub(10, 1, 5), sub(9, 1, 5), sub(11, 0, 5)].sort(compareCommitOrder);
    expect(ordered.map((s) => s.id)).toEqual([11, 9, 10, 2]);
  });
});

describe("findCopies", () => {
  it("marks a later commit of any earlier digest by another hotkey as a copy of the earliest original", () => {
    const a = sub(1, 1, 10);
    const copy = sub(2, 2, 20, { digest: a.digest });
    const copy2 = sub(3, 3, 30, { digest: a.digest });
    expect(findCopies([copy2, copy, a])).toEqual(
      new Map([
        [copy.id, a.id],
        [copy2.id, a.id],
      ]),
    );
  });

  it("breaks a same-block tie by lower UID and never calls a hotkey's own digest a copy", () => {
    const low = sub(1, 1, 10);
    const high = sub(2, 2, 10, { digest: low.digest });
    const again = sub(3, 1, 50, { hotkey: low.hotkey, digest: sub(9, 0, 0).digest });
    const own = sub(4, 1, 60, { hotkey: again.hotkey, digest: again.digest });
    expect(findCopies([high, low, again, own])).toEqual(new Map([[high.id, low.id]]));
  });
});
