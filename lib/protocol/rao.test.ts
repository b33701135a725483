import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { formatRao, parseRao, raoToString } from "./rao";

describe("raoToString", () => {
  it("writes a plain decimal string, exact beyond 2^53", () => {
    expect(raoToString(123_456_789_012_345_678_901n)).toBe("123456789012345678901");
    expect(raoToString(0n)).toBe("0");
  });

  it("round-trips through parseRao for every amount", () => {
    fc.assert(
      fc.property(fc.bigInt(), (rao) => {
        expect(parseRao(raoToString(rao))).toBe(rao);
      }),
    );
  });
});

describe("parseRao", () => {
  it.each(["", "1.5", "1e9", "0x10", " 1", "+1", "01", "-0x1", "abc"])("rejects %j", (text) => {
    expect(parseRao(text)).toBeNull();
  });
});

describe("formatRao", () => {
  it("shows units with 4 decimals by default, truncated toward zero", () => {
    expect(formatRao(28_123_456_789n)).toBe("28.1234");
    expect(formatRao(999_999_999n)).toBe("0.9999");
  });

  it("groups thousands and honours the number of decimals", () => {
    expect(formatRao(1_234_567_000_000_000n, 0)).toBe("1,234,567");
    expect(formatRao(1_500_000_000n, 9)).toBe("1.500000000");
  });

  it("keeps the sign of negative amounts, and drops it when nothing shows", () => {
    expect(formatRao(-1_500_000_000n, 2)).toBe("-1.50");
    expect(formatRao(-1n, 2)).toBe("0.00");
  });
});
