import { randomUUID } from "node:crypto";
import { encodeAddress } from "@polkadot/util-crypto";
import { z } from "zod";
import { GET as getJobs } from "@/app/api/v1/jobs/route";
import { POST as postLease } from "@/app/api/v1/jobs/[submissionId]/lease/route";
import { POST as postProgress } from "@/app/api/v1/runs/[runId]/progress/route";
import { POST as postRun } from "@/app/api/v1/runs/route";
import { checkRunClaims } from "@/lib/protocol/run-checks";
import type { SignedHandler } from "@/server/api/signed-route";
import type { ErrorCode } from "@/lib/schemas/errors";
import { sha256Hex } from "@/lib/protocol/epistula";
import { paramsAt } from "@/lib/protocol/params";
import { progressEventSchema, runV1Schema, type RunV1 } from "@/lib/protocol/run-schema";
import { jobsQuerySchema, leaseBodySchema } from "@/lib/schemas/jobs";
import { NOW_MS, SIGNED_FOR } from "./deps";
import type { FuzzInput, Plan, TamperedHeader } from "./fuzz-plans";
import { pathsOf, valueAt, withValueAt, type JsonPath } from "./fuzz-values";
import { encode, signRequest, type SignedRequestSpec } from "./signing";
import { runBody, signedRun } from "./run-refusals";
import type { World } from "./world";

// Test support: the fuzz's oracle. Turns a plan into a request and decides, from the input and the runs the
// API has accepted so far, the documented answer (api.md): a status and, for a refusal, its error code. It
// decides from the documented rules (header formats, the published zod schemas, protocol.md's scoring), never
// by asking the code under test.

export type Expected =
  | { readonly status: 200 | 201; readonly code?: undefined }
  | { readonly status: number; readonly code: ErrorCode };

export interface FuzzRequest {
  readonly kind: string;
  readonly handler: SignedHandler;
  readonly params: Record<string, string>;
  readonly spec: SignedRequestSpec;
  readonly expected: Expected;
  /** Set when a 2xx stores something the final check must find. */
  readonly stores?: { readonly run?: StoredRun; readonly progress?: StoredProgress };
}

export interface StoredRun {
  readonly runId: string;
  readonly bytes: Uint8Array;
  readonly prompts: number;
}
export interface StoredProgress {
  readonly runId: string;
  readonly phase: string;
  readonly detail: string;
  readonly at: string;
}

/** What the API has accepted so far in this database. */
export interface FuzzState {
  readonly runs: Map<string, StoredRun>;
  /** Requests that got past the permit check: replaying any of them must be refused as replayed. */
  readonly admitted: Pick<FuzzRequest, "handler" | "params" | "spec">[];
  readonly progress: StoredProgress[];
  readonly leases: Set<number>;
}

export const newFuzzState = (): FuzzState => ({
  runs: new Map(),
  admitted: [],
  progress: [],
  leases: new Set(),
});

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const MAX_BODY = 2 * 1024 * 1024;
const SKEW_MS = 8_000;
const ok = (status: 200 | 201): Expected => ({ status });
const err = (status: number, code: ErrorCode): Expected => ({ status, code });

/** The value a header arrives with once fetch has normalized it (surrounding whitespace trimmed). */
const asSent = (value: string): string => new Headers({ h: value }).get("h") ?? "";

export function materialize(input: FuzzInput, w: World, state: FuzzState): FuzzRequest {
  const request = build(input.plan, w, state);
  if (input.requestId === undefined) return request;
  return {
    ...request,
    spec: { ...request.spec, headers: { ...request.spec.headers, "x-request-id": input.requestId } },
  };
}

function runRequest(kind: string, w: World, state: FuzzState, spec: SignedRequestSpec): FuzzRequest {
  const bytes = spec.body ?? new Uint8Array(0);
  const expected = expectRun(bytes, w, state);
  const fresh = expected.status === 201 ? storedRun(bytes) : undefined;
  return { kind, handler: postRun, params: {}, spec, expected, stores: fresh && { run: fresh } };
}

