import { sql } from "drizzle-orm";
import { executeRows, type DbOrTx } from "../client";
import { metagraphNeurons, metagraphSnapshots, runProgress, runs, submissions } from "../schema";

export interface EvaluationRow extends Record<string, unknown> {
  run_id: string;
  submission_id: number | string | null;
  uid: number | null;
  hotkey: string | null;
  image: string | null;
  validator_hotkey: string;
  validator_uid: number | null;
  phase: string;
  detail: string;
  prompt_index: number | null;
  prompt_count: number | null;
  started_at: Date | string;
  updated_at: Date | string;
}

/**
 * Runs in flight: a progress event arrived since `since` and no run was posted under the runId. One row per
 * run, from its latest event, newest first; a run's submission is the first its events were tied to.
 */
export async function listEvaluationsInFlight(
  db: DbOrTx,
  q: { netuid: number; since: Date; submissionId?: number },
): Promise<EvaluationRow[]> {
  const rows = await executeRows<EvaluationRow>(
    db,
    sql`with recent as (
          select distinct on (p.run_id) p.*
          from ${runProgress} p
          where p.run_id in (select run_id from ${runProgress} where received_at > ${q.since.toISOString()})
            and not exists (select 1 from ${runs} r where r.run_id = p.run_id)
          order by p.run_id, p.id desc
        ),
        latest_snapshot as (
          select id from ${metagraphSnapshots} where netuid = ${q.netuid} order by block_number desc limit 1
        )
        select e.run_id, s.id as submission_id, s.uid, s.hotkey, s.image,
               e.validator_hotkey, n.uid as validator_uid, e.phase, e.detail, e.prompt_index, e.prompt_count,
               (select min(f.at) from ${runProgress} f where f.run_id = e.run_id) as started_at,
               e.received_at as updated_at
        from recent e
        left join ${submissions} s on s.id = (
          select f.submission_id from ${runProgress} f
          where f.run_id = e.run_id and f.submission_id is not null order by f.id limit 1)
        left join ${metagraphNeurons} n
          on n.snapshot_id = (select id from latest_snapshot) and n.hotkey = e.validator_hotkey
        where e.received_at > ${q.since.toISOString()}
          and (s.id is null or s.netuid = ${q.netuid})
          ${q.submissionId === undefined ? sql`` : sql`and s.id = ${q.submissionId}`}
        order by e.received_at desc, e.run_id`,
  );
  return rows;
}
