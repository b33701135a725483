import { fakeDigest as castDigest, fakeHotkey as castHotkey } from "@/db/test-support/seed";

/**
 * Recorded examples of what the subnet's validator published, era by era (../shared/docs/official-api.md),
 * built around a cast of miners so the same hotkeys can exist on our own track too. Field names are exact.
 */
export const ERAS = ["king", "winner", "leader", "e2e", "june"] as const;
export type Era = (typeof ERAS)[number];

export interface CastMember {
  uid: number;
  hotkey: string;
  image: string;
  digest: string;
  commitBlock: number;
}

export interface EraData {
  era: Era;
  /** The word for king in this era's routes and fields. */
  role: "king" | "winner" | "leader";
  status: Record<string, unknown>;
  king: Record<string, unknown> | null;
  runnerUp: Record<string, unknown> | null;
  history: Record<string, unknown>[];
  evaluations: Record<string, unknown>[];
  evalJob: Record<string, unknown> | null;
  progress: Record<string, unknown>;
  containerLogs: Map<string, string>;
  validatorLogs: Map<string, string>;
  /** Routes this era's server has (the others answer FastAPI's 404). */
  hotkeyRoute: boolean;
}

// The test seed's own hotkeys and digests (castHotkey, castDigest), so a cast can mirror a seeded database.
/** Mirrors e2e/seed.ts: UIDs 2, 4, 5, 6 and 7..15 with the seed's commit blocks, images and digests. */
export function defaultCast(): CastMember[] {
  const member = (uid: number, commitBlock: number, image?: string): CastMember => {
    const hotkey = castHotkey(`miner-${uid}`);
    return {
      uid,
      hotkey,
      image:
        image ??
        (uid % 5 === 0 && uid >= 7
          ? `ghcr.io/team${uid}/vllm-tuned:r${uid}`
          : `docker.io/miner${uid}/fast-qwen:v1`),
      digest: castDigest(hotkey),
      commitBlock,
    };
  };
  return [
    member(2, 1000),
    member(4, 3000),
    member(5, 15_000),
    member(6, 25_000, "ghcr.io/fastlane/qwen-turbo:v7"),
    ...Array.from({ length: 9 }, (_, i) => member(7 + i, 30_100 + (7 + i) * 100)),
  ];
}

const T0_S = Date.UTC(2026, 4, 12) / 1000;
const at = (block: number) => T0_S + block * 12;
const shortHotkey = (h: string) => h.slice(0, 8);

/**
 * One evaluation record per cast member (two for the king in the June era): the king scores best, the third
 * challenger is disqualified, and one evaluates a digest the miner never committed.
 */
function evaluationsFor(era: Era, cast: CastMember[], kingUid: number): Record<string, unknown>[] {
  const e2e = era === "e2e" || era === "june";
  const out: Record<string, unknown>[] = [];
  cast.forEach((m, i) => {
    const evaluationBlock = m.commitBlock + 100;
    const dq = m.uid === 8 || m.uid === 13;
    const score = dq ? 0 : m.uid === kingUid ? 0.2 : Number((0.01 + ((m.uid * 37) % 19) / 100).toFixed(4));
    const tokenMatch = dq ? 0.41 : 0.97;
    const perPrompt = Array.from({ length: 3 }, (_, p) =>
      e2e
        ? {
            ttft_s: 0.21 + p / 100,
            e2e_s: 4.1 + p / 10,
            baseline_e2e_s: 5.2 + p / 10,
            output_tokens: 256,
            token_match_rate: tokenMatch,
          }
        : {
            ttft_s: 0.21 + p / 100,
            throughput_tps: 61.5 + p,
            output_tokens: 256,
            token_match_rate: tokenMatch,
          },
    );
    const record: Record<string, unknown> = {
      uid: m.uid,
      hotkey: m.hotkey,
      commit_block: m.commitBlock,
      image: m.image,
      digest: m.uid === 10 ? castDigest("never-committed") : m.digest,
      score,
      ...(e2e
        ? { speed_improvement: score * 2 }
        : { ttft_improvement: score, throughput_improvement: score }),
      token_match_rate: tokenMatch,
      disqualified: dq,
      disqualify_reason: dq ? "correctness_failed: token match below threshold" : null,
      evaluated_at: at(evaluationBlock) + i / 10,
      evaluation_block: evaluationBlock,
      per_prompt: perPrompt,
    };
    out.push(record);
    if (era === "june" && m.uid === kingUid) {
      out.push({
        ...record,
        score: 0.198,
        speed_improvement: 0.396,
        evaluation_block: evaluationBlock + 7200,
        evaluated_at: at(evaluationBlock + 7200),
      });
    }
  });
  return out.sort((a, b) => (b.evaluated_at as number) - (a.evaluated_at as number));
}

function historyFor(era: Era, cast: CastMember[]): Record<string, unknown>[] {
  const byUid = (uid: number) => cast.find((m) => m.uid === uid) as CastMember;
  const reigns = [
    { uid: 2, score: 0.05, block: 1100 },
    { uid: 5, score: 0.12, block: 15_100 },
    { uid: 6, score: 0.2, block: 25_100 },
  ];
  return reigns.map((r, i) => {
    const m = byUid(r.uid);
    const prev = i > 0 ? reigns[i - 1] : undefined;
    // The leader era's file keeps entries written in each era's names: the first two are old king/winner ones.
    const role =
      era === "king"
        ? "king"
        : era === "winner"
          ? "winner"
          : i === 0
            ? "king"
            : i === 1
              ? "winner"
              : "leader";
    const threshold = role === "king" ? "dethrone_threshold" : "overtake_threshold";
    const prevKing = prev ? byUid(prev.uid) : undefined;
    // ε decays over 50,400 blocks from 1 %: the rule the validator publishes.
    const expected = prev ? prev.score * (1 + 0.01 * Math.max(0, 1 - (r.block - prev.block) / 50_400)) : 0;
    return {
      ts: at(r.block),
      block: r.block,
      [`new_${role}_uid`]: r.uid,
      [`new_${role}_hotkey`]: m.hotkey,
      [`new_${role}_score`]: r.score,
      [`new_${role}_image`]: m.image,
      [`new_${role}_digest`]: m.digest,
      [threshold]: expected,
      ...(prev && prevKing
        ? {
            [`prev_${role}_uid`]: prev.uid,
            [`prev_${role}_hotkey`]: prevKing.hotkey,
            [`prev_${role}_score`]: prev.score,
          }
        : {}),
    };
  });
}

