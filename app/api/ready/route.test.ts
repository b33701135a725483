import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDatabase } from "@/db/instance";
import { GET } from "./route";

// The 503 path through the real route, on a database that refuses connections; the 200 path is in
// server/api/readiness.test.ts (both drivers) and e2e/security.spec.ts (the production server).
describe("GET /api/ready", () => {
  beforeAll(() => {
    vi.stubEnv("DATABASE_URL", "postgres://cacheon:hunter2@127.0.0.1:9/cacheon");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await closeDatabase().catch(() => undefined);
  });

  it("answers 503 unavailable with the reason, without the password", async () => {
    const response = await GET(new Request("http://explorer.test/api/ready"), {});
    expect(response.status).toBe(503);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toMatch(/^Not ready: the database cannot be opened: .*ECONNREFUSED/);
    expect(JSON.stringify(body)).not.toContain("hunter2");
  });
});
