import type { Database } from "@/db/client";
import {
  getOfficialFetchState,
  listRequestedOfficialLogs,
  putOfficialSnapshot,
  recordOfficialFetch,
  storeOfficialLogText,
  storeOfficialRecords,
  upsertOfficialLogIndex,
  type IncomingRecord,
} from "@/db/queries/official";
import { backoffDelayMs } from "@/lib/backoff";
import {
  parseCrowning,
  parseEvaluation,
  rawSha256,
  recordKey,
  type RecordKind,
} from "@/lib/official/records";
import { evaluationListSchema, historyListSchema, logIndexSchema } from "@/lib/official/schemas";
import type { FetchOutcome, OfficialClient } from "./client";
import {
  FOLLOWED_ROUTES,
  HOTKEY_ROUTE_PROBE,
  hotkeyRoute,
  logRoute,
  MIN_REFETCH_S,
  MISSING_ROUTE_RECHECK_S,
  uidRoute,
  type RouteKind,
} from "./routes";

export type ImportState = "ok" | "rate_limited" | "unavailable" | "unreachable";

export interface CycleResult {
  state: ImportState;
  fetched: number;
  added: number;
  changed: number;
  unknownShapes: number;
  /** When the server asked us to wait (429/503) or was unreachable: no request before this. */
  retryAt: Date | null;
  lastError: string | null;
}

export interface ImporterOptions {
  /**
   * Per cycle, at most this many by-UID / by-hotkey evaluation routes (they add up to 2 × the UIDs; default 1,
   * about 12 a minute beside the followed routes' 26, under the limit of 50).
   */
  detailBudget?: number;
  /** Per cycle, at most this many opened logs fetched. */
  logBudget?: number;
  backoff?: { baseMs: number; maxMs: number };
  now?: () => Date;
}

/**
 * One pass over the official API: the logs someone opened, every followed route that is due (its Cache-Control
 * has run out), then a few by-UID and by-hotkey evaluation routes. A 429, 503 or network failure ends the
 * pass, pauses every request and keeps what was stored; each route's next due time lives in the database, so a
 * restart resumes where the last process stopped.
 */
export class OfficialImporter {
  /** UIDs and hotkeys whose detail routes are due: new or changed records were seen for them. */
  private readonly pendingDetail = new Set<string>();
  private failures = 0;
  private readonly now: () => Date;

