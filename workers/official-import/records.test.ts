import { describe, expect, it } from "vitest";
import { buildEra, UNKNOWN_SHAPE_RECORD } from "@/workers/official-api-fake/eras";
import {
  canonicalJson,
  parseCrowning,
  parseEvaluation,
  parseKingRecord,
  recordKey,
} from "@/lib/official/records";

describe("parseEvaluation", () => {
  it("reads the improvements era and the end-to-end era", () => {
    const v1 = parseEvaluation(buildEra("king").evaluations[0]);
    const v2 = parseEvaluation(buildEra("june").evaluations[0]);
    expect(v1).toMatchObject({ known: true, schema: "evaluation.improvements.v1" });
    expect(v2).toMatchObject({ known: true, schema: "evaluation.e2e.v2" });
    if (v2.known) expect(v2.value.perPrompt[0]?.e2eS).toBeTypeOf("number");
  });
  it("keeps a record with a field it does not know", () => {
    const record = { ...buildEra("june").evaluations[0], future_field: { x: 1 } };
    expect(parseEvaluation(record).known).toBe(true);
  });
  it("accepts null floats (NaN on the wire)", () => {
    const record = { ...buildEra("king").evaluations[0], score: null, ttft_improvement: null };
    expect(parseEvaluation(record).known).toBe(true);
  });
  it("reports a shape it does not understand instead of throwing", () => {
    expect(parseEvaluation(UNKNOWN_SHAPE_RECORD)).toMatchObject({ known: false });
    expect(recordKey("evaluation", UNKNOWN_SHAPE_RECORD)).toMatch(/^raw:[0-9a-f]{64}$/);
  });
});

describe("parseCrowning and parseKingRecord", () => {
  it("translates king, winner and leader names to one crowning", () => {
    const roles = buildEra("june").history.map((h) => {
      const p = parseCrowning(h);
      return p.known ? [p.value.role, p.value.uid, p.value.threshold] : null;
    });
    expect(roles).toEqual([
      ["king", 2, 0],
      ["winner", 5, expect.any(Number)],
      ["leader", 6, expect.any(Number)],
    ]);
  });
  it("reads the crowning block under crowned_at_block or won_at_block", () => {
    const winner = parseKingRecord(buildEra("winner").king);
    const king = parseKingRecord(buildEra("king").king);
    expect(winner.known && winner.value.crownedBlock).toBe(25_100);
    expect(king.known && king.value.crownedBlock).toBe(25_100);
  });
});

describe("canonicalJson", () => {
  it("is independent of key order", () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(
      canonicalJson({ a: [1, { c: 3, d: 2 }], b: 1 }),
    );
  });
});
