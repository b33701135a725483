import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError, ERROR_STATUS, fromZodError, jsonPath } from "./errors";

describe("jsonPath", () => {
  it("writes array indexes in brackets and keys after dots", () => {
    expect(jsonPath(["prompts", 3, "ttftMs"])).toBe("$.prompts[3].ttftMs");
    expect(jsonPath([])).toBe("$");
  });
});

describe("fromZodError", () => {
  it("keeps every failing path and names them in the message", () => {
    const schema = z.object({ a: z.number(), b: z.array(z.string()) });
    const result = schema.safeParse({ a: "x", b: [1] });
    expect(result.success).toBe(false);
    if (result.success) return;
    const error = fromZodError(result.error, "invalid_body");
    expect(error.status).toBe(400);
    expect(error.extra.issues?.map((i) => i.path)).toEqual(["$.a", "$.b[0]"]);
    expect(error.message).toContain("$.b[0]");
  });
});

describe("ApiError", () => {
  it("maps each documented code to its documented status", () => {
    expect(ERROR_STATUS).toMatchObject({
      invalid_body: 400,
      bad_signature: 401,
      stale_timestamp: 401,
      missing_headers: 401,
      not_a_validator: 403,
      not_found: 404,
      conflict: 409,
      replayed: 409,
      body_too_large: 413,
      unsupported_media_type: 415,
      inconsistent_score: 422,
      inconsistent_verdict: 422,
      rate_limited: 429,
    });
    expect(new ApiError("replayed", "x").status).toBe(409);
  });
});
