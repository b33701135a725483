import { formatCount, formatRaoUnits } from "@/lib/format";
import type { FinalityView } from "@/lib/schemas/submission-detail";

// How a verdict became final, or what it waits for, in sentences a miner can check against the runs below.

/** a / b as a percentage with one decimal, exact from RAO strings; "—" when b is 0. */
export function stakeShare(a: string, b: string): string {
  const total = BigInt(b);
  if (total === 0n) return "—";
  const tenths = (BigInt(a) * 1000n) / total;
  return `${(Number(tenths) / 10).toFixed(1)} %`;
}

const blockNumber = (block: number | null): string => (block === null ? "—" : formatCount(block));
const pct = (fraction: number) =>
  `${(fraction * 100).toFixed(fraction * 100 === Math.round(fraction * 100) ? 0 : 1)} %`;

export function finalitySentences(f: FinalityView): string[] {
  const share = stakeShare(f.quorumStakeRao, f.activeStakeRao);
  const stake = `${formatRaoUnits(f.quorumStakeRao, 0)} of ${formatRaoUnits(f.activeStakeRao, 0)} stake weight (${share})`;
  if (f.status === "pending") {
    if (f.firstCountedBlock === null) {
      return [
        "Not final: no counted run yet (a run counts when its validator held a permit and stake above 0 at its anchor block).",
      ];
    }
    return [
      `Not final: validators holding ${stake} of the active validators' stake have a counted run; the quorum is ${pct(f.quorum)}.`,
      `Final by timeout at block ${blockNumber(f.timeoutBlock)} at the latest, with the counted runs it has by then.`,
    ];
  }
  const how =
    f.how === "quorum"
      ? `Final at block ${blockNumber(f.block)} by quorum: validators holding ${stake} of the active stake had a counted run (quorum ${pct(f.quorum)}).`
      : `Final at block ${blockNumber(f.block)} by timeout, without quorum: validators holding ${stake} of the active stake had a counted run.`;
  const judging =
    f.judgedBlock !== null
      ? f.waitedForId !== null && f.judgedBlock > f.block
        ? `Judged at block ${blockNumber(f.judgedBlock)}, after earlier submission #${f.waitedForId}.`
        : `Judged at block ${blockNumber(f.judgedBlock)}.`
      : f.waitedForId !== null
        ? `Judging waits for earlier submission #${f.waitedForId} until block ${blockNumber(f.waitUntilBlock)} at the latest.`
        : "Not judged yet.";
  return [how, judging];
}
