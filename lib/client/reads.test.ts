import { describe, expect, it } from "vitest";
import { apiKey } from "./api";
import { apiRead } from "./reads";

describe("apiRead", () => {
  it("fills the route's parameters, encoded, and keeps the query for the server", () => {
    const read = apiRead("/api/v1/miners/[hotkey]", { hotkey: "a b/c" });
    expect(read.path).toBe("/api/v1/miners/a%20b%2Fc");
    expect(read.params).toEqual({ hotkey: "a b/c" });
    expect(read.query).toEqual({});
  });

  it("leaves out empty values, so the browser's and the server's reads share one cache key", () => {
    const read = apiRead("/api/v1/submissions", {}, { q: "", sort: "score", cursor: undefined, limit: 6 });
    expect(read.path).toBe("/api/v1/submissions?sort=score&limit=6");
    expect(read.query).toEqual({ sort: "score", limit: "6" });
    expect(apiKey(read.path)).toEqual(apiKey("/api/v1/submissions?sort=score&limit=6"));
  });

  it("refuses a route whose parameter has no value", () => {
    expect(() => apiRead("/api/v1/submissions/[id]", {} as { id: string })).toThrow(/\[id\]/);
  });
});
