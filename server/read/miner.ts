import { getMinerRows } from "@/db/queries/miners";
import { ApiError } from "@/lib/schemas/errors";
import type { MinerResponse } from "@/lib/schemas/miners";
import type { ReadContext } from "./context";
import { toCommitmentView, toSubmissionSummary } from "./views";

/** GET /api/v1/miners/{hotkey}: a hotkey's UID history, every commitment with its fate, and its submissions. */
export async function readMiner(ctx: ReadContext, { hotkey }: { hotkey: string }): Promise<MinerResponse> {
  const netuid = ctx.netuid;
  // Not validated as SS58 first: any string simply finds nothing, and the answer says what was looked for.
  const rows = hotkey.length <= 64 ? await getMinerRows(ctx.database.db, netuid, hotkey) : null;
  if (
    rows === null ||
    (rows.spans.length === 0 && rows.commitmentRows.length === 0 && rows.submissionRows.length === 0)
  ) {
    throw new ApiError(
      "not_found",
      `No hotkey ${hotkey.slice(0, 64)} is known on subnet ${netuid}: no snapshot, commitment or submission has it.`,
    );
  }
  return {
    hotkey,
    coldkey: rows.spans.at(-1)?.coldkey ?? null,
    uidHistory: rows.spans.map((s) => ({
      uid: s.uid,
      registrationBlock: s.registrationBlock,
      firstSeenBlock: s.firstSeenBlock,
      lastSeenBlock: s.lastSeenBlock,
      firstSeenAt: s.firstSeenAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
    })),
    commitments: rows.commitmentRows.map(toCommitmentView),
    submissions: rows.submissionRows.map(toSubmissionSummary),
  };
}
