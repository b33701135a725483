import fc from "fast-check";
import { EPISTULA_HEADERS } from "@/lib/protocol/epistula";
import { headerValue, nastyJson, nastyNumber, nastyString, rawNumberToken } from "./fuzz-values";

// Test support: what the write-route fuzz sends, as plain data. fast-check generates (and shrinks) plans;
// fuzz-oracle.ts turns a plan into a signed request for the seeded world and says what the API must answer.

const TIMES = fc.oneof(
  fc
    .date({ min: new Date(-62_135_596_800_000), max: new Date(253_402_300_799_999) })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    "2026-02-30T00:00:00.000Z",
    "2026-05-20T24:00:00Z",
    "2026-05-20T23:59:60Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999Z",
    "2026-05-20T12:00:00+14:00",
    "2026-05-20",
    "+275760-09-13T00:00:00.000Z",
  ),
);

/** A replacement for one field: any hostile value, a time-like string, or removal (undefined). */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyJson, weight: 6 },
  { arbitrary: nastyNumber, weight: 3 },
  { arbitrary: TIMES, weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

const requestId = fc.option(
  fc.oneof(fc.uuid(), headerValue, fc.constantFrom("a".repeat(129), "req-1", "x y", "ok.id:1_2-3")),
  { nil: undefined, freq: 2 },
);

const garbageBody: fc.Arbitrary<string | Uint8Array<ArrayBuffer>> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  nastyString,
  fc.uint8Array({ maxLength: 300 }).map((a) => new Uint8Array(a)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? "null"),
  fc.constantFrom("", "{", "[]", "null", '{"schema":"cacheon.run.v1"}', "\ufeff{}", '{"a":1,"a":2}'),
);

const TAMPERED_HEADERS = [...Object.values(EPISTULA_HEADERS), "content-type"] as const;
export type TamperedHeader = (typeof TAMPERED_HEADERS)[number];

export type Plan =
  | { readonly t: "valid" }
  | {
      readonly t: "mutate";
      /** Which field (each field of the schema equally likely, whatever its number of instances)… */
      readonly field: number;
      /** …which instance of it (prompts[3] or prompts[7])… */
      readonly instance: number;
      /** …and its new value: one of the field's own type (to get past zod and reach the database) or any. */
      readonly value:
        | { readonly sameType: true; readonly text: string; readonly number: number }
        | { readonly sameType: false; readonly any: unknown };
      readonly reuseRunId: boolean;
    }
  | { readonly t: "extra-key"; readonly path: number; readonly key: string; readonly value: unknown }
  | { readonly t: "raw-token"; readonly leaf: number; readonly token: string }
  | { readonly t: "garbage"; readonly body: string | Uint8Array<ArrayBuffer> }
  | { readonly t: "header"; readonly header: TamperedHeader; readonly value: string | null }
  | { readonly t: "skew"; readonly offsetMs: number }
  | { readonly t: "signer"; readonly who: "stranger" | "noPermit" | "ed25519" | "prefix0" | "otherExplorer" }
  | { readonly t: "replay"; readonly pick: number }
  | { readonly t: "retry"; readonly pick: number }
  | { readonly t: "oversize"; readonly extra: number; readonly declaredOnly: boolean }
  | {
      readonly t: "progress";
      readonly runId: string | null;
      readonly body:
        "valid" | { path: number; value: unknown } | { garbage: string | Uint8Array<ArrayBuffer> };
    }
  | { readonly t: "lease"; readonly submission: string | number; readonly body: string }
  | { readonly t: "jobs"; readonly limit: string | undefined };

export type FuzzInput = { readonly plan: Plan; readonly requestId: string | undefined };

const plan: fc.Arbitrary<Plan> = fc.oneof(
  { arbitrary: fc.constant({ t: "valid" as const }), weight: 4 },
  {
    arbitrary: fc.record({
      t: fc.constant("mutate" as const),
      field: fc.nat(),
      instance: fc.nat(),
      value: fc.oneof(
        fc.record({ sameType: fc.constant(true as const), text: nastyString, number: nastyNumber }),
        fc.record({ sameType: fc.constant(false as const), any: fieldValue }),
      ),
      reuseRunId: fc.boolean(),
    }),
    weight: 10,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("extra-key" as const),
      path: fc.nat(),
      key: fc.oneof(nastyString, fc.constantFrom("__proto__", "constructor", "prototype")),
      value: nastyJson,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ t: fc.constant("raw-token" as const), leaf: fc.nat(), token: rawNumberToken }),
    weight: 2,
  },
  { arbitrary: fc.record({ t: fc.constant("garbage" as const), body: garbageBody }), weight: 3 },
  {
    arbitrary: fc.record({
      t: fc.constant("header" as const),
      header: fc.constantFrom(...TAMPERED_HEADERS),
      value: fc.oneof(
        headerValue,
        fc.constant(null),
        fc.constantFrom(
          "application/json; charset=UTF-8",
          "Application/JSON",
          "text/json",
          "application/json; charset=latin1",
        ),
      ),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("skew" as const),
      offsetMs: fc.oneof(
        fc.integer({ min: -20_000, max: 20_000 }),
        fc.constantFrom(-8_001, -8_000, 8_000, 8_001, -1e12, 1e12),
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("signer" as const),
      who: fc.constantFrom("stranger", "noPermit", "ed25519", "prefix0", "otherExplorer"),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ t: fc.constant("replay" as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("retry" as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant("oversize" as const),
      extra: fc.integer({ min: 1, max: 4_096 }),
      declaredOnly: fc.boolean(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("progress" as const),
      runId: fc.oneof(fc.constant(null), fc.uuid(), nastyString),
      body: fc.oneof(
        { arbitrary: fc.constant("valid" as const), weight: 2 },
        { arbitrary: fc.record({ path: fc.nat(), value: fieldValue }), weight: 2 },
        { arbitrary: fc.record({ garbage: garbageBody }), weight: 1 },
      ),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("lease" as const),
      submission: fc.oneof(
        fc.constantFrom(0, 1),
        fc.oneof(
          fc.nat(),
          nastyString,
          fc.constantFrom("0", "01", "1e3", "999999999999999", "1".repeat(16), "-1"),
        ),
      ),
      body: fc.oneof(fc.constantFrom("", "{}", "null", "[]", '{"x":1}', "{"), nastyString),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("jobs" as const),
      limit: fc.option(
        fc.oneof(fc.integer().map(String), nastyString, fc.constantFrom("1", "200", "201", "0", "1.5", " 5")),
        {
          nil: undefined,
        },
      ),
    }),
    weight: 2,
  },
);

export const fuzzInput: fc.Arbitrary<FuzzInput> = fc.record({ plan, requestId });