function storedRun(bytes: Uint8Array): StoredRun {
  const run = JSON.parse(new TextDecoder().decode(bytes)) as RunV1;
  return { runId: run.runId.toLowerCase(), bytes, prompts: run.prompts.length };
}

/** POST /api/v1/runs by validator1 with these exact bytes, once the signature and permit have passed. */
function expectRun(bytes: Uint8Array, w: World, state: FuzzState): Expected {
  if (bytes.byteLength === 0) return err(400, "invalid_body");
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return err(400, "invalid_body");
  }
  const parsed = runV1Schema.safeParse(value);
  if (!parsed.success) return err(400, "invalid_body");
  const run = parsed.data;
  if (run.validator.hotkey !== w.pairs.validator1.address || run.netuid !== 14)
    return err(400, "invalid_body");
  const candidates = [w.submission, w.older].filter((s) => s.hotkey === run.submission.hotkey);
  if (candidates.length === 0) return err(404, "not_found");
  if (
    !candidates.some(
      (s) => s.digest === run.submission.digest && s.commitBlock === run.submission.commitBlock,
    )
  )
    return err(409, "conflict");
  const { refusal } = checkRunClaims(run, paramsAt(run.seed.block));
  if (refusal !== null) return err(422, refusal.code);
  const stored = state.runs.get(run.runId.toLowerCase());
  if (stored === undefined) return ok(201);
  return sha256Hex(stored.bytes) === sha256Hex(bytes) ? ok(200) : err(409, "conflict");
}

function build(plan: Plan, w: World, state: FuzzState): FuzzRequest {
  const validRun = () => runBody(w);
  switch (plan.t) {
    case "valid":
      return runRequest("valid run", w, state, signedRun(w));
    case "mutate": {
      const run = validRun();
      const stored = [...state.runs.values()];
      if (plan.reuseRunId && stored.length > 0)
        run.runId = (stored[plan.instance % stored.length] as StoredRun).runId;
      const fields = new Map<string, JsonPath[]>();
      for (const p of pathsOf(run).slice(1)) {
        const field = p.map((k) => (typeof k === "number" ? "#" : k)).join(".");
        fields.set(field, [...(fields.get(field) ?? []), p]);
      }
      const instances = [...fields.values()][plan.field % fields.size] ?? [[]];
      const path = instances[plan.instance % instances.length] ?? [];
      const old = valueAt(run, path);
      const value = !plan.value.sameType
        ? plan.value.any
        : typeof old === "string"
          ? plan.value.text
          : typeof old === "number"
            ? plan.value.number
            : plan.value.text;
      const body = JSON.stringify(withValueAt(run, path, value)) ?? "null";
      return runRequest(`run with a field replaced: ${path.join(".")}`, w, state, signedRun(w, { body }));
    }
    case "extra-key": {
      const run = validRun();
      const objects = pathsOf(run).filter((p) => {
        const node = p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], run);
        return node !== null && typeof node === "object" && !Array.isArray(node);
      });
      const at = objects[plan.path % objects.length] ?? [];
      const node = at.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], run) as Record<
        string,
        unknown
      >;
      // defineProperty, so "__proto__" becomes an own key that JSON.stringify writes.
      Object.defineProperty(node, plan.key, {
        value: plan.value ?? null,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return runRequest("run with an unknown key", w, state, signedRun(w, { body: JSON.stringify(run) }));
    }
    case "raw-token": {
      const text = JSON.stringify(validRun());
      const numbers = [...text.matchAll(/(?<=:)-?\d+(\.\d+)?(e[+-]?\d+)?(?=[,}\]])/gi)];
      const m = numbers[plan.leaf % numbers.length];
      if (m === undefined || m.index === undefined) throw new Error("the run fixture has no numbers");
      const body = text.slice(0, m.index) + plan.token + text.slice(m.index + m[0].length);
      return runRequest(`number written as ${plan.token}`, w, state, signedRun(w, { body }));
    }
    case "garbage":
      return runRequest("not a run", w, state, signedRun(w, { body: plan.body }));
    case "header":
      return tamperHeader(plan.header, plan.value, w, state);
    case "skew": {
      const spec = signedRun(w, { nowMs: NOW_MS + plan.offsetMs });
      if (Math.abs(plan.offsetMs) > SKEW_MS)
        return {
          kind: "stale or future timestamp",
          handler: postRun,
          params: {},
          spec,
          expected: err(401, "stale_timestamp"),
        };
      return runRequest("timestamp within the skew", w, state, spec);
    }
    case "signer":
      return foreignSigner(plan.who, w);
    case "replay": {
      const first = state.admitted[plan.pick % Math.max(1, state.admitted.length)];
      if (first === undefined) return build({ t: "valid" }, w, state);
      return { ...first, kind: "replay", expected: err(409, "replayed") };
    }
    case "retry": {
      const stored = [...state.runs.values()][plan.pick % Math.max(1, state.runs.size)];
      if (stored === undefined) return build({ t: "valid" }, w, state);
      const spec = signedRun(w, { body: new Uint8Array(stored.bytes) });
      return { kind: "retry of a stored run", handler: postRun, params: {}, spec, expected: ok(200) };
    }
    case "oversize": {
      const spec = plan.declaredOnly
        ? signedRun(w, { headers: { "content-length": String(MAX_BODY + plan.extra) } })
        : signedRun(w, { body: new Uint8Array(MAX_BODY + plan.extra).fill(0x7b) });
      return {
        kind: "body over 2 MiB",
        handler: postRun,
        params: {},
        spec,
        expected: err(413, "body_too_large"),
      };
    }
    case "progress":
      return progress(plan, w);
    case "lease":
      return lease(plan, w);
    case "jobs": {
      const query = plan.limit === undefined ? "" : `?limit=${segment(plan.limit)}`;
      const spec = signRequest({
        method: "GET",
        path: `/api/v1/jobs${query}`,
        pair: w.pairs.validator1,
        nowMs: NOW_MS,
        signedFor: SIGNED_FOR,
      });
      const limit = new URL(spec.url).searchParams.get("limit");
      const valid = jobsQuerySchema.safeParse(limit === null ? {} : { limit }).success;
      return {
        kind: "jobs query",
        handler: getJobs,
        params: {},
        spec,
        expected: valid ? ok(200) : err(400, "invalid_query"),
      };
    }
  }
}