  constructor(
    private readonly database: Database,
    private readonly client: OfficialClient,
    private readonly options: ImporterOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async cycle(signal?: AbortSignal): Promise<CycleResult> {
    const result: CycleResult = {
      state: "ok",
      fetched: 0,
      added: 0,
      changed: 0,
      unknownShapes: 0,
      retryAt: null,
      lastError: null,
    };
    // A log someone opened goes first: a reader is waiting for it.
    for (const log of await listRequestedOfficialLogs(
      this.database.db,
      this.options.logBudget ?? 3,
      this.now(),
    )) {
      const source = log.source === "validator" ? "validator" : "container";
      const outcome = await this.client.get(logRoute(source, log.label), "text", signal);
      result.fetched += 1;
      if (outcome.kind === "ok")
        await storeOfficialLogText(this.database.db, log.label, { text: outcome.text }, this.now());
      else if (outcome.kind === "not_found")
        await storeOfficialLogText(
          this.database.db,
          log.label,
          { error: "the validator no longer has this log", retryAt: null },
          this.now(),
        );
      else if (this.stopsCycle(outcome, result)) return result;
      else if (outcome.kind === "error")
        await storeOfficialLogText(
          this.database.db,
          log.label,
          { error: outcome.message, retryAt: null },
          this.now(),
        );
    }
    const steps: (() => Promise<FetchOutcome | null>)[] = [
      ...FOLLOWED_ROUTES.map((r) => () => this.followRoute(r.route, r.kind, result, signal)),
    ];
    for (const step of steps) {
      const outcome = await step();
      if (outcome && this.stopsCycle(outcome, result)) return result;
    }
    const budget = this.options.detailBudget ?? 1;
    let spent = 0;
    for (const route of [...this.pendingDetail]) {
      if (spent >= budget) break;
      this.pendingDetail.delete(route);
      // Once the server has said it has no by-hotkey route, the queued ones are dropped, not tried one by one.
      if (route.startsWith(`${HOTKEY_ROUTE_PROBE}/`) && (await this.hotkeyRouteMissing())) continue;
      spent += 1;
      const outcome = await this.followRoute(
        route,
        { store: "records", kind: "evaluation" },
        result,
        signal,
        true,
      );
      if (outcome && this.stopsCycle(outcome, result)) {
        this.pendingDetail.add(route);
        return result;
      }
    }
    this.failures = 0;
    return result;
  }

  /** A throttle or an unreachable server ends the pass and pauses every request for its back-off. */
  private stopsCycle(outcome: FetchOutcome, result: CycleResult): boolean {
    if (outcome.kind === "aborted") return true;
    if (outcome.kind !== "throttled" && outcome.kind !== "unreachable") return false;
    this.failures += 1;
    const backoffMs = backoffDelayMs(
      this.failures,
      this.options.backoff ?? { baseMs: 5_000, maxMs: 300_000 },
    );
    const askedMs =
      outcome.kind === "throttled" && outcome.retryAfterS !== null ? outcome.retryAfterS * 1000 : 0;
    const waitMs = Math.max(backoffMs, askedMs);
    this.client.limiter.pause(waitMs);
    result.retryAt = new Date(this.now().getTime() + waitMs);
    if (outcome.kind === "unreachable") {
      result.state = "unreachable";
      result.lastError = outcome.message;
    } else {
      result.state = outcome.status === 429 ? "rate_limited" : "unavailable";
      result.lastError = `HTTP ${outcome.status} from the official API; retrying after ${Math.round(waitMs / 1000)} s`;
    }
    return true;
  }

  private async followRoute(
    route: string,
    kind: RouteKind,
    result: CycleResult,
    signal: AbortSignal | undefined,
    force = false,
  ): Promise<FetchOutcome | null> {
    const db = this.database.db;
    const state = await getOfficialFetchState(db, route);
    const now = this.now();
    if (!force && state && state.nextDueAt > now) return null;
    const outcome = await this.client.get(route, "json", signal);
    if (outcome.kind === "aborted") return outcome;
    result.fetched += 1;
    const fetchedAt = this.now();
    const due = (seconds: number) => new Date(fetchedAt.getTime() + seconds * 1000);
    const base = {
      lastStatus: null as number | null,
      lastFetchedAt: fetchedAt,
      lastError: null as string | null,
    };
    switch (outcome.kind) {
      case "ok": {
        const sha = rawSha256(outcome.body);
        // An unchanged list is not walked again; its records' last_fetched_at stays at the last change.
        if (state?.bodySha256 !== sha || force)
          await this.store(route, kind, outcome.body, result, fetchedAt);
        await recordOfficialFetch(db, route, {
          ...base,
          ok: true,
          lastStatus: 200,
          nextDueAt: due(Math.max(MIN_REFETCH_S, outcome.maxAgeS)),
          failures: 0,
          bodySha256: sha,
        });
        break;
      }
      case "not_found": {
        if (route.startsWith(HOTKEY_ROUTE_PROBE + "/") && outcome.routeMissing) {
          await recordOfficialFetch(db, HOTKEY_ROUTE_PROBE, {
            ...base,
            ok: false,
            lastStatus: 404,
            nextDueAt: due(MISSING_ROUTE_RECHECK_S),
            failures: 0,
          });
        }
        await recordOfficialFetch(db, route, {
          ...base,
          ok: !outcome.routeMissing,
          lastStatus: 404,
          nextDueAt: due(
            outcome.routeMissing ? MISSING_ROUTE_RECHECK_S : Math.max(MIN_REFETCH_S, outcome.maxAgeS),
          ),
          failures: 0,
          lastError: outcome.routeMissing ? "this server has no such route (another era)" : null,
        });
        break;
      }
      case "throttled":
      case "unreachable":
      case "error": {
        const failures = (state?.failures ?? 0) + 1;
        const waitMs = backoffDelayMs(failures, this.options.backoff ?? { baseMs: 5_000, maxMs: 300_000 });
        const asked =
          outcome.kind === "throttled" && outcome.retryAfterS !== null ? outcome.retryAfterS * 1000 : 0;
        await recordOfficialFetch(db, route, {
          ...base,
          ok: false,
          lastStatus: outcome.kind === "throttled" ? outcome.status : null,
          nextDueAt: new Date(fetchedAt.getTime() + Math.max(waitMs, asked)),
          failures,
          lastError: outcome.kind === "throttled" ? `HTTP ${outcome.status}` : outcome.message,
        });
        if (outcome.kind === "error") result.lastError = `${route}: ${outcome.message}`;
        break;
      }
    }
    return outcome;
  }

  private async store(
    route: string,
    kind: RouteKind,
    body: unknown,
    result: CycleResult,
    now: Date,
  ): Promise<void> {
    const db = this.database.db;
    if (kind.store === "snapshot") {
      await putOfficialSnapshot(db, route, body, now);
      return;
    }
    if (kind.store === "logs") {
      const parsed = logIndexSchema.safeParse(body);
      if (!parsed.success) {
        await putOfficialSnapshot(db, route, body, now);
        result.lastError = `${route}: log index not understood; kept raw`;
        return;
      }
      const logs = parsed.data.logs.map((l) => ({
        label: l.label,
        filename: l.filename,
        sizeBytes: l.size_bytes ?? null,
      }));
      await upsertOfficialLogIndex(db, kind.source, logs, now);
      return;
    }
    const list =
      kind.kind === "evaluation" ? evaluationListSchema.safeParse(body) : historyListSchema.safeParse(body);
    const items: unknown[] | null = !list.success
      ? null
      : "evaluations" in list.data
        ? (list.data.evaluations as unknown[])
        : (list.data.history as unknown[]);
    if (!items) {
      // The list itself is of a shape we do not know: keep the whole answer raw for the page to show.
      await putOfficialSnapshot(db, route, body, now);
      result.lastError = `${route}: answer not understood; kept raw`;
      result.unknownShapes += 1;
      return;
    }
    const incoming = items.map((raw) => toIncoming(kind.kind, raw));
    result.unknownShapes += incoming.filter((r) => r.schema === "unknown").length;
    const stored = await storeOfficialRecords(db, kind.kind, route, incoming, now);
    result.added += stored.added;
    result.changed += stored.changed;
    if (kind.kind === "evaluation" && route === "/api/evaluations")
      await this.queueDetails(incoming, stored.added + stored.changed > 0);
  }

  private async hotkeyRouteMissing(): Promise<boolean> {
    const probe = await getOfficialFetchState(this.database.db, HOTKEY_ROUTE_PROBE);
    return probe !== null && probe.nextDueAt > this.now();
  }

  /** By-UID and by-hotkey routes for subjects never fetched, or all of them again when the list changed. */
  private async queueDetails(incoming: IncomingRecord[], listChanged: boolean): Promise<void> {
    const db = this.database.db;
    const hotkeysMissing = await this.hotkeyRouteMissing();
    for (const r of incoming) {
      if (r.uid === null || r.hotkey === null) continue;
      const routes = [uidRoute(r.uid), ...(hotkeysMissing ? [] : [hotkeyRoute(r.hotkey)])];
      for (const route of routes) {
        if (listChanged || !(await getOfficialFetchState(db, route))) this.pendingDetail.add(route);
      }
    }
  }
}

/** The indexable fields of a parsed record; all null for a shape not understood (stored raw all the same). */
function indexFields(kind: RecordKind, raw: unknown) {
  if (kind === "evaluation") {
    const p = parseEvaluation(raw);
    if (p.known) {
      const v = p.value;
      return {
        schema: p.schema,
        uid: v.uid,
        hotkey: v.hotkey,
        commitBlock: v.commitBlock,
        block: v.evaluationBlock,
      };
    }
  } else {
    const p = parseCrowning(raw);
    if (p.known) {
      return {
        schema: p.schema,
        uid: p.value.uid,
        hotkey: p.value.hotkey,
        commitBlock: null,
        block: p.value.block,
      };
    }
  }
  return { schema: "unknown", uid: null, hotkey: null, commitBlock: null, block: null };
}

function toIncoming(kind: RecordKind, raw: unknown): IncomingRecord {
  return { recordKey: recordKey(kind, raw), raw, rawSha256: rawSha256(raw), ...indexFields(kind, raw) };
}
