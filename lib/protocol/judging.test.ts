import { describe, expect, it } from "vitest";

import { findCopies } from "./copies";
import { judgingBlocks, type JudgingInput } from "./judging";
import { sub } from "./test-support/king-events";

const paramsAt = () => ({ maxJudgeWaitBlocks: 1_800 });
const s = (id: string, uid: number, commitBlock: number, finalBlock: number | null): JudgingInput => ({
  id,
  uid,
  commitBlock,
  finalBlock,
});

describe("judgingBlocks", () => {
  it("judges at its own finality block when every earlier submission was final before it", () => {
    const j = judgingBlocks([s("a", 1, 10, 100), s("b", 2, 20, 150)], 200, paramsAt);
    expect(j.get("b")).toEqual({ status: "judged", block: 150, waitedFor: null });
  });

  it("waits for an earlier submission that becomes final later, up to the wait", () => {
    const j = judgingBlocks([s("a", 1, 10, 900), s("b", 2, 20, 150)], 1_000, paramsAt);
    expect(j.get("b")).toEqual({ status: "judged", block: 900, waitedFor: "a" });
    const late = judgingBlocks([s("a", 1, 10, 5_000), s("b", 2, 20, 150)], 6_000, paramsAt);
    expect(late.get("b")).toEqual({ status: "judged", block: 1_950, waitedFor: "a" });
  });

  it("says what a final submission waits for while an earlier one is not final and the wait is not over", () => {
    const j = judgingBlocks([s("a", 1, 10, null), s("b", 2, 20, 150)], 1_949, paramsAt);
    expect(j.get("b")).toEqual({ status: "waiting", waitingFor: "a", untilBlock: 1_950 });
    expect(j.get("a")).toEqual({ status: "not_final" });
    const over = judgingBlocks([s("a", 1, 10, null), s("b", 2, 20, 150)], 1_950, paramsAt);
    expect(over.get("b")).toEqual({ status: "judged", block: 1_950, waitedFor: "a" });
  });

  it("orders by commit block, then lower UID: only earlier-committed submissions hold one back", () => {
    const j = judgingBlocks(
      [s("late", 9, 30, null), s("low", 1, 20, 400), s("high", 5, 20, 100)],
      500,
      paramsAt,
    );
    // "high" (UID 5) was committed in the same block as "low" (UID 1), so it comes after it and waits.
    expect(j.get("high")).toEqual({ status: "judged", block: 400, waitedFor: "low" });
    expect(j.get("low")).toEqual({ status: "judged", block: 400, waitedFor: null });
  });
});

describe("findCopies", () => {
  it("marks a later commit of any earlier digest by another hotkey as a copy of the earliest original", () => {
    const a = sub("a", 1, 10);
    const copy = sub("copy", 2, 20, { digest: a.digest });
    const copy2 = sub("copy2", 3, 30, { digest: a.digest });
    expect(findCopies([copy2, copy, a])).toEqual(
      new Map([
        ["copy", "a"],
        ["copy2", "a"],
      ]),
    );
  });

  it("breaks a same-block tie by lower UID and never calls a hotkey's own digest a copy", () => {
    const low = sub("low", 1, 10);
    const high = sub("high", 2, 10, { digest: low.digest });
    const again = sub("again", 1, 50, { hotkey: low.hotkey, digest: sub("x", 0, 0).digest });
    const own = sub("own", 1, 60, { hotkey: again.hotkey, digest: again.digest });
    expect(findCopies([high, low, again, own])).toEqual(new Map([["high", "low"]]));
  });
});
