import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  COMMITMENT_MAX_BYTES,
  parseCommitment,
  parseCommitmentBytes,
  type CommitmentParse,
} from "./commitment";

const HEX = "ab".repeat(32);
const DIGEST = `sha256:${HEX}`;
const json = (value: unknown): string => JSON.stringify(value);
const causeOf = (result: CommitmentParse): string | null => (result.ok ? null : result.cause);

describe("parseCommitment", () => {
  it("parses the JSON form and pins the pull reference as image-without-tag@digest", () => {
    expect(parseCommitment(json({ image: "docker.io/alice/fast-qwen:v3", digest: DIGEST }))).toEqual({
      ok: true,
      commitment: {
        image: "docker.io/alice/fast-qwen:v3",
        digest: DIGEST,
        pullRef: `docker.io/alice/fast-qwen@${DIGEST}`,
        form: "json",
      },
    });
  });

  it("parses the bare form image@sha256:<hex>", () => {
    expect(parseCommitment(`ghcr.io/bob/srv:1.2@${DIGEST}`)).toEqual({
      ok: true,
      commitment: {
        image: "ghcr.io/bob/srv:1.2",
        digest: DIGEST,
        pullRef: `ghcr.io/bob/srv@${DIGEST}`,
        form: "bare",
      },
    });
  });

  it("keeps a registry port out of the tag when building the pull reference", () => {
    const result = parseCommitment(json({ image: "localhost:5000/x", digest: DIGEST }));
    expect(result.ok && result.commitment.pullRef).toBe(`localhost:5000/x@${DIGEST}`);
  });

  it("tolerates surrounding whitespace and unknown extra JSON keys", () => {
    const result = parseCommitment(`  ${json({ image: "alice/q", digest: DIGEST, note: "v2" })}\n`);
    expect(result.ok).toBe(true);
  });

  it("accepts an image already pinned to the same digest, and rejects one pinned to another", () => {
    expect(parseCommitment(json({ image: `alice/q@${DIGEST}`, digest: DIGEST })).ok).toBe(true);
    const other = `sha256:${"cd".repeat(32)}`;
    expect(causeOf(parseCommitment(json({ image: `alice/q@${other}`, digest: DIGEST })))).toBe("bad_digest");
  });

  it.each([
    ["", "empty"],
    ["   \n\t", "empty"],
    ["{not json", "bad_json"],
    ['["alice/q", "sha256:..."]', "bad_json"],
    ["{}", "missing_field"],
    [json({ image: "alice/q" }), "missing_field"],
    [json({ digest: DIGEST }), "missing_field"],
    [json({ image: "", digest: DIGEST }), "missing_field"],
    [json({ image: 42, digest: DIGEST }), "missing_field"],
    [json({ image: "alice/q", digest: `sha256:${HEX.toUpperCase()}` }), "bad_digest"],
    [json({ image: "alice/q", digest: `sha256:${HEX.slice(2)}` }), "bad_digest"],
    [json({ image: "alice/q", digest: `sha512:${HEX}` }), "bad_digest"],
    [json({ image: "alice/q", digest: HEX }), "bad_digest"],
    [json({ image: "Alice Q", digest: DIGEST }), "unknown_registry_form"],
    [json({ image: "https://docker.io/alice/q", digest: DIGEST }), "unknown_registry_form"],
    [`alice/q@sha256:${HEX}0`, "bad_digest"],
    [`Alice/Q@${DIGEST}`, "unknown_registry_form"],
    ["alice/q:v1", "missing_field"],
    ["hello world", "unknown_registry_form"],
  ])("rejects %j as %s (never dropped silently: the cause is kept)", (text, cause) => {
    const result = parseCommitment(text);
    expect(causeOf(result)).toBe(cause);
    expect(result.ok ? "" : result.message.length).toBeGreaterThan(0);
  });

  it("rejects a commitment over the byte cap as too_long, counting UTF-8 bytes", () => {
    const padded = json({ image: "alice/q", digest: DIGEST, note: "x".repeat(COMMITMENT_MAX_BYTES) });
    expect(causeOf(parseCommitment(padded))).toBe("too_long");
    const multibyte = json({ image: "alice/q", digest: DIGEST, note: "é".repeat(480) });
    expect(multibyte.length).toBeLessThan(COMMITMENT_MAX_BYTES);
    expect(causeOf(parseCommitment(multibyte))).toBe("too_long");
  });

  it("never throws on an arbitrary string and always gives a result", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.json()), (text) => {
        const result = parseCommitment(text);
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });

  it("returns a pull reference that parses back to the same digest for every accepted input", () => {
    const tag = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,10}$/);
    fc.assert(
      fc.property(tag, fc.stringMatching(/^[0-9a-f]{64}$/), (t, hex) => {
        const result = parseCommitment(`docker.io/alice/q:${t}@sha256:${hex}`);
        expect(result.ok && result.commitment.pullRef).toBe(`docker.io/alice/q@sha256:${hex}`);
      }),
    );
  });
});

describe("parseCommitmentBytes", () => {
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

  it("decodes UTF-8 and parses", () => {
    expect(parseCommitmentBytes(encode(json({ image: "alice/q", digest: DIGEST }))).ok).toBe(true);
  });

  it("rejects invalid UTF-8 as not_utf8 instead of substituting U+FFFD", () => {
    const bytes = Uint8Array.from([
      ...encode('{"image":"alice/q'),
      0xff,
      0xfe,
      ...encode(`","digest":"${DIGEST}"}`),
    ]);
    expect(causeOf(parseCommitmentBytes(bytes))).toBe("not_utf8");
    expect(causeOf(parseCommitmentBytes(Uint8Array.from([0xc3])))).toBe("not_utf8");
  });

  it("rejects more bytes than the cap as too_long before decoding", () => {
    expect(causeOf(parseCommitmentBytes(new Uint8Array(COMMITMENT_MAX_BYTES + 1).fill(0xff)))).toBe(
      "too_long",
    );
  });

  it("rejects zero bytes as empty", () => {
    expect(causeOf(parseCommitmentBytes(new Uint8Array(0)))).toBe("empty");
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1100 }), (bytes) => {
        expect(typeof parseCommitmentBytes(bytes).ok).toBe("boolean");
      }),
      { numRuns: 1000 },
    );
  });
});