export function buildEra(era: Era, cast: CastMember[] = defaultCast()): EraData {
  const role = era === "king" ? "king" : era === "winner" ? "winner" : "leader";
  const kingUid = 6;
  const evaluations = evaluationsFor(era, cast, kingUid);
  const kingEval = evaluations.find((e) => e.uid === kingUid) as Record<string, unknown>;
  const crownField = era === "winner" ? "won_at_block" : "crowned_at_block";
  const king = { ...kingEval, [crownField]: 25_100 };
  const runnerUp = evaluations.find((e) => e.uid === 5) ?? null;
  const scanBlock = 45_000;
  const n = (pred: (e: Record<string, unknown>) => boolean) => evaluations.filter(pred).length;
  const status = {
    [`${role}_uid`]: kingUid,
    [`${role}_score`]: king.score,
    [`${role}_image`]: king.image,
    n_evaluated: evaluations.length,
    n_active: n((e) => e.disqualified === false),
    n_disqualified: n((e) => e.disqualified === true),
    last_eval_ts: evaluations[0]?.evaluated_at ?? null,
    last_eval_age_min: 12.5,
    last_scan_block: scanBlock,
    last_weights_set_block: scanBlock - 40,
  };
  const e2e = era === "e2e" || era === "june";
  const roundBlock = scanBlock - 100;
  const progress = {
    round_block: roundBlock,
    status: "running",
    phase: "challenger_eval",
    detail: "Evaluating challenger 2 of 3",
    current_idx: 1,
    challengers: cast.slice(-3).map((m, idx) => ({
      idx,
      uid: m.uid,
      hotkey: m.hotkey,
      image: m.image,
      status: idx === 0 ? "scored" : idx === 1 ? (e2e ? "awaiting_correctness" : "evaluating") : "pending",
      ...(idx === 0 ? { score: 0.031 } : {}),
    })),
    gpu: { provider: "targon", pod_id: "pod-7f3a", gpu_type: "H200", num_gpus: 4, cost_per_hr: 14.4 },
    steps: [
      { ts: at(roundBlock), phase: "challengers_found", n: 3 },
      { ts: at(roundBlock) + 40, phase: "gpu_searching" },
      { ts: at(roundBlock) + 95, phase: "gpu_match_found" },
      { ts: at(roundBlock) + 130, phase: "gpu_renting" },
      { ts: at(roundBlock) + 400, phase: "gpu_ready", elapsed_s: 270 },
      { ts: at(roundBlock) + 900, phase: "baseline_complete", elapsed_s: 500 },
      { ts: at(roundBlock) + 1000, phase: "challenger_eval", uid: cast.at(-2)?.uid, status: "evaluating" },
    ],
    started_at: at(roundBlock),
    updated_at: at(roundBlock) + 1000,
    ...(e2e ? { leader: { uid: kingUid, score: 0.2 }, runner_up: { uid: 5, score: 0.12 } } : {}),
  };
  const containerLogs = new Map<string, string>();
  for (const e of evaluations.slice(0, 6)) {
    const label = `uid${e.uid as number}_${shortHotkey(e.hotkey as string)}_${e.evaluation_block as number}`;
    containerLogs.set(
      label,
      `INFO  starting server for uid ${e.uid as number}\nINFO  health ok\nINFO  served 12 prompts\n`,
    );
  }
  containerLogs.set("baseline_9f2c1a", "INFO  vllm 0.8.5 baseline\nINFO  12 prompts\n");
  if (era === "june") containerLogs.set(`baseline_${roundBlock}_c41`, "INFO  baseline for round\n");
  const validatorLogs = new Map<string, string>();
  if (era === "june") {
    validatorLogs.set(`cpu_${scanBlock}_${at(scanBlock)}`, "INFO  scan: 13 commitments\nINFO  weights set\n");
    validatorLogs.set(`gpu_${roundBlock}_${at(roundBlock)}`, "INFO  renting pod\nINFO  eval complete\n");
  }
  return {
    era,
    role,
    status,
    king,
    runnerUp: role === "leader" ? runnerUp : null,
    history: historyFor(era, cast),
    evaluations,
    evalJob: {
      block: roundBlock,
      block_hash: `0x${"cd".repeat(32)}`,
      challengers: cast.slice(-3).map((m) => ({
        uid: m.uid,
        hotkey: m.hotkey,
        commit_block: m.commitBlock,
        image: m.image,
        digest: m.digest,
      })),
      created_at: at(roundBlock),
    },
    progress,
    containerLogs,
    validatorLogs,
    hotkeyRoute: era === "june",
  };
}

/** A record shaped like nothing the API has published so far (a future era). */
export const UNKNOWN_SHAPE_RECORD = {
  submission: { miner: "5FutureShape", image_ref: "docker.io/future/shape:v1" },
  result: { verdict: "pass", metrics: { p50_ms: 210 } },
};
