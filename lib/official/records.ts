import { createHash } from "node:crypto";
import {
  evaluationE2eV2,
  evaluationImprovementsV1,
  HISTORY_SCHEMAS,
  kingRecordV1,
  leaderRecordV3,
  winnerRecordV2,
} from "./schemas";

/**
 * Official records translated once, at the boundary, into our words (king, crowning, submission). Every parser
 * returns `{ known: false }` for a shape it does not understand, so the caller stores and shows it raw.
 */
export type Parsed<T> = { known: true; schema: string; value: T } | { known: false; issue: string };

export interface OfficialPrompt {
  ttftS: number | null;
  throughputTps: number | null;
  e2eS: number | null;
  baselineE2eS: number | null;
  outputTokens: number | null;
  tokenMatchRate: number | null;
}

export interface OfficialEvaluation {
  uid: number;
  hotkey: string;
  commitBlock: number;
  image: string;
  digest: string | null;
  score: number | null;
  ttftImprovement: number | null;
  throughputImprovement: number | null;
  speedImprovement: number | null;
  tokenMatchRate: number | null;
  disqualified: boolean;
  disqualifyReason: string | null;
  evaluatedAt: Date | null;
  evaluationBlock: number;
  perPrompt: OfficialPrompt[];
}

export interface OfficialKing {
  uid: number;
  hotkey: string;
  commitBlock: number | null;
  image: string | null;
  digest: string | null;
  score: number | null;
  crownedBlock: number | null;
  evaluationBlock: number | null;
}

export interface OfficialCrowning {
  /** The word the source used: king (May 12–17), winner (May 18), leader (later). */
  role: "king" | "winner" | "leader";
  at: Date | null;
  block: number;
  uid: number;
  hotkey: string;
  score: number | null;
  image: string | null;
  digest: string | null;
  /** The score the new king had to beat; 0 with no previous king. */
  threshold: number | null;
  prevUid: number | null;
  prevHotkey: string | null;
  prevScore: number | null;
}

const seconds = (ts: number | null | undefined): Date | null =>
  typeof ts === "number" && Number.isFinite(ts) ? new Date(ts * 1000) : null;
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function issueOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const first = error.issues[0];
  return first ? `${first.path.map(String).join(".") || "(root)"}: ${first.message}` : "not understood";
}

export function parseEvaluation(raw: unknown): Parsed<OfficialEvaluation> {
  const isE2e = typeof raw === "object" && raw !== null && "speed_improvement" in raw;
  if (isE2e) {
    const r = evaluationE2eV2.safeParse(raw);
    if (!r.success) return { known: false, issue: issueOf(r.error) };
    const v = r.data;
    return {
      known: true,
      schema: "evaluation.e2e.v2",
      value: {
        ...common(v),
        ttftImprovement: null,
        throughputImprovement: null,
        speedImprovement: v.speed_improvement,
        perPrompt: (v.per_prompt ?? []).map((p) => ({
          ttftS: orNull(p.ttft_s),
          throughputTps: null,
          e2eS: orNull(p.e2e_s),
          baselineE2eS: orNull(p.baseline_e2e_s),
          outputTokens: orNull(p.output_tokens),
          tokenMatchRate: orNull(p.token_match_rate),
        })),
      },
    };
  }
  const r = evaluationImprovementsV1.safeParse(raw);
  if (!r.success) return { known: false, issue: issueOf(r.error) };
  const v = r.data;
  return {
    known: true,
    schema: "evaluation.improvements.v1",
    value: {
      ...common(v),
      ttftImprovement: v.ttft_improvement,
      throughputImprovement: v.throughput_improvement,
      speedImprovement: null,
      perPrompt: (v.per_prompt ?? []).map((p) => ({
        ttftS: orNull(p.ttft_s),
        throughputTps: orNull(p.throughput_tps),
        e2eS: null,
        baselineE2eS: null,
        outputTokens: orNull(p.output_tokens),
        tokenMatchRate: orNull(p.token_match_rate),
      })),
    },
  };
}

