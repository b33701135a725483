import { expect, it } from "vitest";
import { createLogger } from "@/lib/log";
import type { ProgressEvent } from "@/lib/protocol/run-schema";
import type { ApiClient } from "./api-client";
import { ProgressReporter } from "./progress";

/** An API that holds the first request until released, as a slow explorer would. */
function slowApi() {
  const sent: ProgressEvent[] = [];
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const api = {
    progress: async (_runId: string, event: ProgressEvent) => {
      if (sent.length === 0) await held;
      sent.push(event);
      return { status: 201, text: "", retryAfterMs: null };
    },
  } as unknown as ApiClient;
  return { api, sent, release: () => release() };
}

it("posts prompt k of N, a waiting prompt replaced by the next of its phase, the phases all kept", async () => {
  const { api, sent, release } = slowApi();
  const reporter = new ProgressReporter(api, "run-1", createLogger({}, "error"));
  reporter.report("health", "polling");
  reporter.report("benchmark", "40 timed prompts");
  for (let k = 1; k <= 40; k++) reporter.report("benchmark", "40 timed prompts", { index: k, count: 40 });
  reporter.report("correctness", "40 prompts");
  reporter.report("correctness", "40 prompts", { index: 1, count: 40 });
  release();
  await reporter.flush();
  expect(
    sent.map((e) => `${e.phase}${e.promptIndex === undefined ? "" : ` ${e.promptIndex}/${e.promptCount}`}`),
  ).toEqual(["health", "benchmark", "benchmark 40/40", "correctness", "correctness 1/40"]);
});
