import {
  checkCommitments,
  checkDisqualifiedWeight,
  checkKingIncentive,
  checkThresholds,
  type Anomaly,
  type ChainCommitment,
  type NeuronIncentive,
} from "@/lib/official/anomalies";
import {
  parseProgress,
  parseStatus,
  type OfficialProgress,
  type OfficialStatus,
} from "@/lib/official/progress";
import {
  parseCrowning,
  parseEvaluation,
  parseKingRecord,
  type OfficialCrowning,
  type OfficialEvaluation,
  type OfficialKing,
} from "@/lib/official/records";
import { roundsSchema } from "@/lib/official/schemas";
import { paramsAt, PARAMS_VERSIONS } from "@/lib/protocol/params";
import type { DbOrTx } from "@/db/client";
import {
  getOfficialAnomalyRows,
  listOfficialRecords,
  listOfficialRecordsOfHotkey,
  listOfficialSnapshots,
  OFFICIAL_WORKER,
  type OfficialRecordRow,
} from "@/db/queries/official";
import { getWorkerStatus } from "@/db/queries/status";
import type { z } from "zod";

/**
 * The official track as the pages show it: what the subnet's validator published, parsed where understood and
 * raw where not, every figure with its fetch time, and the anomalies the explorer found in it.
 */
export interface OfficialRecordView<T> {
  recordKey: string;
  version: number;
  /** More than one version of this record exists: the source changed a record it calls immutable. */
  changed: boolean;
  schema: string;
  parsed: T | null;
  raw: unknown;
  firstFetchedAt: Date;
  lastFetchedAt: Date;
}

export interface OfficialImporterState {
  state: string;
  baseUrl: string | null;
  lastOkAt: string | null;
  nextRetryAt: string | null;
  lastError: string | null;
  updatedAt: Date;
}

export interface OfficialKingView {
  route: string;
  king: OfficialKing | null;
  runnerUp: OfficialKing | null;
  /** The answer was not understood: shown raw. */
  raw: unknown;
  understood: boolean;
  fetchedAt: Date;
}

export type OfficialRounds = z.infer<typeof roundsSchema>["rounds"];

export interface OfficialView {
  importer: OfficialImporterState | null;
  status: { value: OfficialStatus | null; raw: unknown; fetchedAt: Date } | null;
  king: OfficialKingView | null;
  progress: { value: OfficialProgress | null; raw: unknown; fetchedAt: Date } | null;
  rounds: { value: OfficialRounds | null; raw: unknown; fetchedAt: Date } | null;
  history: OfficialRecordView<OfficialCrowning>[];
  evaluations: OfficialRecordView<OfficialEvaluation>[];
  anomalies: Anomaly[];
}

const KING_ROUTES = ["/api/leader", "/api/winner", "/api/king"] as const;

export async function readOfficialImporterState(db: DbOrTx): Promise<OfficialImporterState | null> {
  const row = await getWorkerStatus(db, OFFICIAL_WORKER);
  if (!row) return null;
  const d = row.detail;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    state: row.state,
    baseUrl: str(d.baseUrl),
    lastOkAt: str(d.lastOkAt),
    nextRetryAt: str(d.nextRetryAt),
    lastError: row.state === "ok" ? null : row.lastError,
    updatedAt: row.updatedAt,
  };
}

function recordViews<T>(
  rows: OfficialRecordRow[],
  parse: (raw: unknown) => { known: true; value: T } | { known: false },
) {
  const versions = new Map<string, number>();
  for (const r of rows)
    versions.set(
      `${r.kind}:${r.recordKey}`,
      Math.max(versions.get(`${r.kind}:${r.recordKey}`) ?? 0, r.version),
    );
  return rows.map((r): OfficialRecordView<T> => {
    const p = parse(r.raw);
    return {
      recordKey: r.recordKey,
      version: r.version,
      changed: (versions.get(`${r.kind}:${r.recordKey}`) ?? 1) > 1,
      schema: r.schema,
      parsed: p.known ? p.value : null,
      raw: r.raw,
      firstFetchedAt: r.firstFetchedAt,
      lastFetchedAt: r.lastFetchedAt,
    };
  });
}

