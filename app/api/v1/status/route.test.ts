import { expect, it, vi } from "vitest";
import { describeEachDatabase, serveTestDatabase } from "@/db/test-support/databases";
import { statusSchema } from "@/lib/schemas/status";

// The environment is read once per process (env.ts), so it is set before the route module is loaded.
vi.stubEnv("EPISTULA_SIGNED_FOR", "cacheon-explorer-status-test");
const { GET } = await import("./route");

describeEachDatabase("GET /api/v1/status", (driver) => {
  serveTestDatabase(driver);

  it("publishes the Epistula identity validators sign for", async () => {
    const response = await GET(new Request("http://explorer.test/api/v1/status"), {});
    expect(response.status).toBe(200);
    const status = statusSchema.parse(await response.json());
    expect(status.epistula).toEqual({ signedFor: "cacheon-explorer-status-test" });
  });
});
