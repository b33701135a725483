import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS, serverArgs } from "./server-entry";

describe("the server's command line", () => {
  it("is the same for `npm run serve` as for the tests, the demo and the benchmarks", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.serve).toBe(
      `node ${SERVER_NODE_FLAGS.join(" ")} \${NEXT_DIST_DIR:-.next}/cacheon-server/start.mjs`,
    );
    expect(serverArgs(".next")).toEqual([...SERVER_NODE_FLAGS, ".next/cacheon-server/start.mjs"]);
  });
});