function tamperHeader(header: TamperedHeader, value: string | null, w: World, state: FuzzState): FuzzRequest {
  const base = signedRun(w);
  const headers = { ...base.headers };
  if (value === null) delete headers[header];
  else headers[header] = value;
  const spec = { ...base, headers };
  const kind = `${header} ${value === null ? "removed" : "changed"}`;
  const refused = (e: Expected): FuzzRequest => ({ kind, handler: postRun, params: {}, spec, expected: e });
  const sent = value === null ? null : asSent(value);
  if (sent === base.headers[header]) return runRequest(kind, w, state, spec);

  if (header === "content-type") {
    // No Content-Type is accepted (the signature covers the bytes); a label must say JSON in UTF-8.
    if (sent === null) return runRequest(kind, w, state, spec);
    const [media, ...rest] = sent
      .toLowerCase()
      .split(";")
      .map((p) => p.trim());
    const utf8 = rest.every((p) => !p.startsWith("charset=") || /^charset="?utf-8"?$/.test(p));
    return media === "application/json" && utf8
      ? runRequest(kind, w, state, spec)
      : refused(err(415, "unsupported_media_type"));
  }
  if (header === "epistula-signed-for") return refused(err(401, "bad_signature"));
  if (sent === null) return refused(err(401, "missing_headers"));
  switch (header) {
    case "epistula-version":
      // The version is not signed: any spelling of 2 is accepted.
      return sent === "2" ? runRequest(kind, w, state, spec) : refused(err(401, "missing_headers"));
    case "epistula-uuid":
      return refused(err(401, UUID_V4.test(sent) ? "bad_signature" : "missing_headers"));
    case "epistula-timestamp":
      if (!/^[0-9]{1,15}$/.test(sent)) return refused(err(401, "missing_headers"));
      return refused(
        err(401, Math.abs(NOW_MS - Number(sent)) > SKEW_MS ? "stale_timestamp" : "bad_signature"),
      );
    default:
      return refused(err(401, "bad_signature"));
  }
}

