import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { executeRows, type Db, type DbOrTx } from "../client";
import { epistulaNonces, runPrompts, runs } from "../schema";

// The bench's year of mainnet, generated inside the database (INSERT … SELECT over generate_series), so a
// million rows never cross the driver: about a minute on Postgres instead of an hour of parameter binding.
// Deterministic: every value is a function of its row number (md5 where it must look random).

export interface BenchShape {
  /** Submissions (one per hotkey registration of a miner UID). */
  submissions: number;
  /** Runs per submission (spread over the validators); prompts per run. */
  runsPerSubmission: number;
  promptsPerRun: number;
  /** Epoch snapshots (tempo 360: an epoch every 361 blocks, 7,279 a year). */
  epochs: number;
  /** UIDs per snapshot; the first `validators.length` hold permits. */
  neurons: number;
  /** Real sr25519 addresses of the validators (the ingest bench signs as them). */
  validators: readonly string[];
}

export const BENCH_NETUID = 14;
export const BENCH_NETWORK = "finney";
/** The first block of the year; the head is START + epochs × EPOCH_BLOCKS. */
export const BENCH_START_BLOCK = 4_000_000;
export const EPOCH_BLOCKS = 361;
/** The validators holding most of the stake (as on mainnet), who evaluate every submission. */
const BIG_VALIDATORS = 4;
const T0_MS = Date.parse("2025-11-25T00:00:00Z");

/** The chain time of a block of the dataset (12-second blocks from the first block of the year). */
export function benchBlockTime(block: number): Date {
  return new Date(T0_MS + (block - BENCH_START_BLOCK) * 12_000);
}

export function benchHead(shape: BenchShape): number {
  return BENCH_START_BLOCK + shape.epochs * EPOCH_BLOCKS;
}

/** Runs every statement of the generator in order; `onStep` hears each table as it is filled. */
export async function generateBenchDataset(
  db: DbOrTx,
  shape: BenchShape,
  onStep: (name: string) => void = () => undefined,
): Promise<void> {
  for (const [name, statement] of statements(shape)) {
    onStep(name);
    await db.execute(statement);
  }
}

