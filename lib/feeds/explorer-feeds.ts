import { formatBlock, formatScore, truncateHotkey } from "@/lib/format";
import type { KingsResponse } from "@/lib/schemas/kings";
import type { MinerResponse } from "@/lib/schemas/miners";
import type { RunView, SubmissionDetail } from "@/lib/schemas/submission-detail";
import type { SubmissionSummary } from "@/lib/schemas/submissions";
import type { AtomEntry, AtomFeed } from "./atom";
import { KINGS_FEED_PATH, minerFeedPath, submissionFeedPath } from "./paths";

/** Where the feeds are and which chain they tell of: ids name the network and netuid, links the origin. */
export interface FeedContext {
  readonly origin: string;
  readonly network: string;
  readonly netuid: number;
  /** The feed's `updated` while it has no entry. */
  readonly now: Date;
}

const urn = (ctx: FeedContext, ...parts: (string | number)[]) =>
  ["urn:cacheon", ctx.network, ctx.netuid, ...parts].join(":");

/** `/kings/feed.atom`: every coronation, and every clearing of the throne, newest first. */
export function kingsFeed(ctx: FeedContext, { reigns }: KingsResponse): AtomFeed {
  const entries: AtomEntry[] = [];
  for (const r of reigns) {
    const before =
      r.previousSubmissionId === null
        ? "the throne was empty"
        : `it beat #${r.previousSubmissionId}'s ${formatScore(r.previousScore)} with the margin, ${formatScore(r.thresholdBeaten)}`;
    entries.push({
      id: urn(ctx, "coronation", r.fromBlock, r.submissionId),
      title: `Submission #${r.submissionId} crowned at block ${formatBlock(r.fromBlock)}`,
      updated: r.fromTime,
      link: `${ctx.origin}/submissions/${r.submissionId}`,
      summary: `${r.image} (UID ${r.uid}, ${truncateHotkey(r.hotkey)}) is king with a score of ${formatScore(r.score)}; ${before}.`,
    });
    if (r.endReason === "deregistered" && r.toBlock !== null && r.toTime !== null) {
      entries.push({
        id: urn(ctx, "clearing", r.toBlock, r.submissionId),
        title: `Throne cleared at block ${formatBlock(r.toBlock)}`,
        updated: r.toTime,
        link: `${ctx.origin}/kings`,
        summary: `The king's UID ${r.uid} no longer belongs to ${truncateHotkey(r.hotkey)}: no king and no weights until the next correct challenger with a score above 0.`,
      });
    }
  }
  return {
    id: urn(ctx, "kings"),
    title: `Cacheon (SN${ctx.netuid}): coronations and clearings`,
    subtitle: "Every new king of the subnet, and every time the throne was cleared.",
    selfUrl: `${ctx.origin}${KINGS_FEED_PATH}`,
    pageUrl: `${ctx.origin}/kings`,
    emptyUpdated: ctx.now.toISOString(),
    entries,
  };
}

function verdictText(s: SubmissionSummary): string {
  if (s.failureReason) return `failed: ${s.failureReason}`;
  if (s.standing === "king") return `king, with a score of ${formatScore(s.score)}`;
  return `scored ${formatScore(s.score)}${s.standing ? ` (${s.standing.replaceAll("_", " ")})` : ""}`;
}

/** `/miners/{hotkey}/feed.atom`: each submission of the hotkey when it appears, and its verdict when final. */
export function minerFeed(ctx: FeedContext, miner: MinerResponse): AtomFeed {
  const page = `${ctx.origin}/miners/${miner.hotkey}`;
  const entries = miner.submissions.flatMap((s): AtomEntry[] => {
    const link = `${ctx.origin}/submissions/${s.id}`;
    const seen: AtomEntry = {
      id: urn(ctx, "submission", s.id),
      title: `Submission #${s.id} committed at block ${formatBlock(s.commitBlock)}`,
      updated: s.seenAt,
      link,
      summary: `${s.image} (UID ${s.uid}) is waiting for the validators.`,
    };
    if (s.finalAt === null) return [seen];
    return [
      seen,
      {
        id: urn(ctx, "verdict", s.id),
        title: `Submission #${s.id}: ${verdictText(s)}`,
        updated: s.finalAt,
        link,
        summary: `The verdict on ${s.image} became final at block ${formatBlock(s.finalBlock)} (${s.validatorsAgreeing} of ${s.validatorsTotal} validators agreeing).`,
      },
    ];
  });
  return {
    id: urn(ctx, "miner", miner.hotkey),
    title: `Cacheon (SN${ctx.netuid}): miner ${truncateHotkey(miner.hotkey)}`,
    subtitle: `Submissions and verdicts of hotkey ${miner.hotkey}.`,
    selfUrl: `${ctx.origin}${minerFeedPath(miner.hotkey)}`,
    pageUrl: page,
    emptyUpdated: ctx.now.toISOString(),
    entries,
  };
}

function runText(run: RunView): string {
  if (run.outcome === "failed") return `failed: ${run.failure?.code ?? "unknown"}`;
  return `scored ${formatScore(run.summary.score)}`;
}

/** `/submissions/{id}/feed.atom`: each run a validator posted for the submission. */
export function submissionFeed(ctx: FeedContext, detail: SubmissionDetail): AtomFeed {
  const s = detail.submission;
  const page = `${ctx.origin}/submissions/${s.id}`;
  return {
    id: urn(ctx, "submission", s.id, "runs"),
    title: `Cacheon (SN${ctx.netuid}): runs of submission #${s.id}`,
    subtitle: `Every validator run of ${s.image} (UID ${s.uid}).`,
    selfUrl: `${ctx.origin}${submissionFeedPath(s.id)}`,
    pageUrl: page,
    emptyUpdated: ctx.now.toISOString(),
    entries: detail.runs.map((run) => ({
      id: urn(ctx, "run", run.runId),
      title: `Run by ${truncateHotkey(run.validatorHotkey)}: ${runText(run)}`,
      updated: run.receivedAt,
      link: `${page}#run-${run.runId}`,
      summary: `Validator ${run.validatorHotkey} (runner ${run.runnerVersion}) measured ${s.image}: ${runText(run)}; TTFT ${run.summary.medianTtftMs.toFixed(0)} ms, ${run.summary.medianThroughputTps.toFixed(1)} tok/s.${run.counted ? "" : " Not counted in the verdict."}`,
    })),
  };
}