function foreignSigner(
  who: "stranger" | "noPermit" | "ed25519" | "prefix0" | "otherExplorer",
  w: World,
): FuzzRequest {
  const kind = `signed by ${who}`;
  const refused = (spec: SignedRequestSpec, e: Expected): FuzzRequest => ({
    kind,
    handler: postRun,
    params: {},
    spec,
    expected: e,
  });
  if (who === "stranger" || who === "noPermit") {
    const pair = w.pairs[who];
    return refused(signedRun(w, { pair }), err(403, "not_a_validator"));
  }
  const body = JSON.stringify(runBody(w));
  if (who === "ed25519")
    return refused(signedRun(w, { body, pair: w.pairs.ed25519 }), err(401, "bad_signature"));
  if (who === "otherExplorer")
    return refused(signedRun(w, { body, signedFor: "another-explorer" }), err(401, "bad_signature"));
  const spec = signedRun(w, { body });
  const prefix0 = encodeAddress(w.pairs.validator1.publicKey, 0);
  return refused(
    { ...spec, headers: { ...spec.headers, "epistula-signed-by": prefix0 } },
    err(401, "bad_signature"),
  );
}

const validEvent = () => ({ phase: "benchmark", detail: "prompt 3 of 10", at: "2026-05-20T11:59:00.000Z" });

function progress(plan: Extract<Plan, { t: "progress" }>, w: World): FuzzRequest {
  const runId = plan.runId ?? randomUUID();
  let body: string | Uint8Array<ArrayBuffer>;
  if (plan.body === "valid") body = JSON.stringify(validEvent());
  else if ("garbage" in plan.body) body = plan.body.garbage;
  else {
    const event = validEvent();
    const paths = pathsOf(event).slice(1);
    body =
      JSON.stringify(withValueAt(event, paths[plan.body.path % paths.length] ?? [], plan.body.value)) ??
      "null";
  }
  const path = `/api/v1/runs/${segment(runId)}/progress`;
  const spec = signRequest({ path, pair: w.pairs.validator1, nowMs: NOW_MS, signedFor: SIGNED_FOR, body });
  const base = { kind: "progress event", handler: postProgress, params: { runId }, spec };
  if (!z.uuid().safeParse(runId).success) return { ...base, expected: err(400, "invalid_query") };
  const event = parseJson(typeof body === "string" ? encode(body) : body);
  const parsed = progressEventSchema.safeParse(event);
  if (!parsed.success) return { ...base, expected: err(400, "invalid_body") };
  const stored = { runId: runId.toLowerCase(), ...parsed.data };
  return { ...base, expected: ok(201), stores: { progress: stored } };
}

function lease(plan: Extract<Plan, { t: "lease" }>, w: World): FuzzRequest {
  const submissions = [w.submission, w.older];
  const id =
    typeof plan.submission === "number"
      ? String((submissions[plan.submission] ?? w.submission).id)
      : plan.submission;
  const path = `/api/v1/jobs/${segment(id)}/lease`;
  const spec = signRequest({
    path,
    pair: w.pairs.validator2,
    nowMs: NOW_MS,
    signedFor: SIGNED_FOR,
    body: plan.body,
  });
  const base = { kind: "lease", handler: postLease, params: { submissionId: id }, spec };
  if (!/^[1-9][0-9]{0,14}$/.test(id)) return { ...base, expected: err(400, "invalid_query") };
  const bytes = encode(plan.body);
  const body = bytes.byteLength === 0 ? undefined : parseJson(bytes);
  if (body === INVALID || !leaseBodySchema.safeParse(body).success)
    return { ...base, expected: err(400, "invalid_body") };
  const known = submissions.some((s) => s.id === Number(id));
  return { ...base, expected: known ? ok(200) : err(404, "not_found") };
}

// The handler gets the parameter itself (as Next.js passes it); the URL only has to be a URL, and a lone
// surrogate cannot be percent-encoded.
function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "not-utf-16";
  }
}

const INVALID = Symbol("invalid JSON");
function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return INVALID;
  }
}