function statements(s: BenchShape): [string, SQL][] {
  const v = s.validators.length;
  const miners = s.neurons - v;
  const blocks = s.epochs * EPOCH_BLOCKS;
  // A miner UID re-registers (new hotkey, new submission) every `period` blocks, staggered by UID.
  const generations = Math.ceil(s.submissions / miners);
  const period = Math.floor(blocks / generations);
  const start = BENCH_START_BLOCK;
  const time = (block: SQL) =>
    sql`to_timestamp((${T0_MS}::float8 + (${block} - ${start})::float8 * 12000) / 1000)`;
  const validatorList = sql`${`{${s.validators.join(",")}}`}::text[]`;
  // Miner hotkey of (uid, generation): "5" + 47 base58-ish characters.
  const minerHotkey = (uid: SQL, gen: SQL) =>
    sql`'5' || translate(substr(md5('hk' || ${uid} || ':' || ${gen}) || md5('hk2' || ${uid} || ':' || ${gen}), 1, 47), '0', 'z')`;
  const regBlock = (uid: SQL, gen: SQL) => sql`(${start} + ${gen} * ${period} + (${uid} * 37) % ${period})`;
  const hash01 = (text: SQL) => sql`(('x' || substr(md5(${text}), 1, 8))::bit(32)::bigint / 4294967295.0)`;

  return [
    [
      "submissions",
      // Submission j: miner UID v + (j-1) % miners, generation (j-1) / miners. What its runs will measure is
      // planned here (scores drift upwards over the year, as the race makes servers faster; 15 % fail the
      // correctness gate) and kept in status and consensus_score only until the standings derive every
      // verdict from the runs (bench/dataset/standings.ts).
      sql`insert into submissions (id, netuid, hotkey, uid, registration_block, image, digest, pull_ref,
          commit_block, commitment_id, status, consensus_score, created_at, updated_at)
        select j, ${BENCH_NETUID}, ${minerHotkey(sql`u`, sql`g`)}, u, rb,
          'docker.io/miner' || u || '/fast-qwen:v' || g, 'sha256:' || md5('d' || j) || md5('e' || j),
          'docker.io/miner' || u || '/fast-qwen@sha256:' || md5('d' || j) || md5('e' || j),
          rb + 100, j, case when fail then 'failed' else 'scored' end, case when fail then 0 else score end,
          ${time(sql`rb + 100`)}, ${time(sql`rb + 100`)}
        from (
          select j, u, g, ${regBlock(sql`u`, sql`g`)} as rb,
            ${hash01(sql`'f' || j`)} < 0.15 as fail,
            round((0.02 + 0.25 * j / ${s.submissions} * ${hash01(sql`'s' || j`)})::numeric, 4)::float8 as score
          from (select j, ${v} + (j - 1) % ${miners} as u, (j - 1) / ${miners} as g
                from generate_series(1, ${s.submissions}) j) x
        ) y`,
    ],
    ["submission ids", sql`select setval('submissions_id_seq', ${s.submissions})`],
    [
      "commitments",
      // One commitment per submission, and one ignored or unparseable for every fifth.
      sql`insert into commitments (id, netuid, hotkey, uid, registration_block, source, commit_block,
          observed_block, raw_bytes, raw_sha256, parsed, parse_error, parse_error_message, disposition,
          submission_id, created_at)
        select id, netuid, hotkey, uid, registration_block, 'plain', commit_block, commit_block,
          convert_to(json_build_object('image', image, 'digest', digest)::text, 'UTF8'),
          md5(image || digest) || md5(digest),
          jsonb_build_object('image', image, 'digest', digest, 'pullRef', pull_ref, 'form', 'json'),
          null, null, 'submission', id, created_at
        from submissions
        union all
        select ${s.submissions} + id, netuid, hotkey, uid, registration_block, 'plain', commit_block + 50,
          commit_block + 50, convert_to('not an image ' || id, 'UTF8'), md5('bad' || id) || md5('bad2' || id),
          case when id % 2 = 0 then jsonb_build_object('image', image, 'digest', digest, 'pullRef', pull_ref, 'form', 'json') end,
          case when id % 2 = 1 then 'not_json' end,
          case when id % 2 = 1 then 'not JSON and not image@sha256:' end,
          case when id % 2 = 0 then 'ignored' else 'unparseable' end, null, created_at
        from submissions where id % 5 = 0`,
    ],
    ["commitment ids", sql`select setval('commitments_id_seq', (select max(id) from commitments))`],
    [
      "runs",
      // Runs 0-3 of every submission are posted by the four largest validators (most of the stake, so the
      // verdict is final at quorum a few blocks after them), the others by the rest in turn; a failed
      // submission's runs failed. The newest 20 submissions have no run yet: they wait for their evaluation.
      sql`insert into runs (run_id, submission_id, validator_hotkey, runner_version, runner, seed_block,
          seed_block_hash, started_at, finished_at, outcome, failure_reason, failure_message, failure_stage,
          log_tail, baseline, median_ttft_ms, median_throughput_tps, token_match_rate, correctness_passed,
          ttft_improvement, throughput_improvement, score, envelope, envelope_sha256, epistula_uuid, received_at,
          anchor_block)
        select md5('run' || s.id || ':' || k)::uuid, s.id,
          (${validatorList})[1 + case when k < ${BIG_VALIDATORS} then k
                                      else ${BIG_VALIDATORS} + (s.id + k) % ${v - BIG_VALIDATORS} end],
          'cacheon-runner/1.4.0',
          '{"version":"cacheon-runner/1.4.0","gpu":{"model":"NVIDIA H200","count":4,"driver":"570.86.15"},"host":"pod-7"}'::jsonb,
          s.commit_block + 361, '0x' || md5('b' || s.id) || md5('c' || s.id),
          s.created_at + interval '20 minutes' + k * interval '1 minute',
          s.created_at + interval '40 minutes' + k * interval '1 minute',
          case when s.status = 'failed' then 'failed' else 'scored' end,
          case when s.status = 'failed' then 'speed_pass_mismatch' end,
          case when s.status = 'failed' then 'prompt 3 diverged at token 12' end,
          case when s.status = 'failed' then 'benchmark' end,
          case when s.status = 'failed' then 'speed pass: prompt 3 mismatch' end,
          '{"engine":"vllm","version":"0.11.0","image":"docker.io/vllm/vllm-openai:v0.11.0","medianTtftMs":500,"medianThroughputTps":62.5}'::jsonb,
          500 * (1 - s.consensus_score * 0.9) + k, 62.5 * (1 + s.consensus_score * 1.1),
          case when s.status = 'failed' then 0.91 else 0.995 end, s.status <> 'failed',
          s.consensus_score * 0.9, s.consensus_score * 1.1, s.consensus_score,
          convert_to('{"schema":"cacheon.run.v1","runId":"' || md5('run' || s.id || ':' || k)::uuid || '"}', 'UTF8'),
          md5('env' || s.id || ':' || k) || md5('env2' || s.id || ':' || k),
          md5('uuid' || s.id || ':' || k)::uuid,
          s.created_at + interval '41 minutes' + k * interval '1 minute',
          s.commit_block + 205 + 5 * k
        from submissions s cross join generate_series(0, ${s.runsPerSubmission - 1}) k
        where s.id <= ${s.submissions - 20}`,
    ],
    [
      "run_prompts",
      sql`insert into run_prompts (run_id, prompt_index, prompt_sha256, input_tokens, output_tokens, ttft_ms,
          throughput_tps, e2e_ms, itl_p50_ms, itl_p90_ms, itl_p99_ms, compared_tokens, matched_tokens, passed,
          divergence)
        select r.run_id, i, md5('p' || i) || md5('q' || i), 8000 + i, 256, r.median_ttft_ms + i, r.median_throughput_tps + i,
          6000 + i, 20, 25, 40, 256, 250 + i % 7, not (r.outcome = 'failed' and i = 3),
          case when i % 7 = 6 then null else jsonb_build_object('position', 250 + i % 7, 'baselineToken', ' the',
            'minerToken', ' a', 'baselineTokenLogprob', -0.7, 'minerTokenLogprob', -0.6) end
        from runs r cross join generate_series(0, ${s.promptsPerRun - 1}) i`,
    ],
    [
      "metagraph_snapshots",
      sql`insert into metagraph_snapshots (id, netuid, block_number, block_hash, block_time, tempo, kind,
          neuron_count, subnet_tao_rao, subnet_alpha_in_rao, alpha_price_tao)
        select e, ${BENCH_NETUID}, ${start} + e * ${EPOCH_BLOCKS}, '0x' || md5('blk' || e) || md5('blk2' || e),
          ${time(sql`(${start} + e * ${EPOCH_BLOCKS})`)}, 360, 'epoch', ${s.neurons},
          (150000 + e * 3)::numeric * 1000000000, (3000000 + e * 10)::numeric * 1000000000,
          (150000 + e * 3)::float8 / (3000000 + e * 10)
        from generate_series(1, ${s.epochs}) e`,
    ],
    ["snapshot ids", sql`select setval('metagraph_snapshots_id_seq', ${s.epochs})`],
    [
      "metagraph_neurons",
      // Validators (UIDs below V) keep their hotkeys and stake; a miner UID's hotkey is that of its latest
      // registration at the snapshot. The king's UID is paid once the standings have found the kings
      // (payKings).
      sql`insert into metagraph_neurons (snapshot_id, uid, hotkey, coldkey, stake_rao, validator_permit,
          incentive, emission_rao, registration_block)
        select n.id, n.u,
          case when n.u < ${v} then (${validatorList})[n.u + 1] else ${minerHotkey(sql`n.u`, sql`n.g`)} end,
          '5Cold' || substr(md5('cold' || n.u), 1, 43),
          case when n.u < ${BIG_VALIDATORS} then 5000000::numeric * 1000000000
               when n.u < ${v} then (100000 + n.u * 1000)::numeric * 1000000000 else 0 end,
          n.u < ${v}, 0,
          case when n.u < ${v} then 500000000::numeric else 0 end,
          case when n.u < ${v} then ${start} else ${regBlock(sql`n.u`, sql`n.g`)} end
        from (
          select e.id, e.block_number, u,
            -- A UID registers again only for a submission: after its last one it keeps that hotkey.
            least(greatest(0, floor((e.block_number - ${start} - (u * 37) % ${period})::float8 / ${period}))::int,
                  greatest(0, (${s.submissions} - 1 - (u - ${v})) / ${miners})) as g
          from metagraph_snapshots e cross join generate_series(0, ${s.neurons - 1}) u
        ) n
        -- In snapshot order, as chain ingest writes them: a snapshot's neurons share a few pages.
        order by n.id, n.u`,
    ],
    [
      "validators",
      sql`insert into validators (hotkey, runner_version, runs_posted)
        select h, 'cacheon-runner/1.4.0', count(r.run_id) from unnest(${validatorList}) h
        left join runs r on r.validator_hotkey = h group by h`,
    ],
    [
      "chain_cursor",
      sql`insert into chain_cursor (network, netuid, block_number, block_hash, spec_version)
        values (${BENCH_NETWORK}, ${BENCH_NETUID}, ${benchHead(s)}, '0x' || md5('head'), 218)
        on conflict (network, netuid) do update set block_number = excluded.block_number`,
    ],
    ["analyze", sql`analyze`],
  ];
}

