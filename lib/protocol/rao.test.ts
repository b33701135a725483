import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { parseRao, raoToString } from "./rao";

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
