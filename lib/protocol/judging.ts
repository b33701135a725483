import { compareCommitOrder } from "./copies";
import type { ProtocolParams } from "./params";
import type { SubmissionRef } from "./king-state";

// The judging block (protocol.md "The king", Order): submissions are judged in commit order, but one that
// never finishes holds later ones back for at most maxJudgeWaitBlocks.

export interface JudgingInput extends Pick<SubmissionRef, "id" | "uid" | "commitBlock"> {
  /** The block at which its verdict became final; null while it is not. */
  readonly finalBlock: number | null;
}

export type Judging =
  /** Not final yet. */
  | { readonly status: "not_final" }
  /** Judged (or to be judged) at `block`; `waitedFor` is the earlier submission that held it back, if any. */
  | { readonly status: "judged"; readonly block: number; readonly waitedFor: number | null }
  /** Final, but waits for the earlier submission `waitingFor` until `untilBlock` at the latest. */
  | { readonly status: "waiting"; readonly waitingFor: number; readonly untilBlock: number };

/**
 * J = the later of the submission's own finality block F and, for every earlier-committed submission not
 * final at F, the earlier of that submission's finality block and F + maxJudgeWaitBlocks. A submission still
 * not final at `ingestedBlock` can only become final after it, so J is known once it is at most
 * `ingestedBlock`; until then the submission is `waiting`.
 */
export function judgingBlocks(
  submissions: readonly JudgingInput[],
  ingestedBlock: number,
  paramsAt: (block: number) => Pick<ProtocolParams, "maxJudgeWaitBlocks">,
): Map<number, Judging> {
  const result = new Map<number, Judging>();
  // Over the submissions committed before the current one: the latest finality block (and whose it is), and
  // the earliest-committed one not final yet. J only depends on these, so one pass in commit order suffices.
  let latestFinal: { block: number; id: number } | null = null;
  let firstNotFinal: number | null = null;
  for (const s of [...submissions].sort(compareCommitOrder)) {
    const own = s.finalBlock;
    if (own === null) {
      result.set(s.id, { status: "not_final" });
    } else {
      const waitUntil = own + paramsAt(own).maxJudgeWaitBlocks;
      if (firstNotFinal !== null && waitUntil > ingestedBlock) {
        result.set(s.id, { status: "waiting", waitingFor: firstNotFinal, untilBlock: waitUntil });
      } else if (firstNotFinal !== null) {
        result.set(s.id, { status: "judged", block: waitUntil, waitedFor: firstNotFinal });
      } else if (latestFinal !== null && latestFinal.block > own) {
        const block = Math.min(latestFinal.block, waitUntil);
        result.set(s.id, { status: "judged", block, waitedFor: latestFinal.id });
      } else {
        result.set(s.id, { status: "judged", block: own, waitedFor: null });
      }
    }
    if (own === null) firstNotFinal ??= s.id;
    else if (latestFinal === null || own > latestFinal.block) latestFinal = { block: own, id: s.id };
  }
  return result;
}