function common(v: {
  uid: number;
  hotkey: string;
  commit_block: number;
  image: string;
  digest: string | null;
  score: number | null;
  token_match_rate?: number | null;
  disqualified: boolean;
  disqualify_reason?: string | null;
  evaluated_at?: number | null;
  evaluation_block: number;
}) {
  return {
    uid: v.uid,
    hotkey: v.hotkey,
    commitBlock: v.commit_block,
    image: v.image,
    digest: v.digest,
    score: v.score,
    tokenMatchRate: orNull(v.token_match_rate),
    disqualified: v.disqualified,
    disqualifyReason: orNull(v.disqualify_reason),
    evaluatedAt: seconds(v.evaluated_at),
    evaluationBlock: v.evaluation_block,
  };
}

/** The current king under any of its names (`{king}`, `{winner}`, `{leader}` carry the record inside). */
export function parseKingRecord(raw: unknown): Parsed<OfficialKing> {
  const tries = [
    ["king.v1", kingRecordV1],
    ["winner.v2", winnerRecordV2],
    ["leader.v3", leaderRecordV3],
  ] as const;
  let issue = "not understood";
  for (const [schema, parser] of tries) {
    const r = parser.safeParse(raw);
    if (!r.success) {
      issue = issueOf(r.error);
      continue;
    }
    const v = r.data as {
      uid: number;
      hotkey: string;
      commit_block?: number;
      image?: string;
      digest?: string | null;
      score: number | null;
      evaluation_block?: number;
      crowned_at_block?: number;
      won_at_block?: number;
    };
    return {
      known: true,
      schema,
      value: {
        uid: v.uid,
        hotkey: v.hotkey,
        commitBlock: orNull(v.commit_block),
        image: orNull(v.image),
        digest: orNull(v.digest),
        score: v.score,
        crownedBlock: v.crowned_at_block ?? v.won_at_block ?? null,
        evaluationBlock: orNull(v.evaluation_block),
      },
    };
  }
  return { known: false, issue };
}

/** One crowning from any era's history; the newest naming is tried first, then the older ones. */
export function parseCrowning(raw: unknown): Parsed<OfficialCrowning> {
  const order = ["crowning.leader.v3", "crowning.winner.v2", "crowning.king.v1"] as const;
  let issue = "not understood";
  for (const schema of order) {
    const spec = HISTORY_SCHEMAS[schema];
    const r = spec.schema.safeParse(raw);
    if (!r.success) {
      issue = issueOf(r.error);
      continue;
    }
    const v = r.data as Record<string, unknown>;
    const field = (name: string) => v[`${name.replace("ROLE", spec.role)}`];
    const n = (x: unknown): number | null => (typeof x === "number" ? x : null);
    const s = (x: unknown): string | null => (typeof x === "string" ? x : null);
    return {
      known: true,
      schema,
      value: {
        role: spec.role,
        at: seconds(n(v.ts)),
        block: v.block as number,
        uid: field("new_ROLE_uid") as number,
        hotkey: field("new_ROLE_hotkey") as string,
        score: n(field("new_ROLE_score")),
        image: s(field("new_ROLE_image")),
        digest: s(field("new_ROLE_digest")),
        threshold: n(v[spec.threshold]),
        prevUid: n(field("prev_ROLE_uid")),
        prevHotkey: s(field("prev_ROLE_hotkey")),
        prevScore: n(field("prev_ROLE_score")),
      },
    };
  }
  return { known: false, issue };
}

/** JSON with sorted keys: two fetches of the same record hash the same whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function rawSha256(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

export type RecordKind = "evaluation" | "crowning";

/**
 * The identity of a record at the source: an evaluation is one (hotkey, commit block, evaluation block), a
 * crowning one (block, new king's hotkey). A record we cannot parse is identified by its content.
 */
export function recordKey(kind: RecordKind, raw: unknown): string {
  if (kind === "evaluation") {
    const p = parseEvaluation(raw);
    if (p.known) return `${p.value.hotkey}:${p.value.commitBlock}:${p.value.evaluationBlock}`;
  } else {
    const p = parseCrowning(raw);
    if (p.known) return `${p.value.block}:${p.value.hotkey}`;
  }
  return `raw:${rawSha256(raw)}`;
}
