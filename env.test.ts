import { describe, expect, it } from "vitest";
import { chainIngestConfig } from "@/workers/chain-ingest/start";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("serves finney's netuid 14 on the embedded database with nothing set", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ NETWORK: "finney", NETUID: 14, PORT: 3000, RUN_WORKERS: true });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.CHAIN_START_BLOCK).toBeUndefined();
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", CHAIN_START_BLOCK: "" }).DATABASE_URL).toBeUndefined();
  });

  it("follows the official API by default, and an empty OFFICIAL_API_URL switches the importer off", () => {
    expect(parseEnv({}).OFFICIAL_API_URL).toBe("https://api.cacheon.ai");
    expect(parseEnv({ OFFICIAL_API_URL: "" }).OFFICIAL_API_URL).toBe("");
    expect(parseEnv({ OFFICIAL_API_URL: "http://127.0.0.1:8090" }).OFFICIAL_API_URL).toBe(
      "http://127.0.0.1:8090",
    );
    expect(() => parseEnv({ OFFICIAL_API_URL: "ftp://x" })).toThrow(EnvError);
  });

  it("hands the ingest tuning variables to the chain worker", () => {
    const env = parseEnv({
      CHAIN_START_BLOCK: "4200000",
      CHAIN_INGEST_CONCURRENCY: "8",
      CHAIN_INGEST_RANGE: "64",
      CHAIN_ARCHIVE_AFTER_BLOCKS: "1000",
    });
    expect(chainIngestConfig(env).ingest).toEqual({
      startBlock: 4_200_000,
      concurrency: 8,
      rangeSize: 64,
      archiveAfterBlocks: 1_000,
    });
  });

  it.each([
    ["NETUID", "70000"],
    ["PORT", "http"],
    ["DATABASE_URL", "mysql://localhost/x"],
    ["CHAIN_ENDPOINT", "https://example.org"],
    ["CHAIN_START_BLOCK", "-1"],
    ["CHAIN_INGEST_CONCURRENCY", "0"],
    ["RUN_WORKERS", "yes"],
    ["PUBLIC_URL", "javascript:alert(1)"],
  ])("names %s when its value %j is wrong", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(
      new RegExp(`^Invalid environment configuration:\\n  ${name}:`),
    );
  });
});
