import { pinnedBaselineArgs } from "@/lib/protocol/baseline-args";
import type { ProtocolParams } from "@/lib/protocol/params";

// What this runner actually starts as its baseline, compared with what the protocol pins: a validator whose
// baseline differs measures every submission against another server, so its runs are not posted.

export interface BaselineSetup {
  /** name[:tag]@sha256:…; only the digest is compared (a mirror may name the same image otherwise). */
  readonly image: string;
  readonly args: readonly string[];
  /** The weights' commit as their download recorded it; null when it cannot be told. */
  readonly weightsRevision: string | null;
  /** Why the revision is unknown, or where it was read. */
  readonly weightsRevisionSource: string;
}

export function pinnedSetup(params: ProtocolParams, gpuCount: number): BaselineSetup {
  return {
    image: params.baseline.image,
    args: pinnedBaselineArgs(params, gpuCount),
    weightsRevision: params.baseline.weightsRevision,
    weightsRevisionSource: params.baseline.weightsRepo,
  };
}

const digestOf = (image: string): string => image.split("@")[1] ?? "";

/** `--flag value` pairs (a flag followed by another flag, or last, has the value ""). */
function flagMap(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (eq > 0) {
      flags.set(arg.slice(0, eq), arg.slice(eq + 1));
      continue;
    }
    const next = args[i + 1];
    const value = next !== undefined && !next.startsWith("--") ? next : "";
    flags.set(arg, value);
    if (value !== "") i++;
  }
  return flags;
}

/** Each way `actual` differs from `pinned`, one line each; empty when they agree. */
export function setupDifferences(pinned: BaselineSetup, actual: BaselineSetup): string[] {
  const differences: string[] = [];
  if (digestOf(actual.image) !== digestOf(pinned.image))
    differences.push(`baseline image: ${actual.image}, pinned ${pinned.image}`);
  const want = flagMap(pinned.args);
  const have = flagMap(actual.args);
  for (const [flag, value] of want) {
    const own = have.get(flag);
    if (own === undefined) differences.push(`vLLM flag ${flag}: missing, pinned ${value || "(set)"}`);
    else if (own !== value)
      differences.push(`vLLM flag ${flag}: ${own || "(set)"}, pinned ${value || "(set)"}`);
  }
  for (const [flag, value] of have)
    if (!want.has(flag)) differences.push(`vLLM flag ${flag}${value === "" ? "" : ` ${value}`}: not pinned`);
  if (actual.weightsRevision !== pinned.weightsRevision)
    differences.push(
      actual.weightsRevision === null
        ? `weights revision: unknown (${actual.weightsRevisionSource}), pinned ${pinned.weightsRevision} of ${pinned.weightsRevisionSource}`
        : `weights revision: ${actual.weightsRevision} (${actual.weightsRevisionSource}), pinned ${pinned.weightsRevision} of ${pinned.weightsRevisionSource}`,
    );
  return differences;
}
