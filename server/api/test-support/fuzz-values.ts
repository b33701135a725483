import fc from "fast-check";

// Test support: the hostile values the write-route fuzz (app/api/v1/write-routes.fuzz.test.ts) throws at the
// API: strings a database or a log could choke on, numbers at and past every boundary, and JSON texts that
// JSON.stringify can never produce (NaN, 1e999, huge literals).

const SQL_LIKE = [
  "'; DROP TABLE runs; --",
  '" OR 1=1 --',
  "1; select pg_sleep(10)",
  "$$; delete from runs; $$",
  "\\x00\\x01",
  "E'\\\\'",
  "%s%s%n%x",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "null",
  "undefined",
  "",
];

/** Strings with control characters, NUL, lone surrogates, emoji, RTL marks, SQL and template syntax. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SQL_LIKE),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) }),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme-composite" }),
  // What databases choke on (NUL, lone surrogates) comes often, not by luck.
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "\u0000",
      "a\u0000b",
      "\ud800",
      "x\udfff",
      "\ud83d",
      "\u202e\u2066",
      "\ufeff",
      "😀".repeat(300),
    ),
  },
  fc.string({ minLength: 200, maxLength: 5_000 }),
  fc.constantFrom("x".repeat(4_097), "é".repeat(40_000), "x".repeat(70_000)),
);

/** Numbers at and past every bound a field can have: sign, integer width, safe integer, double range. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      -1,
      -0,
      0,
      0.5,
      1e-320,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32,
      2 ** 53,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      1e308,
      -1e308,
      Number.MAX_VALUE,
    ),
  },
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, nasty leaves included. */
export const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  nastyNumber,
  nastyString,
  fc.constantFrom(null, true, false, [], {}, [null], { __proto__: null }),
  fc.jsonValue({ maxDepth: 3 }),
);

/**
 * Number literals that are legal or nearly legal JSON but that JSON.stringify never writes: spliced into the
 * body text in place of a field's value.
 */
export const rawNumberToken: fc.Arbitrary<string> = fc.constantFrom(
  "NaN",
  "-NaN",
  "Infinity",
  "-Infinity",
  "1e999",
  "-1e999",
  "1e-999",
  "-0",
  "00",
  "0x10",
  "+1",
  ".5",
  "123456789012345678901234567890",
  "9007199254740993",
);

/** Header values a client can send (printable Latin-1, no CR/LF/NUL). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 200 }),
  fc.constantFrom("", " ", "2 ", "0", "-1", "1e3", "\u00b2", "null", "0x", `0x${"0".repeat(128)}`),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 50 }),
);

export type JsonPath = readonly (string | number)[];

/** Every path in a JSON value, objects and arrays included (the root is []). */
export function pathsOf(value: unknown, at: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

export function valueAt(root: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

/** A deep copy with the value at `path` replaced (`undefined` deletes it); the root cannot be deleted. */
export function withValueAt(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}
