import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Many suites mostly wait (child processes, restarts, back-off): three files at once keep a 2-core machine
    // busy, where Vitest's default (cores - 1) runs one file at a time there.
    maxWorkers: Math.max(3, availableParallelism() - 1),
  },
});
