import { describe, expect, it } from "vitest";

import { parseEnv } from "@/env";

import { DEFAULT_DEMO_SPEED, demoSettings } from "./settings";

describe("demoSettings", () => {
  it("runs 1600× faster on port 3000 under ./data/demo with nothing set", () => {
    const s = demoSettings(parseEnv({}));
    expect(s).toMatchObject({ speed: DEFAULT_DEMO_SPEED, port: 3000, netuid: 14, network: "demo" });
    expect(s.dataDir.endsWith(`${"/"}data${"/"}demo`)).toBe(true);
  });

  it("takes the speed, port and folder from the environment", () => {
    const s = demoSettings(parseEnv({ DEMO_SPEED: "2400", PORT: "3300", DEMO_DATA_DIR: "/tmp/x" }));
    expect(s).toMatchObject({ speed: 2400, port: 3300, dataDir: "/tmp/x" });
  });

  it("refuses a speed the devnet cannot keep (over 1 block per millisecond)", () => {
    expect(() => parseEnv({ DEMO_SPEED: "20000" })).toThrow(/DEMO_SPEED/);
    expect(() => parseEnv({ DEMO_SPEED: "0" })).toThrow(/DEMO_SPEED/);
  });
});
