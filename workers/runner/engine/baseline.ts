import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import type { PromptMeasurement } from "./measure";

// The baseline is measured once per (seed, prompts, hardware, baseline image, its flags, the weights'
// revision) and cached on disk, so a round with many submissions starts vLLM once. A corrupt or foreign cache
// file is a miss, never a crash.

export interface BaselineKeyInput {
  readonly blockHash: string;
  readonly promptEngineVersion: string;
  readonly corpusSha256: string;
  readonly contextChars: number;
  /** e.g. "4x NVIDIA H200 (driver 550.90.07)" */
  readonly hardware: string;
  /** image@digest of the pinned vLLM. */
  readonly image: string;
  /** vLLM's command line (max-model-len, generation config, tensor parallelism…), space-joined. */
  readonly baselineArgs: string;
  /** The weights' commit ("unknown" when it cannot be told). */
  readonly weightsRevision: string;
  readonly model: string;
  readonly maxTokens: number;
  readonly passes: 1 | 2;
}

export function baselineCacheKey(input: BaselineKeyInput): string {
  const fields = Object.entries(input).sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

const top = z.object({ token: z.string(), logprob: z.number() });
const measurement = z.object({
  index: z.number().int().nonnegative(),
  promptSha256: z.string(),
  ttftMs: z.number(),
  throughputTps: z.number(),
  e2eMs: z.number(),
  itlMs: z.object({ p50: z.number(), p90: z.number(), p99: z.number() }),
  // Absent from records cached before verification: the baseline's own span is never needed.
  decodeMs: z.number().nullable().default(null),
  outputTokens: z.number().int().nonnegative(),
  tokens: z.array(
    z.object({
      token: z.string(),
      text: z.string(),
      logprobs: z.object({ logprob: z.number(), top: z.array(top) }).nullable(),
    }),
  ),
  speedText: z.string(),
  promptTokens: z.number().int().nullable(),
  promptTokensEstimate: z.number().int(),
});

export const baselineRecordSchema = z.object({
  key: z.string(),
  measuredAt: z.iso.datetime(),
  engine: z.string().min(1),
  version: z.string().min(1),
  image: z.string().min(1),
  prompts: z.array(measurement),
});

export interface BaselineRecord {
  readonly key: string;
  readonly measuredAt: string;
  readonly engine: string;
  readonly version: string;
  readonly image: string;
  /** In canonical prompt order. */
  readonly prompts: readonly PromptMeasurement[];
}

export class BaselineCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, `baseline-${key}.json`);
  }

  async get(key: string): Promise<BaselineRecord | null> {
    let text: string;
    try {
      text = await readFile(this.file(key), "utf8");
    } catch {
      return null;
    }
    try {
      const record = baselineRecordSchema.parse(JSON.parse(text));
      return record.key === key ? record : null;
    } catch {
      return null;
    }
  }

  /** Write-then-rename with fsync: a crash leaves the old file or the new one, never half of one. */
  async put(record: BaselineRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `.baseline-${record.key}.${randomUUID()}.tmp`);
    const handle = await open(tmp, "w");
    try {
      await handle.writeFile(JSON.stringify(record));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file(record.key));
  }
}
