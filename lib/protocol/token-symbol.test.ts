import { describe, expect, it } from "vitest";
import { SUBNET_TOKEN, tokenSymbol } from "./token-symbol";

describe("tokenSymbol", () => {
  it("is the runtime's default symbol at the netuid: Τ for the root, α for 1, ξ for Cacheon's 14", () => {
    expect(tokenSymbol(0)).toBe("Τ");
    expect(tokenSymbol(1)).toBe("α");
    expect(tokenSymbol(13)).toBe("ν");
    expect(tokenSymbol(14)).toBe("ξ");
    expect(tokenSymbol(19)).toBe("t");
    expect(tokenSymbol(24)).toBe("ω");
    expect(SUBNET_TOKEN).toBe("ξ");
  });

  it("falls back to α past the Greek table or for a netuid that is not one", () => {
    expect(tokenSymbol(25)).toBe("α");
    expect(tokenSymbol(-1)).toBe("α");
    expect(tokenSymbol(1.5)).toBe("α");
  });
});
