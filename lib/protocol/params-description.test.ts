import { describe, expect, it } from "vitest";

import { DEFAULT_PARAMS } from "./params";
import { describeParams } from "./params-description";

const leafKeys = (value: object, prefix = ""): string[] =>
  Object.entries(value).flatMap(([key, v]) =>
    typeof v === "object" && v !== null ? leafKeys(v as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );

describe("describeParams", () => {
  it("describes every parameter exactly once (the methodology page shows all of them)", () => {
    const keys = describeParams(DEFAULT_PARAMS).map((d) => d.key);
    expect([...keys].sort()).toEqual(leafKeys(DEFAULT_PARAMS).sort());
  });

  it("gives each parameter a label, a value and an explanation", () => {
    for (const d of describeParams(DEFAULT_PARAMS)) {
      expect(d.label.length).toBeGreaterThan(0);
      expect(d.value.length).toBeGreaterThan(0);
      expect(d.explanation.length).toBeGreaterThan(10);
    }
  });

  it("states the image cap in SI gigabytes and which rule is in force when the king leaves", () => {
    const byKey = new Map(describeParams(DEFAULT_PARAMS).map((d) => [d.key, d.value]));
    expect(byKey.get("imageMaxBytes")).toBe("20 GB (20,000,000,000 bytes, SI)");
    expect(byKey.get("onKingGone")).toBe("clear the throne");
    expect(
      describeParams({ ...DEFAULT_PARAMS, onKingGone: "best_remaining" }).find((d) => d.key === "onKingGone")
        ?.value,
    ).toBe("crown the best remaining");
    expect(byKey.get("epsilon0")).toBe("1 %");
    expect(byKey.get("decayBlocks")).toBe("50,400 blocks (7 days)");
    expect(byKey.get("quorum")).toBe("50 %");
    expect(byKey.get("quorumTimeoutBlocks")).toBe("7,200 blocks (24 h)");
    expect(byKey.get("maxJudgeWaitBlocks")).toBe("1,800 blocks (6 h)");
  });
});
