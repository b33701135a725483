import { z } from "zod";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

const schema = z.object({ v: z.number().nullable(), id: z.number().int() });

describe("cursor", () => {
  it("round-trips a payload through an opaque base64url string, floats exactly", () => {
    const payload = { v: 0.1 + 0.2, id: 42 };
    const text = encodeCursor(payload);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, schema)).toEqual(payload);
  });

  it.each(["%%%", "bm90IGpzb24", encodeCursor({ v: "x", id: 1 }), encodeCursor([1, 2])])(
    "answers null for %j, which is not one of ours",
    (text) => {
      expect(decodeCursor(text, schema)).toBeNull();
    },
  );
});