export function evaluationViews(rows: OfficialRecordRow[]) {
  return recordViews(rows, parseEvaluation);
}

function kingView(route: string, raw: unknown, fetchedAt: Date): OfficialKingView {
  const body = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const inner = body.leader ?? body.winner ?? body.king;
  const parse = (v: unknown) => {
    if (v === null || v === undefined) return null;
    const p = parseKingRecord(v);
    return p.known ? p.value : null;
  };
  const king = parse(inner);
  const understood =
    inner === null || inner === undefined
      ? "king" in body || "winner" in body || "leader" in body
      : king !== null;
  return { route, king, runnerUp: parse(body.runner_up), raw, understood, fetchedAt };
}

/** The official track for the pages: records, snapshots, the importer's state and the anomalies found. */
export async function readOfficial(db: DbOrTx, netuid: number): Promise<OfficialView> {
  const [importer, snapshots, crowningRows, evaluationRows] = await Promise.all([
    readOfficialImporterState(db),
    listOfficialSnapshots(db),
    listOfficialRecords(db, "crowning"),
    listOfficialRecords(db, "evaluation"),
  ]);
  const snap = new Map(snapshots.map((s) => [s.route, s]));
  const status = snap.get("/api/status");
  const progress = snap.get("/api/eval-progress");
  const rounds = snap.get("/api/rounds");
  // The newest king answer among the era names this server has answered.
  const kingSnap = KING_ROUTES.map((r) => snap.get(r))
    .filter((s) => s !== undefined)
    .sort((a, b) => b.fetchedAt.getTime() - a.fetchedAt.getTime())[0];
  const history = recordViews(crowningRows, parseCrowning).sort(
    (a, b) => (b.parsed?.block ?? 0) - (a.parsed?.block ?? 0),
  );
  const evaluations = evaluationViews(evaluationRows);
  const view: OfficialView = {
    importer,
    status: status
      ? { value: nullable(parseStatus(status.raw)), raw: status.raw, fetchedAt: status.fetchedAt }
      : null,
    king: kingSnap ? kingView(kingSnap.route, kingSnap.raw, kingSnap.fetchedAt) : null,
    progress: progress
      ? { value: nullable(parseProgress(progress.raw)), raw: progress.raw, fetchedAt: progress.fetchedAt }
      : null,
    rounds: rounds
      ? {
          value: roundsSchema.safeParse(rounds.raw).data?.rounds ?? null,
          raw: rounds.raw,
          fetchedAt: rounds.fetchedAt,
        }
      : null,
    history,
    evaluations,
    anomalies: [],
  };
  view.anomalies = await findAnomalies(db, netuid, view);
  return view;
}

function nullable<T>(p: { known: true; value: T } | { known: false }): T | null {
  return p.known ? p.value : null;
}

/** One hotkey's official evaluations (every version), for the submission page. */
export async function readOfficialEvaluationsOfHotkey(db: DbOrTx, hotkey: string) {
  return evaluationViews(await listOfficialRecordsOfHotkey(db, hotkey));
}

async function findAnomalies(db: DbOrTx, netuid: number, view: OfficialView): Promise<Anomaly[]> {
  const evaluations = view.evaluations.flatMap((e) => (e.parsed ? [e.parsed] : []));
  const rows = await getOfficialAnomalyRows(db, netuid, [...new Set(evaluations.map((e) => e.hotkey))]);
  const neurons: NeuronIncentive[] = rows.neurons;
  const onChain: ChainCommitment[] = rows.commitments.map((c) => ({
    hotkey: c.hotkey,
    commitBlock: c.commitBlock,
    digest: c.parsed?.digest ?? null,
  }));
  const history = view.history.flatMap((h) => (h.parsed ? [h.parsed] : []));
  return [
    ...checkKingIncentive(view.king?.king ?? null, neurons, rows.latestBlock),
    ...checkDisqualifiedWeight(evaluations, neurons, rows.latestBlock),
    ...checkCommitments(evaluations, onChain, rows.firstBlock, rows.cursorBlock),
    ...checkThresholds(history, (block) => paramsAt(block, PARAMS_VERSIONS)),
  ];
}
