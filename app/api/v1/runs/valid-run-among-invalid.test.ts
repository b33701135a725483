import { encodeAddress } from "@polkadot/util-crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeRows } from "@/db/client";
import { runPrompts, runs } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { callRoute, NOW_MS } from "@/server/api/test-support/deps";
import { runBody, signedRun } from "@/server/api/test-support/run-refusals";
import { encode, type SignedRequestSpec } from "@/server/api/test-support/signing";
import { openWorld, testPairs, type World } from "@/server/api/test-support/world";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { POST } from "./route";

// One valid run among 2,000 invalid posts of every kind, all in flight at once: it is stored exactly once, with
// its prompts and its envelope byte for byte, and every other post gets its own documented refusal.
//
// Most kinds are refused before the signature is checked, so they share one signed template with a header
// changed; only the kinds that must pass the signature are signed one by one (sr25519 in pure JS takes a few
// milliseconds per signature, and the suite must stay fast).

interface Post {
  readonly kind: string;
  readonly spec: SignedRequestSpec;
  readonly expected: number;
}

interface Flood {
  readonly valid: SignedRequestSpec;
  readonly posts: readonly Post[];
}

const TEMPLATE_KINDS: readonly [
  kind: string,
  count: number,
  status: number,
  headers: Record<string, string | null>,
][] = [
  ["missing signature", 400, 401, { "epistula-request-signature": null }],
  ["stale timestamp", 150, 401, { "epistula-timestamp": String(NOW_MS - 9_000) }],
  ["future timestamp", 150, 401, { "epistula-timestamp": String(NOW_MS + 9_000) }],
  ["wrong Signed-For", 150, 401, { "epistula-signed-for": "another-explorer" }],
  ["malformed signature", 180, 401, { "epistula-request-signature": "0xzz" }],
  ["wrong version", 150, 401, { "epistula-version": "1" }],
  ["uuid not v4", 90, 401, { "epistula-uuid": "00000000-0000-1000-8000-000000000000" }],
  ["wrong content type", 200, 415, { "content-type": "application/x-www-form-urlencoded" }],
  ["declared too large", 200, 413, { "content-length": String(3 * 1024 * 1024) }],
];

let flood: Promise<Flood> | undefined;

/** Built once and shared by both drivers: a request spec can be sent any number of times. */
function buildFlood(w: World): Promise<Flood> {
  flood ??= (async () => {
    const p = await testPairs();
    const posts: Post[] = [];
    const add = (kind: string, count: number, expected: number, make: () => SignedRequestSpec) => {
      for (let i = 0; i < count; i++) posts.push({ kind, spec: make(), expected });
    };

    const valid = signedRun(w);
    const template = signedRun(w);
    for (const [kind, count, status, headers] of TEMPLATE_KINDS) {
      const spec = { ...template, headers: withHeaders(template.headers, headers) };
      add(kind, count, status, () => spec);
    }
    const prefix0 = encodeAddress(p.validator1.publicKey, 0);
    add("wrong SS58 prefix", 150, 401, () => ({
      ...template,
      headers: withHeaders(template.headers, { "epistula-signed-by": prefix0 }),
    }));
    const big = new Uint8Array(2 * 1024 * 1024 + 1).fill(0x20);
    add("streamed too large", 10, 413, () => ({ ...template, body: big }));

    // Refused at or after the signature check.
    const badSignature = { ...template, body: encode(JSON.stringify(runBody(w))) };
    add("bad signature", 30, 401, () => badSignature);
    const ed = signedRun(w, { pair: p.ed25519 });
    add("ed25519 key", 20, 401, () => ed);
    add("replay of the valid post", 30, 409, () => valid);
    const stranger = signedRun(w, { pair: p.stranger });
    add("unregistered hotkey", 20, 403, () => stranger);
    const noPermit = signedRun(w, { pair: p.noPermit });
    add("no validator permit", 20, 403, () => noPermit);
    add("bad JSON", 20, 400, () => signedRun(w, { body: '{"schema":' }));
    add("zod failure", 20, 400, () =>
      signedRun(w, { edit: (r) => void ((r.prompts[0] as { index: number }).index = -1) }),
    );
    add("doctored score", 20, 422, () => signedRun(w, { edit: (r) => void (r.summary.score *= 1.01) }));
    add("unknown submission", 10, 404, () =>
      signedRun(w, { edit: (r) => void (r.submission.hotkey = p.validator2.address) }),
    );
    add("validator mismatch", 10, 400, () =>
      signedRun(w, { edit: (r) => void (r.validator.hotkey = p.validator2.address) }),
    );
    return { valid, posts: shuffled(posts) };
  })();
  return flood;
}

describeEachDatabase("POST /api/v1/runs – one valid run among 2,000 invalid posts", (driver) => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  it("stores the valid run exactly once, byte for byte, and refuses every other post as documented", async () => {
    const { valid, posts } = await buildFlood(w);
    expect(posts.filter((p) => p.kind !== "replay of the valid post")).toHaveLength(2_000);
    const all = [
      ...posts.slice(0, 1_000),
      { kind: "valid", spec: valid, expected: 201 },
      ...posts.slice(1_000),
    ];
    const deps = w.deps();
    const statuses = await Promise.all(all.map(async (p) => (await callRoute(POST, deps, p.spec)).status));

    // The valid post and its replays race: whichever arrives first is stored, the others are replays.
    const racing = all.flatMap((p, i) =>
      p.kind === "valid" || p.kind === "replay of the valid post" ? [statuses[i]] : [],
    );
    expect(racing.filter((s) => s === 201)).toHaveLength(1);
    expect(racing.filter((s) => s === 409)).toHaveLength(racing.length - 1);
    const wrong = all
      .map((p, i) => ({ kind: p.kind, expected: p.expected, got: statuses[i] }))
      .filter((r) => r.kind !== "valid" && r.kind !== "replay of the valid post" && r.got !== r.expected);
    expect(wrong).toEqual([]);

    const run = JSON.parse(new TextDecoder().decode(valid.body as Uint8Array)) as RunV1;
    const stored = await w.database.db.select().from(runs);
    expect(stored.map((r) => r.runId)).toEqual([run.runId]);
    expect(Buffer.from(stored[0]?.envelope ?? []).equals(Buffer.from(valid.body as Uint8Array))).toBe(true);
    const prompts = await w.database.db.select().from(runPrompts).where(eq(runPrompts.runId, run.runId));
    expect(prompts.map((p) => p.promptIndex).sort((a, b) => a - b)).toEqual(run.prompts.map((p) => p.index));
    const [counts] = await executeRows<{ posted: number; nonces: number }>(
      w.database.db,
      sql`select (select runs_posted from validators where hotkey = ${w.pairs.validator1.address}) as posted,
                 (select count(*)::int from epistula_nonces) as nonces`,
    );
    // Nonces: the valid post and the 80 individually signed posts that passed the permit check; nothing
    // refused earlier wrote anything.
    expect(counts).toEqual({ posted: 1, nonces: 81 });
  });
});

function withHeaders(
  base: Record<string, string>,
  changes: Record<string, string | null>,
): Record<string, string> {
  const headers = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return headers;
}

/** A fixed shuffle (a small LCG), so a failure replays in the same order. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let state = 0x2f6b;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
