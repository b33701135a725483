import http from "node:http";
import path from "node:path";

import { streamChat } from "@/workers/runner/engine/client";
import { loadCorpus } from "@/workers/runner/engine/corpus";
import { buildPromptSet, DEFAULT_CONTEXT_CHARS } from "@/workers/runner/engine/prompts";
import { evalSettingsFrom } from "@/workers/runner/engine/settings";
import { verifyTimedText } from "@/workers/runner/engine/verify";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { startReferenceServer } from "@/workers/reference-server/server";

import { load1 } from "../lib/machine";
import type { BenchRow } from "../lib/result";
import { round } from "../lib/stats";

// What verifying the timed output adds to one evaluation, its baseline's start aside: the runner's own
// verification (workers/runner/engine/verify.ts: /tokenize and prompt_logprobs, then the per-token check) through the
// reference server, in verified tokens per second, beside the rate of the timed pass itself on the same
// server and prompts (the runner's SSE client, the server streaming as fast as it can). Real vLLM: not here.

const SEED_HASH = `0x${"5e".repeat(32)}`;

export async function verifyRow(
  options: { rounds: number },
  echo: (line: string) => void,
): Promise<BenchRow> {
  const settings = evalSettingsFrom(DEFAULT_PARAMS);
  const set = buildPromptSet(SEED_HASH, loadCorpus(path.resolve("corpus")), {
    scored: DEFAULT_PARAMS.scoredPrompts,
    warmups: 0,
    contextChars: DEFAULT_CONTEXT_CHARS,
  });
  // No TTFT and an unbounded rate: the timed pass then measures the client and the server, not a sleep.
  const server = await startReferenceServer({ ttftMs: 0, tps: 1e9 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const signal = new AbortController().signal;
  const timed: number[] = [];
  const verified: number[] = [];
  try {
    for (let round_ = 0; round_ < options.rounds; round_++) {
      let tokens = 0;
      const texts: string[] = [];
      let start = performance.now();
      for (const prompt of set.scored) {
        const m = await streamChat({
          baseUrl: server.url,
          body: {
            model: settings.model,
            messages: prompt.messages,
            max_tokens: settings.maxTokens,
            temperature: 0,
            stream: true,
          },
          timeoutMs: settings.promptTimeoutMs,
          signal,
          agent,
        });
        tokens += m.contentTimes.length;
        texts.push(m.text);
      }
      timed.push(tokens / ((performance.now() - start) / 1000));

      let checked = 0;
      start = performance.now();
      for (const [i, prompt] of set.scored.entries()) {
        const v = await verifyTimedText({
          baseUrl: server.url,
          prompt,
          text: texts[i] ?? "",
          settings,
          signal,
        });
        if (v.failure !== null)
          throw new Error(
            `the reference server's own output failed verification: ${JSON.stringify(v.failure)}`,
          );
        checked += v.verifiedTokens;
      }
      verified.push(checked / ((performance.now() - start) / 1000));
      echo(
        `verify: round ${round_ + 1}: timed ${round(timed.at(-1) ?? 0, 0)} tokens/s, verified ${round(verified.at(-1) ?? 0, 0)} tokens/s`,
      );
    }
  } finally {
    agent.destroy();
    await server.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const v = median(verified);
  const t = median(timed);
  const ratio = v / t;
  return {
    row: "verify",
    what: `verifying the timed output through the reference server (${set.scored.length} prompts × ${settings.maxTokens} tokens, ${DEFAULT_CONTEXT_CHARS.toLocaleString("en-US")}-character context)`,
    figure: `${Math.round(v).toLocaleString("en-US")} verified tokens/s`,
    reference: `the timed pass on the same server: ${Math.round(t).toLocaleString("en-US")} tokens/s`,
    ratio: `${round(ratio * 100, 1)} % of the reference`,
    target: "≥ 100 % (verifying takes no longer than the timed pass)",
    met: ratio >= 1,
    load: load1(),
    detail: { timedTokensPerSecond: timed, verifiedTokensPerSecond: verified },
  };
}
