import { describeFailure } from "@/lib/protocol/failure-reasons";
import { IGNORED_REASON } from "@/lib/protocol/commitment";
import type { FailureInfo } from "@/lib/schemas/common";
import type { CommitmentView } from "@/lib/schemas/submission-detail";
import type { IgnoredCommitment, SubmissionSummary } from "@/lib/schemas/submissions";
import { SUBMISSION_STATUSES } from "@/lib/schemas/submissions";
import type { commitments, submissions } from "@/db/schema";

// Stored rows → the wire shapes of lib/schemas, shared by the reads so a submission or a commitment looks the
// same on every route.

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function failureInfo(code: string | null): FailureInfo | null {
  if (code === null) return null;
  const info = describeFailure(code);
  return info === null ? null : { code, ...info };
}

function submissionStatus(status: string): SubmissionSummary["status"] {
  // The column is free text: a value this version does not know is shown as pending, never thrown.
  return (SUBMISSION_STATUSES as readonly string[]).includes(status)
    ? (status as SubmissionSummary["status"])
    : "pending";
}

export function toSubmissionSummary(row: typeof submissions.$inferSelect): SubmissionSummary {
  return {
    id: row.id,
    hotkey: row.hotkey,
    uid: row.uid,
    image: row.image,
    digest: row.digest,
    commitBlock: row.commitBlock,
    status: submissionStatus(row.status),
    standing: row.standing,
    score: row.consensusScore,
    ttftImprovement: row.consensusTtftImprovement,
    throughputImprovement: row.consensusThroughputImprovement,
    ttftMs: row.consensusTtftMs,
    throughputTps: row.consensusThroughputTps,
    tokenMatchRate: row.consensusTokenMatchRate,
    failureReason: row.failureReason,
    duplicateOfId: row.duplicateOfId,
    validatorsAgreeing: row.validatorsAgreeing,
    validatorsTotal: row.validatorsTotal,
    finalBlock: row.finalBlock,
    finalAt: iso(row.finalAt),
    seenAt: row.createdAt.toISOString(),
  };
}

/** Why a commitment made no submission (or made one it shares): the reason's explanation and message. */
function commitmentFate(row: typeof commitments.$inferSelect) {
  const ignored = row.disposition === "ignored";
  return {
    reason: failureInfo(ignored ? "ignored" : row.parseError),
    message: ignored ? IGNORED_REASON : row.parseErrorMessage,
  };
}

export function toIgnoredCommitment(row: typeof commitments.$inferSelect): IgnoredCommitment {
  return {
    commitmentId: row.id,
    hotkey: row.hotkey,
    uid: row.uid,
    commitBlock: row.commitBlock,
    source: row.source,
    disposition: row.disposition === "ignored" ? "ignored" : "unparseable",
    ...commitmentFate(row),
    image: row.parsed?.image ?? null,
    digest: row.parsed?.digest ?? null,
    submissionId: row.submissionId,
  };
}

function bytesToHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

export function toCommitmentView(c: typeof commitments.$inferSelect): CommitmentView {
  let rawText: string | null;
  try {
    rawText = new TextDecoder("utf-8", { fatal: true }).decode(c.rawBytes);
  } catch {
    rawText = null;
  }
  return {
    id: c.id,
    source: c.source,
    commitBlock: c.commitBlock,
    observedBlock: c.observedBlock,
    rawHex: bytesToHex(c.rawBytes),
    rawText,
    parsed: c.parsed,
    disposition: c.disposition,
    ...commitmentFate(c),
    submissionId: c.submissionId,
  };
}
