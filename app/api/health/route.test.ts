import { describe, expect, it } from "vitest";
import { GET } from "./route";

describe("GET /api/health", () => {
  it("answers 200 without touching the database, never cached", async () => {
    const response = await GET(new Request("http://explorer.test/api/health"), {});
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: "ok", uptimeSeconds: expect.any(Number) });
  });
});
