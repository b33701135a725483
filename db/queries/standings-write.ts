import { isDeepStrictEqual } from "node:util";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import type { KingState } from "@/lib/protocol/king-state";
import { emissions, reigns, runs, standingsState, submissions } from "../schema";
import type { EmissionRow, ReignRow } from "./standings";

// The writes of the standings recompute. Each one writes only what differs from the stored rows, so a
// recompute over unchanged inputs changes nothing (ids, updated_at and notifications included).

// Any constant works: it only has to be the same for every process recomputing the same subnet.
const STANDINGS_LOCK_CLASS = 0x57a4d;

/**
 * Serialises recomputes of one subnet across processes until the transaction ends (a no-op on PGlite), and
 * turns JIT compilation off for it: the pass's reads are small, but the planner's estimates of a window of
 * snapshots' neurons are high enough to compile them, which costs far more than running them.
 */
export async function lockStandings(tx: DbOrTx, netuid: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${STANDINGS_LOCK_CLASS}::int, ${netuid}::int)`);
  await tx.execute(sql`set local jit = off`);
}

export type SubmissionDerived = Pick<
  typeof submissions.$inferSelect,
  | "status"
  | "consensusScore"
  | "consensusTtftImprovement"
  | "consensusThroughputImprovement"
  | "consensusTokenMatchRate"
  | "consensusTtftMs"
  | "consensusThroughputTps"
  | "consensusRuns"
  | "failureReason"
  | "validatorsAgreeing"
  | "validatorsTotal"
  | "finalBlock"
  | "finalAt"
  | "standing"
  | "judgedAgainstId"
  | "judgedThreshold"
  | "finality"
  | "duplicateOfId"
>;

/** Writes the derived columns of many submissions in one statement. */
export async function updateSubmissionsDerived(
  tx: DbOrTx,
  rows: readonly { id: number; derived: SubmissionDerived }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(({ id, derived: d }) => ({
    id,
    status: d.status,
    consensus_score: d.consensusScore,
    consensus_ttft_improvement: d.consensusTtftImprovement,
    consensus_throughput_improvement: d.consensusThroughputImprovement,
    consensus_token_match_rate: d.consensusTokenMatchRate,
    consensus_ttft_ms: d.consensusTtftMs,
    consensus_throughput_tps: d.consensusThroughputTps,
    consensus_runs: d.consensusRuns,
    failure_reason: d.failureReason,
    validators_agreeing: d.validatorsAgreeing,
    validators_total: d.validatorsTotal,
    final_block: d.finalBlock,
    final_at: d.finalAt?.toISOString() ?? null,
    standing: d.standing,
    judged_against_id: d.judgedAgainstId,
    judged_threshold: d.judgedThreshold,
    finality: d.finality,
    duplicate_of_id: d.duplicateOfId,
  }));
  await tx.execute(sql`
    update ${submissions} s set
      status = v.status, consensus_score = v.consensus_score,
      consensus_ttft_improvement = v.consensus_ttft_improvement,
      consensus_throughput_improvement = v.consensus_throughput_improvement,
      consensus_token_match_rate = v.consensus_token_match_rate, consensus_ttft_ms = v.consensus_ttft_ms,
      consensus_throughput_tps = v.consensus_throughput_tps, consensus_runs = v.consensus_runs,
      failure_reason = v.failure_reason, validators_agreeing = v.validators_agreeing,
      validators_total = v.validators_total, final_block = v.final_block, final_at = v.final_at,
      standing = v.standing, judged_against_id = v.judged_against_id, judged_threshold = v.judged_threshold,
      finality = v.finality, duplicate_of_id = v.duplicate_of_id, updated_at = ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(
      id bigint, status text, consensus_score double precision, consensus_ttft_improvement double precision,
      consensus_throughput_improvement double precision, consensus_token_match_rate double precision,
      consensus_ttft_ms double precision, consensus_throughput_tps double precision, consensus_runs jsonb,
      failure_reason text, validators_agreeing integer, validators_total integer, final_block bigint,
      final_at timestamptz, standing text, judged_against_id bigint, judged_threshold double precision,
      finality jsonb, duplicate_of_id bigint)
    where s.id = v.id`);
}

/** Writes whether runs counted and came after their verdict, in one statement. */
export async function updateRunStandings(
  tx: DbOrTx,
  rows: readonly { runId: string; counted: boolean; afterVerdict: boolean }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    update ${runs} r set counted = v.counted, after_verdict = v.after_verdict
    from jsonb_to_recordset(${JSON.stringify(
      rows.map((r) => ({ run_id: r.runId, counted: r.counted, after_verdict: r.afterVerdict })),
    )}::jsonb) as v(run_id uuid, counted boolean, after_verdict boolean)
    where r.run_id = v.run_id`);
}

