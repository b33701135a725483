import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { z } from "zod";

import { paramsAt, type CorpusParams } from "@/lib/protocol/params";
import { loadCorpus } from "@/workers/runner/engine/corpus";

import { ConfigError } from "./config";
import { downloadCorpus, type DownloadOptions } from "./corpus-download";
import { corpusIdentityCheck, PG19_SOURCE } from "./corpus-source";
import { operatorOutput } from "./start";

// `runner corpus download [--dir DIR] [--source URL]`: fetches the pinned PG19 split onto the pod once, then
// checks the folder's corpus identity against the protocol's. The runner's `--corpus` then points at DIR.

const USAGE = "usage: runner corpus download [--dir DIR] [--source URL]";

export interface CorpusCommandOptions {
  /** The pinned corpus; the parameters in force now unless a test gives its own. */
  readonly corpus?: CorpusParams;
  readonly out?: (line: string) => void;
  readonly download?: Partial<Pick<DownloadOptions, "log" | "concurrency" | "attempts" | "backoff">>;
}

export function defaultCorpusDir(split: string): string {
  return path.join(os.homedir(), ".cacheon-runner", `pg19-${split}`);
}

/** Runs `runner corpus <argv…>`; resolves to the exit code. */
export async function corpusCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  options: CorpusCommandOptions = {},
): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "download") throw new ConfigError(USAGE);
  let flags: { dir?: string; source?: string };
  try {
    flags = parseArgs({
      args: rest,
      options: { dir: { type: "string" }, source: { type: "string" } },
      strict: true,
    }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const source = z.url({ protocol: /^https?$/ }).safeParse(flags.source ?? PG19_SOURCE);
  if (!source.success) throw new ConfigError(`--source must be an http(s) URL\n\n${USAGE}`);

  const pinned = options.corpus ?? paramsAt(Number.MAX_SAFE_INTEGER).corpus;
  // RUNNER_CORPUS is where the runner reads its corpus, so it is where the download goes by default.
  const dir = path.resolve(flags.dir || env.RUNNER_CORPUS || defaultCorpusDir(pinned.split));
  const out = options.out ?? ((line: string) => console.log(line));
  const log = options.download?.log ?? operatorOutput(process.stdout, "info").log;

  const summary = await downloadCorpus({
    ...options.download,
    dir,
    source: source.data.replace(/\/+$/, ""),
    split: pinned.split,
    log,
  });
  out(`${summary.books} books in ${dir}: ${summary.downloaded} downloaded, ${summary.skipped} already there`);
  const check = corpusIdentityCheck(dir, loadCorpus(dir).sha256, pinned);
  for (const line of check.lines) out(line);
  if (check.exitCode === 0) out(`run the runner with --corpus ${dir}`);
  return check.exitCode;
}
