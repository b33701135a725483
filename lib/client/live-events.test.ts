import { describe, expect, it } from "vitest";
import type { Hello } from "@/lib/schemas/events";
import { staleOnOpen } from "./live-events";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const hello = (changes: Partial<Hello["changedAt"]>): Hello => ({
  changedAt: {
    king: at(0),
    standings: at(0),
    submission: at(0),
    run: at(0),
    progress: at(0),
    block: at(0),
    ...changes,
  },
});
const renderedAt = Date.parse(at(10));

describe("staleOnOpen", () => {
  it("keeps what the page was rendered with when nothing it shows changed since", () => {
    expect(staleOnOpen("/api/v1/submissions", renderedAt, hello({}), true)).toBe(false);
    // A new block moves the status and the king, not the board.
    expect(staleOnOpen("/api/v1/submissions", renderedAt, hello({ block: at(12) }), true)).toBe(false);
  });

  it("refetches a read that a change of a kind affecting it came after", () => {
    expect(staleOnOpen("/api/v1/status", renderedAt, hello({ block: at(12) }), true)).toBe(true);
    expect(staleOnOpen("/api/v1/submissions/7", renderedAt, hello({ run: at(11) }), true)).toBe(true);
    expect(staleOnOpen("/api/v1/submissions", renderedAt, hello({ run: at(9) }), true)).toBe(false);
  });

  it("refetches everything when a stream reopens after an outage", () => {
    expect(staleOnOpen("/api/v1/submissions", renderedAt, hello({}), false)).toBe(true);
  });
});