/** Stores the king state at the new frozen block. */
export async function saveStandingsState(
  tx: DbOrTx,
  netuid: number,
  state: { block: number; king: KingState },
  now: Date,
): Promise<void> {
  const values = { netuid, block: state.block, king: state.king, updatedAt: now };
  await tx
    .insert(standingsState)
    .values(values)
    .onConflictDoUpdate({ target: standingsState.netuid, set: values });
}

export type ReignValues = Omit<ReignRow, "id">;
export type EmissionValues = EmissionRow;

const reignKey = (r: { fromBlock: number; submissionId: number }) => `${r.fromBlock}/${r.submissionId}`;

/** Makes the stored reigns of a subnet (`stored`, all of them) equal `next`; answers whether anything was written. */
export async function syncReigns(
  tx: DbOrTx,
  stored: readonly ReignRow[],
  next: readonly ReignValues[],
): Promise<boolean> {
  const byKey = new Map(stored.map((r) => [reignKey(r), r]));
  const wanted = new Set(next.map(reignKey));
  const stale = stored.filter((r) => !wanted.has(reignKey(r))).map((r) => r.id);
  if (stale.length > 0) await tx.delete(reigns).where(inArray(reigns.id, stale));
  let written = stale.length > 0;
  for (const values of next) {
    const current = byKey.get(reignKey(values));
    if (current) {
      const { id, ...currentValues } = current;
      if (isDeepStrictEqual(currentValues, values)) continue;
      await tx.update(reigns).set(values).where(eq(reigns.id, id));
    } else {
      await tx.insert(reigns).values(values);
    }
    written = true;
  }
  return written;
}

/**
 * Makes the stored per-epoch emission rows of `netuid` equal `next`, in one statement of each kind; `stored`
 * are the rows `next` replaces (all of them, or all after a block). Answers whether anything was written.
 */
export async function syncEmissions(
  tx: DbOrTx,
  netuid: number,
  stored: readonly EmissionRow[],
  next: readonly EmissionValues[],
): Promise<boolean> {
  const byBlock = new Map(stored.map((r) => [r.blockNumber, r]));
  const wanted = new Set(next.map((r) => r.blockNumber));
  const stale = stored.filter((r) => !wanted.has(r.blockNumber)).map((r) => r.blockNumber);
  if (stale.length > 0) {
    await tx
      .delete(emissions)
      .where(and(eq(emissions.netuid, netuid), inArray(emissions.blockNumber, stale)));
  }
  const changed = next.filter((values) => {
    const current = byBlock.get(values.blockNumber);
    return !(current && isDeepStrictEqual(current, values));
  });
  if (changed.length > 0) {
    const rows = changed.map((r) => ({
      netuid: r.netuid,
      block_number: r.blockNumber,
      block_time: r.blockTime.toISOString(),
      king_submission_id: r.kingSubmissionId,
      king_uid: r.kingUid,
      emission_rao: r.emissionRao.toString(),
      alpha_price_tao: r.alphaPriceTao,
      price_source: r.priceSource,
      tao_value_rao: r.taoValueRao?.toString() ?? null,
      tempo: r.tempo,
    }));
    await tx.execute(sql`
      insert into ${emissions} (netuid, block_number, block_time, king_submission_id, king_uid, emission_rao,
        alpha_price_tao, price_source, tao_value_rao, tempo)
      select netuid, block_number, block_time, king_submission_id, king_uid, emission_rao, alpha_price_tao,
        price_source, tao_value_rao, tempo
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(netuid smallint, block_number bigint,
        block_time timestamptz, king_submission_id bigint, king_uid integer, emission_rao numeric,
        alpha_price_tao double precision, price_source text, tao_value_rao numeric, tempo integer)
      on conflict (netuid, block_number) do update set block_time = excluded.block_time,
        king_submission_id = excluded.king_submission_id, king_uid = excluded.king_uid,
        emission_rao = excluded.emission_rao, alpha_price_tao = excluded.alpha_price_tao,
        price_source = excluded.price_source, tao_value_rao = excluded.tao_value_rao, tempo = excluded.tempo`);
  }
  return stale.length > 0 || changed.length > 0;
}