/**
 * Pays each king's UID its emission at every epoch of its reign (an epoch pays for the blocks before it), as the
 * chain would have; what the standings found is the only source of who reigned.
 */
export async function payKings(db: DbOrTx): Promise<void> {
  await db.execute(sql`update metagraph_neurons n set emission_rao = 41000000000, incentive = 1
    from metagraph_snapshots s, reigns r
    where n.snapshot_id = s.id and s.netuid = ${BENCH_NETUID} and r.netuid = ${BENCH_NETUID} and n.uid = r.uid
      and s.block_number > r.from_block and (r.to_block is null or s.block_number <= r.to_block)`);
}

/**
 * Posts a copy of a stored run (`templateRunId`) for a submission, as from `validatorHotkey`, anchored at the
 * ingest cursor: one statement, so a bench measuring its own event loop does no work of its own for it.
 */
export async function repostRun(
  db: DbOrTx,
  run: { templateRunId: string; submissionId: number; validatorHotkey: string; runnerVersion: string },
): Promise<string> {
  const [row] = await executeRows<{ run_id: string }>(
    db,
    sql`insert into ${runs}
        select (jsonb_populate_record(null::runs, to_jsonb(r) || jsonb_build_object(
          'run_id', gen_random_uuid(), 'submission_id', ${run.submissionId}::bigint,
          'validator_hotkey', ${run.validatorHotkey}::text, 'runner_version', ${run.runnerVersion}::text,
          'epistula_uuid', gen_random_uuid(), 'received_at', now(), 'counted', null, 'after_verdict', false,
          'anchor_block', (select max(block_number) from chain_cursor where netuid = ${BENCH_NETUID})))).*
        from ${runs} r where r.run_id = ${run.templateRunId}
        returning run_id`,
  );
  if (!row) throw new Error(`repostRun: no run ${run.templateRunId}`);
  return row.run_id;
}

/** The ingest bench's reference: the rows of a run inserted one statement per row, nothing else. */
export async function insertRowByRow(
  db: DbOrTx,
  run: typeof runs.$inferInsert,
  prompts: readonly (typeof runPrompts.$inferInsert)[],
): Promise<void> {
  await db.insert(runs).values(run);
  for (const prompt of prompts) await db.insert(runPrompts).values(prompt);
}

/**
 * Removes what a bench run added (its runs, their prompts by cascade, its nonces), so the dataset stays as
 * generated, and vacuums those tables: where autovacuum is off or behind (it is off on the development
 * machine), every run leaves its dead rows behind, and after a day of bench runs run_prompts held 3.6 million
 * of them beside its million live ones, in the table and its index, for every later run to wade through.
 */
export async function deleteBenchRuns(
  db: Db,
  runnerVersion: string,
  hotkeys: readonly string[],
): Promise<void> {
  await db.delete(runs).where(eq(runs.runnerVersion, runnerVersion));
  if (hotkeys.length > 0) await db.delete(epistulaNonces).where(inArray(epistulaNonces.hotkey, [...hotkeys]));
  await db.execute(sql`vacuum (analyze) runs, run_prompts, epistula_nonces`);
}
